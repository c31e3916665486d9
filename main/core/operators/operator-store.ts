/**
 * Operators and sign-in state. Command-shaped: each method is one domain command that runs
 * its SQL and its audit entry in one transaction, behind an async signature so a server
 * database can implement the same interface.
 */
import type { Role } from '../../../shared/contract/index.ts';
import { alteredEntryReport } from '../audit/altered-entry.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { createChangeMark, whileUnchanged } from '../db/change-mark.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { Db } from '../db/connection.ts';
import { KeyError, type KeyProvider } from '../keys/key-provider.ts';
import { namesOperator } from '../keys/operators-disabled.ts';
import { lockedBy } from '../keys/sign-in-locks.ts';
import { passwordDigest } from './password.ts';
import { createSignInTrail } from './sign-in-trail.ts';

export interface OperatorCredentials {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabled: boolean;
  /**
   * The row matches its MAC (migration 007) and the trail holds the entry that created it, with
   * this username and role; its password hash is the one the trail's newest entry for it
   * vouches (a digest); and it is not enabled again after the trail or the key store disabled
   * it. False means it was changed outside Verify Desk, put back from before (a valid MAC), or
   * copied in from another copy of the database (same keys, so a valid MAC, but created in
   * another trail).
   */
  sealed: boolean;
}

export interface OperatorSummary {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}

interface Actor {
  operatorId: number | null;
  username: string | null;
  origin: string;
  at: Date;
}

export interface OperatorStore {
  findForSignIn(username: string): Promise<OperatorCredentials | null>;
  findById(id: number): Promise<OperatorCredentials | null>;
  list(): Promise<OperatorSummary[]>;
  create(
    cmd: Actor & { newUsername: string; displayName: string; role: Role; passwordHash: string },
  ): Promise<number>;
  disable(cmd: Actor & { targetUsername: string }): Promise<boolean>;
  /**
   * The operator's role as the database says now, or null when the account is gone or
   * disabled: the router asks at every call.
   */
  standing(id: number): { role: Role } | null;
  /**
   * Counts a sign-in attempt before its password is checked, in one transaction, so a burst
   * of attempts cannot all slip under the limit while their slow hashes run. Refused (and
   * audited) when the account is disabled or locked, or when this attempt goes over the
   * limit, which locks the account at once.
   */
  claimSignInAttempt(
    cmd: Actor & { operatorId: number; limit: number; lockMinutes: number },
  ): Promise<{ ok: true } | { ok: false; reason: 'locked' | 'disabled' }>;
  /**
   * A password matched: signs in, clearing the counted failures, unless the account has been
   * locked or disabled meanwhile (a success never clears an active lock). True when signed in.
   */
  recordSignIn(cmd: Actor & { operatorId: number; resumed: boolean }): Promise<boolean>;
  /** Stores a password hash made at today's cost for the same password (upgrade on sign-in). */
  upgradePasswordHash(cmd: Actor & { operatorId: number; from: string; to: string }): Promise<void>;
  /**
   * Audits a failed attempt. A wrong password was counted when it was claimed; reaching the
   * limit locks the account. Returns the lock end when this failure locked it.
   */
  recordSignInFailure(
    cmd: Actor & {
      reason: 'wrong-password' | 'unknown-user' | 'locked' | 'disabled';
      limit: number;
      lockMinutes: number;
    },
  ): Promise<Date | null>;
  recordSignOut(
    cmd: Actor & { operatorId: number; reason: 'sign-out' | 'replaced' },
  ): Promise<void>;
  recordIdleLock(
    cmd: Actor & { operatorId: number; reason: 'idle' | 'os-lock' | 'os-idle' },
  ): Promise<void>;
}

interface OperatorRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  password_changed_at: string;
  failed_sign_ins: number;
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
  mac_key_id: string | null;
  row_mac: Buffer | null;
}

const toCredentials = (row: OperatorRow): Omit<OperatorCredentials, 'sealed'> => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  passwordHash: row.password_hash,
  failedSignIns: row.failed_sign_ins,
  lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
  disabled: row.disabled_at !== null,
});

export function createOperatorStore(
  db: Db,
  audit: AuditTrail,
  keys: Pick<KeyProvider, 'operatorsDisabled' | 'signInLocks' | 'trailBreak'>,
): OperatorStore {
  const byUsername = db.prepare<[string], OperatorRow>(
    'SELECT * FROM operators WHERE username = ?',
  );
  const byId = db.prepare<[number], OperatorRow>('SELECT * FROM operators WHERE id = ?');
  const all = db.prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY username');
  const insert = db.prepare(
    `INSERT INTO operators (username, display_name, role, password_hash, password_changed_at, created_at)
     VALUES (@username, @displayName, @role, @passwordHash, @at, @at)`,
  );
  const insertHistory = db.prepare(
    'INSERT INTO password_history (operator_id, password_hash, set_at) VALUES (?, ?, ?)',
  );
  const disable = db.prepare(
    'UPDATE operators SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL',
  );
  const resetFailures = db.prepare(
    'UPDATE operators SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?',
  );
  // Counted from whichever is higher, the row or the trail (a replayed row cannot lower it).
  const countFailure = db.prepare<[number, number], { failed_sign_ins: number }>(
    'UPDATE operators SET failed_sign_ins = max(failed_sign_ins, ?) + 1 WHERE id = ? RETURNING failed_sign_ins',
  );
  const lock = db.prepare(
    'UPDATE operators SET locked_until = ?, failed_sign_ins = 0 WHERE id = ?',
  );
  const failuresOf = db.prepare<[number], { failed_sign_ins: number }>(
    'SELECT failed_sign_ins FROM operators WHERE id = ?',
  );
  const upgradeHash = db.prepare<[string, number, string], { password_changed_at: string }>(
    'UPDATE operators SET password_hash = ? WHERE id = ? AND password_hash = ? RETURNING password_changed_at',
  );

  // What the trail says of each operator, from its entries (a row put back from before, or
  // copied in from a same-key copy of the database, keeps a valid row MAC). Every entry about
  // the operator is read whatever its result, and each must hold: one that fails its MAC (an
  // edited disable, say) leaves the row unvouched — never skipped, which would read the trail
  // as if the entry had never been written:
  // - created: an operator.create entry names its id, username and role (no command changes them);
  // - the newest operator.create / operator.password-sealed entry's digest of the password hash
  //   and its set time matches the row (entries written before digests were recorded carry
  //   none: the row's hash is then vouched by its MAC alone, as before — docs/DEPLOY.md);
  // - disabled: an operator.disable entry disabled it (no command enables an operator again).
  // One indexed query (audit_log_by_subject) and a MAC per entry, a handful per operator.
  const trailEntries = db.prepare<[string], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log
     WHERE subject_id = ? AND action IN ('operator.create', 'operator.password-sealed', 'operator.disable')
     ORDER BY seq DESC`,
  );
  const trailSays = (row: OperatorRow) => {
    let created = false;
    let passwordVouched: boolean | null = null;
    let disabled = false;
    let digestMissing = false;
    let altered = false;
    for (const entry of trailEntries.all(String(row.id))) {
      if (!entryHolds(entry)) {
        altered = true;
        continue;
      }
      if (entry.result !== 'success') continue;
      if (entry.action === 'operator.disable') {
        disabled = true;
        continue;
      }
      const details = JSON.parse(entry.details) as {
        username?: unknown;
        role?: unknown;
        passwordDigest?: unknown;
      };
      if (passwordVouched === null) {
        digestMissing = typeof details.passwordDigest !== 'string';
        passwordVouched =
          digestMissing ||
          details.passwordDigest === passwordDigest(row.password_hash, row.password_changed_at);
      }
      if (
        entry.action === 'operator.create' &&
        details.username === row.username &&
        details.role === row.role
      )
        created = true;
    }
    // A failing entry is read the strictest way too: the operator may have been disabled.
    if (altered) disabled = true;
    return {
      created,
      passwordVouched: passwordVouched === true,
      disabled,
      digestMissing,
      altered,
    };
  };
  // The entries are read again at every look (an entry edited after it was checked is seen);
  // only the HMAC of an entry read again identical in every column is saved (row-check-memo.ts).
  const entryHolds = rowCheckMemo((entry: StoredAuditEntry & { mac: Buffer | null }) =>
    audit.storedEntryHolds(entry),
  );
  // What the key store records as disabled (keys/operators-disabled.ts): the last word, as a
  // writer of the file can rename the trail's operator.disable entry out of the selection above
  // and put the row back from before. Read again whenever the database may have changed: the
  // disable writes both. A key store that cannot be read names nobody, but vouches for nobody
  // either: every operator reads as disabled until it can be read again (never remembered).
  const mark = createChangeMark(db);
  const keyStoreRead = whileUnchanged(mark, () => keys.operatorsDisabled?.read() ?? []);
  const keyStoreDisabled = () => {
    try {
      return keyStoreRead();
    } catch {
      return null;
    }
  };
  const keyStoreSays = (row: OperatorRow): 'enabled' | 'disabled' | 'unreadable' => {
    const disabled = keyStoreDisabled();
    if (disabled === null) return 'unreadable';
    return namesOperator(disabled, row) ? 'disabled' : 'enabled';
  };
  const credentials = (row: OperatorRow): OperatorCredentials => {
    const said = trailSays(row);
    const keyStore = keyStoreSays(row);
    const rowDisabled = row.disabled_at !== null;
    const disabledElsewhere = said.disabled || keyStore === 'disabled';
    return {
      ...toCredentials(row),
      // Disabled by the row, the trail or the key store; a row enabled again against the trail
      // or the key store is altered.
      disabled: rowDisabled || disabledElsewhere || keyStore === 'unreadable',
      sealed:
        audit.rowHolds('operators', row) &&
        !said.altered &&
        said.created &&
        said.passwordVouched &&
        (rowDisabled || !disabledElsewhere),
    };
  };

  // A failure or lockout entry counted before and gone from its selection since (renamed, moved,
  // deleted) or failing its MAC: the sign-in is refused, the trail marked broken and the lead
  // alerted (altered-entry.ts), in the transaction of the refusal.
  let alteredSeq: number | null = null;
  const trail = createSignInTrail(db, entryHolds, countedEntries(db, entryHolds), (seq) => {
    alteredSeq ??= seq;
  });
  const reportAltered = alteredEntryReport(audit, keys);
  const ALTERED_WHAT = 'a sign-in failure or lockout entry counted for the sign-in lock';
  /** Reports the altered entry the reads since `alteredSeq` was cleared found; true if any. */
  const reportedAltered = (cmd: Actor & { operatorId: number }): boolean => {
    const seq = alteredSeq;
    alteredSeq = null;
    if (seq === null) return false;
    reportAltered({ ...cmd, username: cmd.username ?? String(cmd.operatorId) }, seq, ALTERED_WHAT);
    return true;
  };
  // The sign-in locks the key store records (keys/sign-in-locks.ts): a lock it holds is in force
  // whatever the row and the trail say. One that cannot be read is read as locking everyone
  // (the operators it names as disabled cannot be read either, operatorsDisabled above).
  const keyStoreLock = (operator: OperatorCredentials, at: Date): boolean => {
    const store = keys.signInLocks;
    if (!store) return false;
    try {
      return lockedBy(store.read(), operator, at) !== null;
    } catch {
      return true;
    }
  };
  /** Records a lock in the key store; the row and the trail hold it when that cannot be written. */
  const recordLock = (operatorId: number, until: Date, at: Date) => {
    const row = byId.get(operatorId);
    if (!row) return;
    try {
      keys.signInLocks?.record(
        { id: row.id, username: row.username, until: until.toISOString() },
        at,
      );
    } catch {
      // Never rolls the lock back: the database's lock is imposed all the same.
    }
  };
  const standings = new Map<number, { at: string; value: { role: Role } | null }>();
  /**
   * Locked now, by the row, by a lockout the trail recorded, or by the key store (a replayed row
   * or a renamed entry cannot lift it).
   */
  const lockedAt = (operator: OperatorCredentials, at: Date): boolean =>
    (operator.lockedUntil !== null && operator.lockedUntil > at) ||
    trail.lockedUntil(operator.id, at) !== null ||
    keyStoreLock(operator, at);
  /** Counts the operator's failures and lockouts as they stand now, so each is looked for again. */
  const countNow = (operatorId: number, at: Date) => {
    trail.failuresSinceReset(operatorId);
    trail.lockedUntil(operatorId, at);
  };

  const entry = (cmd: Actor) => ({
    at: cmd.at,
    operatorId: cmd.operatorId,
    username: cmd.username,
    origin: cmd.origin,
  });

  return {
    async findForSignIn(username) {
      const row = byUsername.get(username);
      return row ? credentials(row) : null;
    },
    async findById(id) {
      const row = byId.get(id);
      return row ? credentials(row) : null;
    },
    async list() {
      return all.all().map((row) => ({
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        // The key store's word too: a row put back to enabled still lists as disabled.
        disabled: row.disabled_at !== null || keyStoreSays(row) === 'disabled',
        lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
        createdAt: new Date(row.created_at),
      }));
    },
    async create(cmd) {
      return audit.transact(() => {
        const at = cmd.at.toISOString();
        const id = Number(
          insert.run({
            username: cmd.newUsername,
            displayName: cmd.displayName,
            role: cmd.role,
            passwordHash: cmd.passwordHash,
            at,
          }).lastInsertRowid,
        );
        insertHistory.run(id, cmd.passwordHash, at);
        audit.append({
          ...entry(cmd),
          action: 'operator.create',
          subjectType: 'operator',
          subjectId: String(id),
          result: 'success',
          details: {
            role: cmd.role,
            username: cmd.newUsername,
            // The display name is not sealed in the row: the trail vouches for it
            // (vouched-name.ts).
            displayName: cmd.displayName,
            passwordDigest: passwordDigest(cmd.passwordHash, at),
          },
        });
        return id;
      });
    },
    async disable(cmd) {
      return audit.transact(() => {
        const target = byUsername.get(cmd.targetUsername);
        if (!target) return false;
        const changed = disable.run(cmd.at.toISOString(), target.id).changes > 0;
        // Recorded in the key store too, inside this transaction (under the write lock): the
        // row and the entry can be undone in the file, the key store cannot. One that cannot be
        // written rolls the disable back, and the admin is told. An operator already disabled
        // is recorded as well (one disabled before the key store kept the list).
        const store = keys.operatorsDisabled;
        try {
          store?.record({ id: target.id, username: target.username, at: cmd.at.toISOString() });
        } catch (error) {
          throw new KeyError(
            `"${target.username}" was not disabled: the ${store!.where} could not record it (${(error as Error).message}).`,
          );
        }
        audit.append({
          ...entry(cmd),
          action: 'operator.disable',
          subjectType: 'operator',
          subjectId: String(target.id),
          result: changed ? 'success' : 'failure',
          details: changed ? {} : { reason: 'already-disabled' },
        });
        return changed;
      });
    },
    standing(id) {
      // Asked at every call: the row and its MAC are read again whenever the database may
      // have changed since they were last checked (change-mark.ts), so an altered or
      // disabled operator is refused at the next call, as by a fresh read.
      const at = mark();
      const kept = standings.get(id);
      if (kept?.at === at) return kept.value;
      const row = byId.get(id);
      const operator = row ? credentials(row) : null;
      const value =
        !operator || operator.disabled || !operator.sealed ? null : { role: operator.role };
      standings.set(id, { at, value });
      return value;
    },
    async claimSignInAttempt(cmd) {
      return audit.transact(() => {
        const row = byId.get(cmd.operatorId);
        const operator = row ? credentials(row) : null;
        alteredSeq = null;
        let refused: 'locked' | 'disabled' | null =
          !operator || operator.disabled
            ? 'disabled'
            : lockedAt(operator, cmd.at)
              ? 'locked'
              : null;
        const failures = refused ? 0 : trail.failuresSinceReset(cmd.operatorId);
        // An entry of the count altered: no count can be believed, so the attempt is refused.
        if (reportedAltered(cmd)) refused ??= 'locked';
        if (!refused) {
          const attempts = countFailure.get(failures, cmd.operatorId)?.failed_sign_ins ?? 0;
          if (attempts > cmd.limit) {
            // More attempts in flight than the limit allows: lock now, before any hash runs.
            const until = new Date(cmd.at.getTime() + cmd.lockMinutes * 60_000);
            lock.run(until.toISOString(), cmd.operatorId);
            recordLock(cmd.operatorId, until, cmd.at);
            audit.append({
              ...entry(cmd),
              action: 'operator.locked-out',
              subjectType: 'operator',
              subjectId: String(cmd.operatorId),
              result: 'alert',
              details: { until: until.toISOString(), failures: cmd.limit },
            });
            refused = 'locked';
          }
        }
        if (!refused) return { ok: true as const };
        audit.append({
          ...entry(cmd),
          action: 'session.sign-in',
          subjectType: 'operator',
          subjectId: String(cmd.operatorId),
          result: 'failure',
          details: { reason: refused },
        });
        countNow(cmd.operatorId, cmd.at);
        reportedAltered(cmd);
        return { ok: false as const, reason: refused };
      });
    },
    async upgradePasswordHash(cmd) {
      audit.transact(() => {
        const row = upgradeHash.get(cmd.to, cmd.operatorId, cmd.from);
        if (!row) return;
        // The trail vouches for the new hash (its digest), as operator.create did for the first.
        audit.append({
          ...entry(cmd),
          action: 'operator.password-sealed',
          subjectType: 'operator',
          subjectId: String(cmd.operatorId),
          result: 'success',
          details: {
            passwordDigest: passwordDigest(cmd.to, row.password_changed_at),
            reason: 'rehash',
          },
        });
      });
    },
    async recordSignIn(cmd) {
      return audit.transact(() => {
        const row = byId.get(cmd.operatorId);
        const operator = row ? credentials(row) : null;
        alteredSeq = null;
        let refused: 'locked' | 'disabled' | null =
          !operator || operator.disabled
            ? 'disabled'
            : lockedAt(operator, cmd.at)
              ? 'locked'
              : null;
        if (!refused) trail.failuresSinceReset(cmd.operatorId);
        if (reportedAltered(cmd)) refused ??= 'locked';
        if (refused) {
          // The password matched, but the account was locked or disabled meanwhile.
          audit.append({
            ...entry(cmd),
            action: cmd.resumed ? 'session.resume' : 'session.sign-in',
            subjectType: 'operator',
            subjectId: String(cmd.operatorId),
            result: 'failure',
            details: { reason: refused },
          });
          return false;
        }
        resetFailures.run(cmd.operatorId);
        audit.append({
          ...entry(cmd),
          action: cmd.resumed ? 'session.resume' : 'session.sign-in',
          subjectType: 'operator',
          subjectId: String(cmd.operatorId),
          result: 'success',
          details: {},
        });
        // An operator created before the trail recorded password digests: its first sign-in
        // since then records the hash it signed in with, so from now on a row swapped in from a
        // same-key copy is caught (docs/DEPLOY.md, Upgrades).
        if (row && operator?.sealed && trailSays(row).digestMissing)
          audit.append({
            ...entry(cmd),
            action: 'operator.password-sealed',
            subjectType: 'operator',
            subjectId: String(cmd.operatorId),
            result: 'success',
            details: {
              passwordDigest: passwordDigest(row.password_hash, row.password_changed_at),
              reason: 'first-sign-in',
            },
          });
        return true;
      });
    },
    async recordSignInFailure(cmd) {
      return audit.transact(() => {
        alteredSeq = null;
        let lockedUntil: Date | null = null;
        if (cmd.operatorId !== null && cmd.reason === 'wrong-password') {
          // Counted when the attempt was claimed, before its hash ran.
          const failures = failuresOf.get(cmd.operatorId)?.failed_sign_ins ?? 0;
          const current = byId.get(cmd.operatorId);
          const alreadyLocked = current !== undefined && lockedAt(credentials(current), cmd.at);
          if (failures >= cmd.limit && !alreadyLocked) {
            lockedUntil = new Date(cmd.at.getTime() + cmd.lockMinutes * 60_000);
            lock.run(lockedUntil.toISOString(), cmd.operatorId);
            recordLock(cmd.operatorId, lockedUntil, cmd.at);
          }
        }
        // A failed sign-in names the username only when it exists: people type passwords there.
        audit.append({
          ...entry(cmd),
          action: 'session.sign-in',
          subjectType: cmd.operatorId === null ? null : 'operator',
          subjectId: cmd.operatorId === null ? null : String(cmd.operatorId),
          result: 'failure',
          details: { reason: cmd.reason },
        });
        if (lockedUntil) {
          audit.append({
            ...entry(cmd),
            action: 'operator.locked-out',
            subjectType: 'operator',
            subjectId: String(cmd.operatorId),
            result: 'alert',
            details: { until: lockedUntil.toISOString(), failures: cmd.limit },
          });
        }
        // This failure (and lockout) counted now, so one renamed after it is written is seen.
        if (cmd.operatorId !== null) {
          countNow(cmd.operatorId, cmd.at);
          reportedAltered({ ...cmd, operatorId: cmd.operatorId });
        }
        return lockedUntil;
      });
    },
    async recordSignOut(cmd) {
      audit.transact(() => {
        audit.append({
          ...entry(cmd),
          action: 'session.sign-out',
          subjectType: 'operator',
          subjectId: String(cmd.operatorId),
          result: 'success',
          details: { reason: cmd.reason },
        });
      });
    },
    async recordIdleLock(cmd) {
      audit.transact(() => {
        audit.append({
          ...entry(cmd),
          action: 'session.idle-lock',
          subjectType: 'operator',
          subjectId: String(cmd.operatorId),
          result: 'success',
          details: { reason: cmd.reason },
        });
      });
    },
  };
}
