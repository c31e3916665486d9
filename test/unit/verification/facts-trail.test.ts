/**
 * The facts' seal versions and what the trail's newest facts entry lets verification use
 * (facts-seal.ts, facts-trail.ts): every branch of the verdict, on rows sealed with real keys.
 */
import { describe, expect, it } from 'vitest';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { rowKeysOf, rowMac, rowMacKey } from '../../../main/core/keys/row-mac.ts';
import {
  FACTS_SEAL,
  factsDigest,
  factsSeal,
  factsSealer,
  type FactsSealRow,
} from '../../../main/core/verification/facts-seal.ts';
import {
  factsVerdict,
  saidBy,
  type FactsTrail,
} from '../../../main/core/verification/facts-trail.ts';

const keys = keySetProvider(deriveKeySet('unit'), 'test keys');
const lookup = rowKeysOf(keys);
const hash = {
  pairHash: Buffer.alloc(32, 1),
  salt: Buffer.alloc(16, 2),
  cost: 'scrypt:ln=14,r=8,p=1',
  pepperKeyId: 'pepper-1',
};

function v2Row(cardholderId: number, asOf: string): FactsSealRow {
  const { factsKeyId, factsMac } = factsSealer(keys)(cardholderId, hash, asOf);
  return {
    cardholder_id: cardholderId,
    pair_hash: hash.pairHash,
    salt: hash.salt,
    cost: hash.cost,
    pepper_key_id: hash.pepperKeyId,
    as_of: asOf,
    facts_key_id: factsKeyId,
    facts_mac: factsMac,
  };
}

function v1Row(cardholderId: number, asOf: string): FactsSealRow {
  const key = rowMacKey(keys.current('audit'));
  return {
    ...v2Row(cardholderId, asOf),
    facts_mac: rowMac(key, FACTS_SEAL, [
      cardholderId,
      hash.pairHash,
      hash.salt,
      hash.cost,
      hash.pepperKeyId,
    ]),
  };
}

const says = (row: FactsSealRow | null, asOf = '2026-11-26T10:00:00.000Z'): FactsTrail => ({
  kind: 'says',
  seq: 9,
  facts: row ? factsDigest(row) : null,
  asOf,
});

describe('facts seal', () => {
  it('v2 covers the as-of time; v1 (from before) does not, and holds whatever it shows', () => {
    const row = v2Row(7, '2026-11-26T10:00:00.000Z');
    expect(factsSeal(lookup, row)).toBe('v2');
    expect(factsSeal(lookup, { ...row, as_of: '9999-12-31T00:00:00.000Z' })).toBeNull();
    expect(factsSeal(lookup, { ...row, cardholder_id: 8 })).toBeNull();
    const old = v1Row(7, '2026-11-19T22:00:00.000Z');
    expect(factsSeal(lookup, old)).toBe('v1');
    expect(factsSeal(lookup, { ...old, as_of: '9999-12-31T00:00:00.000Z' })).toBe('v1');
    expect(factsSeal(lookup, { ...old, facts_mac: null })).toBeNull();
  });

  it('the digest differs with the as-of time and the cardholder, and carries no facts', () => {
    const row = v2Row(7, '2026-11-26T10:00:00.000Z');
    const digest = factsDigest(row);
    expect(digest).toMatch(/^[0-9a-f]{64}$/u);
    expect(factsDigest(v2Row(7, '2026-11-26T10:00:01.000Z'))).not.toBe(digest);
    expect(factsDigest(v2Row(8, '2026-11-26T10:00:00.000Z'))).not.toBe(digest);
    for (const bytes of [hash.pairHash, hash.salt, row.facts_mac!])
      expect(digest).not.toContain(bytes.toString('hex'));
  });
});

describe('facts verdict', () => {
  const now = v2Row(7, '2026-11-26T10:00:00.000Z');
  const before = v2Row(7, '2026-11-19T22:00:00.000Z');
  const legacy = v1Row(7, '2026-11-19T22:00:00.000Z');
  const verdict = (row: FactsSealRow | undefined, trail: FactsTrail) =>
    factsVerdict(row, row ? factsSeal(lookup, row) : null, trail);

  it('holds: the row the newest entry records; none where it records removal; v1 where it names none', () => {
    expect(verdict(now, says(now))).toBe('holds');
    expect(verdict(undefined, says(null))).toBe('holds');
    expect(verdict(undefined, { kind: 'none' })).toBe('holds');
    expect(verdict(legacy, { kind: 'none' })).toBe('holds');
  });

  it('not the latest: put back, deleted, there while removed, v1 or v2 unrecorded, or the entry broken', () => {
    expect(verdict(before, says(now))).toBe('not-latest');
    expect(verdict(undefined, says(now))).toBe('not-latest');
    expect(verdict(now, says(null))).toBe('not-latest');
    expect(verdict(legacy, says(now))).toBe('not-latest');
    expect(verdict(now, { kind: 'none' })).toBe('not-latest');
    expect(verdict(now, { kind: 'broken', seq: 9 })).toBe('not-latest');
  });

  it('altered: a row failing its seal, whatever the trail says', () => {
    const pinned = { ...now, as_of: '9999-12-31T00:00:00.000Z' };
    expect(verdict(pinned, says(now))).toBe('altered');
    expect(verdict(pinned, { kind: 'none' })).toBe('altered');
  });

  it('an entry whose details are not what the import writes vouches for nothing', () => {
    expect(saidBy(3, 'not json')).toEqual({ kind: 'broken', seq: 3 });
    expect(saidBy(3, '{"facts":1,"asOf":"x"}')).toEqual({ kind: 'broken', seq: 3 });
    expect(saidBy(3, '{"runId":"1","facts":null,"asOf":"x"}')).toEqual({
      kind: 'says',
      seq: 3,
      facts: null,
      asOf: 'x',
    });
  });
});
