import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVAL, assertWellFormed, debianName, namesUsedBy, otherCorpusFiles, readCorpus as read } from './blind-corpus-checks';

// Blind corpus 4 is one set (no dev/holdout split). These checks look at its shape and at its
// independence from every other corpus and triage project; which label a function has is not
// looked at here.
const BLIND4 = path.join(EVAL, 'blind4');

describe('blind corpus 4', () => {
  const ts = read(path.join(BLIND4, 'ts', 'corpus.json'));
  const python = read(path.join(BLIND4, 'python', 'corpus.json'));

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
    // a package is a directory (its files lie under it) or a single module file (png.py)
    for (const e of python.functions) assert.ok(e.file === e.package || e.file.startsWith(`${e.package}/`), `${e.file} is outside ${e.package}`);
  });

  it('install.sh pins exactly the Debian packages the Python corpus lists', () => {
    const script = fs.readFileSync(path.join(BLIND4, 'python', 'install.sh'), 'utf8');
    const pinnedInScript = [...script.matchAll(/(python3-[\w.-]+)=(\S+)/g)].map((m) => `${m[1]}=${m[2]}`).sort();
    const pinnedInCorpus = Object.values(python.packages ?? {})
      .map((info) => info as { debian: string; version: string })
      .map((info) => `${info.debian}=${info.version}`)
      .sort();
    assert.deepEqual(pinnedInScript, pinnedInCorpus);
  });

  it('has at least 15 packages in all and uses none of another corpus or of the triage projects', () => {
    const others = namesUsedBy(otherCorpusFiles('blind4'));
    assert.ok(otherCorpusFiles('blind4').length >= 8, 'the other corpora were found');
    const mine = [
      ...Object.keys(ts.packages ?? {}),
      ...Object.entries(python.packages ?? {}).flatMap(([name, info]) => [name, name.replace(/\.py$/, ''), debianName(info) ?? name]),
    ];
    assert.ok(Object.keys(ts.packages ?? {}).length + Object.keys(python.packages ?? {}).length >= 15, 'at least 15 packages');
    assert.deepEqual(mine.filter((name) => others.has(name)), []);
  });
});
