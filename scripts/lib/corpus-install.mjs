// Installs the evaluation corpus (real npm packages at pinned versions) into the ignored
// folder .cache/eval-corpus/. Idempotent: when every pinned package is already installed at its
// pinned version, nothing is run. Package code is never committed; only the labels in
// test/eval/ts/corpus.json are.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_FILE = join(ROOT, 'test', 'eval', 'ts', 'corpus.json');
export const CORPUS_PREFIX = join(ROOT, '.cache', 'eval-corpus');
export const CORPUS_NODE_MODULES = join(CORPUS_PREFIX, 'node_modules');

export function readCorpus(file = CORPUS_FILE) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Directory of an installed package (scoped names work too). */
export function packageDir(name) {
  return join(CORPUS_NODE_MODULES, ...name.split('/'));
}

function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Packages whose installed version differs from the pinned one (or that are absent). */
export function missingPackages(packages) {
  return Object.entries(packages)
    .filter(([name, version]) => installedVersion(name) !== version)
    .map(([name, version]) => `${name}@${version}`);
}

/**
 * Makes sure every package in `packages` ({name: exactVersion}) is installed.
 * Returns the list of specs that had to be installed (empty when all were there).
 */
export function installCorpus(packages = readCorpus().packages, { log = (m) => process.stderr.write(m + '\n') } = {}) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return [];
  mkdirSync(CORPUS_PREFIX, { recursive: true });
  const pkgJson = join(CORPUS_PREFIX, 'package.json');
  if (!existsSync(pkgJson)) {
    writeFileSync(pkgJson, JSON.stringify({ name: 'threadwise-eval-corpus', private: true }, null, 2) + '\n');
  }
  // Install the whole pinned set in one go: npm reuses what is already there and dedupes
  // dependencies against all of them.
  const specs = Object.entries(packages).map(([name, version]) => `${name}@${version}`);
  log(`eval corpus: installing ${missing.length} package(s) into ${CORPUS_PREFIX}: ${missing.join(' ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(
    npm,
    ['install', '--prefix', CORPUS_PREFIX, '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', ...specs],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT },
  );
  const still = missingPackages(packages);
  if (still.length) throw new Error(`eval corpus: still missing after npm install: ${still.join(' ')}`);
  return missing;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const done = installCorpus();
  console.log(done.length ? `installed ${done.length} package(s)` : 'eval corpus already installed');
}
