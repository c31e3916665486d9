/**
 * A small seeded PRNG (sfc32, seeded from SHA-256 of the seed and a label), so demo data is
 * the same for the same seed on every machine. Not for anything secret.
 */
import { createHash } from 'node:crypto';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  digits(count: number): string;
  hex(count: number): string;
}

const DIGITS = '0123456789abcdef';

export function seededRandom(seed: string, label: string): SeededRandom {
  const state = createHash('sha256').update(`${seed}\u0000${label}`).digest();
  let a = state.readUInt32LE(0);
  let b = state.readUInt32LE(4);
  let c = state.readUInt32LE(8);
  let d = state.readUInt32LE(12);
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // mix the seed in before use
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    digits: (count) => {
      let out = '';
      for (let i = 0; i < count; i++) out += DIGITS[int(0, 9)];
      return out;
    },
    hex: (count) => {
      let out = '';
      for (let i = 0; i < count; i++) out += DIGITS[int(0, 15)];
      return out;
    },
  };
}
