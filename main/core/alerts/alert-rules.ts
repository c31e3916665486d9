/**
 * Which audit entries raise an alert for the team lead, and of which kind. The trail is
 * where every limit, refusal and check is already recorded inside its action's transaction,
 * so an alert raised from the entry commits with it: nothing a screen does can raise one or
 * skip one.
 */
import type { AlertKind } from '../../../shared/alerts/alert-codes.ts';
import type { AuditEntryInput } from '../audit/audit-append.ts';

export interface RaisedAlert {
  kind: AlertKind;
  /** Which limit or budget, where the kind has several. */
  scope: string | null;
}

/**
 * The actions alertOf may raise an alert from, for reading them back from the trail: those it
 * raises from whatever their result, and those it raises from only when refused (by limit or
 * refusal, in their details). Kept beside alertOf: a case added there is added here.
 */
export const ALERTING_ACTIONS = [
  'alert.search-limit',
  'alert.verification-limit',
  'lockout.fraud-hold-seen',
  'alert.approval-waiting',
  'operator.locked-out',
  'alert.card-not-handed-out',
  'alert.altered-row',
  'alert.reset-expired',
] as const;
export const ALERTING_REFUSALS = ['contact.check', 'lockout.reset-refused'] as const;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function alertOf(entry: AuditEntryInput): RaisedAlert | null {
  const { details } = entry;
  switch (entry.action) {
    case 'alert.search-limit': {
      // Written once per operator, budget and hour when a search is refused for its budget.
      const budget = text(details['budget']);
      return budget === 'misses'
        ? { kind: 'search-sweep', scope: budget }
        : { kind: 'search-budget', scope: budget };
    }
    case 'alert.verification-limit':
      return details['limit'] === 'call'
        ? { kind: 'verification-limit-call', scope: 'call' }
        : { kind: 'verification-limit-cardholder', scope: 'card' };
    case 'contact.check':
      // Refused because the cardholder's checks across calls are used up (not merely one call's).
      return entry.result === 'refused' && details['limit'] === 'card'
        ? { kind: 'contact-check-limit', scope: 'card' }
        : null;
    case 'lockout.reset-refused':
      return details['refusal'] === 'fraud' ? { kind: 'reset-refused-fraud', scope: null } : null;
    case 'lockout.fraud-hold-seen':
      return { kind: 'card-opened-fraud-hold', scope: null };
    case 'alert.approval-waiting':
      return { kind: 'approval-waiting', scope: null };
    case 'operator.locked-out':
      return { kind: 'sign-in-lockout', scope: null };
    case 'alert.card-not-handed-out':
      return { kind: 'card-not-handed-out', scope: null };
    case 'alert.altered-row':
      return { kind: 'altered-row', scope: text(details['table']) };
    case 'alert.reset-expired':
      return { kind: 'reset-expired', scope: null };
    default:
      return null;
  }
}
