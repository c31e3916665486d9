/**
 * Someone who can write the database file and its anchors but holds no key, acting as an
 * outsider would (Python's sqlite3): each tamper is refused at open or reported by
 * `desk-admin audit verify`, naming what is wrong — and `PRAGMA optimize` changes none of it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { defaultAnchorPath } from '../../../main/core/audit/checkpoint-anchor.ts';
import { systemClock } from '../../../main/core/clock.ts';
import { openDatabase } from '../../../main/core/db/connection.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { fakeKeychain } from '../../unit/keys/fake-keychain.ts';
import { runCli } from '../cli/cli-harness.ts';

const tempDir = useTempDir();

/** Runs SQL the way an outsider would: Python's sqlite3, no Verify Desk code. */
function outsider(dbPath: string, sql: string, options: { fakeMac?: boolean } = {}): void {
  const script = [
    'import sqlite3, sys',
    'con = sqlite3.connect(sys.argv[1])',
    // The triggers call desk_row_mac: an outsider can only make up a MAC without the key.
    ...(options.fakeMac
      ? [
          "con.create_function('desk_row_mac', -1, lambda *a: bytes(32))",
          "con.create_function('desk_row_key_id', 0, lambda: 'audit-000000000000')",
          "con.create_function('desk_row_holds', -1, lambda *a: 1)",
        ]
      : []),
    'con.executescript(sys.argv[2])',
    'con.commit()',
    'con.close()',
  ].join('\n');
  execFileSync('python3', ['-c', script, dbPath, sql]);
}

const TRIGGERS_SQL = `
CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`;

/** Deletes entries after `seq` and puts the triggers back exactly: the schema is as made. */
const cutAfter = (seq: number) =>
  `DROP TRIGGER audit_log_refuses_update; DROP TRIGGER audit_log_refuses_delete;
   DELETE FROM audit_log WHERE seq > ${seq}; ${TRIGGERS_SQL}`;

interface Setup {
  dir: string;
  db: string;
  keyFile: string;
  anchors: string;
}

async function initialised(): Promise<Setup> {
  const dir = tempDir();
  const db = join(dir, 'desk.db');
  // A production key file lives in a folder of its own (never beside its database).
  const keyFile = join(tempDir(), 'desk.key');
  expect((await runCli(['init', '--db', db, '--key-file', keyFile])).code).toBe(0);
  return { dir, db, keyFile, anchors: defaultAnchorPath(db) };
}

/** Appends `count` audited operator-less entries through the real trail (anchored every 20). */
/** `desk-admin policy set` on the setup's database, as an admin would. */
const setPolicy = (s: Setup, key: string, value: string) =>
  runCli(['policy', 'set', '--db', s.db, '--key-file', s.keyFile, '--key', key, '--value', value]);

function appendEntries(s: Setup, count: number, anchorAtEnd = true): void {
  const db = openDatabase(s.db);
  try {
    const trail = createAuditTrail(db, openKeyFile(s.keyFile), s.anchors, { clock: systemClock });
    for (let i = 0; i < count; i++) {
      trail.transact(() =>
        trail.append({
          at: systemClock.now(),
          operatorId: null,
          username: null,
          origin: 'test',
          action: 'card.open',
          subjectType: 'card',
          subjectId: `c_${i}`,
          result: 'success',
          details: { i },
        }),
      );
    }
    if (anchorAtEnd) trail.anchorNow();
  } finally {
    db.close();
  }
}

const verify = (s: Setup, ...extra: string[]) =>
  runCli(['audit', 'verify', '--db', s.db, '--key-file', s.keyFile, ...extra]);

/** A trigger's SQL as the migrations made it, to put back after a change. */
function triggerSql(dbPath: string, name: string): string {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string })
      .sql;
  } finally {
    db.close();
  }
}

const optimize = (s: Setup) => outsider(s.db, 'PRAGMA optimize; ANALYZE;');

describe('tampering by someone with the database file but no key', () => {
  it('dropped triggers: the next open refuses, naming them; PRAGMA optimize is harmless', async () => {
    const s = await initialised();
    optimize(s);
    openDatabase(s.db).close(); // sqlite_stat tables are SQLite's own: still opens
    expect((await verify(s)).code).toBe(0);

    outsider(s.db, 'DROP TRIGGER audit_log_refuses_delete;');
    expect(() => openDatabase(s.db)).toThrow(
      /schema that differs.*trigger audit_log_refuses_delete is missing/,
    );
    expect(() => openDatabase(s.db, { readonly: true })).toThrow(/audit_log_refuses_delete/);
    optimize(s);
    expect(() => openDatabase(s.db)).toThrow(/trigger audit_log_refuses_delete is missing/);
    const run = await verify(s);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/schema ALTERED/);
    expect(run.stdout).toMatch(/schema: trigger audit_log_refuses_delete is missing/);
  });

  it('an added trigger or a changed index is named too', async () => {
    const s = await initialised();
    outsider(
      s.db,
      `CREATE TRIGGER sneaky AFTER INSERT ON audit_log BEGIN SELECT 1; END;
       DROP INDEX audit_log_by_time; CREATE INDEX audit_log_by_time ON audit_log (seq);`,
    );
    expect(() => openDatabase(s.db)).toThrow(
      /index audit_log_by_time differs from the migrations'.*trigger sneaky was not made by a migration/,
    );
  });

  it('cutting anchors and entries: the key store still knows the newest checkpoint', async () => {
    const s = await initialised();
    appendEntries(s, 45);
    expect((await verify(s)).stdout).toMatch(/intact: 46 entries/);
    // Keep only the first checkpoint line and delete every later entry, triggers restored.
    const first = readFileSync(s.anchors, 'utf8').split('\n')[0]!;
    writeFileSync(s.anchors, `${first}\n`);
    outsider(s.db, cutAfter(1));
    optimize(s);
    const run = await verify(s);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ROLLED BACK/);
    expect(run.stdout).toMatch(
      /the checkpoint file ends at line 1, but the key store records line 4 \(entry 46\)/,
    );
  });

  it('after a cut, the next checkpoint refuses to build on it: the cut is never laundered', async () => {
    const s = await initialised();
    appendEntries(s, 100);
    const first = readFileSync(s.anchors, 'utf8').split('\n')[0]!;
    writeFileSync(s.anchors, `${first}\n`);
    outsider(s.db, cutAfter(1));
    // Ordinary use afterwards: the first checkpoint due refuses, and so does every later write.
    expect(() => appendEntries(s, 40)).toThrow(
      /stopped writing: the checkpoint file ends at line 1, but the key store records line 6/,
    );
    expect((await verify(s)).stdout).toMatch(/ROLLED BACK/);
    // The console will not start on it either.
    expect(() =>
      createDeskCore(
        deskCoreOptions({
          dbPath: s.db,
          keyFile: s.keyFile,
          clock: systemClock,
          logInternal: () => undefined,
        }),
      ),
    ).toThrow(/the checkpoint file ends at line 1/);
  });

  it('a checkpoint line edited to stall anchoring stops writing at once', async () => {
    const s = await initialised();
    appendEntries(s, 45);
    const lines = readFileSync(s.anchors, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1)!) as { seq: number };
    lines[lines.length - 1] = JSON.stringify({ ...last, seq: 999_999 });
    writeFileSync(s.anchors, `${lines.join('\n')}\n`);
    expect(() => appendEntries(s, 30)).toThrow(
      /stopped writing: checkpoint line \d+ does not match its MAC/,
    );
  });

  it('a trigger added while the trail is open: the next write is refused, nothing sealed', async () => {
    const s = await initialised();
    const db = openDatabase(s.db);
    try {
      const trail = createAuditTrail(db, openKeyFile(s.keyFile), s.anchors, {
        clock: systemClock,
      });
      // Fired inside the console's own write, it would seal a policy row with the real keys.
      outsider(
        s.db,
        `CREATE TRIGGER zz_forge AFTER INSERT ON audit_log BEGIN
           INSERT OR REPLACE INTO policy (key, value, updated_at) VALUES ('signInFailureLimit', '10', 'x');
         END;`,
      );
      const write = () =>
        trail.transact(() =>
          trail.append({
            at: systemClock.now(),
            operatorId: null,
            username: null,
            origin: 'test',
            action: 'card.open',
            subjectType: 'card',
            subjectId: 'c_1',
            result: 'success',
            details: {},
          }),
        );
      expect(write).toThrow(/schema changed while it was open \(trigger zz_forge was not made/);
      outsider(s.db, 'DROP TRIGGER zz_forge;');
      // Dropping it again does not bring the trail back: it stays stopped.
      expect(write).toThrow(/stopped writing/);
      expect(db.prepare("SELECT key FROM policy WHERE key = 'signInFailureLimit'").all()).toEqual(
        [],
      );
    } finally {
      db.close();
    }
    // ANALYZE moves the schema cookie too, and is no reason to stop.
    const again = openDatabase(s.db);
    try {
      const trail = createAuditTrail(again, openKeyFile(s.keyFile), s.anchors, {
        clock: systemClock,
      });
      optimize(s);
      trail.transact(() => undefined);
    } finally {
      again.close();
    }
  });

  it('putting back an older copy of the database and its anchor file is a rollback', async () => {
    const s = await initialised();
    appendEntries(s, 20);
    const old = join(s.dir, 'old');
    copyFileSync(s.db, `${old}.db`);
    copyFileSync(s.anchors, `${old}.anchors`);
    appendEntries(s, 30);
    copyFileSync(`${old}.db`, s.db);
    copyFileSync(`${old}.anchors`, s.anchors);
    const run = await verify(s);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ROLLED BACK/);
  });

  it('a removed or reordered checkpoint line breaks the anchor chain', async () => {
    const s = await initialised();
    appendEntries(s, 60);
    const lines = readFileSync(s.anchors, 'utf8').trim().split('\n');
    writeFileSync(s.anchors, `${[lines[0], ...lines.slice(2)].join('\n')}\n`);
    const run = await verify(s);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Checkpoint file ALTERED/);
    expect(run.stdout).toMatch(/checkpoint line 2 does not follow line 1/);
  });

  it('cutting only the unanchored tail: caught against what the central collector received', async () => {
    const s = await initialised();
    appendEntries(s, 30, false); // checkpoints at 1 and 21; entries 22–31 unanchored
    expect((await verify(s, '--expect-seq', '31')).code).toBe(2);
    outsider(s.db, cutAfter(25));
    optimize(s);
    const plain = await verify(s);
    expect(plain.code).toBe(2);
    const run = await verify(s, '--expect-seq', '31');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/INCOMPLETE: entry 26 is missing/);
    expect(run.stdout).toMatch(
      /the central collector received entry 31, but the log ends at entry 25/,
    );
  });

  it('with the keys in the OS keychain, the newest checkpoint is kept there', async () => {
    const dir = tempDir();
    const db = join(dir, 'desk.db');
    const keychain = fakeKeychain();
    expect((await runCli(['init', '--db', db], { keychain })).code).toBe(0);
    const [entry] = [...keychain.entries.values()];
    expect(JSON.parse(entry!)).toMatchObject({ anchorHead: { n: 1, seq: 1 } });
    for (let i = 0; i < 3; i++) {
      const run = await runCli(
        ['policy', 'set', '--db', db, '--key', 'idleLockMinutes', '--value', String(10 + i)],
        { keychain },
      );
      expect(run.code).toBe(0);
    }
    expect(JSON.parse([...keychain.entries.values()][0]!)).toMatchObject({
      anchorHead: { n: 4, seq: 4 },
    });
    const anchors = defaultAnchorPath(db);
    const first = readFileSync(anchors, 'utf8').split('\n')[0]!;
    writeFileSync(anchors, `${first}\n`);
    outsider(db, cutAfter(1));
    const run = await runCli(['audit', 'verify', '--db', db], { keychain });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ROLLED BACK/);
    expect(run.stdout).toMatch(/key store records line 4 \(entry 4\)/);
  });

  it("editing an operator's role: audit verify names the row", async () => {
    const s = await initialised();
    const add = await runCli(
      [
        'operator',
        'add',
        '--db',
        s.db,
        '--key-file',
        s.keyFile,
        '--username',
        'agent1',
        '--name',
        'A',
        '--role',
        'agent',
      ],
      { password: 'a long enough passphrase 1' },
    );
    expect(add.code, add.stderr).toBe(0);
    expect((await verify(s)).code).toBe(0);
    // Without the trigger's function the change is refused; with a made-up one it is forged.
    expect(() => outsider(s.db, "UPDATE operators SET role = 'admin'")).toThrow(
      /no such function: desk_row_/,
    );
    outsider(s.db, "UPDATE operators SET role = 'admin' WHERE username = 'agent1'", {
      fakeMac: true,
    });
    optimize(s);
    const run = await verify(s);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/rows ALTERED/);
    expect(run.stdout).toMatch(/operators row\(s\) with id 1 do not match their MAC/);
  });

  it('a row put back to an older version of itself is caught against the trail', async () => {
    const s = await initialised();
    const set = (value: string) => setPolicy(s, 'idleLockMinutes', value);
    expect((await set('5')).code).toBe(0);
    const old = join(s.dir, 'old-policy.db');
    copyFileSync(s.db, old);
    expect((await set('10')).code).toBe(0);
    // The old row, MAC and all, copied back over the new one.
    outsider(
      s.db,
      `ATTACH '${old}' AS old; DROP TRIGGER policy_sealed_on_update;
       UPDATE policy SET (value, updated_at, mac_key_id, row_mac) =
         (SELECT value, updated_at, mac_key_id, row_mac FROM old.policy WHERE key = 'idleLockMinutes')
       WHERE key = 'idleLockMinutes';
       ${triggerSql(s.db, 'policy_sealed_on_update')};`,
    );
    openDatabase(s.db).close(); // the schema is as made, and the row's MAC holds
    const run = await verify(s);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /policy value idleLockMinutes is 5, but its last change \(audit entry \d+\) set 10/,
    );
  });

  it('a policy row copied from elsewhere does not verify either', async () => {
    const s = await initialised();
    expect((await setPolicy(s, 'idleLockMinutes', '10')).code).toBe(0);
    expect((await setPolicy(s, 'signInLockMinutes', '60')).code).toBe(0);
    // The MAC binds the key: moving one row's value and MAC to another key is caught.
    outsider(
      s.db,
      `DROP TRIGGER policy_sealed_on_update;
       UPDATE policy SET value = '60', row_mac = (SELECT row_mac FROM policy WHERE key = 'signInLockMinutes'),
         mac_key_id = (SELECT mac_key_id FROM policy WHERE key = 'signInLockMinutes')
       WHERE key = 'idleLockMinutes';`,
    );
    expect(() => openDatabase(s.db)).toThrow(/trigger policy_sealed_on_update is missing/);
    const run = await verify(s);
    expect(run.stdout).toMatch(/policy row\(s\) with key idleLockMinutes do not match their MAC/);
  });

  it('a restore from a backup is recorded, and only then is the shorter trail accepted', async () => {
    const s = await initialised();
    appendEntries(s, 20);
    const backup = join(s.dir, 'backup.db');
    const made = await runCli(['backup', '--db', s.db, '--to', backup, '--key-file', s.keyFile]);
    expect(made.code, made.stderr).toBe(0);
    expect((statSync(backup).mode & 0o777).toString(8)).toBe('600');
    appendEntries(s, 30);
    expect((await verify(s)).stdout).toMatch(/intact: 52 entries/);

    // Copying the backup back by hand is a rollback…
    const saved = join(s.dir, 'saved.db');
    copyFileSync(s.db, saved);
    copyFileSync(backup, s.db);
    const copied = await verify(s);
    expect(copied.code).toBe(1);
    expect(copied.stdout).toMatch(/INCOMPLETE: entry 23 is missing/);
    copyFileSync(saved, s.db);

    // …desk-admin restore records the lost range, and the trail verifies again.
    const restored = await runCli([
      'restore',
      '--db',
      s.db,
      '--from',
      backup,
      '--key-file',
      s.keyFile,
    ]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/entries 23–52 are lost, recorded in the anchor chain/);
    const run = await verify(s);
    expect(run.stdout).toMatch(/^Audit trail intact: 23 entries/);
    const lines = readFileSync(s.anchors, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind?: string; seq: number; lostTo?: number });
    expect(lines.at(-2)).toMatchObject({ kind: 'restore', seq: 22, lostTo: 52 });
    const db = openDatabase(s.db, { readonly: true });
    try {
      expect(
        db.prepare("SELECT details FROM audit_log WHERE action = 'database.restore'").get(),
      ).toEqual({ details: JSON.stringify({ lostFrom: 23, lostTo: 52, restoredTo: 22 }) });
    } finally {
      db.close();
    }
  });

  it('the console refuses a production key file beside its database', async () => {
    const s = await initialised();
    const open = (keyFile: string) =>
      createDeskCore(
        deskCoreOptions({
          dbPath: s.db,
          keyFile,
          clock: systemClock,
          logInternal: () => undefined,
        }),
      );
    const beside = join(s.dir, 'desk.key');
    renameSync(s.keyFile, beside);
    expect(() => open(beside)).toThrow(/is in the same folder as its database/);
    renameSync(beside, s.keyFile);
    open(s.keyFile).close();
  });

  it('database, WAL and shm files are the owner’s only', async () => {
    const previous = process.umask(0o022);
    try {
      const s = await initialised();
      const db = openDatabase(s.db);
      try {
        db.prepare("INSERT INTO database_info (key, value) VALUES ('x', 'y')").run();
        for (const file of [s.db, `${s.db}-wal`, `${s.db}-shm`, s.anchors, s.keyFile])
          expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
      } finally {
        db.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});
