import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../../main/core/crypto/padded-hmac.ts';

/** Texts of many lengths and characters (Japanese, emoji, escapes, empty). */
function text(n: number): string {
  const part = ['', 'a"b\\c', '山田 太郎', '😀 x', '\u0000\u001f\u007f', '\u2028'][n % 6]!;
  return JSON.stringify([
    'verify-desk row v1',
    n,
    part.repeat(1 + (n % 7) * (n % 13)),
    'x'.repeat(n % 300),
  ]);
}

describe('the padded HMAC of row MACs', () => {
  it('gives the bytes createHmac gives, for keys of every length', () => {
    // Shorter than a block, a block, longer (hashed first), and empty.
    for (const length of [0, 1, 16, 31, 32, 33, 63, 64, 65, 100, 128, 200]) {
      const secret = randomBytes(length);
      for (let n = 0; n < 300; n++) {
        const message = text(n);
        expect(hmacSha256(secret, message), `key of ${length}, text ${n}`).toEqual(
          createHmac('sha256', secret).update(message, 'utf8').digest(),
        );
      }
    }
  });

  it('keeps each secret apart, and grows for a long text and stays right after it', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    for (const message of ['', '[1]', 'é'.repeat(5000), '😀'.repeat(3000), '[2]']) {
      for (const secret of [a, b])
        expect(hmacSha256(secret, message)).toEqual(
          createHmac('sha256', secret).update(message, 'utf8').digest(),
        );
    }
    expect(hmacSha256(a, 'x')).not.toEqual(hmacSha256(b, 'x'));
  });
});
