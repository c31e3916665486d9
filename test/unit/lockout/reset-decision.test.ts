/** decideReset(): each refusal in its order of precedence, and each escalation. */
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../../main/core/policy/policy.ts';
import { decideReset, type ResetFacts } from '../../../main/core/lockout/reset-decision.ts';

const NOW = new Date('2026-11-25T10:00:00.000Z');
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE);

const ready = (overrides: Partial<ResetFacts> = {}): ResetFacts => ({
  now: NOW,
  lock: {
    state: 'locked',
    since: ago(10),
    until: new Date(NOW.getTime() + 20 * MINUTE),
    cause: 'wrong_codes',
  },
  verifiedAt: ago(5),
  fraudSeen: false,
  resetsAt: [],
  contactChangesAt: [],
  approvalPending: false,
  resetInProgress: false,
  trailBroken: false,
  ...overrides,
});

describe('decideReset', () => {
  it('allows a verified caller on a locked card, without escalation', () => {
    expect(decideReset(ready(), defaultPolicy)).toEqual({ allowed: true, escalation: [] });
  });

  it.each([
    ['fraud', { fraudSeen: true }],
    ['fraud', { lock: { state: 'locked', since: ago(10), until: null, cause: 'fraud_hold' } }],
    ['not-locked', { lock: { state: 'unlocked' } }],
    [
      'not-locked',
      { lock: { state: 'locked', since: ago(40), until: ago(1), cause: 'wrong_codes' } },
    ],
    [
      'not-locked',
      {
        lock: {
          state: 'locked',
          since: new Date(NOW.getTime() + MINUTE),
          until: null,
          cause: 'other',
        },
      },
    ],
    ['reset-in-progress', { resetInProgress: true }],
    ['not-verified', { verifiedAt: null }],
    ['verification-expired', { verifiedAt: ago(30) }],
    ['approval-pending', { approvalPending: true }],
  ] as [string, Partial<ResetFacts>][])('refuses with %s', (refusal, facts) => {
    expect(decideReset(ready(facts), defaultPolicy)).toEqual({ allowed: false, refusal });
  });

  it('a broken audit trail outranks every other refusal, fraud included', () => {
    expect(
      decideReset(ready({ trailBroken: true, fraudSeen: true, verifiedAt: null }), defaultPolicy),
    ).toEqual({ allowed: false, refusal: 'trail-broken' });
    expect(decideReset(ready({ trailBroken: true }), defaultPolicy)).toEqual({
      allowed: false,
      refusal: 'trail-broken',
    });
  });

  it('fraud outranks every other refusal; an unlocked card outranks the caller’s state', () => {
    expect(
      decideReset(
        ready({ fraudSeen: true, lock: { state: 'unlocked' }, verifiedAt: null }),
        defaultPolicy,
      ),
    ).toEqual({ allowed: false, refusal: 'fraud' });
    expect(
      decideReset(ready({ lock: { state: 'unlocked' }, verifiedAt: null }), defaultPolicy),
    ).toEqual({
      allowed: false,
      refusal: 'not-locked',
    });
  });

  it('escalates a second reset within the policy hours, and a recent contact change', () => {
    expect(decideReset(ready({ resetsAt: [ago(23 * 60)] }), defaultPolicy)).toEqual({
      allowed: true,
      escalation: ['second-reset'],
    });
    expect(decideReset(ready({ resetsAt: [ago(24 * 60)] }), defaultPolicy)).toEqual({
      allowed: true,
      escalation: [],
    });
    expect(
      decideReset(
        ready({ resetsAt: [ago(60)], contactChangesAt: [ago(6 * 24 * 60)] }),
        defaultPolicy,
      ),
    ).toEqual({ allowed: true, escalation: ['second-reset', 'recent-contact-change'] });
    expect(decideReset(ready({ contactChangesAt: [ago(7 * 24 * 60)] }), defaultPolicy)).toEqual({
      allowed: true,
      escalation: [],
    });
    // The ACS's clock ahead of ours: a clear it stamps minutes "from now" is the most recent.
    expect(
      decideReset(ready({ resetsAt: [new Date(NOW.getTime() + 5 * MINUTE)] }), defaultPolicy),
    ).toEqual({ allowed: true, escalation: ['second-reset'] });
    // A contact change the feed stamps ahead of our clock (a JST time written as UTC) is recent.
    expect(
      decideReset(
        ready({ contactChangesAt: [new Date(NOW.getTime() + 9 * 60 * MINUTE)] }),
        defaultPolicy,
      ),
    ).toEqual({ allowed: true, escalation: ['recent-contact-change'] });
    const strict = { ...defaultPolicy, recentContactChangeDays: 30, resetEscalationHours: 48 };
    expect(
      decideReset(
        ready({ resetsAt: [ago(30 * 60)], contactChangesAt: [ago(20 * 24 * 60)] }),
        strict,
      ),
    ).toEqual({ allowed: true, escalation: ['second-reset', 'recent-contact-change'] });
  });
});
