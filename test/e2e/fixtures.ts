/**
 * Playwright fixtures for Verify Desk. `desk` is a real core on a seeded demo database with
 * a fixed clock; on the `browser` target the page is the built renderer in Chromium with a
 * bridge to that core, on the `electron` target it is the app's window. Specs are the same.
 */
import {
  _electron,
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/contract/index.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { attachDesk, openConsole, type IpcLog } from '../harness/attach-page.ts';
import { findElectronBinary } from '../../scripts/lib/electron-binary.ts';
import { createTestDesk, type TestDesk } from '../harness/test-desk.ts';
import { SignInPage } from './pages/sign-in-page.ts';

export interface DeskFixture {
  target: Target;
  page: Page;
  testDesk: TestDesk;
  /** Opens the console at the sign-in screen. */
  open(): Promise<void>;
  /** Opens the console and signs in as the demo operator of this role. */
  signIn(role: Role): Promise<void>;
  /**
   * A second console on the same core (browser target), signed in as the demo operator of
   * this role: another agent or a team lead working at the same time.
   */
  secondConsole(role: Role): Promise<Page>;
  /** Every channel the page invoked, oldest first; null on the Electron target. */
  ipc: IpcLog | null;
  /** Moves the router's clock and the page's clock together. */
  advance(ms: number): Promise<void>;
  /**
   * Writes to the database as the issuer's ACS would (the embedded adapter treats the local
   * database as the ACS): a state the console cannot reach by itself, such as a crash
   * between recording a reset and sending it.
   */
  asAcs(statements: readonly [sql: string, ...params: unknown[]][]): void;
  /** Audit entries written so far, oldest first. */
  auditActions(): { action: string; result: string; username: string | null; details: string }[];
}

type Target = 'browser' | 'electron';

export const test = base.extend<{ desk: DeskFixture }>({
  desk: async ({ browser }, use, testInfo) => {
    const target: Target = (testInfo.project.metadata as { target?: Target }).target ?? 'browser';
    const testDesk = await createTestDesk();
    let page: Page;
    let ipc: IpcLog | null = null;
    const consoles: BrowserContext[] = [];
    let electronApp: ElectronApplication | undefined;
    let userData: string | undefined;

    if (target === 'electron') {
      const binary = findElectronBinary();
      if (!binary.found) {
        testDesk.close();
        testInfo.skip(true, binary.reason);
        return;
      }
      userData = mkdtempSync(join(tmpdir(), 'verify-desk-electron-'));
      electronApp = await _electron.launch({
        executablePath: binary.path,
        args: ['out-test/main/main.js', `--user-data-dir=${userData}`],
        env: {
          ...process.env,
          DESK_TEST_DB: testDesk.dbPath,
          DESK_TEST_KEY_FILE: testDesk.keyFile,
          DESK_TEST_CLOCK: testDesk.clock.now().toISOString(),
        },
      });
      page = await electronApp.firstWindow();
    } else {
      ({ page, ipc } = await browserConsole(browser, testDesk));
    }

    const fixture: DeskFixture = {
      target,
      page,
      testDesk,
      async open() {
        if (target === 'browser') await openConsole(page);
        else await page.locator('html[data-desk-ready="true"]').waitFor();
      },
      async signIn(role) {
        const operator = demoOperator(role);
        await fixture.open();
        await new SignInPage(page).signIn(operator.username, operator.password);
        await expect(page.getByTestId('topbar-operator')).toBeVisible();
      },
      async secondConsole(role) {
        if (target !== 'browser') throw new Error('A second console runs on the browser target.');
        const second = await browserConsole(browser, testDesk);
        consoles.push(second.page.context());
        await openConsole(second.page);
        const operator = demoOperator(role);
        await new SignInPage(second.page).signIn(operator.username, operator.password);
        await expect(second.page.getByTestId('topbar-operator')).toBeVisible();
        return second.page;
      },
      ipc,
      async advance(ms) {
        testDesk.clock.advance(ms);
        if (electronApp) {
          await electronApp.evaluate((_electron, step) => {
            (
              globalThis as unknown as { __deskTestClock: { advance(ms: number): void } }
            ).__deskTestClock.advance(step);
          }, ms);
        }
        await page.clock.runFor(ms);
      },
      asAcs(statements) {
        const db = new Database(testDesk.dbPath);
        try {
          db.transaction(() => {
            for (const [sql, ...params] of statements) db.prepare(sql).run(...params);
          })();
        } finally {
          db.close();
        }
      },
      auditActions() {
        return testDesk
          .inspect()
          .prepare('SELECT action, result, username, details FROM audit_log ORDER BY seq')
          .all() as ReturnType<DeskFixture['auditActions']>;
      },
    };

    await use(fixture);

    expect(testDesk.internalErrors, 'the router reported internal errors').toEqual([]);
    for (const context of consoles) await context.close();
    if (electronApp) await electronApp.close();
    else await page.context().close();
    testDesk.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  },
});

/** A console page in Chromium on the test's core, at the core's time. */
async function browserConsole(browser: Browser, testDesk: TestDesk) {
  // The call centre's zone, as the agents' machines have it, whatever zone CI runs in.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  await page.clock.install({ time: testDesk.clock.now() });
  const { ipc } = await attachDesk(page, testDesk);
  return { page, ipc };
}

export { expect };
