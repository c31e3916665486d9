import { expect, type Locator, type Page } from '@playwright/test';

/** The reset confirmation dialog: a reason and a checked note. */
export class ResetDialog {
  readonly root: Locator;
  readonly reason: Locator;
  readonly note: Locator;
  readonly confirm: Locator;
  readonly problems: Locator;

  constructor(page: Page) {
    // The one modal dialog with this name in either language; the test id tells it apart
    // from the shortcuts list.
    this.root = page.getByRole('dialog').and(page.getByTestId('reset-dialog'));
    this.reason = page.getByTestId('reset-reason');
    this.note = page.getByTestId('reset-note');
    this.confirm = page.getByTestId('reset-confirm');
    this.problems = page.getByTestId('reset-problems');
  }

  async fill(note: string, reason = 'cardholder-mistyped-code'): Promise<void> {
    await expect(this.root).toBeVisible();
    await this.reason.selectOption(reason);
    await this.note.fill(note);
  }

  /** Confirms; the dialog closes. */
  async confirmAndClose(): Promise<void> {
    await this.confirm.click();
    await expect(this.root).toHaveCount(0);
  }
}
