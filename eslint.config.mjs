// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.astro/**', 'test-output/**', 'test/fixtures/**', '.artifacts/**', 'content/**', '**/*.astro'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The gate evaluation is pure: no file system, no process, no clock, no randomness.
    files: ['src/core/evaluate/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'process'], message: 'src/core/evaluate is pure: pass data in, no I/O.' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core/evaluate is pure: no process.' },
        { name: 'fetch', message: 'src/core/evaluate is pure: no I/O.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No clock in evaluate: use the evaluation time passed in.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'No clock in evaluate: use the evaluation time passed in.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'No randomness in evaluate.' },
      ],
    },
  },
);
