import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'scratch/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    // The layers between the folders of src/ (eslint.layers.js).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { local: layersPlugin },
    rules: { 'local/layers': 'error' },
  },
  {
    // The layers: the pure core and the shared contract never reach for Electron.
    files: ['src/main/core/**', 'src/shared/**', 'src/main/server/**', 'src/main/cli/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/index.ts, ipc.ts and the preload may use electron.' }] }],
    },
  },
  {
    files: ['src/shared/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'No electron here.' }],
          patterns: [{ group: ['node:*', 'better-sqlite3', '**/main/**'], message: 'The contract and the renderer use no Node.' }],
        },
      ],
    },
  },
  {
    // The preload is sandboxed: electron's contextBridge and the contract, nothing of Node's.
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'better-sqlite3'], message: 'The preload uses only electron and the contract.' }] }],
    },
  },
  {
    files: ['scripts/**', 'bin/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
