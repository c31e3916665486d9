import type { Locator, Page } from '@playwright/test';

/**
 * A team lead's Approvals: the escalated resets waiting, each approved or rejected with a
 * note, and a request's card opened read-only from it (`card`, `readOnly`, `cardBack`).
 */
export class ApprovalsPage {
  readonly root: Locator;
  readonly count: Locator;
  readonly items: Locator;
  /** A request's card, read-only (data-approval-id). */
  readonly card: Locator;
  /** The card's "read-only, opened from an approval request" label. */
  readonly readOnly: Locator;
  /** The card's lock (data-lock: locked / unlocked), its contacts, its history rows. */
  readonly cardLock: Locator;
  readonly cardContacts: Locator;
  readonly cardAttempts: Locator;
  readonly cardBack: Locator;
  readonly cardError: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('approvals');
    this.count = page.getByTestId('approvals-count');
    this.items = page.getByTestId('approval-item');
    this.card = page.getByTestId('approval-card');
    this.readOnly = page.getByTestId('approval-card-read-only');
    this.cardLock = page.getByTestId('approval-card-lock');
    this.cardContacts = page.getByTestId('approval-card-contacts');
    this.cardAttempts = page.getByTestId('approval-card-attempt');
    this.cardBack = page.getByTestId('approval-card-back');
    this.cardError = page.getByTestId('approval-card-error');
  }

  /** Opens the request's card, read-only. */
  async openCard(item: Locator = this.item()): Promise<void> {
    await item.getByTestId('approval-open-card').click();
  }

  /** The nth request waiting (0 = first). */
  item(index = 0): Locator {
    return this.items.nth(index);
  }

  note(item: Locator = this.item()): Locator {
    return item.getByTestId('approval-note');
  }

  async approve(item: Locator = this.item(), note?: string): Promise<void> {
    if (note !== undefined) await this.note(item).fill(note);
    await item.getByTestId('approval-approve').click();
  }

  async reject(item: Locator = this.item(), note: string): Promise<void> {
    await this.note(item).fill(note);
    await item.getByTestId('approval-reject').click();
  }

  /** The top bar's button to this screen. */
  get nav(): Locator {
    return this.page.getByTestId('nav-approvals');
  }
}
