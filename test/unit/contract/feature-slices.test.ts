/**
 * The contract is declared per feature (shared/contract/<feature>.ts) and merged in
 * index.ts. Spreading objects overwrites silently, so this test proves the merge lost
 * nothing: every channel and event of every feature file is in the one table exactly once,
 * and the table holds nothing else.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channels, events } from '../../../shared/contract/index.ts';

const CONTRACT_DIR = 'shared/contract';

async function slices(suffix: 'Channels' | 'Events'): Promise<Record<string, object>> {
  const found: Record<string, object> = {};
  for (const file of readdirSync(CONTRACT_DIR).filter((f) => f.endsWith('.ts'))) {
    if (file === 'index.ts') continue;
    const module = (await import(`../../../${CONTRACT_DIR}/${file}`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (name.endsWith(suffix) && typeof value === 'object' && value !== null) {
        found[`${file}:${name}`] = value;
      }
    }
  }
  return found;
}

describe.each([
  ['Channels', channels],
  ['Events', events],
] as const)('the merged %s table', (suffix, merged) => {
  it('holds every feature slice exactly once and nothing else', async () => {
    const names = Object.values(await slices(suffix)).flatMap((slice) => Object.keys(slice));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    expect([...names].sort()).toEqual(Object.keys(merged).sort());
  });
});

it('each feature file declares the channels of one feature', async () => {
  for (const [where, slice] of Object.entries(await slices('Channels'))) {
    const groups = new Set(Object.keys(slice).map((name) => name.split('.')[0]));
    expect(groups.size, where).toBe(1);
  }
});
