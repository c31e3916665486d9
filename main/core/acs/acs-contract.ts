/**
 * The ACS gateway contract: what Verify Desk asks of an issuer's access control server over
 * HTTPS. These zod schemas are the one source: the network adapter checks every answer with
 * them, the fake ACS checks every request with them, and the OpenAPI 3.1 file
 * (docs/acs-gateway.openapi.json, made by acs-openapi.ts) is generated from them.
 * docs/ACS-GATEWAY.md explains the rules an implementer must keep.
 *
 * A card is named to the ACS by the issuer's ACS card reference from the import
 * (`acsCardRef`), never by its card number: a reference shaped like one is refused here.
 */
import { z } from 'zod';
import { LOCK_CAUSES } from '../../../shared/lockout/lockout-codes.ts';

/** The contract's name and major version, sent as `Accept-Version` and answered by /status. */
export const ACS_CONTRACT_VERSION = 'verify-desk-acs/1';

/** An instant, ISO 8601 in UTC with milliseconds, e.g. "2026-11-27T10:02:13.000Z". */
export const AcsInstant = z.iso
  .datetime({ offset: false })
  .meta({ description: 'An instant in UTC, ISO 8601, e.g. 2026-11-27T10:02:13.000Z.' });

/**
 * Allowed characters, never 12 or more digits in a row (that could be a card number), and never
 * "." or ".." alone: in a URL path those are dot segments ({base}/cards/../lock is {base}/lock).
 */
const NOT_PAN_SHAPED = /^(?!.*\d{12})(?!\.{1,2}$)[A-Za-z0-9._:-]+$/u;

export const AcsCardRef = z
  .string()
  .min(1)
  .max(64)
  .regex(NOT_PAN_SHAPED, {
    message: 'letters, digits and . _ : - only, never 12 digits in a row, never "." or ".." alone',
  })
  .meta({
    description:
      "The issuer's reference for the card at the ACS (the import's acsCardRef). Never a card number: 12 or more digits in a row are refused.",
  });

/** The same key for every attempt at one reset: the ACS applies a key at most once. */
export const AcsIdempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/u)
  .meta({
    description:
      'Names one reset. Every retry of that reset carries the same key; the ACS clears at most once per key and answers a repeat with the first answer.',
  });

export const AcsLockCause = z
  .enum(LOCK_CAUSES)
  .meta({ description: 'Why the card is locked for 3-D Secure.' });

export const AcsLock = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('unlocked') }).strict(),
    z
      .object({
        state: z.literal('locked'),
        since: AcsInstant,
        until: AcsInstant.nullable().meta({ description: 'null: locked until reset.' }),
        cause: AcsLockCause,
      })
      .strict(),
  ])
  .meta({ description: 'The lock in force at the ACS (a fraud hold ranks before any other).' });

export const AcsCardState = z
  .object({
    cardRef: AcsCardRef,
    lock: AcsLock,
    asOf: AcsInstant.meta({ description: "When the ACS read this state, by the ACS's clock." }),
  })
  .strict()
  .meta({ description: "A card's 3-D Secure lock as the ACS holds it now." });

export const AcsResetEntry = z
  .object({
    clearedAt: AcsInstant,
    lockedSince: AcsInstant,
    cause: AcsLockCause,
    idempotencyKey: AcsIdempotencyKey.nullable().meta({
      description: 'The key the reset came with; null for a lock cleared by other means.',
    }),
  })
  .strict();

export const AcsResets = z
  .object({
    cardRef: AcsCardRef,
    resets: z
      .array(AcsResetEntry)
      .meta({ description: 'Locks cleared before they ran out, newest first.' }),
  })
  .strict()
  .meta({ description: "The card's resets." });

export const AcsApplyResetRequest = z
  .object({
    lock: z.object({ since: AcsInstant, cause: AcsLockCause }).strict().meta({
      description:
        'The lock the reset was decided on. If another lock is in force (another start or cause) the ACS clears nothing and answers lock-changed.',
    }),
    requestedAt: AcsInstant.meta({ description: 'When the agent asked for the reset.' }),
  })
  .strict()
  .meta({ description: 'Clear the named lock.' });

/** Why an ACS may refuse a reset it understood (it knows more than the console). */
export const ACS_REFUSAL_REASONS = ['fraud-hold', 'card-closed', 'policy', 'other'] as const;

export const AcsApplyResetAnswer = z
  .discriminatedUnion('outcome', [
    z
      .object({ outcome: z.literal('applied'), clearedAt: AcsInstant })
      .strict()
      .meta({ description: 'The named lock was in force and is cleared now.' }),
    z
      .object({ outcome: z.literal('already-unlocked') })
      .strict()
      .meta({ description: 'No lock is in force: the named lock ran out or was cleared before.' }),
    z
      .object({ outcome: z.literal('lock-changed'), lock: AcsLock })
      .strict()
      .meta({
        description: 'Another lock is in force than the one named: nothing was cleared.',
      }),
    z
      .object({
        outcome: z.literal('refused'),
        reason: z.enum(ACS_REFUSAL_REASONS),
        message: z.string().max(500),
      })
      .strict()
      .meta({ description: 'The ACS will not clear this lock (e.g. a fraud hold it knows of).' }),
  ])
  .meta({
    description:
      'The final answer to one idempotency key. A repeat of the key gets the same answer again, without a second clear.',
  });

export const ACS_PROBLEMS = [
  'bad-request',
  'unauthorized',
  'unknown-card',
  'idempotency-key-reused',
  'unavailable',
] as const;

export const AcsProblem = z
  .object({ error: z.enum(ACS_PROBLEMS), message: z.string().max(500) })
  .strict()
  .meta({
    description:
      'A request the ACS could not answer. 4xx: the request is wrong and a retry will not help; 5xx: try again later.',
  });

export const AcsStatus = z
  .object({
    contract: z.literal(ACS_CONTRACT_VERSION),
    acsTime: AcsInstant.meta({ description: "The ACS's clock, to tell a skew." }),
  })
  .strict()
  .meta({ description: 'The gateway answers and speaks this contract.' });

export type AcsCardStateBody = z.infer<typeof AcsCardState>;
export type AcsResetsBody = z.infer<typeof AcsResets>;
export type AcsApplyResetRequestBody = z.infer<typeof AcsApplyResetRequest>;
export type AcsApplyResetAnswerBody = z.infer<typeof AcsApplyResetAnswer>;
export type AcsProblemBody = z.infer<typeof AcsProblem>;
export type AcsStatusBody = z.infer<typeof AcsStatus>;
export type AcsRefusalReason = (typeof ACS_REFUSAL_REASONS)[number];
export type AcsProblemCode = (typeof ACS_PROBLEMS)[number];

/** The paths, relative to the configured base URL (which may carry a prefix, e.g. /acs/v1). */
export const ACS_PATHS = {
  status: '/status',
  state: (cardRef: string) => `/cards/${encodeURIComponent(cardRef)}/lock`,
  resets: (cardRef: string) => `/cards/${encodeURIComponent(cardRef)}/resets`,
} as const;

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
