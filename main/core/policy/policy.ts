/**
 * Policy values an admin may tune, with the bounds PCI DSS and the product set. Stored one
 * row per key; anything missing takes its default, anything out of bounds is refused.
 */
import { z } from 'zod';

export const policySchema = z.strictObject({
  /** PCI DSS 8.3.4: lock after at most 10 failed sign-ins… */
  signInFailureLimit: z.number().int().min(3).max(10).default(6),
  /** …for at least 30 minutes. */
  signInLockMinutes: z
    .number()
    .int()
    .min(30)
    .max(24 * 60)
    .default(30),
  /** PCI DSS 8.2.8: re-authenticate after at most 15 minutes idle. */
  idleLockMinutes: z.number().int().min(1).max(15).default(15),
  /** Searches by mobile or email per operator per hour: stops enumerating who is a customer. */
  contactSearchesPerHour: z.number().int().min(5).max(200).default(30),
  /**
   * Searches by full card number per operator per rolling hour. With the issuer's BIN and the
   * last 4 a card number has about 100,000 Luhn-valid candidates: search must not be an oracle.
   */
  cardNumberSearchesPerHour: z.number().int().min(5).max(10_000).default(40),
  /** Searches by last 4 + surname per operator per rolling hour (sweeping names). */
  nameSearchesPerHour: z.number().int().min(5).max(10_000).default(60),
  /** Searches by customer reference per operator per rolling hour. */
  customerRefSearchesPerHour: z.number().int().min(5).max(10_000).default(40),
  /**
   * Searches that find nothing, any key, per operator per rolling hour: the stricter budget (a
   * real agent rarely misses many times in a row; a sweep misses almost every time).
   */
  searchMissesPerHour: z.number().int().min(3).max(10_000).default(10),
  /** DOB + postcode misses allowed in one call before verification stops for the card. */
  verificationMissesPerCall: z.number().int().min(1).max(5).default(3),
  /**
   * …and across all calls on any of the cardholder's cards within the rolling window below: the
   * facts are the cardholder's, so three cards do not give three times the guesses.
   */
  verificationMissesPerCard: z.number().int().min(2).max(10).default(5),
  verificationMissWindowHours: z.number().int().min(1).max(168).default(24),
  /** A verified caller stays verified this long within the call. */
  verificationValidMinutes: z.number().int().min(5).max(120).default(30),
  /** "Check what the caller says" answers per call. */
  contactChecksPerCall: z.number().int().min(1).max(10).default(5),
  /**
   * …and across all calls on the cardholder's cards within the miss window: limits follow the
   * person, not the call (a new call does not buy new guesses).
   */
  contactChecksPerCard: z.number().int().min(1).max(30).default(10),
  /**
   * A contact detail changed within this many days is flagged (takeover pattern), and a reset
   * on such a card needs a team lead's approval.
   */
  recentContactChangeDays: z.number().int().min(1).max(90).default(7),
  /** A second reset of the same card within this many hours needs a team lead's approval. */
  resetEscalationHours: z.number().int().min(1).max(168).default(24),
  /** How long a lead has to approve an escalated reset before the request expires. */
  approvalValidMinutes: z.number().int().min(5).max(480).default(60),
  /** An escalated reset still waiting after this many minutes raises an alert for the leads. */
  approvalWaitAlertMinutes: z.number().int().min(1).max(240).default(10),
});

export type Policy = z.output<typeof policySchema>;
export type PolicyKey = keyof Policy;

export const POLICY_KEYS = Object.keys(policySchema.shape) as PolicyKey[];

export const defaultPolicy: Policy = policySchema.parse({});
