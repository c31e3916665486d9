/** Every channel has exactly one handler: a slice serving a channel twice, or none, is refused. */
import { describe, expect, it } from 'vitest';
import { sharedInstances, type Edges } from '../../../main/core/edges.ts';
import { mergeHandlers } from '../../../main/core/router/merge-handlers.ts';
import type { Handlers } from '../../../main/core/router/router.ts';
import { contract } from '../../../shared/contract/index.ts';

const handler = async () => {
  throw new Error('not called');
};
const all = Object.fromEntries(
  Object.keys(contract.channels).map((name) => [name, handler]),
) as unknown as Handlers;
const { 'app.info': appInfo, ...rest } = all;

describe('mergeHandlers', () => {
  it('merges slices that serve every channel once', () => {
    const merged = mergeHandlers([{ 'app.info': appInfo }, rest]);
    expect(Object.keys(merged).sort()).toEqual(Object.keys(contract.channels).sort());
  });

  it('refuses a channel served by two slices', () => {
    expect(() => mergeHandlers([all, { 'app.info': appInfo }])).toThrow(
      'Two features handle app.info.',
    );
  });

  it('refuses a channel no slice serves (at run time, as the type does at compile time)', () => {
    // @ts-expect-error app.info is missing: the type names it.
    expect(() => mergeHandlers([rest])).toThrow('No feature handles app.info.');
  });
});

describe('shared instances', () => {
  it('builds each once per core, and says so when a builder needs itself', () => {
    const shared = sharedInstances();
    const edges = {} as Edges;
    let built = 0;
    const counter = () => ({ n: ++built });
    expect(shared(counter, edges)).toBe(shared(counter, edges));
    expect(built).toBe(1);
    const loop = (e: Edges): unknown => shared(loop, e);
    expect(() => shared(loop, edges)).toThrow('loop depends on itself.');
  });
});
