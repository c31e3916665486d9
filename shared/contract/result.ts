/**
 * Every channel answers with a Result, never a thrown error: the renderer can always show
 * a clear message, and nothing internal (a stack, an SQL message) crosses the boundary.
 * `code` says what kind of refusal it is (the renderer reacts to it: sign in again, read
 * again); `reason` says exactly why, and the screen translates it; `message` is English
 * for logs and the CLI, never shown to an agent.
 */
import type { Reason } from './reasons.ts';

export const ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface DeskError {
  code: ErrorCode;
  reason: Reason;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: DeskError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, reason: Reason, message: string): Result<never> => ({
  ok: false,
  error: { code, reason, message },
});
