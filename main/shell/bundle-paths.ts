/**
 * Where the built pieces sit relative to the bundled main script (out/main/index.js, or
 * out-test/main/main.js for e2e): the renderer folder app:// serves, the preload, and the
 * audit verification worker (its own entry in electron.vite.config.ts, beside main).
 */
import { join } from 'node:path';

/** The worker's file name in the build: electron.vite.config.ts names its entry so. */
export const AUDIT_WORKER_FILE = 'verify-worker.js';

export interface BundlePaths {
  rendererDir: string;
  preload: string;
  auditWorker: string;
}

export function bundlePaths(mainDir: string): BundlePaths {
  return {
    rendererDir: join(mainDir, '..', 'renderer'),
    preload: join(mainDir, '..', 'preload', 'preload.cjs'),
    auditWorker: join(mainDir, AUDIT_WORKER_FILE),
  };
}
