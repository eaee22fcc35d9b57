/**
 * Checks shared by the blind corpora's tests: the shape of a corpus file and the package names
 * other corpora and the triage projects use (a blind corpus must share none of them).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KINDS } from '../../eval/python/evaluate';

export const EVAL = path.join(__dirname, '..', '..', 'eval');
const TRIAGE_PROJECTS = path.join(__dirname, '..', '..', 'triage', 'projects.json');

export interface Entry {
  package: string;
  file: string;
  function: string;
  line: number;
  label: string;
  interprocedural: boolean;
  why: string;
}

export interface Corpus {
  packages?: Record<string, unknown>;
  /** Python corpora: where the extracted packages' sources lie. */
  sourceRoot?: string;
  functions: Entry[];
}

export function readCorpus(file: string): Corpus {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function debianName(info: unknown): string | undefined {
  return typeof info === 'object' && info !== null ? (info as { debian?: string }).debian : undefined;
}

/**
 * Known kinds, pinned packages, no function labelled twice, a third decidable only across
 * functions; with `minSupportPerKind`, at least that many functions of cpu, io, mixed and none.
 */
export function assertWellFormed(corpus: Corpus, minSupportPerKind?: number): void {
  const packages = Object.keys(corpus.packages ?? {});
  assert.ok(packages.length >= 8, 'at least 8 packages');
  assert.ok(corpus.functions.length >= 75, 'at least 75 functions');
  const seen = new Set<string>();
  for (const e of corpus.functions) {
    const where = `${e.package} ${e.file}:${e.line} ${e.function}`;
    assert.ok((KINDS as readonly string[]).includes(e.label), `${where}: unknown kind ${e.label}`);
    assert.ok(packages.includes(e.package), `${where}: package not pinned`);
    assert.ok(Number.isInteger(e.line) && e.line > 0, `${where}: line`);
    assert.equal(typeof e.interprocedural, 'boolean', `${where}: interprocedural`);
    assert.ok(e.why.trim().length > 0, `${where}: why`);
    const key = `${e.package}/${e.file}:${e.line}:${e.function}`;
    assert.ok(!seen.has(key), `${key} labelled twice`);
    seen.add(key);
  }
  const crossFunction = corpus.functions.filter((e) => e.interprocedural).length;
  assert.ok(crossFunction * 3 >= corpus.functions.length, 'at least a third decidable only across functions');
  if (minSupportPerKind === undefined) return;
  for (const kind of ['cpu', 'io', 'mixed', 'none']) {
    const support = corpus.functions.filter((e) => e.label === kind).length;
    assert.ok(support >= minSupportPerKind, `${kind}: ${support} functions, fewer than ${minSupportPerKind} to measure it on`);
  }
}

/**
 * Every corpus file under test/eval except those of the folder `own` (a blind corpus's own): the
 * project's corpora and every blind corpus, present and future, so a new corpus must avoid the
 * packages of all the earlier ones and they must avoid its packages.
 */
export function otherCorpusFiles(own: string): string[] {
  return fs
    .readdirSync(EVAL, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== own)
    .flatMap((entry) => [path.join(EVAL, entry.name, 'corpus.json'), ...['ts', 'python'].map((language) => path.join(EVAL, entry.name, language, 'corpus.json'))])
    .filter((file) => fs.existsSync(file));
}

/** Package names (npm, Python import names and Debian names) used by these corpus files and by the triage projects. */
export function namesUsedBy(corpusFiles: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of corpusFiles) {
    const corpus = readCorpus(file);
    for (const [name, info] of Object.entries(corpus.packages ?? {})) {
      names.add(name);
      const debian = debianName(info);
      if (debian) names.add(debian);
    }
    for (const e of corpus.functions) names.add(e.package);
  }
  const triage = JSON.parse(fs.readFileSync(TRIAGE_PROJECTS, 'utf8')) as { npm: Record<string, string>; debian: Record<string, string> };
  for (const name of [...Object.keys(triage.npm), ...Object.keys(triage.debian)]) names.add(name);
  return names;
}

/** Where install-python-corpus.sh extracts a corpus's packages: the root that its sourceRoot names. */
export function extractionRoot(folder: string): string {
  return `/var/cache/threadwise-${folder}/root/usr/lib/python3/dist-packages`;
}

/**
 * A blind corpus's python/install.sh is the one-line call of the shared installer
 * (test/eval/install-python-corpus.sh) on the corpus file beside it, so the pins live only in
 * corpus.json: each pinned as python3-name=version, extracted under /var/cache/threadwise-<folder>.
 */
export function assertInstallsWithSharedInstaller(folder: string, python: Corpus): void {
  const script = fs.readFileSync(path.join(EVAL, folder, 'python', 'install.sh'), 'utf8');
  assert.match(script, /^exec sh "\$\(dirname "\$0"\)\/\.\.\/\.\.\/install-python-corpus\.sh" "\$\(dirname "\$0"\)\/corpus\.json"$/m);
  assert.doesNotMatch(script, /python3-[\w.-]+=/, 'pins belong in corpus.json, not in install.sh');
  assert.equal(python.sourceRoot, extractionRoot(folder));
  for (const info of Object.values(python.packages ?? {})) {
    const pinned = info as { debian?: string; version?: string };
    assert.match(`${pinned.debian}=${pinned.version}`, /^python3-[\w.-]+=\S+$/);
  }
}

/**
 * The tests of a one-set blind corpus made like blind corpora 4 and 5 (`test/eval/<folder>/{ts,
 * python}/corpus.json` and `python/install.sh`): its shape and its independence from every other
 * corpus and triage project. Which label a function has is not looked at.
 */
export function describeBlindCorpus(folder: string, title: string): void {
  const root = path.join(EVAL, folder);
  describe(title, () => {
    const ts = readCorpus(path.join(root, 'ts', 'corpus.json'));
    const python = readCorpus(path.join(root, 'python', 'corpus.json'));

    it('TS/JS corpus is well formed: known kinds, pinned exact versions, no duplicates, every class supported', () => {
      assertWellFormed(ts, 12);
      for (const [name, version] of Object.entries(ts.packages ?? {})) assert.match(String(version), /^\d+\.\d+\.\d+$/, name);
    });

    it('Python corpus is well formed: known kinds, pinned Debian versions, files inside their package or module', () => {
      assertWellFormed(python, 12);
      for (const info of Object.values(python.packages ?? {})) {
        const pinned = info as { debian?: string; version?: string };
        assert.match(`${pinned.debian}=${pinned.version}`, /^python3-[\w.-]+=\S+$/);
      }
      // a package is a directory (its files lie under it) or a single module file (`png.py`)
      for (const e of python.functions) assert.ok(e.file === e.package || e.file.startsWith(`${e.package}/`), `${e.file} is outside ${e.package}`);
    });

    it('install.sh runs the shared installer on its own corpus.json, whose sourceRoot is this corpus\'s extraction root', () => {
      assertInstallsWithSharedInstaller(folder, python);
    });

    it('has at least 15 packages in all and uses none of another corpus or of the triage projects', () => {
      const otherFiles = otherCorpusFiles(folder);
      assert.ok(otherFiles.length >= 8, 'the other corpora were found');
      const others = namesUsedBy(otherFiles);
      const mine = [
        ...Object.keys(ts.packages ?? {}),
        ...Object.entries(python.packages ?? {}).flatMap(([name, info]) => [name, name.replace(/\.py$/, ''), debianName(info) ?? name]),
      ];
      assert.ok(Object.keys(ts.packages ?? {}).length + Object.keys(python.packages ?? {}).length >= 15, 'at least 15 packages');
      assert.deepEqual(mine.filter((name) => others.has(name)), []);
    });
  });
}
