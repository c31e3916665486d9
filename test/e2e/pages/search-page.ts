import type { Locator, Page } from '@playwright/test';

export class SearchPage {
  readonly last4: Locator;
  readonly surname: Locator;
  readonly submit: Locator;
  readonly results: Locator;
  readonly empty: Locator;
  readonly truncated: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.last4 = page.getByTestId('search-last4');
    this.surname = page.getByTestId('search-surname');
    this.submit = page.getByTestId('search-submit');
    this.results = page.getByTestId('search-results');
    this.empty = page.getByTestId('search-empty');
    this.truncated = page.getByTestId('search-truncated');
  }

  async byLast4AndSurname(last4: string, surname: string): Promise<void> {
    await this.last4.fill(last4);
    await this.surname.fill(surname);
    await this.submit.click();
  }

  result(cardId: string): Locator {
    return this.page.getByTestId(`search-result-${cardId}`);
  }
}
