import type { Locator, Page } from '@playwright/test';

/** Find the card: by card number, last 4 + surname, mobile, email or customer reference. */

export type SearchKey = 'card-number' | 'last4-surname' | 'mobile' | 'email' | 'customer-ref';

export class SearchPage {
  readonly last4: Locator;
  readonly surname: Locator;
  readonly submit: Locator;
  readonly results: Locator;
  readonly count: Locator;
  readonly empty: Locator;
  readonly tooMany: Locator;
  readonly problem: Locator;
  readonly error: Locator;
  /** "Saved" after a wrap-up: the workspace cleared for the next caller. */
  readonly notice: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.last4 = page.getByTestId('search-last4');
    this.surname = page.getByTestId('search-surname');
    this.submit = page.getByTestId('search-submit');
    this.results = page.getByTestId('search-results');
    this.count = page.getByTestId('search-count');
    this.empty = page.getByTestId('search-empty');
    this.tooMany = page.getByTestId('search-too-many');
    this.problem = page.getByTestId('search-problem');
    this.error = page.getByTestId('search-error');
    this.notice = page.getByRole('status').and(page.getByTestId('search-notice'));
  }

  async choose(key: SearchKey): Promise<void> {
    await this.page.getByTestId(`search-key-${key}`).check();
  }

  async byLast4AndSurname(last4: string, surname: string): Promise<void> {
    await this.choose('last4-surname');
    await this.last4.fill(last4);
    await this.surname.fill(surname);
    await this.submit.click();
  }

  async byCardNumber(number: string): Promise<void> {
    await this.bySingleField('card-number', 'number', number);
  }

  async byMobile(mobile: string): Promise<void> {
    await this.bySingleField('mobile', 'mobile', mobile);
  }

  async byEmail(email: string): Promise<void> {
    await this.bySingleField('email', 'email', email);
  }

  async byCustomerRef(customerRef: string): Promise<void> {
    await this.bySingleField('customer-ref', 'customerRef', customerRef);
  }

  result(cardId: string): Locator {
    return this.page.getByTestId(`search-result-${cardId}`);
  }

  private async bySingleField(key: SearchKey, field: string, value: string): Promise<void> {
    await this.choose(key);
    await this.page.getByTestId(`search-${field}`).fill(value);
    await this.submit.click();
  }
}
