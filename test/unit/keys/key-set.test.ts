import { describe, expect, it } from 'vitest';
import { KEY_PURPOSES, KeyError } from '../../../main/core/keys/key-provider.ts';
import {
  createKeySet,
  currentKeyIds,
  deriveKeySet,
  keyIdOf,
  keySetProvider,
  rotateKey,
} from '../../../main/core/keys/key-set.ts';

/** Predictable "random" bytes: each call fills with the next byte value. */
function countingRandom(start = 1) {
  let next = start;
  return (size: number) => Buffer.alloc(size, next++);
}

describe('key sets', () => {
  it('hold one 32-byte key per purpose, each different, with an id derived from the key', () => {
    const set = createKeySet();
    const secrets = KEY_PURPOSES.map((purpose) => set[purpose][0]!.secret.toString('hex'));
    expect(new Set(secrets).size).toBe(KEY_PURPOSES.length);
    for (const purpose of KEY_PURPOSES) {
      const [key] = set[purpose];
      expect(key!.secret).toHaveLength(32);
      expect(key!.id).toMatch(new RegExp(`^${purpose}-[0-9a-f]{12}$`, 'u'));
      expect(key!.id).toBe(keyIdOf(purpose, key!.secret));
    }
  });

  it('key ids are domain-separated: the same bytes under two purposes get unrelated ids', () => {
    const secret = Buffer.alloc(32, 7);
    expect(keyIdOf('audit', secret).slice('audit-'.length)).not.toBe(
      keyIdOf('lookup', secret).slice('lookup-'.length),
    );
  });

  it('createKeySet uses the random source it is given', () => {
    const set = createKeySet(countingRandom());
    expect(set.lookup[0]!.secret).toEqual(Buffer.alloc(32, 1));
    expect(set.verification[0]!.secret).toEqual(Buffer.alloc(32, 2));
    expect(set.audit[0]!.secret).toEqual(Buffer.alloc(32, 3));
  });

  it('deriveKeySet is deterministic per seed and differs between seeds', () => {
    const a = deriveKeySet('verify-desk-demo');
    const b = deriveKeySet('verify-desk-demo');
    const c = deriveKeySet('another seed');
    expect(currentKeyIds(a)).toEqual(currentKeyIds(b));
    expect(a.audit[0]!.secret.equals(b.audit[0]!.secret)).toBe(true);
    expect(currentKeyIds(c)).not.toEqual(currentKeyIds(a));
    expect(new Set(KEY_PURPOSES.map((p) => a[p][0]!.secret.toString('hex'))).size).toBe(
      KEY_PURPOSES.length,
    );
  });

  it('rotation: current is the newest key, byId still finds the older one', () => {
    const random = countingRandom();
    const original = createKeySet(random);
    const rotated = rotateKey(original, 'audit', random);
    const keys = keySetProvider(rotated, 'test key set');

    const oldId = original.audit[0]!.id;
    expect(rotated.audit).toHaveLength(2);
    expect(keys.current('audit').id).not.toBe(oldId);
    // The source's next bytes after one key per purpose.
    expect(keys.current('audit').secret).toEqual(Buffer.alloc(32, KEY_PURPOSES.length + 1));
    expect(keys.byId('audit', oldId).secret).toEqual(original.audit[0]!.secret);
    // Other purposes are untouched, and the original set is not changed.
    expect(keys.current('lookup').id).toBe(original.lookup[0]!.id);
    expect(original.audit).toHaveLength(1);
  });

  it('byId names the source and what it holds when the key is not there', () => {
    const keys = keySetProvider(createKeySet(), 'key file "/srv/desk.key"');
    expect(() => keys.byId('audit', 'audit-000000000000')).toThrow(KeyError);
    expect(() => keys.byId('audit', 'audit-000000000000')).toThrow(
      /key file "\/srv\/desk.key" has no audit key with id audit-000000000000 \(it holds audit-[0-9a-f]{12}\)/u,
    );
  });
});
