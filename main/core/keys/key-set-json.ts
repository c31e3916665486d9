/**
 * The one serialised form of a key set, shared by the key file and the keychain entry:
 *
 *   { "format": "verify-desk-keys", "version": 1,
 *     "keys": { "lookup": [{ "id": "lookup-…", "secret": "<base64, 32 bytes>" }, …],
 *               "verification": [ … ], "audit": [ … ] } }
 *
 * Each list is oldest first; the last entry is current. Ids are stored so a damaged or
 * hand-edited secret is caught (the id must match the secret), not silently used.
 */
import { z } from 'zod';
import type { AnchorHead } from './anchor-head.ts';
import { KEY_PURPOSES, KeyError, type KeyPurpose } from './key-provider.ts';
import { buildKeySet, KEY_BYTES, keyIdOf, purposeKey, type KeySet } from './key-set.ts';

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
  }),
  /** The newest audit checkpoint line (anchor-head.ts), in a key file only. */
  anchorHead: z
    .strictObject({
      n: z.number().int().positive(),
      seq: z.number().int().nonnegative(),
      anchorMac: z.string().regex(/^[0-9a-f]{64}$/u),
    })
    .optional(),
});

export function encodeKeySet(set: KeySet, anchorHead?: AnchorHead): string {
  const keys = Object.fromEntries(
    KEY_PURPOSES.map((purpose) => [
      purpose,
      set[purpose].map((key) => ({ id: key.id, secret: key.secret.toString('base64') })),
    ]),
  );
  const document = { format: FORMAT, version: VERSION, keys, ...(anchorHead && { anchorHead }) };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Parses and checks a serialised key set; `where` names it in errors ("Key file "/srv/desk.key""). */
export function decodeKeySet(text: string, where: string): KeySet {
  return decodeKeyDocument(text, where).set;
}

/** The key set and, in a key file, the newest checkpoint line it keeps. */
export function decodeKeyDocument(
  text: string,
  where: string,
): { set: KeySet; anchorHead?: AnchorHead } {
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
  const set = buildKeySet((purpose) =>
    keys[purpose].map((stored) => restore(purpose, stored, where)),
  );
  return parsed.data.anchorHead ? { set, anchorHead: parsed.data.anchorHead } : { set };
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
