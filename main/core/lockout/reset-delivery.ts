/**
 * One delivery of a reset to the ACS, the same for the agent's own send, "send again" and the
 * outbox relay: a reset queued past the caller's verification ends expired and is never sent;
 * one whose requester was disabled since (or whose account was found altered) ends refused and
 * is never sent — nobody who may still act decided it, so the lock waits for a fresh decision;
 * otherwise the ACS's answer decides — applied (or already unlocked), refused (its reason, or
 * another lock in force: lock-changed), or failed (no answer: tried again later, with the same
 * idempotency key). Each outcome is one audit entry with the key, the answer's class and how
 * long the ACS took.
 */
import { AcsError, AcsRefusedError } from '../acs/acs-errors.ts';
import type { AcsGateway } from '../acs/acs-gateway.ts';
import type { Policy } from '../policy/policy.ts';
import type { FraudAtSend } from './fraud-at-send.ts';
import type { LockoutStore, ResetRecord, Sender } from './lockout-store.ts';
import type { RequesterStands } from './requester-standing.ts';

const MINUTE = 60_000;

/** How long a console's own send holds a reset before the relay may send it (a crashed sender). */
export const RESET_CLAIM_MS = 30_000;

/** The delay before send number `attempt` + 1: doubling from 2 s to 5 min, with jitter in [½, 1]. */
export function resendDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(5 * MINUTE, 2_000 * 2 ** Math.min(Math.max(attempt - 1, 0), 20));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export interface DeliveryDeps {
  acs: AcsGateway;
  resets: Pick<
    LockoutStore,
    | 'markApplied'
    | 'markFailed'
    | 'markRefused'
    | 'markExpired'
    | 'markFraudRefused'
    | 'markRequesterRefused'
    | 'verifiedAt'
    | 'endedInTrail'
    | 'restoreEnded'
  >;
  policy: () => Policy;
  /** Whether fraud is suspected on the card now: such a reset is never sent. */
  fraud: FraudAtSend;
  /**
   * Whether the operator who asked for the reset may still act (requester-standing.ts): not
   * disabled — by the row, the trail or the key store — and their row vouched for.
   */
  requesterStands: RequesterStands;
  /**
   * The audit trail is marked broken (audit/trail-gate.ts): nothing is sent, the reset stays
   * as it is (queued) until the trail verifies again.
   */
  trailBroken: () => boolean;
  /** The clock: when the answer came. */
  now: () => Date;
  random?: () => number;
}

/**
 * Until when the reset may still be sent: the validity of the verification it rests on, as the
 * audit trail vouches for it. With none vouched for, it never was sendable (the epoch).
 */
export function sendableUntil(deps: Pick<DeliveryDeps, 'resets' | 'policy'>, reset: ResetRecord) {
  const verifiedAt = deps.resets.verifiedAt(reset);
  if (!verifiedAt) return new Date(0);
  return new Date(verifiedAt.getTime() + deps.policy().verificationValidMinutes * MINUTE);
}

/**
 * Whether the ACS lists a clear under this reset's idempotency key (an answer lost on the wire
 * after the ACS committed it). Not answering: null, and the reset ends expired as it stands.
 */
async function clearedAtAcs(acs: AcsGateway, reset: ResetRecord): Promise<Date | null> {
  try {
    const resets = await acs.readResets(reset.cardId);
    return resets.find((r) => r.idempotencyKey === reset.idempotencyKey)?.clearedAt ?? null;
  } catch {
    return null;
  }
}

export async function deliverReset(
  deps: DeliveryDeps,
  reset: ResetRecord,
  sender: Sender,
): Promise<ResetRecord> {
  if (deps.trailBroken()) return reset;
  // Ended (refused, expired) as the trail says: never sent, whatever the outbox row says now.
  const ended = deps.resets.endedInTrail(reset);
  if (ended) return deps.resets.restoreEnded({ ...sender, reset, ended });
  const until = sendableUntil(deps, reset);
  if (sender.at.getTime() >= until.getTime()) {
    // Sent before (its answer lost): the ACS may have cleared it. Its resets say, by the key.
    const cleared = reset.attempts > 0 ? await clearedAtAcs(deps.acs, reset) : null;
    if (cleared) {
      return deps.resets.markApplied({
        ...sender,
        at: deps.now(),
        reset,
        outcome: 'applied',
        answer: 'found-cleared',
      });
    }
    return deps.resets.markExpired({ ...sender, reset, verifiedUntil: until });
  }
  // The fraud rule of the decision, asked again now: the history may have changed since.
  if (deps.fraud(reset.cardId, sender.at))
    return deps.resets.markFraudRefused({ ...sender, reset });
  // Who decided it, asked again now: an agent disabled since (an insider shut out) does not
  // get a queued reset sent after them.
  if (!deps.requesterStands(reset)) return deps.resets.markRequesterRefused({ ...sender, reset });
  const started = performance.now();
  const took = () => performance.now() - started;
  try {
    const outcome = await deps.acs.applyReset({
      idempotencyKey: reset.idempotencyKey,
      cardId: reset.cardId,
      lockSince: reset.lockSince,
      lockCause: reset.lockCause,
      at: sender.at,
    });
    return deps.resets.markApplied({
      ...sender,
      at: deps.now(),
      reset,
      outcome,
      answer: outcome,
      latencyMs: took(),
    });
  } catch (error) {
    const latencyMs = took();
    const at = deps.now();
    if (error instanceof AcsRefusedError) {
      return deps.resets.markRefused({
        ...sender,
        at,
        reset,
        reason: error.reason,
        answer: error.reason === 'lock-changed' ? 'lock-changed' : 'refused',
        latencyMs,
      });
    }
    const name = error instanceof Error ? error.name : 'UnknownError';
    return deps.resets.markFailed({
      ...sender,
      at,
      reset,
      error: name.slice(0, 64),
      answer: error instanceof AcsError ? error.kind : 'error',
      latencyMs,
      retryAt: new Date(at.getTime() + resendDelay(reset.attempts + 1, deps.random)),
    });
  }
}
