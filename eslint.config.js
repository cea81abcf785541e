// Flat ESLint config. The rule that matters most here: the domain core, the shared contract,
// the CLI and the HTTP server never import `electron` (docs/decisions/0001-core-shell-and-runtime.md).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const sqliteOnly = {
  name: 'better-sqlite3',
  message:
    'SQL lives in the storage backend (src/core/storage/sqlite/, decision 0100): use the ports.',
}
const postgresOnly = {
  name: 'pg',
  message:
    'SQL lives in the storage backend (src/core/storage/postgres/, decision 0136): use the ports.',
}
const s3Only = {
  group: ['@aws-sdk/*'],
  message:
    'The S3 client lives in the S3 media store (src/core/storage/s3/, decision 0144): use storage.media.',
}

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
    // SQL belongs to a storage backend (decisions 0100, 0107 and 0136): better-sqlite3 is
    // imported under src/core/storage/sqlite/ only, and pg under src/core/storage/postgres/
    // only; every other module goes through the ports. The S3 client is the S3 media store's
    // alone (src/core/storage/s3/, decision 0144). A later block for the same rule replaces this
    // one's lists, so each backend's folder below repeats the restrictions that apply there.
    files: ['src/**'],
    ignores: [
      'src/core/storage/sqlite/**',
      'src/core/storage/postgres/**',
      'src/core/storage/s3/**',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [sqliteOnly, postgresOnly], patterns: [s3Only] },
      ],
    },
  },
  {
    files: ['src/core/storage/sqlite/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [postgresOnly], patterns: [s3Only] },
      ],
    },
  },
  {
    files: ['src/core/storage/postgres/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [sqliteOnly], patterns: [s3Only] },
      ],
    },
  },
  {
    files: ['src/core/storage/s3/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [sqliteOnly, postgresOnly] }],
    },
  },
  {
    // Redaction goes through the owners (decision 0122): it asks each port that holds text to
    // mask it, inside one storage.transaction, and runs no SQL of its own.
    files: ['src/core/redaction/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='db']",
          message:
            'Redaction masks through the owners’ ports (storage.masking, decision 0122), not the database.',
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
