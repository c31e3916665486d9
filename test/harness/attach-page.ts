/**
 * Gives a page window.desk backed by the real router: the built renderer served under an
 * http origin, the page bridge as an init script, and a Playwright binding per page (its own
 * caller id, like one Electron window).
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

/** Gives the page window.desk over a binding to the target, as this caller id. */
export async function bridgePage(
  page: Page,
  target: BridgeTarget,
  callerId: string,
): Promise<void> {
  await serveRenderer(page);
  await page.exposeBinding('__deskInvoke', (_source, channel: string, payload: unknown) =>
    target.call(callerId, channel, payload),
  );
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
}

export async function attachDesk(page: Page, desk: TestDesk): Promise<string> {
  const callerId = `page-${nextCaller++}`;
  await bridgePage(
    page,
    {
      call: (caller, channel, payload) => desk.core.router.call(caller, channel, payload),
      onEvent: (listener) => desk.onEvent(listener),
    },
    callerId,
  );
  return callerId;
}

export async function openConsole(page: Page): Promise<void> {
  await page.goto(`${DESK_ORIGIN}/index.html`);
  await page.locator('html[data-desk-ready="true"]').waitFor();
}
