/**
 * The closed lists of the lead's alerts. Each kind is raised by main/core from what the
 * audit trail records (never by a screen); the screens name each kind by `alerts.kind.<kind>`.
 */
export const ALERT_KINDS = [
  // A search budget (card number, last 4 + surname, customer reference, mobile/email) used up.
  'search-budget',
  // Searches that find nothing, any key, over the stricter budget: the pattern of a sweep.
  'search-sweep',
  // Verification misses reached the limit of one call…
  'verification-limit-call',
  // …or of the cardholder, across calls.
  'verification-limit-cardholder',
  // "Check what the caller says" used up for the cardholder across calls.
  'contact-check-limit',
  // A reset refused because fraud is suspected.
  'reset-refused-fraud',
  // A card under a fraud hold was opened (the hold seen by the console for the first time).
  'card-opened-fraud-hold',
  // An escalated reset has waited for a lead longer than policy allows.
  'approval-waiting',
  // An operator locked out of sign-in after too many failures.
  'sign-in-lockout',
  // A card opened by id that this session was never shown.
  'card-not-handed-out',
  // A sealed row that does not match its MAC: written without the keys.
  'altered-row',
  // A reset queued past the caller's verification (the ACS did not answer): never sent.
  'reset-expired',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATES = ['open', 'acknowledged'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/**
 * The events every console process on one database hears (desk_events): ids and states only.
 * Each is also a contract event of the same name.
 */
export const SHARED_EVENTS = ['approvals.changed', 'alerts.changed'] as const;
export type SharedEvent = (typeof SHARED_EVENTS)[number];

/**
 * What a lead's desktop notification (or, in a browser, the in-app banner) tells of: a new
 * alert, or a reset request waiting for a lead. Only this, the alert's kind and a count are
 * ever said: never a card, a name or an operator.
 */
export const LEAD_NOTICE_SUBJECTS = ['alert', 'approval'] as const;
export type LeadNoticeSubject = (typeof LEAD_NOTICE_SUBJECTS)[number];
