/**
 * The import's progress bar on a terminal (cli-progress): how far through the file's passes
 * the run is, lines per second and the time left. Shown only when stderr is a terminal, so
 * scripts and logs get the summary alone.
 */
import { SingleBar } from 'cli-progress';
import type { ImportProgress } from '../core/import/importer.ts';
import { PASSES } from '../core/import/importer.ts';

export interface ProgressStream extends NodeJS.WritableStream {
  isTTY?: boolean;
}

export function createImportProgress(stream: ProgressStream, now: () => number = Date.now) {
  const bar = new SingleBar({
    stream,
    format:
      'import [{bar}] {percentage}% | pass {pass}/{passes} | {speed} lines/s | ETA {eta_formatted}',
    barsize: 30,
    hideCursor: false,
    etaBuffer: 20,
    fps: 5,
  });
  let started: number | null = null;
  return {
    update({ pass, line, totalLines }: ImportProgress) {
      const total = Math.max(1, totalLines) * PASSES.length;
      const done = Math.min(total, (pass - 1) * Math.max(1, totalLines) + line);
      const payload = {
        pass,
        passes: PASSES.length,
        speed: started === null ? 0 : Math.round(done / Math.max(0.001, (now() - started) / 1000)),
      };
      if (started === null) {
        started = now();
        bar.start(total, done, payload);
      } else bar.update(done, payload);
    },
    stop() {
      if (started !== null) bar.stop();
    },
  };
}
