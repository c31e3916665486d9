/** A CSV mapping file named on the command line (`import --mapping`, `serve --import-mapping`). */
import { MappingError, readMapping } from '../core/import/readers.ts';
import type { CsvMapping } from '../core/import/schemas.ts';
import { CliError } from './cli-error.ts';

export function loadMapping(path: string | undefined): CsvMapping | undefined {
  if (path === undefined) return undefined;
  try {
    return readMapping(path);
  } catch (error) {
    if (error instanceof MappingError) throw new CliError(error.message);
    throw error;
  }
}
