/**
 * A row's MAC check remembered by the row's whole content. The verdict depends on the row's
 * bytes and the keys alone, so a row read again identical in every column needs no second
 * HMAC, while a row changed in any way is checked afresh — however it was changed, through
 * SQLite or by pages written into the file underneath it, where no change counter moves. The
 * rows are always read again; only the HMAC is saved. Bounded: the oldest verdicts go first.
 */
const REMEMBERED_ROWS = 512;

type Cell = string | number | bigint | Buffer | null;

/**
 * Every column with its type, so no two different rows give the same key: each name and text
 * carries its length, so no value can pass for a column boundary.
 */
function contentKey(row: object): string {
  let key = '';
  for (const column in row) {
    const value = (row as Record<string, Cell>)[column]!;
    key += `${column.length}:${column}`;
    if (value === null) key += 'z';
    else if (typeof value === 'string') key += `s${value.length}:${value}`;
    else if (typeof value === 'number') key += `n${value};`;
    else if (typeof value === 'bigint') key += `g${value};`;
    else key += `b${value.toString('hex')};`;
  }
  return key;
}

export function rowCheckMemo<R extends object>(
  holds: (row: R) => boolean,
  remembered = REMEMBERED_ROWS,
): (row: R) => boolean {
  const verdicts = new Map<string, boolean>();
  return (row) => {
    const key = contentKey(row);
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const verdict = holds(row);
    if (verdicts.size >= remembered) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, verdict);
    return verdict;
  };
}
