/**
 * The contract: every request/response channel between the renderer and main, declared once.
 * The router, the preload's window.desk and the test bridge are all built from this table.
 * Output objects are strict: a reply with a key the contract does not name is an error.
 */
import { z } from 'zod';
import { defineChannel } from './define.ts';
import { CAUSES } from '../diagnosis/causes.ts';
import {
  APPROVAL_STATES,
  RESET_ESCALATIONS,
  RESET_REASONS,
  RESET_REFUSALS,
  RESET_STATES,
} from '../resets/reset-codes.ts';
import { ROLES } from './roles.ts';
import {
  CheckedText,
  Code,
  Identifier,
  MaskedCard,
  MaskedEmail,
  MaskedPhone,
  MerchantName,
  PersonName,
  Timestamp,
} from './strings.ts';

const Empty = z.strictObject({});

export const OperatorView = z.strictObject({
  username: Identifier,
  displayName: PersonName,
  role: z.enum(ROLES),
});

/** Where the operator's session stands; `now` is the router's clock, the only one the UI shows. */
export const SessionView = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('signed-out'), now: Timestamp }),
  z.strictObject({
    state: z.literal('active'),
    operator: OperatorView,
    idleLockAt: Timestamp,
    now: Timestamp,
  }),
  z.strictObject({ state: z.literal('idle-locked'), operator: OperatorView, now: Timestamp }),
]);
export type SessionView = z.infer<typeof SessionView>;

/** A card as search results show it: brand and last 4, and the name. Nothing else. */
export const CardSummary = z.strictObject({
  cardId: Identifier,
  maskedCard: MaskedCard,
  name: PersonName,
});

/** Lock state computed live from the router's clock, never a stored flag. */
export const LockState = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('unlocked') }),
  z.strictObject({
    state: z.literal('locked'),
    since: Timestamp,
    /** null: locked until someone resets it. */
    until: Timestamp.nullable(),
    cause: z.enum(['wrong_codes', 'resend_limit', 'fraud_hold', 'other']),
  }),
]);
export type LockState = z.infer<typeof LockState>;

const ContactStatus = z.enum(['verified', 'unverified', 'bounced', 'undeliverable']);

/** A registered contact point, masked, with what the agent needs to judge it. */
function contactView<M extends z.ZodType>(kind: 'mobile' | 'email', masked: M) {
  return z.strictObject({
    kind: z.literal(kind),
    /** null: none registered. */
    registered: z
      .strictObject({
        masked,
        status: ContactStatus,
        updatedAt: Timestamp,
        /** When the value itself last changed; null when unchanged since registration. */
        changedAt: Timestamp.nullable(),
        /** Changed within the policy's days: the takeover pattern, look twice. */
        recentlyChanged: z.boolean(),
      })
      .nullable(),
    /** A requested change not yet in effect (a mobile change takes days). */
    pending: z.strictObject({ masked, effectiveAt: Timestamp }).nullable(),
  });
}

export const ContactView = z.discriminatedUnion('kind', [
  contactView('mobile', MaskedPhone),
  contactView('email', MaskedEmail),
]);
export type ContactView = z.infer<typeof ContactView>;

/**
 * Where caller verification stands in this call. Never which of DOB or postcode was wrong:
 * the pair is answered as one.
 */
export const VerificationView = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('unverified'),
    /** Misses left before verification stops (the smaller of the call's and the card's). */
    missesLeft: z.number().int().nonnegative(),
    /** Set when this call was verified before and that verification expired. */
    expiredAt: Timestamp.nullable(),
  }),
  z.strictObject({ status: z.literal('verified'), at: Timestamp, until: Timestamp }),
  /** Too many misses in this call or on this card: stop, escalate to a team lead. */
  z.strictObject({ status: z.literal('blocked'), limit: z.enum(['call', 'card']) }),
]);
export type VerificationView = z.infer<typeof VerificationView>;

export const ATTEMPT_OUTCOMES = [
  'authenticated',
  'frictionless',
  'wrong-code',
  'code-expired',
  'not-delivered',
  'cancelled',
  'locked',
  'rejected',
  'technical',
] as const;
export const FAILED_OUTCOMES = ATTEMPT_OUTCOMES.filter(
  (o) => o !== 'authenticated' && o !== 'frictionless',
);

/** Two digits from an EMV 3DS code table (transStatusReason, ECI, challengeCancel). */
const TwoDigitCode = Code.nullable();

/** One 3-D Secure authentication as the ACS recorded it; never a code. */
export const AttemptView = z.strictObject({
  id: Identifier,
  at: Timestamp,
  merchant: MerchantName,
  /** In the currency's minor unit (JPY: yen). */
  amountMinor: z.number().int().nonnegative(),
  currency: Code,
  method: z.enum(['sms', 'email', 'app', 'frictionless']),
  destination: z.union([MaskedPhone, MaskedEmail]).nullable(),
  /** false: the code went to a number or address that is not the current one. */
  toCurrentDestination: z.boolean().nullable(),
  delivery: z.enum(['delivered', 'sent', 'pending', 'failed', 'bounced', 'not-applicable']),
  attemptsUsed: z.number().int().nonnegative(),
  attemptsAllowed: z.number().int().nonnegative(),
  resends: z.number().int().nonnegative(),
  expiresAt: Timestamp.nullable(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  transStatus: z.enum(['Y', 'N', 'U', 'A', 'C', 'D', 'R', 'I', 'S']),
  transStatusReason: TwoDigitCode,
  eci: TwoDigitCode,
  challengeCancel: TwoDigitCode,
  acsTransId: Identifier,
  dsTransId: Identifier,
});
export type AttemptView = z.infer<typeof AttemptView>;

/** A likely cause of the failed checkout, ranked; the script comes from shared/diagnosis. */
export const CauseView = z.strictObject({
  code: z.enum(CAUSES),
  resetAdvised: z.boolean(),
});

export const CALL_OUTCOMES = [
  'resolved-reset',
  'resolved-advice',
  'escalated',
  'not-verified',
  'other',
] as const;

/** Earlier calls on this card and lock resets, newest first. */
export const EarlierContact = z.strictObject({
  calls: z.array(
    z.strictObject({
      callId: Identifier,
      startedAt: Timestamp,
      operator: Identifier,
      verified: z.boolean(),
      outcome: z.enum(CALL_OUTCOMES).nullable(),
    }),
  ),
  resets: z.array(
    z.strictObject({
      at: Timestamp,
      lockedSince: Timestamp,
      cause: z.enum(['wrong_codes', 'resend_limit', 'fraud_hold', 'other']),
    }),
  ),
});

export const CardHeader = z.strictObject({
  cardId: Identifier,
  /** The call this opening started (or continues). */
  callId: Identifier,
  name: PersonName,
  nameLatin: PersonName,
  product: Code,
  brand: Code,
  maskedCard: MaskedCard,
  lock: LockState,
  badges: z.strictObject({
    fraudHold: z.boolean(),
    contactChangePending: z.boolean(),
    recentContactChange: z.boolean(),
  }),
  contacts: z.array(ContactView),
  verification: VerificationView,
  /** Likely causes, most likely first (never empty). */
  diagnosis: z.array(CauseView).min(1),
  earlier: EarlierContact,
  /** When the ACS state shown was read. */
  dataAsOf: Timestamp,
  now: Timestamp,
});
export type CardHeader = z.infer<typeof CardHeader>;

export const AuditVerification = z.strictObject({
  status: z.enum([
    'intact',
    'altered',
    'missing',
    'wrong-key',
    'forged-checkpoint',
    'unanchored-tail',
    'empty',
  ]),
  entriesChecked: z.number().int().nonnegative(),
  lastAnchoredSeq: z.number().int().nonnegative(),
  firstBadSeq: z.number().int().positive().nullable(),
  checkedAt: Timestamp,
});
export type AuditVerification = z.infer<typeof AuditVerification>;

const cardId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/u);

/** One reset of a lock and where it stands at the ACS: requested → applied, or failed. */
export const ResetView = z.strictObject({
  resetId: Identifier,
  state: z.enum(RESET_STATES),
  requestedAt: Timestamp,
  requestedBy: Identifier,
  appliedAt: Timestamp.nullable(),
  /** Attempts at the ACS so far, and the last error's class when the last one failed. */
  attempts: z.number().int().nonnegative(),
  lastError: Code.nullable(),
});
export type ResetView = z.infer<typeof ResetView>;

/** An escalated reset waiting for (or decided by) a team lead. */
export const ApprovalView = z.strictObject({
  approvalId: Identifier,
  state: z.enum(APPROVAL_STATES),
  requestedAt: Timestamp,
  requestedBy: Identifier,
  expiresAt: Timestamp,
  escalation: z.array(z.enum(RESET_ESCALATIONS)),
  decidedBy: Identifier.nullable(),
  decisionNote: CheckedText.nullable(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

/**
 * Whether the lock may be reset now and why not, with the reset or request in progress:
 * the screen keeps the button disabled and shows the refusal, exactly as the router decides.
 */
export const ResetStatus = z.strictObject({
  allowed: z.boolean(),
  refusal: z.enum(RESET_REFUSALS).nullable(),
  /** Non-empty: the reset will go to a team lead for approval. */
  escalation: z.array(z.enum(RESET_ESCALATIONS)),
  lock: LockState,
  reset: ResetView.nullable(),
  approval: ApprovalView.nullable(),
});
export type ResetStatus = z.infer<typeof ResetStatus>;

/** A request in the lead's queue, with the card's context to judge it. */
export const ApprovalQueueItem = z.strictObject({
  approval: ApprovalView,
  cardId: Identifier,
  maskedCard: MaskedCard,
  name: PersonName,
  lock: LockState,
  reason: z.enum(RESET_REASONS),
  note: CheckedText,
});
export type ApprovalQueueItem = z.infer<typeof ApprovalQueueItem>;

/** Which page of results (20 a page, at most 5 pages). */
const page = z.number().int().min(0).max(4).default(0);

export const channels = {
  'app.info': defineChannel({
    summary: 'Product, version, whether this is a demo database, and the router clock.',
    access: 'public',
    input: Empty,
    output: z.strictObject({
      version: Code,
      demo: z.boolean(),
      /** 'preview': the console runs in a browser through the harness, not the desktop app. */
      surface: z.enum(['desktop', 'preview']),
      idleLockMinutes: z.number().int().positive(),
      now: Timestamp,
    }),
  }),
  'session.current': defineChannel({
    summary: 'The session of this window, signed out when there is none.',
    access: 'public',
    input: Empty,
    output: SessionView,
  }),
  'session.signIn': defineChannel({
    summary: 'Sign in with username and password; ends any other session in this window.',
    access: 'public',
    input: z.strictObject({
      username: z.string().trim().min(1).max(64),
      password: z.string().min(1).max(256),
    }),
    output: SessionView,
  }),
  'session.resume': defineChannel({
    summary: 'Resume an idle-locked session: only the same operator, with their password.',
    access: 'public',
    input: z.strictObject({ password: z.string().min(1).max(256) }),
    output: SessionView,
  }),
  'session.activity': defineChannel({
    summary: 'The operator is at the keyboard: postpones the idle lock.',
    access: 'public',
    input: Empty,
    output: SessionView,
  }),
  'session.signOut': defineChannel({
    summary: 'Sign out and end the call in progress.',
    access: 'public',
    input: Empty,
    output: SessionView,
  }),
  'cards.search': defineChannel({
    summary:
      'Find cards by what the caller says; results are masked and paged. Searches by mobile or email are rate-limited per operator.',
    access: ['agent', 'lead'],
    input: z.discriminatedUnion('key', [
      z.strictObject({ key: z.literal('card-number'), number: z.string().min(1).max(40), page }),
      z.strictObject({
        key: z.literal('last4-surname'),
        last4: z.string().max(8),
        surname: z.string().min(1).max(64),
        page,
      }),
      z.strictObject({ key: z.literal('mobile'), mobile: z.string().min(1).max(40), page }),
      z.strictObject({ key: z.literal('email'), email: z.string().min(1).max(254), page }),
      z.strictObject({
        key: z.literal('customer-ref'),
        customerRef: z.string().min(1).max(40),
        page,
      }),
    ]),
    output: z.strictObject({
      results: z.array(CardSummary),
      page: z.number().int().nonnegative(),
      pages: z.number().int().nonnegative(),
      /** Cards matched, up to the cap. */
      total: z.number().int().nonnegative(),
      /** More cards matched than the cap: ask the caller for more details. */
      tooMany: z.boolean(),
      now: Timestamp,
    }),
  }),
  'cards.open': defineChannel({
    summary: 'Open a card found by search: its header with the live lock state.',
    access: ['agent', 'lead'],
    input: z.strictObject({ cardId }),
    output: CardHeader,
  }),
  'caller.verify': defineChannel({
    summary:
      'Verify the caller of the open call by DOB and postcode, answered as a pair; misses are limited per call and per card.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId,
      dob: z.string().min(1).max(40),
      postcode: z.string().min(1).max(20),
    }),
    output: VerificationView,
  }),
  'contacts.check': defineChannel({
    summary:
      'Once the caller is verified: does what the caller says match the registered mobile or email? Limited per call.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId,
      kind: z.enum(['mobile', 'email']),
      value: z.string().min(1).max(254),
    }),
    output: z.strictObject({
      match: z.boolean(),
      checksLeft: z.number().int().nonnegative(),
    }),
  }),
  'cards.history': defineChannel({
    summary: "The open card's 3-D Secure history, newest first, filtered by period and outcome.",
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId,
      period: z.enum(['24h', '7d', '30d', 'all']),
      outcome: z.enum(['all', 'failed', ...ATTEMPT_OUTCOMES]),
    }),
    output: z.strictObject({
      attempts: z.array(AttemptView),
      /** Attempts on the card in all, before filtering. */
      total: z.number().int().nonnegative(),
      now: Timestamp,
    }),
  }),
  'calls.wrapUp': defineChannel({
    summary:
      'End the call with its outcome and a note (checked: no card number, code, email or phone); the workspace then clears.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId,
      outcome: z.enum(CALL_OUTCOMES),
      note: z.string().max(4000),
    }),
    output: z.strictObject({ callId: Identifier, endedAt: Timestamp }),
  }),
  'lockout.status': defineChannel({
    summary:
      'Whether the open card’s lock may be reset now, why not, and any reset or approval request in progress.',
    access: ['agent', 'lead'],
    input: z.strictObject({ cardId }),
    output: ResetStatus,
  }),
  'lockout.reset': defineChannel({
    summary:
      'Reset the open card’s lock (verified caller, locked now, no fraud); policy may turn it into a request for a lead’s approval.',
    access: ['agent', 'lead'],
    input: z.strictObject({
      cardId,
      reason: z.enum(RESET_REASONS),
      note: z.string().max(4000),
    }),
    output: ResetStatus,
  }),
  'lockout.retry': defineChannel({
    summary: 'Send a reset that failed at the ACS again, with the same idempotency key.',
    access: ['agent', 'lead'],
    input: z.strictObject({ cardId }),
    output: ResetStatus,
  }),
  'approvals.list': defineChannel({
    summary: 'The team lead’s queue: escalated resets waiting for approval, oldest first.',
    access: ['lead'],
    input: Empty,
    output: z.strictObject({ requests: z.array(ApprovalQueueItem) }),
  }),
  'approvals.decide': defineChannel({
    summary:
      'Approve (and so reset) or reject an escalated reset, with a note; never one’s own request.',
    access: ['lead'],
    input: z.strictObject({
      approvalId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/u),
      decision: z.enum(['approve', 'reject']),
      note: z.string().max(4000),
    }),
    output: z.strictObject({ approval: ApprovalView, reset: ResetView.nullable() }),
  }),
  'audit.verify': defineChannel({
    summary: 'Recompute the audit chain from the first entry; progress arrives as events.',
    access: ['lead', 'auditor', 'admin'],
    input: Empty,
    output: AuditVerification,
  }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>;
