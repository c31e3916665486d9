import type { Locator, Page } from '@playwright/test';
import { ResetDialog } from './reset-dialog.ts';

/** The open card's reset panel; `dialog` is its confirmation dialog. */
export class ResetPanel {
  readonly root: Locator;
  /** The button: "Reset the lock…" or "Ask a team lead to approve a reset…". */
  readonly open: Locator;
  /** Why the button is disabled, with the refusal reason in data-refusal. */
  readonly why: Locator;
  /** requested → applied, or failed; data-state says which. */
  readonly state: Locator;
  readonly retry: Locator;
  readonly approvalState: Locator;
  readonly escalation: Locator;
  readonly error: Locator;
  readonly dialogPage: ResetDialog;
  /** The dialog's parts, kept here too for specs written before ResetDialog. */
  readonly dialog: Locator;
  readonly reason: Locator;
  readonly note: Locator;
  readonly confirm: Locator;
  readonly problems: Locator;
  /** The request of this call waiting for a lead: why, how long, what to say, cancel. */
  readonly waiting: Locator;
  readonly waitingTime: Locator;
  readonly waitingScript: Locator;
  readonly waitingCancel: Locator;
  /** The dialog that cancels the waiting request, with its note. */
  readonly cancelDialog: Locator;
  readonly cancelNote: Locator;
  readonly cancelConfirm: Locator;
  readonly cancelKeep: Locator;
  readonly cancelProblems: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('reset-panel');
    this.open = page.getByTestId('reset-open');
    this.why = page.getByTestId('reset-why');
    this.state = page.getByTestId('reset-state');
    this.retry = page.getByTestId('reset-retry');
    this.approvalState = page.getByTestId('approval-state');
    this.escalation = page.getByTestId('reset-escalation');
    this.error = page.getByTestId('reset-error');
    this.dialogPage = new ResetDialog(page);
    this.dialog = this.dialogPage.root;
    this.reason = this.dialogPage.reason;
    this.note = this.dialogPage.note;
    this.confirm = this.dialogPage.confirm;
    this.problems = this.dialogPage.problems;
    this.waiting = page.getByTestId('waiting-for-lead');
    this.waitingTime = page.getByTestId('waiting-time');
    this.waitingScript = page.getByTestId('waiting-script');
    this.waitingCancel = page.getByTestId('waiting-cancel');
    this.cancelDialog = page.getByTestId('cancel-request-dialog');
    this.cancelNote = page.getByTestId('cancel-request-note');
    this.cancelConfirm = page.getByTestId('cancel-request-confirm');
    this.cancelKeep = page.getByTestId('cancel-request-keep');
    this.cancelProblems = page.getByTestId('cancel-request-problems');
  }

  /** Cancels the request waiting for a lead, with the note saying why; the dialog closes. */
  async cancelRequest(note: string): Promise<void> {
    await this.waitingCancel.click();
    await this.cancelNote.fill(note);
    await this.cancelConfirm.click();
    await this.cancelDialog.waitFor({ state: 'hidden' });
  }

  /** Opens the dialog and fills it in, without confirming yet. */
  async fillDialog(note: string): Promise<void> {
    await this.open.click();
    await this.dialogPage.fill(note);
  }

  /** Resets (or asks for approval) with a reason and a note; the dialog closes. */
  async resetWith(note: string): Promise<void> {
    await this.fillDialog(note);
    await this.dialogPage.confirmAndClose();
  }
}
