/**
 * A trail entry that a decision counted (a search budget, the contact checks, the fraud check,
 * how an approval request ended) and that fails its chain MAC, or that the process counted
 * and no longer finds: the file was written without the keys. The decision refuses; the trail
 * is marked broken in the key store (so putting the entry back does not undo it: agents are
 * refused sign-in until it is checked), and the lead is alerted once per entry and process, in
 * the transaction of the refusal, with the trail watch's words (`alert.altered-row`, table
 * audit_log).
 */
import type { Actor } from '../actor.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { AuditAppend } from './audit-append.ts';

/** Who found it: an operator's command, or the console itself (a send, the fraud check). */
export type Finder = Pick<Actor, 'at' | 'origin'> & {
  operatorId: number | null;
  username: string | null;
};

export type AlteredEntryReport = (actor: Finder, seq: number, what: string) => void;

/**
 * The entries alerted on, one set per trail (a console's core): an entry that two checks read
 * (the miss counts and the fraud check both read a card's caller.verify entries) is alerted
 * once, by whichever finds it first.
 */
const alertedByTrail = new WeakMap<AuditAppend, Set<number>>();

function alertedOn(audit: AuditAppend): Set<number> {
  let alerted = alertedByTrail.get(audit);
  if (!alerted) alertedByTrail.set(audit, (alerted = new Set()));
  return alerted;
}

export function alteredEntryReport(
  audit: AuditAppend,
  keys: Pick<KeyProvider, 'trailBreak'>,
): AlteredEntryReport {
  const alerted = alertedOn(audit);
  return (actor, seq, what) => {
    try {
      keys.trailBreak?.mark({
        seq,
        foundAt: actor.at.toISOString(),
        problem: `entry-altered: ${what} fails its MAC`,
      });
    } catch {
      // The key store cannot be written now: the decision is refused all the same.
    }
    if (alerted.has(seq)) return;
    alerted.add(seq);
    audit.append({
      at: actor.at,
      operatorId: actor.operatorId,
      username: actor.username,
      origin: actor.origin,
      action: 'alert.altered-row',
      subjectType: 'database',
      subjectId: null,
      result: 'alert',
      details: { table: 'audit_log', seq, foundAt: actor.at.toISOString() },
    });
  };
}
