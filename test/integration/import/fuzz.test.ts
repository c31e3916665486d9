/**
 * Bad lines never stop or corrupt a run: fast-check writes files of wrong types, huge
 * strings, control characters, invalid UTF-8, broken JSON and unknown types between good
 * lines. Every bad line lands in quarantine with a reason, the run completes, and the
 * tables are exactly as they were (the good lines were already imported).
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUARANTINE_REASONS } from '../../../shared/import/import-codes.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';
import { FIXTURES, importFile, newDatabase, tableChecksums } from './import-harness.ts';

const tempDir = useTempDir('verify-desk-import-fuzz-');
const SAMPLE = join(FIXTURES, 'issuer-sample.jsonl');
const GOOD = readFileSync(SAMPLE, 'utf8').trim().split('\n');
const RECORDS = GOOD.map((line) => JSON.parse(line) as Record<string, unknown>);

const record = fc.constantFrom(...RECORDS);

/** A good record with one field given a value of the wrong type. */
const wrongType = fc
  .tuple(record, fc.nat(), fc.constantFrom<unknown>(true, [], {}, 3.5, 'x', -1))
  .map(([base, n, wrong]) => {
    const keys = Object.keys(base);
    const key = keys[n % keys.length]!;
    const swapped = typeof base[key] === typeof wrong && key !== 'type' ? [wrong] : wrong;
    return Buffer.from(JSON.stringify({ ...base, [key]: swapped }));
  });

/** A string far beyond any field's bound, or beyond the line limit. */
const huge = fc
  .tuple(record, fc.constantFrom(5_000, 70_000))
  .map(([base, size]) => Buffer.from(JSON.stringify({ ...base, asOf: 'é'.repeat(size) })));

/** A control or bidi-override character inside a string field. */
const control = fc
  .tuple(record, fc.constantFrom('\u0000', '\u0007', '\u001b[31m', '\u007f', '\u202e', '\u0085'))
  .map(([base, char]) => {
    const key = Object.keys(base).find((k) => k !== 'type' && typeof base[k] === 'string')!;
    return Buffer.from(JSON.stringify({ ...base, [key]: `${String(base[key])}${char}` }));
  });

/** Bytes that are not UTF-8 inside an otherwise fine line. */
const invalidUtf8 = fc
  .tuple(record, fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x9f, 0x98]))
  .map(([base, bytes]) => {
    const text = JSON.stringify(base);
    const cut = Math.floor(text.length / 2);
    return Buffer.concat([
      Buffer.from(text.slice(0, cut)),
      Buffer.from(bytes),
      Buffer.from(text.slice(cut)),
    ]);
  });

/** A good line cut short. */
const brokenJson = fc.tuple(record, fc.nat()).map(([base, n]) => {
  const text = JSON.stringify(base);
  return Buffer.from(text.slice(0, 1 + (n % (text.length - 1))));
});

/** A type the format does not have, or none at all, or not an object. */
const unknownType = fc.oneof(
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter(
      (t) =>
        !['cardholder', 'card', 'contact', 'verification', 'lockout', 'attempt', 'delete'].includes(
          t,
        ),
    )
    .map((type) => Buffer.from(JSON.stringify({ type, id: 'X-1', asOf: '2026-11-20T00:00:00Z' }))),
  record.map(({ type: _type, ...rest }) => Buffer.from(JSON.stringify(rest))),
  fc.constantFrom('[]', '42', '"text"', 'null', 'true').map((t) => Buffer.from(t)),
);

const badLine = fc.oneof(wrongType, huge, control, invalidUtf8, brokenJson, unknownType);

describe('fuzzed import lines', () => {
  it('each bad line is quarantined with a reason; nothing else changes', async () => {
    const dir = tempDir();
    const target = newDatabase(dir);
    await importFile(target, SAMPLE);
    const before = tableChecksums(target.dbPath);
    let run = 0;

    await fc.assert(
      fc.asyncProperty(fc.array(badLine, { minLength: 1, maxLength: 12 }), async (bad) => {
        const file = join(dir, `fuzz-${run++}.jsonl`);
        // Bad lines between the good ones, which are already in and so change nothing.
        const lines: Buffer[] = [];
        bad.forEach((line, index) => lines.push(line, Buffer.from(GOOD[index % GOOD.length]!)));
        writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));

        const result = await importFile(target, file);
        expect(result.state).toBe('done');
        const badLineNumbers = bad.map((_, index) => 2 * index + 1);
        expect(result.quarantine.map((q) => q.line)).toEqual(badLineNumbers);
        for (const entry of result.quarantine)
          expect(QUARANTINE_REASONS as readonly string[]).toContain(entry.reason);
        expect(tableChecksums(target.dbPath)).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });
});
