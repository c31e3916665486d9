/**
 * The acs_gateway row is sealed (migration 017): whoever can write the database file without
 * the keys cannot point consoles at a server of their own. A row that fails its seal is never
 * used — no connection, no bearer token, no reset sent — the lead is alerted once, and
 * `desk-admin acs status`, `acs test` and `audit verify` say so; `acs set` replaces it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { acsCerts, setAcsByCli, useFakeAcs } from './acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-LOCKED-1';

describe('the sealed ACS gateway row', () => {
  it('a row repointed without the keys is never used: nothing reaches the other server, the lead is alerted once, acs test and audit verify say so', async () => {
    const issuer = await fake();
    const other = await fake();
    issuer.card(REF, null);
    issuer.lock(REF, { since: new Date(Date.now() - 60_000), until: null, cause: 'wrong_codes' });
    let paths = { dbPath: '', keyFile: '' };
    const desk = await demoCore({ relayResets: true }, async (p) => {
      paths = p;
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
      const sealed = new Database(p.dbPath);
      sealWrites(sealed, p.dbPath, p.keyFile);
      sealed.prepare('UPDATE cards SET acs_card_ref = ? WHERE public_id = ?').run(REF, cardId);
      sealed.close();
      // The file is repointed at another server, the training mark set on the way.
      const raw = keylessWriter(p.dbPath);
      raw.prepare('UPDATE acs_gateway SET url = ?, training = 1').run(other.url);
      raw.close();
    });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];

    await desk.signIn('agent');
    const opened = await desk.openCard(cardId);
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    // The card shows what is known here, as with an ACS not answering; nobody was asked.
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { lockSource: 'local-record' },
    });
    const verified = await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: who.dob,
      postcode: who.postcode,
    });
    expect(verified).toMatchObject({ ok: true, value: { status: 'verified' } });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    // Recorded and queued, never applied: the relay keeps it and sends it nowhere.
    expect(reset).toMatchObject({ ok: true, value: { reset: { state: 'failed' } } });
    desk.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(other.requests()).toEqual({ read: 0, apply: 0 });
    expect(issuer.requests()).toEqual({ read: 0, apply: 0 });
    expect(issuer.clears()).toEqual({});
    expect(desk.query('SELECT state FROM reset_outbox')).toEqual([{ state: 'failed' }]);

    // One alert for the lead, naming the row.
    expect(desk.query('SELECT kind, scope FROM alerts')).toEqual([
      { kind: 'altered-row', scope: 'acs_gateway' },
    ]);

    const status = await runCli(['acs', 'status', ...db]);
    expect(status.stdout).toMatch(/^ACS gateway settings fail their seal/u);
    const test = await runCli(['acs', 'test', ...db]);
    expect(test.code).toBe(1);
    expect(test.stdout).toMatch(/^ACS gateway settings fail their seal[^\n]+\n$/u);
    expect(other.requests()).toEqual({ read: 0, apply: 0 });

    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('acs_gateway row(s) with id 1 do not match their MAC');

    // The administrator sets it again: a new sealed row, nothing kept of the altered one.
    const again = await setAcsByCli(paths.dbPath, paths.keyFile, issuer.url);
    expect(again.stdout).toMatch(/^The ACS gateway settings before did not match their seal/u);
    expect((await runCli(['acs', 'status', ...db])).stdout).toBe(
      `Network ACS at ${issuer.url}, mutual TLS, bearer token.\n`,
    );
    expect((await runCli(['acs', 'test', ...db])).code).toBe(0);
    expect(issuer.requests().read).toBe(1);
  });

  it('a row sealed by desk-admin is used; a raw write that keeps the MAC still breaks it', async () => {
    const issuer = await fake();
    let paths = { dbPath: '', keyFile: '' };
    await demoCore({}, async (p) => {
      paths = p;
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
    });
    const db = ['--db', paths.dbPath, '--key-file', paths.keyFile];
    expect((await runCli(['acs', 'test', ...db])).code).toBe(0);
    // Only the CA swapped: the MAC covers every column.
    const raw = keylessWriter(paths.dbPath);
    const { ca } = await acsCerts();
    raw.prepare('UPDATE acs_gateway SET ca_pem = ?').run(`${ca.cert}\n`);
    raw.close();
    expect((await runCli(['acs', 'test', ...db])).code).toBe(1);
    expect(issuer.requests().read).toBe(1);
  });

  it("a card's ACS reference moved to another card (with that card's MAC) names nobody: the card is held, nothing is sent for it, the lead is alerted", async () => {
    const issuer = await fake();
    const OTHER_REF = 'ACS-OTHER-1';
    issuer.card(OTHER_REF, null);
    issuer.lock(OTHER_REF, {
      since: new Date(Date.now() - 60_000),
      until: null,
      cause: 'wrong_codes',
    });
    const desk = await demoCore({}, async (p) => {
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
      const sealed = new Database(p.dbPath);
      sealWrites(sealed, p.dbPath, p.keyFile);
      sealed.prepare('UPDATE cards SET acs_card_ref = ? WHERE public_id = ?').run(REF, cardId);
      sealed
        .prepare(
          'UPDATE cards SET acs_card_ref = ? WHERE public_id <> ? AND id = (SELECT min(id) FROM cards WHERE public_id <> ?)',
        )
        .run(OTHER_REF, cardId, cardId);
      sealed.close();
      // The two references swapped in the file: this card now names the other card at the
      // ACS, and carries that card's MAC.
      const raw = keylessWriter(p.dbPath);
      const other = raw
        .prepare(
          'SELECT id, acs_ref_key_id AS keyId, acs_ref_mac AS mac FROM cards WHERE acs_card_ref = ?',
        )
        .get(OTHER_REF) as { id: number; keyId: string; mac: Buffer };
      const setRef = raw.prepare('UPDATE cards SET acs_card_ref = ? WHERE id = ?');
      setRef.run('SWAP', other.id);
      raw.prepare('UPDATE cards SET acs_card_ref = ? WHERE public_id = ?').run(OTHER_REF, cardId);
      setRef.run(REF, other.id);
      raw
        .prepare('UPDATE cards SET acs_ref_key_id = ?, acs_ref_mac = ? WHERE public_id = ?')
        .run(other.keyId, other.mac, cardId);
      raw.close();
    });
    expect(
      desk.query<{ public_id: string }>(
        'SELECT public_id FROM cards WHERE acs_card_ref = ?',
        OTHER_REF,
      ),
    ).toEqual([{ public_id: cardId }]);

    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
      value: { lockSource: 'local-record' },
    });
    // The card's seal fails, so its caller cannot be verified on it (migration 020), and no
    // reset is recorded for it.
    expect(
      await desk.core.router.call('w1', 'caller.verify', {
        cardId,
        dob: who.dob,
        postcode: who.postcode,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'verification.card-altered' } });
    const reset = await desk.core.router.call('w1', 'lockout.reset', {
      cardId,
      reason: 'cardholder-mistyped-code',
      note: 'Verified; code mistyped.',
    });
    // The card is held as for fraud (broken-card-ref.test.ts): no reset is recorded.
    expect(reset).toMatchObject({ ok: false, error: { reason: 'reset.fraud' } });
    expect(desk.query('SELECT count(*) AS n FROM resets')).toEqual([{ n: 0 }]);
    // Nothing reached the ACS for this card: the other card's lock stands.
    expect(issuer.requests()).toEqual({ read: 0, apply: 0 });
    expect(issuer.clears()).toEqual({});
    expect(desk.query('SELECT kind, scope, subject_id FROM alerts ORDER BY id')).toEqual([
      { kind: 'altered-row', scope: 'cards', subject_id: cardId },
      { kind: 'reset-refused-fraud', scope: null, subject_id: cardId },
    ]);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    // Both cards of the swap are named (the other one's reference was rewritten too).
    const line = verify.stdout.split('\n').find((l) => l.includes('the ACS card reference'));
    expect(line).toContain(cardId);
    expect(line).toContain('does not match its MAC');
  });
});
