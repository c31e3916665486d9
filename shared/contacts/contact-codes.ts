/** The closed lists of contact points: which kind, how it stands, what a check answered. */
export const CONTACT_KINDS = ['mobile', 'email'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CONTACT_STATUSES = ['verified', 'unverified', 'bounced', 'undeliverable'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const CONTACT_CHECK_RESULTS = ['match', 'no-match'] as const;
export type ContactCheckResult = (typeof CONTACT_CHECK_RESULTS)[number];
