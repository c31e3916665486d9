/**
 * The workspace fits one screen (layout.spec.ts, waiting-for-lead.spec.ts): the page does not
 * scroll, and an element lies in the viewport and inside its pane's visible part.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The element's box lies within the viewport and within every scrolling ancestor's view. */
export async function expectInView(element: Locator, what: string) {
  await expect(element, what).toBeVisible();
  const inView = await element.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const within = (r: { top: number; bottom: number; left: number; right: number }) =>
      box.top >= r.top - 0.5 &&
      box.bottom <= r.bottom + 0.5 &&
      box.left >= r.left - 0.5 &&
      box.right <= r.right + 0.5;
    if (!within({ top: 0, left: 0, bottom: innerHeight, right: innerWidth })) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/u.test(style.overflowY) && !within(p.getBoundingClientRect()))
        return false;
    }
    return true;
  });
  expect(inView, `${what} is in view`).toBe(true);
}

/** The document is no taller than the window: nothing is below the fold of the page itself. */
export async function expectNoPageScroll(page: Page, what: string) {
  const { scrollHeight, innerHeight } = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    innerHeight: window.innerHeight,
  }));
  expect(scrollHeight, `${what}: the page does not scroll`).toBeLessThanOrEqual(innerHeight);
}
