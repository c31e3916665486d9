import type { Locator, Page } from '@playwright/test';

type ContactKind = 'mobile' | 'email';

/** Where one-time codes go: masked mobile and email, their status, and "check what the caller says". */
export class ContactsPanel {
  readonly root: Locator;
  /** Shown instead of the check until the caller is verified. */
  readonly checkLocked: Locator;
  readonly checkKind: Locator;
  readonly checkValue: Locator;
  readonly checkSubmit: Locator;
  readonly checkResult: Locator;
  readonly checkError: Locator;
  private readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    this.root = page.getByTestId('contacts-panel');
    this.checkLocked = page.getByTestId('contact-check-locked');
    this.checkKind = page.getByTestId('contact-check-kind');
    this.checkValue = page.getByTestId('contact-check-value');
    this.checkSubmit = page.getByTestId('contact-check-submit');
    this.checkResult = page.getByTestId('contact-check-result');
    this.checkError = page.getByTestId('contact-check-error');
  }

  /** The contact's row (masked value, status, pending change, recent-change warning). */
  contact(kind: ContactKind): Locator {
    return this.page.getByTestId(`contact-${kind}`);
  }

  masked(kind: ContactKind): Locator {
    return this.page.getByTestId(`contact-${kind}-masked`);
  }

  status(kind: ContactKind): Locator {
    return this.page.getByTestId(`contact-${kind}-status`);
  }

  /** "None registered" in place of the contact. */
  none(kind: ContactKind): Locator {
    return this.page.getByTestId(`contact-${kind}-none`);
  }

  pending(kind: ContactKind): Locator {
    return this.page.getByTestId(`contact-${kind}-pending`);
  }

  /** The warning that the contact changed recently. */
  recent(kind: ContactKind): Locator {
    return this.page.getByTestId(`contact-${kind}-recent`);
  }

  async checkContact(kind: ContactKind, value: string): Promise<void> {
    await this.checkKind.selectOption(kind);
    await this.checkValue.fill(value);
    await this.checkSubmit.click();
  }
}
