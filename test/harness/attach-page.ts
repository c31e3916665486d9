/**
 * Gives a page window.desk backed by the real router: the built renderer served under an
 * http origin, the page bridge as an init script, and a Playwright binding per page (its own
 * caller id, like one Electron window). Every invocation crosses the binding here, so the
 * test process counts the page's round trips where the page cannot tamper with the count.
 */
import type { Page } from '@playwright/test';
import { pageBridgeScript } from './bridge-bundle.ts';
import { DESK_ORIGIN, serveRenderer } from './static-renderer.ts';
import type { TestDesk } from './test-desk.ts';

let nextCaller = 1;

/** What a bridged page talks to: a router, and the events main pushes to its caller id. */
export interface BridgeTarget {
  call(callerId: string, channel: string, payload: unknown): Promise<unknown>;
  onEvent(listener: (callerId: string, event: string, payload: unknown) => void): void;
}

/** The channels a page invoked, oldest first (one entry per round trip to main). */
export interface IpcLog {
  readonly channels: readonly string[];
}

/** A page with window.desk: its caller id and the log of what it invoked. */
export interface AttachedPage {
  callerId: string;
  ipc: IpcLog;
}

/** Gives the page window.desk over a binding to the target, as this caller id. */
export async function bridgePage(
  page: Page,
  target: BridgeTarget,
  callerId: string,
): Promise<IpcLog> {
  const channels: string[] = [];
  await serveRenderer(page);
  await page.exposeBinding('__deskInvoke', (_source, channel: string, payload: unknown) => {
    channels.push(channel);
    return target.call(callerId, channel, payload);
  });
  target.onEvent((to, event, payload) => {
    if (to !== callerId || page.isClosed()) return;
    page
      .evaluate(
        ([e, p]) =>
          (window as unknown as { __deskEvent?: (e: string, p: unknown) => void }).__deskEvent?.(
            e,
            p,
          ),
        [event, payload] as const,
      )
      .catch(() => undefined);
  });
  await page.addInitScript({ content: await pageBridgeScript() });
  return { channels };
}

export async function attachDesk(page: Page, desk: TestDesk): Promise<AttachedPage> {
  const callerId = `page-${nextCaller++}`;
  const ipc = await bridgePage(
    page,
    {
      call: (caller, channel, payload) => desk.core.router.call(caller, channel, payload),
      onEvent: (listener) => desk.onEvent(listener),
    },
    callerId,
  );
  return { callerId, ipc };
}

export async function openConsole(page: Page): Promise<void> {
  await page.goto(`${DESK_ORIGIN}/index.html`);
  await page.locator('html[data-desk-ready="true"]').waitFor();
}
