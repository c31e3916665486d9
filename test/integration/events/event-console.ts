/**
 * One console of the events-across-processes test (a separate OS process): a core on the
 * shared database with its own manual clock, one window signed in as the given role. It calls
 * channels when told, advances its clock when told, and reports every event its window hears
 * with the wall-clock instant it heard it (both processes share the machine's clock).
 */
import { manualClock } from '../../../main/core/clock.ts';
import { DEMO_EPOCH } from '../../../main/core/demo/build-demo.ts';
import { demoOperator } from '../../../main/core/demo/demo-operators.ts';
import { createDeskCore } from '../../../main/core/desk-core.ts';
import { deskCoreOptions } from '../../../main/core/desk-core-options.ts';
import type { Role } from '../../../shared/contract/index.ts';
import { TEST_PASSWORD_COST } from '../../helpers/test-password-cost.ts';

export type ConsoleMessage =
  | { type: 'call'; id: number; channel: string; input: unknown }
  | { type: 'advance'; ms: number }
  | { type: 'stop' };

export type ConsoleReply =
  | { type: 'signed-in' }
  | { type: 'result'; id: number; result: unknown; at: number }
  | { type: 'event'; event: string; payload: unknown; at: number };

const [dbPath, keyFile, role, alertTimerMs] = process.argv.slice(2) as [
  string,
  string,
  Role,
  string,
];
const send = (reply: ConsoleReply) => process.send!(reply);
const clock = manualClock(DEMO_EPOCH);

const core = createDeskCore(
  deskCoreOptions({
    dbPath,
    keyFile,
    clock,
    origin: `console@events-${process.pid}`,
    passwordCost: TEST_PASSWORD_COST,
    alertTimerMs: Number(alertTimerMs),
    emit: (_callerId, event, payload) => send({ type: 'event', event, payload, at: Date.now() }),
  }),
);
const operator = demoOperator(role);
const signedIn = await core.router.call('w1', 'session.signIn', {
  username: operator.username,
  password: operator.password,
});
if (!signedIn.ok) throw new Error(signedIn.error.message);
send({ type: 'signed-in' });

process.on('message', (message: ConsoleMessage) => {
  void (async () => {
    if (message.type === 'call') {
      const result = await core.router.call('w1', message.channel, message.input);
      send({ type: 'result', id: message.id, result, at: Date.now() });
    } else if (message.type === 'advance') {
      clock.advance(message.ms);
    } else {
      core.close();
      process.disconnect();
    }
  })();
});
