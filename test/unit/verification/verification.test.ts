import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import {
  hashVerificationPair,
  matchesVerificationPair,
} from '../../../main/core/verification/verification-hash.ts';
import {
  missWindowStart,
  verificationView,
} from '../../../main/core/verification/verification-state.ts';

const keys = keySetProvider(deriveKeySet('unit'), 'test keys');
const otherKeys = keySetProvider(deriveKeySet('other'), 'other keys');

describe('verification hash', () => {
  it('matches only the same DOB and postcode together', async () => {
    const stored = await hashVerificationPair(keys, '1980-04-12', '1000001');
    expect(stored.pairHash).toHaveLength(32);
    expect(stored.pepperKeyId).toBe(keys.current('verification').id);
    expect(await matchesVerificationPair(keys, stored, '1980-04-12', '1000001')).toBe(true);
    expect(await matchesVerificationPair(keys, stored, '1980-04-13', '1000001')).toBe(false);
    expect(await matchesVerificationPair(keys, stored, '1980-04-12', '1000002')).toBe(false);
    // The separator keeps the two fields apart: moving digits across does not match.
    expect(await matchesVerificationPair(keys, stored, '1980-04-121', '000001')).toBe(false);
  });

  it('is salted per record and peppered with the verification key', async () => {
    const a = await hashVerificationPair(keys, '1980-04-12', '1000001');
    const b = await hashVerificationPair(keys, '1980-04-12', '1000001');
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.pairHash.equals(b.pairHash)).toBe(false);
    const sameSalt = await hashVerificationPair(otherKeys, '1980-04-12', '1000001', a.salt);
    expect(sameSalt.pairHash.equals(a.pairHash)).toBe(false);
    // Without the key the stored pepper id names, nothing can be matched.
    await expect(matchesVerificationPair(otherKeys, a, '1980-04-12', '1000001')).rejects.toThrow(
      /no verification key/u,
    );
  });
});

describe('verification state', () => {
  const now = new Date('2026-11-20T01:00:00.000Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('is verified until the policy minutes after the last success', () => {
    expect(
      verificationView(
        { callMisses: 2, cardMisses: 4, lastVerifiedAt: minutesAgo(10) },
        defaultPolicy,
        now,
      ),
    ).toEqual({
      status: 'verified',
      at: minutesAgo(10).toISOString(),
      until: '2026-11-20T01:20:00.000Z',
    });
    expect(
      verificationView(
        { callMisses: 0, cardMisses: 0, lastVerifiedAt: minutesAgo(30) },
        defaultPolicy,
        now,
      ),
    ).toEqual({
      status: 'unverified',
      missesLeft: 3,
      missedInCall: 0,
      expiredAt: now.toISOString(),
    });
  });

  it('blocks at the per-call limit first, then the per-card one; otherwise the fewest misses left', () => {
    const view = (callMisses: number, cardMisses: number) =>
      verificationView({ callMisses, cardMisses, lastVerifiedAt: null }, defaultPolicy, now);
    expect(view(0, 0)).toMatchObject({ status: 'unverified', missesLeft: 3 });
    expect(view(1, 4)).toMatchObject({ status: 'unverified', missesLeft: 1 });
    expect(view(3, 3)).toEqual({ status: 'blocked', limit: 'call' });
    expect(view(1, 5)).toEqual({ status: 'blocked', limit: 'card' });
  });

  it('counts card misses over the policy window', () => {
    expect(missWindowStart(defaultPolicy, now).toISOString()).toBe('2026-11-19T01:00:00.000Z');
  });
});
