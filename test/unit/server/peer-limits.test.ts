/**
 * The per-peer token buckets: a burst, then tokens back at the rate; peers apart; at most
 * `peers` remembered, the one heard from longest ago forgotten first.
 */
import { describe, expect, it } from 'vitest';
import { countedPeer, peerBuckets } from '../../../main/server/peer-limits.ts';

describe('peer buckets', () => {
  it('grant the burst, then one token per 1/rate seconds, saying how long to wait', () => {
    let now = 0;
    const buckets = peerBuckets({ burst: 2, perSecond: 0.5 }, 10, () => now);
    expect([buckets.take('a'), buckets.take('a')]).toEqual([0, 0]);
    expect(buckets.take('a')).toBe(2);
    expect(buckets.take('b')).toBe(0);
    now += 1_000;
    expect(buckets.take('a')).toBe(1);
    now += 1_000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(2);
    // Never more than the burst, however long the peer was away.
    now += 3_600_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 2]);
  });

  it('remember at most `peers` peers, forgetting the one heard from longest ago', () => {
    const now = 0;
    const buckets = peerBuckets({ burst: 1, perSecond: 0.001 }, 3, () => now);
    for (const peer of ['a', 'b', 'c']) expect(buckets.take(peer)).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0); // heard from again: now the newest
    expect(buckets.take('d')).toBe(0); // b is forgotten
    expect(buckets.size).toBe(3);
    expect(buckets.take('a')).toBeGreaterThan(0);
    expect(buckets.take('c')).toBeGreaterThan(0);
    expect(buckets.take('b')).toBe(0); // forgotten: a full bucket again (d is forgotten now)
    expect(buckets.size).toBe(3);
    for (let i = 0; i < 10_000; i++) buckets.take(`flood-${i}`);
    expect(buckets.size).toBe(3);
  });

  it('refuse a limit that could never grant', () => {
    expect(() => peerBuckets({ burst: 0, perSecond: 1 }, 10)).toThrow(RangeError);
    expect(() => peerBuckets({ burst: 1, perSecond: 0 }, 10)).toThrow(RangeError);
    expect(() => peerBuckets({ burst: 1, perSecond: 1 }, 0)).toThrow(RangeError);
  });

  it('count an IPv4 address as itself and an IPv6 address as its /64 network', () => {
    expect(countedPeer('10.20.0.41')).toBe('10.20.0.41');
    expect(countedPeer('::ffff:10.20.0.41')).toBe('10.20.0.41');
    expect(countedPeer('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(countedPeer('2001:DB8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(countedPeer('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(countedPeer('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(countedPeer('::1')).toBe('0:0:0:0::/64');
  });
});
