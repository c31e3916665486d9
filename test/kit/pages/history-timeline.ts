import type { Locator, Page } from '@playwright/test';

/** The 3-D Secure history: filters, a count, and a virtualised list of attempts. */
export class HistoryTimeline {
  readonly root: Locator;
  readonly period: Locator;
  readonly outcome: Locator;
  /** "N of M attempts". */
  readonly count: Locator;
  readonly empty: Locator;
  /** The scrolling list (only the rows in view exist). */
  readonly scroller: Locator;
  /** The rendered rows, newest first; data-outcome holds the attempt's outcome. */
  readonly rows: Locator;
  /** The EMV 3DS codes of every expanded row. */
  readonly codes: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('history');
    this.period = page.getByTestId('history-period');
    this.outcome = page.getByTestId('history-outcome');
    this.count = page.getByTestId('history-count');
    this.empty = page.getByTestId('history-empty');
    this.scroller = page.getByTestId('history-scroll');
    this.rows = page.getByTestId('history-row');
    this.codes = page.getByTestId('history-codes');
  }

  /** The row at this position in the whole (filtered) list, 1 being the newest. */
  rowAt(position: number): Locator {
    return this.page.locator(`[aria-posinset="${position}"]`).getByTestId('history-row');
  }

  /** The list item at this position, whether or not its row is rendered yet. */
  itemAt(position: number): Locator {
    return this.page.locator(`[aria-posinset="${position}"]`);
  }

  /** The flag on a row whose code went to a number or address that is not the current one. */
  notCurrent(row: Locator): Locator {
    return row.getByTestId('history-not-current');
  }

  /** Expands a row's EMV 3DS codes (the button is named in the agent's language). */
  async expandCodes(row: Locator, buttonName: string): Promise<Locator> {
    await row.getByRole('button', { name: buttonName }).click();
    return row.getByTestId('history-codes');
  }

  async scrollToEnd(): Promise<void> {
    await this.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  }

  scrollTop(): Promise<number> {
    return this.scroller.evaluate((el) => el.scrollTop);
  }
}
