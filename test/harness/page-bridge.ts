/**
 * Runs inside the page (bundled and added as an init script): the same createDeskClient the
 * preload uses, over a transport made of a Playwright binding to the real router. The page
 * sees only `window.desk`, exactly as in Electron.
 */
import { createDeskClient, type DeskTransport } from '../../shared/client.ts';
import { contract } from '../../shared/contract/index.ts';

interface BridgeWindow {
  __deskInvoke(channel: string, payload: unknown): Promise<unknown>;
  __deskEvent?: (event: string, payload: unknown) => void;
  desk?: unknown;
}

const page = globalThis as unknown as BridgeWindow;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

// main pushes events by calling this from the test process.
page.__deskEvent = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const transport: DeskTransport = {
  invoke: (channel, payload) => page.__deskInvoke(channel, payload),
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
};

Object.defineProperty(page, 'desk', {
  value: createDeskClient(contract, transport),
  writable: false,
  configurable: false,
});
