import type { Locator, Page } from '@playwright/test';

/** What the explorer's filters take; times as typed in the viewer's zone ("2026-11-20T10:00"). */
export interface AuditFilterInput {
  from?: string;
  to?: string;
  operator?: string;
  group?: string;
  action?: string;
  result?: 'success' | 'failure' | 'refused' | 'alert';
  cardId?: string;
}

/**
 * The audit explorer (an auditor's landing screen; a lead's "Audit trail"): filters, the
 * entries (newest first), an opened entry, the chain check and the exports.
 */
export class AuditExplorerPage {
  readonly root: Locator;
  readonly count: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  readonly entry: Locator;
  readonly entryDetails: Locator;
  readonly verifyButton: Locator;
  readonly verifyProgress: Locator;
  readonly verifyResult: Locator;
  readonly exportCsvButton: Locator;
  readonly exportJsonlButton: Locator;
  readonly exportResult: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('audit-explorer');
    this.count = page.getByTestId('audit-count');
    this.rows = page.getByTestId('audit-row');
    this.empty = page.getByTestId('audit-empty');
    this.error = page.getByTestId('audit-error');
    this.entry = page.getByTestId('audit-entry');
    this.entryDetails = page.getByTestId('audit-entry-details');
    this.verifyButton = page.getByTestId('audit-verify-start');
    this.verifyProgress = page.getByTestId('audit-verify-progress');
    this.verifyResult = page.getByTestId('audit-verify-result');
    this.exportCsvButton = page.getByTestId('audit-export-csv');
    this.exportJsonlButton = page.getByTestId('audit-export-jsonl');
    this.exportResult = page.getByTestId('audit-export-result');
  }

  /** Sets the filters given (the others are left empty) and applies them. */
  async filter(input: AuditFilterInput): Promise<void> {
    await this.page.getByTestId('audit-reset').click();
    if (input.from !== undefined) await this.page.getByTestId('audit-from').fill(input.from);
    if (input.to !== undefined) await this.page.getByTestId('audit-to').fill(input.to);
    if (input.operator !== undefined)
      await this.page.getByTestId('audit-operator').fill(input.operator);
    if (input.group !== undefined)
      await this.page.getByTestId('audit-group').selectOption(input.group);
    if (input.action !== undefined)
      await this.page.getByTestId('audit-action').selectOption(input.action);
    if (input.result !== undefined)
      await this.page.getByTestId('audit-result').selectOption(input.result);
    if (input.cardId !== undefined) await this.page.getByTestId('audit-card').fill(input.cardId);
    await this.page.getByTestId('audit-apply').click();
  }

  /** The row of entry `seq`. */
  row(seq: number): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-seq="${seq}"]`);
  }

  /** The actions of the rows in view, newest first. */
  async actions(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')!));
  }

  /** The sequence numbers of the rows in view, newest first. */
  async seqs(): Promise<number[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-seq'))));
  }

  /** Opens the entry of the nth row in view (0 = newest). */
  async openRow(index = 0): Promise<void> {
    await this.rows.nth(index).click();
  }

  /** A detail of the opened entry, by its key ("cardIds", "filter.result"…). */
  detail(key: string): Locator {
    return this.entryDetails.locator(`[data-key="${key}"] dd`);
  }

  /** Starts the chain check; the result carries data-status and data-first-bad. */
  async verify(): Promise<void> {
    await this.verifyButton.click();
  }

  async exportCsv(): Promise<void> {
    await this.exportCsvButton.click();
  }

  async exportJsonl(): Promise<void> {
    await this.exportJsonlButton.click();
  }

  /** The top bar's button to this screen (team leads). */
  get nav(): Locator {
    return this.page.getByTestId('nav-audit');
  }
}
