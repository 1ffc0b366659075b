// Lint: ESLint's and typescript-eslint's recommended rules, with Prettier owning the layout
// (eslint-config-prettier turns off the rules that would fight it). Prettier cannot shorten strings
// and comments, so max-len holds every line to 140 characters.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['generators/', 'generators.*/', 'node_modules/', 'coverage/', 'demo/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'max-len': [
        'error',
        { code: 140, ignoreUrls: false, ignoreStrings: false, ignoreTemplateLiterals: false, ignoreRegExpLiterals: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  { files: ['test/**/*.ts'], languageOptions: { globals: { ...globals.jest } } },
);
