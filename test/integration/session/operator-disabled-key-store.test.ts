/**
 * An operator `desk-admin operator disable` disabled stays disabled when someone who writes the
 * database file without the keys undoes the disable there: the operator.disable entry renamed
 * (it drops out of the selection of the operator's entries, so its failing MAC is never read
 * there) and the row put back from before the disable (its genuine MAC). The key store records
 * the disable (keys/operators-disabled.ts) and has the last word: sign-in is refused, a session
 * already open ends at its next call — a lead too, even while the trail is marked broken (when
 * leads may otherwise sign in to investigate) — and `audit verify` names the row.
 */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { editEntry } from '../../helpers/hide-entry.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';
import { runCli } from '../cli/cli-harness.ts';
import { disableByCli, putRow, rowOf } from './operator-rows.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const WATCH = { trailWatchMs: 3_600_000 };

/** As the insider: the operator's operator.disable entry renamed (triggers dropped and put back). */
function renameDisableEntry(dbPath: string, operatorId: unknown): void {
  const raw = keylessWriter(dbPath);
  try {
    editEntry(
      raw,
      `UPDATE audit_log SET action = 'x' WHERE action = 'operator.disable' AND subject_id = '${String(operatorId)}'`,
    );
  } finally {
    raw.close();
  }
}

function alteredRowAlerts(dbPath: string, operatorId: unknown): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT count(*) AS n FROM audit_log WHERE action = 'alert.altered-row' AND subject_type = 'operator' AND subject_id = ?",
        )
        .get(String(operatorId)) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

describe('an operator the key store records as disabled', () => {
  it('a disabled lead whose disable entry is renamed and row put back cannot sign in, even while the trail is marked broken; audit verify names the row', async () => {
    const lead = demoOperator('lead');
    let leadId: unknown;
    const desk = await demoCore(WATCH, async ({ dbPath, keyFile }) => {
      const before = rowOf(dbPath, lead.username);
      leadId = before['id'];
      await disableByCli(dbPath, keyFile, lead.username);
      expect(openKeyFile(keyFile).operatorsDisabled?.read()).toEqual([
        expect.objectContaining({ id: leadId, username: lead.username }),
      ]);
      renameDisableEntry(dbPath, leadId);
      putRow(dbPath, before);
    });
    const signIn = () =>
      desk.core.router.call('w1', 'session.signIn', {
        username: lead.username,
        password: lead.password,
      });
    expect(await signIn()).toMatchObject({
      ok: false,
      error: { reason: 'session.account-altered' },
    });
    expect(alteredRowAlerts(desk.dbPath, leadId)).toBeGreaterThan(0);
    // The watch's full pass finds the renamed entry and marks the trail broken: leads may sign
    // in then to investigate — not this one.
    expect(await desk.core.trailWatch!.look()).toMatchObject({ outcome: 'broken', full: true });
    expect(await signIn()).toMatchObject({ ok: false });
    expect(await desk.core.router.call('w1', 'approvals.list', {})).toMatchObject({ ok: false });
    await desk.signIn('admin', 'w2');

    const list = await runCli([
      'operator',
      'list',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(list.stdout).toContain(`${lead.username}\tlead\tdisabled`);
    const verify = await runCli([
      'audit',
      'verify',
      '--db',
      desk.dbPath,
      '--key-file',
      desk.keyFile,
    ]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(
      new RegExp(
        `operator ${String(leadId)} \\(${lead.username}\\) is disabled in the key store`,
        'u',
      ),
    );
  });

  it('a signed-in lead disabled, then the disable undone in the file, is refused at the next call', async () => {
    const lead = demoOperator('lead');
    const desk = await demoCore();
    await desk.signIn('lead');
    expect(await desk.core.router.call('w1', 'approvals.list', {})).toMatchObject({ ok: true });
    const before = rowOf(desk.dbPath, lead.username);
    await disableByCli(desk.dbPath, desk.keyFile, lead.username);
    renameDisableEntry(desk.dbPath, before['id']);
    putRow(desk.dbPath, before);
    expect(rowOf(desk.dbPath, lead.username)['disabled_at']).toBeNull();
    expect(await desk.core.router.call('w1', 'approvals.list', {})).toMatchObject({ ok: false });
    expect(await desk.core.router.call('w1', 'session.current', {})).toMatchObject({
      ok: true,
      value: { state: 'signed-out' },
    });
  });

  it('an operator never disabled signs in as before; one disabled with its row and entry intact is refused as disabled', async () => {
    const agent = demoOperator('agent');
    const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
      await disableByCli(dbPath, keyFile, agent.username);
    });
    expect(
      await desk.core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'session.wrong-credentials' } });
    await desk.signIn('lead', 'w2');
  });

  it('an operator disabled before the key store kept the list is recorded from the trail when a console opens the database', async () => {
    const agent = demoOperator('agent');
    let before: Record<string, unknown> = {};
    const desk = await demoCore({}, async ({ dbPath, keyFile }) => {
      before = rowOf(dbPath, agent.username);
      await disableByCli(dbPath, keyFile, agent.username);
      // The key file as an older version left it: no list.
      const document = JSON.parse(readFileSync(keyFile, 'utf8')) as Record<string, unknown>;
      delete document['operatorsDisabled'];
      writeFileSync(keyFile, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
      expect(openKeyFile(keyFile).operatorsDisabled?.read()).toEqual([]);
    });
    expect(openKeyFile(desk.keyFile).operatorsDisabled?.read()).toEqual([
      expect.objectContaining({ id: before['id'], username: agent.username }),
    ]);
    renameDisableEntry(desk.dbPath, before['id']);
    putRow(desk.dbPath, before);
    expect(
      await desk.core.router.call('w1', 'session.signIn', {
        username: agent.username,
        password: agent.password,
      }),
    ).toMatchObject({ ok: false, error: { reason: 'session.account-altered' } });
  });
});
