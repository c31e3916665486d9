/**
 * Registered contact points as stored: masked values and keyed hashes of the normalised
 * values, never the values. Read as part of opening a card (audited there).
 */
import type { Db } from '../db/connection.ts';

export type ContactKind = 'mobile' | 'email';
export type ContactStatus = 'verified' | 'unverified' | 'bounced' | 'undeliverable';

export interface ContactRecord {
  kind: ContactKind;
  masked: string;
  valueHash: Buffer;
  valueKeyId: string;
  status: ContactStatus;
  updatedAt: Date;
  valueChangedAt: Date | null;
  pending: { masked: string; effectiveAt: Date } | null;
}

export interface ContactStore {
  /** The cardholder's contact points, mobile first. */
  of(cardholderId: number): ContactRecord[];
}

interface ContactRow {
  kind: ContactKind;
  masked: string;
  value_hash: Buffer;
  value_key_id: string;
  status: ContactStatus;
  updated_at: string;
  value_changed_at: string | null;
  pending_masked: string | null;
  pending_effective_at: string | null;
}

export function createContactStore(db: Db): ContactStore {
  const byCardholder = db.prepare<[number], ContactRow>(`
    SELECT kind, masked, value_hash, value_key_id, status, updated_at, value_changed_at,
           pending_masked, pending_effective_at
    FROM contact_points WHERE cardholder_id = ? ORDER BY kind DESC`);
  return {
    of(cardholderId) {
      return byCardholder.all(cardholderId).map((row) => ({
        kind: row.kind,
        masked: row.masked,
        valueHash: row.value_hash,
        valueKeyId: row.value_key_id,
        status: row.status,
        updatedAt: new Date(row.updated_at),
        valueChangedAt: row.value_changed_at ? new Date(row.value_changed_at) : null,
        pending:
          row.pending_masked && row.pending_effective_at
            ? { masked: row.pending_masked, effectiveAt: new Date(row.pending_effective_at) }
            : null,
      }));
    },
  };
}
