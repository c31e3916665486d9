/**
 * The network gateway against the fake ACS over real loopback TLS (mutual TLS): each answer
 * of the contract, each failure the adapter must survive or explain, and "exactly once".
 */
import { describe, expect, it } from 'vitest';
import { AcsCardRef } from '../../../main/core/acs/acs-contract.ts';
import {
  AcsCardRefError,
  AcsCircuitOpenError,
  AcsRefusedError,
  AcsRejectedError,
  AcsTimeoutError,
  AcsUnavailableError,
  AcsUnknownCardError,
  AcsUnreachableError,
} from '../../../main/core/acs/acs-errors.ts';
import { FAST, useFakeAcs } from './acs-fixture.ts';

const T = new Date('2026-11-27T09:58:00.000Z');
const LOCK = { since: T, until: null, cause: 'wrong_codes' } as const;
const reset = (
  key: string,
  cardId = 1,
  lockCause: 'wrong_codes' | 'fraud_hold' = 'wrong_codes',
) => ({
  idempotencyKey: key,
  cardId,
  lockSince: T,
  lockCause,
  at: new Date(),
});

describe('network ACS gateway against the fake ACS (loopback TLS)', () => {
  const { fake, gateway } = useFakeAcs();

  it('reads the lock and applies a reset once: the lock is cleared and the reset listed', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    const before = await gw.readState(1, new Date());
    expect(before.lock).toEqual({ state: 'locked', ...LOCK });
    expect(Math.abs(before.asOf.getTime() - Date.now())).toBeLessThan(5_000);
    await expect(gw.applyReset(reset('reset:c1:a'))).resolves.toBe('applied');
    expect((await gw.readState(1, new Date())).lock).toEqual({ state: 'unlocked' });
    expect(await gw.readResets(1)).toEqual([
      {
        clearedAt: expect.any(Date),
        lockedSince: T,
        cause: 'wrong_codes',
        idempotencyKey: 'reset:c1:a',
      },
    ]);
    // The same key again: the same answer, no second clear.
    await expect(gw.applyReset(reset('reset:c1:a'))).resolves.toBe('applied');
    expect(acs.clears()).toEqual({ 'reset:c1:a': 1 });
  });

  it('a timeout, then success: the read and the reset are retried and the reset clears once', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    acs.fault({ kind: 'timeout' }, 'read', 1);
    expect((await gw.readState(1, new Date())).lock.state).toBe('locked');
    acs.fault({ kind: 'timeout' }, 'apply', 1);
    await expect(gw.applyReset(reset('reset:c1:t'))).resolves.toBe('applied');
    expect(acs.requests()).toEqual({ read: 2, apply: 2 });
    expect(acs.clears()).toEqual({ 'reset:c1:t': 1 });
  });

  it('a timeout on every attempt ends in a typed timeout', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' }, { breakerThreshold: 10 });
    acs.fault({ kind: 'timeout' }, 'read');
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsTimeoutError);
    expect(acs.requests().read).toBe(FAST.attempts);
  });

  it('a 5xx streak opens the breaker (no more calls), and a success after the pause closes it', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    acs.fault({ kind: 'status', status: 503 }, 'any');
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsUnavailableError);
    expect(acs.requests().read).toBe(FAST.breakerThreshold);
    expect(gw.breaker()).toBe('open');
    // Open: the next panel fails at once, without a call.
    const started = Date.now();
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsCircuitOpenError);
    await expect(gw.applyReset(reset('reset:c1:b'))).rejects.toBeInstanceOf(AcsCircuitOpenError);
    expect(Date.now() - started).toBeLessThan(FAST.requestTimeoutMs);
    expect(acs.requests()).toEqual({ read: FAST.breakerThreshold, apply: 0 });
    // The ACS comes back; after the pause one trial call closes the breaker.
    acs.fault(null, 'any');
    await new Promise((resolve) => setTimeout(resolve, FAST.breakerOpenMs + 20));
    expect(gw.breaker()).toBe('half-open');
    expect((await gw.readState(1, new Date())).lock.state).toBe('locked');
    expect(gw.breaker()).toBe('closed');
  });

  it('a failed trial call opens the breaker again', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    acs.fault({ kind: 'status', status: 502 }, 'any');
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, FAST.breakerOpenMs + 20));
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsUnavailableError);
    expect(acs.requests().read).toBe(FAST.breakerThreshold + 1);
    expect(gw.breaker()).toBe('open');
  });

  it('the connection dropped after the reset committed: the retry gets the stored answer, one clear', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    acs.fault({ kind: 'drop-after-commit' }, 'apply', 1);
    await expect(gw.applyReset(reset('reset:c1:d'))).resolves.toBe('applied');
    expect(acs.requests().apply).toBe(2);
    expect(acs.clears()).toEqual({ 'reset:c1:d': 1 });
  });

  it('a reset delivered twice clears once', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    acs.fault({ kind: 'duplicate' }, 'apply', 1);
    await expect(gw.applyReset(reset('reset:c1:2x'))).resolves.toBe('applied');
    expect(acs.clears()).toEqual({ 'reset:c1:2x': 1 });
  });

  it('a refusal is a final answer with its reason, never retried, nothing cleared', async () => {
    const acs = await fake();
    acs.card('ACS-1', 'fraud-hold');
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    const error = await gw.applyReset(reset('reset:c1:r')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcsRefusedError);
    expect((error as AcsRefusedError).reason).toBe('fraud-hold');
    expect(acs.requests().apply).toBe(1);
    expect(acs.clears()).toEqual({});
    expect((await gw.readState(1, new Date())).lock.state).toBe('locked');
  });

  it('another lock in force at the ACS: lock-changed, with that lock, and nothing cleared', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    // A fraud hold arrived after the agent decided on the wrong-code lock.
    const hold = new Date(T.getTime() + 60_000);
    acs.lock('ACS-1', { since: hold, until: null, cause: 'fraud_hold' });
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    const error = await gw.applyReset(reset('reset:c1:x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcsRefusedError);
    expect((error as AcsRefusedError).reason).toBe('lock-changed');
    expect((error as AcsRefusedError).lock).toEqual({
      state: 'locked',
      since: hold,
      until: null,
      cause: 'fraud_hold',
    });
    expect(acs.clears()).toEqual({});
    expect(await gw.readResets(1)).toEqual([]);
  });

  it('a key sent again for another lock is rejected (422), not retried', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' });
    await gw.applyReset(reset('reset:c1:k'));
    const error = await gw
      .applyReset({ ...reset('reset:c1:k'), lockSince: new Date(T.getTime() + 1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcsRejectedError);
    expect((error as AcsRejectedError).problem).toBe('idempotency-key-reused');
    expect(acs.requests().apply).toBe(2);
  });

  it('a card without an ACS card reference is never sent; an unknown one is a typed 404', async () => {
    const acs = await fake();
    const gw = await gateway(acs.url, { 2: 'ACS-NOPE' });
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsUnknownCardError);
    expect(acs.requests().read).toBe(0);
    await expect(gw.readState(2, new Date())).rejects.toBeInstanceOf(AcsUnknownCardError);
    expect(acs.requests().read).toBe(1);
  });

  it('without a client certificate the handshake is refused: unreachable, named', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(
      acs.url,
      { 1: 'ACS-1' },
      { clientCert: undefined, clientKey: undefined, attempts: 1 },
    );
    await expect(gw.readState(1, new Date())).rejects.toBeInstanceOf(AcsUnreachableError);
    expect(acs.requests().read).toBe(0);
  });

  it('a closed port is unreachable (ECONNREFUSED), after the retries', async () => {
    const acs = await fake();
    const url = acs.url;
    await acs.close();
    const gw = await gateway(url, { 1: 'ACS-1' });
    const error = await gw.readState(1, new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcsUnreachableError);
    expect((error as AcsUnreachableError).code).toBe('ECONNREFUSED');
  });

  it('a short read (card open) waits only its own timeout and is not retried', async () => {
    const acs = await fake();
    acs.lock('ACS-1', LOCK);
    const gw = await gateway(acs.url, { 1: 'ACS-1' }, { requestTimeoutMs: 5_000 });
    acs.fault({ kind: 'timeout' }, 'read');
    const started = Date.now();
    await expect(gw.readState(1, new Date(), { timeoutMs: 150 })).rejects.toBeInstanceOf(
      AcsTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(acs.requests().read).toBe(1);
  });

  it('a card reference the contract does not allow is refused before any request', async () => {
    const acs = await fake();
    const refs = {
      1: '4111-1111-1111-1111'.replaceAll('-', ''),
      2: 'REF/../../admin',
      3: 'R'.repeat(65),
      4: 'ACS 1',
      // Dot segments: {base}/cards/../lock would be {base}/lock, with the bearer token.
      5: '..',
      6: '.',
    };
    const gw = await gateway(acs.url, refs);
    for (const cardId of [1, 2, 3, 4, 5, 6]) {
      expect(AcsCardRef.safeParse(refs[cardId as 1]).success).toBe(false);
      await expect(gw.readState(cardId, new Date())).rejects.toBeInstanceOf(AcsCardRefError);
      await expect(gw.readResets(cardId)).rejects.toBeInstanceOf(AcsCardRefError);
      await expect(gw.applyReset(reset(`reset:bad:${cardId}`, cardId))).rejects.toMatchObject({
        name: 'AcsCardRefError',
        kind: 'unknown-card',
        retryable: false,
      });
    }
    expect(acs.requests()).toEqual({ read: 0, apply: 0 });
    expect(gw.breaker()).toBe('closed');
  });
});
