import type { Locator, Page } from '@playwright/test';

export type CallOutcome =
  'resolved-reset' | 'resolved-advice' | 'escalated' | 'not-verified' | 'other';

/** Wrap-up: an outcome and a checked note; saving ends the call and clears the workspace. */
export class WrapUpPanel {
  readonly root: Locator;
  readonly outcome: Locator;
  readonly note: Locator;
  readonly save: Locator;
  /** What to remove from the note (a card number, a code, an email, a phone number). */
  readonly problems: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('wrap-up');
    this.outcome = page.getByTestId('wrap-up-outcome');
    this.note = page.getByTestId('wrap-up-note');
    this.save = page.getByTestId('wrap-up-save');
    this.problems = page.getByTestId('wrap-up-problems');
  }

  /** Chooses the outcome, writes the note (if any) and saves. */
  async wrapUp(outcome: CallOutcome, note?: string): Promise<void> {
    await this.outcome.selectOption(outcome);
    if (note !== undefined) await this.note.fill(note);
    await this.save.click();
  }
}
