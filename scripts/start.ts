/**
 * `npm start`: build, then open Verify Desk in Electron on a demo database that the app
 * creates on first run in its data folder. Where the Electron binary cannot be had, say so
 * and point to `npm run preview`.
 */
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './lib/electron-binary.ts';

const binary = findElectronBinary();
if (!binary.found) {
  console.error(
    [
      'Verify Desk cannot open as a desktop app here: the Electron binary is not installed.',
      'The electron package downloads it on first run, and this machine cannot reach the download server.',
      'Run `npm run preview` instead: it opens the same console, built from the same files, in a',
      'Chromium window labelled PREVIEW, on a demo database, served only on this machine.',
    ].join('\n'),
  );
  process.exit(2);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const app = spawnSync(binary.path, ['.', '--demo'], { stdio: 'inherit' });
process.exit(app.status ?? 0);
