import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFolder, useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir('verify-desk-cli-');
const script = join(import.meta.dirname, '../../../main/cli/desk-admin.ts');

function desk(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 15_000 });
}

describe('desk-admin as a real process', () => {
  it('runs --help, init, and refuses a second init with one line on stderr', () => {
    const help = desk('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: desk-admin');

    const dir = tempDir();
    const db = join(dir, 'desk.db');
    const keyFile = join(keyFolder(dir), 'desk.key');
    const init = desk('init', '--db', db, '--key-file', keyFile);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(existsSync(db) && existsSync(keyFile)).toBe(true);

    const again = desk('init', '--db', db, '--key-file', join(keyFolder(dir), 'again.key'));
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^desk-admin: "[^"]+" already exists\. [^\n]+\n$/u);
  });
});
