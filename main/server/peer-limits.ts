/**
 * How much one peer (a remote address) may ask of the desk server: a token bucket per peer for
 * sign-in attempts (each runs scrypt, the server's dearest work, and is a password guess) and
 * one for every call. A peer that spent its bucket is answered 429 with the `rate_limited`
 * Result until a token comes back; its request never reaches the router. Per-operator limits
 * (sign-in lockout, search budgets) stay where they are; this bounds what one machine can
 * make the server do whoever it claims to be.
 *
 * Memory is bounded: at most `peers` addresses are remembered, the one heard from longest ago
 * forgotten first (a forgotten peer starts again with a full bucket).
 *
 * A terminal server's agents share its address: its bucket must cover them all (a shift
 * signing in at once spends the burst, then one a second by default).
 */

export interface BucketLimit {
  /** Requests a peer may make at once. */
  burst: number;
  /** Tokens that come back each second, up to the burst. */
  perSecond: number;
}

export interface PeerLimits {
  signIn: BucketLimit;
  calls: BucketLimit;
  /** Peers remembered at most. */
  peers: number;
}

export const DEFAULT_PEER_LIMITS: PeerLimits = {
  signIn: { burst: 60, perSecond: 1 },
  calls: { burst: 600, perSecond: 100 },
  peers: 10_000,
};

/**
 * The peer a remote address counts as: the address itself for IPv4 (an IPv4-mapped IPv6
 * address as its IPv4), the /64 network for IPv6 — one machine there may use any address of
 * its network, so counting addresses alone would let it make up new peers at will.
 */
export function countedPeer(address: string): string {
  const bare = address.split('%')[0]!.toLowerCase();
  if (!bare.includes(':')) return bare;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/u.exec(bare);
  if (mapped) return mapped[1]!;
  const [head = '', tail] = bare.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? front
      : [
          ...front,
          ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'),
          ...back,
        ];
  const network = groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16));
  return `${network.join(':')}::/64`;
}

export interface PeerBuckets {
  /** Takes a token for this peer: 0 when granted, else the seconds until one comes back. */
  take(peer: string): number;
  /** Peers remembered now. */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function peerBuckets(
  limit: BucketLimit,
  peers: number,
  now: () => number = () => performance.now(),
): PeerBuckets {
  if (!(limit.burst >= 1) || !(limit.perSecond > 0) || !(peers >= 1))
    throw new RangeError('A peer limit needs a burst of at least 1, a positive rate and a peer.');
  // A Map keeps insertion order: a peer heard from is moved to the end, so the first is the
  // one heard from longest ago.
  const buckets = new Map<string, Bucket>();
  return {
    take(peer) {
      const at = now();
      const held = buckets.get(peer);
      const bucket = held ?? { tokens: limit.burst, at };
      const tokens = Math.min(
        limit.burst,
        bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * limit.perSecond,
      );
      buckets.delete(peer);
      buckets.set(peer, { tokens: tokens >= 1 ? tokens - 1 : tokens, at });
      if (!held && buckets.size > peers) buckets.delete(buckets.keys().next().value!);
      return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / limit.perSecond));
    },
    get size() {
      return buckets.size;
    },
  };
}
