/**
 * ESLint 9 flat config: eslint-plugin-office-addins' recommended rules (Office.js load/sync
 * discipline, TypeScript parser, Prettier) for all sources, React rules for the task pane.
 */
import officeAddins from 'eslint-plugin-office-addins';
import tseslint from 'typescript-eslint';
import reactPlugin from 'eslint-plugin-react';
import globals from 'globals';
import { builtinModules } from 'node:module';

export default [
  { ignores: ['dist/**', 'build/**', 'out/**', 'coverage/**', 'test-artifacts/**', 'bench/out/**', 'node_modules/**'] },
  ...officeAddins.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 'latest',
      sourceType: 'module',
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: {
        ...globals.browser,
        ...globals.node,
        Office: 'readonly',
        Excel: 'readonly',
        CustomFunctions: 'readonly',
        OfficeExtension: 'readonly',
      },
    },
  },
  {
    // The recommended block covers .ts but not .tsx: give the task pane the same rules plus React's.
    files: ['**/*.tsx'],
    plugins: { ...officeAddins.configs.recommended.at(-1).plugins, react: reactPlugin },
    settings: { react: { version: 'detect' } },
    rules: {
      ...officeAddins.configs.recommended.at(-1).rules,
      ...reactPlugin.configs.flat.recommended.rules,
      ...reactPlugin.configs.flat['jsx-runtime'].rules,
    },
  },
  {
    files: ['**/*.{ts,mts,cts,tsx}'],
    rules: {
      // TypeScript checks names itself (tsc --noEmit); ESLint's no-undef does not know types.
      'no-undef': 'off',
      'no-redeclare': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Layering (DEVELOPERS.md): the core is the pure engine — no adapters, no Node. Its own
    // tsconfig (tsconfig.core.json) also compiles it without DOM, Node or Office types.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: 'src/core is pure: no Node modules (I/O belongs in src/io or src/cli).' })),
          patterns: [
            { group: ['node:*'], message: 'src/core is pure: no Node modules (I/O belongs in src/io or src/cli).' },
            {
              group: ['**/io', '**/io/**', '**/excel', '**/excel/**', '**/functions', '**/functions/**'],
              message: 'src/core does not import the adapters: data flows file → io/excel → core → io/excel.',
            },
            {
              group: ['**/taskpane', '**/taskpane/**', '**/cli', '**/cli/**'],
              message: 'src/core does not import the task pane or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    // UI components call the functions passed in; they never touch Excel. From src/excel they
    // may import only the port's types (import type … from '…/excel/workbook-port.js').
    files: ['src/taskpane/components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/excel/*', '!**/excel/workbook-port.js'],
              message: 'UI components do not import src/excel: use the functions passed in (only the port types are allowed).',
            },
            {
              group: ['**/excel/workbook-port.js'],
              allowTypeImports: true,
              message: 'Only types of the port (import type … from workbook-port.js): components call the functions passed in.',
            },
          ],
        },
      ],
    },
  },
  {
    // Formatting is Prettier's job (`npm run format`); in lint it is a warning, not a failure.
    rules: { 'prettier/prettier': ['warn', { endOfLine: 'auto' }] },
  },
];
