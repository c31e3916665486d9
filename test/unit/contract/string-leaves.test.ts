/**
 * Least reveal, enforced on the contract itself: every string a reply or event can carry is
 * one of the named types, and every object is strict. A new field typed as a bare
 * z.string() fails here before it can carry a code or a full card number to the screen.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract, namedStrings } from '../../../shared/contract/index.ts';

type Finding = { path: string; problem: string };

function walk(schema: z.ZodType, path: string, findings: Finding[]): void {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const child = (s: unknown, p: string) => walk(s as z.ZodType, p, findings);
  switch (def.type) {
    case 'string':
      if (!namedStrings.has(schema)) findings.push({ path, problem: 'bare string' });
      return;
    case 'object': {
      const catchall = def.catchall as z.ZodType | undefined;
      if (catchall?._zod.def.type !== 'never')
        findings.push({ path, problem: 'object not strict' });
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
        child(value, `${path}.${key}`);
      }
      return;
    }
    case 'array':
      return child(def.element, `${path}[]`);
    case 'union':
      (def.options as unknown[]).forEach((option, i) => child(option, `${path}|${i}`));
      return;
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'default':
      return child(def.innerType, path);
    case 'number':
    case 'boolean':
    case 'enum':
    case 'literal':
    case 'null':
      return;
    default:
      findings.push({ path, problem: `unchecked schema type "${def.type}"` });
  }
}

function findingsOf(schema: z.ZodType, path: string): Finding[] {
  const findings: Finding[] = [];
  walk(schema, path, findings);
  return findings;
}

describe('contract string leaves', () => {
  it.each(Object.entries(contract.channels))('%s output uses only named strings', (name, spec) => {
    expect(findingsOf(spec.output, name)).toEqual([]);
  });

  it.each(Object.entries(contract.events))('%s event uses only named strings', (name, spec) => {
    expect(findingsOf(spec.payload, name)).toEqual([]);
  });

  it('flags a bare string, a loose object and an unknown schema type', () => {
    const bad = z.strictObject({
      note: z.string(),
      nested: z.object({ x: z.number() }),
      map: z.record(z.string(), z.number()),
    });
    expect(findingsOf(bad, 'bad')).toEqual([
      { path: 'bad.note', problem: 'bare string' },
      { path: 'bad.nested', problem: 'object not strict' },
      { path: 'bad.map', problem: 'unchecked schema type "record"' },
    ]);
  });

  it('every channel names its access explicitly', () => {
    for (const spec of Object.values(contract.channels)) {
      expect(spec.access === 'public' || spec.access.length > 0).toBe(true);
    }
  });
});
