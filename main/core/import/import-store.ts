/**
 * The importer's SQL: upserts keyed on external ids with prepared statements, run inside the
 * importer's batch transactions. Precedence is explicit: a record whose as-of time is not
 * newer than the row's never changes it (so the same file twice changes nothing), a lockout
 * the console has cleared is not re-opened by a record exported before the clearing, and a
 * cardholder a delete record removed is not brought back by an older record.
 * Lockouts are sealed by migration 007's triggers on this connection (installRowMac).
 */
import { foldSurname } from '../../../shared/names/fold-surname.ts';
import type { ImportOutcome, QuarantineReason } from '../../../shared/import/import-codes.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider, PurposeKey } from '../keys/key-provider.ts';
import { CARD_SEAL_COLUMNS, cardSealHolds, type CardSealRow } from '../acs/card-refs.ts';
import { sealsFrom } from '../acs/seals-from.ts';
import { HOLDER_SEAL_COLUMNS, holderSealHolds, type HolderSealRow } from './holder-seal.ts';
import {
  CONTACT_SEAL_COLUMNS,
  contactSealHolds,
  type ContactSealRow,
} from '../contacts/contact-seal.ts';
import {
  CONTACT_CHANGED,
  contactFactsDigest,
  holdsRecentChange,
  type ContactChangedDetails,
  type ContactFacts,
} from '../contacts/contact-trail.ts';
import type { ContactKind } from '../../../shared/contacts/contact-codes.ts';
import { clearMatters } from '../lockout/vouched-clears.ts';
import { FRAUD_REASONS, recentSince } from '../diagnosis/diagnose.ts';
import { rowKeysOf } from '../keys/row-mac.ts';
import {
  FACTS_SEAL_COLUMNS,
  factsDigest,
  factsSeal,
  factsSealer,
  type FactsSealRow,
} from '../verification/facts-seal.ts';
import { factsTrailReader, type FactsTrail } from '../verification/facts-trail.ts';
import { storedEntryCheck } from '../audit/stored-entry-check.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { FRAUD_REASON_SEEN } from '../lockout/fraud-at-send.ts';
import { asOfAhead } from './as-of-skew.ts';
import type { VerificationHash } from '../verification/verification-hash.ts';
import { importPublicId, type Prepared } from './transform.ts';

export type Applied =
  { outcome: Exclude<ImportOutcome, 'quarantined'> } | { reason: QuarantineReason };

type Of<T extends Prepared['type']> = Extract<Prepared, { type: T }>;

/** Newer than what the row holds: a row without an as-of time (demo, older data) is older. */
const newer = (asOf: string, held: string | null | undefined) => held == null || asOf > held;

/**
 * A card the importer wrote again because its row failed its seal (card-refs.ts), with what of
 * it differed from the record: moved to another cardholder, or another ACS reference.
 */
export interface RepairedCard {
  publicId: string;
  cardholder: boolean;
  reference: boolean;
  /** Its public id had been changed in the file: given back the one the import gives it. */
  renamed: boolean;
}

/** A contact the import changed, for its `import.contact-changed` entry (contact-trail.ts). */
export interface ChangedContact {
  /** The cardholder's public id (the entry's subject). */
  holderPublicId: string;
  kind: ContactKind;
  facts: string;
  changedAt: string | null;
}

/**
 * A cardholder's verification facts the import wrote or removed, for its `import.facts-changed`
 * entry (facts-trail.ts).
 */
export interface ChangedFacts {
  /** The cardholder's public id (the entry's subject). */
  holderPublicId: string;
  /** factsDigest of the row written, or null: removed. */
  facts: string | null;
  asOf: string;
}

/** A lockout the import cleared lately, for its `import.lockout-cleared` entry (vouched-clears.ts). */
export interface ClearedLockout {
  cardPublicId: string;
  lockoutId: string;
  lockSince: string;
  cause: string;
  clearedAt: string;
}

/**
 * A recent attempt the import wrote with a suspected-fraud reason, for its
 * `lockout.fraud-reason-seen` entry (lockout/fraud-at-send.ts): attempts are not sealed, so the
 * trail keeps that it was flagged, whatever the row says later.
 */
export interface FlaggedAttempt {
  cardPublicId: string;
  attemptId: number;
  attemptAt: string;
  reason: string;
}

/**
 * An attempt row whose as-of time lies beyond the import's clock: written outside the importer
 * (an as-of moved ahead, or a row planted under an id the ACS will use), so as to make the
 * feed's records of it "older". The record was written over it; the lead is alerted.
 */
export interface AttemptAhead {
  cardPublicId: string;
  attemptId: number;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createImportStore(
  db: Db,
  keys: KeyProvider,
  /** The import's clock: which contact changes are recent enough to record (contact-trail.ts). */
  now: () => Date,
  publicIdOf?: (prefix: 'h' | 'c', externalId: string) => string,
) {
  const lookupKey: PurposeKey = keys.current('lookup');
  const publicId =
    publicIdOf ?? ((prefix: 'h' | 'c', id: string) => importPublicId(lookupKey, prefix, id));
  // Whether a row's public id is the one the import gives this external id (under any lookup
  // key held: older rows were named under the key current then).
  const namedFor = (prefix: 'h' | 'c', externalId: string, held: string) =>
    publicIdOf
      ? publicIdOf(prefix, externalId) === held
      : keys.all('lookup').some((key) => importPublicId(key, prefix, externalId) === held);
  const s = {
    holder: db.prepare<[string], HolderSealRow & { as_of: string | null }>(
      `SELECT as_of, ${HOLDER_SEAL_COLUMNS} FROM cardholders WHERE external_id = ?`,
    ),
    resealHolder: db.prepare(
      'UPDATE cardholders SET external_id = external_id, public_id = public_id WHERE id = ?',
    ),
    renameCard: db.prepare('UPDATE cards SET public_id = ? WHERE id = ?'),
    tombstone: db.prepare<[string], { as_of: string }>(
      'SELECT as_of FROM import_tombstones WHERE external_id = ?',
    ),
    insertHolder: db.prepare(
      `INSERT INTO cardholders (public_id, customer_ref, name, name_kana, name_latin,
         preferred_language, created_at, external_id, as_of)
       VALUES (@publicId, @customerRef, @name, @nameKana, @nameLatin, @language, @asOf, @id, @asOf)`,
    ),
    updateHolder: db.prepare(
      `UPDATE cardholders SET customer_ref = @customerRef, name = @name, name_kana = @nameKana,
         name_latin = @nameLatin, preferred_language = @language, as_of = @asOf
       WHERE id = @rowId`,
    ),
    clearKeys: db.prepare('DELETE FROM surname_keys WHERE cardholder_id = ?'),
    insertKey: db.prepare('INSERT OR IGNORE INTO surname_keys (cardholder_id, key) VALUES (?, ?)'),
    heldCard: db.prepare<[string], CardSealRow & { as_of: string | null; pan_key_id: string }>(
      `SELECT as_of, pan_key_id, ${CARD_SEAL_COLUMNS} FROM cards WHERE external_id = ?`,
    ),
    insertCard: db.prepare(
      `INSERT INTO cards (public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id,
         created_at, external_id, acs_card_ref, as_of)
       VALUES (@publicId, @holderId, @product, @brand, @last4, @panHash, @panKeyId, @asOf, @id,
         @acsCardRef, @asOf)`,
    ),
    updateCard: db.prepare(
      `UPDATE cards SET cardholder_id = @holderId, product = @product, brand = @brand,
         last4 = @last4, pan_hash = @panHash, pan_key_id = @panKeyId, acs_card_ref = @acsCardRef,
         as_of = @asOf
       WHERE id = @rowId`,
    ),
    contact: db.prepare<[number, string], ContactSealRow>(
      `SELECT ${CONTACT_SEAL_COLUMNS} FROM contact_points
       WHERE cardholder_id = ? AND kind = ?`,
    ),
    insertContact: db.prepare(
      `INSERT INTO contact_points (cardholder_id, kind, masked, value_hash, value_key_id, status,
         updated_at, value_changed_at, pending_masked, pending_effective_at, as_of)
       VALUES (@holderId, @kind, @masked, @hash, @keyId, @status, @asOf, @changedAt,
         @pendingMasked, @pendingAt, @asOf)`,
    ),
    updateContact: db.prepare(
      `UPDATE contact_points SET masked = @masked, value_hash = @hash, value_key_id = @keyId,
         status = @status, updated_at = @asOf, value_changed_at = @changedAt,
         pending_masked = @pendingMasked, pending_effective_at = @pendingAt, as_of = @asOf
       WHERE id = @rowId`,
    ),
    // A cardholder's import.contact-changed entries (audit_log_by_subject: one per change of one
    // of their contacts, a few; none on a first import), the newest of a kind picked in code.
    changesOf: db.prepare<[string, string], { seq: number; details: string }>(
      'SELECT seq, details FROM audit_log WHERE subject_id = ? AND action = ?',
    ),
    facts: db.prepare<[number], FactsSealRow>(
      `SELECT ${FACTS_SEAL_COLUMNS} FROM verification_facts WHERE cardholder_id = ?`,
    ),
    // Sealed as built (facts-seal.ts, v2): one MAC per row, over its cardholder and as-of time.
    upsertFacts: db.prepare(
      `INSERT INTO verification_facts (cardholder_id, pair_hash, salt, cost, pepper_key_id,
         updated_at, as_of, facts_key_id, facts_mac)
       VALUES (@holderId, @pairHash, @salt, @cost, @pepperKeyId, @asOf, @asOf, @factsKeyId,
         @factsMac)
       ON CONFLICT (cardholder_id) DO UPDATE SET pair_hash = excluded.pair_hash,
         salt = excluded.salt, cost = excluded.cost, pepper_key_id = excluded.pepper_key_id,
         updated_at = excluded.updated_at, as_of = excluded.as_of,
         facts_key_id = excluded.facts_key_id, facts_mac = excluded.facts_mac`,
    ),
    lockout: db.prepare<[string], { id: number; as_of: string | null; cleared_at: string | null }>(
      'SELECT id, as_of, cleared_at FROM lockouts WHERE external_id = ?',
    ),
    insertLockout: db.prepare(
      `INSERT INTO lockouts (card_id, cause, since, until, cleared_at, external_id, as_of)
       VALUES (@cardId, @cause, @since, @until, @clearedAt, @id, @asOf)`,
    ),
    updateLockout: db.prepare(
      `UPDATE lockouts SET card_id = @cardId, cause = @cause, since = @since, until = @until,
         cleared_at = @clearedAt, as_of = @asOf
       WHERE id = @rowId`,
    ),
    attempt: db.prepare<
      [string],
      { id: number; as_of: string | null; trans_status_reason: string | null }
    >('SELECT id, as_of, trans_status_reason FROM auth_attempts WHERE external_id = ?'),
    insertAttempt: db.prepare(
      `INSERT INTO auth_attempts (card_id, at, merchant, amount_minor, currency, method,
         destination_masked, destination_hash, destination_key_id, delivery, attempts_used,
         attempts_allowed, resends, expires_at, outcome, trans_status, trans_status_reason, eci,
         challenge_cancel, acs_trans_id, ds_trans_id, external_id, merchant_id, acs_id, ds_id,
         sms_carrier, email_provider, as_of)
       VALUES (@cardId, @at, @merchantName, @amountMinor, @currency, @method, @destMasked,
         @destHash, @destKeyId, @delivery, @attemptsUsed, @attemptsAllowed, @resends, @expiresAt,
         @outcome, @transStatus, @transStatusReason, @eci, @challengeCancel, @acsTransId,
         @dsTransId, @id, @merchantId, @acsId, @dsId, @smsCarrier, @emailProvider, @asOf)`,
    ),
    updateAttempt: db.prepare(
      `UPDATE auth_attempts SET card_id = @cardId, at = @at, merchant = @merchantName,
         amount_minor = @amountMinor, currency = @currency, method = @method,
         destination_masked = @destMasked, destination_hash = @destHash,
         destination_key_id = @destKeyId, delivery = @delivery, attempts_used = @attemptsUsed,
         attempts_allowed = @attemptsAllowed, resends = @resends, expires_at = @expiresAt,
         outcome = @outcome, trans_status = @transStatus,
         trans_status_reason = @transStatusReason, eci = @eci, challenge_cancel = @challengeCancel,
         acs_trans_id = @acsTransId, ds_trans_id = @dsTransId, merchant_id = @merchantId,
         acs_id = @acsId, ds_id = @dsId, sms_carrier = @smsCarrier,
         email_provider = @emailProvider, as_of = @asOf
       WHERE id = @rowId`,
    ),
    cardsOf: db.prepare<[number], { id: number }>('SELECT id FROM cards WHERE cardholder_id = ?'),
    history: db.prepare<[number, number, number, number], { n: number }>(
      `SELECT (SELECT count(*) FROM calls WHERE card_id = ?)
            + (SELECT count(*) FROM resets WHERE card_id = ?)
            + (SELECT count(*) FROM approval_requests WHERE card_id = ?)
            + (SELECT count(*) FROM fraud_holds_seen WHERE card_id = ?) AS n`,
    ),
    tombstoneSet: db.prepare(
      `INSERT INTO import_tombstones (external_id, as_of) VALUES (?, ?)
       ON CONFLICT (external_id) DO UPDATE SET as_of = excluded.as_of`,
    ),
  };

  const sealFacts = factsSealer(keys);
  const rowKeys = rowKeysOf(keys);
  const repaired: RepairedCard[] = [];
  let resealed = 0;
  let resealedContacts = 0;
  // The contacts changed since the last call, one per cardholder and kind (the last wins).
  const changedContacts = new Map<string, ChangedContact>();
  // The facts written or removed since the last call, one per cardholder (the last wins).
  const changedFacts = new Map<string, ChangedFacts>();
  // What the trail's newest import.facts-changed entry for a cardholder says (its MAC checked).
  const checkEntry = storedEntryCheck(db, keys);
  const factsTrail = factsTrailReader(db, checkEntry);
  // The lockouts cleared since the last call, recent enough for the second-reset rule.
  const clearedLockouts: ClearedLockout[] = [];
  // The recent attempts flagged for suspected fraud since the last call.
  const flaggedAttempts: FlaggedAttempt[] = [];
  // The attempt rows found as of later than the import's clock since the last call.
  const attemptsAhead: AttemptAhead[] = [];
  const through = sealsFrom(db, keys);

  /**
   * The cardholder row a record names, by its external id — which the row's seal binds
   * (holder-seal.ts): a row whose seal fails (external ids swapped in the file, or its MAC
   * removed) is 'altered', and nothing is written into it or onto it. A row from before
   * migration 023 without a MAC is taken only when its public id is the one the import gave
   * this external id; the import then seals it.
   */
  function holderOf(
    externalId: string,
    seal = true,
  ): { id: number; public_id: string; as_of: string | null } | 'altered' | undefined {
    const row = s.holder.get(externalId);
    if (!row || holderSealHolds(rowKeys, row)) return row;
    if (
      row.holder_mac === null &&
      row.id <= through().holders &&
      namedFor('h', externalId, row.public_id)
    ) {
      if (seal) s.resealHolder.run(row.id);
      return row;
    }
    return 'altered';
  }

  /** A card row a record names by its external id, only when its seal holds (card-refs.ts). */
  function cardOf(externalId: string): { id: number; public_id: string } | 'altered' | undefined {
    const row = s.heldCard.get(externalId);
    if (!row || cardSealHolds(rowKeys, row)) return row;
    return 'altered';
  }

  /**
   * Whether a card row failing its seal (an 020 seal, no MAC from before migration 023, or a
   * wrong MAC) is the card of this record all the same, by what is keyed of it: its public id
   * is the one the import gave this external id, or its card number hash is the record's (the
   * hash is unique). Otherwise (external ids swapped in the file, say) the record is refused
   * ('card-altered') and the row stays altered.
   */
  function sameCard(held: CardSealRow & { pan_key_id: string }, r: Of<'card'>): boolean {
    return (
      namedFor('c', r.id, held.public_id) ||
      (held.pan_key_id === r.panKeyId && held.pan_hash.equals(r.panHash))
    );
  }

  function cardholder(r: Of<'cardholder'>): Applied {
    const params = {
      customerRef: r.customerRef,
      name: r.name,
      nameKana: r.nameKana ?? null,
      nameLatin: r.nameLatin,
      language: r.preferredLanguage ?? null,
      asOf: r.asOf,
    };
    const held = holderOf(r.id);
    if (held === 'altered') return { reason: 'cardholder-altered' };
    let rowId: number;
    if (held) {
      if (!newer(r.asOf, held.as_of)) return { outcome: 'unchanged' };
      try {
        s.updateHolder.run({ ...params, rowId: held.id });
      } catch (error) {
        if (isUniqueViolation(error)) return { reason: 'customer-ref-taken' };
        throw error;
      }
      rowId = held.id;
      s.clearKeys.run(rowId);
    } else {
      const removed = s.tombstone.get(r.id);
      if (removed && !newer(r.asOf, removed.as_of)) return { outcome: 'unchanged' };
      try {
        rowId = Number(
          s.insertHolder.run({
            ...params,
            id: r.id,
            publicId: publicId('h', r.id),
          }).lastInsertRowid,
        );
      } catch (error) {
        if (isUniqueViolation(error)) return { reason: 'customer-ref-taken' };
        throw error;
      }
    }
    for (const reading of [r.surname, ...(r.surnameReadings ?? [])]) {
      const key = foldSurname(reading);
      if (key !== '') s.insertKey.run(rowId, key);
    }
    return { outcome: held ? 'updated' : 'inserted' };
  }

  /**
   * A card is written when its record is newer, or whenever the held row fails its seal
   * (migrations 020 and 023): a card moved to another cardholder or given another reference in
   * the file — its as-of time, unsealed, perhaps moved ahead too — or one written before every
   * card was sealed. The issuer's record is what the card is; the write seals it again. One that
   * differed from the record in its cardholder or reference is named in the trail (repaired());
   * the others are counted (resealed()).
   */
  // One savepoint: a card renamed back is written whole or not at all.
  const writeCard = db.transaction(
    (
      params: Record<string, unknown>,
      held: { id: number } | undefined,
      renameTo: string | null,
      externalId: string,
    ) => {
      if (held) s.updateCard.run({ ...params, rowId: held.id });
      else s.insertCard.run({ ...params, id: externalId, publicId: publicId('c', externalId) });
      if (held && renameTo !== null) s.renameCard.run(renameTo, held.id);
    },
  );

  function card(r: Of<'card'>): Applied {
    const holder = holderOf(r.cardholderId);
    if (holder === 'altered') return { reason: 'cardholder-altered' };
    if (!holder) return { reason: 'unknown-cardholder' };
    const held = s.heldCard.get(r.id);
    const broken = held !== undefined && !cardSealHolds(rowKeys, held);
    if (held && !broken && !newer(r.asOf, held.as_of)) return { outcome: 'unchanged' };
    if (broken && !sameCard(held, r)) return { reason: 'card-altered' };
    const params = {
      holderId: holder.id,
      product: r.product,
      brand: r.brand,
      last4: r.last4,
      panHash: r.panHash,
      panKeyId: r.panKeyId,
      acsCardRef: r.acsCardRef,
      asOf: r.asOf,
    };
    // A card renamed in the file (its misses are counted by its public id) gets back the one
    // the import gives it; nothing of the row's identity is sealed as it was found.
    const renamed = broken && !namedFor('c', r.id, held.public_id);
    try {
      writeCard(params, held, renamed ? publicId('c', r.id) : null, r.id);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const message = (error as Error).message;
      return {
        reason: message.includes('pan_hash')
          ? 'card-number-taken'
          : message.includes('public_id')
            ? 'card-altered'
            : 'external-id-taken',
      };
    }
    if (broken) {
      const cardholder = held.cardholder_id !== holder.id;
      const reference = held.acs_card_ref !== r.acsCardRef;
      if (cardholder || reference || renamed)
        repaired.push({
          publicId: renamed ? publicId('c', r.id) : held.public_id,
          cardholder,
          reference,
          renamed,
        });
      else resealed++;
    }
    return { outcome: held ? 'updated' : 'inserted' };
  }

  function contact(r: Of<'contact'>): Applied {
    const holder = holderOf(r.cardholderId);
    if (holder === 'altered') return { reason: 'cardholder-altered' };
    if (!holder) return { reason: 'unknown-cardholder' };
    const held = s.contact.get(holder.id, r.kind);
    // A held row that fails its seal (contact-seal.ts) is written whatever its as-of time, and
    // nothing of it is carried over: its change time is the record's, else the record's as-of.
    const broken = held !== undefined && !contactSealHolds(rowKeys, held);
    if (held && !broken && !newer(r.asOf, held.as_of)) {
      firstSeen(holder.public_id, r.kind, held);
      return { outcome: 'unchanged' };
    }
    // A different value is a change the console warns about (and escalates a reset after):
    // compared under the key the held value was hashed with.
    let changedAt = r.valueChangedAt;
    if (broken) {
      changedAt ??= r.asOf;
      resealedContacts++;
    } else if (held) {
      const heldKey = keys.byId('lookup', held.value_key_id);
      const changed = !held.value_hash.equals(r.value.hashUnder(heldKey));
      changedAt ??= changed ? r.asOf : held.value_changed_at;
    }
    const params = {
      holderId: holder.id,
      kind: r.kind,
      masked: r.value.masked,
      hash: r.value.hash,
      keyId: r.value.keyId,
      status: r.status,
      changedAt,
      pendingMasked: r.pending?.masked ?? null,
      pendingAt: r.pending?.effectiveAt ?? null,
      asOf: r.asOf,
    };
    if (held) s.updateContact.run({ ...params, rowId: held.id });
    else s.insertContact.run(params);
    noteChange(holder.public_id, r.kind, held !== undefined && !broken ? held : undefined, {
      value_key_id: params.keyId,
      value_hash: params.hash,
      value_changed_at: changedAt ?? null,
      pending_masked: params.pendingMasked,
      pending_effective_at: params.pendingAt,
      updated_at: r.asOf,
    });
    return { outcome: held ? 'updated' : 'inserted' };
  }

  /** The digest the trail's newest import.contact-changed entry for the contact carries. */
  function newestFacts(holderPublicId: string, kind: ContactKind): string | undefined {
    let newest: { seq: number; facts: string } | undefined;
    for (const { seq, details } of s.changesOf.all(holderPublicId, CONTACT_CHANGED)) {
      const said = JSON.parse(details) as Partial<ContactChangedDetails>;
      if (said.kind === kind && typeof said.facts === 'string' && seq > (newest?.seq ?? 0))
        newest = { seq, facts: said.facts };
    }
    return newest?.facts;
  }

  /**
   * A sealed contact the trail has never named (written before it recorded contacts), left as
   * it is: recorded once when it holds a change recent enough to matter, so that deleting it
   * or putting back an older row is seen from then on. Never over an entry the trail holds: a
   * row that differs from it stays what the rule takes as changed now.
   */
  function firstSeen(holderPublicId: string, kind: ContactKind, held: ContactFacts): void {
    if (!holdsRecentChange(held, now())) return;
    const key = `${holderPublicId}\u0000${kind}`;
    if (changedContacts.has(key) || newestFacts(holderPublicId, kind) !== undefined) return;
    changedContacts.set(key, {
      holderPublicId,
      kind,
      facts: contactFactsDigest(held),
      changedAt: held.value_changed_at,
    });
  }

  /**
   * Whether the trail is to record this contact as written (contact-trail.ts): whenever what the
   * rule reads of it differs from the sealed row it replaced — one entry per changed contact,
   * not one per contact and import. A row inserted or written over a broken one, or left as it
   * was, is recorded when it holds a change recent enough to matter and the trail's newest entry
   * for it says otherwise (so a contact deleted or put back in the file and imported again, or
   * one from before the trail recorded contacts, is recorded once); one inserted without a
   * recent change only when the trail named it otherwise before.
   */
  function noteChange(
    holderPublicId: string,
    kind: ContactKind,
    sealedHeld: ContactFacts | undefined,
    written: ContactFacts,
  ): void {
    const facts = contactFactsDigest(written);
    const newest = () => newestFacts(holderPublicId, kind);
    const key = `${holderPublicId}\u0000${kind}`;
    const pending = changedContacts.get(key)?.facts;
    const record =
      sealedHeld !== undefined && contactFactsDigest(sealedHeld) !== facts
        ? true
        : holdsRecentChange(written, now())
          ? (pending ?? newest()) !== facts
          : sealedHeld === undefined && (pending ?? newest() ?? facts) !== facts;
    if (record)
      changedContacts.set(key, {
        holderPublicId,
        kind,
        facts,
        changedAt: written.value_changed_at,
      });
  }

  /** What the trail says of the cardholder's facts, with this run's writes not yet appended. */
  function factsSaid(holderPublicId: string): FactsTrail {
    const pending = changedFacts.get(holderPublicId);
    return pending ? { kind: 'says', seq: 0, ...pending } : factsTrail(holderPublicId);
  }

  /**
   * Whether a verification record would change the held facts (checked before hashing). The
   * row's own as-of time decides nothing unless the trail vouches for it (facts-trail.ts):
   * - the row is what the trail's newest entry says (sealed v2 with its as-of time): a record
   *   newer than that time is written;
   * - the row is not (put back from before, deleted, its as-of time moved ahead — which breaks
   *   its seal): a record not older than the entry's time is written, so the facts the trail
   *   last recorded come back and an older export stays out;
   * - the trail names no facts for the cardholder (facts written before it recorded them, sealed
   *   v1 or not at all) or its newest entry does not hold: the record is written whatever the
   *   row's as-of time says, and recorded.
   */
  function wantsFacts(r: Of<'verification'>): 'hash' | Applied {
    const holder = holderOf(r.cardholderId, false);
    if (holder === 'altered') return { reason: 'cardholder-altered' };
    if (!holder) return { reason: 'unknown-cardholder' };
    const said = factsSaid(holder.public_id);
    if (said.kind !== 'says') return 'hash';
    const held = s.facts.get(holder.id);
    const asRecorded =
      held === undefined
        ? said.facts === null
        : factsSeal(rowKeys, held) === 'v2' && factsDigest(held) === said.facts;
    const write = asRecorded ? newer(r.asOf, said.asOf) : r.asOf >= said.asOf;
    return write ? 'hash' : { outcome: 'unchanged' };
  }

  function facts(r: Of<'verification'>, hash: VerificationHash): Applied {
    const wanted = wantsFacts(r);
    if (wanted !== 'hash') return wanted;
    const holder = holderOf(r.cardholderId) as { id: number; public_id: string };
    const existed = s.facts.get(holder.id) !== undefined;
    const sealed = sealFacts(holder.id, hash, r.asOf);
    s.upsertFacts.run({ holderId: holder.id, ...hash, ...sealed, asOf: r.asOf });
    changedFacts.set(holder.public_id, {
      holderPublicId: holder.public_id,
      facts: factsDigest({ facts_key_id: sealed.factsKeyId, facts_mac: sealed.factsMac }),
      asOf: r.asOf,
    });
    return { outcome: existed ? 'updated' : 'inserted' };
  }

  function lockout(r: Of<'lockout'>): Applied {
    const target = cardOf(r.cardId);
    if (target === 'altered') return { reason: 'card-altered' };
    if (!target) return { reason: 'unknown-card' };
    const held = s.lockout.get(r.id);
    if (held) {
      if (!newer(r.asOf, held.as_of)) return { outcome: 'unchanged' };
      // Cleared here (a reset) after this record was exported: the record cannot re-open it.
      if (held.cleared_at !== null && r.clearedAt === null && r.asOf <= held.cleared_at)
        return { outcome: 'unchanged' };
    }
    const params = {
      cardId: target.id,
      cause: r.cause,
      since: r.since,
      until: r.until,
      clearedAt: r.clearedAt,
      asOf: r.asOf,
    };
    if (held) s.updateLockout.run({ ...params, rowId: held.id });
    else s.insertLockout.run({ ...params, id: r.id });
    // A clear the import writes is recorded, so deleting the row later cannot hide it from the
    // second-reset rule (vouched-clears.ts): one entry per lockout cleared, when recent.
    if (
      r.clearedAt !== null &&
      r.clearedAt !== held?.cleared_at &&
      clearMatters(r.clearedAt, now())
    )
      clearedLockouts.push({
        cardPublicId: target.public_id,
        lockoutId: r.id,
        lockSince: r.since,
        cause: r.cause,
        clearedAt: r.clearedAt,
      });
    return { outcome: held ? 'updated' : 'inserted' };
  }

  function attempt(r: Of<'attempt'>): Applied {
    const target = cardOf(r.cardId);
    if (target === 'altered') return { reason: 'card-altered' };
    if (!target) return { reason: 'unknown-card' };
    const held = s.attempt.get(r.id);
    // as_of is not sealed: one beyond the import's clock was not written by an import (records
    // from the future are refused), so it decides nothing, and the record is written over it.
    const ahead = held?.as_of != null && asOfAhead(held.as_of, now());
    if (held && ahead) attemptsAhead.push({ cardPublicId: target.public_id, attemptId: held.id });
    if (held && !ahead && !newer(r.asOf, held.as_of)) {
      // Older than the row, yet a flag of fraud is never dropped as "older".
      noteFlagged(target.public_id, held.id, r);
      return { outcome: 'unchanged' };
    }
    const params = {
      cardId: target.id,
      at: r.at,
      merchantName: r.merchantName,
      amountMinor: r.amountMinor,
      currency: r.currency,
      method: r.method,
      destMasked: r.destination?.masked ?? null,
      destHash: r.destination?.hash ?? null,
      destKeyId: r.destination?.keyId ?? null,
      delivery: r.delivery,
      attemptsUsed: r.attemptsUsed ?? 0,
      attemptsAllowed: r.attemptsAllowed ?? 0,
      resends: r.resends ?? 0,
      expiresAt: r.expiresAt,
      outcome: r.outcome,
      transStatus: r.transStatus,
      transStatusReason: r.transStatusReason ?? null,
      eci: r.eci ?? null,
      challengeCancel: r.challengeCancel ?? null,
      acsTransId: r.acsTransId,
      dsTransId: r.dsTransId,
      merchantId: r.merchantId ?? null,
      acsId: r.acsId ?? null,
      dsId: r.dsId ?? null,
      smsCarrier: r.smsCarrier ?? null,
      emailProvider: r.emailProvider ?? null,
      asOf: r.asOf,
    };
    let rowId: number;
    if (held) {
      s.updateAttempt.run({ ...params, rowId: held.id });
      rowId = held.id;
    } else rowId = Number(s.insertAttempt.run({ ...params, id: r.id }).lastInsertRowid);
    noteFlagged(target.public_id, rowId, r);
    return { outcome: held ? 'updated' : 'inserted' };
  }

  const seenEntries = db.prepare<[string, number], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log
      WHERE subject_id = ? AND action = '${FRAUD_REASON_SEEN}'
        AND json_extract(details, '$.attemptId') = ?`,
  );

  /**
   * A record flagged for suspected fraud, lately: recorded in the trail, so deleting the attempt
   * or changing its reason (or its as-of) in the file later cannot let a reset through
   * (fraud-at-send.ts). Once per attempt and reason: unless the trail already holds such an
   * entry (its MAC checked; the row's own reason is not asked, being unsealed) or this batch
   * has one waiting.
   */
  function noteFlagged(cardPublicId: string, attemptId: number, r: Of<'attempt'>): void {
    const reason = r.transStatusReason ?? null;
    if (reason === null || !FRAUD_REASONS.has(reason)) return;
    if (new Date(r.at).getTime() <= recentSince(now()).getTime()) return;
    const same = (details: { attemptId?: unknown; reason?: unknown }) =>
      details.attemptId === attemptId && details.reason === reason;
    if (flaggedAttempts.some((flagged) => flagged.cardPublicId === cardPublicId && same(flagged)))
      return;
    const recorded = seenEntries
      .all(cardPublicId, attemptId)
      .some((entry) => checkEntry(entry) && same(JSON.parse(entry.details) as object));
    if (recorded) return;
    flaggedAttempts.push({
      cardPublicId,
      attemptId,
      attemptAt: new Date(r.at).toISOString(),
      reason,
    });
  }

  /**
   * Removes a cardholder's data: cards, their attempts and locks, contacts, verification
   * facts, search keys. A cardholder whose cards the console has records of (calls, resets,
   * approvals, a fraud hold seen) is kept, and the line quarantined: the audit trail refers
   * to those records, and they are kept for their retention period.
   */
  const removal = {
    attempts: db.prepare('DELETE FROM auth_attempts WHERE card_id = ?'),
    lockouts: db.prepare('DELETE FROM lockouts WHERE card_id = ?'),
    card: db.prepare('DELETE FROM cards WHERE id = ?'),
    contacts: db.prepare('DELETE FROM contact_points WHERE cardholder_id = ?'),
    facts: db.prepare('DELETE FROM verification_facts WHERE cardholder_id = ?'),
    keys: db.prepare('DELETE FROM surname_keys WHERE cardholder_id = ?'),
    holder: db.prepare('DELETE FROM cardholders WHERE id = ?'),
  };
  // A savepoint inside the batch's transaction: a refused delete leaves nothing half done.
  const remove = db.transaction((holderId: number, cards: number[]) => {
    for (const cardId of cards) {
      removal.attempts.run(cardId);
      removal.lockouts.run(cardId);
      removal.card.run(cardId);
    }
    removal.contacts.run(holderId);
    removal.facts.run(holderId);
    removal.keys.run(holderId);
    removal.holder.run(holderId);
  });

  function deleteHolder(r: Of<'delete'>): Applied {
    const held = holderOf(r.cardholderId);
    if (held === 'altered') return { reason: 'cardholder-altered' };
    if (!held) {
      // Already gone (or never here): remember the delete so an older record stays out.
      const removed = s.tombstone.get(r.cardholderId);
      if (removed && !newer(r.asOf, removed.as_of)) return { outcome: 'unchanged' };
      s.tombstoneSet.run(r.cardholderId, r.asOf);
      return { outcome: 'unchanged' };
    }
    if (!newer(r.asOf, held.as_of)) return { outcome: 'unchanged' };
    const cards = s.cardsOf.all(held.id).map((c) => c.id);
    if (cards.some((cardId) => s.history.get(cardId, cardId, cardId, cardId)!.n > 0))
      return { reason: 'has-console-history' };
    const hadFacts = s.facts.get(held.id) !== undefined;
    try {
      remove(held.id, cards);
    } catch (error) {
      // Another table of the console refers to the cardholder: kept, as above.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
        return { reason: 'has-console-history' };
      throw error;
    }
    s.tombstoneSet.run(r.cardholderId, r.asOf);
    // Facts removed are recorded as such, so a row put back in the file is not what the trail
    // says (facts-trail.ts); none removed and none named, nothing to record.
    const said = factsSaid(held.public_id);
    if (hadFacts || (said.kind === 'says' && said.facts !== null) || said.kind === 'broken')
      changedFacts.set(held.public_id, {
        holderPublicId: held.public_id,
        facts: null,
        asOf: r.asOf,
      });
    return { outcome: 'deleted' };
  }

  return {
    apply(record: Prepared, hash?: VerificationHash): Applied {
      switch (record.type) {
        case 'cardholder':
          return cardholder(record);
        case 'card':
          return card(record);
        case 'contact':
          return contact(record);
        case 'verification':
          return facts(record, hash!);
        case 'lockout':
          return lockout(record);
        case 'attempt':
          return attempt(record);
        case 'delete':
          return deleteHolder(record);
      }
    },
    wantsFacts,
    /** The cards repaired since the last call (for the trail, in the batch's transaction). */
    repaired(): RepairedCard[] {
      return repaired.splice(0);
    },
    /** The lockouts cleared lately since the last call (for the trail, in the batch's transaction). */
    clearedLockouts(): ClearedLockout[] {
      return clearedLockouts.splice(0);
    },
    /** The recent attempts flagged for suspected fraud since the last call. */
    flaggedAttempts(): FlaggedAttempt[] {
      return flaggedAttempts.splice(0);
    },
    /** The attempt rows found as of beyond the import's clock since the last call. */
    attemptsAhead(): AttemptAhead[] {
      return attemptsAhead.splice(0);
    },
    /** The facts written or removed since the last call (for the trail, in the batch's transaction). */
    changedFacts(): ChangedFacts[] {
      const list = [...changedFacts.values()];
      changedFacts.clear();
      return list;
    },
    /** The contacts changed since the last call (for the trail, in the batch's transaction). */
    changedContacts(): ChangedContact[] {
      const list = [...changedContacts.values()];
      changedContacts.clear();
      return list;
    },
    /** How many cards failing only their seal (same cardholder and reference) were sealed again. */
    resealed: (): number => resealed,
    /** How many contacts failing their seal were written again from their record. */
    resealedContacts: (): number => resealedContacts,
    /** Whether an external id of this kind is known (dry runs, which write nothing). */
    knows: (kind: 'cardholder' | 'card', externalId: string) =>
      (kind === 'cardholder' ? holderOf(externalId, false) : cardOf(externalId)) !== undefined,
    lookupKey,
  };
}

export type ImportStore = ReturnType<typeof createImportStore>;
