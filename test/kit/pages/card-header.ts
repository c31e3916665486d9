import type { Locator, Page } from '@playwright/test';

/** The open card's header: name, product, masked card, lock badge and its countdown, back. */
export class CardHeader {
  readonly root: Locator;
  readonly name: Locator;
  readonly product: Locator;
  readonly masked: Locator;
  readonly lockBadge: Locator;
  readonly countdown: Locator;
  readonly dataAsOf: Locator;
  readonly back: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('card-header');
    this.name = page.getByRole('heading', { level: 1 }).and(page.getByTestId('card-name'));
    this.product = page.getByTestId('card-product');
    this.masked = page.getByTestId('card-masked');
    this.lockBadge = page.getByTestId('card-lock-badge');
    this.countdown = page.getByRole('timer');
    this.dataAsOf = page.getByTestId('card-data-as-of');
    this.back = page.getByTestId('card-back');
  }

  badge(name: 'fraud-hold' | 'contact-pending' | 'recent-contact-change'): Locator {
    return this.root.getByTestId(`badge-${name}`);
  }
}
