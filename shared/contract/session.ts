/** The session feature: sign in, the idle lock and resuming, signing out. */
import { z } from 'zod';
import { defineChannel, defineEvent } from './define.ts';
import { Empty } from './inputs.ts';
import { ROLES } from './roles.ts';
import { Identifier, PersonName, Timestamp } from './strings.ts';

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

const Password = z.string().min(1).max(256);

export const sessionChannels = {
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
      password: Password,
    }),
    output: SessionView,
  }),
  'session.resume': defineChannel({
    summary: 'Resume an idle-locked session: only the same operator, with their password.',
    access: 'public',
    input: z.strictObject({ password: Password }),
    output: SessionView,
  }),
  'session.activity': defineChannel({
    summary: 'The operator is at the keyboard: postpones the idle lock.',
    access: 'public',
    input: Empty,
    output: SessionView,
  }),
  'session.osLock': defineChannel({
    summary:
      "The console's machine locked its screen, or no one used it for longer than the idle lock (connected mode): lock this window's session now, keeping its call.",
    access: 'public',
    input: z.discriminatedUnion('reason', [
      z.strictObject({ reason: z.literal('os-lock') }),
      z.strictObject({
        reason: z.literal('os-idle'),
        /** Seconds since the operator last used any input device, as the OS reports it. */
        idleSeconds: z.number().int().min(0).max(31_536_000),
      }),
    ]),
    output: z.strictObject({ changed: z.boolean(), session: SessionView }),
  }),
  'session.signOut': defineChannel({
    summary: 'Sign out and end the call in progress.',
    access: 'public',
    input: Empty,
    output: SessionView,
  }),
} as const;

export const sessionEvents = {
  'session.changed': defineEvent({
    summary:
      'The session changed without the renderer asking (the OS locked the screen): ask again.',
    payload: z.strictObject({ reason: z.enum(['os-lock', 'os-idle']) }),
  }),
} as const;
