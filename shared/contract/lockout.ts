/**
 * The lockout feature: the card's lock as the ACS holds it, and resetting it (status, reset,
 * retry). An escalated reset waits as an approval request, shown here as the agent sees it.
 */
import { z } from 'zod';
import { APPROVAL_STATES } from '../approvals/approval-codes.ts';
import {
  LOCK_CAUSES,
  LOCK_SOURCES,
  RESET_ESCALATIONS,
  RESET_REASONS,
  RESET_REFUSALS,
  RESET_VIEW_STATES,
} from '../lockout/lockout-codes.ts';
import { defineChannel } from './define.ts';
import { CardIdInput, NoteInput } from './inputs.ts';
import { CheckedText, Code, Identifier, Timestamp } from './strings.ts';

/** Lock state computed live from the router's clock, never a stored flag. */
export const LockState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('unlocked') }),
  z.strictObject({
    state: z.literal('locked'),
    since: Timestamp,
    /** null: locked until someone resets it. */
    until: Timestamp.nullable(),
    cause: z.enum(LOCK_CAUSES),
  }),
]);
export type LockState = z.infer<typeof LockState>;

/** One reset of a lock and where it stands at the ACS: requested → applied, refused or expired, or failed (sent again). */
export const ResetView = z.strictObject({
  resetId: Identifier,
  state: z.enum(RESET_VIEW_STATES),
  requestedAt: Timestamp,
  requestedBy: Identifier,
  appliedAt: Timestamp.nullable(),
  /** Attempts at the ACS so far, and the last error's class when the last one failed. */
  attempts: z.number().int().nonnegative(),
  lastError: Code.nullable(),
});
export type ResetView = z.infer<typeof ResetView>;

/** An escalated reset waiting for (or decided by) a team lead. */
export const ApprovalView = z.strictObject({
  approvalId: Identifier,
  state: z.enum(APPROVAL_STATES),
  requestedAt: Timestamp,
  requestedBy: Identifier,
  expiresAt: Timestamp,
  escalation: z.array(z.enum(RESET_ESCALATIONS)),
  decidedBy: Identifier.nullable(),
  decisionNote: CheckedText.nullable(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

/**
 * Whether the lock may be reset now and why not, with the reset or request in progress:
 * the screen keeps the button disabled and shows the refusal, exactly as the router decides.
 * Every lockout command answers with it, so the screen needs no second question.
 */
export const ResetStatus = z.strictObject({
  allowed: z.boolean(),
  refusal: z.enum(RESET_REFUSALS).nullable(),
  /** Non-empty: the reset will go to a team lead for approval. */
  escalation: z.array(z.enum(RESET_ESCALATIONS)),
  lock: LockState,
  /** Where the lock judged came from: live from the ACS, or its last known state. */
  lockSource: z.enum(LOCK_SOURCES),
  reset: ResetView.nullable(),
  approval: ApprovalView.nullable(),
});
export type ResetStatus = z.infer<typeof ResetStatus>;

const CardInput = z.strictObject({ cardId: CardIdInput });

export const lockoutChannels = {
  'lockout.status': defineChannel({
    summary:
      'Whether the open card’s lock may be reset now, why not, and any reset or approval request in progress.',
    access: ['agent', 'lead'],
    input: CardInput,
    output: ResetStatus,
  }),
  'lockout.reset': defineChannel({
    summary:
      'Reset the open card’s lock (verified caller, locked now, no fraud); policy may turn it into a request for a lead’s approval.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      reason: z.enum(RESET_REASONS),
      note: NoteInput,
    }),
    output: ResetStatus,
  }),
  'lockout.retry': defineChannel({
    summary: 'Send a reset that failed at the ACS again, with the same idempotency key.',
    access: ['agent', 'lead'],
    input: CardInput,
    output: ResetStatus,
  }),
} as const;
