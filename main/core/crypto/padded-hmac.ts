/**
 * HMAC-SHA256 of a text as RFC 2104 defines it — SHA-256(K ^ opad || SHA-256(K ^ ipad || text))
 * — from two calls of Node's one-shot `crypto.hash` over key pads written once per secret, for
 * the row MACs (keys/row-mac.ts) that `audit verify` checks by the million: a `createHmac`
 * object per row costs more to make than to hash (about 1.4 s of the 5.4 s database check at
 * 100,000 cardholders). The same bytes as `createHmac` (the tests compare them over keys of
 * every length). The audit chain's verifier has its own form of this (audit/verify-hmac.ts),
 * which also carries the previous MAC.
 *
 * The pads' buffers are reused from call to call: safe because each call is synchronous.
 */
import { hash } from 'node:crypto';

const BLOCK = 64;
const MAC_BYTES = 32;

interface Pads {
  /** K ^ ipad, then room for the text. */
  inner: Buffer;
  /** K ^ opad, then the inner hash. */
  readonly outer: Buffer;
}

const padsBySecret = new WeakMap<Uint8Array, Pads>();

function padsOf(secret: Uint8Array): Pads {
  let pads = padsBySecret.get(secret);
  if (!pads) {
    // A key longer than the block is hashed first; a shorter one is padded with zeros.
    const key = secret.length > BLOCK ? hash('sha256', secret, 'buffer') : secret;
    pads = { inner: Buffer.alloc(BLOCK + 512), outer: Buffer.alloc(BLOCK + MAC_BYTES) };
    for (let i = 0; i < BLOCK; i++) {
      pads.inner[i] = (key[i] ?? 0) ^ 0x36;
      pads.outer[i] = (key[i] ?? 0) ^ 0x5c;
    }
    padsBySecret.set(secret, pads);
  }
  return pads;
}

/** HMAC-SHA256(secret, UTF-8 of text), as `createHmac('sha256', secret).update(text).digest()`. */
export function hmacSha256(secret: Uint8Array, text: string): Buffer {
  const pads = padsOf(secret);
  // UTF-8 takes at most three bytes per UTF-16 unit.
  if (pads.inner.length < BLOCK + text.length * 3) {
    const grown = Buffer.alloc(BLOCK + text.length * 3);
    pads.inner.copy(grown, 0, 0, BLOCK);
    pads.inner = grown;
  }
  const length = BLOCK + pads.inner.write(text, BLOCK, 'utf8');
  // The inner hash as a 'binary' (latin1) string costs less than a Buffer.
  pads.outer.write(hash('sha256', pads.inner.subarray(0, length), 'binary'), BLOCK, 'binary');
  return hash('sha256', pads.outer, 'buffer');
}
