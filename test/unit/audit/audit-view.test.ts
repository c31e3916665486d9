/**
 * What the audit desk shows and exports of an entry: codes, identifiers, timestamps and
 * numbers pass; anything that could be a clear value is withheld; a spreadsheet never reads
 * an exported cell as a formula.
 */
import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../../main/core/audit/audit-export.ts';
import { detailsOf } from '../../../main/core/audit/audit-view.ts';
import { canonicalJson } from '../../../main/core/audit/canonical.ts';

describe('audit entry details', () => {
  it('flattens nested details and keeps codes, identifiers, timestamps and numbers', () => {
    const details = detailsOf(
      canonicalJson({
        key: 'verificationMissesPerCall',
        before: 3,
        after: 5,
        filter: { from: '2026-11-20T01:00:00.000Z', result: 'alert' },
        cardIds: ['crd_abc', 'crd_def'],
        hash: 'a'.repeat(64),
        fresh: true,
        approvalId: null,
      }),
    );
    expect(details).toEqual(
      expect.arrayContaining([
        { key: 'before', value: 3, withheld: false },
        { key: 'filter.from', value: '2026-11-20T01:00:00.000Z', withheld: false },
        { key: 'filter.result', value: 'alert', withheld: false },
        { key: 'cardIds', value: ['crd_abc', 'crd_def'], withheld: false },
        { key: 'hash', value: 'a'.repeat(64), withheld: false },
        { key: 'fresh', value: true, withheld: false },
        { key: 'approvalId', value: null, withheld: false },
      ]),
    );
  });

  it.each([
    ['an email', 'taro@example.jp'],
    ['a bare number (a code or a card number)', '4242424242424242'],
    ['a six-digit code', '123456'],
    ['free text', 'called back, code was 1234'],
    ['a kana name', 'さとう'],
  ])('withholds %s', (_what, value) => {
    expect(detailsOf(canonicalJson({ x: value }))).toEqual([
      { key: 'x', value: null, withheld: true },
    ]);
  });

  it('withholds an array holding one unsafe value whole, and unreadable details', () => {
    expect(detailsOf(canonicalJson({ ids: ['crd_a', 'a@b.jp'] }))).toEqual([
      { key: 'ids', value: null, withheld: true },
    ]);
    expect(detailsOf('not json')).toEqual([{ key: 'details', value: null, withheld: true }]);
  });
});

describe('CSV formula neutralising', () => {
  it.each(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'])('escapes %j', (cell) => {
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
  });

  it('leaves other cells as they are', () => {
    expect(neutraliseCell('card.open')).toBe('card.open');
    expect(neutraliseCell('木村 健')).toBe('木村 健');
  });
});
