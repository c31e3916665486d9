/** The preload and the binding agree on channel names: a call from window.desk reaches the router. */
import { expect, it, vi } from 'vitest';
import { contract } from '../../../shared/contract/index.ts';
import {
  contextBridge,
  FakeWebContents,
  ipcMain,
  ipcRenderer,
  resetElectronFake,
} from '../../fakes/electron.ts';
import { createDeskIpc } from '../../../main/shell/ipc-binding.ts';

vi.mock('electron', () => import('../../fakes/electron.ts'));

it('routes every window.desk method to the router through ipcMain', async () => {
  resetElectronFake();
  const seen: string[] = [];
  createDeskIpc({ logInternal: () => undefined }).bind({
    async call(_callerId, channel) {
      seen.push(channel);
      return { ok: true, value: null };
    },
  });
  const page = new FakeWebContents();
  ipcRenderer.backend = (channel, ...args) => {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender: page, senderFrame: page.mainFrame }, ...args);
  };
  await import('../../../main/shell/preload.ts');
  const desk = contextBridge.exposed.desk as Record<string, Record<string, () => Promise<unknown>>>;

  for (const channel of Object.keys(contract.channels)) {
    const [group, method] = channel.split('.') as [string, string];
    await expect(desk[group]?.[method]?.()).resolves.toEqual({ ok: true, value: null });
  }
  expect(seen).toEqual(Object.keys(contract.channels));
});
