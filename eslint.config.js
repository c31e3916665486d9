// Lint enforces the architecture: where code runs decides what it may import.
//   shared/     the contract: imports nothing from main/ or renderer/, nor Electron or Node.
//   main/core/  plain Node: never Electron.
//   main/shell/ the only place that imports 'electron'.
//   renderer/   untrusted: only shared/ and its own files; talks to main only through window.desk.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electron = { name: 'electron', message: 'Only main/shell/ may import electron.' };
const electronDeep = { group: ['electron/*'], message: 'Only main/shell/ may import electron.' };
const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'worker_threads'],
  message: 'This layer runs without Node.',
};

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
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            electronDeep,
            nodeBuiltins,
            {
              group: ['**/main/**'],
              message: 'The renderer talks to main only through window.desk.',
            },
          ],
        },
      ],
    },
  },
);
