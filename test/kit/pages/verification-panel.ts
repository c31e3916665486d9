import type { Locator, Page } from '@playwright/test';

/** The open card's verification panel: date of birth and postcode, answered together. */
export class VerificationPanel {
  readonly root: Locator;
  readonly dob: Locator;
  readonly postcode: Locator;
  readonly submit: Locator;
  /** "Verified", "Not verified. N attempts left…", blocked; data-status says which. */
  readonly status: Locator;
  readonly problem: Locator;
  readonly error: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('verify-panel');
    this.dob = page.getByTestId('verify-dob');
    this.postcode = page.getByTestId('verify-postcode');
    this.submit = page.getByTestId('verify-submit');
    this.status = page.getByTestId('verify-status');
    this.problem = page.getByTestId('verify-problem');
    this.error = page.getByTestId('verify-error');
  }

  /** Types what the caller says and asks; the fields empty once the answer is in. */
  async verifyCaller(dob: string, postcode: string): Promise<void> {
    await this.dob.fill(dob);
    await this.postcode.fill(postcode);
    await this.submit.click();
    await this.page.waitForFunction(() => {
      const field = document.querySelector<HTMLInputElement>('[data-testid="verify-dob"]');
      return !field || field.value === '';
    });
  }
}
