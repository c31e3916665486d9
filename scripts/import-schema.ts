/**
 * Writes the import format's JSON Schema (docs/import/*.schema.json) from the zod schemas
 * the importer uses: `node scripts/import-schema.ts`. test/unit/import/json-schema.test.ts
 * fails when the committed files are not what this writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { importSchemaFiles } from '../main/core/import/json-schema.ts';

const root = join(import.meta.dirname, '..');
for (const [path, text] of Object.entries(importSchemaFiles())) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  const options = (await resolveConfig(join(root, path))) ?? {};
  writeFileSync(join(root, path), await format(text, { ...options, parser: 'json' }));
  process.stdout.write(`wrote ${path}\n`);
}
