import type { Locator, Page } from '@playwright/test';
import { CardHeader } from './card-header.ts';
import { ContactsPanel } from './contacts-panel.ts';
import { DiagnosisPanel } from './diagnosis-panel.ts';
import { HistoryTimeline } from './history-timeline.ts';
import { LeaveCallDialog, type CallEnding } from './leave-call-dialog.ts';
import { ResetPanel } from './reset-panel.ts';
import { VerificationPanel } from './verification-panel.ts';
import { WrapUpPanel } from './wrap-up-panel.ts';

/**
 * The open card's workspace, made of its panels (each a page object of its own), with the
 * earlier calls and resets. The verification and contact shortcuts below are kept for the
 * specs written before the panels had page objects.
 */
export class Workspace {
  readonly root: Locator;
  readonly header: CardHeader;
  readonly verification: VerificationPanel;
  readonly contacts: ContactsPanel;
  readonly diagnosis: DiagnosisPanel;
  readonly history: HistoryTimeline;
  readonly reset: ResetPanel;
  readonly wrapUp: WrapUpPanel;
  /** Asks how the call ended when the agent leaves the card. */
  readonly leaveCall: LeaveCallDialog;
  readonly earlierCalls: Locator;
  readonly earlierResets: Locator;

  readonly dob: Locator;
  readonly postcode: Locator;
  readonly verify: Locator;
  readonly verifyStatus: Locator;
  readonly verifyProblem: Locator;
  readonly checkLocked: Locator;
  readonly checkKind: Locator;
  readonly checkValue: Locator;
  readonly checkSubmit: Locator;
  readonly checkResult: Locator;
  readonly checkError: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('workspace');
    this.header = new CardHeader(page);
    this.verification = new VerificationPanel(page);
    this.contacts = new ContactsPanel(page);
    this.diagnosis = new DiagnosisPanel(page);
    this.history = new HistoryTimeline(page);
    this.reset = new ResetPanel(page);
    this.wrapUp = new WrapUpPanel(page);
    this.leaveCall = new LeaveCallDialog(page);
    this.earlierCalls = page.getByTestId('earlier-call');
    this.earlierResets = page.getByTestId('earlier-reset');

    const v = this.verification;
    [this.dob, this.postcode, this.verify, this.verifyStatus, this.verifyProblem] = [
      v.dob,
      v.postcode,
      v.submit,
      v.status,
      v.problem,
    ];
    const c = this.contacts;
    [
      this.checkLocked,
      this.checkKind,
      this.checkValue,
      this.checkSubmit,
      this.checkResult,
      this.checkError,
    ] = [c.checkLocked, c.checkKind, c.checkValue, c.checkSubmit, c.checkResult, c.checkError];
  }

  verifyCaller(dob: string, postcode: string): Promise<void> {
    return this.verification.verifyCaller(dob, postcode);
  }

  checkContact(kind: 'mobile' | 'email', value: string): Promise<void> {
    return this.contacts.checkContact(kind, value);
  }

  contact(kind: 'mobile' | 'email'): Locator {
    return this.contacts.contact(kind);
  }

  badge(name: 'fraud-hold' | 'contact-pending' | 'recent-contact-change'): Locator {
    return this.header.badge(name);
  }

  /**
   * Back to search (Escape does the same). The call is open, so the console asks how it
   * ended: `ending` answers (by default the call was cut off, with no outcome).
   */
  async back(ending: CallEnding = { noOutcome: 'caller-disconnected' }): Promise<void> {
    await this.header.back.click();
    await this.leaveCall.end(ending);
  }
}
