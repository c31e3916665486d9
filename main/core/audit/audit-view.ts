/**
 * An entry as the audit desk shows and exports it: codes stay codes (the screen names them),
 * and every value is checked against the contract's string kinds on the way out. The trail
 * should never hold a clear value, but a reader does not rely on what a writer promised: a
 * detail that is not a number, a code, an identifier or a timestamp — or that looks like a
 * contact or a long number — is withheld, never shown or exported.
 */
import type { AuditDetail, AuditEntryRow } from '../../../shared/contract/audit.ts';
import { Code, Identifier, PersonName, Timestamp } from '../../../shared/contract/strings.ts';
import type { AuditRow } from './audit-reader.ts';

type Scalar = number | boolean | null | string;

/** Nested details deeper than this are withheld whole (the trail writes two levels at most). */
const MAX_DEPTH = 4;
const MAX_ARRAY = 100;

const orNull = <T>(
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  v: unknown,
) => {
  const parsed = schema.safeParse(v);
  return parsed.success ? (parsed.data as T) : null;
};

/** A string a detail may carry: a timestamp, or a code or identifier that cannot be a contact or a code. */
function shownString(value: string): string | null {
  if (Timestamp.safeParse(value).success) return value;
  // An @ could be an email; a bare run of digits could be a one-time code or a card number.
  if (value.includes('@') || /^\d{4,}$/u.test(value)) return null;
  if (Code.safeParse(value).success || Identifier.safeParse(value).success) return value;
  return null;
}

function shownScalar(value: unknown): { ok: true; value: Scalar } | { ok: false } {
  if (value === null || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number')
    return Number.isFinite(value) ? { ok: true, value } : { ok: false };
  if (typeof value === 'string') {
    const shown = shownString(value);
    return shown === null ? { ok: false } : { ok: true, value: shown };
  }
  return { ok: false };
}

/** The entry's details as flat key/value pairs (nested keys joined with dots), withheld where unsafe. */
export function detailsOf(detailsJson: string): AuditDetail[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(detailsJson);
  } catch {
    return [{ key: 'details', value: null, withheld: true }];
  }
  const out: AuditDetail[] = [];
  const visit = (value: unknown, key: string, depth: number) => {
    const safeKey = Code.safeParse(key).success ? key : null;
    if (safeKey === null) {
      out.push({ key: 'unnamed', value: null, withheld: true });
      return;
    }
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ARRAY).map(shownScalar);
      if (value.length > MAX_ARRAY || items.some((item) => !item.ok)) {
        out.push({ key, value: null, withheld: true });
      } else {
        out.push({
          key,
          value: items.map((item) => (item.ok ? item.value : null)),
          withheld: false,
        });
      }
      return;
    }
    if (typeof value === 'object' && value !== null) {
      if (depth >= MAX_DEPTH) {
        out.push({ key, value: null, withheld: true });
        return;
      }
      for (const [child, inner] of Object.entries(value))
        visit(inner, `${key}.${child}`, depth + 1);
      return;
    }
    const scalar = shownScalar(value);
    out.push(
      scalar.ok
        ? { key, value: scalar.value, withheld: false }
        : { key, value: null, withheld: true },
    );
  };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return [{ key: 'details', value: null, withheld: true }];
  }
  for (const [key, value] of Object.entries(parsed)) visit(value, key, 1);
  return out;
}

/** The row as the explorer lists it: a value that is not of its kind becomes null. */
export function entryRowOf(row: AuditRow): AuditEntryRow {
  return {
    seq: row.seq,
    at: orNull<string>(Timestamp, row.at) ?? new Date(0).toISOString(),
    operator: row.username === null ? null : orNull<string>(Identifier, row.username),
    operatorName: row.displayName === null ? null : orNull<string>(PersonName, row.displayName),
    origin: orNull<string>(Identifier, row.origin),
    action: orNull<string>(Code, row.action) ?? 'unknown',
    group: row.group,
    result: row.result,
    subjectType: row.subjectType === null ? null : orNull<string>(Code, row.subjectType),
    subjectId: row.subjectId === null ? null : orNull<string>(Identifier, row.subjectId),
  };
}
