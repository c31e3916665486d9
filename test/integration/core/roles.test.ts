/**
 * Roles in the router: every channel called as every role and signed out, on a real core,
 * compared with the hand-written golden file. A channel added to the contract without a line
 * in the golden file fails here, and so does a role widened by mistake.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { ROUTER_REFUSALS } from '../../../main/core/router/router.ts';
import { contract, ROLES, type ChannelName } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { channelSamples } from '../../helpers/channel-samples.ts';

const golden = JSON.parse(
  readFileSync(new URL('./roles.golden.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;
delete golden['//'];

const SAMPLES = channelSamples('role check');

const demoCore = useDemoCore({ cardholders: 12 });

describe('roles', () => {
  it('the golden file names every channel, and nothing else', () => {
    expect(Object.keys(golden).sort()).toEqual(Object.keys(contract.channels).sort());
  });

  // Every channel as every role, each on a fresh session: slow on a busy
  // 2-core machine, so it gets more than the suite's default time.
  it('every channel, as every role and signed out, is allowed exactly as the golden file says', async () => {
    const { core } = await demoCore();
    const observed: Record<string, string[]> = {};
    let window = 0;
    for (const channel of Object.keys(contract.channels) as ChannelName[]) {
      observed[channel] = [];
      for (const who of ['signed-out', ...ROLES] as const) {
        const callerId = `w${window++}`;
        if (who !== 'signed-out') {
          const operator = demoOperator(who);
          await core.router.call(callerId, 'session.signIn', {
            username: operator.username,
            password: operator.password,
          });
        }
        const result = await core.router.call(callerId, channel, SAMPLES[channel]);
        const refusedByRouter =
          !result.ok &&
          ((result.error.code === 'unauthenticated' &&
            result.error.message === ROUTER_REFUSALS.signedOut) ||
            (result.error.code === 'forbidden' && result.error.message === ROUTER_REFUSALS.role));
        expect(result.ok || result.error.code !== 'invalid_input', `${channel} sample`).toBe(true);
        if (!refusedByRouter) observed[channel].push(who);
        await core.endCaller(callerId);
      }
    }
    expect(observed).toEqual(golden);
  }, 90_000);

  // Least privilege (PCI DSS 7.2): people who read the trail or run the system never reach a
  // cardholder. Every channel but the console's own, the session's, the trail's and the
  // import feed's freshness (two times, no record) is one.
  it('an auditor and an admin calling any cardholder channel are refused as forbidden', async () => {
    const { core } = await demoCore();
    const cardholderChannels = (Object.keys(contract.channels) as ChannelName[]).filter(
      (name) => !/^(app|session|audit|imports)\./u.test(name),
    );
    expect(cardholderChannels).toEqual(
      expect.arrayContaining(['cards.search', 'cards.open', 'cards.history', 'approvals.list']),
    );
    for (const role of ['auditor', 'admin'] as const) {
      const callerId = `cardholder-${role}`;
      const operator = demoOperator(role);
      await core.router.call(callerId, 'session.signIn', {
        username: operator.username,
        password: operator.password,
      });
      for (const channel of cardholderChannels) {
        const result = await core.router.call(callerId, channel, SAMPLES[channel]);
        expect(result, `${role} on ${channel}`).toMatchObject({
          ok: false,
          error: { code: 'forbidden', reason: 'access.role' },
        });
      }
    }
  }, 60_000);
});
