#!/usr/bin/env node
// Usage: node scripts/ensure-chromium.js
//
// The browser tests drive Debian's chromium through playwright-core (a test tool's own browser download cannot
// reach its servers from these machines). This makes sure it is there: KNTC_CHROMIUM or /usr/bin/chromium when
// present. Otherwise it fails and says how to install it, unless KNTC_INSTALL_CHROMIUM=1 (CI sets it): then, on
// Debian as root (or with password-less sudo), it installs the `chromium` package with apt-get. Prints the
// browser's path and version.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');

const DEFAULT_PATH = '/usr/bin/chromium';

function fail(message) {
  process.stderr.write(`ensure-chromium: ${message}\n`);
  process.exit(1);
}

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function version(file) {
  try {
    return execFileSync(file, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch (error) {
    return fail(`${file} is there but "${file} --version" failed: ${error.message}`);
  }
}

function run(command, args) {
  process.stderr.write(`ensure-chromium: ${[command, ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

function install() {
  const howTo = 'install it with "sudo apt-get install -y chromium" (Debian), or set KNTC_CHROMIUM to a Chromium or Chrome binary';
  if (process.env.KNTC_INSTALL_CHROMIUM !== '1') fail(`no chromium at ${DEFAULT_PATH}: ${howTo} (KNTC_INSTALL_CHROMIUM=1 lets this script install it)`);
  if (!executable('/usr/bin/apt-get')) fail(`no chromium at ${DEFAULT_PATH} and no apt-get here: ${howTo}`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : spawnSync('sudo', ['-n', 'true']).status === 0 ? ['sudo', '-n'] : undefined;
  if (sudo === undefined) fail(`no chromium at ${DEFAULT_PATH}, and installing it needs root: ${howTo}`);
  const apt = (args) => (sudo.length > 0 ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args]) : run('apt-get', args));
  // A fresh machine may have no package lists yet; a failed install is retried once after an update.
  if (!apt(['install', '-y', '--no-install-recommends', 'chromium'])) {
    if (!apt(['update']) || !apt(['install', '-y', '--no-install-recommends', 'chromium'])) fail(`apt-get could not install chromium: ${howTo}`);
  }
}

const configured = process.env.KNTC_CHROMIUM;
if (configured) {
  if (!executable(configured)) fail(`KNTC_CHROMIUM=${configured} is not an executable file`);
  process.stdout.write(`ensure-chromium: ${configured}: ${version(configured)}\n`);
} else {
  if (!executable(DEFAULT_PATH)) install();
  if (!executable(DEFAULT_PATH)) fail(`chromium was installed but ${DEFAULT_PATH} is missing`);
  process.stdout.write(`ensure-chromium: ${DEFAULT_PATH}: ${version(DEFAULT_PATH)}\n`);
}
