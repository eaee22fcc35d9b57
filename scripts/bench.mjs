#!/usr/bin/env node
// Performance benchmark of the analyser. Reports numbers against targets; never fails on timings.
//
//   npm run bench                 # table on stdout
//   npm run bench -- --json       # machine-readable
//   npm run bench -- --only a,b   # sections: a (per file), b (throughput), c (incremental),
//                                 # lsp (language server), scale (CLI at 100 … 10,000 files,
//                                 # cached re-run), python, estimates, estimates-holdout and soak
//                                 # (the last two not in the default run)
//   npm run bench -- --only scale --sizes 10000   # one corpus size alone
//
// (a) per file: synthetic-but-real TypeScript files of ~100, 500, 2,000 and 10,000 lines, made by
//     concatenating whole files of the TypeScript sources rxjs ships (imports stripped). Analysis
//     time of that one file vs a bare `ts.createSourceFile` parse of the same text (in process).
//     The analysis runs in process through the Analyzer API of src/core/engine.ts (loaded with
//     tsx) when it exists; otherwise through the CLI process, minus the CLI's start-up time on a
//     one-line file (the `method` column says which).
// (b) throughput on ~780 real files installed from npm (rxjs/src and zod/src TypeScript, express
//     and its production dependencies' JavaScript): wall time and peak RSS of the whole
//     `node dist/cli.js analyze <dirs> --format json` PROCESS vs a bare-parse process that reads
//     and ts.createSourceFile()s exactly the files the analyser reported. Peak RSS from
//     /usr/bin/time -v when present, else from process.resourceUsage() in a preloaded hook.
// (c) incremental: a one-line edit in a 2,000-line file re-analysed with
//     Analyzer.updateFile(path, text) (contract: docs/ARCHITECTURE.md) after a full analyzeFiles.
//
// (lsp) the language server over stdio: load time, edit → diagnostics and hover latency, RSS, on
//     workspaces of ~100, 1,000 and 5,000 real files (scripts/lib/lsp-bench.mjs).
//
// (scale), (python): scripts/lib/bench-scale.mjs — the CLI over nested corpora of installed npm
//     sources (about 100, 1,000, 5,000 and 10,000 files) vs a bare-parse process of the same files,
//     peak RSS, the cached unchanged re-run; Python vs `python3` ast.parse of the same stdlib files.
//
// (soak) thousands of random realistic edits through the language server: edit → diagnostics p50/p95
//     and the server's V8 heap and RSS per thousand edits (scripts/lib/lsp-soak.mjs; --soak-edits,
//     default 5,000; --soak-files, workspace size, default 100). Only with --only soak.
//
// (estimates) estimate vs measured: 33 workloads of both languages (test/fixtures/estimates/) run for
//     real and compared with the analyser's static estimate (scripts/lib/estimate-vs-measured.mjs).
// (estimates-holdout) the same on held-out workloads (test/fixtures/estimates/holdout/), written
//     before the cost model's last changes and never tuned on: only with --only estimates-holdout.
//
// Targets: whole process within 10x of the bare-parse process, peak RSS < 1 GB, one-line edit
// < 300 ms.
//
// Options: --json, --only a,b,c, --cli <path> (default dist/cli.js or env THREADWISE_CLI),
//          --runs <n> (timed repetitions for (a) and (c), default 5), --keep (keep the temp dir),
//          --sizes <n,...> (corpus sizes of (scale), default 100,1000,5000,10000),
//          --python-sizes <n,...> (default 100,1000), --soak-edits <n>, --soak-files <n>,
//          --lsp-sizes <n,...> (default 100,1000,5000), --lsp-against <server.js> (same-round pairs
//          with another build's server, e.g. /work/frozen/dist/server.js), --lsp-rounds <n> (default 1)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { HOLDOUT_WORKLOADS, estimateVsMeasured, formatEstimateVsMeasured } from './lib/estimate-vs-measured.mjs';
import { ROOT, installCorpus, packageDir, readCorpus } from './lib/corpus-install.mjs';
import { LSP_SIZES, lspSection, lspTargets, lspTextReport } from './lib/lsp-bench.mjs';
import { SOAK_EDITS, SOAK_FILES, soakSection, soakTextReport } from './lib/lsp-soak.mjs';
import { PYTHON_SIZES, SCALE_SIZES, pythonText, scaleText, sectionPython, sectionScale } from './lib/bench-scale.mjs';

const require = createRequire(join(ROOT, 'package.json'));
// the compiler the analysis uses (ts-morph's), so the bare parse is the same parser's work
const TS_MODULE = require.resolve('@ts-morph/common/dist/typescript.js');
const ts = require(TS_MODULE);

const TARGETS = { processRatio: 10, peakRssMB: 1024, editMs: 300, scaleRatio: 4, scaleRssMB: 1024, cachedRatio: 1.5, pythonRatio: 3, pythonRssMB: 300 };
const SIZES = [100, 500, 2000, 10000];
const SOURCE_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function parseArgs(argv) {
  const o = {
    json: false, only: new Set(['a', 'b', 'c', 'lsp', 'scale', 'python', 'estimates']), cli: process.env.THREADWISE_CLI || join(ROOT, 'dist', 'cli.js'),
    runs: 5, keep: false, sizes: SCALE_SIZES, pythonSizes: PYTHON_SIZES, soakEdits: SOAK_EDITS, soakFiles: SOAK_FILES,
    lspSizes: LSP_SIZES, lspAgainst: undefined, lspRounds: 1,
  };
  const sizes = (value) => value.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--only') o.only = new Set(argv[++i].split(','));
    else if (a === '--cli') o.cli = resolve(argv[++i]);
    else if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]));
    else if (a === '--keep') o.keep = true;
    else if (a === '--sizes') o.sizes = sizes(argv[++i]);
    else if (a === '--python-sizes') o.pythonSizes = sizes(argv[++i]);
    else if (a === '--soak-edits') o.soakEdits = Math.max(1, Number(argv[++i]));
    else if (a === '--soak-files') o.soakFiles = Math.max(1, Number(argv[++i]));
    else if (a === '--lsp-sizes') o.lspSizes = sizes(argv[++i]);
    else if (a === '--lsp-against') o.lspAgainst = resolve(argv[++i]);
    else if (a === '--lsp-rounds') o.lspRounds = Math.max(1, Number(argv[++i]));
    else throw new Error(`bench: unknown argument ${a}`);
  }
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (SOURCE_EXT.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name)) out.push(p);
  }
  return out;
}

function scriptKind(path) {
  const ext = extname(path);
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return ts.ScriptKind.TS;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

function bareParse(path, text) {
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
}

// -------------------------------------------------------------------------------------------
// the in-process analyser (src/core/engine.ts through tsx), when it exists

async function loadAnalyzer() {
  const engine = join(ROOT, 'src', 'core', 'engine.ts');
  if (!existsSync(engine)) return { error: 'src/core/engine.ts does not exist yet' };
  try {
    const { tsImport } = await import('tsx/esm/api');
    const mod = await tsImport(pathToFileURL(engine).href, import.meta.url);
    const Analyzer = mod.Analyzer ?? mod.default;
    if (!Analyzer) return { error: 'src/core/engine.ts exports no Analyzer' };
    let config;
    const configTs = join(ROOT, 'src', 'core', 'config.ts');
    if (existsSync(configTs)) config = (await tsImport(pathToFileURL(configTs).href, import.meta.url)).DEFAULT_CONFIG;
    // new Analyzer({ root, config }) as in src/core/engine.ts; a static create() or an init() to
    // await are used too if the engine grows them.
    const make = async (root) => {
      const options = { root, config };
      const a = typeof Analyzer.create === 'function' ? await Analyzer.create(options) : new Analyzer(options);
      if (typeof a.init === 'function') await a.init();
      return a;
    };
    return { make };
  } catch (e) {
    return { error: `could not load src/core/engine.ts: ${e.message.split('\n')[0]}` };
  }
}

// -------------------------------------------------------------------------------------------
// (a) per file

function makeSyntheticFiles(dir) {
  const src = readdirSync(join(packageDir('rxjs'), 'src'), { recursive: true })
    .map((p) => join(packageDir('rxjs'), 'src', p))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && statSync(p).isFile())
    .sort();
  const bodies = src.map((p) => {
    const lines = readFileSync(p, 'utf8').split('\n');
    // strip import lines (single- and multi-line) so each synthetic file stands alone
    const kept = [];
    let inImport = false;
    for (const l of lines) {
      if (!inImport && /^import\b/.test(l)) {
        inImport = !/;\s*$/.test(l) && !/from\s+['"]/.test(l);
        continue;
      }
      if (inImport) {
        if (/from\s+['"].*['"];?\s*$/.test(l) || /;\s*$/.test(l)) inImport = false;
        continue;
      }
      kept.push(l);
    }
    return { path: p, lines: kept };
  }).filter((b) => b.lines.length > 5);
  const files = [];
  for (const target of SIZES) {
    // greedy fill with whole files, so the text always parses
    const parts = [];
    let n = 0;
    let i = 0;
    for (let pass = 0; pass < 3 && n < target * 0.95; pass++) {
      for (const b of bodies) {
        if (n >= target * 0.95) break;
        if (n + b.lines.length > target) continue;
        parts.push(`// ---- from rxjs/${relative(packageDir('rxjs'), b.path)} (#${i++})`, ...b.lines);
        n += b.lines.length + 1;
      }
    }
    const text = parts.join('\n') + '\n';
    const path = join(dir, `synthetic-${target}.ts`);
    writeFileSync(path, text);
    files.push({ target, path, lines: text.split('\n').length - 1, bytes: Buffer.byteLength(text) });
  }
  return files;
}

function timeBareParse(path, runs) {
  const text = readFileSync(path, 'utf8');
  bareParse(path, text); // warm-up
  const t = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    bareParse(path, text);
    t.push(performance.now() - s);
  }
  return median(t);
}

function runCliOnce(cli, paths, cwd = ROOT) {
  const s = performance.now();
  const r = spawnSync(process.execPath, [cli, 'analyze', ...paths, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const ms = performance.now() - s;
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    /* reported below */
  }
  return { ms, json, status: r.status, stderr: r.stderr };
}

async function sectionA(opts, dir, analyzer) {
  mkdirSync(dir, { recursive: true });
  const files = makeSyntheticFiles(dir);
  const rows = [];
  let method = analyzer.make ? 'in-process Analyzer.analyzeFiles' : 'CLI process minus start-up';
  let startupMs;
  if (!analyzer.make) {
    if (!existsSync(opts.cli)) return { error: `${relative(ROOT, opts.cli)} does not exist (npm run build) and ${analyzer.error}` };
    const tiny = join(dir, 'tiny.ts');
    writeFileSync(tiny, 'export const x = 1;\n');
    runCliOnce(opts.cli, [tiny]);
    startupMs = median(Array.from({ length: opts.runs }, () => runCliOnce(opts.cli, [tiny]).ms));
  }
  for (const f of files) {
    const parseMs = timeBareParse(f.path, opts.runs);
    let analyseMs;
    let functions;
    let error;
    try {
      if (analyzer.make) {
        const t = [];
        for (let i = 0; i <= opts.runs; i++) {
          const a = await analyzer.make(dir);
          const s = performance.now();
          const reports = await a.analyzeFiles([f.path]);
          const ms = performance.now() - s;
          if (i > 0) t.push(ms); // the first run warms up the JIT and lazy loads
          functions = reports?.[0]?.functions?.length;
          a.dispose?.();
        }
        analyseMs = median(t);
      } else {
        const t = [];
        for (let i = 0; i < opts.runs; i++) {
          const r = runCliOnce(opts.cli, [f.path]);
          if (!r.json) throw new Error(`CLI failed: ${r.stderr.slice(0, 300)}`);
          functions = r.json.files?.[0]?.functions?.length;
          t.push(r.ms);
        }
        analyseMs = Math.max(0, median(t) - startupMs);
      }
    } catch (e) {
      error = e.message.split('\n')[0];
    }
    rows.push({ targetLines: f.target, lines: f.lines, bytes: f.bytes, functions, parseMs, analyseMs, ratio: analyseMs !== undefined ? analyseMs / parseMs : undefined, error });
  }
  return { method, startupMs, rows };
}

// -------------------------------------------------------------------------------------------
// (b) throughput

function expressClosure() {
  const seen = new Set();
  const queue = ['express'];
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    const pj = join(packageDir(name), 'package.json');
    if (!existsSync(pj)) continue;
    seen.add(name);
    for (const d of Object.keys(JSON.parse(readFileSync(pj, 'utf8')).dependencies ?? {})) queue.push(d);
  }
  return [...seen].sort();
}

const BARE_PARSE_SCRIPT = `
const fs = require('fs');
const ts = require(process.argv[2]);
const list = fs.readFileSync(process.argv[3], 'utf8').split('\\n').filter(Boolean);
let nodes = 0;
for (const p of list) {
  const text = fs.readFileSync(p, 'utf8');
  const kind = /\\.tsx$/.test(p) ? ts.ScriptKind.TSX : /\\.[mc]?ts$/.test(p) ? ts.ScriptKind.TS : /\\.jsx$/.test(p) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true, kind);
  nodes += sf.statements.length;
}
process.stdout.write(JSON.stringify({ files: list.length, statements: nodes }));
`;

const RSS_PRELOAD = `
process.on('exit', () => {
  try { require('fs').writeSync(2, '\\nTHREADWISE_BENCH_MAXRSS_KB=' + process.resourceUsage().maxRSS + '\\n'); } catch {}
});
`;

/** Runs `node args` as a process, stdout to a file; returns wall ms, peak RSS (MB), exit status. */
function measureProcess(args, { dir, tag, cwd = ROOT }) {
  const outPath = join(dir, `${tag}.stdout`);
  const fd = openSync(outPath, 'w');
  const haveTime = existsSync('/usr/bin/time');
  const preload = join(dir, 'rss-preload.cjs');
  writeFileSync(preload, RSS_PRELOAD);
  const cmd = haveTime ? '/usr/bin/time' : process.execPath;
  const argv = haveTime ? ['-v', process.execPath, ...args] : ['--require', preload, ...args];
  const s = performance.now();
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - s;
  closeSync(fd);
  let rssKB;
  let m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  if (m) rssKB = Number(m[1]);
  m = /THREADWISE_BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  if (!rssKB && m) rssKB = Number(m[1]);
  return { ms, rssMB: rssKB ? rssKB / 1024 : undefined, status: r.status, stderr: r.stderr, outPath, rssSource: haveTime ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS' };
}

function sectionB(opts, dir) {
  if (!existsSync(opts.cli)) return { error: `${relative(ROOT, opts.cli)} does not exist; run npm run build` };
  const dirs = [join(packageDir('rxjs'), 'src'), join(packageDir('zod'), 'src'), ...expressClosure().map(packageDir)];
  const relDirs = dirs.map((d) => relative(ROOT, d));
  runCliOnce(opts.cli, [relative(ROOT, join(packageDir('express'), 'index.js'))]); // warm the file cache of the CLI bundle
  const an = measureProcess([opts.cli, 'analyze', ...relDirs, '--format', 'json'], { dir, tag: 'analyse' });
  let json;
  try {
    json = JSON.parse(readFileSync(an.outPath, 'utf8'));
  } catch {
    return { error: `analyser process failed (exit ${an.status}): ${(an.stderr ?? '').split('\n').filter((l) => !/^\s+\w.*: /.test(l)).slice(0, 5).join(' | ')}` };
  }
  const analysed = (json.files ?? []).filter((f) => !f.skipped);
  const skipped = (json.files ?? []).length - analysed.length;
  const paths = analysed.map((f) => (isAbsolute(f.path) ? f.path : resolve(ROOT, f.path)));
  const lines = paths.reduce((s, p) => s + readFileSync(p, 'utf8').split('\n').length, 0);
  const functions = analysed.reduce((s, f) => s + (f.functions?.length ?? 0), 0);
  const listPath = join(dir, 'files.txt');
  writeFileSync(listPath, paths.join('\n') + '\n');
  const scriptPath = join(dir, 'bare-parse.cjs');
  writeFileSync(scriptPath, BARE_PARSE_SCRIPT);
  measureProcess([scriptPath, TS_MODULE, listPath], { dir, tag: 'bare-warm' });
  const bare = measureProcess([scriptPath, TS_MODULE, listPath], { dir, tag: 'bare' });
  const walked = dirs.reduce((s, d) => s + walk(d).length, 0);
  return {
    corpus: { directories: relDirs.length, sourceFilesOnDisk: walked, filesAnalysed: analysed.length, filesSkipped: skipped, lines, functions },
    analyser: { seconds: an.ms / 1000, filesPerSecond: analysed.length / (an.ms / 1000), peakRssMB: an.rssMB, exit: an.status },
    bareParse: { seconds: bare.ms / 1000, filesPerSecond: analysed.length / (bare.ms / 1000), peakRssMB: bare.rssMB, exit: bare.status },
    ratio: an.ms / bare.ms,
    rssSource: an.rssSource,
  };
}

// -------------------------------------------------------------------------------------------
// (c) incremental

async function sectionC(opts, dir, analyzer) {
  if (!analyzer.make) return { error: `${analyzer.error}; written against the documented contract Analyzer.updateFile(path, text) (docs/ARCHITECTURE.md)` };
  const proj = join(dir, 'incremental');
  mkdirSync(proj, { recursive: true });
  const files = makeSyntheticFiles(proj).filter((f) => f.target === 2000);
  const file = files[0].path;
  const helper = join(proj, 'helper.ts');
  writeFileSync(helper, 'export function checksum(xs: number[]): number {\n  let h = 0;\n  for (let i = 0; i < xs.length; i++) h = (h * 31 + xs[i]) | 0;\n  return h;\n}\n');
  const a = await analyzer.make(proj);
  const s0 = performance.now();
  await a.analyzeFiles([file, helper]);
  const fullMs = performance.now() - s0;
  const original = readFileSync(file, 'utf8').split('\n');
  const t = [];
  let changedReports;
  for (let i = 0; i <= opts.runs; i++) {
    // one-line edit in the middle of the file: a new statement-level comment + declaration line
    const lines = [...original];
    const at = Math.floor(lines.length / 2) + i * 7;
    lines.splice(at, 0, `const __bench_edit_${i} = ${i};`);
    const text = lines.join('\n');
    const s = performance.now();
    const changed = await a.updateFile(file, text);
    const ms = performance.now() - s;
    if (i > 0) t.push(ms); // the first edit pays one-off lazy work
    changedReports = Array.isArray(changed) ? changed.length : undefined;
  }
  a.dispose?.();
  return { fileLines: files[0].lines, fullAnalysisMs: fullMs, editMedianMs: median(t), editMaxMs: Math.max(...t), runs: t.length, changedReports };
}

// -------------------------------------------------------------------------------------------

function fmt(x, d = 1) {
  return x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(d);
}

function textReport(r) {
  const out = [];
  out.push(`Threadwise bench (node ${process.version}, ${r.machine.cpus} cores, typescript ${ts.version})`);
  if (r.a) {
    out.push('');
    out.push(`(a) one file: analysis vs bare ts.createSourceFile  [${r.a.method ?? ''}${r.a.startupMs !== undefined ? `, CLI start-up ${fmt(r.a.startupMs)} ms subtracted` : ''}]`);
    if (r.a.error) out.push(`    not run: ${r.a.error}`);
    else {
      out.push('    lines   bytes     functions   parse ms   analyse ms   ratio');
      for (const x of r.a.rows) out.push(`    ${String(x.lines).padStart(6)}  ${String(x.bytes).padStart(8)}  ${String(x.functions ?? '-').padStart(9)}  ${fmt(x.parseMs, 2).padStart(9)}  ${fmt(x.analyseMs, 1).padStart(11)}  ${fmt(x.ratio, 1).padStart(6)}x${x.error ? '  ERROR ' + x.error : ''}`);
    }
  }
  if (r.b) {
    out.push('');
    out.push('(b) throughput: whole analyser process vs bare-parse process over the same files');
    if (r.b.error) out.push(`    not run: ${r.b.error}`);
    else {
      const c = r.b.corpus;
      out.push(`    corpus: ${c.filesAnalysed} files analysed (${c.filesSkipped} skipped, ${c.sourceFilesOnDisk} source files on disk), ${c.lines} lines, ${c.functions} functions — rxjs/src, zod/src, express + ${c.directories - 3} dependencies`);
      out.push('    process        wall s   files/s   peak RSS MB');
      out.push(`    analyser     ${fmt(r.b.analyser.seconds, 2).padStart(8)}  ${fmt(r.b.analyser.filesPerSecond, 0).padStart(8)}  ${fmt(r.b.analyser.peakRssMB, 0).padStart(12)}`);
      out.push(`    bare parse   ${fmt(r.b.bareParse.seconds, 2).padStart(8)}  ${fmt(r.b.bareParse.filesPerSecond, 0).padStart(8)}  ${fmt(r.b.bareParse.peakRssMB, 0).padStart(12)}`);
      out.push(`    ratio ${fmt(r.b.ratio, 1)}x   (peak RSS via ${r.b.rssSource})`);
    }
  }
  if (r.c) {
    out.push('');
    out.push('(c) incremental: one-line edit in a 2,000-line file, Analyzer.updateFile');
    if (r.c.error) out.push(`    not run: ${r.c.error}`);
    else out.push(`    ${r.c.fileLines} lines; full analysis ${fmt(r.c.fullAnalysisMs)} ms; edit median ${fmt(r.c.editMedianMs)} ms, max ${fmt(r.c.editMaxMs)} ms over ${r.c.runs} edits; reports returned ${r.c.changedReports ?? '?'}`);
  }
  if (r.lsp) out.push(...lspTextReport(r.lsp));
  if (r.soak) out.push(...soakTextReport(r.soak));
  if (r.scale) out.push(...scaleText(r.scale));
  if (r.python) out.push(...pythonText(r.python));
  out.push('');
  out.push('targets');
  for (const t of r.targets) out.push(`    ${t.name.padEnd(40)} ${(t.value === undefined ? '-' : fmt(t.value, 1)).padStart(8)} ${t.unit.padEnd(3)} target ${t.op} ${t.target}  ${t.value === undefined ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED'}`);
  return out.join('\n') + '\n';
}

/** The targets of #14 at the largest corpus measured (10,000 files; Python at 1,000). */
function scaleTargets(result) {
  const largest = (rows) => rows?.filter((r) => !r.error).at(-1);
  const npm = largest(result.scale?.rows);
  const py = largest(result.python?.rows);
  return [
    { name: `CLI vs bare parse at ${npm?.n ?? '?'} files`, value: npm?.ratio, unit: 'x', op: '<=', target: TARGETS.scaleRatio },
    { name: `CLI peak RSS at ${npm?.n ?? '?'} files`, value: npm?.cli.peakRssMB, unit: 'MB', op: '<=', target: TARGETS.scaleRssMB },
    { name: `cached re-run vs bare parse at ${npm?.n ?? '?'} files`, value: npm?.cache?.ratio, unit: 'x', op: '<=', target: TARGETS.cachedRatio },
    { name: `Python vs ast.parse at ${py?.n ?? '?'} files`, value: py?.ratio, unit: 'x', op: '<=', target: TARGETS.pythonRatio },
    { name: `Python CLI peak RSS at ${py?.n ?? '?'} files`, value: py?.cli.peakRssMB, unit: 'MB', op: '<=', target: TARGETS.pythonRssMB },
  ];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (m) => process.stderr.write(m + '\n');
  const corpus = readCorpus();
  installCorpus(corpus.packages, { log });
  const dir = mkdtempSync(join(tmpdir(), 'threadwise-bench-'));
  const result = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version, typescript: ts.version }, cli: relative(ROOT, opts.cli) };
  try {
    const analyzer = opts.only.has('a') || opts.only.has('c') ? await loadAnalyzer() : {};
    if (opts.only.has('a')) {
      log('(a) per file ...');
      result.a = await sectionA(opts, join(dir, 'a'), analyzer).catch((e) => ({ error: e.message }));
    }
    if (opts.only.has('b')) {
      log('(b) throughput ...');
      mkdirSync(join(dir, 'b'), { recursive: true });
      result.b = sectionB(opts, join(dir, 'b'));
    }
    if (opts.only.has('c')) {
      log('(c) incremental ...');
      result.c = await sectionC(opts, join(dir, 'c'), analyzer).catch((e) => ({ error: e.message }));
    }
    if (opts.only.has('lsp')) {
      log('(lsp) language server ...');
      const serverBundle = join(opts.cli, '..', 'server.js');
      result.lsp = await lspSection({ serverBundle, against: opts.lspAgainst, rounds: opts.lspRounds, sizes: opts.lspSizes, log }, join(dir, 'lsp')).catch((e) => ({ error: e.message }));
    }
    if (opts.only.has('soak')) {
      log('(soak) language server, random edits ...');
      const serverBundle = join(opts.cli, '..', 'server.js');
      result.soak = existsSync(serverBundle)
        ? await soakSection({ serverBundle, edits: opts.soakEdits, files: opts.soakFiles, log }, join(dir, 'soak')).catch((e) => ({ error: e.message }))
        : { error: `${relative(ROOT, serverBundle)} does not exist; run npm run build` };
    }
    if (opts.only.has('scale')) {
      log('(scale) CLI over nested npm corpora ...');
      result.scale = sectionScale({ cli: opts.cli, tsModule: TS_MODULE, dir: join(dir, 'scale'), sizes: opts.sizes, log });
    }
    if (opts.only.has('python')) {
      log('(python) CLI vs ast.parse ...');
      result.python = sectionPython({ cli: opts.cli, dir: join(dir, 'python'), sizes: opts.pythonSizes, log });
    }
    if (opts.only.has('estimates')) {
      log('(estimates) estimate vs measured ...');
      try {
        result.estimates = estimateVsMeasured({ cli: opts.cli, runs: opts.runs });
      } catch (e) {
        result.estimates = { error: e.message };
      }
    }
    if (opts.only.has('estimates-holdout')) {
      log('(estimates-holdout) estimate vs measured on the held-out workloads ...');
      try {
        result.estimatesHoldout = estimateVsMeasured({ cli: opts.cli, runs: opts.runs, dir: HOLDOUT_WORKLOADS });
      } catch (e) {
        result.estimatesHoldout = { error: e.message };
      }
    }
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
  result.targets = [
    { name: 'whole process vs bare-parse process', value: result.b?.ratio, unit: 'x', op: '<=', target: TARGETS.processRatio },
    { name: 'analyser peak RSS', value: result.b?.analyser?.peakRssMB, unit: 'MB', op: '<', target: TARGETS.peakRssMB },
    { name: 'one-line edit re-analysis (median)', value: result.c?.editMedianMs, unit: 'ms', op: '<', target: TARGETS.editMs },
    ...(result.lsp ? lspTargets(result.lsp) : []),
    ...scaleTargets(result),
  ].map((t) => ({ ...t, met: t.value === undefined ? undefined : t.op === '<=' ? t.value <= t.target : t.value < t.target }));
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    const estimateSections = [result.estimates, result.estimatesHoldout].filter(Boolean).map((section) => `\n${section.error ?? formatEstimateVsMeasured(section)}\n`);
    process.stdout.write(textReport(result) + estimateSections.join(''));
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack ?? e}\n`);
  process.exitCode = 2;
});
