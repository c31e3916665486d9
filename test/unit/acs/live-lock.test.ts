/**
 * The last known lock stands in only when the ACS gave no answer: unreachable, too slow, a
 * 5xx, or the breaker open. An answer refusing the request (401, an unknown card, a reply
 * outside the contract) is shown as the error it is, never judged on the console's record.
 */
import { describe, expect, it } from 'vitest';
import {
  AcsCircuitOpenError,
  AcsProtocolError,
  AcsRejectedError,
  AcsTimeoutError,
  AcsUnavailableError,
  AcsUnknownCardError,
  AcsUnreachableError,
} from '../../../main/core/acs/acs-errors.ts';
import type { AcsGateway } from '../../../main/core/acs/acs-gateway.ts';
import { freshLock } from '../../../main/core/acs/live-lock.ts';

const known = { state: 'locked', since: new Date('2026-11-20T00:40:00Z') } as const;

function failingWith(error: Error): AcsGateway {
  return {
    kind: 'network',
    readState: () => Promise.reject(error),
    lastKnown: async () => ({ lock: known, asOf: new Date('2026-11-20T00:58:00Z') }),
  } as unknown as AcsGateway;
}

describe('the live lock', () => {
  const now = new Date('2026-11-20T01:00:00Z');
  it.each([
    new AcsUnreachableError('refused', 'ECONNREFUSED'),
    new AcsTimeoutError('answer', 1500),
    new AcsUnavailableError(503),
    new AcsCircuitOpenError(new Date('2026-11-20T01:01:00Z')),
  ])('shows the last known state when the ACS gives no answer (%s)', async (error) => {
    expect(await freshLock(failingWith(error), 1, now)).toMatchObject({
      lock: known,
      source: 'last-known',
    });
  });

  it.each([
    new AcsRejectedError(401, 'unauthorized', 'The ACS refused the credentials.'),
    new AcsUnknownCardError('The ACS does not know this card.'),
    new AcsProtocolError('The answer is outside the contract.'),
  ])(
    'never judges on the last known state when the ACS refused the request (%s)',
    async (error) => {
      await expect(freshLock(failingWith(error), 1, now)).rejects.toBe(error);
    },
  );
});
