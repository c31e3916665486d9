/**
 * Streaming readers: a file becomes numbered lines, each either a plain object to validate
 * or the reason it is not one. JSON Lines are split on bytes and decoded strictly (invalid
 * UTF-8 is a reason, not a replacement character); CSV goes through csv-parse, a streaming
 * parser, with the mapping file naming each source column's field. Nothing here keeps a line
 * after handing it on, and no reason carries a value.
 */
import { parse } from 'csv-parse';
import { createReadStream, readFileSync } from 'node:fs';
import type { QuarantineReason } from '../../../shared/import/import-codes.ts';
import { CsvMapping, RECORD_SCHEMAS } from './schemas.ts';

/** A line longer than this is refused unread: no record needs more. */
export const MAX_LINE_BYTES = 64 * 1024;

export type SourceLine =
  { line: number; value: Record<string, unknown> } | { line: number; problem: QuarantineReason };

/** Where a JSON Lines import's bytes come from: a file, or a generated one held in memory. */
export type ByteSource = { path: string } | { bytes: Buffer };

const CHUNK = 256 * 1024;

/** The source's bytes in chunks, from the start, as often as it is read. */
export async function* sourceChunks(source: ByteSource): AsyncGenerator<Buffer> {
  if ('path' in source) {
    yield* createReadStream(source.path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
    return;
  }
  for (let at = 0; at < source.bytes.length; at += CHUNK)
    yield source.bytes.subarray(at, at + CHUNK);
}

/**
 * The source's lines, each once, numbered from 1, a chunk's worth at a time (no promise per
 * line). `wanted(line)` false skips a line unread: a pass that has nothing to do with it
 * neither decodes nor parses it.
 */
export async function* jsonLines(
  chunks: AsyncIterable<Buffer>,
  wanted?: (line: number) => boolean,
): AsyncGenerator<SourceLine[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): SourceLine | null => {
    line++;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    if (tooLong) {
      tooLong = false;
      return { line, problem: 'line-too-long' };
    }
    if (wanted && !wanted(line)) return null;
    return decodeJsonLine(line, bytes, decoder);
  };
  for await (const chunk of chunks) {
    const out: SourceLine[] = [];
    let start = 0;
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, start)) {
      append(chunk.subarray(start, at));
      const item = finish();
      if (item) out.push(item);
      start = at + 1;
    }
    append(chunk.subarray(start));
    if (out.length > 0) yield out;
  }
  if (size > 0 || tooLong) {
    const item = finish();
    if (item) yield [item];
  }

  function append(piece: Buffer) {
    if (tooLong || piece.length === 0) return;
    if (size + piece.length > MAX_LINE_BYTES) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(piece);
    size += piece.length;
  }
}

function decodeJsonLine(line: number, bytes: Buffer, decoder: TextDecoder): SourceLine | null {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { line, problem: 'invalid-utf8' };
  }
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, problem: 'not-json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { line, problem: 'not-an-object' };
  return { line, value: value as Record<string, unknown> };
}

export function readMapping(path: string): CsvMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new MappingError(`The mapping file "${path}" is not JSON.`);
  }
  const parsed = CsvMapping.safeParse(raw);
  if (!parsed.success)
    throw new MappingError(
      `The mapping file "${path}" is not a mapping: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim(),
    );
  const fields = Object.keys(RECORD_SCHEMAS[parsed.data.type].shape);
  for (const target of [
    ...Object.values(parsed.data.columns),
    ...Object.keys(parsed.data.fixed ?? {}),
  ]) {
    if (target !== null && (!fields.includes(target) || target === 'type'))
      throw new MappingError(
        `The mapping file "${path}" maps to "${target}", which a ${parsed.data.type} record does not have.`,
      );
  }
  return parsed.data;
}

export class MappingError extends Error {}

/** The header row of a CSV file (every column, ignored ones included), or null when empty. */
export async function csvHeaders(path: string): Promise<string[] | null> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, to_line: 1, relax_column_count: true }),
  );
  for await (const row of parser as AsyncIterable<string[]>) return row;
  return null;
}

const NUMBER_FIELDS = new Set(['amountMinor', 'attemptsUsed', 'attemptsAllowed', 'resends']);

/**
 * CSV rows as records: each mapped column fills its field, ignored columns are dropped, an
 * empty cell is an absent field, a count is read as a whole number and a list field is
 * split. A row csv-parse cannot read (a broken quote, a wrong column count) is a reason.
 */
export async function* csvLines(path: string, mapping: CsvMapping): AsyncGenerator<SourceLine> {
  const skipped: number[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      columns: true,
      info: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    }),
  );
  parser.on('skip', (error: { lines?: number }) => skipped.push(error.lines ?? 0));
  for await (const item of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    while (skipped.length > 0) yield { line: skipped.shift()!, problem: 'bad-csv-row' };
    const line = item.info.lines;
    if (Object.values(item.record).some((cell) => cell.includes('\uFFFD'))) {
      yield { line, problem: 'invalid-utf8' };
      continue;
    }
    const value: Record<string, unknown> = { type: mapping.type, ...mapping.fixed };
    for (const [column, cell] of Object.entries(item.record)) {
      const field = mapping.columns[column];
      if (field === null || cell === '') continue;
      // An unmapped column is an unknown field: named by its header, it rejects the line.
      const name = field ?? column;
      value[name] = convert(name, cell, mapping.listSeparator ?? '|');
    }
    yield { line, value };
  }
  while (skipped.length > 0) yield { line: skipped.shift()!, problem: 'bad-csv-row' };
}

function convert(field: string, cell: string, separator: string): unknown {
  if (NUMBER_FIELDS.has(field) && /^\d{1,13}$/u.test(cell)) return Number(cell);
  if (field === 'surnameReadings') return cell.split(separator).filter((s) => s !== '');
  if (field === 'preferredLanguage' && cell === 'null') return null;
  return cell;
}
