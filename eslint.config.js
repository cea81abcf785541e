// Flat ESLint config. The rule that matters most here: the domain core, the shared contract,
// the CLI and the HTTP server never import `electron` (docs/decisions/0001-core-and-shell.md).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'vendor/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/core/**', 'src/shared/**', 'src/cli/**', 'src/server/**', 'src/renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only src/main and src/preload may import electron.' },
          ],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The core never reaches into the Electron shell.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to the core only through the contract.',
            },
          ],
          patterns: [
            {
              group: ['node:*', '**/core/**', '**/server/**', '**/cli/**'],
              message: 'The renderer and the shared contract stay free of Node.',
            },
          ],
        },
      ],
    },
  },
)
