import type { Locator, Page } from '@playwright/test';

/** The open card's verification and contact panels. */
export class Workspace {
  readonly dob: Locator;
  readonly postcode: Locator;
  readonly verify: Locator;
  readonly verifyStatus: Locator;
  readonly verifyProblem: Locator;
  readonly checkLocked: Locator;
  readonly checkKind: Locator;
  readonly checkValue: Locator;
  readonly checkSubmit: Locator;
  readonly checkResult: Locator;
  readonly checkError: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.dob = page.getByTestId('verify-dob');
    this.postcode = page.getByTestId('verify-postcode');
    this.verify = page.getByTestId('verify-submit');
    this.verifyStatus = page.getByTestId('verify-status');
    this.verifyProblem = page.getByTestId('verify-problem');
    this.checkLocked = page.getByTestId('contact-check-locked');
    this.checkKind = page.getByTestId('contact-check-kind');
    this.checkValue = page.getByTestId('contact-check-value');
    this.checkSubmit = page.getByTestId('contact-check-submit');
    this.checkResult = page.getByTestId('contact-check-result');
    this.checkError = page.getByTestId('contact-check-error');
  }

  /** Types what the caller says and asks; the fields empty once the answer is in. */
  async verifyCaller(dob: string, postcode: string): Promise<void> {
    await this.dob.fill(dob);
    await this.postcode.fill(postcode);
    await this.verify.click();
    await this.page.waitForFunction(() => {
      const field = document.querySelector<HTMLInputElement>('[data-testid="verify-dob"]');
      return !field || field.value === '';
    });
  }

  async checkContact(kind: 'mobile' | 'email', value: string): Promise<void> {
    await this.checkKind.selectOption(kind);
    await this.checkValue.fill(value);
    await this.checkSubmit.click();
  }

  contact(kind: 'mobile' | 'email'): Locator {
    return this.page.getByTestId(`contact-${kind}`);
  }

  badge(name: 'fraud-hold' | 'contact-pending' | 'recent-contact-change'): Locator {
    return this.page.getByTestId(`badge-${name}`);
  }
}
