// Syntax-only rules (no type-aware linting) so `npm run lint` stays fast; `tsc --noEmit` does the type checks.
const { defineConfig, globalIgnores } = require('eslint/config');
const tseslint = require('typescript-eslint');
const checkFile = require('eslint-plugin-check-file');
const reactHooks = require('eslint-plugin-react-hooks');

// house style: time is an input, so the domain never reads the clock nor waits.
const NO_CLOCK_OR_SLEEP = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Date.now() in libs/domain: time is an input (pass `now` in).' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() in libs/domain: time is an input (pass `now` in).' },
  { selector: "CallExpression[callee.name=/^set(Timeout|Interval|Immediate)$/]", message: 'Timers in libs/domain: the domain is pure and never sleeps.' },
  { selector: "MemberExpression[property.name=/^set(Timeout|Interval|Immediate)$/]", message: 'Timers in libs/domain: the domain is pure and never sleeps.' },
  { selector: "ImportDeclaration[source.value=/^(node:)?timers(\\/promises)?$/]", message: 'Timers in libs/domain: the domain is pure and never sleeps.' },
];

module.exports = defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'data/', '.tmp/']),
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { 'check-file': checkFile },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // house style: kebab-case file names; role suffixes (`.handler`, `.int-spec`) are not part of the name.
      'check-file/filename-naming-convention': ['error', { '**/*.ts': 'KEBAB_CASE' }, { ignoreMiddleExtensions: true }],
      'check-file/folder-naming-convention': ['error', { '{apps,libs}/*/src/**/': 'KEBAB_CASE' }],
    },
  },
  {
    // The web UI (React): the rules of hooks, kebab-case file names as everywhere else.
    files: ['apps/web/**/*.tsx', 'apps/web/**/*.ts', 'apps/web/**/*.mts'],
    extends: [tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    plugins: { 'check-file': checkFile },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      'check-file/filename-naming-convention': ['error', { '**/*.{ts,tsx}': 'KEBAB_CASE' }, { ignoreMiddleExtensions: true }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_CLOCK_OR_SLEEP] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.recommended],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.recommended],
    languageOptions: { sourceType: 'module' },
  },
]);
