// Installs an evaluation corpus (real npm packages at pinned versions) into an ignored folder
// under .cache/. Idempotent: when every pinned package is already installed at its pinned
// version, nothing is run. Package code is never committed; only the labels are.
//
// Corpora (`--corpus <name>` in scripts/eval.mjs):
//   ts             test/eval/ts/corpus.json        -> .cache/eval-corpus   (the project's own labels)
//   blind          test/eval/blind/ts/corpus.json  -> .cache/blind-corpus  (blind labels, both halves)
//   blind-dev      the same file, packages of its `split.dev` half only
//   blind-holdout  the same file, packages of its `split.holdout` half only (scored by the lead only)
//   blind2, blind2-dev, blind2-holdout   test/eval/blind2/ts/corpus.json -> .cache/blind2-corpus (second blind corpus)
//   blind3         test/eval/blind3/ts/corpus.json -> .cache/blind3-corpus (third blind corpus, one set, no split)
//   blind4         test/eval/blind4/ts/corpus.json -> .cache/blind4-corpus (fourth blind corpus, one set, no split)
//   blind5         test/eval/blind5/ts/corpus.json -> .cache/blind5-corpus (fifth blind corpus, one set, no split)
//   blind6         test/eval/blind6/ts/corpus.json -> .cache/blind6-corpus (sixth blind corpus, one set, no split)
//   blind7         test/eval/blind7/ts/corpus.json -> .cache/blind7-corpus (seventh blind corpus, one set, no split)
//   blind8         test/eval/blind8/ts/corpus.json -> .cache/blind8-corpus (eighth blind corpus, one set, no split)
//   blind9         test/eval/blind9/ts/corpus.json -> .cache/blind9-corpus (ninth blind corpus, one set, no split)
//   blind10        test/eval/blind10/ts/corpus.json -> .cache/blind10-corpus (tenth blind corpus, one set, no split)
//   blind11        test/eval/blind11/ts/corpus.json -> .cache/blind11-corpus (eleventh blind corpus, one set, no split)
//   blind12        test/eval/blind12/ts/corpus.json -> .cache/blind12-corpus (twelfth blind corpus, one set, no split)
// or a path to any corpus file of the same shape, installed into .cache/corpus-<file name>.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_FILE = join(ROOT, 'test', 'eval', 'ts', 'corpus.json');
export const CORPUS_PREFIX = join(ROOT, '.cache', 'eval-corpus');
export const CORPUS_NODE_MODULES = join(CORPUS_PREFIX, 'node_modules');

const BLIND_FILE = join(ROOT, 'test', 'eval', 'blind', 'ts', 'corpus.json');
const BLIND_PREFIX = join(ROOT, '.cache', 'blind-corpus');
const BLIND2_FILE = join(ROOT, 'test', 'eval', 'blind2', 'ts', 'corpus.json');
const BLIND2_PREFIX = join(ROOT, '.cache', 'blind2-corpus');

/** A one-set blind corpus (blind3 onwards): test/eval/<name>/ts/corpus.json -> .cache/<name>-corpus. */
function oneSetBlindCorpus(name) {
  return [name, { file: join(ROOT, 'test', 'eval', name, 'ts', 'corpus.json'), prefix: join(ROOT, '.cache', `${name}-corpus`) }];
}
const ONE_SET_BLIND_CORPORA = ['blind3', 'blind4', 'blind5', 'blind6', 'blind7', 'blind8', 'blind9', 'blind10', 'blind11', 'blind12'];

const NAMED_CORPORA = {
  ts: { file: CORPUS_FILE, prefix: CORPUS_PREFIX },
  blind: { file: BLIND_FILE, prefix: BLIND_PREFIX },
  'blind-dev': { file: BLIND_FILE, prefix: BLIND_PREFIX, half: 'dev' },
  'blind-holdout': { file: BLIND_FILE, prefix: BLIND_PREFIX, half: 'holdout' },
  blind2: { file: BLIND2_FILE, prefix: BLIND2_PREFIX },
  'blind2-dev': { file: BLIND2_FILE, prefix: BLIND2_PREFIX, half: 'dev' },
  'blind2-holdout': { file: BLIND2_FILE, prefix: BLIND2_PREFIX, half: 'holdout' },
  ...Object.fromEntries(ONE_SET_BLIND_CORPORA.map(oneSetBlindCorpus)),
};

/**
 * Where a corpus's labels are and where its packages go: { name, file, prefix, half? }.
 * `spec` is a name above or a path to a corpus file.
 */
export function corpusSource(spec = 'ts') {
  const named = NAMED_CORPORA[spec];
  if (named) return { name: spec, ...named };
  const file = resolve(spec);
  if (!existsSync(file)) {
    throw new Error(`unknown corpus "${spec}": not one of ${Object.keys(NAMED_CORPORA).join(', ')}, nor an existing file`);
  }
  return { name: basename(file, '.json'), file, prefix: join(ROOT, '.cache', `corpus-${basename(file, '.json')}`) };
}

/**
 * Reads a corpus file. With a `half` ('dev' or 'holdout'), keeps only that half's packages and
 * their functions, as recorded in the file's `split`.
 */
export function readCorpus(file = CORPUS_FILE, half = undefined) {
  const corpus = JSON.parse(readFileSync(file, 'utf8'));
  if (!half) return corpus;
  const members = corpus.split?.[half];
  if (!Array.isArray(members)) throw new Error(`${file} has no split.${half} list`);
  const keep = new Set(members);
  return {
    ...corpus,
    packages: Object.fromEntries(Object.entries(corpus.packages).filter(([name]) => keep.has(name))),
    functions: corpus.functions.filter((f) => keep.has(f.package)),
  };
}

/** Directory of an installed package (scoped names work too). */
export function packageDir(name, prefix = CORPUS_PREFIX) {
  return join(prefix, 'node_modules', ...name.split('/'));
}

function installedVersion(name, prefix) {
  try {
    return JSON.parse(readFileSync(join(packageDir(name, prefix), 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Packages whose installed version differs from the pinned one (or that are absent). */
export function missingPackages(packages, prefix = CORPUS_PREFIX) {
  return Object.entries(packages)
    .filter(([name, version]) => installedVersion(name, prefix) !== version)
    .map(([name, version]) => `${name}@${version}`);
}

/**
 * Makes sure every package in `packages` ({name: exactVersion}) is installed under `prefix`.
 * Returns the list of specs that had to be installed (empty when all were there).
 */
export function installCorpus(
  packages = readCorpus().packages,
  { log = (m) => process.stderr.write(m + '\n'), prefix = CORPUS_PREFIX } = {},
) {
  const missing = missingPackages(packages, prefix);
  if (missing.length === 0) return [];
  mkdirSync(prefix, { recursive: true });
  const pkgJson = join(prefix, 'package.json');
  if (!existsSync(pkgJson)) {
    writeFileSync(pkgJson, JSON.stringify({ name: `threadwise-${basename(prefix)}`, private: true }, null, 2) + '\n');
  }
  // Install the whole pinned set in one go: npm reuses what is already there and dedupes
  // dependencies against all of them.
  const specs = Object.entries(packages).map(([name, version]) => `${name}@${version}`);
  log(`eval corpus: installing ${missing.length} package(s) into ${prefix}: ${missing.join(' ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(
    npm,
    ['install', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', ...specs],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT },
  );
  const still = missingPackages(packages, prefix);
  if (still.length) throw new Error(`eval corpus: still missing after npm install: ${still.join(' ')}`);
  return missing;
}

// node scripts/lib/corpus-install.mjs [corpus]   (default: ts)
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const source = corpusSource(process.argv[2]);
  const done = installCorpus(readCorpus(source.file, source.half).packages, { prefix: source.prefix });
  console.log(done.length ? `installed ${done.length} package(s) into ${source.prefix}` : `corpus ${source.name} already installed`);
}
