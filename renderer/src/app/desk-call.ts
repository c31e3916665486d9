/**
 * Every store reaches main through here, so the rules of a reply live in one place: its `now`
 * keeps the router clock in step, and a refusal as unauthenticated means the session changed
 * under us (idle-locked, signed out elsewhere), so the session asks the router again.
 *
 * `callDesk` hands the Result back (a command whose refusal a form shows); `callInto` puts
 * the answer straight into a store: the value it picks, or the error, with `busy` around it.
 */
import type { DeskApi } from '../../../shared/client.ts';
import type { DeskError, Result } from '../../../shared/contract/index.ts';
import { desk } from './desk.ts';
import { useRouterClock } from './router-clock.ts';

const sessionListeners = new Set<() => void>();

/** The session store listens here (a feature store never imports the session store). */
export function onSessionLost(listener: () => void): void {
  sessionListeners.add(listener);
}

export async function callDesk<T>(call: (api: DeskApi) => Promise<Result<T>>): Promise<Result<T>> {
  const result = await call(desk());
  if (result.ok) syncRouterClock(result.value);
  else if (result.error.code === 'unauthenticated') {
    for (const listener of sessionListeners) listener();
  }
  return result;
}

/** A store whose state says what went wrong (and, when it has one, whether a call runs). */
interface CallingState {
  error: DeskError | null;
  busy?: boolean;
}

export async function callInto<S extends CallingState, T>(
  set: (partial: Partial<S>) => void,
  call: (api: DeskApi) => Promise<Result<T>>,
  pick: (value: T) => Partial<S>,
  options: { busy?: boolean } = {},
): Promise<Result<T>> {
  const busy = (on: boolean) => {
    if (options.busy) set({ busy: on } as Partial<S>);
  };
  busy(true);
  set({ error: null } as Partial<S>);
  try {
    const result = await callDesk(call);
    set(result.ok ? pick(result.value) : ({ error: result.error } as Partial<S>));
    return result;
  } finally {
    busy(false);
  }
}

function syncRouterClock(value: unknown): void {
  if (typeof value === 'object' && value !== null && 'now' in value) {
    if (typeof value.now === 'string') useRouterClock.getState().sync(value.now);
  }
}
