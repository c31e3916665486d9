/**
 * A trigger added to the file while a console runs must not seal anything through the
 * console's connection (which holds the row-MAC keys). Writes outside audit.transact — the
 * outbox relay's lease renewals here — fire the trigger, and the seal functions refuse there:
 * the write fails, the gateway row is not moved, and nothing is sealed.
 */
import { describe, expect, it } from 'vitest';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { setAcsByCli, useFakeAcs } from '../acs/acs-fixture.ts';

const { fake } = useFakeAcs();
const demoCore = useDemoCore({ cardholders: 12 });

describe('sealed writes outside a schema-checked transaction', () => {
  it('a trigger planted on leases cannot repoint and reseal the ACS gateway row', async () => {
    const issuer = await fake();
    const attacker = await fake();
    const desk = await demoCore({ relayResets: true }, async (p) => {
      await setAcsByCli(p.dbPath, p.keyFile, issuer.url);
    });
    const raw = keylessWriter(desk.dbPath);
    raw.exec(`CREATE TRIGGER zz_evil AFTER UPDATE ON leases BEGIN
      UPDATE acs_gateway SET url = '${attacker.url}' WHERE id = 1 AND url <> '${attacker.url}';
    END;`);
    raw.close();
    // The relay renews its lease every round, outside any audited write.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const raw2 = keylessWriter(desk.dbPath);
    raw2.exec('DROP TRIGGER zz_evil');
    raw2.close();
    // The lease write that fired the trigger failed (the relay's round, named by its error).
    expect(desk.internal.join('\n')).toMatch(/acs relay: round failed \(RowMacClosedError\)/);
    const db = ['--db', desk.dbPath, '--key-file', desk.keyFile];
    expect((await runCli(['acs', 'status', ...db])).stdout).toBe(
      `Network ACS at ${issuer.url}, mutual TLS, bearer token.\n`,
    );
    const test = await runCli(['acs', 'test', ...db]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(attacker.requests().read).toBe(0);
    const verify = await runCli(['audit', 'verify', ...db]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});
