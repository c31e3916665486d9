/**
 * The Electron test build's internal errors reach the Playwright fixture: test-main.ts writes
 * `DESK-INTERNAL {json}` lines on stderr for the router's logInternal, a failed start,
 * uncaught exceptions and unhandled rejections, and the kit's collector (what the fixture
 * reads from electronApp.process().stderr) turns them into a failing check. Electron cannot
 * start here, so test-main.ts runs with 'electron' and the shell's startDesk stubbed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InternalErrorCollector, parseInternalErrorLine } from '../../kit/internal-errors.ts';
import type { DeskShellOptions } from '../../../main/shell/start-desk.ts';

const started: DeskShellOptions[] = [];
vi.mock('electron', () => ({ app: { getVersion: () => '0.0.0-test' } }));
vi.mock('../../../main/shell/start-desk.ts', () => ({
  startDesk: (options: DeskShellOptions) => started.push(options),
}));

/** Loads test-main.ts as the test build would run it, capturing stderr and process hooks. */
async function loadTestMain() {
  const written: string[] = [];
  const hooks = new Map<string, (value: unknown) => void>();
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  vi.spyOn(process, 'on').mockImplementation(((event: string, listener: (v: unknown) => void) => {
    hooks.set(event, listener);
    return process;
  }) as typeof process.on);
  vi.resetModules();
  const module = await import('../../../main/shell/test-main.ts');
  vi.mocked(process.on).mockRestore();
  return { module, written, hooks, shell: started.at(-1)! };
}

/** What the fixture would conclude from these stderr chunks. */
function fixtureSees(chunks: string[]): string[] {
  const collector = new InternalErrorCollector();
  for (const chunk of chunks) collector.push(Buffer.from(chunk));
  collector.end();
  return collector.lines();
}

afterEach(() => vi.restoreAllMocks());

describe('the Electron internal-errors protocol', () => {
  it('a deliberately thrown error in the main process fails the internal-errors check', async () => {
    const { written, hooks } = await loadTestMain();
    const boom = () => {
      throw new Error('deliberate failure in a main-process handler');
    };
    try {
      boom();
    } catch (error) {
      hooks.get('uncaughtException')!(error);
    }
    hooks.get('unhandledRejection')!(new Error('a promise nobody awaited'));

    const seen = fixtureSees(written);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^\[uncaught\] Error: deliberate failure in a main-process handler/u);
    expect(seen[1]).toMatch(/^\[unhandled\] Error: a promise nobody awaited/u);
    // The fixture's check is `expect(errors).toEqual([])`: with these lines it fails.
    expect(() => expect(seen, 'the router reported internal errors').toEqual([])).toThrow();
  });

  it('a start that throws (no test database named) is reported before the shell sees it', async () => {
    const { written, shell } = await loadTestMain();
    const saved = process.env.DESK_TEST_DB;
    delete process.env.DESK_TEST_DB;
    try {
      await expect(shell.openCore(() => undefined)).rejects.toThrow(/DESK_TEST_DB is not set/u);
    } finally {
      if (saved !== undefined) process.env.DESK_TEST_DB = saved;
    }
    expect(fixtureSees(written)).toEqual([
      expect.stringMatching(/^\[startup\] Error: DESK_TEST_DB is not set/u),
    ]);
  });

  it("the router's logInternal is the same protocol", async () => {
    const { written, shell } = await loadTestMain();
    shell.logInternal('cards.open: handler threw');
    expect(fixtureSees(written)).toEqual(['[router] cards.open: handler threw']);
  });

  it('lines split across chunks, joined with noise or ended without a newline still count', async () => {
    const { module } = await loadTestMain();
    const line = module.internalErrorLine('router', 'split "quoted" message\nwith a newline');
    const stream = `[1127/121500.000:ERROR:gpu] noise\n${line.slice(0, 17)}`;
    expect(fixtureSees([stream, line.slice(17, 40), line.slice(40).trimEnd()])).toEqual([
      '[router] split "quoted" message\nwith a newline',
    ]);
    expect(parseInternalErrorLine('Electron noise only')).toBeNull();
    expect(parseInternalErrorLine('DESK-INTERNAL {not json')).toEqual({
      source: 'unparsed',
      message: '{not json',
    });
  });
});
