/**
 * Differential test: random realistic edits go through the incremental path (Analyzer.updateFile,
 * which the language server uses, with files summarised in a worker thread as the server does), and what a client would now show — every report an edit
 * returned, the latest one per file — must equal a fresh analysis of the same texts, after every
 * edit, for every file. Callers' request context and arguments flow down to callees and verdicts
 * flow up to callers, so a report an edit fails to return is a stale diagnostic on screen.
 *
 * Runs with a fixed seed and a small budget in the unit tests; `npm run test:differential` runs
 * longer (THREADWISE_DIFF_EDITS edits, default 400; THREADWISE_DIFF_SEED picks the sequence).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import { SummaryWorkers } from '../../../src/core/typescript/summary-workers';
import type { FileReport } from '../../../src/core/model';
import { mulberry32 } from '../../../scripts/lib/seeded-random.mjs';

const EDITS = Number(process.env.THREADWISE_DIFF_EDITS ?? 24);
const SEED = Number(process.env.THREADWISE_DIFF_SEED ?? 20261206);

/** A small service: handlers → routes → libraries, workers, and a Python side with threads. */
const PROJECT: Record<string, string> = {
  'src/server.ts': `import { createServer } from 'node:http';
import { renderReport, loadPage } from './routes';
import { checksum } from './lib/heavy';
createServer(async (req, res) => {
  const page = loadPage(req.url ?? '/');
  const report = await renderReport(20);
  res.end(page + report + checksum(1000));
}).listen(8080);
`,
  'src/routes.ts': `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { crunch, checksum } from './lib/heavy';
import { fetchAll } from './lib/io';
export function loadPage(url: string): string {
  return readFileSync(url, 'utf8');
}
export async function renderReport(count: number): Promise<string> {
  const rows = await fetchAll(['a', 'b', 'c']);
  const total = crunch(50_000_000);
  return rows.join(',') + total + checksum(count) + (await readFile('footer.html', 'utf8'));
}
`,
  'src/lib/heavy.ts': `export function crunch(limit: number): number {
  let total = 0;
  for (let i = 0; i < limit; i++) total += i % 7;
  return total;
}
export function checksum(rounds: number): number {
  let hash = 0;
  for (let i = 0; i < rounds; i++) hash = (hash * 31 + i) | 0;
  return hash;
}
`,
  'src/lib/io.ts': `import { readFile } from 'node:fs/promises';
export async function fetchAll(names: string[]): Promise<string[]> {
  const results: string[] = [];
  for (const name of names) {
    results.push(await readFile(name, 'utf8'));
  }
  return results;
}
`,
  'src/jobs.ts': `import { Worker } from 'node:worker_threads';
import { crunch } from './lib/heavy';
export function startAll(items: string[]): void {
  for (const item of items) {
    new Worker('./job.js', { workerData: item });
  }
}
export function nightly(): number {
  return crunch(10);
}
`,
  'py/tasks.py': `def crunch(limit):
    total = 0
    for i in range(limit):
        total += i % 7
    return total


def fetch(path):
    with open(path) as handle:
        return handle.read()
`,
  'py/app.py': `import threading
from tasks import crunch, fetch


def run():
    crunch(10_000_000)


def serve():
    fetch("page.html")


threading.Thread(target=run).start()
threading.Thread(target=serve).start()
`,
};

type Edit = (lines: string[], random: () => number, python: boolean) => string;

const at = (random: () => number, length: number) => Math.floor(random() * length);

/** Edits people make: comment a line out or back in, change a bound, toggle async, move, duplicate, break the syntax. */
const EDIT_KINDS: Record<string, Edit> = {
  'toggle a comment': (lines, random, python) => {
    const index = at(random, lines.length);
    const marker = python ? '# ' : '// ';
    const line = lines[index];
    const indent = /^\s*/.exec(line)![0];
    lines[index] = line.trimStart().startsWith(marker) ? indent + line.trimStart().slice(marker.length) : `${indent}${marker}${line.trimStart()}`;
    return `line ${index + 1}`;
  },
  'change a number': (lines, random) => {
    const candidates = lines.map((line, index) => (/\d/.test(line) ? index : -1)).filter((index) => index >= 0);
    if (candidates.length === 0) return 'no number';
    const index = candidates[at(random, candidates.length)];
    const values = ['10', '1000', '20', '50_000_000', '100_000_000', '3'];
    lines[index] = lines[index].replace(/\b\d[\d_]*\b/, values[at(random, values.length)]);
    return `line ${index + 1}`;
  },
  'toggle async': (lines, random, python) => {
    const pattern = python ? /^(\s*)(async )?def / : /\b(export )?(async )?function /;
    const candidates = lines.map((line, index) => (pattern.test(line) ? index : -1)).filter((index) => index >= 0);
    if (candidates.length === 0) return 'no function';
    const index = candidates[at(random, candidates.length)];
    lines[index] = python
      ? lines[index].replace(pattern, (_, indent: string, isAsync: string | undefined) => `${indent}${isAsync ? '' : 'async '}def `)
      : lines[index].replace(pattern, (_, exported: string | undefined, isAsync: string | undefined) => `${exported ?? ''}${isAsync ? '' : 'async '}function `);
    return `line ${index + 1}`;
  },
  'delete a line': (lines, random) => {
    const index = at(random, lines.length);
    lines.splice(index, 1);
    return `line ${index + 1}`;
  },
  'duplicate a line': (lines, random) => {
    const index = at(random, lines.length);
    lines.splice(index, 0, lines[index]);
    return `line ${index + 1}`;
  },
  'move a line': (lines, random) => {
    const from = at(random, lines.length);
    const [line] = lines.splice(from, 1);
    const to = at(random, lines.length + 1);
    lines.splice(to, 0, line);
    return `line ${from + 1} to ${to + 1}`;
  },
  'break the syntax': (lines, random, python) => {
    const index = at(random, lines.length);
    lines[index] = `${lines[index]}${python ? ' (' : ' {'}`;
    return `line ${index + 1}`;
  },
};

/** What a client shows for a report: findings and verdicts, not the analyser's internals. */
function shown(report: FileReport | undefined): unknown {
  if (!report) return undefined;
  return {
    skipped: report.skipped,
    functions: report.functions.map((fn) => [fn.name, fn.kind, fn.range.line, fn.range.column, fn.confidence, fn.inRequestPath]),
    findings: report.findings.map((finding) => [finding.rule, finding.severity, finding.range.line, finding.range.column, finding.message]),
  };
}

describe('differential: incremental (editor) path == fresh analysis', function () {
  this.timeout(600_000);

  it(`after each of ${EDITS} random realistic edits (seed ${SEED}), every file shows what a fresh analysis gives`, async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-differential-')));
    const random = mulberry32(SEED);
    const texts = new Map(Object.entries(PROJECT).map(([name, text]) => [path.join(root, name), text]));
    for (const [file, text] of texts) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    const files = [...texts.keys()].sort();
    // The language server's path: TypeScript summarised in a worker, on load and on every edit.
    const workers = new SummaryWorkers({ minEditChars: 0 });
    const incremental = new Analyzer({ root, config: DEFAULT_CONFIG, summaryWorkers: workers });
    const published = new Map((await incremental.analyzeFiles(files)).map((report) => [report.path, report]));
    const kinds = Object.keys(EDIT_KINDS);
    const mismatches: string[] = [];
    try {
      for (let step = 1; step <= EDITS; step++) {
        const file = files[at(random, files.length)];
        const kind = kinds[at(random, kinds.length)];
        const lines = texts.get(file)!.split('\n');
        const where = EDIT_KINDS[kind](lines, random, file.endsWith('.py'));
        const text = lines.join('\n');
        texts.set(file, text);
        fs.writeFileSync(file, text); // saved, so a fresh analysis reads the same text
        for (const report of await incremental.updateFile(file, text)) published.set(report.path, report);
        const fresh = await new Analyzer({ root, config: DEFAULT_CONFIG }).analyzeFiles(files);
        for (const expected of fresh) {
          const actual = published.get(expected.path);
          try {
            assert.deepEqual(shown(actual), shown(expected));
          } catch {
            mismatches.push(`edit ${step} (${kind} in ${path.relative(root, file)}, ${where}): ${path.relative(root, expected.path)} shows ${JSON.stringify(shown(actual))}, fresh gives ${JSON.stringify(shown(expected))}`);
            published.set(expected.path, expected); // count each divergence once
          }
        }
      }
    } finally {
      await workers.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
    assert.deepEqual(mismatches, [], `${mismatches.length} mismatches in ${EDITS} edits`);
  });
});
