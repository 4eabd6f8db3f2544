/**
 * ESLint 9 flat config: eslint-plugin-office-addins' recommended rules (Office.js load/sync
 * discipline, TypeScript parser, Prettier) for all sources, React rules for the task pane.
 */
import officeAddins from 'eslint-plugin-office-addins';
import tseslint from 'typescript-eslint';
import reactPlugin from 'eslint-plugin-react';
import globals from 'globals';

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
    // Formatting is Prettier's job (`npm run format`); in lint it is a warning, not a failure.
    rules: { 'prettier/prettier': ['warn', { endOfLine: 'auto' }] },
  },
];
