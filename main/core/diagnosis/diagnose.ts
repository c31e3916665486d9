/**
 * Why a 3-D Secure checkout failed, as the likely causes ranked for the agent. A pure
 * function of the card's lock (read live against the router's clock), its contact points and
 * its recent attempts: the same facts always give the same answer, whatever order the
 * attempts come in.
 *
 * Ranking: suspected fraud always first, and then nothing advises a reset; a lock in force
 * next, because no new checkout can pass until it ends; then whatever explains the latest
 * failure; then the rest in the order of CAUSES. "Not a 3DS problem" is said only when
 * nothing else is found.
 */
import { CAUSES, type CauseCode, type CodeRoute } from '../../../shared/diagnosis/causes.ts';
import type { AcsLockState } from '../acs/acs-gateway.ts';
import type { ContactStatus } from '../../../shared/contacts/contact-codes.ts';
import type { AttemptRecord } from '../history/attempt-store.ts';

/** Attempts older than this say nothing about today's checkout. */
export const RECENT_DAYS = 7;
const DAY = 86_400_000;

/** Where the recent history starts: the attempts the diagnosis and the reset checks read. */
export const recentSince = (now: Date): Date => new Date(now.getTime() - RECENT_DAYS * DAY);

export type AttemptMethod = AttemptRecord['method'];
export type Delivery = AttemptRecord['delivery'];
export type AttemptOutcome = AttemptRecord['outcome'];

export interface AttemptFacts {
  at: Date;
  method: AttemptMethod;
  delivery: Delivery;
  outcome: AttemptOutcome;
  transStatus: AttemptRecord['transStatus'];
  transStatusReason: string | null;
  challengeCancel: string | null;
  /** Whether the code went to the current contact; null when it cannot be told. */
  toCurrentDestination: boolean | null;
}

export interface ContactFacts {
  status: ContactStatus;
  changedAt: Date | null;
  pendingEffectiveAt: Date | null;
}

export type LockFacts = AcsLockState;

export interface DiagnosisInput {
  now: Date;
  lock: LockFacts;
  mobile: ContactFacts | null;
  email: ContactFacts | null;
  attempts: readonly AttemptFacts[];
}

export interface Cause {
  code: CauseCode;
  /** A reset would help: only when the card is locked now and nothing suggests fraud. */
  resetAdvised: boolean;
  /** How the code this cause rests on was sent, for the script; null when no code was. */
  route: CodeRoute | null;
  /** What was seen, in words for tests and logs (never shown as the script). */
  evidence: string[];
}

/** transStatusReason 10 stolen card, 11 suspected fraud: never a reset. */
export const FRAUD_REASONS: ReadonlySet<string> = new Set(['10', '11']);

/** A recent attempt the ACS marked as stolen card or suspected fraud. */
export function fraudInHistory(attempts: readonly { transStatusReason: string | null }[]): boolean {
  return attempts.some(
    (a) => a.transStatusReason !== null && FRAUD_REASONS.has(a.transStatusReason),
  );
}
/** challengeCancel 05: ACS timed out and the first challenge never arrived. */
const NEVER_ARRIVED = '05';
const SUCCESS: ReadonlySet<AttemptOutcome> = new Set(['authenticated', 'frictionless']);

export function diagnose(input: DiagnosisInput): Cause[] {
  const found = new Map<CauseCode, string[]>();
  const routes = new Map<CauseCode, CodeRoute>();
  const note = (code: CauseCode, evidence: string, route?: CodeRoute | null) => {
    found.set(code, [...(found.get(code) ?? []), evidence]);
    // Attempts come oldest first: the latest route a cause was seen on wins.
    if (route) routes.set(code, route);
  };

  const lockedNow =
    input.lock.state === 'locked' &&
    input.lock.since.getTime() <= input.now.getTime() &&
    (input.lock.until === null || input.lock.until.getTime() > input.now.getTime());
  const lockCause = input.lock.state === 'locked' ? input.lock.cause : null;

  const recent = [...input.attempts]
    .filter(
      (a) =>
        a.at.getTime() <= input.now.getTime() && a.at.getTime() > recentSince(input.now).getTime(),
    )
    .sort(byTimeThenFacts);
  // Failures a later success has already put right no longer explain anything.
  const lastSuccess = recent.findLastIndex((a) => SUCCESS.has(a.outcome));
  const open = recent.slice(lastSuccess + 1);
  const latest = open.at(-1) ?? null;

  // Fraud: over every recent attempt, even before a success.
  if (lockedNow && lockCause === 'fraud_hold')
    note('suspected-fraud', 'the ACS holds the card for fraud');
  for (const attempt of recent) {
    if (attempt.transStatusReason !== null && FRAUD_REASONS.has(attempt.transStatusReason)) {
      note('suspected-fraud', `transStatusReason ${attempt.transStatusReason} at ${iso(attempt)}`);
    }
  }

  if (lockedNow && lockCause !== 'fraud_hold')
    note('locked-wrong-codes', `locked now (${lockCause})`);

  for (const attempt of open) {
    if (attempt.outcome === 'code-expired')
      note('code-expired', `code expired at ${iso(attempt)}`, routeOf(attempt));
    if (challenged(attempt) && attempt.toCurrentDestination === false) {
      note(
        'old-destination',
        `${attempt.method} code sent to a non-current destination at ${iso(attempt)}`,
        routeOf(attempt),
      );
    }
    if (deliveryFailed(attempt))
      note('delivery-failing', `delivery ${attempt.delivery} at ${iso(attempt)}`, routeOf(attempt));
  }
  for (const [kind, contact] of [
    ['mobile', input.mobile],
    ['email', input.email],
  ] as const) {
    if (contact && (contact.status === 'bounced' || contact.status === 'undeliverable')) {
      // A failing attempt names its own route; a contact's status only when none did.
      const route = routes.get('delivery-failing') ?? (kind === 'mobile' ? 'sms' : 'email');
      note('delivery-failing', `${kind} is ${contact.status}`, route);
    }
  }

  if (input.mobile === null && input.email === null) {
    note('no-contact', 'no mobile number and no email address registered');
  }
  const pending = input.mobile?.pendingEffectiveAt ?? null;
  if (pending !== null && pending.getTime() > input.now.getTime()) {
    note('mobile-change-pending', `mobile change takes effect ${pending.toISOString()}`);
  }

  if (found.size === 0)
    note('not-3ds', 'not locked, contacts in order, no open 3-D Secure failure');

  const fraud = found.has('suspected-fraud');
  // A lock or any other cause: the code that would come next goes the way the latest did.
  const latestRoute =
    [...recent]
      .reverse()
      .map(routeOf)
      .find((route) => route !== null) ?? null;
  const explains = latest ? explainsAttempt(latest, input) : new Set<CauseCode>();
  const rank = (code: CauseCode) =>
    code === 'suspected-fraud' ? 0 : code === 'locked-wrong-codes' ? 1 : explains.has(code) ? 2 : 3;
  return [...found.entries()]
    .map(([code, evidence]) => ({
      code,
      resetAdvised: code === 'locked-wrong-codes' && lockedNow && !fraud,
      route: routes.get(code) ?? latestRoute,
      evidence,
    }))
    .sort((a, b) => rank(a.code) - rank(b.code) || CAUSES.indexOf(a.code) - CAUSES.indexOf(b.code));
}

/** The causes that account for how the latest open attempt failed. */
function explainsAttempt(latest: AttemptFacts, input: DiagnosisInput): Set<CauseCode> {
  const causes = new Set<CauseCode>();
  if (latest.outcome === 'code-expired') causes.add('code-expired');
  if (challenged(latest) && latest.toCurrentDestination === false) causes.add('old-destination');
  if (deliveryFailed(latest)) causes.add('delivery-failing');
  if (input.mobile === null && input.email === null) causes.add('no-contact');
  // A code to the mobile that was never used, while a new number waits to take effect.
  if (latest.method === 'sms' && input.mobile?.pendingEffectiveAt)
    causes.add('mobile-change-pending');
  return causes;
}

/** The route a code took; frictionless attempts sent none. */
function routeOf(attempt: AttemptFacts): CodeRoute | null {
  return attempt.method === 'frictionless' ? null : attempt.method;
}

function challenged(attempt: AttemptFacts): boolean {
  return attempt.method === 'sms' || attempt.method === 'email';
}

function deliveryFailed(attempt: AttemptFacts): boolean {
  return (
    attempt.delivery === 'failed' ||
    attempt.delivery === 'bounced' ||
    (challenged(attempt) && attempt.challengeCancel === NEVER_ARRIVED)
  );
}

/** Oldest first; attempts at the same instant in a fixed order of their facts. */
function byTimeThenFacts(a: AttemptFacts, b: AttemptFacts): number {
  return a.at.getTime() - b.at.getTime() || factsKey(a).localeCompare(factsKey(b));
}

function factsKey(a: AttemptFacts): string {
  return [
    a.outcome,
    a.method,
    a.delivery,
    a.transStatus,
    a.transStatusReason ?? '',
    a.challengeCancel ?? '',
    String(a.toCurrentDestination),
  ].join('|');
}

function iso(attempt: AttemptFacts): string {
  return attempt.at.toISOString();
}
