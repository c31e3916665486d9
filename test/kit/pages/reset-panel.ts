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
