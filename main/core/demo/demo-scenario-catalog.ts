/**
 * What each demo scenario is for a tester: the situation in a line, the cause the diagnosis
 * should name first, and the lock the card starts with. The test kit and docs/TESTING.md
 * read this (with demoScenarioPerson for the clear demo values), so the scenario table
 * cannot drift from the demo data; the e2e scenario spec checks it against the console.
 */
import type { CauseCode } from '../../../shared/diagnosis/causes.ts';
import type { DEMO_SCENARIOS } from './demo-people.ts';

/** The card's lock when the demo starts: none, a timed ACS lock, an open one, a fraud hold. */
export type ScenarioLock = 'none' | 'locked' | 'locked-until-reset' | 'fraud-hold';

export interface ScenarioFacts {
  situation: string;
  /** The cause the diagnosis ranks first. */
  diagnosis: CauseCode;
  lock: ScenarioLock;
}

export const DEMO_SCENARIO_CATALOG: Record<(typeof DEMO_SCENARIOS)[number], ScenarioFacts> = {
  'locked-wrong-codes': {
    situation: 'three wrong codes 12 minutes ago; the ACS lock has 18 minutes to run',
    diagnosis: 'locked-wrong-codes',
    lock: 'locked',
  },
  'code-expired': {
    situation: 'the code arrived but expired before it was typed',
    diagnosis: 'code-expired',
    lock: 'none',
  },
  'no-contact': {
    situation: 'no mobile and no email registered: no code can be sent',
    diagnosis: 'no-contact',
    lock: 'none',
  },
  'email-bouncing': {
    situation: 'codes by email bounce',
    diagnosis: 'delivery-failing',
    lock: 'none',
  },
  'mobile-change-pending': {
    situation: 'a new mobile is registered but not yet in effect',
    diagnosis: 'mobile-change-pending',
    lock: 'none',
  },
  'recent-mobile-change': {
    situation:
      'the mobile changed days ago, then codes failed until the ACS locked (takeover pattern)',
    diagnosis: 'locked-wrong-codes',
    lock: 'locked-until-reset',
  },
  'suspected-fraud': {
    situation: 'fraud hold: transfer to the fraud team, never reset',
    diagnosis: 'suspected-fraud',
    lock: 'fraud-hold',
  },
  'reset-yesterday': {
    situation: 'reset 23 hours ago, locked again 8 minutes ago: a second reset needs a team lead',
    diagnosis: 'locked-wrong-codes',
    lock: 'locked',
  },
  'frictionless-ok': {
    situation: 'checkouts pass without a challenge: no 3-D Secure problem',
    diagnosis: 'not-3ds',
    lock: 'none',
  },
  'long-history': {
    situation: 'a long 3-D Secure history (virtualised timeline), old locks long over',
    diagnosis: 'not-3ds',
    lock: 'none',
  },
  'english-locked': {
    situation: 'an English-speaking cardholder, locked 3 minutes ago after wrong codes',
    diagnosis: 'locked-wrong-codes',
    lock: 'locked',
  },
  'code-to-old-mobile': {
    situation: 'the code went to the mobile that was replaced',
    diagnosis: 'old-destination',
    lock: 'none',
  },
};
