/**
 * One console in the reset race (a separate OS process): signs in on the shared database,
 * and for each round opens the card it is given, verifies the caller, says it is ready, and
 * presses reset when told to go — at the same moment as the other console.
 */
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_EPOCH } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import type { Role } from '../../../shared/contract/index.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';
import { endOpenCall } from '../../helpers/end-open-call.ts';

export type RacerMessage =
  | { type: 'round'; cardId: string; customerRef: string; dob: string; postcode: string }
  | { type: 'go' }
  | { type: 'stop' };

export type RacerReply =
  | { type: 'signed-in' }
  | { type: 'ready' }
  | {
      type: 'result';
      ok: boolean;
      code: string | null;
      reason: string | null;
      message: string | null;
    };

const [dbPath, keyFile, anchorPath, role] = process.argv.slice(2) as [string, string, string, Role];
const send = (reply: RacerReply) => process.send!(reply);

const core = createDeskCore(
  deskCoreOptions({
    dbPath,
    keyFile,
    anchorPath,
    clock: manualClock(DEMO_EPOCH),
    origin: `console@racer-${process.pid}`,
    passwordCost: TEST_PASSWORD_COST,
  }),
);
const operator = demoOperator(role);
const signedIn = await core.router.call('w1', 'session.signIn', {
  username: operator.username,
  password: operator.password,
});
if (!signedIn.ok) throw new Error(signedIn.error.message);
send({ type: 'signed-in' });

let cardId = '';
process.on('message', (message: RacerMessage) => {
  void (async () => {
    if (message.type === 'round') {
      cardId = message.cardId;
      // A card opens only from a search of this session, as an agent finds it.
      await core.router.call('w1', 'cards.search', {
        key: 'customer-ref',
        customerRef: message.customerRef,
      });
      await endOpenCall((channel, input) => core.router.call('w1', channel, input));
      const opened = await core.router.call('w1', 'cards.open', { cardId });
      const verified = await core.router.call('w1', 'caller.verify', {
        cardId,
        dob: message.dob,
        postcode: message.postcode,
      });
      if (!opened.ok || !verified.ok) throw new Error('could not open and verify');
      send({ type: 'ready' });
    } else if (message.type === 'go') {
      const result = await core.router.call('w1', 'lockout.reset', {
        cardId,
        reason: 'cardholder-mistyped-code',
        note: 'Race test: both consoles press reset at once.',
      });
      send(
        result.ok
          ? { type: 'result', ok: true, code: null, reason: null, message: null }
          : {
              type: 'result',
              ok: false,
              code: result.error.code,
              reason: result.error.reason,
              message: result.error.message,
            },
      );
    } else {
      core.close();
      process.disconnect();
    }
  })();
});
