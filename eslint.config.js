// Lint rules: the recommended sets of ESLint and typescript-eslint, without type-aware rules so that
// linting stays fast on 2 cores; the type checker (`npm run typecheck`) covers types.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'protocols/*.ts', '.tmp/', 'src/**/assembly/', 'src/fit/kernel/*-wasm.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }]
    }
  },
  {
    // On Node 20 a timeout signal inside AbortSignal.any() can be collected and never fire (src/util/timeout-signal.ts).
    files: ['src/**/*.ts', 'nodes/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'AbortSignal', property: 'timeout', message: 'use timeoutSignal (src/util/timeout-signal.ts): it survives garbage collection inside AbortSignal.any' }]
    }
  }
)
