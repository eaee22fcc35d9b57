// The language server's latency, measured the way an editor sees it: a stdio LSP client (the
// tests' client, test/unit/server/lsp-client.ts) against the built server (dist/server.js), with
// `threadwise.debounceMs` = 0, on workspaces of real npm sources of about 100, 1,000 and 5,000
// files (the eval corpus, scripts/lib/corpus-install.mjs).
//
// Per workspace: time from `initialized` to the first idle status (every file loaded and, up to
// `workspaceDiagnosticsMaxFiles`, published); server RSS after the load and after the edits;
// edit → diagnostics p50/p95 over one-line edits of a ~2,000-line file (each edit adds a statement
// to a line of a function body, so it changes that body and nothing else); and hover p50/p95 on
// that file while the workspace is still loading (the file is opened as soon as the server is
// initialised). Used by scripts/bench.mjs (`--only lsp`); never a timed assertion.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ROOT, CORPUS_NODE_MODULES } from './corpus-install.mjs';

export const LSP_SIZES = [100, 1000, 5000];
export const LSP_TARGETS = { editP95Ms: 100, editScaling: 1.5, hoverWhileLoadingP95Ms: 50 };
const EDITS = 50;
/** the edited file: pako's deflate, 2,048 lines of real code, whose package comes first in every workspace */
const EDITED_PACKAGE = 'pako';
const EDITED_FILE = 'lib/zlib/deflate.js';
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
/** folders the server never walks (build output): renamed in the copy so their sources count */
const BUILD_FOLDERS = new Set(['dist', 'build', 'out', 'coverage']);
const HOVER_INTERVAL_MS = 20;
const LOAD_TIMEOUT_MS = 15 * 60_000;

export const percentile = (values, p) => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Every installed package folder (scoped ones too), the edited one first, then by name. */
function packageFolders() {
  const folders = [];
  for (const entry of readdirSync(CORPUS_NODE_MODULES).sort()) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const scoped of readdirSync(join(CORPUS_NODE_MODULES, entry)).sort()) folders.push(`${entry}/${scoped}`);
    else folders.push(entry);
  }
  return [EDITED_PACKAGE, ...folders.filter((name) => name !== EDITED_PACKAGE)];
}

function sourcesOf(folder, base = folder, out = []) {
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) sourcesOf(path, base, out);
    } else if (entry.isFile() && SOURCE.test(entry.name) && !/\.d\.[mc]?ts$/.test(entry.name) && !/\.min\./.test(entry.name)) {
      out.push(relative(base, path));
    }
  }
  return out;
}

/**
 * A workspace of `size` source files: whole packages in order (the last one cut short), again
 * under `copy-2/`, `copy-3/` … when the corpus has fewer files than asked. Build folders are
 * renamed (`dist` → `dist-src`) in the copy, consistently, so relative imports inside them hold.
 */
export function makeWorkspace(dir, size) {
  const workspace = join(dir, `workspace-${size}`);
  const packages = packageFolders().map((name) => ({ name, files: sourcesOf(join(CORPUS_NODE_MODULES, name)) }));
  let count = 0;
  for (let copy = 1; count < size; copy++) {
    for (const { name, files } of packages) {
      for (const file of files) {
        if (count >= size) break;
        const renamed = file.split(/[\\/]/).map((segment) => (BUILD_FOLDERS.has(segment) ? `${segment}-src` : segment)).join('/');
        const target = join(workspace, copy === 1 ? '' : `copy-${copy}`, name, renamed);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(CORPUS_NODE_MODULES, name, file), target);
        count++;
      }
    }
  }
  return { workspace, files: count, edited: join(workspace, EDITED_PACKAGE, EDITED_FILE) };
}

/** Lines that are a whole declaration statement inside a body: adding a statement after one keeps the syntax. */
function editableLines(lines) {
  return lines.map((line, index) => (/^\s+(var|let|const) \w+ = [^;]*;\s*$/.test(line) ? index : -1)).filter((index) => index >= 0);
}

/** The i-th edit: the original text with one body line gaining a statement (`void i;`). */
function editedText(lines, candidates, i) {
  const at = candidates[(i * 7) % candidates.length];
  const copy = [...lines];
  copy[at] = `${copy[at]} void ${i};`;
  return copy.join('\n');
}

/** Where the hover asks: the name of the file's first top-level function. */
function hoverPosition(lines) {
  for (let line = 0; line < lines.length; line++) {
    const match = /^(?:(?:async\s+)?function\s*\*?\s*|(?:const|let|var)\s+)(\w+)\s*(?:=\s*(?:async\s*)?(?:function\b|\()|\()/.exec(lines[line]);
    if (match) return { line, character: match[0].indexOf(match[1]) };
  }
  return { line: 0, character: 0 };
}

function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { rss: undefined, peak: undefined };
  }
}

export async function loadClient() {
  const { tsImport } = await import('tsx/esm/api');
  const module = await tsImport(pathToFileURL(join(ROOT, 'test', 'unit', 'server', 'lsp-client.ts')).href, import.meta.url);
  return module.LspClient ?? module.default?.LspClient;
}

/** One server session on one workspace: the load (with hovers meanwhile), then the edits. */
export async function measureWorkspace(LspClient, serverBundle, { workspace, files, edited }, log) {
  const client = new LspClient({ serverBundle, settings: { debounceMs: 0 }, env: { ...process.env } });
  const original = readFileSync(edited, 'utf8');
  const lines = original.split('\n');
  try {
    const started = performance.now();
    await client.initialize([workspace]);
    const since = client.mark();
    let loadedAt;
    const loaded = client.waitFor((message) => message.method === 'threadwise/status' && !message.params.busy, 'the workspace loaded', since, LOAD_TIMEOUT_MS)
      .then(() => (loadedAt = performance.now()));
    const uri = client.open(edited, original, 1);
    // Hovers while the workspace loads: one at a time, as an editor sends them.
    const hovers = [];
    const position = hoverPosition(lines);
    while (loadedAt === undefined) {
      const asked = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      if (loadedAt === undefined) hovers.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, HOVER_INTERVAL_MS));
    }
    await loaded;
    const loadSeconds = (loadedAt - started) / 1000;
    await client.analysed(uri, 1, since).catch(() => undefined);
    const afterLoad = rssMB(client.pid);
    log(`    ${files} files: loaded in ${loadSeconds.toFixed(1)} s, ${hovers.length} hovers meanwhile`);
    const candidates = editableLines(lines);
    const edits = [];
    for (let i = 0; i < EDITS; i++) {
      const version = i + 2;
      const mark = client.mark();
      const sent = performance.now();
      client.change(uri, version, editedText(lines, candidates, i));
      await client.waitForDiagnostics(uri, version, mark);
      edits.push(performance.now() - sent);
    }
    const afterEdits = rssMB(client.pid);
    return {
      files,
      editedLines: lines.length,
      loadSeconds,
      hoversWhileLoading: { count: hovers.length, p50Ms: percentile(hovers, 50), p95Ms: percentile(hovers, 95), maxMs: percentile(hovers, 100) },
      edits: { count: edits.length, p50Ms: percentile(edits, 50), p95Ms: percentile(edits, 95), maxMs: percentile(edits, 100) },
      rssMB: { afterLoad: afterLoad.rss, afterEdits: afterEdits.rss, peak: afterEdits.peak },
    };
  } finally {
    await client.shutdown();
  }
}

/**
 * The LSP section of `npm run bench`. With `against` (another build's server.js, e.g. a frozen
 * one), each workspace is measured with both servers in the same round, in alternating order over
 * `rounds` rounds: on a shared machine only such pairs compare (the load average is recorded).
 */
export async function lspSection({ serverBundle, against, rounds = 1, sizes = LSP_SIZES, log }, dir) {
  for (const bundle of [serverBundle, against].filter(Boolean)) {
    if (!existsSync(bundle)) return { error: `${relative(ROOT, bundle)} does not exist; run npm run build` };
  }
  const LspClient = await loadClient();
  const servers = [{ name: 'this build', bundle: serverBundle }, ...(against ? [{ name: 'against', bundle: against }] : [])];
  const rows = [];
  for (const size of sizes) {
    const workspace = makeWorkspace(dir, size);
    log(`  workspace of ${workspace.files} files`);
    for (let round = 0; round < rounds; round++) {
      for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
        const row = await measureWorkspace(LspClient, server.bundle, workspace, log).catch((error) => ({ files: workspace.files, error: error.message }));
        rows.push({ ...row, server: server.name, round, loadAverage: loadavg()[0] });
      }
    }
  }
  return { rows, ...(against ? { against: relative(ROOT, against) } : {}) };
}

const fmt = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(d));

export function lspTextReport(section) {
  const out = ['', `(lsp) language server over stdio (dist/server.js, debounceMs 0): ${EDITS} one-line edits of a ~2,000-line file`];
  if (section.error) return [...out, `    not run: ${section.error}`];
  if (section.against) out.push(`    same-round pairs against ${section.against}; load average (1 min) after each run`);
  out.push(`    files   loaded s   edit p50/p95 ms   hover while loading p50/p95 ms (n)   RSS MB after load / edits (peak)${section.against ? '   server (round, load avg)' : ''}`);
  for (const row of section.rows) {
    const server = section.against ? `   ${row.server} (${row.round}, ${fmt(row.loadAverage, 1)})` : '';
    if (row.error) {
      out.push(`    ${String(row.files).padStart(5)}   ERROR ${row.error.split('\n')[0]}${server}`);
      continue;
    }
    const hover = row.hoversWhileLoading;
    out.push(`    ${String(row.files).padStart(5)}   ${fmt(row.loadSeconds, 1).padStart(8)}   ${`${fmt(row.edits.p50Ms)} / ${fmt(row.edits.p95Ms)}`.padStart(15)}   ${`${fmt(hover.p50Ms)} / ${fmt(hover.p95Ms)} (${hover.count})`.padStart(34)}   ${fmt(row.rssMB.afterLoad)} / ${fmt(row.rssMB.afterEdits)} (${fmt(row.rssMB.peak)})${server}`);
  }
  return out;
}

/** The section's targets, in the shape of bench.mjs's target list (this build's rows; medians over rounds). */
export function lspTargets(section) {
  const rows = (section?.rows ?? []).filter((row) => !row.error && row.server !== 'against');
  const sizes = [...new Set(rows.map((row) => row.files))].sort((a, b) => a - b);
  const median = (files, pick) => percentile(rows.filter((row) => row.files === files).map(pick), 50);
  const largest = sizes.at(-1);
  const smallest = sizes[0];
  const p50 = (files) => median(files, (row) => row.edits.p50Ms);
  return [
    { name: `LSP edit p95 at ${largest ?? '?'} files`, value: largest && median(largest, (row) => row.edits.p95Ms), unit: 'ms', op: '<=', target: LSP_TARGETS.editP95Ms },
    { name: 'LSP edit p50 largest / smallest workspace', value: largest && smallest ? p50(largest) / p50(smallest) : undefined, unit: 'x', op: '<=', target: LSP_TARGETS.editScaling },
    { name: `LSP hover p95 while loading ${largest ?? '?'} files`, value: largest && median(largest, (row) => row.hoversWhileLoading.p95Ms), unit: 'ms', op: '<', target: LSP_TARGETS.hoverWhileLoadingP95Ms },
  ];
}
