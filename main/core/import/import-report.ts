/**
 * The quarantine report of a run, as JSON: the file's name and hash, counts by type and
 * outcome, and for each rejected line its number, record type, external id (only when not
 * sensitive), the field (only a field the format names) and the reason. Never a value.
 * Written beside under a temporary name and renamed, so a reader never sees half a report.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { ImportResult } from './importer.ts';

export function reportOf(result: ImportResult) {
  return {
    file: result.file,
    sha256: result.fileSha256,
    format: result.format,
    state: result.state,
    resumed: result.resumed,
    refusal: result.refusal,
    counts: result.counts,
    quarantine: result.quarantine,
  };
}

export function writeReport(path: string, result: ImportResult): void {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, `${JSON.stringify(reportOf(result), null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** One line per outcome for the terminal: counts, then each quarantined line. */
export function summaryLines(result: ImportResult): string[] {
  const lines: string[] = [];
  if (result.refusal) {
    lines.push(
      `Refused "${result.file}": the field "${result.refusal.field}" on line ${result.refusal.line} names a secret (a code, OTP, CVV/CVC, PIN or password). Nothing was written.`,
    );
    return lines;
  }
  const verb = result.state === 'dry-run' ? 'Checked (dry run, nothing written)' : 'Imported';
  lines.push(`${verb} "${result.file}"${result.resumed ? ' (resumed)' : ''}:`);
  for (const [type, outcomes] of Object.entries(result.counts)) {
    const parts = Object.entries(outcomes).map(([outcome, n]) => `${n} ${outcome}`);
    lines.push(`  ${type}: ${parts.join(', ')}`);
  }
  for (const entry of result.quarantine) {
    const what = [entry.recordType ?? 'line', entry.externalId ? `"${entry.externalId}"` : null]
      .filter(Boolean)
      .join(' ');
    const field = entry.field ? ` (field ${entry.field})` : '';
    lines.push(`  line ${entry.line}: ${what} quarantined: ${entry.reason}${field}`);
  }
  return lines;
}
