/**
 * When a team lead is told at once, and what they are told: one decision for both ways of
 * telling (the desktop notification in the app, the in-app banner in a browser).
 *
 * - A new or recounted alert (alerts.changed, open) and a new reset request waiting for a lead
 *   (approvals.changed, pending) tell an active lead who has not muted notifications.
 *   Acknowledgements, decisions, expiries and cancellations tell no one: the tray and the
 *   queue follow them quietly. Agents, auditors and admins are never told.
 * - What is said is the alert's kind and how many wait, in the lead's language. Never a card,
 *   a cardholder, an operator or an id: the words leave the console for the OS's
 *   notification centre, where anyone at the screen (or its history) can read them.
 *
 * Plain functions of their inputs (no store, no DOM), so Node tests run them as they are.
 */
import type { TFunction } from 'i18next';
import type { AlertKind, LeadNoticeSubject } from '../../../../shared/alerts/alert-codes.ts';
import type { EventPayload, Role } from '../../../../shared/contract/index.ts';

/** The pushed events a notice may come from. */
export type LeadEvent =
  | { name: 'alerts.changed'; payload: EventPayload<'alerts.changed'> }
  | { name: 'approvals.changed'; payload: EventPayload<'approvals.changed'> };

/** Who would be told: the session's role and state, and the lead's own preference. */
export interface NoticeListener {
  role: Role | null;
  active: boolean;
  muted: boolean;
}

/** What the lead is to be told about, before the count is known. */
export type NoticeWanted = { about: 'alert'; kind: AlertKind } | { about: 'approval' };

/** A notice to show: its subject, the alert's kind (for an alert), how many wait. */
export type LeadNotice = NoticeWanted & { count: number };

/** The words of a notice, as the OS notification and the banner show them. */
export interface NoticeText {
  about: LeadNoticeSubject;
  title: string;
  body: string;
}

/** Whether (and about what) this event tells the lead at once; null: it does not. */
export function noticeFor(event: LeadEvent, listener: NoticeListener): NoticeWanted | null {
  if (listener.role !== 'lead' || !listener.active || listener.muted) return null;
  switch (event.name) {
    case 'alerts.changed':
      return event.payload.state === 'open' ? { about: 'alert', kind: event.payload.kind } : null;
    case 'approvals.changed':
      return event.payload.state === 'pending' ? { about: 'approval' } : null;
  }
}

/** The notice in the lead's language (`t` is bound to it): kind and count, nothing else. */
export function noticeText(t: TFunction, notice: LeadNotice): NoticeText {
  if (notice.about === 'alert') {
    return {
      about: 'alert',
      title: t('alerts.notice.alertTitle', { kind: t(`alerts.kind.${notice.kind}`) }),
      body: t('alerts.notice.alertBody', { count: notice.count }),
    };
  }
  return {
    about: 'approval',
    title: t('alerts.notice.approvalTitle'),
    body: t('alerts.notice.approvalBody', { count: notice.count }),
  };
}
