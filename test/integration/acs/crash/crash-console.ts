/**
 * A console process for the crash test (crash.test.ts), run with node and killed at random:
 * a desk core with the outbox relay on the network gateway to the fake ACS, signing in as the
 * demo agent and resetting locked cards, one call each, until the database holds TARGET
 * resets; then (and in DRAIN mode, at once) it waits until no reset is open and exits 0.
 * The clock is the real one shifted back to the demo's epoch, the same for every process.
 */
import Database from 'better-sqlite3';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createNetworkAcsGateway } from '../../../../main/core/acs/network-acs-gateway.ts';
import { demoOperator } from '../../../../main/core/demo/demo-operators.ts';
import { createDeskCore } from '../../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../../main/core/desk-core-options.ts';
import { TEST_PASSWORD_COST } from '../../../helpers/test-password-cost.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const dbPath = env('CRASH_DB');
const tlsDir = env('CRASH_TLS_DIR');
const offsetMs = Number(env('CRASH_OFFSET_MS'));
const target = Number(env('CRASH_TARGET'));
const drain = process.env.CRASH_DRAIN === '1';
const skippedFile = env('CRASH_SKIPPED');
const people = JSON.parse(readFileSync(env('CRASH_PEOPLE'), 'utf8')) as {
  cardId: string;
  customerRef: string;
  dob: string;
  postcode: string;
}[];

const core = createDeskCore(
  deskCoreOptions({
    dbPath,
    keyFile: env('CRASH_KEY'),
    clock: { now: () => new Date(Date.now() - offsetMs) },
    origin: 'console@crash',
    relayResets: true,
    passwordCost: TEST_PASSWORD_COST,
    resetClaimMs: 1_500,
    logInternal: () => undefined,
    acs: (db) => {
      const refOf = db.prepare<[number], { acs_card_ref: string | null }>(
        'SELECT acs_card_ref FROM cards WHERE id = ?',
      );
      return createNetworkAcsGateway({
        url: env('CRASH_ACS_URL'),
        ca: readFileSync(`${tlsDir}/ca.pem`, 'utf8'),
        clientCert: readFileSync(`${tlsDir}/client.pem`, 'utf8'),
        clientKey: readFileSync(`${tlsDir}/client-key.pem`, 'utf8'),
        cardRef: (id) => refOf.get(id)?.acs_card_ref ?? null,
        connectTimeoutMs: 500,
        requestTimeoutMs: 1_000,
        attempts: 2,
        backoffBaseMs: 20,
        backoffMaxMs: 100,
        breakerThreshold: 4,
        breakerOpenMs: 300,
      });
    },
  }),
);

const reader = new Database(dbPath, { readonly: true });
reader.pragma('busy_timeout = 5000');
const resetCount = () =>
  (reader.prepare('SELECT count(*) AS n FROM resets').get() as { n: number }).n;
const hasReset = reader.prepare(
  'SELECT 1 FROM resets r JOIN cards c ON c.id = r.card_id WHERE c.public_id = ?',
);
const openCount = () =>
  (
    reader
      .prepare("SELECT count(*) AS n FROM reset_outbox WHERE state IN ('pending', 'failed')")
      .get() as { n: number }
  ).n;

async function call(channel: string, payload: unknown) {
  const result = await core.router.call('w1', channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.reason}`);
  return result.value as Record<string, unknown>;
}

if (!drain) {
  const skipped = new Set(
    existsSync(skippedFile) ? readFileSync(skippedFile, 'utf8').split('\n') : [],
  );
  const agent = demoOperator('agent');
  await call('session.signIn', { username: agent.username, password: agent.password });
  for (const who of people) {
    if (resetCount() >= target) break;
    if (skipped.has(who.cardId) || hasReset.get(who.cardId)) continue;
    await call('cards.search', { key: 'customer-ref', customerRef: who.customerRef });
    await call('cards.open', { cardId: who.cardId });
    await call('caller.verify', { cardId: who.cardId, dob: who.dob, postcode: who.postcode });
    const status = await call('lockout.status', { cardId: who.cardId });
    if (!status.allowed || (status.escalation as unknown[]).length > 0) {
      // Not a card this test resets (policy escalates it, or fraud in its history).
      appendFileSync(skippedFile, `${who.cardId}\n`);
    } else {
      await call('lockout.reset', {
        cardId: who.cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Verified; code mistyped.',
      });
    }
    // The call ends on purpose before the next card (call.still-open otherwise).
    await call('calls.endWithoutOutcome', {
      cardId: who.cardId,
      reason: 'caller-will-call-back',
      note: '',
    });
  }
}
// The relay drains what is open; then this console is done.
while (openCount() > 0) await new Promise((resolve) => setTimeout(resolve, 100));
reader.close();
core.close();
process.stdout.write('drained\n');
