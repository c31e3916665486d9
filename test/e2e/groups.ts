/**
 * A long list (every demo scenario) in a few tests of a few items each, so the two workers
 * share them. One test per item would pay the console's start and sign-in for each (about
 * as long as checking a scenario); a few per test keeps each test short without doubling
 * the suite's CPU.
 */
export function inGroups<T>(items: readonly T[], groups = 3): T[][] {
  const size = Math.ceil(items.length / groups);
  const out: T[][] = [];
  for (let from = 0; from < items.length; from += size) out.push(items.slice(from, from + size));
  return out;
}
