/**
 * Real data in: a cardholder imported from a fixture file (not the demo) is found by every
 * search key, verified with the date of birth and postcode the file gave, and shows the
 * attempts the ACS exported — as JSON Lines and as a CSV export with its mapping.
 */
import { join } from 'node:path';
import { createAuditTrail } from '../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../main/core/audit/checkpoint-anchor.ts';
import { openDatabase } from '../../main/core/db/connection.ts';
import { runImport } from '../../main/core/import/importer.ts';
import { readMapping } from '../../main/core/import/readers.ts';
import { importPublicId } from '../../main/core/import/transform.ts';
import { readKeyBinding } from '../../main/core/keys/database-key-binding.ts';
import { openKeyProvider } from '../../main/core/keys/open-key-provider.ts';
import { text } from '../kit/catalog.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/import');

/** desk-admin import, in-process, into the test's database; the public ids the rows got. */
async function importFixtures(desk: DeskFixture) {
  const { dbPath, keyFile, clock } = desk.testDesk;
  const db = openDatabase(dbPath);
  try {
    const keys = openKeyProvider({ keyFile, ...readKeyBinding(db) });
    const audit = createAuditTrail(db, keys, defaultAnchorPath(dbPath), { clock });
    const common = { db, keys, audit, clock, origin: 'desk-admin@e2e' };
    const sample = await runImport({ ...common, file: join(FIXTURES, 'issuer-sample.jsonl') });
    const csv = await runImport({
      ...common,
      file: join(FIXTURES, 'acs-attempts.csv'),
      mapping: readMapping(join(FIXTURES, 'acs-attempts.mapping.json')),
    });
    expect([sample.quarantine, csv.quarantine]).toEqual([[], []]);
    const lookup = keys.current('lookup');
    return {
      mori: importPublicId(lookup, 'c', 'IMP-C-001'),
      clarke: importPublicId(lookup, 'c', 'IMP-C-002'),
    };
  } finally {
    db.close();
  }
}

test('an imported cardholder is found by every key, verified from the file, with the imported attempts', async ({
  desk,
}) => {
  const cards = await importFixtures(desk);
  await desk.signIn('agent');
  const page = desk.page;
  // The top bar says how fresh the imported data is: the newest record is as of 00:58 UTC,
  // two minutes before the desk's clock, so the feed is not late.
  const freshness = page.getByTestId('feed-freshness');
  await expect(freshness).toHaveText(/^Imported data as of 20 Nov 2026, \d{2}:58$/u);
  await expect(freshness).toHaveAttribute('data-late', 'false');
  const search = ui(page).search;
  const found = async () => {
    await expect(search.result(cards.mori)).toBeVisible();
    await expect(search.count).toHaveText(/^1 /u);
  };

  await search.byCardNumber('4532-9177-6612-8080');
  await found();
  for (const surname of ['森', 'もり', 'モリ', 'Mori']) {
    await search.byLast4AndSurname('8080', surname);
    await found();
  }
  await search.byMobile('+81 90 8123 4567');
  await found();
  await search.byEmail('Mori.Yumi@example.jp');
  await found();
  await search.byCustomerRef('cr-9000 0001');
  await found();

  await search.result(cards.mori).click();
  await expect(ui(page).card.root).toBeVisible();
  // The file said 昭和52年3月29日 and 〒150-0041; the caller says it the Gregorian way.
  await ui(page).verification.verifyCaller('1977/3/29', '1500041');
  await expect(ui(page).verification.status).toHaveAttribute('data-status', 'verified');
  expect(desk.db.verificationResults()).toEqual(['verified']);

  // The three attempts the ACS exported, newest first: locked after the third wrong code.
  await expect(ui(page).history.count).toHaveText('3 of 3 attempts');
  await expect(ui(page).history.rows.first()).toHaveAttribute('data-outcome', 'locked');
  await expect(ui(page).history.root).toContainText('Tokyo Book Market');
  // What the ACS's feed adds: the SMS carrier on the row, and the merchant, ACS and DS ids
  // with the protocol codes.
  const newest = ui(page).history.rows.first();
  await expect(newest.getByTestId('history-carrier')).toHaveText('· via Docomo');
  const codes = await ui(page).history.expandCodes(newest, text('en', 'history.expand'));
  await expect(codes).toContainText('Merchant ID M-TOKYO-77');
  await expect(codes).toContainText('ACS ID ACS-JP-1');
  await expect(codes).toContainText('Directory server ID DS-VISA');
  await expect(page.locator('body')).not.toContainText('8123');
});

test('attempts from the ACS CSV export show on the imported card', async ({ desk }) => {
  const cards = await importFixtures(desk);
  await desk.signIn('agent');
  const page = desk.page;
  await ui(page).search.byCustomerRef('CR90000002');
  await ui(page).search.result(cards.clarke).click();
  await expect(ui(page).card.root).toBeVisible();
  await ui(page).history.period.selectOption('all');
  await expect(ui(page).history.count).toHaveText('3 of 3 attempts');
  await expect(ui(page).history.root).toContainText('London Tea Rooms');
  // One entry per run of the two fixture files (the demo's own generated file has one too).
  for (const file of ['issuer-sample.jsonl', 'acs-attempts.csv'])
    desk.expectAudit({ action: 'import.run', details: { file }, count: 1 });
});
