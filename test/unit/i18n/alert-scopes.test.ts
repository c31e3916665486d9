/**
 * Every table the console names in a lead's altered-row alert (`table: '…'` in the alert's
 * details, which the tray shows as its scope) has a label in both languages: without one the
 * tray falls back to the raw table name ("auth_attempts") in front of a Japanese lead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import ja from '../../../renderer/src/i18n/ja.json' with { type: 'json' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

const alertedTables = [
  ...new Set(
    sourceFiles('main/core').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\btable: '([a-z_]+)'/gu)].map((match) => match[1]!),
    ),
  ),
].sort();

describe('alert scopes', () => {
  it('finds the tables alerts name', () => {
    expect(alertedTables).toEqual(expect.arrayContaining(['audit_log', 'policy', 'lockouts']));
  });

  it.each(alertedTables)('%s has an English and a Japanese label', (table) => {
    expect((en.alerts.scopes as Record<string, string>)[table]).toBeTruthy();
    expect((ja.alerts.scopes as Record<string, string>)[table]).toBeTruthy();
  });
});
