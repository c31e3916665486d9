import type { Locator, Page } from '@playwright/test';

/** The lock screen: cardholder data hidden until the same operator resumes. */

export class LockScreen {
  readonly root: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly switchOperator: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('lock-screen');
    this.password = page.getByTestId('lock-password');
    this.submit = page.getByTestId('lock-submit');
    this.error = page.getByTestId('lock-error');
    this.switchOperator = page.getByTestId('lock-switch-operator');
  }

  async resume(password: string): Promise<void> {
    await this.password.fill(password);
    await this.submit.click();
  }
}
