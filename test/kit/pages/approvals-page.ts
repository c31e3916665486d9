import type { Locator, Page } from '@playwright/test';

/** A team lead's Approvals: the escalated resets waiting, each approved or rejected with a note. */
export class ApprovalsPage {
  readonly root: Locator;
  readonly count: Locator;
  readonly items: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('approvals');
    this.count = page.getByTestId('approvals-count');
    this.items = page.getByTestId('approval-item');
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
