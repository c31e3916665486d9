/**
 * Binds the contract to Electron IPC: one `ipcMain.handle` per channel, each handing the raw
 * payload to the router (which parses it as unknown, authorises and audits), and events from
 * the router back to the window that caused them. The only file that touches `ipcMain`.
 *
 * Every call is checked for where it comes from before the router sees it: the top frame
 * of a page on `app://desk`. Anything else (a sub-frame, another origin, file://, a frame
 * already gone) gets a `forbidden` Result, never a thrown error, so nothing internal
 * crosses back.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { contract } from '../../shared/contract/index.ts';
import { fail, type Result } from '../../shared/contract/result.ts';
import { APP_ORIGIN, isAppUrl } from './app-origin.ts';
import { eventChannel, invokeChannel } from './ipc-channels.ts';

/** What the shell needs of the router in main/core. */
export interface DeskRouterPort {
  call(callerId: string, channel: string, payload: unknown): Promise<Result<unknown>>;
}

export interface DeskIpcOptions {
  /** A window's caller is gone (window closed or crashed): end its session. */
  onCallerGone?: (callerId: string) => void;
  /** The channel and the error's class only, never its data. */
  logInternal: (line: string) => void;
}

export interface DeskIpc {
  /** Binds every contract channel to the router. Once. */
  bind(router: DeskRouterPort): void;
  /** The router's event callback: pushes one event to the window behind `callerId`. */
  emit(callerId: string, event: string, payload: unknown): void;
}

const INTERNAL_MESSAGE = 'Something went wrong inside Verify Desk. The action was not completed.';

/** The trusted sender: the main frame of a page on the app's origin, checked two ways. */
export function isTrustedFrame(frame: WebFrameMain | null | undefined): frame is WebFrameMain {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return frame.origin === APP_ORIGIN && isAppUrl(frame.url);
}

/** One caller per window, derived from its webContents id (stable for the window's life). */
export const callerIdOf = (contents: WebContents): string => `window-${contents.id}`;

/** The webContents id behind a caller id made by callerIdOf; null for any other caller. */
export function windowIdOf(callerId: string): number | null {
  const match = /^window-(\d+)$/u.exec(callerId);
  return match ? Number(match[1]) : null;
}

export function createDeskIpc(options: DeskIpcOptions): DeskIpc {
  const callers = new Map<string, WebContents>();
  let bound = false;

  function remember(contents: WebContents): string {
    const callerId = callerIdOf(contents);
    if (!callers.has(callerId)) {
      callers.set(callerId, contents);
      contents.once('destroyed', () => {
        callers.delete(callerId);
        options.onCallerGone?.(callerId);
      });
    }
    return callerId;
  }

  function bind(router: DeskRouterPort): void {
    if (bound) throw new Error('The desk IPC is already bound.');
    bound = true;
    for (const channel of Object.keys(contract.channels)) {
      ipcMain.handle(
        invokeChannel(channel),
        async (event: IpcMainInvokeEvent, payload: unknown) => {
          if (!isTrustedFrame(event.senderFrame)) {
            return fail(
              'forbidden',
              'access.untrusted-frame',
              'This request did not come from the Verify Desk console.',
            );
          }
          const callerId = remember(event.sender);
          try {
            return await router.call(callerId, channel, payload);
          } catch (error) {
            // The router answers with Results; a throw here is a bug, and its text stays in main.
            options.logInternal(
              `${channel}: router threw (${error instanceof Error ? error.constructor.name : typeof error})`,
            );
            return fail('internal', 'internal', INTERNAL_MESSAGE);
          }
        },
      );
    }
  }

  function emit(callerId: string, event: string, payload: unknown): void {
    // Only the contract's events cross to a window: an unknown name is dropped, not sent.
    if (!Object.hasOwn(contract.events, event)) {
      options.logInternal('event refused: not in the contract');
      return;
    }
    const contents = callers.get(callerId);
    if (!contents || contents.isDestroyed()) return;
    // The window may only hear events while it still shows the console.
    if (!isTrustedFrame(contents.mainFrame)) return;
    contents.send(eventChannel(event), payload);
  }

  return { bind, emit };
}
