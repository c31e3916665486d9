/**
 * The contract: every request/response channel between the renderer and main, and every
 * event main pushes, declared once per feature and merged here. The router, the preload's
 * window.desk and the test bridge are all built from this one table. Output objects are
 * strict: a reply with a key the contract does not name is an error.
 */
import type { z } from 'zod';
import { alertsChannels, alertsEvents } from './alerts.ts';
import { appChannels } from './app.ts';
import { approvalsChannels, approvalsEvents } from './approvals.ts';
import { auditChannels, auditEvents } from './audit.ts';
import { callsChannels } from './calls.ts';
import { connectionEvents } from './connection.ts';
import { cardsChannels } from './cards.ts';
import { contactsChannels } from './contacts.ts';
import { historyChannels } from './history.ts';
import { importsChannels } from './imports.ts';
import { lockoutChannels } from './lockout.ts';
import { sessionChannels, sessionEvents } from './session.ts';
import { teamChannels } from './team.ts';
import { verificationChannels } from './verification.ts';

export * from './alerts.ts';
export * from './app.ts';
export * from './approvals.ts';
export * from './audit.ts';
export * from './calls.ts';
export * from './connection.ts';
export * from './cards.ts';
export * from './contacts.ts';
export * from './define.ts';
export * from './history.ts';
export * from './imports.ts';
export * from './inputs.ts';
export * from './lockout.ts';
export * from './reasons.ts';
export * from './result.ts';
export * from './roles.ts';
export * from './session.ts';
export * from './strings.ts';
export * from './team.ts';
export * from './verification.ts';

export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...cardsChannels,
  ...verificationChannels,
  ...contactsChannels,
  ...historyChannels,
  ...callsChannels,
  ...lockoutChannels,
  ...approvalsChannels,
  ...auditChannels,
  ...importsChannels,
  ...alertsChannels,
  ...teamChannels,
} as const;

export const events = {
  ...sessionEvents,
  ...approvalsEvents,
  ...auditEvents,
  ...connectionEvents,
  ...alertsEvents,
} as const;

/** The whole contract, as handed to the router, the preload and the test bridge. */
export const contract = { channels, events } as const;
export type Contract = typeof contract;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<K extends ChannelName> = z.input<Channels[K]['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<Channels[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]['payload']>;
