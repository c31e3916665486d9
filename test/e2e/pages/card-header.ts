import type { Locator, Page } from '@playwright/test';

export class CardHeader {
  readonly root: Locator;
  readonly name: Locator;
  readonly product: Locator;
  readonly masked: Locator;
  readonly lockBadge: Locator;
  readonly countdown: Locator;
  readonly dataAsOf: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('card-header');
    this.name = page.getByTestId('card-name');
    this.product = page.getByTestId('card-product');
    this.masked = page.getByTestId('card-masked');
    this.lockBadge = page.getByTestId('card-lock-badge');
    this.countdown = page.getByTestId('card-lock-countdown');
    this.dataAsOf = page.getByTestId('card-data-as-of');
  }
}
