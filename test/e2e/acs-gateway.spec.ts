/**
 * The console on a network ACS (the fake ACS over loopback TLS, mutual TLS) with the outbox
 * relay: a slow ACS (the panel shows requested, then applied by itself), an ACS that is down
 * (queued, with words for the caller, then applied when it is back — without a reload), and
 * an ACS that does not answer when the card is opened (the header says last known state), and
 * an ACS that fails the reset: the script says "failed at the ACS", and before verification it
 * held none of the card's facts (both languages).
 */
import type { Database } from 'better-sqlite3';
import { withLastKnown } from '../../main/core/acs/choose-gateway.ts';
import { sealedWrite } from '../../main/core/audit/audit-trail.ts';
import { createEmbeddedAcsGateway } from '../../main/core/acs/embedded-acs-gateway.ts';
import { startFakeAcs, type FakeAcs } from '../../main/core/acs/fake/fake-acs.ts';
import { createNetworkAcsGateway } from '../../main/core/acs/network-acs-gateway.ts';
import { DEMO_EPOCH } from '../../main/core/demo/build-demo.ts';
import { createDevCa, type Pem } from '../../scripts/lib/dev-certs.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';
import { Workspace } from '../kit/pages/workspace.ts';
import { LOCK_WORDS } from '../../shared/diagnosis/script-words.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { expectNoCardFacts, expectScript } from './script-checks.ts';

let acs: FakeAcs;
let tls: { ca: string; client: Pem };
let desks = 0;
// The fake ACS keeps the demo's time, as the console's clock does.
const started = Date.now();

test.beforeAll(async () => {
  const ca = await createDevCa('Verify Desk e2e ACS CA');
  const server = await ca.issue({ commonName: 'localhost', usage: 'server' });
  tls = { ca: ca.cert, client: await ca.issue({ commonName: 'e2e-console', usage: 'client' }) };
  acs = await startFakeAcs({
    dbPath: ':memory:',
    port: 0,
    tls: { cert: server.cert, key: server.key, clientCa: ca.cert },
    now: () => new Date(new Date(DEMO_EPOCH).getTime() + (Date.now() - started)),
  });
});
test.afterAll(async () => acs.close());
test.beforeEach(() => acs.fault(null, 'any'));

/** The desk's gateway: each card named by an ACS reference, its lock held at the fake ACS. */
function networkGateway(db: Database) {
  const tag = `E2E${++desks}`;
  // Through the console's own trail: card references are sealed rows (migration 017).
  sealedWrite(db, () => db.prepare("UPDATE cards SET acs_card_ref = ? || '-' || id").run(tag));
  const locks = db
    .prepare(
      `SELECT c.acs_card_ref AS ref, l.since, l.until, l.cause FROM lockouts l
       JOIN cards c ON c.id = l.card_id WHERE l.cleared_at IS NULL`,
    )
    .all() as { ref: string; since: string; until: string | null; cause: string }[];
  for (const lock of locks) {
    acs.lock(lock.ref, {
      since: new Date(lock.since),
      until: lock.until ? new Date(lock.until) : null,
      cause: lock.cause,
    });
  }
  const refOf = db.prepare<[number], { acs_card_ref: string | null }>(
    'SELECT acs_card_ref FROM cards WHERE id = ?',
  );
  return withLastKnown(
    createNetworkAcsGateway({
      url: acs.url,
      ca: tls.ca,
      clientCert: tls.client.cert,
      clientKey: tls.client.key,
      cardRef: (id) => refOf.get(id)?.acs_card_ref ?? null,
      requestTimeoutMs: 3_000,
      attempts: 2,
      backoffBaseMs: 20,
      breakerThreshold: 4,
      breakerOpenMs: 500,
    }),
    createEmbeddedAcsGateway(db),
  );
}

test.use({ testDeskOptions: { relayResets: true, acs: (db) => networkGateway(db) } });
// Timeouts and resends run for real here, beside the fake ACS.
test.describe.configure({ timeout: 90_000 });

/**
 * Signs in and opens a locked card with its caller verified. The tests share one fake ACS, and
 * a reset's idempotency key names the card and its lock: each test that resets takes its own
 * card, as a real issuer's cards are each their own.
 */
async function verifiedOnLockedCard(
  desk: DeskFixture,
  card: 'locked-wrong-codes' | 'english-locked' = 'locked-wrong-codes',
) {
  test.skip(desk.target !== 'browser', 'the fake ACS runs beside the browser target’s core');
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, card);
  await new Workspace(desk.page).verifyCaller(person.dob, person.postcode);
  return person;
}

/** The panel follows the reset by itself: the console's time moves, nothing is reloaded. */
async function seesState(desk: DeskFixture, state: string) {
  await expect(async () => {
    await desk.advance(2_000);
    await expect(desk.ui.reset.state).toHaveAttribute('data-state', state, { timeout: 500 });
  }).toPass({ timeout: 20_000 });
}

test('the top bar says the console uses the issuer’s ACS, and the header reads the lock live', async ({
  desk,
}) => {
  await verifiedOnLockedCard(desk);
  await expect(desk.page.getByTestId('label-acs')).toHaveAttribute('data-acs', 'network');
  await expect(desk.ui.card.dataAsOf).toHaveAttribute('data-source', 'live');
  await expect(desk.ui.card.dataAsOf).toContainText('Live from the ACS');
});

test('a slow ACS: the panel shows requested, then applied by itself', async ({ desk }) => {
  await verifiedOnLockedCard(desk);
  acs.fault({ kind: 'latency', ms: 4_000 }, 'apply', 1);
  await new ResetPanel(desk.page).resetWith('Caller verified; mistyped the code three times.');
  await expect(desk.ui.reset.state).toHaveAttribute('data-state', 'requested');
  await seesState(desk, 'applied');
  expect(Object.values(acs.clears())).toContain(1);
});

test('an ACS that is down: queued with words for the caller, applied when it is back, live', async ({
  desk,
}) => {
  await verifiedOnLockedCard(desk, 'english-locked');
  acs.fault({ kind: 'status', status: 503 }, 'apply');
  await new ResetPanel(desk.page).resetWith('Caller verified; mistyped the code three times.');
  await expect(desk.ui.reset.state).toHaveAttribute('data-state', 'failed');
  const queued = desk.page.getByTestId('reset-queued');
  await expect(queued).toContainText('it may take a few minutes');
  await desk.page.screenshot({ path: test.info().outputPath('acs-queued.en.png') });
  await desk.ui.topBar.chooseLanguage('ja');
  await expect(queued).toContainText('数分かかる場合がございます');
  await desk.page.screenshot({ path: test.info().outputPath('acs-queued.ja.png') });
  await desk.ui.topBar.chooseLanguage('en');

  acs.fault(null, 'any');
  await seesState(desk, 'applied');
  await expect(queued).toHaveCount(0);
  await expect(desk.ui.card.lockBadge).toHaveText('Not locked');
});

test('the ACS does not answer when the card is opened: the header says last known state', async ({
  desk,
}) => {
  await verifiedOnLockedCard(desk);
  await expect(desk.ui.card.dataAsOf).toHaveAttribute('data-source', 'live');
  acs.fault({ kind: 'timeout' }, 'read');
  await new Workspace(desk.page).back();
  await desk.openScenario('locked-wrong-codes');
  await expect(desk.ui.card.dataAsOf).toHaveAttribute('data-source', 'last-known');
  await expect(desk.ui.card.dataAsOf).toContainText('ACS not answering — last known state as of');
  await expect(desk.ui.card.lockBadge).not.toHaveText('Not locked');
  await desk.page.screenshot({ path: test.info().outputPath('acs-last-known.en.png') });
  await desk.ui.topBar.chooseLanguage('ja');
  await expect(desk.ui.card.dataAsOf).toContainText('ACSが応答しません');
  await desk.page.screenshot({ path: test.info().outputPath('acs-last-known.ja.png') });
});

test('the ACS fails the reset: the script says so; before verification it said nothing of the card', async ({
  desk,
}) => {
  test.skip(desk.target !== 'browser', 'the fake ACS runs beside the browser target’s core');
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  // The lock is read live from the ACS, and none of the card's facts is said before verification.
  await expect(desk.ui.card.dataAsOf).toHaveAttribute('data-source', 'live');
  for (const language of LANGUAGES) await expectNoCardFacts(desk, cardId, language);

  // Every try at the ACS fails (nothing is recorded there, so no other test's reset is touched).
  acs.fault({ kind: 'status', status: 500 }, 'apply');
  await new Workspace(desk.page).verifyCaller(person.dob, person.postcode);
  await new ResetPanel(desk.page).resetWith('Caller verified; mistyped the code three times.');
  await expect(desk.ui.reset.state).toHaveAttribute('data-state', 'failed');
  await expectScript(desk, 'reset-failed', [['lock.failed', LOCK_WORDS.failed]]);
  await expect(desk.ui.card.lockBadge).not.toHaveText('Not locked');
});
