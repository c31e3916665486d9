/**
 * The failure history: plain language, local time with zone, amounts in their currency,
 * destinations that are not the current one flagged, protocol codes on expand, filters —
 * and ten thousand attempts that scroll because only the rows in view exist.
 */
import { expect, test } from './fixtures.ts';
import { openScenarioCard } from './flows.ts';

test('a card with 10,000 attempts: filters, virtual scrolling and protocol codes', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'long-history');
  const page = desk.page;
  await page.getByTestId('history-period').selectOption('all');
  await expect(page.getByTestId('history-count')).toHaveText('10,000 of 10,000 attempts');
  // Only the rows in view are in the page.
  const rendered = await page.getByTestId('history-row').count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(40);

  // Scroll to the very end: the oldest attempt is reached and still few rows exist.
  const scroller = page.getByTestId('history-scroll');
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator('[aria-posinset="10000"]')).toBeVisible();
  expect(await page.getByTestId('history-row').count()).toBeLessThan(40);

  await page.getByTestId('history-outcome').selectOption('failed');
  const failed = desk.testDesk
    .inspect()
    .prepare(
      `SELECT count(*) AS n FROM auth_attempts a JOIN cards c ON c.id = a.card_id
       WHERE c.public_id = ? AND a.outcome NOT IN ('authenticated', 'frictionless')`,
    )
    .get(person.cards[0]!.publicId) as { n: number };
  await expect(page.getByTestId('history-count')).toHaveText(
    `${failed.n.toLocaleString('en-GB')} of 10,000 attempts`,
  );
  // A new filter starts again at the newest attempt.
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBe(0);
  const first = page.locator('[aria-posinset="1"]').getByTestId('history-row');
  await expect(first).not.toHaveAttribute('data-outcome', /^(authenticated|frictionless)$/u);

  await first.getByRole('button', { name: 'Protocol codes' }).click();
  const codes = first.getByTestId('history-codes');
  await expect(codes).toContainText('transStatus');
  await expect(codes).toContainText('ACS transaction ID');
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
  const latest = page.getByTestId('history-row').first();
  await expect(latest.getByTestId('history-not-current')).toHaveText(
    '⚠ Sent to a number that is not the current mobile',
  );
  await expect(latest).toContainText(/¥[\d,]+(?!\.)/u);
  await expect(latest).toContainText(/GMT\+9|JST/u);
  await expect(latest).toContainText('Gave up at the code screen');
  const row = desk.testDesk
    .inspect()
    .prepare(`SELECT a.destination_masked FROM auth_attempts a ORDER BY a.at DESC LIMIT 1`)
    .get() as { destination_masked: string };
  expect(row.destination_masked).toMatch(/^\+81 /u);
});
