import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder per test, removed afterwards. */
export function useTempDir(prefix = 'verify-desk-'): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/**
 * A folder for production key files inside a test's folder: never the database's own folder,
 * which the console and desk-admin refuse (whoever copies that folder would have both).
 */
export function keyFolder(dir: string): string {
  const keys = join(dir, 'keys');
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  return keys;
}
