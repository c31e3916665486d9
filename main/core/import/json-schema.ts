/**
 * The import format as JSON Schema, generated from the zod schemas the importer validates
 * with (one source). scripts/import-schema.ts writes it to docs/import.schema.json; a test
 * fails when the committed file is not what the schemas generate.
 */
import { z } from 'zod';
import { CsvMapping, IMPORT_FORMAT_VERSION, ImportRecord } from './schemas.ts';

export function importJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(ImportRecord, { target: 'draft-2020-12', io: 'input' }),
    $id: `https://verify-desk.example/import/v${IMPORT_FORMAT_VERSION}/record.schema.json`,
    title: `Verify Desk import record, format version ${IMPORT_FORMAT_VERSION}`,
    description:
      'One line of a JSON Lines import file (docs/IMPORT.md). Every field is named here; an unknown field rejects its line.',
  };
}

export function csvMappingJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(CsvMapping, { target: 'draft-2020-12', io: 'input' }),
    $id: `https://verify-desk.example/import/v${IMPORT_FORMAT_VERSION}/csv-mapping.schema.json`,
    title: `Verify Desk CSV mapping, format version ${IMPORT_FORMAT_VERSION}`,
  };
}

/** The files scripts/import-schema.ts writes, by path from the repository root. */
export function importSchemaFiles(): Record<string, string> {
  const text = (schema: Record<string, unknown>) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    'docs/import/record.schema.json': text(importJsonSchema()),
    'docs/import/csv-mapping.schema.json': text(csvMappingJsonSchema()),
  };
}
