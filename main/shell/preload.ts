/**
 * The preload: gives the page `window.desk` and nothing else (DESIGN.md, "One client
 * factory"). It is built by the same createDeskClient as the test bridge, over a transport
 * of ipcRenderer.invoke / ipcRenderer.on. The page never gets ipcRenderer, a generic invoke,
 * or an IpcRendererEvent (whose `sender` is ipcRenderer itself). The only file that touches
 * `ipcRenderer`. Runs sandboxed, so it is bundled into one CommonJS file.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createDeskClient, type DeskApi, type DeskTransport } from '../../shared/client.ts';
import { contract } from '../../shared/contract/index.ts';
import { eventChannel, invokeChannel } from './ipc-channels.ts';

const transport: DeskTransport = {
  invoke: (channel, payload) => ipcRenderer.invoke(invokeChannel(channel), payload),
  subscribe(event, listener) {
    const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), relay);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), relay);
    };
  },
};

const desk = createDeskClient(contract, transport) satisfies DeskApi;

contextBridge.exposeInMainWorld('desk', desk);
