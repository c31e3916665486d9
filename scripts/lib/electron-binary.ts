/**
 * Where the Electron binary is, without triggering its lazy download: requiring the
 * `electron` package fetches the binary on first use, which fails (slowly) offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const packageDir = resolve('node_modules/electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const candidate = override
    ? join(override, relative ?? 'electron')
    : relative
      ? join(packageDir, 'dist', relative)
      : null;
  if (candidate && existsSync(candidate)) return { found: true, path: candidate };
  return {
    found: false,
    reason:
      'The Electron binary is not installed: the electron package fetches it on first run, and this machine cannot reach its download server. The same tests ran against the browser target.',
  };
}
