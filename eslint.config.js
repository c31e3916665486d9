// Lint enforces the architecture: where code runs decides what it may import.
//   shared/     the contract: imports nothing from main/ or renderer/, nor Electron or Node.
//   main/core/  plain Node: never Electron, never main/shell/ or main/cli/ (they build on it).
//   main/cli/   desk-admin: main/core/ and shared/, never main/shell/.
//   main/shell/ the only place that imports 'electron'; only its IPC binding pushes to windows.
//   renderer/   untrusted: only shared/ and its own files; talks to main only through window.desk.
//               A feature never imports another feature's store, and no screen shows a
//               router's English message: refusals are translated by reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electron = { name: 'electron', message: 'Only main/shell/ may import electron.' };
const electronDeep = { group: ['electron/*'], message: 'Only main/shell/ may import electron.' };
const noShell = {
  group: ['**/shell/*', '**/main/shell/*'],
  message: 'main/shell/ builds on main/core/ and main/cli/, never the other way round.',
};
const noCli = {
  group: ['**/cli/*', '**/main/cli/*'],
  message: 'main/core/ never imports main/cli/: the CLI builds on the core.',
};
const noOtherFeatureStore = {
  group: ['../*/*-store', '../*/*-store.ts', '**/features/*/*-store', '**/features/*/*-store.ts'],
  message:
    "A renderer feature never imports another feature's store: go through app/ or pass props.",
};
// Only the IPC binding pushes to a window: events are parsed against the contract there.
const webContentsSend = [
  {
    selector:
      "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
    message: 'Only main/shell/ipc-binding.ts sends to a window (webContents.send).',
  },
  {
    selector: "CallExpression[callee.property.name='send'][callee.object.name='webContents']",
    message: 'Only main/shell/ipc-binding.ts sends to a window (webContents.send).',
  },
];
const routerMessage = {
  selector: "MemberExpression[property.name='message']",
  message:
    "The screen never shows a router's English message: translate the error's reason (t('reasons.…')).",
};
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'worker_threads'],
  message: 'This layer runs without Node.',
};

const rendererPatterns = [
  electronDeep,
  nodeBuiltins,
  { group: ['**/main/**'], message: 'The renderer talks to main only through window.desk.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'out-test/',
      'dist/',
      'test-results/',
      'playwright-report/',
      'test/fixtures/lint/',
      'test/e2e/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronDeep] }],
      'no-restricted-syntax': ['error', ...webContentsSend],
    },
  },
  {
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electron], patterns: [electronDeep, noShell, noCli] },
      ],
    },
  },
  {
    // The desk server and the console's client of it: plain Node on main/core and shared/.
    files: ['main/server/**', 'main/connected/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electron], patterns: [electronDeep, noShell, noCli] },
      ],
    },
  },
  {
    files: ['main/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [electronDeep, noShell] }],
    },
  },
  {
    files: ['main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain'],
              message: 'ipcMain is bound in main/shell/ipc-binding.ts only.',
            },
            {
              name: 'electron',
              importNames: ['ipcRenderer'],
              message: 'ipcRenderer is used in main/shell/preload.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/shell/ipc-binding.ts', 'main/shell/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['main/shell/ipc-binding.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            electronDeep,
            nodeBuiltins,
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'shared/ imports nothing from main/ or renderer/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [electron], patterns: rendererPatterns }],
      'no-restricted-syntax': ['error', routerMessage],
    },
  },
  {
    files: ['renderer/src/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electron], patterns: [...rendererPatterns, noOtherFeatureStore] },
      ],
    },
  },
);
