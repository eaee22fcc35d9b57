// Soak: thousands of random realistic edits through the language server (stdio client, the built
// dist/server.js, debounceMs 0) on a workspace of real npm sources (scripts/lib/lsp-bench.mjs
// makes it): per thousand edits, edit → diagnostics p50/p95 and the server's live V8 heap (after a
// full collection) and RSS (threadwise/serverStats), so a leak or a latency drift shows as a trend. Used by
// scripts/bench.mjs (`--only soak`, `--soak-edits <n>`, `--soak-files <n>`); never a test.
//
// The edits: four files of one package are open; each edit picks one (seeded, so a run can be
// repeated) and either adds or takes back one change to its original text: a statement added to
// a function body, a comment line inserted (every later position moves), or a syntax error (an
// unclosed bracket, as while typing). At most MAX_CHANGES changes are applied to a file at once,
// so texts stay realistic instead of growing without end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadClient, makeWorkspace, percentile } from './lsp-bench.mjs';
import { mulberry32 } from './seeded-random.mjs';

export const SOAK_EDITS = 5000;
export const SOAK_FILES = 100;
const SEED = 20261206;
const EVERY = 1000;
const MAX_CHANGES = 12;
/** the open files: pako's, which comes first in every bench workspace */
const OPEN_FILES = ['lib/zlib/deflate.js', 'lib/zlib/inflate.js', 'lib/zlib/trees.js', 'lib/zlib/inftrees.js'];

const CHANGE_KINDS = ['statement', 'comment', 'syntax error'];

/** One open document: its original lines and the changes applied to them now. */
function documentOf(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const declarations = lines.map((line, index) => (/^\s+(var|let|const) \w+ = [^;]*;\s*$/.test(line) ? index : -1)).filter((index) => index >= 0);
  return { path, lines, declarations, changes: [], version: 1 };
}

/** The text of a document with its changes: each change is at one original line. */
function textOf(document) {
  const byLine = new Map(document.changes.map((change) => [change.line, change]));
  const out = [];
  document.lines.forEach((line, index) => {
    const change = byLine.get(index);
    if (!change) return out.push(line);
    if (change.kind === 'statement') return out.push(`${line} void ${change.id};`);
    if (change.kind === 'comment') return out.push(`// edit ${change.id}`, line);
    return out.push(`${line} (`); // syntax error
  });
  return out.join('\n');
}

/** Adds a change (or takes one back): a realistic next keystroke burst. */
function nextEdit(document, random, id) {
  const takeBack = document.changes.length >= MAX_CHANGES || (document.changes.length > 0 && random() < 0.45);
  if (takeBack) {
    document.changes.splice(Math.floor(random() * document.changes.length), 1);
    return;
  }
  const kind = CHANGE_KINDS[Math.floor(random() * CHANGE_KINDS.length)];
  const used = new Set(document.changes.map((change) => change.line));
  const candidates = (kind === 'statement' ? document.declarations : document.lines.map((_, index) => index)).filter((line) => !used.has(line));
  if (candidates.length === 0) return;
  // A syntax error is fixed by the next edit of the file, as a user finishes typing.
  document.changes = document.changes.filter((change) => change.kind !== 'syntax error');
  document.changes.push({ kind, line: candidates[Math.floor(random() * candidates.length)], id });
}

/** The soak section of `npm run bench`. */
export async function soakSection({ serverBundle, edits = SOAK_EDITS, files = SOAK_FILES, log }, dir) {
  const LspClient = await loadClient();
  const workspace = makeWorkspace(dir, files);
  // --expose-gc: the server measures its heap after a full collection (threadwise/serverStats)
  const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() };
  const client = new LspClient({ serverBundle, settings: { debounceMs: 0 }, env });
  const random = mulberry32(SEED);
  const rows = [];
  try {
    await client.initialize([workspace.workspace]);
    await client.waitUntilIdle();
    const documents = OPEN_FILES.map((file) => documentOf(join(workspace.workspace, 'pako', file)));
    for (const document of documents) {
      const mark = client.mark();
      document.uri = client.open(document.path, textOf(document), document.version);
      await client.waitForDiagnostics(document.uri, document.version, mark);
    }
    const start = await client.request('threadwise/serverStats', null);
    rows.push({ edits: 0, heapMB: start.heapUsedMB, rssMB: start.rssMB });
    log(`    soak: ${workspace.files} files, ${documents.length} open; heap ${start.heapUsedMB.toFixed(0)} MB, RSS ${start.rssMB.toFixed(0)} MB`);
    let latencies = [];
    for (let i = 1; i <= edits; i++) {
      const document = documents[Math.floor(random() * documents.length)];
      nextEdit(document, random, i);
      document.version++;
      const mark = client.mark();
      const sent = performance.now();
      client.change(document.uri, document.version, textOf(document));
      await client.waitForDiagnostics(document.uri, document.version, mark);
      latencies.push(performance.now() - sent);
      if (i % EVERY === 0 || i === edits) {
        const stats = await client.request('threadwise/serverStats', null);
        const row = { edits: i, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), maxMs: percentile(latencies, 100), heapMB: stats.heapUsedMB, rssMB: stats.rssMB };
        rows.push(row);
        log(`    ${i} edits: p50/p95 ${row.p50Ms.toFixed(0)}/${row.p95Ms.toFixed(0)} ms, heap ${row.heapMB.toFixed(0)} MB, RSS ${row.rssMB.toFixed(0)} MB`);
        latencies = [];
        client.forget(); // the client keeps no history of its own across thousands of edits
      }
    }
  } finally {
    await client.shutdown();
  }
  return { files: workspace.files, open: OPEN_FILES.length, seed: SEED, rows };
}

const fmt = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(d));

export function soakTextReport(section) {
  const out = ['', `(soak) language server over stdio (dist/server.js, debounceMs 0): random edits of ${section.open ?? '?'} open files in a workspace of ${section.files ?? '?'} files (seed ${section.seed ?? '?'})`];
  if (section.error) return [...out, `    not run: ${section.error}`];
  out.push('    edits   edit p50/p95 (max) ms in the last thousand   V8 heap MB   RSS MB');
  for (const row of section.rows) {
    const latency = row.p50Ms === undefined ? '(after load)' : `${fmt(row.p50Ms)} / ${fmt(row.p95Ms)} (${fmt(row.maxMs)})`;
    out.push(`    ${String(row.edits).padStart(5)}   ${latency.padStart(42)}   ${fmt(row.heapMB).padStart(10)}   ${fmt(row.rssMB).padStart(6)}`);
  }
  return out;
}
