/**
 * What a verified read may be remembered by: a mark that moves whenever anything in the
 * database may have changed — a commit by any other connection (`PRAGMA data_version`) or
 * any row this connection inserted, updated or deleted (`total_changes()`, rolled-back
 * changes included). One cheap statement, no table read. A value checked against its row MAC
 * and remembered with the mark is checked again after any write at all, by anyone, so a row
 * altered since is caught before the next action, as it would be by reading it again. Inside
 * one read scope (read-scope.ts) it is read once, however many stores ask.
 */
import type { Db } from './connection.ts';
import { scopedMark } from './read-scope.ts';

export type ChangeMark = () => string;

export function createChangeMark(db: Db): ChangeMark {
  const read = db
    .prepare<[], [number, number]>('SELECT total_changes(), data_version FROM pragma_data_version')
    .raw();
  const now = () => {
    const [changes, version] = read.get()!;
    return `${changes}:${version}`;
  };
  // In a read scope (read-scope.ts) the mark cannot move until a write ends the scope.
  return () => scopedMark(db, now) ?? now();
}

/**
 * `compute` remembered until the mark moves. A computation that throws is not remembered (a
 * forged row refuses every time).
 */
export function whileUnchanged<T>(mark: ChangeMark, compute: () => T): () => T {
  let kept: { at: string; value: T } | null = null;
  return () => {
    const at = mark();
    if (kept?.at === at) return kept.value;
    const value = compute();
    kept = { at, value };
    return value;
  };
}
