/**
 * `desk-admin backup` of the database a desk server is writing (an agent working through
 * cards all the while), then `desk-admin restore` from it once the server is stopped: the
 * restored file passes integrity_check and `audit verify`, and the restore is an audited
 * event naming the entries it gave up.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCliIo } from '../../../main/cli/cli-io.ts';
import { main as deskAdmin } from '../../../main/cli/desk-admin.ts';
import { openAndVerify, useDeskServer } from './server-fixture.ts';

const deskServer = useDeskServer();

async function admin(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = createCliIo({
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (out += text) },
    env: {},
  });
  return { code: await deskAdmin(args, io), out };
}

describe('backup while the server writes', () => {
  it('a backup taken under load restores to a database that passes integrity_check and audit verify, the lost range audited', async () => {
    const server = await deskServer({ cardholders: 30 });
    const agent = server.connect();
    await agent.signIn('agent');
    const people = server.people.filter((p) => p.scenario === 'ordinary');

    // The agent works through cards, writing audit entries, until told to stop.
    let working = true;
    let rounds = 0;
    const work = (async () => {
      while (working) {
        const person = people[rounds++ % people.length]!;
        const cardId = await openAndVerify(agent, person);
        await agent.call('cards.history', { cardId, period: '7d', outcome: 'all' });
        await agent.call('calls.wrapUp', { cardId, outcome: 'other', note: 'Backup test call.' });
      }
    })();
    const backupPath = join(server.dir, 'backup.db');
    const seqNow = () =>
      (server.db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
    while (rounds < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = seqNow();
    const backup = await admin(
      'backup',
      '--db',
      server.dbPath,
      '--to',
      backupPath,
      '--key-file',
      server.keyFile,
    );
    expect(backup.code, backup.out).toBe(0);
    // The server kept writing after the backup: those entries are what a restore gives up.
    const roundsAtBackup = rounds;
    while (rounds < roundsAtBackup + 3) await new Promise((resolve) => setTimeout(resolve, 20));
    working = false;
    await work;
    const last = seqNow();
    expect(last).toBeGreaterThan(before);
    await server.stop();
    server.db.close();

    const copy = new Database(backupPath, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const backedUpTo = (
      copy.prepare('SELECT max(seq) AS seq FROM audit_log').get() as {
        seq: number;
      }
    ).seq;
    copy.close();
    expect(backedUpTo).toBeLessThan(last);

    const restore = await admin(
      'restore',
      '--db',
      server.dbPath,
      '--from',
      backupPath,
      '--key-file',
      server.keyFile,
    );
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toContain(`entries ${backedUpTo + 1}–${last} are lost`);

    const restored = new Database(server.dbPath, { readonly: true });
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    const entry = restored
      .prepare("SELECT details FROM audit_log WHERE action = 'database.restore'")
      .get() as { details: string };
    restored.close();
    expect(JSON.parse(entry.details)).toEqual({
      restoredTo: backedUpTo,
      lostFrom: backedUpTo + 1,
      lostTo: last,
    });
    const verified = await admin(
      'audit',
      'verify',
      '--db',
      server.dbPath,
      '--key-file',
      server.keyFile,
    );
    expect(verified.code, verified.out).toBe(0);
  }, 60_000);
});
