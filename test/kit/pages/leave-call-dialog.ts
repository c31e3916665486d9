import type { Locator, Page } from '@playwright/test';
import type { CallOutcome } from './wrap-up-panel.ts';

export type NoOutcomeReason =
  'caller-disconnected' | 'wrong-card' | 'caller-will-call-back' | 'other';

/** How a spec says its call ended when it leaves the card: an outcome, or none and why. */
export type CallEnding =
  { outcome: CallOutcome; note?: string } | { noOutcome: NoOutcomeReason; note?: string };

/**
 * The dialog that asks how the call ended when the agent leaves a card with its call open
 * (back to search, another card, sign out): an outcome, or no outcome and why; "Stay on this
 * call" (or Escape) keeps the call.
 */
export class LeaveCallDialog {
  readonly root: Locator;
  readonly outcome: Locator;
  readonly note: Locator;
  readonly save: Locator;
  readonly reason: Locator;
  readonly endWithoutOutcome: Locator;
  readonly stay: Locator;
  readonly problems: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('leave-call');
    this.outcome = page.getByTestId('leave-call-outcome');
    this.note = page.getByTestId('leave-call-note');
    this.save = page.getByTestId('leave-call-save');
    this.reason = page.getByTestId('leave-call-reason');
    this.endWithoutOutcome = page.getByTestId('leave-call-no-outcome');
    this.stay = page.getByTestId('leave-call-stay');
    this.problems = page.getByTestId('leave-call-problems');
  }

  /** Answers the dialog (which must be open) and waits for it to close. */
  async end(ending: CallEnding): Promise<void> {
    if (ending.note !== undefined) await this.note.fill(ending.note);
    if ('outcome' in ending) {
      await this.outcome.selectOption(ending.outcome);
      await this.save.click();
    } else {
      await this.reason.selectOption(ending.noOutcome);
      await this.endWithoutOutcome.click();
    }
    await this.root.waitFor({ state: 'hidden' });
  }
}
