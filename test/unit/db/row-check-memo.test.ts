/**
 * A remembered MAC verdict (row-check-memo.ts) is reused only for a row identical in every
 * column, value and type: any other row is checked afresh.
 */
import { describe, expect, it } from 'vitest';
import { rowCheckMemo } from '../../../main/core/db/row-check-memo.ts';

describe('a row check remembered by content', () => {
  it('checks again for any row that differs in a value, a type or a column boundary', () => {
    const checked: unknown[] = [];
    const holds = rowCheckMemo<Record<string, unknown>>((row) => {
      checked.push(row);
      return true;
    });
    const rows = [
      { a: '1', b: null },
      { a: 1, b: null },
      { a: 1n, b: null },
      { a: Buffer.from('1'), b: null },
      { a: '31', b: null }, // the hex of Buffer '1'
      { a: 'null', b: null },
      { a: null, b: null },
      { a: '1', b: '' },
      { a: '1b', b: null },
      { a: '1', bb: null },
      { a: 's1:1', b: null },
    ];
    for (const row of rows) holds(row);
    expect(checked).toHaveLength(rows.length);
    for (const row of rows) holds({ ...row });
    expect(checked).toHaveLength(rows.length); // identical rows: remembered
  });
});
