/**
 * Policy values as stored: one row per key, JSON, validated against the policy schema on
 * read and on every change. A change is audited with the value before and after, in the same
 * transaction (PCI DSS 10.2.1: administrative actions).
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';
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

export interface PolicyStore {
  /** The policy in force; read at every call so an admin's change applies at once. */
  read(): Policy;
  /** Sets one value; refused (PolicyError) when out of bounds. Returns the value before and after. */
  set(change: PolicyChange): Promise<{ before: number; after: number }>;
}

export function createPolicyStore(db: Db, audit?: AuditTrail): PolicyStore {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM policy');
  const upsert = db.prepare(
    `INSERT INTO policy (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const read = () =>
    policySchema.parse(
      Object.fromEntries(all.all().map((row) => [row.key, JSON.parse(row.value) as unknown])),
    );

  return {
    read,
    async set(change) {
      if (!audit) throw new Error('This policy store is read-only.');
      return audit.transact(() => {
        const current = read();
        const checked = policySchema.safeParse({ ...current, [change.key]: change.value });
        if (!checked.success) {
          const issue = checked.error.issues[0];
          throw new PolicyError(`${change.key}: ${issue?.message ?? 'not allowed'}.`);
        }
        const before = current[change.key];
        const after = checked.data[change.key];
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
        return { before, after };
      });
    },
  };
}
