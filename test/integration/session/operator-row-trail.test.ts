/**
 * An operator row must be what the audit trail says it is now, not only a row with a valid MAC:
 * 1. a row made in a same-key copy of the database under the same id, username and role (with a
 *    password its maker knows) is caught by the digest of the password hash that operator.create
 *    (and operator.password-sealed) records;
 * 2. a disabled operator whose row is put back from before (genuine MAC) stays disabled: the
 *    trail's operator.disable entry decides at sign-in and at the router's standing check.
 * Both are refused as an altered account (alert + audit), and audit verify names them.
 * 3. an entry about the operator that fails its MAC (one byte of the operator.disable entry
 *    edited, or its result flipped) leaves the row unvouched: it is never skipped.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { disableByCli, putRow, rowOf } from './operator-rows.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const LEGIT = 'Legit-passw0rd-of-lead2';
const ATTACKER = 'Attacker-knows-th1s-one';
function alertsFor(dbPath: string, operatorId: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND subject_type = 'operator' AND subject_id = ?",
        )
        .get(operatorId) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

describe('operator rows checked against the trail', () => {
  it('a row made in a same-key copy under the same id, username and role is refused, alerted and named by audit verify', async () => {
    let copyRow: Record<string, unknown> = {};
    const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
      // The copy: the database and its key file, as a training or test copy is made.
      const copyDir = join(dbPath, '..', 'copy');
      mkdirSync(copyDir);
      const copyDb = join(copyDir, 'desk.db');
      const copyKey = join(copyDir, 'desk.key');
      const source = new Database(dbPath);
      await source.backup(copyDb);
      source.close();
      copyFileSync(keyFile, copyKey);
      copyFileSync(`${dbPath}.anchors`, `${copyDb}.anchors`);
      const add = (db: string, key: string, password: string) =>
        runCli(
          [
            'operator',
            'add',
            '--db',
            db,
            '--key-file',
            key,
            '--username',
            'lead2',
            '--role',
            'lead',
            '--name',
            'Lead Two',
          ],
          { password },
        );
      // In the copy, whoever runs it adds "lead2" with a password of their own.
      const made = await add(copyDb, copyKey, ATTACKER);
      expect(made.code).toBe(0);
      copyRow = rowOf(copyDb, 'lead2');
      // In production, the admin adds the real "lead2".
      expect((await add(dbPath, keyFile, LEGIT)).code).toBe(0);
      expect(rowOf(dbPath, 'lead2')['id']).toBe(copyRow['id']);
      // Without the keys: the copy's row over the real one.
      putRow(dbPath, copyRow);
    });
    const signIn = (password: string) =>
      desk.core.router.call('w1', 'session.signIn', { username: 'lead2', password });
    expect(await signIn(ATTACKER)).toMatchObject({
      ok: false,
      error: { reason: 'session.account-altered' },
    });
    expect(await signIn(LEGIT)).toMatchObject({
      ok: false,
      error: { reason: 'session.account-altered' },
    });
    expect(await desk.core.router.call('w1', 'approvals.list', {})).toMatchObject({ ok: false });
    expect(alertsFor(desk.dbPath, String(copyRow['id']))).toBeGreaterThan(0);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/has a password other than the one its last password entry/u);
  });

  it('a disabled operator whose row is put back from before cannot sign in', async () => {
    const agent = demoOperator('agent');
    const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
      const before = rowOf(dbPath, agent.username);
      await disableByCli(dbPath, keyFile, agent.username);
      expect(rowOf(dbPath, agent.username)['disabled_at']).not.toBeNull();
      putRow(dbPath, before);
    });
    expect(
      await desk.core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'session.account-altered' } });
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: false });
    const agentId = String(rowOf(desk.dbPath, agent.username)['id']);
    expect(alertsFor(desk.dbPath, agentId)).toBeGreaterThan(0);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.stdout).toMatch(/was disabled \(audit entry \d+\) but its row is enabled again/u);
  });

  it('a signed-in operator disabled, its row then put back from before, is refused at the next call', async () => {
    const agent = demoOperator('agent');
    const desk = await demoCore();
    await desk.signIn('agent');
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: true });
    const before = rowOf(desk.dbPath, agent.username);
    await disableByCli(desk.dbPath, desk.keyFile, agent.username);
    putRow(desk.dbPath, before);
    expect(rowOf(desk.dbPath, agent.username)['disabled_at']).toBeNull();
    expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: false });
  });

  it.each([
    ['one byte of it edited', `origin = origin || ' '`],
    ['its result flipped', `result = 'refused'`],
  ])(
    'a disabled operator whose disable entry has %s, and row put back from before, cannot sign in',
    async (_, edit) => {
      const agent = demoOperator('agent');
      const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
        const before = rowOf(dbPath, agent.username);
        await disableByCli(dbPath, keyFile, agent.username);
        putRow(dbPath, before);
        const raw = keylessWriter(dbPath);
        try {
          editEntry(
            raw,
            `UPDATE audit_log SET ${edit} WHERE action = 'operator.disable' AND subject_id = '${String(before['id'])}'`,
          );
        } finally {
          raw.close();
        }
      });
      expect(
        await desk.core.router.call('w1', 'session.signIn', {
          username: agent.username,
          password: agent.password,
        }),
      ).toMatchObject({ ok: false, error: { reason: 'session.account-altered' } });
      expect(await desk.core.router.call('w1', 'calls.current', {})).toMatchObject({ ok: false });
    },
  );
});
