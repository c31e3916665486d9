/**
 * Where the built pieces sit relative to the bundled main script (out/main/index.js, or
 * out-test/main/main.js for e2e): the renderer folder app:// serves, and the preload.
 */
import { join } from 'node:path';

export interface BundlePaths {
  rendererDir: string;
  preload: string;
}

export function bundlePaths(mainDir: string): BundlePaths {
  return {
    rendererDir: join(mainDir, '..', 'renderer'),
    preload: join(mainDir, '..', 'preload', 'preload.cjs'),
  };
}
