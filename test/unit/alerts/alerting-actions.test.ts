/**
 * The tray reads back from the trail only the actions ALERTING_ACTIONS and ALERTING_REFUSALS
 * name (alert-store.ts): every action alertOf raises an alert from must be among them, or its
 * alerts would never be shown.
 */
import { describe, expect, it } from 'vitest';
import {
  ALERTING_ACTIONS,
  ALERTING_REFUSALS,
  alertOf,
} from '../../../main/core/alerts/alert-rules.ts';
import type { AuditDetail } from '../../../main/core/audit/audit-append.ts';
import { AUDIT_ACTIONS, type AuditResult } from '../../../shared/audit/audit-codes.ts';

const RESULTS: AuditResult[] = ['success', 'failure', 'refused', 'alert'];
// Details that make each conditional rule raise (a card's limit, a refusal for fraud, a budget).
const DETAILS: { [key: string]: AuditDetail }[] = [
  {},
  { limit: 'card' },
  { limit: 'call' },
  { refusal: 'fraud' },
  { budget: 'misses' },
  { table: 'alerts' },
];

const raisesFor = (action: (typeof AUDIT_ACTIONS)[number]) =>
  RESULTS.filter((result) =>
    DETAILS.some(
      (details) =>
        alertOf({
          at: new Date(0),
          operatorId: null,
          username: null,
          origin: 'test',
          action,
          subjectType: null,
          subjectId: null,
          result,
          details,
        }) !== null,
    ),
  );

describe('the actions the tray reads back', () => {
  it('name every action an alert is raised from, with the results it is raised for', () => {
    const listed = new Set<string>([...ALERTING_ACTIONS, ...ALERTING_REFUSALS]);
    for (const action of AUDIT_ACTIONS) {
      const results = raisesFor(action);
      if (results.length === 0) expect(listed.has(action), action).toBe(false);
      else if ((ALERTING_ACTIONS as readonly string[]).includes(action))
        expect(results, action).toEqual(RESULTS);
      else {
        // Read back when refused only (lockout.reset-refused is only ever appended refused).
        expect((ALERTING_REFUSALS as readonly string[]).includes(action), action).toBe(true);
        expect(results, action).toContain('refused');
      }
    }
  });
});
