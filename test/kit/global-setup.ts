/**
 * Playwright's global setup: builds what the targets run when it is missing — the release
 * build out/ (its renderer is what the browser target serves) and, where the Electron binary
 * exists, the test build out-test/ (main/shell/test-main.ts with its test hooks) — and says
 * once why the Electron target is skipped when it is. It also opens the run's folder of demo
 * templates (test/helpers/demo-template.ts), so every worker copies one demo build instead of
 * building its own, and removes it when the run ends.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from '../../scripts/lib/electron-binary.ts';
import { shareDemoTemplates } from '../helpers/demo-template.ts';
import { REPO_ROOT, TEST_BUILD_MAIN } from './electron-target.ts';

function build(args: string[]): void {
  console.log(`[verify-desk] building: npx electron-vite build ${args.join(' ')}`.trim());
  const result = spawnSync('npx', ['electron-vite', 'build', ...args], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`electron-vite build ${args.join(' ')} failed`);
}

export default function globalSetup(): () => void {
  if (!existsSync(join(REPO_ROOT, 'out/renderer/index.html'))) build([]);
  const binary = findElectronBinary();
  if (!binary.found) {
    console.log(`[verify-desk] The electron target is skipped: ${binary.reason}`);
  } else if (!existsSync(TEST_BUILD_MAIN)) {
    build(['--mode', 'test']);
  }
  return shareDemoTemplates();
}
