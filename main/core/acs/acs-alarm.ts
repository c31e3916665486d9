/**
 * The lead's alert when what decides where resets go fails its seal: the acs_gateway row
 * (migration 017) or a card's ACS reference. One `alert.altered-row` audit entry (which raises
 * the lead's alert, alerts/alert-rules.ts) per row and process: a console that keeps refusing
 * the row does not flood the tray.
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';

export type AcsAlarm = (
  what: { table: 'acs_gateway' } | { table: 'cards'; cardId: number },
) => void;

export function createAcsAlarm(
  db: Db,
  audit: Pick<AuditTrail, 'append' | 'transact'>,
  origin: string,
  now: () => Date,
): AcsAlarm {
  const card = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  const raised = new Set<string>();
  return (what) => {
    const key = what.table === 'cards' ? `cards:${what.cardId}` : what.table;
    if (raised.has(key)) return;
    audit.transact(() =>
      audit.append({
        at: now(),
        operatorId: null,
        username: null,
        origin,
        action: 'alert.altered-row',
        ...(what.table === 'cards'
          ? {
              subjectType: 'card',
              subjectId: card.get(what.cardId)?.public_id ?? String(what.cardId),
              details: { table: 'cards', column: 'acs_card_ref' },
            }
          : { subjectType: 'database', subjectId: null, details: { table: 'acs_gateway' } }),
        result: 'alert',
      }),
    );
    raised.add(key);
  };
}
