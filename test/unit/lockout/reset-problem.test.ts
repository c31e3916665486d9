/**
 * A reset that did not clear the lock says why in words, never as the code the router
 * recorded: each refusal reason of the ACS contract and each failure class has its words in
 * both catalogs, and a code nobody listed reads as "another reason", not as itself.
 */
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import ja from '../../../renderer/src/i18n/ja.json' with { type: 'json' };
import { ACS_REFUSAL_REASONS } from '../../../main/core/acs/acs-contract.ts';
import {
  RESET_PROBLEMS,
  resetProblem,
} from '../../../renderer/src/features/lockout/reset-problem.ts';

describe('why a reset did not clear the lock', () => {
  it('has words for every problem in English and Japanese', () => {
    for (const problem of RESET_PROBLEMS) {
      expect(en.reset.problem[problem], problem).toMatch(/\S/u);
      expect(ja.reset.problem[problem], problem).toMatch(/\S/u);
    }
  });

  it('reads every refusal of the ACS contract, and lock-changed, as its own words', () => {
    for (const reason of [...ACS_REFUSAL_REASONS, 'lock-changed']) {
      const problem = resetProblem(reason);
      expect(problem === reason || (reason === 'other' && problem === 'other'), reason).toBe(true);
    }
  });

  it('groups the failure classes into "did not answer" and "did not accept"', () => {
    for (const name of [
      'AcsUnreachableError',
      'AcsTimeoutError',
      'AcsUnavailableError',
      'AcsCircuitOpenError',
    ])
      expect(resetProblem(name), name).toBe('no-answer');
    for (const name of ['AcsRejectedError', 'AcsUnknownCardError', 'AcsProtocolError'])
      expect(resetProblem(name), name).toBe('not-accepted');
  });

  it('reads a reset the console withheld for fraud as its own words, not as the ACS refusing', () => {
    expect(resetProblem('fraud-suspected')).toBe('fraud-suspected');
    expect(en.reset.state['withheld-fraud']).toMatch(/Not sent to the ACS/u);
    expect(ja.reset.state['withheld-fraud']).toMatch(/送信していません/u);
  });

  it('never shows an unknown code or a missing one as itself', () => {
    expect(resetProblem('TypeError')).toBe('other');
    expect(resetProblem('constructor')).toBe('other');
    expect(resetProblem(null)).toBe('other');
  });
});
