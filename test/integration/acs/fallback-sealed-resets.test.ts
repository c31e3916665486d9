/**
 * With the ACS not answering, after a console restart (no ACS list cached in the process), the
 * second-reset rule still weighs the reset this database applied minutes ago: it is
 * read from the sealed resets rows alone, so deleting the unsealed outbox rows hides nothing.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO_EPOCH, DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { manualClock } from '../../../main/core/clock.ts';
import { useDemoCore, TEST_PASSWORD_COST } from '../../helpers/demo-core.ts';
import { keylessWriter, sealWrites } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { appliedResetAtFakeAcs, useFakeAcs } from '../acs/acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;
const REF = 'ACS-FALLBACK-1';
const MINUTE = 60_000;
const epoch = new Date(DEMO_EPOCH).getTime();

describe('fallback second-reset rule from sealed rows', () => {
  for (const tamper of [false, true]) {
    it(`after a restart in fallback, outbox rows ${tamper ? 'deleted by a keyless writer' : 'intact'}`, async () => {
      const { acs, desk } = await appliedResetAtFakeAcs(fake, demoCore, who, REF);
      const at = desk.clock.now();

      // A new lock at the ACS; the feed records it locally (sealed, as the import does).
      const lock2 = new Date(epoch + MINUTE);
      acs.lock(REF, { since: lock2, until: null, cause: 'wrong_codes' });
      const sealed = new Database(desk.dbPath);
      sealWrites(sealed, desk.dbPath, desk.keyFile);
      sealed
        .prepare(
          `INSERT INTO lockouts (card_id, cause, since, until, cleared_at)
         SELECT id, 'wrong_codes', ?, NULL, NULL FROM cards WHERE public_id = ?`,
        )
        .run(lock2.toISOString(), cardId);
      sealed.close();
      if (tamper) {
        const raw = keylessWriter(desk.dbPath);
        raw.prepare('DELETE FROM reset_outbox').run();
        raw.close();
      }
      acs.fault({ kind: 'status', status: 503 }, 'read');

      // The console restarts (or another console process on the same file).
      const clock = manualClock(new Date(at.getTime() + 2 * MINUTE));
      const core = createDeskCore(
        deskCoreOptions({
          dbPath: desk.dbPath,
          keyFile: desk.keyFile,
          clock,
          origin: 'console@test2',
          logInternal: () => undefined,
          passwordCost: TEST_PASSWORD_COST,
        }),
      );
      try {
        const op = demoOperator('agent');
        expect(
          (
            await core.router.call('w2', 'session.signIn', {
              username: op.username,
              password: op.password,
            })
          ).ok,
        ).toBe(true);
        const ref = desk.query<{ customer_ref: string }>(
          'SELECT h.customer_ref FROM cards c JOIN cardholders h ON h.id = c.cardholder_id WHERE c.public_id = ?',
          cardId,
        )[0]!;
        expect(
          (
            await core.router.call('w2', 'cards.search', {
              key: 'customer-ref',
              customerRef: ref.customer_ref,
            })
          ).ok,
        ).toBe(true);
        expect((await core.router.call('w2', 'cards.open', { cardId })).ok).toBe(true);
        await core.router.call('w2', 'caller.verify', {
          cardId,
          dob: who.dob,
          postcode: who.postcode,
        });
        const status = await core.router.call('w2', 'lockout.status', { cardId });
        expect(status, JSON.stringify(status)).toMatchObject({
          ok: true,
          value: { allowed: true, escalation: ['second-reset'] },
        });
      } finally {
        core.close();
      }
      const verify = await runCli([
        'audit',
        'verify',
        '--db',
        desk.dbPath,
        '--key-file',
        desk.keyFile,
      ]);
      // The outbox is not sealed: its lost rows do not fail verification; they change nothing.
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    });
  }
});
