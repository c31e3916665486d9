/**
 * The committed JSON Schema is what the zod schemas generate (node scripts/import-schema.ts;
 * compared as JSON, since Prettier lays the committed files out).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSchemaFiles } from '../../../main/core/import/json-schema.ts';

const root = join(import.meta.dirname, '../../..');

describe('import JSON Schema', () => {
  it.each(Object.entries(importSchemaFiles()))('%s is current', (path, text) => {
    const committed: unknown = JSON.parse(readFileSync(join(root, path), 'utf8'));
    expect(committed, 'run node scripts/import-schema.ts').toEqual(JSON.parse(text));
  });

  it('names every record type and refuses unknown fields', () => {
    const schema = JSON.parse(importSchemaFiles()['docs/import/record.schema.json']!) as {
      oneOf: { properties: { type: { const: string } }; additionalProperties: boolean }[];
    };
    expect(schema.oneOf.map((s) => s.properties.type.const)).toEqual([
      'cardholder',
      'card',
      'contact',
      'verification',
      'lockout',
      'attempt',
      'delete',
    ]);
    expect(schema.oneOf.every((s) => s.additionalProperties === false)).toBe(true);
  });
});
