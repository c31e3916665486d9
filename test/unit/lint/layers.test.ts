/**
 * The architecture is enforced by lint, and this test proves the rules bite: each fixture
 * is linted as if it lived in a given folder, and must raise exactly the expected error.
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const fixture = (name: string) => readFileSync(`test/fixtures/lint/${name}.ts`, 'utf8');

async function ruleErrors(rule: string, name: string, pretendPath: string): Promise<string[]> {
  const [result] = await eslint.lintText(fixture(name), { filePath: pretendPath });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

const importErrors = (name: string, pretendPath: string) =>
  ruleErrors('no-restricted-imports', name, pretendPath);
const syntaxErrors = (name: string, pretendPath: string) =>
  ruleErrors('no-restricted-syntax', name, pretendPath);

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

  it.each(['main/core/x.ts', 'main/core/lockout/x.ts', 'main/cli/commands/x.ts'])(
    'main/shell imported from %s is an error',
    async (path) => {
      expect(await importErrors('imports-shell', path)).toEqual([
        expect.stringMatching(/main\/shell\/ builds on main\/core\/ and main\/cli\//),
      ]);
    },
  );

  it('main/core importing main/cli is an error; main/shell may', async () => {
    expect(await importErrors('imports-cli', 'main/core/lockout/x.ts')).toEqual([
      expect.stringMatching(/main\/core\/ never imports main\/cli\//),
    ]);
    expect(await importErrors('imports-cli', 'main/shell/x.ts')).toEqual([]);
    expect(await importErrors('imports-shell', 'main/shell/x.ts')).toEqual([]);
  });

  it('webContents.send outside the IPC binding is an error', async () => {
    const sendError = expect.stringMatching(/Only main\/shell\/ipc-binding.ts sends to a window/);
    expect(await syntaxErrors('webcontents-send', 'main/shell/main-window.ts')).toEqual([
      sendError,
      sendError,
    ]);
    expect(await syntaxErrors('webcontents-send', 'main/core/x.ts')).toEqual([
      sendError,
      sendError,
    ]);
    expect(await syntaxErrors('webcontents-send', 'main/shell/ipc-binding.ts')).toEqual([]);
  });

  it("a renderer feature importing another feature's store is an error", async () => {
    expect(
      await importErrors('imports-other-store', 'renderer/src/features/lockout/x.tsx'),
    ).toEqual([expect.stringMatching(/never imports another feature's store/)]);
    expect(await importErrors('imports-own-store', 'renderer/src/features/lockout/x.tsx')).toEqual(
      [],
    );
    expect(await importErrors('imports-other-store', 'renderer/src/app/x.tsx')).toEqual([]);
  });

  it("renderer code reading an error's message is an error", async () => {
    expect(await syntaxErrors('shows-message', 'renderer/src/features/calls/x.tsx')).toEqual([
      expect.stringMatching(/never shows a router's English message/),
    ]);
    expect(await syntaxErrors('shows-message', 'main/core/x.ts')).toEqual([]);
  });
});
