import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainHasher } from '../../../main/core/audit/verify-hmac.ts';

/** An entry's canonical JSON, of many lengths and characters (Japanese, emoji, escapes). */
function canonical(n: number): string {
  const text = ['', 'a"b\\c', '山田 太郎', '😀 x', '\u0000\u001f\u007f', '\u2028'][n % 6]!;
  return JSON.stringify([n, text.repeat(1 + (n % 7) * (n % 13)), 'x'.repeat(n % 300), null]);
}

describe('the verifier HMAC', () => {
  it('gives the bytes createHmac gives, for keys of every length and a chain of entries', () => {
    // Shorter than a block, a block, longer (hashed first), and empty.
    for (const length of [0, 1, 16, 31, 32, 33, 63, 64, 65, 100, 128, 200]) {
      const secret = randomBytes(length);
      const hasher = chainHasher(secret);
      let previous = Buffer.alloc(32).toString('hex');
      for (let n = 0; n < 400; n++) {
        const entry = canonical(n);
        const expected = createHmac('sha256', secret)
          .update(Buffer.from(previous, 'hex'))
          .update(entry)
          .digest('hex');
        expect(hasher.macHex(previous, entry), `key of ${length}, entry ${n}`).toBe(expected);
        previous = expected;
      }
    }
  });

  it('grows its buffer for a long entry and stays right for short ones after it', () => {
    const secret = randomBytes(32);
    const hasher = chainHasher(secret);
    const previous = randomBytes(32).toString('hex');
    for (const entry of ['[1]', 'é'.repeat(5000), '😀'.repeat(3000), '[2]']) {
      const expected = createHmac('sha256', secret)
        .update(Buffer.from(previous, 'hex'))
        .update(entry)
        .digest('hex');
      expect(hasher.macHex(previous, entry)).toBe(expected);
    }
  });
});
