/**
 * Policy values as stored: one row per key, JSON, validated against the policy schema on
 * read and on every change. A change is audited with the value before and after, in the same
 * transaction (PCI DSS 10.2.1: administrative actions).
 */
import { inCallersTransaction } from '../db/read-scope.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { createChangeMark, whileUnchanged } from '../db/change-mark.ts';
import type { Db } from '../db/connection.ts';
import { DeskFailure } from '../router/failure.ts';
import type { PolicyHeadStore } from '../keys/policy-head.ts';
import { policySchema, type Policy, type PolicyKey } from './policy.ts';

export interface PolicyChange {
  operatorId: number | null;
  username: string | null;
  origin: string;
  at: Date;
  key: PolicyKey;
  value: number;
}

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** How a policy row fails: it does not match its MAC, or not the trail's last change of it. */
export type PolicyProblem = 'forged' | 'not-as-set';

/**
 * The policy in force cannot be vouched for (a row changed, deleted or put back outside Verify
 * Desk): every call is refused with this typed reason (`policy.altered`), which tells the agent
 * to call a team lead; an admin sets the value again (desk-admin policy set) to repair it.
 */
export class PolicyAlteredError extends DeskFailure {
  readonly key: string;
  readonly problem: PolicyProblem;
  constructor(key: string, problem: PolicyProblem, message: string) {
    super('forbidden', 'policy.altered', message);
    this.key = key;
    this.problem = problem;
  }
}

export interface PolicyStoreOptions {
  /**
   * Told when a read refuses a row (outside any transaction, so that what it records stays):
   * the console raises the lead's alert (`alert.altered-row`, table policy) from it.
   */
  onAltered?: (key: string, problem: PolicyProblem) => void;
  /**
   * Where the key store keeps the policy as its last change left it (keys/policy-head.ts): the
   * last word on what each row must be. Absent (keys in memory, a read-only look): the trail
   * alone speaks.
   */
  head?: PolicyHeadStore;
}

export interface PolicyStore {
  /** The policy in force; read at every call so an admin's change applies at once. */
  read(): Policy;
  /** Sets one value; refused (PolicyError) when out of bounds. Returns the value before and after. */
  set(change: PolicyChange): Promise<{ before: number; after: number }>;
}

export function createPolicyStore(
  db: Db,
  audit?: AuditTrail,
  options: PolicyStoreOptions = {},
): PolicyStore {
  const all = db.prepare<
    [],
    { key: string; value: string; mac_key_id: string | null; row_mac: Buffer | null }
  >('SELECT key, value, mac_key_id, row_mac FROM policy');
  // A forged row is replaced, not updated: an update would keep it forged (migration 007).
  const dropForged = db.prepare<[string]>('DELETE FROM policy WHERE key = ?');
  const upsert = db.prepare(
    `INSERT INTO policy (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  /**
   * Rows are checked against their MAC when this store holds the trail (and so the keys): a
   * value changed outside Verify Desk is never used. Reading refuses, naming it; `set` may
   * replace it (its entry says so), which is how an admin repairs it.
   */
  // The newest policy.set entry per key. A row its MAC vouches for may still be an older row put
  // back, or gone (the schema's default would apply): the trail's last change says what it must
  // be. Such a row is treated as a forged one — the strictest safe answer: Verify Desk will not
  // run on a policy it cannot vouch for (every call refused, naming the key) until an admin sets
  // it again. An entry whose MAC fails is not followed (audit verify names it); each entry's MAC
  // is checked once (the trail only grows).
  const lastSets = db.prepare<[], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log WHERE seq IN (SELECT max(seq) FROM audit_log
       WHERE action = 'policy.set' AND +result = 'success' GROUP BY subject_id)`,
  );
  const holds = new Map<number, boolean>();
  const trailValues = (): Map<string, string> => {
    const values = new Map<string, string>();
    if (!audit) return values;
    for (const entry of lastSets.all()) {
      let good = holds.get(entry.seq);
      if (good === undefined) holds.set(entry.seq, (good = audit.storedEntryHolds(entry)));
      const { after } = JSON.parse(entry.details) as { after?: unknown };
      if (good && after !== undefined) values.set(entry.subject_id ?? '', JSON.stringify(after));
    }
    return values;
  };
  const rows = (forged: 'refuse' | 'skip') => {
    const said = trailValues();
    const list = all.all();
    const refuse = (key: string) =>
      altered(
        key,
        'not-as-set',
        `Policy value "${key}" is not the one its last change in the audit trail set (changed outside Verify Desk), so Verify Desk will not use it. Check the audit trail (desk-admin audit verify), then set it again: desk-admin policy set --key ${key}.`,
      );
    const valueOf = (key: string) => {
      const row = list.find((r) => r.key === key);
      return row && JSON.stringify(JSON.parse(row.value));
    };
    if (forged === 'refuse') {
      for (const [key, value] of said) if (valueOf(key) !== value) refuse(key);
      // The key store's head is the last word: every row it records, as it records it, and no
      // other row (one planted, or an older one put back while the trail's newest entry for
      // its key was renamed).
      const head = headNow();
      if (head) {
        for (const [key, value] of Object.entries(head.values))
          if (valueOf(key) !== value) refuse(key);
        for (const row of list) if (!(row.key in head.values)) refuse(row.key);
      }
    }
    return list.filter((row) => {
      if (!audit || audit.rowHolds('policy', row)) return true;
      if (forged === 'skip') return false;
      return altered(
        row.key,
        'forged',
        `Policy value "${row.key}" was changed outside Verify Desk (its row does not match its MAC), so Verify Desk will not use it. Check the audit trail (desk-admin audit verify), then set it again: desk-admin policy set --key ${row.key}.`,
      );
    });
  };
  /** The key store's head; one that cannot be read refuses the policy (never "no head"). */
  const headNow = () => {
    if (!options.head) return null;
    try {
      return options.head.read();
    } catch (error) {
      return altered(
        '*',
        'not-as-set',
        `The policy cannot be checked: the ${options.head.where} could not be read (${(error as Error).message}).`,
      );
    }
  };
  /** Refuses the read; tells onAltered first when no transaction would take its record back. */
  function altered(key: string, problem: PolicyProblem, message: string): never {
    if (!inCallersTransaction(db)) options.onAltered?.(key, problem);
    throw new PolicyAlteredError(key, problem, message);
  }
  const lastSeq = db.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM audit_log');
  /** The rows that hold their MAC and are what the trail's last change of their key set. */
  const vouchedValues = (said: Map<string, string>): Record<string, string> =>
    Object.fromEntries(
      all
        .all()
        .filter((row) => audit?.rowHolds('policy', row) !== false)
        .map((row) => [row.key, JSON.stringify(JSON.parse(row.value))] as const)
        .filter(([key, value]) => !said.has(key) || said.get(key) === value),
    );
  const parse = (list: { key: string; value: string }[]) =>
    policySchema.parse(
      Object.fromEntries(list.map((row) => [row.key, JSON.parse(row.value) as unknown])),
    );
  // Read at every call: the rows, their MACs and the schema are checked again only when the
  // database may have changed (change-mark.ts), never longer than that.
  const read = whileUnchanged(createChangeMark(db), () => parse(rows('refuse')));

  return {
    read,
    async set(change) {
      if (!audit) throw new Error('This policy store is read-only.');
      return audit.transact(() => {
        const current = parse(rows('skip'));
        const checked = policySchema.safeParse({ ...current, [change.key]: change.value });
        if (!checked.success) {
          const issue = checked.error.issues[0];
          throw new PolicyError(`${change.key}: ${issue?.message ?? 'not allowed'}.`);
        }
        const before = current[change.key];
        const after = checked.data[change.key];
        const forged = all
          .all()
          .some((row) => row.key === change.key && audit.rowHolds('policy', row) === false);
        if (forged) dropForged.run(change.key);
        upsert.run(change.key, JSON.stringify(after), change.at.toISOString());
        audit.append({
          at: change.at,
          operatorId: change.operatorId,
          username: change.username,
          origin: change.origin,
          action: 'policy.set',
          subjectType: 'policy',
          subjectId: change.key,
          result: 'success',
          details: { key: change.key, before, after },
        });
        // What the key store records once this commits: the last head's values (or, before
        // there was one, the rows the trail vouches for), with this key's new value. A row put
        // back or planted for another key is not taken in by an admin's change of this one.
        const said = trailValues();
        const base = headNow()?.values ?? vouchedValues(said);
        const values = { ...base, [change.key]: JSON.stringify(after) };
        const seq = lastSeq.get()!.seq;
        const head = options.head;
        if (head)
          audit.afterCommit(() => db.transaction(() => head.write({ seq, values })).immediate());
        return { before, after };
      });
    },
  };
}
