/**
 * Builds the three pieces of the app into out/ (or out-test/ with `--mode test`):
 *   main      main/shell/main.ts → out/main/index.js (package.json "main"), ESM. Native
 *             modules stay external (loaded from node_modules, unpacked from the asar);
 *             everything else is bundled.
 *   preload   main/shell/preload.ts → out/preload/preload.cjs. A sandboxed preload cannot
 *             import or require anything but a few Electron modules, so it is one
 *             self-contained CommonJS file: its dependencies (the contract, zod) are bundled.
 *   renderer  renderer/index.html → out/renderer, served over app://desk by the shell and
 *             over http by the Chromium harness. Its CSP is the meta tag in index.html.
 * `--mode test` builds the e2e entry (main/shell/test-main.ts → out-test/main/main.js)
 * instead of the app's; out-test/ is never packaged.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const NATIVE_MODULES = ['better-sqlite3', '@napi-rs/keyring'];

export default defineConfig(({ mode }) => {
  const test = mode === 'test';
  const out = (part: string) => resolve(test ? 'out-test' : 'out', part);
  // Named so the app lands where package.json "main" says and e2e where its fixture looks.
  // The audit verification worker is an entry of its own: a worker thread loads it by file
  // (bundle-paths.ts), so it must be emitted beside main as out/main/verify-worker.js.
  const mainEntry: Record<string, string> = {
    ...(test
      ? { main: resolve('main/shell/test-main.ts') }
      : { index: resolve('main/shell/main.ts') }),
    'verify-worker': resolve('main/core/audit/verify-worker.ts'),
  };

  return {
    main: {
      build: {
        outDir: out('main'),
        externalizeDeps: false,
        rolldownOptions: {
          input: mainEntry,
          external: NATIVE_MODULES,
        },
      },
    },
    preload: {
      build: {
        outDir: out('preload'),
        externalizeDeps: false,
        rolldownOptions: {
          input: { preload: resolve('main/shell/preload.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: {
      root: resolve('renderer'),
      plugins: [react()],
      build: {
        outDir: out('renderer'),
        rolldownOptions: {
          input: resolve('renderer/index.html'),
        },
      },
    },
  };
});
