/**
 * The failure history: plain language, local time with zone, amounts in their currency,
 * destinations that are not the current one flagged, protocol codes on expand, filters —
 * and ten thousand attempts that scroll because only the rows in view exist.
 */
import { text } from '../kit/catalog.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';

test('a card with 10,000 attempts: filters, virtual scrolling and protocol codes', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'long-history');
  const page = desk.page;
  await ui(page).history.period.selectOption('all');
  await expect(ui(page).history.count).toHaveText('10,000 of 10,000 attempts');
  // Only the rows in view are in the page.
  const rendered = await ui(page).history.rows.count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(40);

  // Scroll to the very end: the oldest attempt is reached and still few rows exist.
  await ui(page).history.scrollToEnd();
  await expect(ui(page).history.itemAt(10_000)).toBeVisible();
  expect(await ui(page).history.rows.count()).toBeLessThan(40);

  await ui(page).history.outcome.selectOption('failed');
  const failed = { n: desk.db.failedAttempts(person.cards[0]!.publicId) };
  await expect(ui(page).history.count).toHaveText(
    `${failed.n.toLocaleString('en-GB')} of 10,000 attempts`,
  );
  // A new filter starts again at the newest attempt.
  await expect.poll(() => ui(page).history.scrollTop()).toBe(0);
  const first = desk.ui.history.rowAt(1);
  await expect(first).not.toHaveAttribute('data-outcome', /^(authenticated|frictionless)$/u);

  const codes = await desk.ui.history.expandCodes(first, 'Protocol codes');
  await expect(codes).toContainText('transStatus');
  await expect(codes).toContainText('ACS transaction ID');
  // The row after an expanded one moves down to its new end: the virtualizer measured it and
  // placed the rows itself.
  const gap = async () => {
    const [above, below] = await Promise.all([
      ui(page).history.itemAt(1).boundingBox(),
      ui(page).history.itemAt(2).boundingBox(),
    ]);
    return Math.round(below!.y - (above!.y + above!.height));
  };
  await expect.poll(gap).toBe(0);
  const entries = desk.auditActions().filter((e) => e.action === 'card.history');
  expect(entries.map((e) => JSON.parse(e.details))).toEqual(
    expect.arrayContaining([expect.objectContaining({ period: 'all', outcome: 'failed' })]),
  );
});

test('a code sent to the old mobile is flagged; JPY shows without decimals; time with its zone', async ({
  desk,
}) => {
  await desk.signIn('agent');
  await openScenarioCard(desk, 'code-to-old-mobile');
  const page = desk.page;
  const latest = ui(page).history.rows.first();
  await expect(desk.ui.history.notCurrent(latest)).toHaveText(
    '⚠ Sent to a number that is not the current mobile',
  );
  await expect(latest).toContainText(/¥[\d,]+(?!\.)/u);
  await expect(latest).toContainText(/GMT\+9|JST/u);
  await expect(latest).toContainText('Gave up at the code screen');
  expect(desk.db.newestAttemptDestination()).toMatch(/^\+81 /u);
});

test('a row agrees with itself: an attempt rejected before any code was sent shows no delivery, attempts or expiry', async ({
  desk,
}) => {
  await desk.signIn('agent');
  await openScenarioCard(desk, 'suspected-fraud');
  const rows = ui(desk.page).history.rows;
  const rejected = rows.filter({ hasText: text('en', 'history.outcome.rejected') });
  await expect(rejected).toHaveCount(1);
  await expect(rejected.getByTestId('history-no-code')).toHaveText(
    text('en', 'history.noCodeSent'),
  );
  for (const word of [/delivered/u, /of 3 attempts/u, /code valid until/u])
    await expect(rejected).not.toContainText(word);
  // The wrong-code rows, which did send a code, keep their delivery and attempts.
  const wrong = rows.filter({ hasText: text('en', 'history.outcome.wrong-code') }).first();
  await expect(wrong).toContainText(/3 of 3 attempts/u);
  await expect(wrong.getByTestId('history-no-code')).toHaveCount(0);
});
