/** The verification feature: the caller proves who they are by DOB and postcode, as a pair. */
import { z } from 'zod';
import { VERIFICATION_LIMITS } from '../verification/verification-codes.ts';
import { defineChannel } from './define.ts';
import { CardIdInput } from './inputs.ts';
import { Timestamp } from './strings.ts';

/**
 * Where caller verification stands in this call. Never which of DOB or postcode was wrong:
 * the pair is answered as one.
 */
export const VerificationView = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('unverified'),
    /** Misses left before verification stops (the smaller of the call's and the card's). */
    missesLeft: z.number().int().nonnegative(),
    /** Misses in this call so far: the script asks again after one. */
    missedInCall: z.number().int().nonnegative(),
    /** Set when this call was verified before and that verification expired. */
    expiredAt: Timestamp.nullable(),
  }),
  z.strictObject({ status: z.literal('verified'), at: Timestamp, until: Timestamp }),
  /** Too many misses in this call or on this card: stop, escalate to a team lead. */
  z.strictObject({ status: z.literal('blocked'), limit: z.enum(VERIFICATION_LIMITS) }),
]);
export type VerificationView = z.infer<typeof VerificationView>;

export const verificationChannels = {
  'caller.verify': defineChannel({
    summary:
      'Verify the caller of the open call by DOB and postcode, answered as a pair; misses are limited per call and per card.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      dob: z.string().min(1).max(40),
      postcode: z.string().min(1).max(20),
    }),
    output: VerificationView,
  }),
} as const;
