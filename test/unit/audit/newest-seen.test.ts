/**
 * The newest entry seen per subject (newest-seen.ts): a later read whose newest is older than the
 * one seen answers the one seen (it left the selection), until it is back; a newer one is taken.
 */
import { describe, expect, it } from 'vitest';
import { newestSeen } from '../../../main/core/audit/newest-seen.ts';

describe('the newest entry seen per subject', () => {
  it('answers the entry seen when a later read finds an older newest, until it is back', () => {
    const seen = newestSeen();
    expect(seen('holder-1', 0)).toBeNull();
    expect(seen('holder-1', 12)).toBeNull();
    expect(seen('holder-1', 30)).toBeNull();
    expect(seen('holder-1', 12)).toBe(30);
    expect(seen('holder-1', 0)).toBe(30);
    expect(seen('holder-1', 30)).toBeNull();
    expect(seen('holder-2', 5)).toBeNull();
  });

  it('forgets the subjects seen longest ago first', () => {
    const seen = newestSeen(2);
    seen('a', 10);
    seen('b', 20);
    seen('a', 10);
    seen('c', 30);
    // 'b' was forgotten (seen longest ago); 'a' was read again, so kept.
    expect(seen('a', 1)).toBe(10);
    expect(seen('b', 1)).toBeNull();
  });
});
