/**
 * Why a channel refused, as a stable code: the screen says it in the agent's language from
 * the i18n catalog (`reasons.<reason>`); the English message beside it is for logs and the
 * CLI only. Reasons are grouped by the feature that refuses; lists kept elsewhere in shared/
 * (reset refusals, approval problems, note problems, card-number problems) are folded in
 * here with their prefix, so a new value there needs a translation too.
 */
import { APPROVAL_PROBLEMS } from '../approvals/approval-codes.ts';
import { CARD_NUMBER_PROBLEMS } from '../input/card-number.ts';
import { RESET_REFUSALS } from '../lockout/lockout-codes.ts';
import { FREE_TEXT_PROBLEMS } from '../text/free-text-guard.ts';

type Prefixed<P extends string, T extends readonly string[]> = {
  -readonly [K in keyof T]: `${P}.${T[K] & string}`;
};

const prefixed = <P extends string, const T extends readonly string[]>(
  prefix: P,
  list: T,
): Prefixed<P, T> => list.map((item) => `${prefix}.${item}`) as Prefixed<P, T>;

export const REASONS = [
  // The router's own refusals, before any handler runs.
  'input.invalid',
  'input.unknown-channel',
  'session.signed-out',
  'session.locked',
  'access.role',
  // The IPC binding's refusal of a request from a frame that is not the console.
  'access.untrusted-frame',
  // A console in connected mode could not reach the desk server (main/connected/).
  'connection.server-unreachable',
  // The desk server refused a request: this machine made too many in a short time.
  'connection.rate-limited',
  'internal',
  // Sign-in and resume.
  'session.wrong-credentials',
  'session.wrong-password',
  'session.account-disabled',
  'session.account-locked',
  // The operator's row does not match its MAC (changed outside Verify Desk).
  'session.account-altered',
  // The audit trail is marked broken (trail-gate.ts): agents cannot sign in until it is checked.
  'session.trail-broken',
  // Search and opening a card.
  ...prefixed('search.card-number', CARD_NUMBER_PROBLEMS),
  'search.last4',
  'search.surname',
  'search.mobile',
  'search.email',
  'search.customer-ref',
  'search.rate-limited',
  'search.miss-limited',
  'card.not-found',
  'card.not-handed-out',
  // The call of this window.
  'call.not-open',
  'call.ended',
  'call.still-open',
  'call.fraud-case-ref',
  'call.fraud-transferred',
  // Free text (notes) refused by the guard, or missing where a note is required.
  ...prefixed('note', FREE_TEXT_PROBLEMS),
  'note.required',
  // Caller verification and contact checks.
  'verification.dob',
  'verification.postcode',
  'verification.blocked',
  // The card (its sealed ACS reference and cardholder) or the cardholder's verification facts
  // fail their seal (migration 020), or the facts are not the ones the trail last recorded
  // (main/core/verification/facts-trail.ts): verification fails closed.
  'verification.card-altered',
  'verification.facts-altered',
  'verification.facts-not-latest',
  'contacts.not-verified',
  'contacts.mobile',
  'contacts.email',
  'contacts.no-checks-left',
  // Resets and approvals.
  ...prefixed('reset', RESET_REFUSALS),
  'reset.nothing-to-retry',
  ...prefixed('approval', APPROVAL_PROBLEMS),
  // The audit desk.
  'audit.not-found',
  'audit.export-unavailable',
  'audit.export-failed',
  // A policy row changed, deleted or put back outside Verify Desk: nothing runs on it.
  'policy.altered',
  // The lead's alerts.
  'alert.not-found',
  'alert.acknowledged',
] as const;

export type Reason = (typeof REASONS)[number];
