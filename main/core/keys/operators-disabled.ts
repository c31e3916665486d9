/**
 * The operators `desk-admin operator disable` disabled, kept in the key store (key-notes.ts).
 *
 * The database says it twice — the row's `disabled_at` and the trail's `operator.disable`
 * entry — and someone who writes the file without the keys can undo both: put the row back
 * from before the disable (its genuine MAC) and rename the entry (its MAC then fails, but the
 * operator's entries are selected by their action name, so it simply drops out of the
 * selection until a full verification reads it). The key store cannot be written without the
 * keys, so what it records is the last word: an operator it names is disabled, whatever the
 * database says (operators/operator-store.ts).
 *
 * An operator is named by its id and username together: a database restored from before the
 * operator was made may give the id to someone new, who is not the one disabled. Nothing
 * enables an operator again, so the list only grows; a restore does not shorten it.
 *
 * It is written inside the disable's transaction, under the database's write lock (one rewrite
 * of the key document at a time): a key store that cannot be written rolls the disable back,
 * and a crash after the write and before the commit leaves the operator disabled by the key
 * store alone — the strict side, and what the admin asked for.
 */
import type { KeyNotesStore } from './key-notes.ts';

export interface DisabledOperator {
  /** The operator's id (operators.id). */
  id: number;
  username: string;
  /** When it was disabled (ISO 8601). */
  at: string;
}

export interface OperatorsDisabledStore {
  /** Where, in words. */
  readonly where: string;
  /** Every operator recorded as disabled (none: an empty list). */
  read(): readonly DisabledOperator[];
  /** Records an operator as disabled; one already recorded is kept as it was. */
  record(operator: DisabledOperator): void;
}

/** Whether the list names this operator (its id and username both). */
export const namesOperator = (
  disabled: readonly DisabledOperator[],
  operator: { id: number; username: string },
): boolean => disabled.some((d) => d.id === operator.id && d.username === operator.username);

export function operatorsDisabledOf(notes: KeyNotesStore): OperatorsDisabledStore {
  return {
    where: notes.where,
    read: () => notes.read().operatorsDisabled ?? [],
    record: (operator) =>
      notes.update((current) => {
        const now = current.operatorsDisabled ?? [];
        if (namesOperator(now, operator)) return null;
        return { ...current, operatorsDisabled: [...now, operator] };
      }),
  };
}
