// Three tiers by file suffix (STYLE.md rule 8). Type checking is `npm run typecheck`, not the test transform.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@kntc/workflow/loader$': '<rootDir>/libs/workflow/src/loader/index.ts',
  '^@kntc/auth/testing$': '<rootDir>/libs/auth/src/testing/test-postgres.ts',
  '^@kntc/([^/]+)$': '<rootDir>/libs/$1/src/index.ts',
};
// NestJS 12 ships ES modules only; Jest's CommonJS runtime on Node 20 cannot require them, so swc compiles them.
const ESM_PACKAGES = ['@nestjs', 'uid', 'file-type', 'strtok3', 'token-types', 'peek-readable', '@tokenizer', 'uint8array-extras'];
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '^.+\\.m?js$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'spec', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'] },
  ],
};
