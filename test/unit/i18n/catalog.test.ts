/**
 * The screen speaks the agent's language for everything it shows from a code: each refusal
 * reason and each value of a shared code table has a Japanese and an English text, the two
 * catalogs hold the same keys, and a Japanese text is Japanese (not a copy of the English,
 * not left in Latin letters) except for the product names and protocol codes listed here.
 */
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import ja from '../../../renderer/src/i18n/ja.json' with { type: 'json' };
import { APPROVAL_STATES } from '../../../shared/approvals/approval-codes.ts';
import {
  AUDIT_ACTIONS,
  AUDIT_GROUPS,
  AUDIT_RESULTS,
  AUDIT_VERIFICATION_STATUSES,
} from '../../../shared/audit/audit-codes.ts';
import { CALL_OUTCOMES } from '../../../shared/calls/call-codes.ts';
import { SEARCH_KEYS } from '../../../shared/cards/search-keys.ts';
import { CONTACT_KINDS, CONTACT_STATUSES } from '../../../shared/contacts/contact-codes.ts';
import { REASONS } from '../../../shared/contract/reasons.ts';
import { ROLES } from '../../../shared/contract/roles.ts';
import {
  ATTEMPT_DELIVERIES,
  ATTEMPT_METHODS,
  ATTEMPT_OUTCOMES,
  HISTORY_PERIODS,
  TRANS_STATUSES,
} from '../../../shared/history/attempt-codes.ts';
import {
  LOCK_CAUSES,
  RESET_ESCALATIONS,
  RESET_REASONS,
  RESET_VIEW_STATES,
} from '../../../shared/lockout/lockout-codes.ts';
import { VERIFICATION_LIMITS } from '../../../shared/verification/verification-codes.ts';

type Catalog = { [key: string]: string | Catalog };

/** Keys whose Japanese text may be the English one: product names and protocol field names. */
const SAME_IN_BOTH = new Set([
  'app.name',
  'history.transStatus',
  'history.transStatusReason',
  'history.eci',
  'history.challengeCancel',
  'earlier.call',
]);

/** Hiragana, katakana (full and half width) or kanji. */
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/u;

function leaves(catalog: Catalog, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') found.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) found.set(k, v);
  }
  return found;
}

const english = leaves(en as Catalog);
const japanese = leaves(ja as Catalog);

/** Where each shared code table is spoken on screen. */
const CODE_TABLES: [string, readonly string[]][] = [
  ['reasons', REASONS],
  ['role', ROLES],
  ['search.key', SEARCH_KEYS],
  ['card.cause', LOCK_CAUSES],
  ['contacts.kind', CONTACT_KINDS],
  ['contacts.status', CONTACT_STATUSES],
  ['verify.blocked', VERIFICATION_LIMITS],
  ['history.periods', HISTORY_PERIODS],
  ['history.method', ATTEMPT_METHODS],
  ['history.delivery', ATTEMPT_DELIVERIES],
  ['history.outcome', ATTEMPT_OUTCOMES],
  ['codes.transStatus', TRANS_STATUSES],
  ['wrapUp.outcomes', CALL_OUTCOMES],
  ['reset.escalation', RESET_ESCALATIONS],
  ['reset.state', RESET_VIEW_STATES],
  ['reset.approval', APPROVAL_STATES],
  ['reset.reasons', RESET_REASONS],
  ['audit.groups', AUDIT_GROUPS],
  ['audit.actions', AUDIT_ACTIONS],
  ['audit.results', AUDIT_RESULTS],
  ['audit.verify.status', AUDIT_VERIFICATION_STATUSES],
];

describe('the i18n catalogs', () => {
  it('hold the same keys in Japanese and English', () => {
    const onlyEnglish = [...english.keys()].filter((key) => !japanese.has(key));
    const onlyJapanese = [...japanese.keys()].filter((key) => !english.has(key));
    expect({ onlyEnglish, onlyJapanese }).toEqual({ onlyEnglish: [], onlyJapanese: [] });
  });

  it.each(CODE_TABLES)('say every value of %s in both languages', (prefix, values) => {
    const missing = values
      .map((value) => `${prefix}.${value}`)
      .filter((key) => !english.get(key) || !japanese.get(key));
    expect(missing).toEqual([]);
  });

  it('have Japanese text in Japanese, not a copy of the English', () => {
    const notJapanese = [...japanese]
      .filter(([key]) => !SAME_IN_BOTH.has(key))
      .filter(([key, text]) => !JAPANESE_SCRIPT.test(text) || text === english.get(key))
      .map(([key]) => key);
    expect(notJapanese).toEqual([]);
  });

  it('list as exceptions only keys that exist', () => {
    expect([...SAME_IN_BOTH].filter((key) => !japanese.has(key))).toEqual([]);
  });
});
