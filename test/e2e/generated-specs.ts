/**
 * Specs made from the docs, so the docs cannot rot: the worked example of docs/TESTING.md
 * (its fenced block marked `ts worked-example`) is written to test/e2e/generated/ (git-ignored)
 * when Playwright loads its config, before it collects the specs, and runs like any other.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TESTING_MD = fileURLToPath(new URL('../../docs/TESTING.md', import.meta.url));
export const GENERATED_DIR = fileURLToPath(new URL('./generated/', import.meta.url));
const FENCE = /^```ts worked-example\n([\s\S]*?)^```$/mu;

/** The worked example's code, as the page shows it. */
export function workedExample(markdown: string = readFileSync(TESTING_MD, 'utf8')): string {
  const found = FENCE.exec(markdown);
  if (!found) throw new Error('docs/TESTING.md has no ```ts worked-example block.');
  return found[1]!;
}

/** Writes the worked example's spec (only when it changed, as workers load the config too). */
export function writeWorkedExampleSpec(): string {
  const file = `${GENERATED_DIR}worked-example.spec.ts`;
  const content = `// Generated from docs/TESTING.md (the worked example) by test/e2e/generated-specs.ts. Edit the page, not this file.\n${workedExample()}`;
  mkdirSync(GENERATED_DIR, { recursive: true });
  if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
  return file;
}
