/**
 * Playwright fixtures for Verify Desk. `desk` is a real core on a seeded demo database with
 * a fixed clock; on the `browser` target the page is the built renderer in Chromium with a
 * bridge to that core, on the `electron` target it is the test build's window. Specs are the
 * same. Everything a spec asks of the database goes through the helpers here (desk.db,
 * desk.seed, desk.intruder, desk.expectAudit): no spec holds SQL.
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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../shared/contract/index.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { attachDesk, openConsole, type IpcLog } from '../harness/attach-page.ts';
import { serveTestDesk, type ServedDesk } from '../harness/attach-server.ts';
import { createTestDesk, type TestDesk, type TestDeskOptions } from '../harness/test-desk.ts';
import { deskIntruder, deskReads, deskSeeds, type AuditEntry } from './desk-db.ts';
import { electronTarget } from './electron-target.ts';
import { InternalErrorCollector } from './internal-errors.ts';
import { consolePages, type ConsolePages } from './pages/console-pages.ts';
import { scenario, type Scenario, type ScenarioName } from './scenarios.ts';

/**
 * `server`: the browser target with the core behind a real desk server on loopback TLS,
 * each page connected as a console in connected mode is (test/harness/attach-server.ts).
 */
export type Target = 'browser' | 'electron' | 'server';

/** What `desk.expectAudit` looks for: every given field must match one entry. */
export interface AuditExpectation {
  action: string;
  result?: string;
  username?: string | null;
  /** Fields the entry's JSON details must hold (a subset). */
  details?: Record<string, unknown>;
  /** How many entries must match (default: at least one). */
  count?: number;
}

export interface DeskFixture {
  target: Target;
  page: Page;
  testDesk: TestDesk;
  /** Every screen's page object on `page`. */
  ui: ConsolePages;
  /** Opens the console at the sign-in screen. */
  open(): Promise<void>;
  /** Opens the console and signs in as the demo operator of this role. */
  signIn(role: Role): Promise<void>;
  /**
   * A second console on the same core and database (browser target), with its own page and
   * session, signed in as the demo operator of this role: another agent or a team lead.
   */
  secondConsole(role: Role): Promise<Page>;
  /** A demo scenario's card and caller on this test's database (see docs/TESTING.md). */
  scenario(name: ScenarioName): Scenario;
  /**
   * Searches the scenario's card by customer reference and opens it (signed in first). With
   * another card open, leaves it first: its call ends without an outcome (the call was cut off).
   */
  openScenario(name: ScenarioName, page?: Page): Promise<Scenario>;
  /** The desk server (server target only): `outage(during)` stops it, runs `during`, serves again. */
  server: Pick<ServedDesk, 'outage'> | null;
  /** Every channel the page invoked, oldest first; null on the Electron target. */
  ipc: IpcLog | null;
  /** Moves the router's clock and the page's clock together. */
  advance(ms: number): Promise<void>;
  /** Read-only questions on the test's database (lock cleared, outbox, calls, counts…). */
  db: ReturnType<typeof deskReads>;
  /** States the console cannot reach by itself, written as the issuer's ACS would. */
  seed: ReturnType<typeof deskSeeds>;
  /** Someone with file access to the database (security specs). */
  intruder: ReturnType<typeof deskIntruder>;
  /** Audit entries written so far, oldest first. */
  auditActions(): AuditEntry[];
  /** Asserts the audit trail holds an entry like this one (or exactly `count` of them). */
  expectAudit(expected: AuditExpectation): AuditEntry[];
}

function matches(entry: AuditEntry, expected: AuditExpectation): boolean {
  if (entry.action !== expected.action) return false;
  if (expected.result !== undefined && entry.result !== expected.result) return false;
  if (expected.username !== undefined && entry.username !== expected.username) return false;
  if (expected.details) {
    const details = JSON.parse(entry.details) as Record<string, unknown>;
    for (const [key, value] of Object.entries(expected.details)) {
      if (JSON.stringify(details[key]) !== JSON.stringify(value)) return false;
    }
  }
  return true;
}

export const test = base.extend<{ desk: DeskFixture; testDeskOptions: TestDeskOptions }>({
  /** What the spec's desk is built with (e.g. a network ACS gateway): test.use({ testDeskOptions }). */
  testDeskOptions: [{}, { option: true }],
  desk: async ({ browser, testDeskOptions }, use, testInfo) => {
    const target: Target = (testInfo.project.metadata as { target?: Target }).target ?? 'browser';
    // Skipped before anything is built: the reason was printed once by the global setup.
    const electron = target === 'electron' ? electronTarget() : null;
    if (electron && !electron.ready) {
      testInfo.skip(true, electron.reason);
      return;
    }

    const testDesk = await createTestDesk(testDeskOptions);
    const served: ServedDesk | null = target === 'server' ? await serveTestDesk(testDesk) : null;
    let page: Page;
    let ipc: IpcLog | null = null;
    const consoles: BrowserContext[] = [];
    let electronApp: ElectronApplication | undefined;
    let userData: string | undefined;
    const appErrors = new InternalErrorCollector();

    if (electron?.ready) {
      userData = mkdtempSync(join(tmpdir(), 'verify-desk-electron-'));
      electronApp = await _electron.launch({
        executablePath: electron.binary,
        args: [electron.main, `--user-data-dir=${userData}`],
        env: {
          ...process.env,
          DESK_TEST_DB: testDesk.dbPath,
          DESK_TEST_KEY_FILE: testDesk.keyFile,
          DESK_TEST_EXPORT_DIR: testDesk.exportDir,
          DESK_TEST_CLOCK: testDesk.clock.now().toISOString(),
        },
      });
      electronApp.process().stderr?.on('data', (chunk: Buffer) => appErrors.push(chunk));
      page = await electronApp.firstWindow();
    } else {
      ({ page, ipc } = await browserConsole(browser, testDesk, served));
    }

    const signInOn = async (on: Page, role: Role) => {
      const operator = demoOperator(role);
      await consolePages(on).signIn.signIn(operator.username, operator.password);
      await expect(consolePages(on).topBar.operator).toBeVisible();
    };

    const fixture: DeskFixture = {
      target,
      page,
      testDesk,
      ui: consolePages(page),
      async open() {
        if (target !== 'electron') await openConsole(page);
        else await page.locator('html[data-desk-ready="true"]').waitFor();
      },
      async signIn(role) {
        await fixture.open();
        await signInOn(page, role);
      },
      async secondConsole(role) {
        if (target === 'electron')
          throw new Error('A second console runs on the browser and server targets.');
        const second = await browserConsole(browser, testDesk, served);
        consoles.push(second.page.context());
        await openConsole(second.page);
        await signInOn(second.page, role);
        return second.page;
      },
      scenario: (name) => scenario(name, testDesk.seed),
      async openScenario(name, on = page) {
        const found = scenario(name, testDesk.seed);
        const ui = consolePages(on);
        // Another card is open: leave it as an agent must, ending its call (no outcome).
        if (await ui.card.root.isVisible()) await ui.workspace.back();
        await ui.search.byCustomerRef(found.search.customerRef);
        await ui.search.result(found.cardId).click();
        await expect(ui.card.root).toBeVisible();
        return found;
      },
      ipc,
      server: served,
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
      db: deskReads(testDesk),
      seed: deskSeeds(testDesk),
      intruder: deskIntruder(testDesk),
      auditActions: () => deskReads(testDesk).audit(),
      expectAudit(expected) {
        const entries = deskReads(testDesk).audit();
        const found = entries.filter((entry) => matches(entry, expected));
        const shown = entries.map((e) => `${e.action} ${e.result} ${e.username ?? '-'}`);
        if (expected.count === undefined) {
          expect(
            found.length,
            `an audit entry like ${JSON.stringify(expected)} in ${shown.join('; ')}`,
          ).toBeGreaterThan(0);
        } else {
          expect(found.length, `audit entries like ${JSON.stringify(expected)}`).toBe(
            expected.count,
          );
        }
        return found;
      },
    };

    try {
      await use(fixture);
    } finally {
      if (electronApp) await electronApp.close();
      else await page.context().close();
      appErrors.end();
      for (const context of consoles) await context.close();
      await served?.close();
    }
    try {
      expect(
        [...testDesk.internalErrors, ...appErrors.lines()],
        'the router reported internal errors',
      ).toEqual([]);
    } finally {
      testDesk.close();
      if (userData) rmSync(userData, { recursive: true, force: true });
    }
  },
});

/** A console page in Chromium on the test's core, at the core's time. */
async function browserConsole(browser: Browser, testDesk: TestDesk, served: ServedDesk | null) {
  // The call centre's zone, as the agents' machines have it, whatever zone CI runs in.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  await page.clock.install({ time: testDesk.clock.now() });
  const { ipc } = served ? await served.attach(page) : await attachDesk(page, testDesk);
  return { page, ipc };
}

export { expect };
