/**
 * The line protocol by which the Electron test build (main/shell/test-main.ts) tells the
 * fixture about its internal errors: one line on stderr, `DESK-INTERNAL ` and a JSON object
 * `{ source, message }`. Anything else on stderr is Chromium's or Electron's own noise.
 */
export const INTERNAL_ERROR_PREFIX = 'DESK-INTERNAL ';

export interface InternalError {
  /** `router` (logInternal), `uncaught` (an exception), `unhandled` (a rejection). */
  source: string;
  message: string;
}

/** Parses one stderr line: the error it reports, or null when it is not a protocol line. */
export function parseInternalErrorLine(line: string): InternalError | null {
  const at = line.indexOf(INTERNAL_ERROR_PREFIX);
  if (at < 0) return null;
  try {
    const value = JSON.parse(
      line.slice(at + INTERNAL_ERROR_PREFIX.length),
    ) as Partial<InternalError>;
    return {
      source: typeof value.source === 'string' ? value.source : 'unknown',
      message: typeof value.message === 'string' ? value.message : JSON.stringify(value),
    };
  } catch {
    // A protocol line that does not parse is still an internal error, never dropped.
    return { source: 'unparsed', message: line.slice(at + INTERNAL_ERROR_PREFIX.length) };
  }
}

/** Collects protocol lines from a stream's chunks, which may split or join lines anywhere. */
export class InternalErrorCollector {
  readonly errors: InternalError[] = [];
  private pending = '';

  push(chunk: string | Buffer): void {
    this.pending += chunk.toString();
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.take(line);
  }

  /** Takes what is left after the stream ended (a last line without its newline). */
  end(): void {
    if (this.pending) this.take(this.pending);
    this.pending = '';
  }

  /** The errors as the fixture's check lists them (empty when there were none). */
  lines(): string[] {
    return this.errors.map((e) => `[${e.source}] ${e.message}`);
  }

  private take(line: string): void {
    const error = parseInternalErrorLine(line.replace(/\r$/u, ''));
    if (error) this.errors.push(error);
  }
}
