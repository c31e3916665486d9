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
});

export function encodeKeySet(set: KeySet): string {
  const keys = Object.fromEntries(
    KEY_PURPOSES.map((purpose) => [
      purpose,
      set[purpose].map((key) => ({ id: key.id, secret: key.secret.toString('base64') })),
    ]),
  );
  return `${JSON.stringify({ format: FORMAT, version: VERSION, keys }, null, 2)}\n`;
}

/** Parses and checks a serialised key set; `where` names it in errors ("Key file "/srv/desk.key""). */
export function decodeKeySet(text: string, where: string): KeySet {
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
  return buildKeySet((purpose) => keys[purpose].map((stored) => restore(purpose, stored, where)));
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
