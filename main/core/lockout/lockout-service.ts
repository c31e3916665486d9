/**
 * lockout.status, lockout.reset and lockout.retry: the open card's lock, whether it may be
 * reset and why not, and the reset itself. Facts are read once per command at the router's
 * clock and judged by decideReset() — the same function for the disabled button and for the
 * command. An allowed reset is recorded (reset + audit + outbox in one transaction) and then
 * sent to the ACS gateway; one that policy escalates becomes a request for a team lead.
 * Every command answers with the status the screen shows next: the facts it read, with what
 * its own write changed, judged again — never a second read.
 */
import type { ChannelInput, ResetStatus } from '../../../shared/contract/index.ts';
import type { LockSource, ResetRefusal } from '../../../shared/lockout/lockout-codes.ts';
import type { AcsGateway, AcsLockState } from '../acs/acs-gateway.ts';
import { freshLock, freshResets } from '../acs/live-lock.ts';
import { lockView } from '../acs/lock-view.ts';
import type { Actor } from '../actor.ts';
import type { ApprovalRecord, ApprovalStore } from '../approvals/approval-store.ts';
import { approvalView } from '../approvals/approval-view.ts';
import type { CallRegistry, OpenCall } from '../calls/call-registry.ts';
import { actorOnCall, openCallOn } from '../calls/open-call.ts';
import { checkedNote } from '../checked-note.ts';
import type { CheckedContacts, ContactStore } from '../contacts/contact-store.ts';
import type { Policy } from '../policy/policy.ts';
import { DeskFailure } from '../router/failure.ts';
import type { CallContext } from '../router/router.ts';
import type { VerificationStore } from '../verification/verification-store.ts';
import type { LockoutStore, ResetRecord } from './lockout-store.ts';
import type { FraudAtSend } from './fraud-at-send.ts';
import type { RequesterStands } from './requester-standing.ts';
import { deliverReset, RESET_CLAIM_MS } from './reset-delivery.ts';
import { decideReset, REFUSAL_MESSAGES, type ResetFacts } from './reset-decision.ts';
import { resetView } from './reset-view.ts';
import type { VouchedClears } from './vouched-clears.ts';

export interface LockoutServiceDeps {
  acs: AcsGateway;
  resets: LockoutStore;
  approvals: Pick<ApprovalStore, 'request' | 'pendingFor' | 'latestInCall'>;
  verifications: Pick<VerificationStore, 'lastVerifiedAt'>;
  openCalls: CallRegistry;
  contacts: Pick<ContactStore, 'forDecision'>;
  /**
   * Suspected fraud on the card (fraud-at-send.ts): its history, as the trail first saw it, or
   * a reset or approval row of the card altered without the keys.
   */
  fraud: FraudAtSend;
  /** Whether the operator who asked for a reset may still act (requester-standing.ts). */
  requesterStands: RequesterStands;
  /**
   * When the card's earlier locks were cleared as the trail vouches for it (vouched-clears.ts):
   * counted with the gateway's resets, so a cleared row deleted in the file is still a reset.
   */
  clears: VouchedClears;
  /** The audit trail is marked broken (audit/trail-gate.ts): nothing is decided or sent. */
  trailBroken: () => boolean;
  policy: () => Policy;
  /**
   * Runs the command's local reads (after the ACS's answer) in one read transaction
   * (db/read-scope.ts); without it each read runs on its own.
   */
  oneRead?: <T>(read: () => T) => T;
  origin: string;
  /** The clock, for when the ACS answered. */
  now: () => Date;
  /** How long this console's own send holds a reset before the relay may send it. */
  claimMs?: number;
  /** How long the agent's reset waits for the ACS's answer before replying "requested". */
  replyWithinMs?: number;
  logInternal?: (line: string) => void;
  /** Tells the leads a request is waiting, and remembers which window asked. */
  requested(approvalId: string, cardId: string, callerId: string): void;
}

const MINUTE = 60_000;
/** The agent waits this long for the ACS; a slower answer arrives on the panel by itself. */
const REPLY_WITHIN_MS = 2_500;

/**
 * When the card's contact details changed: a value that changed, a change asked for (even
 * if not yet in effect), and a pending change that has taken effect — the takeover pattern.
 * A contact that fails its seal (its change time moved back in the file, say), or is not what
 * the trail's newest change of it says (a row put back from before), says nothing about when it
 * changed: it is taken as changed now, so the reset goes to a lead — as is a contact the trail
 * names whose row is gone.
 */
function contactChanges({ contacts, missing }: CheckedContacts, now: Date): Date[] {
  return [
    ...(missing ? [now] : []),
    ...contacts.flatMap((contact) => [
      ...(contact.altered ? [now] : []),
      ...(contact.valueChangedAt ? [contact.valueChangedAt] : []),
      ...(contact.pending
        ? [
            contact.updatedAt,
            ...(contact.pending.effectiveAt.getTime() <= now.getTime()
              ? [contact.pending.effectiveAt]
              : []),
          ]
        : []),
    ]),
  ];
}
/** Refusals about the lock's state (already done, already asked) rather than about who asks. */
const CONFLICTS: ReadonlySet<ResetRefusal> = new Set([
  'not-locked',
  'approval-pending',
  'reset-in-progress',
]);

/** What one command read about the card: the decision's facts, and the records shown with them. */
interface LockoutFacts extends ResetFacts {
  /** The card's latest reset. */
  latest: ResetRecord | null;
  /** The latest approval request made in this call, as it stands now. */
  requestInCall: ApprovalRecord | null;
  /** Where the lock judged came from (live, or the last known state). */
  lockSource: LockSource;
}

/**
 * A lock is "in progress" when its latest reset is for this very lock and still on its way: not
 * applied (its sealed row), nor ended refused or expired as the audit trail says — after those
 * the lock may be reset again. The unsealed outbox state alone never ends one.
 */
const inProgress = (lock: AcsLockState, latest: ResetRecord | null): boolean =>
  lock.state === 'locked' &&
  latest !== null &&
  latest.state !== 'applied' &&
  !latest.endedUncleared &&
  latest.lockSince.getTime() === lock.since.getTime();

/**
 * The ACS refused this very lock's latest reset because of a fraud hold it knows of (its
 * verifying audit entry ended it refused; the reason as the outbox row kept it): the lock is not
 * one to reset again — the agent transfers the call to the fraud team, as for a hold seen here.
 */
const refusedForFraud = (lock: AcsLockState, latest: ResetRecord | null): boolean =>
  lock.state === 'locked' &&
  latest !== null &&
  latest.endedUncleared &&
  latest.outboxState === 'refused' &&
  latest.lastError === 'fraud-hold' &&
  latest.lockSince.getTime() === lock.since.getTime();

export function createLockoutService(deps: LockoutServiceDeps) {
  /** The one read of a command: the lock at the ACS and everything the decision weighs. */
  async function facts(open: OpenCall, now: Date): Promise<LockoutFacts>;
  async function facts<T>(open: OpenCall, now: Date, then: (facts: LockoutFacts) => T): Promise<T>;
  async function facts(
    open: OpenCall,
    now: Date,
    then: (facts: LockoutFacts) => unknown = (read) => read,
  ): Promise<unknown> {
    const cardId = open.call.cardId;
    const local = deps.acs.kind === 'embedded' ? deps.acs.readNow : undefined;
    if (local)
      // The embedded ACS is the same database: its resets and lock are read in the same read
      // transaction as everything else, one snapshot (no reset can land in between).
      return oneRead(() => {
        const { state, resets } = local.card(cardId, now);
        return then(localFacts(open, now, resets, state.lock, 'embedded'));
      });
    // The resets first, then the lock: a reset another console applies in between is then
    // seen as the lock it cleared (unlocked), never as a recent reset of a lock still shown
    // locked — which would make this one a second reset and send it to a lead.
    const resets = await freshResets(deps.acs, cardId);
    // The freshest lock there is: live, or (the ACS not answering) the last known — said so.
    const { lock, source } = await freshLock(deps.acs, cardId, now);
    // Everything else is read here, synchronously, in one read transaction (with what `then`
    // reads beside it): every sealed row is still read and checked against its MAC.
    return oneRead(() => then(localFacts(open, now, resets, lock, source)));
  }
  const oneRead = deps.oneRead ?? (<T>(read: () => T): T => read());

  function localFacts(
    open: OpenCall,
    now: Date,
    resets: Awaited<ReturnType<typeof freshResets>>,
    lock: AcsLockState,
    source: LockSource,
  ): LockoutFacts {
    const cardId = open.call.cardId;
    const latest = deps.resets.latest(cardId);
    return {
      now,
      lock,
      lockSource: source,
      verifiedAt: deps.verifications.lastVerifiedAt(open.call),
      fraudSeen: deps.fraud(cardId, now) || refusedForFraud(lock, latest),
      resetsAt: [...resets.map((reset) => reset.clearedAt), ...deps.clears(cardId, now)],
      contactChangesAt: contactChanges(
        deps.contacts.forDecision(open.cardholderId, open.cardPublicId, now),
        now,
      ),
      approvalPending:
        lock.state === 'locked' && deps.approvals.pendingFor(cardId, lock.since, now) !== null,
      resetInProgress: inProgress(lock, latest),
      trailBroken: deps.trailBroken(),
      latest,
      requestInCall: deps.approvals.latestInCall(open.call.id, now),
    };
  }

  /** The status the screen shows, judged from facts (as read, or as a write left them). */
  function statusOf(facts: LockoutFacts, policy: Policy): ResetStatus {
    const decision = decideReset(facts, policy);
    return {
      allowed: decision.allowed,
      refusal: decision.allowed ? null : decision.refusal,
      escalation: decision.allowed ? decision.escalation : [],
      lock: lockView(facts.lock),
      lockSource: facts.lockSource,
      reset: facts.latest ? resetView(facts.latest) : null,
      approval: facts.requestInCall ? approvalView(facts.requestInCall) : null,
    };
  }

  /**
   * The facts after a reset was sent. Applied: the ACS is asked for the lock once more, since
   * a card may hold another lock than the one reset (a resend-limit lock beside a wrong-code
   * one) and the reply must say what the card is now. Otherwise the lock stays as read.
   */
  async function afterDispatch(
    facts: LockoutFacts,
    reset: ResetRecord,
    now: Date,
  ): Promise<LockoutFacts> {
    const fresh = reset.state === 'applied' ? await freshLock(deps.acs, reset.cardId, now) : null;
    const lock: AcsLockState = fresh?.lock ?? facts.lock;
    return {
      ...facts,
      lock,
      lockSource: fresh?.source ?? facts.lockSource,
      latest: reset,
      resetInProgress: inProgress(lock, reset),
      fraudSeen: facts.fraudSeen || refusedForFraud(lock, reset),
      resetsAt: reset.appliedAt ? [...facts.resetsAt, reset.appliedAt] : facts.resetsAt,
    };
  }

  /** Refused: audited (a failed attempt is evidence too), then said to the operator. */
  function refuse(actor: Actor, open: OpenCall, refusal: ResetRefusal | 'lost-race'): never {
    deps.resets.refused({
      ...actor,
      cardPublicId: open.cardPublicId,
      callPublicId: open.call.publicId,
      refusal,
    });
    if (refusal === 'lost-race') {
      // Another console (or a double click) got there first: one reset, and this one says so.
      const latest = deps.resets.latest(open.call.cardId);
      const said = latest?.state === 'applied' ? 'not-locked' : 'reset-in-progress';
      throw new DeskFailure('conflict', `reset.${said}`, REFUSAL_MESSAGES[said]);
    }
    throw new DeskFailure(
      CONFLICTS.has(refusal) ? 'conflict' : 'forbidden',
      `reset.${refusal}`,
      REFUSAL_MESSAGES[refusal],
    );
  }

  const { fraud } = deps;
  const claimMs = deps.claimMs ?? RESET_CLAIM_MS;
  const claimUntil = (at: Date) => new Date(at.getTime() + claimMs);

  /**
   * Sends the reset to the ACS with its idempotency key; the outbox records the answer. The
   * reset is held for this send (claimed), so the relay sends it only if this console stops.
   */
  async function dispatch(reset: ResetRecord, actor: Actor): Promise<ResetRecord> {
    deps.resets.claim(reset.id, claimUntil(actor.at));
    return deliverReset(
      {
        acs: deps.acs,
        resets: deps.resets,
        policy: deps.policy,
        fraud,
        requesterStands: deps.requesterStands,
        trailBroken: deps.trailBroken,
        now: deps.now,
      },
      reset,
      actor,
    );
  }

  /**
   * The agent waits for the ACS's answer only so long: a slow ACS answers after the reply, and
   * the panel (which follows a reset on its way) shows requested, then the answer. The send
   * goes on meanwhile and records its answer whenever it comes.
   */
  async function sendWithin(reset: ResetRecord, actor: Actor): Promise<ResetRecord> {
    const sent = dispatch(reset, actor);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), deps.replyWithinMs ?? REPLY_WITHIN_MS);
    });
    try {
      return (await Promise.race([sent, waited])) ?? reset;
    } finally {
      clearTimeout(timer);
      sent.catch(() => deps.logInternal?.('lockout: a reset send ended in an error'));
    }
  }

  return {
    dispatch,

    async status(input: ChannelInput<'lockout.status'>, ctx: CallContext): Promise<ResetStatus> {
      const open = openCallOn(deps.openCalls, ctx, input.cardId);
      return facts(open, ctx.now, (read) => statusOf(read, deps.policy()));
    },

    async reset(input: ChannelInput<'lockout.reset'>, ctx: CallContext): Promise<ResetStatus> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const note = checkedNote(input.note, ctx.now, 'Say in the note why the lock is reset.');
      const policy = deps.policy();
      const read = await facts(open, ctx.now);
      const decision = decideReset(read, policy);
      if (!decision.allowed) refuse(actor, open, decision.refusal);
      const { lock, verifiedAt } = read;
      if (lock.state !== 'locked' || verifiedAt === null) refuse(actor, open, 'not-locked');
      const common = {
        ...actor,
        cardId: open.call.cardId,
        cardPublicId: open.cardPublicId,
        callId: open.call.id,
        callPublicId: open.call.publicId,
        lockSince: lock.since,
        lockCause: lock.cause,
        reason: input.reason,
        note,
      };

      if (decision.escalation.length > 0) {
        // A request cannot outlive the verification it rests on.
        const expiresAt = new Date(
          Math.min(
            ctx.now.getTime() + policy.approvalValidMinutes * MINUTE,
            verifiedAt.getTime() + policy.verificationValidMinutes * MINUTE,
          ),
        );
        const approval = deps.approvals.request({
          ...common,
          escalation: decision.escalation,
          expiresAt,
        });
        if (!approval) refuse(actor, open, 'approval-pending');
        deps.requested(approval.publicId, open.cardPublicId, ctx.callerId);
        return statusOf({ ...read, approvalPending: true, requestInCall: approval }, policy);
      }

      const reset = deps.resets.record({ ...common, claimUntil: claimUntil(ctx.now) });
      if (!reset) refuse(actor, open, 'lost-race');
      return statusOf(await afterDispatch(read, await sendWithin(reset, actor), ctx.now), policy);
    },

    async retry(input: ChannelInput<'lockout.retry'>, ctx: CallContext): Promise<ResetStatus> {
      const { actor, open } = actorOnCall(deps, ctx, input.cardId);
      const policy = deps.policy();
      const read = await facts(open, ctx.now);
      const { latest } = read;
      // Sent but never confirmed (the console stopped in between) may be sent again too: the
      // idempotency key makes a second delivery harmless.
      // Applied, refused by the ACS, or expired unsent: final, nothing to send again.
      if (!latest || (latest.outboxState !== 'pending' && latest.outboxState !== 'failed')) {
        throw new DeskFailure(
          'conflict',
          'reset.nothing-to-retry',
          'There is no unconfirmed reset on this card to send again.',
        );
      }
      const decision = decideReset(read, policy);
      if (
        !decision.allowed &&
        (decision.refusal === 'fraud' || decision.refusal === 'trail-broken')
      )
        refuse(actor, open, decision.refusal);
      return statusOf(await afterDispatch(read, await sendWithin(latest, actor), ctx.now), policy);
    },
  };
}

export type LockoutService = ReturnType<typeof createLockoutService>;
