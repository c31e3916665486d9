/** Policy values as stored: one row per key, JSON, validated against the policy schema on read. */
import type { Db } from '../db/connection.ts';
import { policySchema, type Policy } from './policy.ts';

export interface PolicyStore {
  /** The policy in force; read at every call so an admin's change applies at once. */
  read(): Policy;
}

export function createPolicyStore(db: Db): PolicyStore {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM policy');
  return {
    read() {
      const stored = Object.fromEntries(
        all.all().map((row) => [row.key, JSON.parse(row.value) as unknown]),
      );
      return policySchema.parse(stored);
    },
  };
}
