/**
 * What is kept of a record: the one place clear values are turned into what the database
 * may hold, exactly as the demo builder does (lookup-hash.ts, verification-hash.ts, the
 * shared masks). A card number becomes brand, last 4 and a keyed hash (brand, length and
 * Luhn checked); a contact its mask and the keyed hash of its normalised form (E.164 for a
 * mobile); a date of birth and postcode the salted scrypt pair. A prepared record holds no
 * clear card number or contact; a verification's normalised pair lives only in memory until
 * it is hashed.
 */
import { createHmac } from 'node:crypto';
import { hmacKey } from '../crypto/hmac-key.ts';
import { parseCardNumber } from '../../../shared/input/card-number.ts';
import type { Brand } from '../../../shared/cards/brands.ts';
import type { ContactKind } from '../../../shared/contacts/contact-codes.ts';
import type { QuarantineReason } from '../../../shared/import/import-codes.ts';
import { parseDateOfBirth } from '../../../shared/input/date-of-birth.ts';
import { maskEmail, normaliseEmail } from '../../../shared/input/email.ts';
import { maskPhone, normaliseMobile } from '../../../shared/input/mobile.ts';
import { normalisePostcode } from '../../../shared/input/postcode.ts';
import { lookupHashWith } from '../crypto/lookup-hash.ts';
import type { PurposeKey } from '../keys/key-provider.ts';
import type {
  AttemptRecord,
  CardholderRecord,
  ContactRecord,
  DeleteRecord,
  ImportRecord,
  LockoutRecord,
} from './schemas.ts';

/** Already UTC with milliseconds (as most exports write it): kept as it is, unparsed. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u;
const iso = (instant: string) =>
  CANONICAL.test(instant) ? instant : new Date(instant).toISOString();
const isoOrNull = (instant: string | null | undefined) =>
  instant === null || instant === undefined ? null : iso(instant);

export interface Masked {
  masked: string;
  hash: Buffer;
  keyId: string;
  /** The same value's hash under an older lookup key, to tell whether a held value changed. */
  hashUnder(key: PurposeKey): Buffer;
}

export type Prepared =
  | (Omit<CardholderRecord, 'asOf'> & { asOf: string })
  | {
      type: 'card';
      id: string;
      cardholderId: string;
      product: string;
      acsCardRef: string | null;
      brand: Brand;
      last4: string;
      panHash: Buffer;
      panKeyId: string;
      asOf: string;
    }
  | {
      type: 'contact';
      cardholderId: string;
      kind: ContactKind;
      value: Masked;
      status: ContactRecord['status'];
      valueChangedAt: string | null;
      pending: { masked: string; effectiveAt: string } | null;
      asOf: string;
    }
  | {
      type: 'verification';
      cardholderId: string;
      /** The normalised pair, in memory only until the pool hashes it; never stored. */
      pair: { dob: string; postcode: string };
      asOf: string;
    }
  | (Omit<LockoutRecord, 'since' | 'until' | 'clearedAt' | 'asOf'> & {
      since: string;
      until: string | null;
      clearedAt: string | null;
      asOf: string;
    })
  | (Omit<AttemptRecord, 'at' | 'expiresAt' | 'destination' | 'asOf'> & {
      at: string;
      expiresAt: string | null;
      destination: Masked | null;
      asOf: string;
    })
  | (Omit<DeleteRecord, 'asOf'> & { asOf: string });

export type Transformed = { ok: true; record: Prepared } | { ok: false; reason: QuarantineReason };

/**
 * A run's memory of contacts already normalised and masked (a phone number's parse and
 * format are the costliest step of a line, and an attempt's destination is usually a contact
 * of the same file). It lives as long as one run, in memory only, and is bounded.
 */
export interface MaskMemo {
  get(key: string): { normal: string; masked: string } | null | undefined;
  set(key: string, value: { normal: string; masked: string } | null): void;
}

const MEMO_LIMIT = 50_000;

export function createMaskMemo(): MaskMemo {
  const entries = new Map<string, { normal: string; masked: string } | null>();
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      if (entries.size >= MEMO_LIMIT) entries.clear();
      entries.set(key, value);
    },
  };
}

function normalAndMask(
  kind: ContactKind,
  value: string,
): { normal: string; masked: string } | null {
  const normal = kind === 'mobile' ? normaliseMobile(value) : normaliseEmail(value);
  if (normal === null) return null;
  try {
    return { normal, masked: kind === 'mobile' ? maskPhone(normal) : maskEmail(normal) };
  } catch {
    return null;
  }
}

/** A contact in its one normalised form with its mask, or null when it is not one. */
function maskContact(
  kind: ContactKind,
  value: string,
  key: PurposeKey,
  memo?: MaskMemo,
): Masked | null {
  const memoKey = `${kind}\u0000${value}`;
  let known = memo?.get(memoKey);
  if (known === undefined) {
    known = normalAndMask(kind, value);
    memo?.set(memoKey, known);
  }
  if (known === null) return null;
  const { normal, masked } = known;
  return {
    masked,
    hash: lookupHashWith(key, kind, normal),
    keyId: key.id,
    hashUnder: (other) => lookupHashWith(other, kind, normal),
  };
}

export function transform(
  record: ImportRecord,
  lookupKey: PurposeKey,
  memo?: MaskMemo,
): Transformed {
  const asOf = iso(record.asOf);
  switch (record.type) {
    case 'cardholder':
      return { ok: true, record: { ...record, asOf } };
    case 'card': {
      const card = parseCardNumber(record.cardNumber);
      if (!card.ok) return { ok: false, reason: 'invalid-card-number' };
      return {
        ok: true,
        record: {
          type: 'card',
          id: record.id,
          cardholderId: record.cardholderId,
          product: record.product,
          acsCardRef: record.acsCardRef ?? null,
          brand: card.brand,
          last4: card.digits.slice(-4),
          panHash: lookupHashWith(lookupKey, 'pan', card.digits),
          panKeyId: lookupKey.id,
          asOf,
        },
      };
    }
    case 'contact': {
      const value = maskContact(record.kind, record.value, lookupKey, memo);
      if (!value) return { ok: false, reason: 'invalid-contact' };
      let pending: { masked: string; effectiveAt: string } | null = null;
      if (record.pending) {
        const next = maskContact(record.kind, record.pending.value, lookupKey, memo);
        if (!next) return { ok: false, reason: 'invalid-contact' };
        pending = { masked: next.masked, effectiveAt: iso(record.pending.effectiveAt) };
      }
      return {
        ok: true,
        record: {
          type: 'contact',
          cardholderId: record.cardholderId,
          kind: record.kind,
          value,
          status: record.status,
          valueChangedAt: isoOrNull(record.valueChangedAt),
          pending,
          asOf,
        },
      };
    }
    case 'verification': {
      const dob = parseDateOfBirth(record.dateOfBirth);
      const postcode = normalisePostcode(record.postcode);
      if (dob === null || postcode === null) return { ok: false, reason: 'invalid-verification' };
      return {
        ok: true,
        record: {
          type: 'verification',
          cardholderId: record.cardholderId,
          pair: { dob, postcode },
          asOf,
        },
      };
    }
    case 'lockout':
      return {
        ok: true,
        record: {
          ...record,
          since: iso(record.since),
          until: isoOrNull(record.until),
          clearedAt: isoOrNull(record.clearedAt),
          asOf,
        },
      };
    case 'attempt': {
      let destination: Masked | null = null;
      if (record.destination !== undefined) {
        const kind: ContactKind = record.destination.includes('@') ? 'email' : 'mobile';
        destination = maskContact(kind, record.destination, lookupKey, memo);
        if (!destination) return { ok: false, reason: 'invalid-contact' };
      }
      return {
        ok: true,
        record: {
          ...record,
          at: iso(record.at),
          expiresAt: isoOrNull(record.expiresAt),
          destination,
          asOf,
        },
      };
    }
    case 'delete':
      return { ok: true, record: { ...record, asOf } };
  }
}

/**
 * The salt of an imported DOB + postcode hash: keyed from the cardholder's external id and
 * the record's as-of time, so a run resumed after a crash writes the same bytes as one that
 * was not interrupted (the demo derives its salts from its seed for the same reason).
 */
export function importSalt(lookupKey: PurposeKey, cardholderId: string, asOf: string): Buffer {
  return createHmac('sha256', hmacKey(lookupKey.secret))
    .update(`verify-desk:import-salt\u0000${cardholderId}\u0000${asOf}`, 'utf8')
    .digest()
    .subarray(0, 16);
}

/** A row's public id, the same for the same external id in every run. */
export function importPublicId(
  lookupKey: PurposeKey,
  prefix: 'h' | 'c',
  externalId: string,
): string {
  const digest = createHmac('sha256', hmacKey(lookupKey.secret))
    .update(`verify-desk:import-public-id\u0000${prefix}\u0000${externalId}`, 'utf8')
    .digest('hex');
  return `${prefix}_${digest.slice(0, 12)}`;
}
