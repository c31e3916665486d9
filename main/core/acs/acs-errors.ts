/**
 * What can go wrong between the console and the ACS, as error classes the screen can explain.
 * Each has a `kind` (a closed list, shared with the screen's words) and says whether the same
 * request may be tried again: a network failure, a timeout or a 5xx may; a refusal, a 4xx, an
 * answer outside the contract or an open circuit may not (now).
 */
import type { AcsLockState } from './acs-gateway.ts';

export const ACS_FAILURE_KINDS = [
  'unreachable',
  'timeout',
  'unavailable',
  'circuit-open',
  'rejected',
  'unknown-card',
  'protocol',
  'not-configured',
  'altered',
] as const;
export type AcsFailureKind = (typeof ACS_FAILURE_KINDS)[number];

export class AcsError extends Error {
  override readonly name: string = 'AcsError';
  readonly kind: AcsFailureKind;
  /** True when the same request may be sent again (the failure says nothing was decided). */
  readonly retryable: boolean;
  constructor(
    kind: AcsFailureKind,
    message: string,
    retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = kind;
    this.retryable = retryable;
  }
}

/** No connection: refused, no route, name not found, TLS handshake refused, reset mid-way. */
export class AcsUnreachableError extends AcsError {
  override readonly name = 'AcsUnreachableError';
  /** The system's code when there is one (ECONNREFUSED, ERR_TLS_CERT_ALTNAME_INVALID, …). */
  readonly code: string | null;
  constructor(message: string, code: string | null, options?: { cause?: unknown }) {
    super('unreachable', message, true, options);
    this.code = code;
  }
}

export class AcsTimeoutError extends AcsError {
  override readonly name = 'AcsTimeoutError';
  readonly phase: 'connect' | 'answer';
  readonly afterMs: number;
  constructor(phase: 'connect' | 'answer', afterMs: number) {
    super(
      'timeout',
      phase === 'connect'
        ? `The ACS did not accept a connection within ${afterMs} ms.`
        : `The ACS did not answer within ${afterMs} ms.`,
      true,
    );
    this.phase = phase;
    this.afterMs = afterMs;
  }
}

/** A 5xx: the ACS is there but cannot answer now. */
export class AcsUnavailableError extends AcsError {
  override readonly name = 'AcsUnavailableError';
  readonly status: number;
  constructor(status: number) {
    super('unavailable', `The ACS answered ${status}: it cannot answer now.`, true);
    this.status = status;
  }
}

/** The console stopped calling after failures in a row; it tries again from `retryAt`. */
export class AcsCircuitOpenError extends AcsError {
  override readonly name = 'AcsCircuitOpenError';
  readonly retryAt: Date;
  constructor(retryAt: Date) {
    super(
      'circuit-open',
      'The ACS has not been answering; the console waits before asking it again.',
      false,
    );
    this.retryAt = retryAt;
  }
}

/** A 4xx: the request itself is wrong (or not allowed); sending it again will not help. */
export class AcsRejectedError extends AcsError {
  override readonly name = 'AcsRejectedError';
  readonly status: number;
  readonly problem: string;
  constructor(status: number, problem: string, message: string) {
    super('rejected', `The ACS rejected the request (${status} ${problem}): ${message}`, false);
    this.status = status;
    this.problem = problem;
  }
}

/** The card has no ACS card reference, or the ACS does not know it. */
export class AcsUnknownCardError extends AcsError {
  override readonly name = 'AcsUnknownCardError';
  constructor(message: string) {
    super('unknown-card', message, false);
  }
}

/**
 * The card's ACS card reference is not one the contract allows (docs/ACS-GATEWAY.md: letters,
 * digits and . _ : -, never 12 digits in a row): nothing is sent with it.
 */
export class AcsCardRefError extends AcsError {
  override readonly name = 'AcsCardRefError';
  constructor(message: string) {
    super('unknown-card', message, false);
  }
}

/** The ACS answered something outside the contract: nothing in it is believed. */
export class AcsProtocolError extends AcsError {
  override readonly name = 'AcsProtocolError';
  constructor(message: string) {
    super('protocol', message, false);
  }
}

export class AcsNotConfiguredError extends AcsError {
  override readonly name = 'AcsNotConfiguredError';
  constructor(message: string) {
    super('not-configured', message, false);
  }
}

/**
 * What the console would need to call the ACS fails its seal (the gateway's settings, or the
 * card's ACS reference, changed outside Verify Desk): nothing is sent. The ACS was not asked,
 * so for the screen it is not answering; the lead has been alerted.
 */
export class AcsAlteredError extends AcsError {
  override readonly name = 'AcsAlteredError';
  constructor(message: string) {
    super('altered', message, false);
  }
}

/**
 * The ACS decided not to clear the lock: it refused (a fraud hold it knows of, …) or another
 * lock than the one named is in force (`lock-changed`, with that lock). A final answer, not a
 * failure: the reset ends refused.
 */
export class AcsRefusedError extends Error {
  override readonly name = 'AcsRefusedError';
  readonly reason: string;
  readonly lock: AcsLockState | null;
  constructor(reason: string, message: string, lock: AcsLockState | null = null) {
    super(message);
    this.reason = reason;
    this.lock = lock;
  }
}
