// ESLint 9 flat config (`npm run lint:es`). TypeScript gets typescript-eslint's type-checked recommended rules
// (floating promises, unsafe any, ...); the JavaScript entry points, benchmarks and scripts get ESLint's recommended
// rules. The rules about which part of src/ may import which live in .dependency-cruiser.cjs (`npm run lint:deps`),
// and the formatting in .prettierrc.json (`npm run format:check`). docs/architecture.md says why.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-check/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'examples/terraform/**'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name` marks a binding kept on purpose (a destructured-away property, an unused parameter of an interface).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // An AbortSignal's reason is whatever the aborter gave; passing it on as it is, is the point.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // `async` on a method that overrides or implements an async interface says what it returns, awaits or not.
      '@typescript-eslint/require-await': 'off',
      // Type-only imports are written `import type` / `type X`, so the compiled JavaScript imports only what it runs.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests work with loosely typed data on purpose: expect.any(...), JSON read from files and from fake AWS wires.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
);
