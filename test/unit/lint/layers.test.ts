/**
 * The architecture is enforced by lint, and this test proves the rules bite: each fixture
 * is linted as if it lived in a given folder, and must raise exactly the expected error.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const fixture = (name: string) => readFileSync(`test/fixtures/lint/${name}.ts`, 'utf8');

async function importErrors(name: string, pretendPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(fixture(name), { filePath: pretendPath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['main/core/x.ts', /Only main\/shell\/ may import electron/],
    ['main/cli/x.ts', /Only main\/shell\/ may import electron/],
    ['shared/x.ts', /Only main\/shell\/ may import electron/],
    ['renderer/src/x.ts', /Only main\/shell\/ may import electron/],
  ])('electron imported from %s is an error', async (path, message) => {
    expect(await importErrors('imports-electron', path)).toEqual([expect.stringMatching(message)]);
  });

  it('main/shell may import electron', async () => {
    expect(await importErrors('imports-electron', 'main/shell/x.ts')).toEqual([]);
  });

  it('shared/ importing main/ is an error', async () => {
    expect(await importErrors('imports-main', 'shared/x.ts')).toEqual([
      expect.stringMatching(/shared\/ imports nothing from main\/ or renderer\//),
    ]);
  });

  it('shared/ importing renderer/ is an error', async () => {
    expect(await importErrors('imports-renderer', 'shared/x.ts')).toEqual([
      expect.stringMatching(/shared\/ imports nothing from main\/ or renderer\//),
    ]);
  });

  it('renderer/ importing main/ is an error', async () => {
    expect(await importErrors('imports-main', 'renderer/src/x.ts')).toEqual([
      expect.stringMatching(/talks to main only through window.desk/),
    ]);
  });

  it('shared/ and renderer/ may not use Node built-ins', async () => {
    expect(await importErrors('imports-node', 'shared/x.ts')).toEqual([
      expect.stringMatching(/without Node/),
    ]);
    expect(await importErrors('imports-node', 'renderer/src/x.ts')).toEqual([
      expect.stringMatching(/without Node/),
    ]);
  });

  it('ipcMain outside the binding file is an error', async () => {
    expect(await importErrors('imports-ipc-main', 'main/shell/window.ts')).toEqual([
      expect.stringMatching(/ipcMain is bound in main\/shell\/ipc-binding.ts only/),
    ]);
    expect(await importErrors('imports-ipc-main', 'main/shell/ipc-binding.ts')).toEqual([]);
  });

  it('the renderer may import shared/', async () => {
    expect(await importErrors('imports-shared', 'renderer/src/x.ts')).toEqual([]);
  });
});
