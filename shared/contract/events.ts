/** Typed events main pushes to the renderer. Payloads follow the same string rules as replies. */
import { z } from 'zod';
import { defineEvent } from './define.ts';

export const events = {
  'session.changed': defineEvent({
    summary:
      'The session changed without the renderer asking (the OS locked the screen): ask again.',
    payload: z.strictObject({ reason: z.enum(['os-lock', 'os-idle']) }),
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
