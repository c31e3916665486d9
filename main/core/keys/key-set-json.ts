/**
 * The one serialised form of a key set, shared by the key file and the keychain entry:
 *
 *   { "format": "verify-desk-keys", "version": 1,
 *     "keys": { "lookup": [{ "id": "lookup-…", "secret": "<base64, 32 bytes>" }, …],
 *               "verification": [ … ], "audit": [ … ], "password": [ … ] } }
 *
 * Each list is oldest first; the last entry is current. Ids are stored so a damaged or
 * hand-edited secret is caught (the id must match the secret), not silently used.
 *
 * Beside the keys, the document keeps what a database writer without the keys must not be able
 * to roll back (key-notes.ts): the newest checkpoint line (anchorHead), the ACS gateway row the
 * last setting wrote (gatewayHead), the policy as its last change left it (policyHead), a broken
 * audit trail found by the trail watch (trailBroken) and how far it verified (trailWatched), how
 * far the central log server holds the trail (syslogDelivered) and the target its last setting
 * named (syslogHead), the operators disabled (operatorsDisabled) and the sign-in locks in force
 * (signInLocks).
 */
import { z } from 'zod';
import type { AnchorHead } from './anchor-head.ts';
import type { GatewayHead } from './gateway-head.ts';
import type { PolicyHead } from './policy-head.ts';
import type { DisabledOperator } from './operators-disabled.ts';
import type { SignInLock } from './sign-in-locks.ts';
import type { SyslogDelivered } from './syslog-delivered.ts';
import type { SyslogHead } from './syslog-head.ts';
import type { TrailBreak, TrailWatched } from './trail-break.ts';
import { KEY_PURPOSES, KeyError, type KeyPurpose } from './key-provider.ts';
import {
  buildKeySet,
  derivedPasswordKey,
  KEY_BYTES,
  keyIdOf,
  purposeKey,
  type KeySet,
} from './key-set.ts';

const FORMAT = 'verify-desk-keys';
const VERSION = 1;

const storedKeySchema = z.strictObject({
  id: z.string().regex(/^[a-z]+-[0-9a-f]{12}$/u, 'a key id like "audit-3f9a1c2b7d10"'),
  secret: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/u, 'base64')
    .refine(
      (value) => Buffer.from(value, 'base64').length === KEY_BYTES,
      `${KEY_BYTES} bytes in base64`,
    ),
});

const keyListSchema = z.array(storedKeySchema).min(1, 'at least one key');

const keySetDocumentSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  keys: z.strictObject({
    lookup: keyListSchema,
    verification: keyListSchema,
    audit: keyListSchema,
    /** Absent from a store written before operator passwords were peppered: derived then. */
    password: keyListSchema.optional(),
  }),
  /** The newest audit checkpoint line (anchor-head.ts), in a key file only. */
  anchorHead: z
    .strictObject({
      n: z.number().int().positive(),
      seq: z.number().int().nonnegative(),
      anchorMac: z.string().regex(/^[0-9a-f]{64}$/u),
    })
    .optional(),
  /** The ACS gateway row as its last setting wrote it (gateway-head.ts). */
  gatewayHead: z
    .strictObject({
      seq: z.number().int().positive(),
      rowSha256: z.string().regex(/^[0-9a-f]{64}$/u),
      acsData: z.boolean(),
    })
    .optional(),
  /** The first audit entry the trail watch found failing, and when (trail-break.ts). */
  trailBroken: z
    .strictObject({
      // A mark written as `null` by an earlier version (an entry number JSON cannot hold):
      // read as entry 1, "before any entry", so the key store stays readable.
      seq: z.preprocess((seq) => (seq === null ? 1 : seq), z.number().int().positive()),
      foundAt: z.iso.datetime(),
      problem: z.string().max(2000),
      restoredAt: z.iso.datetime().optional(),
    })
    .optional(),
  /** How far the trail watch verified the trail (trail-break.ts). */
  trailWatched: z
    .strictObject({
      seq: z.number().int().nonnegative(),
      mac: z.string().regex(/^[0-9a-f]{64}$/u),
      restores: z.number().int().nonnegative(),
    })
    .optional(),
  /** The policy as its last change left it (policy-head.ts). */
  policyHead: z
    .strictObject({
      seq: z.number().int().positive(),
      values: z.record(z.string().max(100), z.string().max(1000)),
    })
    .optional(),
  /** How far the central log server holds the trail (syslog-delivered.ts). */
  syslogDelivered: z
    .strictObject({
      seq: z.number().int().nonnegative(),
      mac: z.string().regex(/^[0-9a-f]{64}$/u),
      restores: z.number().int().nonnegative(),
    })
    .optional(),
  /** The central log server's target as its last setting wrote it (syslog-head.ts). */
  syslogHead: z
    .strictObject({
      seq: z.number().int().positive(),
      targetSha256: z.string().regex(/^[0-9a-f]{64}$/u),
    })
    .optional(),
  /** The operators `desk-admin operator disable` disabled (operators-disabled.ts). */
  operatorsDisabled: z
    .array(
      z.strictObject({
        id: z.number().int().positive(),
        username: z.string().min(1).max(64),
        at: z.iso.datetime(),
      }),
    )
    .optional(),
  /** The sign-in locks in force when last written (sign-in-locks.ts). */
  signInLocks: z
    .array(
      z.strictObject({
        id: z.number().int().positive(),
        username: z.string().min(1).max(64),
        until: z.iso.datetime(),
      }),
    )
    .optional(),
});

/** What the key document keeps beside the keys; each field is absent until first written. */
export interface KeyNotes {
  anchorHead?: AnchorHead;
  gatewayHead?: GatewayHead;
  policyHead?: PolicyHead;
  trailBroken?: TrailBreak;
  trailWatched?: TrailWatched;
  syslogDelivered?: SyslogDelivered;
  syslogHead?: SyslogHead;
  operatorsDisabled?: readonly DisabledOperator[];
  signInLocks?: readonly SignInLock[];
}

export function encodeKeySet(set: KeySet, notes: KeyNotes = {}): string {
  const keys = Object.fromEntries(
    KEY_PURPOSES.map((purpose) => [
      purpose,
      set[purpose].map((key) => ({ id: key.id, secret: key.secret.toString('base64') })),
    ]),
  );
  // Every note as it is (JSON leaves out the absent ones): a new note needs no line here.
  const document = { format: FORMAT, version: VERSION, keys, ...notes };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Parses and checks a serialised key set; `where` names it in errors ("Key file "/srv/desk.key""). */
export function decodeKeySet(text: string, where: string): KeySet {
  return decodeKeyDocument(text, where).set;
}

/** The key set and what the document keeps beside it. */
export function decodeKeyDocument(text: string, where: string): { set: KeySet; notes: KeyNotes } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeyError(`${where} is not valid JSON.`);
  }
  const parsed = keySetDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new KeyError(
      `${where} is not a Verify Desk key set: ${issue?.message ?? 'invalid'}${at}.`,
    );
  }
  const keys = parsed.data.keys;
  const set = buildKeySet((purpose) => {
    const listed = keys[purpose];
    if (listed) return listed.map((stored) => restore(purpose, stored, where));
    return [derivedPasswordKey(restore('audit', keys.audit[0]!, where))];
  });
  // Everything beside the keys is a note (the schema lists them, each optional).
  const { format: _format, version: _version, keys: _keys, ...notes } = parsed.data;
  return { set, notes };
}

function restore(purpose: KeyPurpose, stored: { id: string; secret: string }, where: string) {
  const secret = Buffer.from(stored.secret, 'base64');
  if (keyIdOf(purpose, secret) !== stored.id) {
    throw new KeyError(
      `${where} is damaged: the ${purpose} key listed as ${stored.id} does not match its secret. Restore it from a backup.`,
    );
  }
  return purposeKey(purpose, secret);
}
