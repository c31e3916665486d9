/**
 * The contract: every request/response channel between the renderer and main, declared once.
 * The router, the preload's window.desk and the test bridge are all built from this table.
 * Output objects are strict: a reply with a key the contract does not name is an error.
 */
import { z } from 'zod';
import { defineChannel } from './define.ts';
import { ROLES } from './roles.ts';
import { Code, Identifier, PersonName, Timestamp } from './strings.ts';

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

export const AuditVerification = z.strictObject({
  status: z.enum(['intact', 'altered', 'unanchored-tail', 'empty']),
  entriesChecked: z.number().int().nonnegative(),
  lastAnchoredSeq: z.number().int().nonnegative(),
  firstBadSeq: z.number().int().positive().nullable(),
  checkedAt: Timestamp,
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const channels = {
  'app.info': defineChannel({
    summary: 'Product, version, whether this is a demo database, and the router clock.',
    access: 'public',
    input: Empty,
    output: z.strictObject({
      version: Code,
      demo: z.boolean(),
      now: Timestamp,
    }),
  }),
  'session.current': defineChannel({
    summary: 'The session of this window, signed out when there is none.',
    access: 'public',
    input: Empty,
    output: SessionView,
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
