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
