/**
 * Whether the Electron target can run: the Electron binary (which the electron package
 * downloads on first run, impossible offline) and the test build out-test/main/main.js
 * (made by `electron-vite build --mode test`; the global setup builds it when missing).
 * Checked once per process and cheaply, before any database is built.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../../scripts/lib/electron-binary.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEST_BUILD_MAIN = fileURLToPath(
  new URL('../../out-test/main/main.js', import.meta.url),
);

export type ElectronTarget =
  { ready: true; binary: string; main: string } | { ready: false; reason: string };

let known: ElectronTarget | undefined;

export function electronTarget(): ElectronTarget {
  if (known) return known;
  const binary = findElectronBinary();
  if (!binary.found) return (known = { ready: false, reason: binary.reason });
  if (!existsSync(TEST_BUILD_MAIN)) {
    return {
      ready: false,
      reason: `The Electron test build is missing (${TEST_BUILD_MAIN}): run \`npx electron-vite build --mode test\`, or \`npm test\` which builds it.`,
    };
  }
  return (known = { ready: true, binary: binary.path, main: TEST_BUILD_MAIN });
}
