/**
 * Which database the desktop app opens. Normally `desk.db` in the app's data folder, with
 * its keys in the OS keychain (made by `desk-admin init`; the app never creates one). With
 * `--demo` on an unpackaged run (`npm start`), a demo database and its key file in the data
 * folder's `demo/`, made on first run and labelled DEMO by the console.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DesktopDatabase {
  dbPath: string;
  /** Only for the demo: production keys come from the OS keychain, never a file. */
  keyFile?: string;
}

export async function desktopDatabase(userData: string, demo: boolean): Promise<DesktopDatabase> {
  if (!demo) return { dbPath: join(userData, 'desk.db') };
  const dir = join(userData, 'demo');
  const dbPath = join(dir, 'demo.db');
  const keyFile = join(dir, 'demo.key');
  if (!existsSync(dbPath)) {
    mkdirSync(dir, { recursive: true });
    // Loaded only here, so the demo generator stays out of a normal start.
    const { buildDemoDatabase } = await import('../core/demo/build-demo.ts');
    await buildDemoDatabase({ dbPath, keyFile, now: new Date() });
  }
  return { dbPath, keyFile };
}
