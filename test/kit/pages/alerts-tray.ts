import type { Locator, Page } from '@playwright/test';

/**
 * A team lead's alerts: the tray, the count on the top bar, the banner for a new alert or
 * approval request (in a browser; the desktop app shows a desktop notification instead), and
 * the lead's choice to mute both.
 */
export class AlertsTray {
  readonly root: Locator;
  readonly count: Locator;
  readonly items: Locator;
  readonly acknowledged: Locator;
  /** The count on the top bar's Alerts button, from sign-in on. */
  readonly badge: Locator;
  /** The banner that announces a new alert or request, wherever the lead is (`data-notice-about`). */
  readonly banner: Locator;
  /** The banner's way to the tray (or, for a request, the queue). */
  readonly bannerOpen: Locator;
  /** In the tray: the lead's choice to mute notifications (a checkbox). */
  readonly muted: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('alert-tray');
    this.count = page.getByTestId('alerts-count');
    this.items = page.getByTestId('alert-item');
    this.acknowledged = page.getByTestId('alert-acknowledged');
    this.badge = page.getByTestId('alerts-badge');
    this.banner = page.getByTestId('alert-banner');
    this.bannerOpen = page.getByTestId('alert-banner-open');
    this.muted = page.getByTestId('notices-muted');
  }

  /** The open alert of this kind (e.g. "verification-limit-call"). */
  item(kind: string): Locator {
    return this.page.locator(`[data-testid="alert-item"][data-alert-kind="${kind}"]`);
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-alerts').click();
  }

  async acknowledge(item: Locator, note: string): Promise<void> {
    await item.getByTestId('alert-note').fill(note);
    await item.getByTestId('alert-acknowledge').click();
  }

  problems(item: Locator): Locator {
    return item.getByTestId('alert-problems');
  }
}
