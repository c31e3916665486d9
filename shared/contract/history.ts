/** The history feature: the card's 3-D Secure authentications as the ACS recorded them. */
import { z } from 'zod';
import {
  ATTEMPT_DELIVERIES,
  ATTEMPT_METHODS,
  ATTEMPT_OUTCOMES,
  HISTORY_PERIODS,
  TRANS_STATUSES,
} from '../history/attempt-codes.ts';
import { defineChannel } from './define.ts';
import { CardIdInput } from './inputs.ts';
import { Code, Identifier, MaskedEmail, MaskedPhone, MerchantName, Timestamp } from './strings.ts';

/** Two digits from an EMV 3DS code table (transStatusReason, ECI, challengeCancel). */
const TwoDigitCode = Code.nullable();

/** One 3-D Secure authentication as the ACS recorded it; never a code. */
export const AttemptView = z.strictObject({
  id: Identifier,
  at: Timestamp,
  merchant: MerchantName,
  /** In the currency's minor unit (JPY: yen). */
  amountMinor: z.number().int().nonnegative(),
  currency: Code,
  method: z.enum(ATTEMPT_METHODS),
  destination: z.union([MaskedPhone, MaskedEmail]).nullable(),
  /** false: the code went to a number or address that is not the current one. */
  toCurrentDestination: z.boolean().nullable(),
  delivery: z.enum(ATTEMPT_DELIVERIES),
  attemptsUsed: z.number().int().nonnegative(),
  attemptsAllowed: z.number().int().nonnegative(),
  resends: z.number().int().nonnegative(),
  expiresAt: Timestamp.nullable(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  transStatus: z.enum(TRANS_STATUSES),
  transStatusReason: TwoDigitCode,
  eci: TwoDigitCode,
  challengeCancel: TwoDigitCode,
  acsTransId: Identifier,
  dsTransId: Identifier,
  /** From the ACS's feed where it knows them (desk-admin import): the merchant's id, ... */
  merchantId: Identifier.nullable(),
  /** ... the ACS's and the directory server's ids, ... */
  acsId: Identifier.nullable(),
  dsId: Identifier.nullable(),
  /** ... and who carried the code: the SMS carrier, or the email provider. */
  carrier: MerchantName.nullable(),
});
export type AttemptView = z.infer<typeof AttemptView>;

export const historyChannels = {
  'cards.history': defineChannel({
    summary: "The open card's 3-D Secure history, newest first, filtered by period and outcome.",
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      period: z.enum(HISTORY_PERIODS),
      outcome: z.enum(['all', 'failed', ...ATTEMPT_OUTCOMES]),
    }),
    output: z.strictObject({
      attempts: z.array(AttemptView),
      /** Attempts on the card in all, before filtering. */
      total: z.number().int().nonnegative(),
      now: Timestamp,
    }),
  }),
} as const;
