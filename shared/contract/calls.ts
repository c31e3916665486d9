/**
 * The calls feature: the call's wrap-up, an outcome and a checked note, or an explicit end
 * without an outcome and why. A call never ends silently: while one is open, opening another
 * card and signing out are refused (call.still-open) until the agent ends it here.
 */
import { z } from 'zod';
import { CALL_OUTCOMES, NO_OUTCOME_REASONS } from '../calls/call-codes.ts';
import { defineChannel } from './define.ts';
import { CardIdInput, Empty, NoteInput } from './inputs.ts';
import { Identifier, Timestamp } from './strings.ts';

const CallEnded = z.strictObject({ callId: Identifier, endedAt: Timestamp });

export const callsChannels = {
  'calls.wrapUp': defineChannel({
    summary:
      'End the call with its outcome and a note (checked: no card number, code, email or phone); the workspace then clears.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      outcome: z.enum(CALL_OUTCOMES),
      note: NoteInput,
    }),
    output: CallEnded,
  }),
  'calls.endWithoutOutcome': defineChannel({
    summary:
      'End the call without an outcome, saying why (a note is optional, required for "other"; checked like the wrap-up note); audited.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      reason: z.enum(NO_OUTCOME_REASONS),
      note: NoteInput,
    }),
    output: CallEnded,
  }),
  'calls.fraudTransfer': defineChannel({
    summary:
      "Record that the call was transferred to the fraud team, with the team's case reference (FR-123456: a field of its own, validated, never free text); once a call, audited.",
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      caseRef: z.string().min(1).max(40),
    }),
    // The case reference in its printed form (FR-123456), an identifier of the fraud team's.
    output: z.strictObject({ caseRef: Identifier, transferredAt: Timestamp }),
  }),
  'calls.current': defineChannel({
    summary:
      "The window's open call, if any (which card and call): what must be ended before another card opens or the operator signs out.",
    access: ['agent', 'lead'],
    input: Empty,
    output: z.strictObject({
      call: z.strictObject({ cardId: Identifier, callId: Identifier }).nullable(),
    }),
  }),
} as const;
