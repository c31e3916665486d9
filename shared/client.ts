/**
 * One factory makes every window.desk: the preload's (over Electron IPC) and the test
 * bridge's (over a Playwright binding). It exposes exactly the contract's channels, grouped
 * by domain (`desk.session.current()`), and never a generic invoke.
 */
import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  Contract,
  EventName,
  EventPayload,
  Result,
} from './contract/index.ts';

/** Moves plain JSON between the renderer and main; knows nothing of channels. */
export interface DeskTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

type GroupOf<K> = K extends `${infer G}.${string}` ? G : never;
type MethodOf<K, G extends string> = K extends `${G}.${infer M}` ? M : never;

type Call<K extends ChannelName> =
  Record<string, never> extends ChannelInput<K>
    ? (input?: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>
    : (input: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>;

export type DeskChannels = {
  readonly [G in GroupOf<ChannelName>]: {
    readonly [M in MethodOf<ChannelName, G>]: Call<`${G}.${M}` & ChannelName>;
  };
};

export type DeskApi = DeskChannels & {
  /** Listen to an event main pushes; returns the function that stops listening. */
  readonly on: <E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
};

/** Only plain JSON crosses: no functions, prototypes or undefined smuggled through. */
const toPlainJson = (value: unknown): unknown =>
  value === undefined ? {} : JSON.parse(JSON.stringify(value));

export function createDeskClient(contract: Contract, transport: DeskTransport): DeskApi {
  const groups: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const channel of Object.keys(contract.channels)) {
    const [group, method] = channel.split('.') as [string, string];
    groups[group] ??= {};
    groups[group][method] = (input?: unknown) => transport.invoke(channel, toPlainJson(input));
  }
  const eventNames = new Set(Object.keys(contract.events));
  const on = (event: string, listener: (payload: never) => void) => {
    if (!eventNames.has(event)) throw new Error(`Unknown event: ${event}`);
    return transport.subscribe(event, listener as (payload: unknown) => void);
  };
  for (const group of Object.values(groups)) Object.freeze(group);
  return Object.freeze({ ...groups, on }) as unknown as DeskApi;
}
