/**
 * Services throw a DeskFailure for outcomes the operator should read ("already unlocked",
 * "too many searches"); the router turns it into { ok: false, error }. Anything else thrown
 * is a bug: it becomes `internal` with a fixed message, and its text never leaves main.
 */
import type { ErrorCode } from '../../../shared/contract/index.ts';

export class DeskFailure extends Error {
  override readonly name = 'DeskFailure';
  readonly code: Exclude<ErrorCode, 'internal'>;
  constructor(code: Exclude<ErrorCode, 'internal'>, message: string) {
    super(message);
    this.code = code;
  }
}
