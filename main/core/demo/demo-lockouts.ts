/** The 3DS lockouts each demo scenario starts with, placed relative to the demo's "now". */
import type { LockCause } from '../../../shared/lockout/lockout-codes.ts';
import type { DemoScenario } from './demo-people.ts';

export interface DemoLockout {
  cause: LockCause;
  since: string;
  until: string | null;
  clearedAt: string | null;
}

const MINUTE = 60_000;

export function demoLockouts(scenario: DemoScenario, now: Date): DemoLockout[] {
  const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE).toISOString();
  switch (scenario) {
    case 'locked-wrong-codes':
      // Three wrong codes twelve minutes ago: a 30-minute ACS lock with 18 minutes to run.
      return [{ cause: 'wrong_codes', since: at(-12), until: at(18), clearedAt: null }];
    case 'english-locked':
      return [{ cause: 'wrong_codes', since: at(-3), until: at(27), clearedAt: null }];
    case 'recent-mobile-change':
      // The takeover pattern: the mobile changed, then codes failed until the ACS locked.
      return [{ cause: 'wrong_codes', since: at(-25), until: null, clearedAt: null }];
    case 'suspected-fraud':
      return [{ cause: 'fraud_hold', since: at(-120), until: null, clearedAt: null }];
    case 'reset-yesterday':
      return [
        { cause: 'wrong_codes', since: at(-26 * 60), until: null, clearedAt: at(-23 * 60) },
        { cause: 'wrong_codes', since: at(-8), until: at(52), clearedAt: null },
      ];
    case 'long-history':
      return [
        {
          cause: 'wrong_codes',
          since: at(-30 * 24 * 60),
          until: at(-30 * 24 * 60 + 30),
          clearedAt: null,
        },
        {
          cause: 'resend_limit',
          since: at(-9 * 24 * 60),
          until: at(-9 * 24 * 60 + 60),
          clearedAt: null,
        },
      ];
    default:
      return [];
  }
}
