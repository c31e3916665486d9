/** The approvals feature: a team lead decides the resets policy escalated (four eyes). */
import { z } from 'zod';
import { APPROVAL_DECISIONS, APPROVAL_STATES } from '../approvals/approval-codes.ts';
import { RESET_REASONS } from '../lockout/lockout-codes.ts';
import { defineChannel, defineEvent } from './define.ts';
import { Empty, NoteInput, PublicIdInput } from './inputs.ts';
import { LOCK_SOURCES } from '../lockout/lockout-codes.ts';
import { ContactView } from './contacts.ts';
import { AttemptView } from './history.ts';
import { ApprovalView, LockState, ResetView } from './lockout.ts';
import { CheckedText, Code, Identifier, MaskedCard, PersonName, Timestamp } from './strings.ts';

/** A request in the lead's queue, with the card's context to judge it. */
export const ApprovalQueueItem = z.strictObject({
  approval: ApprovalView,
  cardId: Identifier,
  maskedCard: MaskedCard,
  name: PersonName,
  lock: LockState,
  reason: z.enum(RESET_REASONS),
  note: CheckedText,
  /**
   * The requesting agent as the lead knows them, when the trail vouches for the name (null:
   * named by the username alone).
   */
  requestedByName: PersonName.nullable(),
  /** When the caller was verified in the call the request came from. */
  verifiedAt: Timestamp.nullable(),
  /**
   * The card's last reset before this request, as the ACS records it (when the lock was
   * cleared), and who reset it when it was done from a console (null: at the ACS itself).
   */
  earlierReset: z
    .strictObject({
      at: Timestamp,
      by: Identifier.nullable(),
      byName: PersonName.nullable(),
    })
    .nullable(),
});
export type ApprovalQueueItem = z.infer<typeof ApprovalQueueItem>;

/**
 * The card of a pending request, as a lead reads it from the queue: read-only, outside any
 * call (no verification, no reset, no wrap-up), masked like everything else.
 */
export const ApprovalCard = z.strictObject({
  approvalId: Identifier,
  cardId: Identifier,
  maskedCard: MaskedCard,
  name: PersonName,
  nameKana: PersonName.nullable(),
  product: Code,
  lock: LockState,
  /** Where the lock shown came from: read live, or the last known state. */
  lockSource: z.enum(LOCK_SOURCES),
  dataAsOf: Timestamp,
  fraudHold: z.boolean(),
  contacts: z.array(ContactView),
  /** The card's 3-D Secure attempts of the last 30 days, newest first (at most 50). */
  history: z.array(AttemptView),
  /** The card's resets as the ACS records them, newest first. */
  resets: z.array(z.strictObject({ at: Timestamp, lockedSince: Timestamp })),
  now: Timestamp,
});
export type ApprovalCard = z.infer<typeof ApprovalCard>;

export const approvalsChannels = {
  'approvals.list': defineChannel({
    summary: 'The team lead’s queue: escalated resets waiting for approval, oldest first.',
    access: ['lead'],
    input: Empty,
    output: z.strictObject({
      requests: z.array(ApprovalQueueItem),
      /** The router's clock: how long each request has waited is read against it. */
      now: Timestamp,
    }),
  }),
  'approvals.decide': defineChannel({
    summary:
      'Approve (and so reset) or reject an escalated reset, with a note; never one’s own request.',
    access: ['lead'],
    input: z.strictObject({
      approvalId: PublicIdInput,
      decision: z.enum(APPROVAL_DECISIONS),
      note: NoteInput,
    }),
    output: z.strictObject({ approval: ApprovalView, reset: ResetView.nullable() }),
  }),
  'approvals.card': defineChannel({
    summary:
      'A lead opens the card of a pending request their queue showed, read-only: the live' +
      ' lock, the masked contacts and the 3-D Secure history, outside any call (audited as a' +
      ' read, one entry per opening).',
    access: ['lead'],
    input: z.strictObject({ approvalId: PublicIdInput }),
    output: ApprovalCard,
  }),
  'approvals.cancel': defineChannel({
    summary:
      'Withdraw a request still waiting for a lead, saying why: only the agent who asked, or a lead.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      approvalId: PublicIdInput,
      note: NoteInput,
    }),
    output: z.strictObject({ approval: ApprovalView }),
  }),
} as const;

export const approvalsEvents = {
  'approvals.changed': defineEvent({
    summary:
      'An approval request was made, decided, cancelled or expired: the requesting agent and the leads' +
      ' ask again (lockout.status, approvals.list).',
    payload: z.strictObject({
      approvalId: Identifier,
      cardId: Identifier,
      state: z.enum(APPROVAL_STATES),
    }),
  }),
} as const;
