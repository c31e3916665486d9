/**
 * The router decides, not the UI. For every call: parse the payload as unknown against the
 * channel's input schema, check the session and role, run the handler, validate the reply
 * against the strict output schema, and answer with a Result. Nothing else reaches services.
 */
import type { z } from 'zod';
import {
  fail,
  ok,
  type ChannelName,
  type ChannelOutput,
  type Contract,
  type EventName,
  type EventPayload,
  type Result,
  type Role,
} from '../../../shared/contract/index.ts';
import type { Clock } from '../clock.ts';
import { DeskFailure } from './failure.ts';

/** Who is calling, as the session registry knows it. */
export interface CallerSession {
  operatorId: number;
  username: string;
  role: Role;
  /** An idle-locked session may only use public channels (resume, sign out, app info). */
  state: 'active' | 'idle-locked';
}

export interface SessionLookup {
  forCaller(callerId: string, now: Date): CallerSession | null;
}

export interface CallContext {
  callerId: string;
  session: CallerSession | null;
  now: Date;
  /** Push a contract event to this caller's window. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

type ChannelInputParsed<K extends ChannelName> = z.output<Contract['channels'][K]['input']>;

export type Handlers = {
  [K in ChannelName]: (input: ChannelInputParsed<K>, ctx: CallContext) => Promise<ChannelOutput<K>>;
};

export interface RouterOptions {
  contract: Contract;
  handlers: Handlers;
  sessions: SessionLookup;
  clock: Clock;
  /** Sends an event to one caller; the shell and the test bridge supply it. */
  emit: (callerId: string, event: EventName, payload: unknown) => void;
  /** Where internal errors are reported: the channel and the error's class, never its data. */
  logInternal: (line: string) => void;
}

export interface Router {
  call(callerId: string, channel: string, payload: unknown): Promise<Result<unknown>>;
}

/** No channel name is longer: anything longer is refused before any look-up. */
export const MAX_CHANNEL_NAME = 64;

const INTERNAL_MESSAGE = 'Something went wrong inside Verify Desk. The action was not completed.';

/** The router's own refusals, before any handler runs: tests tell them from a handler's. */
export const ROUTER_REFUSALS = {
  signedOut: 'Sign in first.',
  locked: 'The console is locked. Enter your password to resume.',
  role: 'Your role does not allow this action.',
} as const;

export function createRouter(options: RouterOptions): Router {
  const { contract, handlers, sessions, clock } = options;

  /** The caller's session, or null when the policy its idle lock reads is refused. */
  const sessionOf = (callerId: string) => {
    try {
      return sessions.forCaller(callerId, clock.now());
    } catch (error) {
      if (error instanceof DeskFailure) return null;
      throw error;
    }
  };

  const emitTo = (callerId: string) => (event: EventName, payload: unknown) => {
    // Events reach only an active, unlocked session (a long audit check may outlast the idle
    // lock); session.changed is the exception, as it tells the window of the lock itself.
    if (event !== 'session.changed' && sessionOf(callerId)?.state !== 'active') return;
    const parsed = contract.events[event].payload.safeParse(payload);
    if (!parsed.success) {
      options.logInternal(`event ${event}: payload refused by its schema`);
      return;
    }
    options.emit(callerId, event, parsed.data);
  };

  async function call(
    callerId: string,
    channel: string,
    payload: unknown,
  ): Promise<Result<unknown>> {
    // An unknown name is neither echoed back nor looked at further, however long it is.
    if (
      typeof channel !== 'string' ||
      channel.length > MAX_CHANNEL_NAME ||
      !Object.hasOwn(contract.channels, channel)
    ) {
      return fail('invalid_input', 'input.unknown-channel', 'Unknown channel.');
    }
    const name = channel as ChannelName;
    const spec = contract.channels[name];

    const input = spec.input.safeParse(payload);
    if (!input.success) return fail('invalid_input', 'input.invalid', describeIssues(input.error));

    const now = clock.now();
    let session: ReturnType<typeof sessions.forCaller>;
    try {
      session = sessions.forCaller(callerId, now);
    } catch (error) {
      // The session's idle lock reads the policy, which may refuse (policy.altered): said as
      // the typed refusal it is.
      if (error instanceof DeskFailure) return fail(error.code, error.reason, error.message);
      throw error;
    }
    if (spec.access !== 'public') {
      if (!session) return fail('unauthenticated', 'session.signed-out', ROUTER_REFUSALS.signedOut);
      if (session.state !== 'active')
        return fail('unauthenticated', 'session.locked', ROUTER_REFUSALS.locked);
      if (!spec.access.includes(session.role))
        return fail('forbidden', 'access.role', ROUTER_REFUSALS.role);
    }

    let value: unknown;
    try {
      const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      value = await handler(input.data, { callerId, session, now, emit: emitTo(callerId) });
    } catch (error) {
      if (error instanceof DeskFailure) return fail(error.code, error.reason, error.message);
      options.logInternal(`${name}: handler failed (${errorClass(error)})`);
      return fail('internal', 'internal', INTERNAL_MESSAGE);
    }

    const output = spec.output.safeParse(value);
    if (!output.success) {
      // Never return what the contract does not allow: a stray key could carry anything.
      options.logInternal(`${name}: reply refused by its output schema`);
      return fail('internal', 'internal', INTERNAL_MESSAGE);
    }
    return ok(output.data);
  }

  return { call };
}

/** Field paths and rule names only: the refused value itself is never echoed back. */
function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${path}: ${issue.code === 'unrecognized_keys' ? 'unexpected field' : issue.message}`;
  });
  return `Invalid input (${parts.join('; ')}).`;
}

function errorClass(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}
