import { describe, expect, it } from 'vitest';
import { createDeskClient, type DeskTransport } from '../../../shared/client.ts';
import { contract } from '../../../shared/contract/index.ts';

function recordingTransport() {
  const calls: { channel: string; payload: unknown }[] = [];
  const subscriptions: string[] = [];
  const transport: DeskTransport = {
    invoke: async (channel, payload) => (
      calls.push({ channel, payload }),
      { ok: true, value: null }
    ),
    subscribe: (event) => (subscriptions.push(event), () => undefined),
  };
  return { transport, calls, subscriptions };
}

describe('createDeskClient', () => {
  it('exposes exactly the contract channels, grouped by domain, plus on()', () => {
    const desk = createDeskClient(contract, recordingTransport().transport) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const exposed = Object.entries(desk).flatMap(([group, value]) =>
      typeof value === 'function' ? [group] : Object.keys(value).map((m) => `${group}.${m}`),
    );
    expect(exposed.sort()).toEqual([...Object.keys(contract.channels), 'on'].sort());
    expect(desk).not.toHaveProperty('invoke');
    expect(Object.isFrozen(desk)).toBe(true);
  });

  it('sends plain JSON over the transport under the channel name', async () => {
    const { transport, calls } = recordingTransport();
    const desk = createDeskClient(contract, transport);
    await desk.app.info();
    await desk.session.current({});
    expect(calls).toEqual([
      { channel: 'app.info', payload: {} },
      { channel: 'session.current', payload: {} },
    ]);
  });

  it('strips what JSON cannot carry', async () => {
    const { transport, calls } = recordingTransport();
    const desk = createDeskClient(contract, transport);
    await (desk.app.info as (x: unknown) => Promise<unknown>)({ when: new Date(0), fn: () => 1 });
    expect(calls[0]?.payload).toEqual({ when: '1970-01-01T00:00:00.000Z' });
  });

  it('subscribes only to contract events', () => {
    const { transport, subscriptions } = recordingTransport();
    const desk = createDeskClient(contract, transport);
    desk.on('audit.verifyProgress', () => undefined);
    expect(subscriptions).toEqual(['audit.verifyProgress']);
    expect(() => desk.on('nope' as never, () => undefined)).toThrow(/Unknown event/);
  });
});
