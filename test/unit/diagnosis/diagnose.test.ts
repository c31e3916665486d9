/**
 * The diagnosis table: each cause from the facts that make it, then the combinations an agent
 * meets, with their ranking and when a reset is advised.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnosisInput } from '../../../main/core/diagnosis/diagnose.ts';
import {
  attempt,
  card,
  contact,
  lockedFor,
  minutesAgo,
  NOW,
  wrongCodes,
} from './diagnosis-facts.ts';

const codes = (input: DiagnosisInput) => diagnose(input).map((cause) => cause.code);
const advised = (input: DiagnosisInput) =>
  diagnose(input)
    .filter((cause) => cause.resetAdvised)
    .map((cause) => cause.code);

const DAY_MINUTES = 24 * 60;

describe('diagnose: each cause', () => {
  it('a quiet card with a recent success is not a 3-D Secure problem', () => {
    expect(codes(card({ attempts: [attempt()] }))).toEqual(['not-3ds']);
    expect(codes(card())).toEqual(['not-3ds']);
    expect(advised(card())).toEqual([]);
  });

  it('a lock in force after wrong codes advises a reset', () => {
    const input = card({ lock: lockedFor('wrong_codes'), attempts: [wrongCodes()] });
    expect(diagnose(input)).toEqual([
      {
        code: 'locked-wrong-codes',
        resetAdvised: true,
        route: 'sms',
        evidence: ['locked now (wrong_codes)'],
      },
    ]);
  });

  it('a resend-limit lock and a lock until reset count as locked too', () => {
    expect(codes(card({ lock: lockedFor('resend_limit') }))).toEqual(['locked-wrong-codes']);
    expect(advised(card({ lock: lockedFor('wrong_codes', null) }))).toEqual(['locked-wrong-codes']);
  });

  it('a lock that has run out by the clock is no lock, whatever the flag says', () => {
    const input = card({ lock: lockedFor('wrong_codes', -1), attempts: [wrongCodes(30)] });
    expect(codes(input)).toEqual(['not-3ds']);
    expect(advised(input)).toEqual([]);
  });

  it('a code entered too late is "code expired"', () => {
    const expired = attempt({
      outcome: 'code-expired',
      transStatus: 'N',
      transStatusReason: '14',
      challengeCancel: '04',
    });
    expect(codes(card({ attempts: [expired] }))).toEqual(['code-expired']);
  });

  it('each cause names the route of the code it rests on, for the script', () => {
    const old = attempt({
      method: 'email',
      outcome: 'cancelled',
      transStatus: 'N',
      toCurrentDestination: false,
    });
    const later = attempt({ method: 'app', outcome: 'cancelled', transStatus: 'N' });
    const causes = diagnose(card({ attempts: [old, later] }));
    expect(causes.find((c) => c.code === 'old-destination')?.route).toBe('email');
    const bounced = diagnose(card({ email: contact({ status: 'bounced' }) }));
    expect(bounced.find((c) => c.code === 'delivery-failing')?.route).toBe('email');
  });

  it('a code sent to a destination that is not the current one is "old destination"', () => {
    const old = attempt({ outcome: 'cancelled', transStatus: 'N', toCurrentDestination: false });
    expect(codes(card({ attempts: [old] }))).toEqual(['old-destination']);
    // Not known (hashed with another key) is not evidence.
    const unknown = attempt({ outcome: 'cancelled', transStatus: 'N', toCurrentDestination: null });
    expect(codes(card({ attempts: [unknown] }))).toEqual(['not-3ds']);
    // A frictionless attempt has no destination to be old.
    const frictionless = attempt({
      method: 'frictionless',
      outcome: 'technical',
      transStatus: 'U',
      toCurrentDestination: false,
    });
    expect(codes(card({ attempts: [frictionless] }))).toEqual(['not-3ds']);
  });

  it('a bounce, a failed delivery, a challenge that never arrived or a bounced contact is "delivery failing"', () => {
    for (const failed of [
      attempt({ method: 'email', delivery: 'bounced', outcome: 'not-delivered', transStatus: 'N' }),
      attempt({ delivery: 'failed', outcome: 'not-delivered', transStatus: 'N' }),
      attempt({ outcome: 'cancelled', transStatus: 'N', challengeCancel: '05' }),
    ]) {
      expect(codes(card({ attempts: [failed] }))).toEqual(['delivery-failing']);
    }
    expect(codes(card({ email: contact({ status: 'bounced' }) }))).toEqual(['delivery-failing']);
    expect(codes(card({ mobile: contact({ status: 'undeliverable' }) }))).toEqual([
      'delivery-failing',
    ]);
  });

  it('no mobile and no email is "no contact"; either one alone is enough', () => {
    expect(codes(card({ mobile: null, email: null }))).toEqual(['no-contact']);
    expect(codes(card({ mobile: null }))).toEqual(['not-3ds']);
    expect(codes(card({ email: null }))).toEqual(['not-3ds']);
  });

  it('a mobile change that takes effect later is "mobile change pending"; one in the past is not', () => {
    const later = new Date(NOW.getTime() + 3 * 86_400_000);
    expect(codes(card({ mobile: contact({ pendingEffectiveAt: later }) }))).toEqual([
      'mobile-change-pending',
    ]);
    expect(codes(card({ mobile: contact({ pendingEffectiveAt: minutesAgo(1) }) }))).toEqual([
      'not-3ds',
    ]);
  });

  it('a fraud hold or transStatusReason 11 or 10 is "suspected fraud", never with a reset', () => {
    expect(diagnose(card({ lock: lockedFor('fraud_hold', null) }))).toEqual([
      {
        code: 'suspected-fraud',
        resetAdvised: false,
        route: null,
        evidence: ['the ACS holds the card for fraud'],
      },
    ]);
    for (const reason of ['11', '10']) {
      const rejected = attempt({
        outcome: 'rejected',
        transStatus: 'R',
        transStatusReason: reason,
      });
      expect(codes(card({ attempts: [rejected] }))).toEqual(['suspected-fraud']);
    }
  });
});

describe('diagnose: combinations and ranking', () => {
  it('fraud outranks a wrong-code lock and takes the reset away', () => {
    const input = card({
      lock: lockedFor('wrong_codes'),
      attempts: [
        wrongCodes(30),
        attempt({
          at: minutesAgo(5),
          outcome: 'rejected',
          transStatus: 'R',
          transStatusReason: '11',
        }),
      ],
    });
    expect(codes(input)).toEqual(['suspected-fraud', 'locked-wrong-codes']);
    expect(advised(input)).toEqual([]);
  });

  it('fraud seen before a later success still counts', () => {
    const input = card({
      attempts: [
        attempt({
          at: minutesAgo(60),
          outcome: 'rejected',
          transStatus: 'R',
          transStatusReason: '11',
        }),
        attempt({ at: minutesAgo(5) }),
      ],
    });
    expect(codes(input)).toEqual(['suspected-fraud']);
  });

  it('a lock in force ranks before what explains the latest attempt', () => {
    const input = card({
      lock: lockedFor('wrong_codes'),
      attempts: [attempt({ outcome: 'code-expired', transStatus: 'N', transStatusReason: '14' })],
    });
    expect(codes(input)).toEqual(['locked-wrong-codes', 'code-expired']);
  });

  it('what explains the latest failure comes before older findings', () => {
    const input = card({
      email: contact({ status: 'bounced' }),
      attempts: [
        attempt({ at: minutesAgo(40), outcome: 'code-expired', transStatus: 'N' }),
        attempt({
          at: minutesAgo(5),
          outcome: 'cancelled',
          transStatus: 'N',
          toCurrentDestination: false,
        }),
      ],
    });
    expect(codes(input)).toEqual(['old-destination', 'code-expired', 'delivery-failing']);
  });

  it('a pending mobile change explains an unused SMS code and ranks first', () => {
    const input = card({
      mobile: contact({ pendingEffectiveAt: new Date(NOW.getTime() + 86_400_000) }),
      email: contact({ status: 'bounced' }),
      attempts: [
        attempt({
          outcome: 'cancelled',
          transStatus: 'N',
          transStatusReason: '01',
          challengeCancel: '01',
        }),
      ],
    });
    expect(codes(input)).toEqual(['mobile-change-pending', 'delivery-failing']);
  });

  it('no contact and an attempt that had nowhere to go', () => {
    const input = card({
      mobile: null,
      email: null,
      attempts: [
        attempt({
          delivery: 'not-applicable',
          outcome: 'not-delivered',
          transStatus: 'N',
          transStatusReason: '13',
          toCurrentDestination: null,
        }),
      ],
    });
    expect(codes(input)).toEqual(['no-contact']);
  });

  it('a later success closes earlier failures; attempts older than a week say nothing', () => {
    const closed = card({
      attempts: [
        attempt({ at: minutesAgo(60), outcome: 'code-expired', transStatus: 'N' }),
        attempt({ at: minutesAgo(5) }),
      ],
    });
    expect(codes(closed)).toEqual(['not-3ds']);
    const old = card({
      attempts: [
        attempt({ at: minutesAgo(8 * DAY_MINUTES), outcome: 'code-expired', transStatus: 'N' }),
      ],
    });
    expect(codes(old)).toEqual(['not-3ds']);
    const future = card({
      attempts: [attempt({ at: new Date(NOW.getTime() + 60_000), outcome: 'code-expired' })],
    });
    expect(codes(future)).toEqual(['not-3ds']);
  });

  it('every finding is listed once, with its evidence', () => {
    const input = card({
      lock: lockedFor('wrong_codes'),
      email: contact({ status: 'bounced' }),
      attempts: [
        attempt({
          at: minutesAgo(30),
          method: 'email',
          delivery: 'bounced',
          outcome: 'not-delivered',
        }),
        attempt({
          at: minutesAgo(20),
          method: 'email',
          delivery: 'bounced',
          outcome: 'not-delivered',
        }),
        wrongCodes(10),
      ],
    });
    const causes = diagnose(input);
    expect(causes.map((c) => c.code)).toEqual(['locked-wrong-codes', 'delivery-failing']);
    expect(causes[1]!.evidence).toHaveLength(3);
    expect(causes[0]!.resetAdvised).toBe(true);
  });
});
