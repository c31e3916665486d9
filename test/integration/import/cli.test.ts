/** desk-admin import as an operator meets it: the summary, the report, exit codes, mistakes. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../main/cli/cli-error.ts';
import { runCli } from '../cli/cli-harness.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FIXTURES, newDatabase } from './import-harness.ts';

const tempDir = useTempDir('verify-desk-import-cli-');

describe('desk-admin import', () => {
  it('prints counts and quarantined lines, writes the report, exits 0', async () => {
    const dir = tempDir();
    const { dbPath, keyFile } = newDatabase(dir);
    const file = join(dir, 'feed.jsonl');
    writeFileSync(
      file,
      `${readFileSync(join(FIXTURES, 'issuer-sample.jsonl'), 'utf8')}{"type":"card","id":"C-9","cardholderId":"IMP-H-001","cardNumber":"4532917766128081","product":"gold","asOf":"2026-11-19T22:00:00Z"}\n`,
    );
    const report = join(dir, 'report.json');
    const run = await runCli([
      'import',
      '--db',
      dbPath,
      '--key-file',
      keyFile,
      file,
      '--report',
      report,
    ]);
    expect(run).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(run.stdout).toContain('Imported "feed.jsonl":\n  cardholder: 2 inserted\n');
    expect(run.stdout).toContain('  line 15: card "C-9" quarantined: invalid-card-number\n');
    expect(JSON.parse(readFileSync(report, 'utf8'))).toMatchObject({
      file: 'feed.jsonl',
      state: 'done',
      quarantine: [
        { line: 15, recordType: 'card', externalId: 'C-9', reason: 'invalid-card-number' },
      ],
    });
  });

  it('exits 1 for a refused file and explains a missing file, folder or both', async () => {
    const dir = tempDir();
    const { dbPath, keyFile } = newDatabase(dir);
    const secrets = join(dir, 'secrets.jsonl');
    writeFileSync(secrets, '{"type":"attempt","id":"A-1","cvv":"123"}\n');
    const base = ['import', '--db', dbPath, '--key-file', keyFile];

    const refused = await runCli([...base, secrets]);
    expect(refused.code).toBe(EXIT.failure);
    expect(refused.stdout).toBe(
      'Refused "secrets.jsonl": the field "cvv" on line 1 names a secret (a code, OTP, CVV/CVC, PIN or password). Nothing was written.\n',
    );
    expect(refused.stdout + refused.stderr).not.toContain('123');

    expect((await runCli([...base, join(dir, 'none.jsonl')])).stderr).toBe(
      `desk-admin: No file at "${join(dir, 'none.jsonl')}".\n`,
    );
    expect((await runCli(base)).stderr).toBe(
      'desk-admin: Name one file to import, or --watch DIR.\n',
    );
    expect((await runCli([...base, '--watch', join(dir, 'nowhere')])).stderr).toContain(
      'No folder at',
    );
  });
});
