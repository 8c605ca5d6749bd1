// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '*.perfgate-cache/**', '*.perfgate-work-*/**', 'lib/**', 'node_modules/**', '.astro/**', 'test-output/**', 'test/fixtures/**', '.artifacts/**', 'content/**', '**/*.astro'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Process-wide state belongs to the caller: library code sets no V8 flag (memory stays bounded by
    // design, not by exposing and forcing the collector).
    files: ['src/**/*.ts', 'src/**/*.mjs'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='setFlagsFromString']", message: 'Library code never sets V8 flags.' },
        { selector: "Literal[value='--expose-gc']", message: 'Library code never exposes or forces the garbage collector.' },
      ],
    },
  },
  {
    // The gate evaluation, and the contract's rules it shares with validation, are pure: no file
    // system, no process, no clock, no randomness.
    files: ['src/core/evaluate/**/*.ts', 'src/core/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'process'], message: 'src/core/evaluate and src/core/contract are pure: pass data in, no I/O.' }] },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core/evaluate and src/core/contract are pure: no process.' },
        { name: 'fetch', message: 'src/core/evaluate and src/core/contract are pure: no I/O.' },
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
