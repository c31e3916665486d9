/**
 * `npm run new-spec` writes a spec that passes as written: it is made under a temporary name
 * in test/e2e/generated/ (git-ignored), run on the browser target, and deleted.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';

const name = `new-spec-check-${process.pid}`;
const file = `test/e2e/generated/${name}.spec.ts`;

afterAll(() => rmSync(file, { force: true }));

it('npm run new-spec writes a spec that signs in, opens a scenario, asserts and passes', () => {
  const made = spawnSync(
    process.execPath,
    ['scripts/new-spec.ts', name, '--dir', 'test/e2e/generated'],
    { encoding: 'utf8' },
  );
  expect(made.status, made.stderr).toBe(0);
  expect(existsSync(file)).toBe(true);
  const spec = readFileSync(file, 'utf8');
  expect(spec).toContain("desk.signIn('agent')");
  expect(spec).toContain('desk.openScenario(');

  const run = spawnSync(
    'npx',
    ['playwright', 'test', '--project=browser', '--reporter=line', file],
    { encoding: 'utf8', env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: '' } },
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toMatch(/1 passed/u);

  // A second spec of the same name is refused, never overwritten.
  const again = spawnSync(
    process.execPath,
    ['scripts/new-spec.ts', name, '--dir', 'test/e2e/generated'],
    { encoding: 'utf8' },
  );
  expect(again.status).toBe(1);
}, 180_000);
