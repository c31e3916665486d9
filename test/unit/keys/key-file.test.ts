import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFile, openKeyFile, readKeyFile } from '../../../main/core/keys/key-file.ts';
import { KeyError } from '../../../main/core/keys/key-provider.ts';
import { encodeKeySet } from '../../../main/core/keys/key-set-json.ts';
import { createKeySet, currentKeyIds, deriveKeySet } from '../../../main/core/keys/key-set.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const posix = process.platform !== 'win32';
const tempDir = useTempDir('verify-desk-keys-');

/** Writes text as a key file the way an admin's editor would, then makes it owner-only. */
function writeOwnerOnly(path: string, text: string) {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

describe('key file', () => {
  it('round-trips a key set, and the file says what it is', () => {
    const path = join(tempDir(), 'desk.key');
    const set = createKeySet();
    createKeyFile(path, set);

    expect(currentKeyIds(readKeyFile(path))).toEqual(currentKeyIds(set));
    expect(openKeyFile(path).current('audit').secret).toEqual(set.audit[0]!.secret);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    expect(json).toMatchObject({ format: 'verify-desk-keys', version: 1 });
    expect(Object.keys(json.keys)).toEqual(['lookup', 'verification', 'audit', 'password']);
  });

  it('a key file from before the password purpose gets one derived from its first audit key, listed at its next rewrite', () => {
    const path = join(tempDir(), 'desk.key');
    const set = createKeySet();
    const old = JSON.parse(encodeKeySet(set)) as { keys: Record<string, unknown> };
    delete old.keys['password'];
    writeOwnerOnly(path, JSON.stringify(old));
    const first = openKeyFile(path).current('password');
    // Stable across reads, not the key a new set would make, and no other purpose's key.
    expect(openKeyFile(path).current('password')).toEqual(first);
    expect(first.id).toMatch(/^password-[0-9a-f]{12}$/u);
    expect(first.secret.equals(set.password[0]!.secret)).toBe(false);
    expect(first.secret.equals(set.audit[0]!.secret)).toBe(false);
    // A note written to the store rewrites it whole: the derived key is listed from then on.
    openKeyFile(path).anchorHead!.write({ n: 1, seq: 1, anchorMac: 'ab'.repeat(32) });
    const listed = JSON.parse(readFileSync(path, 'utf8')) as {
      keys: { password: { id: string }[] };
    };
    expect(listed.keys.password.map((key) => key.id)).toEqual([first.id]);
    expect(openKeyFile(path).current('password')).toEqual(first);
  });

  it.runIf(posix)('is created owner-only (0600), whatever the umask', () => {
    const path = join(tempDir(), 'desk.key');
    const before = process.umask(0o000);
    try {
      createKeyFile(path, createKeySet());
    } finally {
      process.umask(before);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never replaces an existing file', () => {
    const path = join(tempDir(), 'desk.key');
    createKeyFile(path, deriveKeySet('first'));
    expect(() => createKeyFile(path, deriveKeySet('second'))).toThrow(/already exists/u);
    expect(currentKeyIds(readKeyFile(path))).toEqual(currentKeyIds(deriveKeySet('first')));
  });

  it.runIf(posix)('refuses a file readable by group or others, saying how to fix it', () => {
    const path = join(tempDir(), 'desk.key');
    createKeyFile(path, createKeySet());
    chmodSync(path, 0o640);
    expect(() => readKeyFile(path)).toThrow(KeyError);
    expect(() => readKeyFile(path)).toThrow(
      `Key file "${path}" can be read or changed by other users (mode 0640)`,
    );
    expect(() => readKeyFile(path)).toThrow(`chmod 600 "${path}"`);
    chmodSync(path, 0o604);
    expect(() => readKeyFile(path)).toThrow(/mode 0604/u);
  });

  it('a missing key file is an error naming the file and how to get the right one', () => {
    const path = join(tempDir(), 'nowhere.key');
    expect(() => readKeyFile(path)).toThrow(KeyError);
    expect(() => readKeyFile(path)).toThrow(
      `Key file "${path}" does not exist. Name the key file that was written when this database was made (desk-admin init --key-file).`,
    );
  });

  it('a folder in the way fails with a clear error, also when creating', () => {
    const dir = tempDir();
    expect(() => createKeyFile(join(dir, 'missing', 'desk.key'), createKeySet())).toThrow(
      /its folder does not exist/u,
    );
    expect(() => readKeyFile(dir, 'win32')).toThrow(/is not a file/u);
  });

  it('rejects malformed content with a clear error', () => {
    const dir = tempDir();
    const cases: [string, RegExp][] = [
      ['not json', /is not valid JSON/u],
      [
        '{"format":"something-else","version":1,"keys":{}}',
        /is not a Verify Desk key set: .* at format/u,
      ],
      [
        '{"format":"verify-desk-keys","version":1,"keys":{"lookup":[],"verification":[],"audit":[]}}',
        /at least one key at keys.lookup/u,
      ],
      [
        '{"format":"verify-desk-keys","version":1,"keys":{"lookup":[{"id":"lookup-000000000000","secret":"c2hvcnQ="}],"verification":[],"audit":[]}}',
        /32 bytes in base64 at keys.lookup.0.secret/u,
      ],
    ];
    cases.forEach(([text, message], index) => {
      const path = join(dir, `bad-${index}.key`);
      writeOwnerOnly(path, text);
      expect(() => readKeyFile(path)).toThrow(KeyError);
      expect(() => readKeyFile(path)).toThrow(message);
    });
  });

  it('catches a secret that no longer matches its id (damaged or hand-edited)', () => {
    const path = join(tempDir(), 'desk.key');
    const json = JSON.parse(encodeKeySet(createKeySet()));
    json.keys.audit[0].secret = Buffer.alloc(32, 9).toString('base64');
    writeOwnerOnly(path, JSON.stringify(json));
    expect(() => readKeyFile(path)).toThrow(
      /is damaged: the audit key listed as audit-[0-9a-f]{12} does not match/u,
    );
  });
});
