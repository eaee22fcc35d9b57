import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVAL, assertWellFormed, debianName, namesUsedBy, readCorpus as read } from './blind-corpus-checks';

// Blind corpus 3 is one set (no dev/holdout split). These checks look at its shape and at its
// independence from every other corpus and triage project; which label a function has is not
// looked at here.

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
    const otherCorpora = [
      path.join(EVAL, 'ts', 'corpus.json'),
      path.join(EVAL, 'python', 'corpus.json'),
      ...fs.readdirSync(EVAL).filter((folder) => folder.startsWith('blind') && folder !== 'blind3').flatMap((folder) => ['ts', 'python'].map((language) => path.join(EVAL, folder, language, 'corpus.json'))),
    ].filter((file) => fs.existsSync(file));
    assert.ok(otherCorpora.length >= 6);
    const others = namesUsedBy(otherCorpora);

    const mine = [
      ...Object.keys(ts.packages ?? {}),
      ...Object.entries(python.packages ?? {}).flatMap(([name, info]) => [name, debianName(info) ?? name]),
    ];
    assert.deepEqual(mine.filter((name) => others.has(name)), []);
  });
});
