import type { CauseCode } from '../../../shared/diagnosis/causes.ts';
import type { Locator, Page } from '@playwright/test';

/** What went wrong: the causes ranked, the first with its script in the caller's language. */
export class DiagnosisPanel {
  readonly root: Locator;
  /** The cause ranked first; its data-testid is `cause-<code>`. */
  readonly first: Locator;
  readonly firstTitle: Locator;
  /** The first cause's script: what to say, always with "codes are never given by phone". */
  readonly script: Locator;
  readonly scriptLanguage: Locator;
  /** The reset hint of the first cause; data-advised="true" when a reset is advised. */
  readonly resetHint: Locator;
  /** Every reset hint advising a reset, on any cause (fraud must show none). */
  readonly advisedResets: Locator;
  /** Where the call stands for the script: `data-stage` is one of CALL_STAGES. */
  readonly stage: Locator;
  /** Every script on the panel (the first cause's, and any other cause's opened). */
  readonly scripts: Locator;
  /** The note that lines about the card wait for verification (absent once verified). */
  readonly withheld: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('diagnosis');
    this.first = page.locator('[data-rank="1"]');
    this.firstTitle = this.first.getByTestId('cause-title');
    this.script = this.first.getByTestId('script');
    this.scriptLanguage = page.getByTestId('script-language');
    this.resetHint = this.first.getByTestId('reset-hint');
    this.advisedResets = page.locator('[data-testid="reset-hint"][data-advised="true"]');
    this.stage = page.getByTestId('call-stage');
    this.scripts = page.getByTestId('script');
    this.withheld = this.first.getByTestId('script-withheld');
  }

  /** The caller's language for the script (apart from the agent's own). */
  async chooseCallerLanguage(language: 'ja' | 'en'): Promise<void> {
    await this.scriptLanguage.selectOption(language);
  }

  /** One line of the first cause's script by its id (`verify.ask`, `lock.endsAt`, …). */
  line(id: string): Locator {
    return this.script.locator(`[data-line="${id}"]`);
  }

  /** The ids of the first cause's script lines, in order. */
  async lineIds(): Promise<string[]> {
    return this.script
      .locator('[data-line]')
      .evaluateAll((lines) => lines.map((line) => line.getAttribute('data-line') ?? ''));
  }

  /** The code of the cause ranked first, read from the screen. */
  async firstCause(): Promise<CauseCode> {
    const id = await this.first.getAttribute('data-testid');
    return (id ?? '').replace(/^cause-/u, '') as CauseCode;
  }
}
