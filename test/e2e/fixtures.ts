/**
 * Playwright fixtures for Verify Desk. `desk` is a real core on a seeded demo database with
 * a fixed clock; on the `browser` target the page is the built renderer in Chromium with a
 * bridge to that core, on the `electron` target it is the app's window. Specs are the same.
 */
import {
  _electron,
  test as base,
  expect,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/contract/index.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { attachDesk, openConsole } from '../harness/attach-page.ts';
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
  /** Moves the router's clock and the page's clock together. */
  advance(ms: number): Promise<void>;
  /** Audit entries written so far, oldest first. */
  auditActions(): { action: string; result: string; username: string | null; details: string }[];
}

type Target = 'browser' | 'electron';

export const test = base.extend<{ desk: DeskFixture }>({
  desk: async ({ browser }, use, testInfo) => {
    const target: Target = (testInfo.project.metadata as { target?: Target }).target ?? 'browser';
    const testDesk = await createTestDesk();
    let page: Page;
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
      // The call centre's zone, as the agents' machines have it, whatever zone CI runs in.
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        timezoneId: 'Asia/Tokyo',
      });
      page = await context.newPage();
      await page.clock.install({ time: testDesk.clock.now() });
      await attachDesk(page, testDesk);
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
      auditActions() {
        return testDesk
          .inspect()
          .prepare('SELECT action, result, username, details FROM audit_log ORDER BY seq')
          .all() as ReturnType<DeskFixture['auditActions']>;
      },
    };

    await use(fixture);

    expect(testDesk.internalErrors, 'the router reported internal errors').toEqual([]);
    if (electronApp) await electronApp.close();
    else await page.context().close();
    testDesk.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  },
});

export { expect };
