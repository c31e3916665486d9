/** The calls feature: the call's wrap-up, an outcome and a checked note. */
import { z } from 'zod';
import { CALL_OUTCOMES } from '../calls/call-codes.ts';
import { defineChannel } from './define.ts';
import { CardIdInput, NoteInput } from './inputs.ts';
import { Identifier, Timestamp } from './strings.ts';

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
    output: z.strictObject({ callId: Identifier, endedAt: Timestamp }),
  }),
} as const;
