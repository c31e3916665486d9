import { expect, type Locator, type Page } from '@playwright/test';

/** The open card's reset panel and its confirmation dialog. */
export class ResetPanel {
  /** The button: "Reset the lock…" or "Ask a team lead to approve a reset…". */
  readonly open: Locator;
  /** Why the button is disabled, with the refusal reason in data-refusal. */
  readonly why: Locator;
  readonly state: Locator;
  readonly approvalState: Locator;
  readonly escalation: Locator;
  readonly dialog: Locator;
  readonly reason: Locator;
  readonly note: Locator;
  readonly confirm: Locator;
  readonly problems: Locator;

  constructor(page: Page) {
    this.open = page.getByTestId('reset-open');
    this.why = page.getByTestId('reset-why');
    this.state = page.getByTestId('reset-state');
    this.approvalState = page.getByTestId('approval-state');
    this.escalation = page.getByTestId('reset-escalation');
    this.dialog = page.getByTestId('reset-dialog');
    this.reason = page.getByTestId('reset-reason');
    this.note = page.getByTestId('reset-note');
    this.confirm = page.getByTestId('reset-confirm');
    this.problems = page.getByTestId('reset-problems');
  }

  /** Opens the dialog and fills it in, without confirming yet. */
  async fillDialog(note: string): Promise<void> {
    await this.open.click();
    await expect(this.dialog).toBeVisible();
    await this.reason.selectOption('cardholder-mistyped-code');
    await this.note.fill(note);
  }

  /** Resets (or asks for approval) with a reason and a note; the dialog closes. */
  async resetWith(note: string): Promise<void> {
    await this.fillDialog(note);
    await this.confirm.click();
    await expect(this.dialog).toHaveCount(0);
  }
}
