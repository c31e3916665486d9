/**
 * `npm run new-spec -- <name> [--dir <folder>]`: writes test/e2e/<name>.spec.ts, a spec that
 * signs in as the demo agent, opens a demo scenario and asserts on it — and passes as
 * written (test/integration/kit/new-spec.test.ts runs one). Edit it from there.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string', default: 'test/e2e' } },
});
const name = positionals[0];
if (!name || !/^[a-z0-9][a-z0-9-]*$/u.test(name)) {
  console.error('Usage: npm run new-spec -- <name>   (lower-case letters, digits and dashes)');
  process.exit(2);
}
const dir = values.dir;
const file = join(dir, `${name}.spec.ts`);
if (existsSync(file)) {
  console.error(`${file} exists already: choose another name.`);
  process.exit(1);
}

// The kit's path from the new spec, so it works in any folder under the repo.
const kit = relative(dir, 'test/kit/fixtures.ts').replaceAll('\\', '/');
const spec = `/**
 * ${name}: what this spec proves, in a sentence. Made by \`npm run new-spec\`; see
 * docs/TESTING.md for the desk fixture, the page objects (desk.ui) and the scenarios.
 */
import { expect, test } from '${kit.startsWith('.') ? kit : `./${kit}`}';

test('${name}: an agent opens a locked card and sees why it failed', async ({ desk }) => {
  await desk.signIn('agent');
  const card = await desk.openScenario('locked-wrong-codes');

  await expect(desk.ui.card.masked).toHaveText(card.maskedCard);
  expect(await desk.ui.diagnosis.firstCause()).toBe(card.diagnosis);
  await expect(desk.ui.reset.open).toBeDisabled();
  desk.expectAudit({ action: 'card.open', count: 1 });
});
`;
mkdirSync(dir, { recursive: true });
writeFileSync(file, spec);
console.log(`Wrote ${file}. Run it: npx playwright test --project=browser ${file}`);
