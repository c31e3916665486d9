/**
 * A row's MAC check remembered by the row's whole content. The verdict depends on the row's
 * bytes and the keys alone, so a row read again identical in every column needs no second
 * HMAC, while a row changed in any way is checked afresh — however it was changed, through
 * SQLite or by pages written into the file underneath it, where no change counter moves. The
 * rows are always read again; only the HMAC is saved. Bounded: the oldest verdicts go first.
 */
const REMEMBERED_ROWS = 512;

type Cell = string | number | bigint | Buffer | null;

/** Every column with its type, so no two different rows give the same key. */
function contentKey(row: object): string {
  return JSON.stringify(
    Object.entries(row as Record<string, Cell>).map(([column, value]) => [
      column,
      Buffer.isBuffer(value)
        ? { hex: value.toString('hex') }
        : typeof value === 'bigint'
          ? { big: value.toString() }
          : value,
    ]),
  );
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
