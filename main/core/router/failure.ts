/**
 * Services throw a DeskFailure for outcomes the operator should read ("already unlocked",
 * "too many searches"); the router turns it into { ok: false, error }. Its `reason` is the
 * stable code the screen translates; its message is English for logs and the CLI. Anything
 * else thrown is a bug: it becomes `internal` with a fixed message, and its text never
 * leaves main.
 */
import type { ErrorCode, Reason } from '../../../shared/contract/index.ts';

export class DeskFailure extends Error {
  override readonly name = 'DeskFailure';
  readonly code: Exclude<ErrorCode, 'internal'>;
  readonly reason: Reason;
  constructor(code: Exclude<ErrorCode, 'internal'>, reason: Reason, message: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}
