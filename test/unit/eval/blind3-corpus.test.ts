import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KINDS } from '../../eval/python/evaluate';

// Blind corpus 3 is one set (no dev/holdout split). These checks look at its shape and at its
// independence from every other corpus and triage project; which label a function has is not
// looked at here.
const EVAL = path.join(__dirname, '..', '..', 'eval');
const TRIAGE_PROJECTS = path.join(__dirname, '..', '..', 'triage', 'projects.json');

interface Entry {
  package: string;
  file: string;
  function: string;
  line: number;
  label: string;
  interprocedural: boolean;
  why: string;
}

function read(file: string): { packages?: Record<string, unknown>; functions: Entry[] } {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function debianName(info: unknown): string | undefined {
  return typeof info === 'object' && info !== null ? (info as { debian?: string }).debian : undefined;
}

function assertWellFormed(corpus: { packages?: Record<string, unknown>; functions: Entry[] }): void {
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
}

describe('blind corpus 3', () => {
  const ts = read(path.join(EVAL, 'blind3', 'ts', 'corpus.json'));
  const python = read(path.join(EVAL, 'blind3', 'python', 'corpus.json'));

  it('TS/JS corpus is well formed: known kinds, pinned exact versions, no duplicates', () => {
    assertWellFormed(ts);
    for (const [name, version] of Object.entries(ts.packages ?? {})) assert.match(String(version), /^\d+\.\d+\.\d+$/, name);
  });

  it('Python corpus is well formed: known kinds, pinned Debian versions, files inside their package', () => {
    assertWellFormed(python);
    for (const info of Object.values(python.packages ?? {})) {
      const pinned = info as { debian?: string; version?: string };
      assert.match(`${pinned.debian}=${pinned.version}`, /^python3-[\w.-]+=\S+$/);
    }
    for (const e of python.functions) assert.ok(e.file.startsWith(`${e.package}/`), `${e.file} is outside ${e.package}/`);
  });

  it('uses no package of another corpus or of the triage projects', () => {
    const others = new Set<string>();
    const otherCorpora = [
      path.join(EVAL, 'ts', 'corpus.json'),
      path.join(EVAL, 'python', 'corpus.json'),
      ...fs.readdirSync(EVAL).filter((folder) => folder.startsWith('blind') && folder !== 'blind3').flatMap((folder) => ['ts', 'python'].map((language) => path.join(EVAL, folder, language, 'corpus.json'))),
    ].filter((file) => fs.existsSync(file));
    assert.ok(otherCorpora.length >= 6);
    for (const file of otherCorpora) {
      const corpus = read(file);
      for (const [name, info] of Object.entries(corpus.packages ?? {})) {
        others.add(name);
        const debian = debianName(info);
        if (debian) others.add(debian);
      }
      for (const e of corpus.functions) others.add(e.package);
    }
    const triage = JSON.parse(fs.readFileSync(TRIAGE_PROJECTS, 'utf8')) as { npm: Record<string, string>; debian: Record<string, string> };
    for (const name of [...Object.keys(triage.npm), ...Object.keys(triage.debian)]) others.add(name);

    const mine = [
      ...Object.keys(ts.packages ?? {}),
      ...Object.entries(python.packages ?? {}).flatMap(([name, info]) => [name, debianName(info) ?? name]),
    ];
    assert.deepEqual(mine.filter((name) => others.has(name)), []);
  });
});
