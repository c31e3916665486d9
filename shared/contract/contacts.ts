/** The contacts feature: where one-time codes go, masked, and "does what the caller says match". */
import { z } from 'zod';
import { CONTACT_KINDS, CONTACT_STATUSES } from '../contacts/contact-codes.ts';
import { defineChannel } from './define.ts';
import { CardIdInput } from './inputs.ts';
import { MaskedEmail, MaskedPhone, Timestamp } from './strings.ts';

/** A registered contact point, masked, with what the agent needs to judge it. */
function contactView<M extends z.ZodType>(kind: 'mobile' | 'email', masked: M) {
  return z.strictObject({
    kind: z.literal(kind),
    /** null: none registered. */
    registered: z
      .strictObject({
        masked,
        status: z.enum(CONTACT_STATUSES),
        updatedAt: Timestamp,
        /** When the value itself last changed; null when unchanged since registration. */
        changedAt: Timestamp.nullable(),
        /** Changed within the policy's days: the takeover pattern, look twice. */
        recentlyChanged: z.boolean(),
      })
      .nullable(),
    /** A requested change not yet in effect (a mobile change takes days). */
    pending: z.strictObject({ masked, effectiveAt: Timestamp }).nullable(),
  });
}

export const ContactView = z.discriminatedUnion('kind', [
  contactView('mobile', MaskedPhone),
  contactView('email', MaskedEmail),
]);
export type ContactView = z.infer<typeof ContactView>;

export const contactsChannels = {
  'contacts.check': defineChannel({
    summary:
      'Once the caller is verified: does what the caller says match the registered mobile or email? Limited per call.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId: CardIdInput,
      kind: z.enum(CONTACT_KINDS),
      value: z.string().min(1).max(254),
    }),
    output: z.strictObject({
      match: z.boolean(),
      checksLeft: z.number().int().nonnegative(),
    }),
  }),
} as const;
