/**
 * A trail entry that a decision counted (a search budget, the contact checks) and that fails
 * its chain MAC, or that the process verified and no longer finds: the file was written
 * without the keys. The decision refuses; the trail is marked broken in the key store (so
 * putting the entry back does not undo it: agents are refused sign-in until it is checked),
 * and the lead is alerted once per entry and process, in the transaction of the refusal, with
 * the trail watch's words (`alert.altered-row`, table audit_log).
 */
import type { Actor } from '../actor.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { auditActor, type AuditAppend } from './audit-append.ts';

/** Who found it: the operator whose command read the entry, or the console itself (no operator). */
type Finder = Actor | { operatorId: null; username: null; origin: string; at: Date };

export type AlteredEntryReport = (actor: Finder, seq: number, what: string) => void;

export function alteredEntryReport(
  audit: AuditAppend,
  keys: Pick<KeyProvider, 'trailBreak'>,
): AlteredEntryReport {
  const alerted = new Set<number>();
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
      ...(actor.operatorId === null
        ? { at: actor.at, operatorId: null, username: null, origin: actor.origin }
        : auditActor(actor)),
      action: 'alert.altered-row',
      subjectType: 'database',
      subjectId: null,
      result: 'alert',
      details: { table: 'audit_log', seq, foundAt: actor.at.toISOString() },
    });
  };
}
