/** Typed events main pushes to the renderer. Payloads follow the same string rules as replies. */
import { z } from 'zod';
import { defineEvent } from './define.ts';
import { APPROVAL_STATES } from '../resets/reset-codes.ts';
import { Identifier } from './strings.ts';

export const events = {
  'session.changed': defineEvent({
    summary:
      'The session changed without the renderer asking (the OS locked the screen): ask again.',
    payload: z.strictObject({ reason: z.enum(['os-lock', 'os-idle']) }),
  }),
  'approvals.changed': defineEvent({
    summary:
      'An approval request was made, decided or expired: the requesting agent and the leads' +
      ' ask again (lockout.status, approvals.list).',
    payload: z.strictObject({
      approvalId: Identifier,
      cardId: Identifier,
      state: z.enum(APPROVAL_STATES),
    }),
  }),
  'audit.verifyProgress': defineEvent({
    summary: 'Progress of a running audit verification.',
    payload: z.strictObject({
      checked: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]['payload']>;
