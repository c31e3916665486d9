/**
 * The alerts feature: what a team lead is alerted to (search budgets and sweeps, verification
 * and contact-check limits, resets refused for fraud, fraud holds, approvals waiting too
 * long, sign-in lockouts, altered rows), raised by main/core from the audit trail, and the
 * lead's acknowledgement with a note.
 */
import { z } from 'zod';
import { ALERT_KINDS, ALERT_STATES, LEAD_NOTICE_SUBJECTS } from '../alerts/alert-codes.ts';
import { defineChannel, defineEvent } from './define.ts';
import { NoteInput, PublicIdInput } from './inputs.ts';
import { CheckedText, Code, Identifier, PersonName, Timestamp } from './strings.ts';

export const AlertView = z.strictObject({
  alertId: Identifier,
  kind: z.enum(ALERT_KINDS),
  state: z.enum(ALERT_STATES),
  raisedAt: Timestamp,
  /** The latest occurrence counted on this alert while it was open. */
  lastAt: Timestamp,
  occurrences: z.number().int().positive(),
  /**
   * Whose action raised it (null: the console itself, e.g. a timer or a sealed-row check); the
   * display name only when the trail vouches for it (null: named by the username).
   */
  operator: z.strictObject({ username: Identifier, displayName: PersonName.nullable() }).nullable(),
  /** What it is about: a card, an operator, an approval (public ids only). */
  subjectType: Code.nullable(),
  subjectId: Identifier.nullable(),
  /** Which limit or budget, where the kind has several (e.g. "card-number", "misses"). */
  scope: Code.nullable(),
  acknowledgedBy: Identifier.nullable(),
  acknowledgedAt: Timestamp.nullable(),
  note: CheckedText.nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export const alertsChannels = {
  'alerts.list': defineChannel({
    summary:
      'The team lead’s tray: open alerts newest first (at most 200), their count, and the' +
      ' ones acknowledged in the last 24 hours.',
    access: ['lead'],
    input: z.strictObject({}),
    output: z.strictObject({
      open: z.array(AlertView),
      openCount: z.number().int().nonnegative(),
      acknowledged: z.array(AlertView),
    }),
  }),
  'alerts.acknowledge': defineChannel({
    summary: 'A lead acknowledges an open alert with a note (checked, audited).',
    access: ['lead'],
    input: z.strictObject({ alertId: PublicIdInput, note: NoteInput }),
    output: z.strictObject({ alert: AlertView }),
  }),
  'alerts.notify': defineChannel({
    summary:
      'A lead’s console asks to show a desktop notification of a new alert or approval request' +
      ' (its kind and a count, in the lead’s language): the router checks the text as it checks' +
      ' a note and answers with what may be shown; the desktop app shows it (not audited: it' +
      ' reads nothing).',
    access: ['lead'],
    input: z.strictObject({
      about: z.enum(LEAD_NOTICE_SUBJECTS),
      title: z.string().min(1).max(120),
      body: z.string().max(240),
    }),
    output: z.strictObject({
      about: z.enum(LEAD_NOTICE_SUBJECTS),
      title: CheckedText,
      body: CheckedText,
    }),
  }),
} as const;

export const alertsEvents = {
  'alerts.changed': defineEvent({
    summary:
      'An alert was raised, counted again or acknowledged, in this or another console on the' +
      ' database: the leads ask again (alerts.list).',
    payload: z.strictObject({
      alertId: Identifier,
      kind: z.enum(ALERT_KINDS),
      state: z.enum(ALERT_STATES),
    }),
  }),
  'alerts.noticeOpened': defineEvent({
    summary:
      'The lead clicked the desktop notification: the window came to the front, and the' +
      ' console opens the alerts tray (or, for an approval request, the queue).',
    payload: z.strictObject({ about: z.enum(LEAD_NOTICE_SUBJECTS) }),
  }),
} as const;
