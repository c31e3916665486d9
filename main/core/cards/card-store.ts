/**
 * Cards as the console may see them: brand, last 4, product and the cardholder's name and
 * readings. Full numbers and contact values never come back out; they are only matched
 * through keyed hashes. Every read is a command that writes its audit entry in the same
 * transaction (PCI DSS 10.2.1: access to cardholder data is logged, or it does not happen).
 */
import type { Statement } from 'better-sqlite3';
import type { ContactKind } from '../../../shared/contacts/contact-codes.ts';
import type { Actor } from '../actor.ts';
import { auditActor } from '../audit/audit-append.ts';
import type { StoreEdges } from '../edges.ts';
import type { Language } from '../../../shared/languages.ts';
import { alteredEntryReport } from '../audit/altered-entry.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { searchBudgets } from './search-budget.ts';

export interface CardRecord {
  id: number;
  publicId: string;
  cardholderId: number;
  brand: string;
  last4: string;
  product: string;
  cardholderName: string;
  cardholderNameLatin: string;
  /** The name's kana reading, when registered (Japanese names). */
  cardholderNameKana: string | null;
  /** The language the cardholder prefers to be spoken to in, when known. */
  preferredLanguage: Language | null;
}

/** What a search looks for; hashes are keyed, one per lookup key in use (rotation). */
export type CardQuery =
  | { key: 'card-number'; panHashes: Buffer[] }
  | { key: 'last4-surname'; last4: string; surnameKey: string }
  | { key: ContactKind; valueHashes: Buffer[] }
  | { key: 'customer-ref'; customerRef: string };

export interface SearchCommand extends Actor {
  query: CardQuery;
  /** Keyed hash of what was searched, for the audit entry: never the value itself. */
  valueHash: string;
  valueKeyId: string;
  /** Rows matched are counted up to cap + 1; the page is returned. */
  cap: number;
  offset: number;
  pageSize: number;
  /** This operator's budgets over the last hour (policy). */
  limits: SearchLimits;
}

/**
 * Per operator, over a rolling hour: searches by each key (mobile and email share one
 * budget), and searches of any key that found nothing, the stricter one. Counted from the
 * audit trail itself (append-only), inside the search's transaction, so two windows or two
 * consoles on one database share one budget and cannot both slip under it; every entry
 * counted holds its MAC (search-budget.ts). One that does not — edited in the file — refuses
 * the search as over the miss budget, marks the trail broken and alerts the lead.
 */
export interface SearchLimits {
  perKey: number;
  misses: number;
}

export type SearchRefusal = 'rate-limited' | 'miss-limited';

export type SearchOutcome =
  { ok: true; cards: CardRecord[]; matched: number } | { ok: false; reason: SearchRefusal };

/** Keys that share one budget. */
const BUDGET_KEYS: Record<CardQuery['key'], readonly [string, string]> = {
  'card-number': ['card-number', 'card-number'],
  'last4-surname': ['last4-surname', 'last4-surname'],
  'customer-ref': ['customer-ref', 'customer-ref'],
  mobile: ['mobile', 'email'],
  email: ['mobile', 'email'],
};

export interface CardStore {
  search(cmd: SearchCommand): Promise<SearchOutcome>;
  /** Audits (as an alert) an attempt to open a card this session was never shown. */
  refuseOpen(cmd: Actor & { cardPublicId: string }): Promise<void>;
  /** A card by its public id, without auditing: callers audit the opening with the call. */
  byPublicId(publicId: string): CardRecord | null;
}

interface CardRow {
  id: number;
  public_id: string;
  cardholder_id: number;
  brand: string;
  last4: string;
  product: string;
  name: string;
  name_latin: string;
  name_kana: string | null;
  preferred_language: Language | null;
}

const SELECT_CARD = `
  SELECT c.id, c.public_id, c.cardholder_id, c.brand, c.last4, c.product, h.name, h.name_latin,
         h.name_kana, h.preferred_language
  FROM cards c JOIN cardholders h ON h.id = c.cardholder_id`;
const ORDER = 'ORDER BY h.name_latin, c.id';

const toRecord = (row: CardRow): CardRecord => ({
  id: row.id,
  publicId: row.public_id,
  cardholderId: row.cardholder_id,
  brand: row.brand,
  last4: row.last4,
  product: row.product,
  cardholderName: row.name,
  cardholderNameLatin: row.name_latin,
  cardholderNameKana: row.name_kana,
  preferredLanguage: row.preferred_language,
});

const HOUR = 3_600_000;

export function createCardStore({
  db,
  audit,
  keys,
}: StoreEdges & { keys: Pick<KeyProvider, 'trailBreak'> }): CardStore {
  // From the ~100 cards with these last 4, each checked for the surname by one index probe:
  // never from the surname's cardholders (tens of thousands for a common name).
  const byLast4AndSurname = db.prepare<[string, string, number], CardRow>(`${SELECT_CARD}
    WHERE c.last4 = ? AND EXISTS (
      SELECT 1 FROM surname_keys s WHERE s.key = ? AND s.cardholder_id = c.cardholder_id)
    ${ORDER} LIMIT ?`);
  const byCustomerRef = db.prepare<[string, number], CardRow>(`${SELECT_CARD}
    WHERE h.customer_ref = ? ${ORDER} LIMIT ?`);
  const byPublicIdQuery = db.prepare<[string], CardRow>(`${SELECT_CARD} WHERE c.public_id = ?`);
  // Searches by these keys this operator ran in the window (refusals are not counted), and
  // those of any key that matched nothing, from entries that hold their MACs.
  const budgets = searchBudgets(db, audit);
  const reportAltered = alteredEntryReport(audit, keys);
  // Whether this operator was already alerted on in the window (one alert per hour, not per try).
  const alertedSince = db.prepare<[number, string, string], { n: number }>(`
    SELECT count(*) AS n FROM audit_log
    WHERE operator_id = ? AND at > ? AND action = 'alert.search-limit'
      AND json_extract(details, '$.budget') = ?`);

  const openAlertsSince = db.prepare<[number | null, string], { n: number }>(`
    SELECT count(*) AS n FROM audit_log
    WHERE operator_id = ? AND at > ? AND action = 'alert.card-not-handed-out'`);

  // IN lists of hashes: one per lookup key in use; each statement is prepared once per length.
  const byHashes = new Map<string, Statement<unknown[], CardRow>>();
  function hashQuery(column: 'pan' | 'mobile' | 'email', count: number) {
    const marks = Array.from({ length: count }, () => '?').join(', ');
    const where =
      column === 'pan'
        ? `c.pan_hash IN (${marks})`
        : `h.id IN (SELECT cardholder_id FROM contact_points
                    WHERE kind = '${column}' AND value_hash IN (${marks}))`;
    const sql = `${SELECT_CARD} WHERE ${where} ${ORDER} LIMIT ?`;
    let statement = byHashes.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[], CardRow>(sql);
      byHashes.set(sql, statement);
    }
    return statement;
  }

  function find(query: CardQuery, limit: number): CardRow[] {
    switch (query.key) {
      case 'card-number':
        return hashQuery('pan', query.panHashes.length).all(...query.panHashes, limit);
      case 'mobile':
      case 'email':
        return hashQuery(query.key, query.valueHashes.length).all(...query.valueHashes, limit);
      case 'last4-surname':
        return byLast4AndSurname.all(query.last4, query.surnameKey, limit);
      case 'customer-ref':
        return byCustomerRef.all(query.customerRef, limit);
    }
  }

  return {
    async search(cmd) {
      return audit.transact((): SearchOutcome => {
        const entry = {
          ...auditActor(cmd),
          action: 'card.search',
          subjectType: 'card',
          subjectId: null,
        } as const;
        const searched = { key: cmd.query.key, valueHash: cmd.valueHash, keyId: cmd.valueKeyId };
        const since = new Date(cmd.at.getTime() - HOUR).toISOString();
        const [first, second] = BUDGET_KEYS[cmd.query.key];
        const counts = budgets.count(cmd.operatorId, since, first, second);
        if ('altered' in counts)
          reportAltered(cmd, counts.altered, 'a card.search entry counted for a search budget');
        // An entry counted that fails its MAC: no budget can be told, so searching is paused.
        const refusal: {
          reason: SearchRefusal;
          budget: string;
          limitPerHour: number;
          altered?: number;
        } | null =
          'altered' in counts
            ? {
                reason: 'miss-limited',
                budget: 'misses',
                limitPerHour: cmd.limits.misses,
                altered: counts.altered,
              }
            : counts.perKey >= cmd.limits.perKey
              ? { reason: 'rate-limited', budget: first, limitPerHour: cmd.limits.perKey }
              : counts.misses >= cmd.limits.misses
                ? { reason: 'miss-limited', budget: 'misses', limitPerHour: cmd.limits.misses }
                : null;
        if (refusal) {
          // Going over is refused and written as an alert for the team lead.
          audit.append({ ...entry, result: 'alert', details: { ...searched, ...refusal } });
          if (alertedSince.get(cmd.operatorId, since, refusal.budget)!.n === 0) {
            audit.append({
              ...entry,
              action: 'alert.search-limit',
              subjectType: 'operator',
              subjectId: String(cmd.operatorId),
              result: 'alert',
              details: refusal,
            });
          }
          return { ok: false, reason: refusal.reason };
        }
        const rows = find(cmd.query, cmd.cap + 1);
        const page = rows.slice(0, cmd.cap).slice(cmd.offset, cmd.offset + cmd.pageSize);
        audit.append({
          ...entry,
          result: 'success',
          details: {
            ...searched,
            cardIds: page.map((row) => row.public_id),
            matched: Math.min(rows.length, cmd.cap),
          },
        });
        audit.afterCommit(budgets.appended(cmd.operatorId));
        return { ok: true, cards: page.map(toRecord), matched: rows.length };
      });
    },
    async refuseOpen(cmd) {
      audit.transact(() => {
        audit.append({
          ...auditActor(cmd),
          action: 'card.open',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
          result: 'refused',
          details: { reason: 'not-handed-out' },
        });
        // Every refusal is recorded; the lead is alerted once an hour per operator, so a flood
        // of made-up ids cannot bury the lead's other alerts.
        const since = new Date(cmd.at.getTime() - HOUR).toISOString();
        if (openAlertsSince.get(cmd.operatorId, since)!.n > 0) return;
        audit.append({
          ...auditActor(cmd),
          action: 'alert.card-not-handed-out',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
          result: 'alert',
          details: {},
        });
      });
    },
    byPublicId(publicId) {
      const row = byPublicIdQuery.get(publicId);
      return row ? toRecord(row) : null;
    },
  };
}
