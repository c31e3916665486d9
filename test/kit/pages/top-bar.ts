import type { Locator, Page } from '@playwright/test';
import { LeaveCallDialog, type CallEnding } from './leave-call-dialog.ts';

/** The top bar: who is signed in, the agent's language, Approvals (leads), sign out. */
export class TopBar {
  readonly root: Locator;
  readonly operator: Locator;
  readonly language: Locator;
  readonly approvals: Locator;
  readonly signOutButton: Locator;
  readonly demoLabel: Locator;
  readonly previewLabel: Locator;
  /** The shortcuts list "?" opens (a dialog over any screen). */
  readonly shortcuts: Locator;

  private readonly leaveCall: LeaveCallDialog;
  private readonly signInForm: Locator;

  constructor(page: Page) {
    this.leaveCall = new LeaveCallDialog(page);
    this.signInForm = page.getByTestId('signin-username');
    this.root = page.getByRole('banner');
    this.operator = page.getByTestId('topbar-operator');
    this.language = page.getByTestId('language');
    this.approvals = page.getByTestId('nav-approvals');
    this.signOutButton = page.getByTestId('signout');
    this.demoLabel = page.getByTestId('label-demo');
    this.previewLabel = page.getByTestId('label-preview');
    this.shortcuts = page.getByTestId('shortcuts');
  }

  /** The agent's own language (the caller's language is chosen apart, in the diagnosis). */
  async chooseLanguage(language: 'ja' | 'en'): Promise<void> {
    await this.language.selectOption(language);
  }

  async openApprovals(): Promise<void> {
    await this.approvals.click();
  }

  /**
   * Signs out. With a call open the console first asks how it ended: `ending` answers (by
   * default the call was cut off, with no outcome); without one nothing is asked.
   */
  async signOut(ending: CallEnding = { noOutcome: 'caller-disconnected' }): Promise<void> {
    await this.signOutButton.click();
    await this.leaveCall.root.or(this.signInForm).first().waitFor();
    if (await this.leaveCall.root.isVisible()) await this.leaveCall.end(ending);
  }
}
