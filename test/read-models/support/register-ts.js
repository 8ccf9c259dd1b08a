// `node -r test/read-models/support/register-ts.js <file.ts>`: runs the TypeScript sources without a build,
// compiled by swc with the options jest.config.js uses, and `@kntc/<lib>[/<entry>]` resolved as tsconfig.json does.
// Used to run the worker entry as a child process in tests and the benchmarks.
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const swc = require('@swc/core');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ALIAS = /^@kntc\/([a-z-]+)(?:\/([a-z-]+))?$/;

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const alias = ALIAS.exec(request);
  const target = alias ? path.join(ROOT, 'libs', alias[1], 'src', alias[2] ?? '', 'index.ts') : request;
  return originalResolve.call(this, target, parent, ...rest);
};

Module._extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
