#!/usr/bin/env node
// `depcruise --config .dependency-cruiser.js <dirs>` through dependency-cruiser's API. Its CLI (v18) refuses to
// start on Node < 22, although the cruise itself runs on Node 20; the API has no such check.
// Usage: node scripts/depcruise.mjs [dir...]   (default: apps libs test bench, those that exist)
import * as path from 'node:path';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const dirs = (process.argv.length > 2 ? process.argv.slice(2) : ['apps', 'libs', 'test', 'bench']).filter((dir) => fs.existsSync(dir));
const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.js'));
const tsConfigFile = options.tsConfig?.fileName;
const tsConfig = tsConfigFile ? extractTSConfig(path.join(root, tsConfigFile)) : undefined;

const result = await cruise(dirs, { ...options, outputType: 'err' }, {}, tsConfig ? { tsConfig } : {});
process.stdout.write(result.output);
process.exitCode = result.exitCode > 0 ? 1 : 0;
