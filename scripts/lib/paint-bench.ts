/**
 * The renderer's paint timings at an issuer's size: the built renderer in Chromium, its
 * window.desk bridged to the bench's core (the real router on the benchmark database), as the
 * e2e harness does. Timed in the page with its performance APIs, from the click to the frame
 * after the answer is in the DOM (a requestAnimationFrame callback runs just before a frame is
 * painted; the task after it runs once that frame is done):
 * - search → results painted: the search button clicked until the card's result row is
 *   painted;
 * - card open → workspace painted: the result clicked until the card's workspace is painted;
 * - a 10,000-row history scrolled top to bottom, two screens a frame (a fling through it):
 *   every frame's duration
 *   (requestAnimationFrame deltas) and Chromium's long animation frames.
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bridgePage } from '../../test/harness/attach-page.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/harness/chromium.ts';
import { DESK_ORIGIN, RENDERER_DIR } from '../../test/harness/static-renderer.ts';
import { consolePages } from '../../test/kit/pages/console-pages.ts';

export interface PaintReport {
  searchToResults: { samples: number; p50Ms: number; p95Ms: number; maxMs: number };
  openToWorkspace: { samples: number; p50Ms: number; p95Ms: number; maxMs: number };
  historyScroll: {
    rows: number;
    frames: number;
    maxFrameMs: number;
    framesOver50Ms: number;
    longAnimationFrames: number;
    /** With `detail`: each frame over 50 ms — where in the scroll, and what Chromium saw in it. */
    longFrames?: LongFrame[];
  };
}

/** A frame over 50 ms: its index among the scroll's frames, and the long animation frame. */
export interface LongFrame {
  frame: number;
  ms: number;
  /** Chromium's long animation frame ending in it, if any: script, then style and layout. */
  loaf?: {
    durationMs: number;
    /** From the frame's start to its rendering (style, layout, paint) starting. */
    renderStartMs: number;
    styleAndLayoutMs: number;
    scripts: { invoker: string; ms: number; forcedLayoutMs: number }[];
  };
}

interface Target {
  call(callerId: string, channel: string, payload: unknown): Promise<unknown>;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (ms: number) => Math.round(ms * 100) / 100;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    maxMs: round(sorted.at(-1)!),
  };
};

/** Clicks `click` in the page and waits until `until` is in the DOM and painted; ms. */
function clickToPaint(page: Page, click: string, until: string): Promise<number> {
  return page.evaluate(
    ([clickSelector, untilSelector]) =>
      new Promise<number>((resolve, reject) => {
        const button = document.querySelector<HTMLElement>(clickSelector);
        if (!button) return reject(new Error(`nothing to click: ${clickSelector}`));
        const started = performance.now();
        const painted = () =>
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started)));
        const observer = new MutationObserver(() => {
          if (!document.querySelector(untilSelector)) return;
          observer.disconnect();
          painted();
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true });
        button.click();
        setTimeout(() => {
          observer.disconnect();
          reject(new Error(`never painted: ${untilSelector}`));
        }, 15_000);
      }),
    [click, until] as const,
  );
}

export async function benchPaint(options: {
  target: Target;
  agent: { username: string; password: string };
  /** A card found by customer reference, opened `samples` times. */
  card: { customerRef: string; cardId: string };
  /** The card with 10,000 attempts. */
  longCard: { customerRef: string; cardId: string };
  samples?: number;
  /** Write Chromium's trace of the history scroll to this file. */
  trace?: string;
  /** Report each frame over 50 ms with its long animation frame. */
  detail?: boolean;
}): Promise<PaintReport | null> {
  const executablePath = chromiumPath();
  if (!executablePath || !existsSync(join(RENDERER_DIR, 'index.html'))) {
    console.log(
      '  renderer paint timings skipped: no Chromium, or no built renderer (npm run build)',
    );
    return null;
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await bridgePage(page, { call: options.target.call, onEvent: () => undefined }, 'paint');
    await page.goto(`${DESK_ORIGIN}/index.html`);
    await page.locator('html[data-desk-ready="true"]').waitFor();
    const ui = consolePages(page);
    await ui.signIn.signIn(options.agent.username, options.agent.password);
    await ui.search.submit.waitFor();

    const searched: number[] = [];
    const opened: number[] = [];
    const result = (cardId: string) => `[data-testid="search-result-${cardId}"]`;
    const search = async (customerRef: string, cardId: string) => {
      await ui.search.choose('customer-ref');
      await page.getByTestId('search-customerRef').fill(customerRef);
      // No result of an earlier search is timed as this one's.
      await page.locator(result(cardId)).waitFor({ state: 'detached' });
      return clickToPaint(page, '[data-testid="search-submit"]', result(cardId));
    };
    for (let i = 0; i < (options.samples ?? 30); i++) {
      searched.push(await search(options.card.customerRef, options.card.cardId));
      opened.push(
        await clickToPaint(page, result(options.card.cardId), '[data-testid="card-header"]'),
      );
      await ui.workspace.back();
      await ui.search.submit.waitFor();
    }

    // The 10,000-attempt history, scrolled top to bottom a step each frame.
    await search(options.longCard.customerRef, options.longCard.cardId);
    await clickToPaint(page, result(options.longCard.cardId), '[data-testid="card-header"]');
    await ui.history.period.selectOption('all');
    await ui.history.count.filter({ hasText: '10,000' }).waitFor();
    if (options.trace)
      await browser.startTracing(page, {
        path: options.trace,
        categories: [
          'devtools.timeline',
          'v8.execute',
          'disabled-by-default-devtools.timeline',
          'blink.user_timing',
          'v8',
          'disabled-by-default-v8.cpu_profiler',
        ],
      });
    const scroll = await page.evaluate(
      () =>
        new Promise<{
          frames: number;
          deltas: number[];
          frameEnds: number[];
          long: number;
          loafs: {
            end: number;
            durationMs: number;
            renderStartMs: number;
            styleAndLayoutMs: number;
            scripts: { invoker: string; ms: number; forcedLayoutMs: number }[];
          }[];
          end: number;
          height: number;
        }>((resolve) => {
          const deltas: number[] = [];
          const frameEnds: number[] = [];
          let long = 0;
          type Loaf = PerformanceEntry & {
            renderStart: number;
            styleAndLayoutStart: number;
            scripts: (PerformanceEntry & {
              invoker: string;
              forcedStyleAndLayoutDuration: number;
            })[];
          };
          const loafs: {
            end: number;
            durationMs: number;
            renderStartMs: number;
            styleAndLayoutMs: number;
            scripts: { invoker: string; ms: number; forcedLayoutMs: number }[];
          }[] = [];
          const observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as Loaf[]) {
              if (entry.duration <= 50) continue;
              long++;
              loafs.push({
                end: entry.startTime + entry.duration,
                durationMs: entry.duration,
                renderStartMs: entry.renderStart ? entry.renderStart - entry.startTime : 0,
                styleAndLayoutMs: entry.styleAndLayoutStart
                  ? entry.startTime + entry.duration - entry.styleAndLayoutStart
                  : 0,
                scripts: entry.scripts.map((script) => ({
                  invoker: script.invoker,
                  ms: script.duration,
                  forcedLayoutMs: script.forcedStyleAndLayoutDuration,
                })),
              });
            }
          });
          try {
            observer.observe({ type: 'long-animation-frame', buffered: false });
          } catch {
            // Not in this Chromium: the frame deltas still say it.
          }
          const el = document.querySelector<HTMLElement>('[data-testid="history-scroll"]')!;
          let last = performance.now();
          const step = () => {
            const now = performance.now();
            deltas.push(now - last);
            frameEnds.push(now);
            last = now;
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1 || deltas.length > 2_000) {
              observer.disconnect();
              resolve({
                frames: deltas.length,
                deltas,
                frameEnds,
                long,
                loafs,
                end: el.scrollTop + el.clientHeight,
                height: el.scrollHeight,
              });
              return;
            }
            el.scrollTop += Math.max(400, el.clientHeight * 2);
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    if (options.trace) await browser.stopTracing();
    if (scroll.end < scroll.height - 1) throw new Error('The history did not scroll to its end.');
    // The first delta is the wait for the first frame, not a frame.
    const frames = scroll.deltas.slice(1);
    const ends = scroll.frameEnds.slice(1);
    const longFrames: LongFrame[] = [];
    frames.forEach((ms, i) => {
      if (ms <= 50) return;
      // The long animation frame that ended within this frame's interval.
      const loaf = scroll.loafs.find((l) => l.end <= ends[i]! + 1 && l.end > ends[i]! - ms - 1);
      longFrames.push({
        frame: i,
        ms: round(ms),
        ...(loaf && {
          loaf: {
            durationMs: round(loaf.durationMs),
            renderStartMs: round(loaf.renderStartMs),
            styleAndLayoutMs: round(loaf.styleAndLayoutMs),
            scripts: loaf.scripts.map((x) => ({
              ...x,
              ms: round(x.ms),
              forcedLayoutMs: round(x.forcedLayoutMs),
            })),
          },
        }),
      });
    });
    return {
      searchToResults: summary(searched),
      openToWorkspace: summary(opened),
      historyScroll: {
        rows: 10_000,
        frames: frames.length,
        maxFrameMs: round(Math.max(...frames)),
        framesOver50Ms: frames.filter((ms) => ms > 50).length,
        longAnimationFrames: scroll.long,
        ...(options.detail && { longFrames }),
      },
    };
  } finally {
    await browser.close();
  }
}
