#!/usr/bin/env node
// Accuracy evaluation of the work-kind classifier on REAL third-party code.
//
//   npm run eval                      # install the corpus if needed, analyse, print the report
//   npm run eval -- --json            # machine-readable report on stdout
//   npm run eval -- --min-precision-cpu 0.8 --min-recall-io 0.7   # CI gate: exit 1 below
//   npm run eval -- --check           # validate test/eval/ts/corpus.json only (no analyser)
//   npm run eval -- --corpus blind-dev --cli /work/baseline/dist/cli.js   # another corpus, another analyser
//
// The corpus (test/eval/ts/corpus.json) names functions in pinned npm packages, each labelled by
// reading the code: cpu | io | io-sync | mixed | none. The packages are installed by
// scripts/lib/corpus-install.mjs into the ignored folder .cache/eval-corpus/. The analyser is run
// as a PROCESS through its CLI contract:
//   node dist/cli.js analyze <package dir> --format json
// and every labelled function is matched in the output by file + line (±2) + name.
// A labelled function the analyser does not report counts as an error ("missing").
//
// Options:
//   --corpus <name|file>     ts (default: test/eval/ts/corpus.json), blind, blind-dev, blind-holdout
//                            (test/eval/blind/ts/corpus.json, whole or one half of its package split),
//                            blind2, blind2-dev, blind2-holdout (test/eval/blind2/ts/corpus.json),
//                            blind3 (test/eval/blind3/ts/corpus.json, one set),
//                            blind4 (test/eval/blind4/ts/corpus.json, one set),
//                            blind5 (test/eval/blind5/ts/corpus.json, one set),
//                            blind6 (test/eval/blind6/ts/corpus.json, one set),
//                            blind7 (test/eval/blind7/ts/corpus.json, one set),
//                            blind8 (test/eval/blind8/ts/corpus.json, one set),
//                            blind9 (test/eval/blind9/ts/corpus.json, one set),
//                            blind10 (test/eval/blind10/ts/corpus.json, one set),
//                            blind11 (test/eval/blind11/ts/corpus.json, one set),
//                            blind12 (test/eval/blind12/ts/corpus.json, one set),
//                            or a corpus file; see scripts/lib/corpus-install.mjs. Only `ts` runs the Python hook.
//   --json                   JSON report on stdout (the human report goes nowhere)
//   --check                  only validate the corpus file against the installed packages
//   --mode all|per-package   one analyser process over all packages (default: 4x faster, same results
//                            on this corpus) or one per package
//   --cli <path>             analyser CLI to run (default dist/cli.js; env THREADWISE_CLI too)
//   --engine                 instead of the CLI process, load src/core/engine.ts in process (via tsx)
//                            and analyse every package's files with Analyzer.analyzeFiles; for use
//                            before dist/cli.js exists (the official figures come from the CLI)
//   --reuse-output           reuse the analyser output saved by the previous run (.cache/eval-output)
//   --package <name>         evaluate only this package (repeatable)
//   --timeout <seconds>      per analyser run (default 900)
//   --min-precision-<kind> <x>, --min-recall-<kind> <x>, --min-f1-<kind> <x>   (kind: cpu, io, io-sync, mixed, none)
//   --min-accuracy <x>       overall accuracy threshold
//   --no-python              do not run the Python corpus hook
//   --limit <n>              list at most n misclassifications per section (default all)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  ROOT,
  corpusSource,
  installCorpus,
  packageDir as packageDirIn,
  readCorpus,
} from './lib/corpus-install.mjs';
import { splitProblems } from './lib/corpus-split.mjs';

export const KINDS = ['cpu', 'io', 'io-sync', 'mixed', 'none'];
const OUTPUT_DIR = join(ROOT, '.cache', 'eval-output');
const LINE_TOLERANCE = 2;

// The corpus this run evaluates (set once from --corpus, before anything reads packages).
let corpusSourceInUse = corpusSource('ts');
const packageDir = (name) => packageDirIn(name, corpusSourceInUse.prefix);

// ---------------------------------------------------------------------------------------------
// arguments

function parseArgs(argv) {
  const opts = {
    json: false,
    check: false,
    mode: 'all',
    cli: process.env.THREADWISE_CLI || join(ROOT, 'dist', 'cli.js'),
    reuse: false,
    engine: false,
    packages: [],
    timeout: 900,
    thresholds: [],
    python: true,
    limit: Infinity,
    corpus: 'ts',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    const m = /^--min-(precision|recall|f1)-(cpu|io|io-sync|mixed|none)$/.exec(flag);
    if (m) {
      opts.thresholds.push({ metric: m[1], kind: m[2], min: Number(value()) });
      continue;
    }
    switch (flag) {
      case '--json': opts.json = true; break;
      case '--check': opts.check = true; break;
      case '--mode': opts.mode = value(); break;
      case '--cli': opts.cli = resolve(value()); break;
      case '--reuse-output': opts.reuse = true; break;
      case '--engine': opts.engine = true; break;
      case '--package': opts.packages.push(value()); break;
      case '--timeout': opts.timeout = Number(value()); break;
      case '--min-accuracy': opts.thresholds.push({ metric: 'accuracy', kind: 'all', min: Number(value()) }); break;
      case '--no-python': opts.python = false; break;
      case '--limit': opts.limit = Number(value()); break;
      case '--corpus': opts.corpus = value(); break;
      case '--help': case '-h':
        process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
        process.exit(0);
        break;
      default:
        throw new Error(`eval: unknown argument ${a}`);
    }
  }
  if (!['per-package', 'all'].includes(opts.mode)) throw new Error(`eval: --mode must be per-package or all`);
  for (const t of opts.thresholds) if (!Number.isFinite(t.min)) throw new Error(`eval: bad threshold for ${t.metric} ${t.kind}`);
  return opts;
}

// ---------------------------------------------------------------------------------------------
// corpus validation (also used by the unit test of the corpus file, if one is added)

/** Returns a list of problems in the corpus (empty when it is sound). Needs the packages installed. */
export function validateCorpus(corpus) {
  const problems = [];
  const seen = new Set();
  for (const [i, f] of corpus.functions.entries()) {
    const where = `functions[${i}] ${f.package}/${f.file}:${f.line} ${f.function}`;
    for (const key of ['package', 'file', 'function', 'line', 'label', 'interprocedural', 'why']) {
      if (f[key] === undefined || f[key] === '') problems.push(`${where}: missing ${key}`);
    }
    if (!KINDS.includes(f.label)) problems.push(`${where}: label ${f.label} is not one of ${KINDS.join(', ')}`);
    if (!(f.package in corpus.packages)) problems.push(`${where}: package not pinned in "packages"`);
    const key = `${f.package}/${f.file}:${f.line}:${f.function}`;
    if (seen.has(key)) problems.push(`${where}: duplicate`);
    seen.add(key);
    const path = join(packageDir(f.package), f.file);
    if (!existsSync(path)) {
      problems.push(`${where}: file does not exist in the installed package`);
      continue;
    }
    const line = readFileSync(path, 'utf8').split(/\r?\n/)[f.line - 1] ?? '';
    const last = lastSegment(f.function);
    if (!/ (handler|callback)$/.test(f.function) && !line.includes(last)) {
      problems.push(`${where}: line ${f.line} does not mention "${last}": ${line.trim().slice(0, 80)}`);
    }
  }
  return problems;
}

export function corpusSummary(corpus) {
  const byLabel = Object.fromEntries(KINDS.map((k) => [k, 0]));
  const byPackage = {};
  let inter = 0;
  for (const f of corpus.functions) {
    byLabel[f.label]++;
    byPackage[f.package] = (byPackage[f.package] ?? 0) + 1;
    if (f.interprocedural) inter++;
  }
  return { functions: corpus.functions.length, byLabel, interprocedural: inter, packages: Object.keys(byPackage).length, byPackage };
}

// ---------------------------------------------------------------------------------------------
// running the analyser

function runCli(cli, dirs, timeoutSec) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'analyze', ...dirs, '--format', 'json'], {
      cwd: ROOT,
      // labels name functions in whichever copy of a dual build (CommonJS + ES modules) their labeller read: analyse both
      env: { ...process.env, THREADWISE_DUAL_BUILDS: 'all' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSec * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const seconds = (performance.now() - started) / 1000;
      let json;
      let error;
      try {
        json = JSON.parse(stdout);
      } catch (e) {
        error = `exit ${code}${signal ? ` (${signal})` : ''}; stdout is not JSON (${e.message}); stderr: ${stderr.slice(0, 2000)}`;
      }
      resolvePromise({ json, error, seconds, code, stderr });
    });
  });
}

/** In-process analysis through src/core/engine.ts, shaped like the CLI's JSON output. */
let enginePromise;
async function runEngine(dirs) {
  enginePromise ??= (async () => {
    const { tsImport } = await import('tsx/esm/api');
    const { pathToFileURL } = await import('node:url');
    const load = (p) => tsImport(pathToFileURL(join(ROOT, p)).href, import.meta.url);
    const { Analyzer } = await load('src/core/engine.ts');
    const { DEFAULT_CONFIG } = await load('src/core/config.ts');
    return { Analyzer, DEFAULT_CONFIG };
  })();
  const { Analyzer, DEFAULT_CONFIG } = await enginePromise;
  const started = performance.now();
  const walk = (d, out = []) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, out);
      else if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name)) out.push(p);
    }
    return out;
  };
  try {
    const files = dirs.flatMap((d) => walk(resolve(ROOT, d)));
    const analyzer = new Analyzer({ root: ROOT, config: DEFAULT_CONFIG });
    const reports = await analyzer.analyzeFiles(files);
    const json = {
      tool: { name: 'threadwise (in-process engine)', version: 'src' },
      files: reports.map((r) => ({
        path: r.path,
        language: r.language,
        skipped: r.skipped,
        functions: r.functions.map((f) => ({ name: f.name, line: f.range.line, column: f.range.column, endLine: f.range.endLine, endColumn: f.range.endColumn, kind: f.kind, confidence: f.confidence, evidence: f.evidence, recommendation: f.recommendation })),
      })),
    };
    return { json, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    return { error: String(e.stack ?? e).slice(0, 2000), seconds: (performance.now() - started) / 1000 };
  }
}

/** path in the analyser output -> absolute path */
function absolutePath(p) {
  return isAbsolute(p) ? resolve(p) : resolve(ROOT, p);
}

// Directory names the CLI walker skips as build output (src/cli/walk.ts). Many packages ship their
// code only there, so a labelled file under such a folder gets that folder passed as a root too.
const BUILD_OUTPUT_DIRS = new Set(['dist', 'build', 'out']);

/** Roots to pass to the analyser for one package: the package folder, plus build-output folders holding labelled files. */
export function analysisRoots(pkg, labels) {
  const roots = new Set([relative(ROOT, packageDir(pkg))]);
  for (const l of labels) {
    const parts = l.file.split('/');
    const i = parts.findIndex((s) => BUILD_OUTPUT_DIRS.has(s));
    if (i >= 0) roots.add(relative(ROOT, join(packageDir(pkg), ...parts.slice(0, i + 1))));
  }
  return [...roots];
}

async function analyse(opts, packages, log, labelsByPackage = new Map()) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const runs = []; // { packages, seconds, error }
  const files = new Map(); // abs path -> file report
  let tool;
  const consume = (json) => {
    tool ??= json.tool;
    for (const f of json.files ?? []) files.set(absolutePath(f.path), f);
  };
  const groups = opts.mode === 'all' ? [packages] : packages.map((p) => [p]);
  for (const group of groups) {
    const tag = opts.mode === 'all' ? '_all' : group[0].replace(/[/@]/g, '_');
    const corpusTag = corpusSourceInUse.name === 'ts' ? '' : `${corpusSourceInUse.name}-`;
    const saved = join(OUTPUT_DIR, `${corpusTag}${opts.engine ? 'engine-' : ''}${tag}.json`);
    const dirs = group.flatMap((p) => analysisRoots(p, labelsByPackage.get(p) ?? []));
    const source = opts.engine ? 'engine' : opts.cli;
    const s = opts.reuse && existsSync(saved) ? JSON.parse(readFileSync(saved, 'utf8')) : undefined;
    // reuse only what the same analyser produced over the same roots
    if (s && s.source === source && JSON.stringify(s.dirs) === JSON.stringify(dirs)) {
      consume(s.output);
      runs.push({ packages: group, seconds: s.seconds, reused: true });
      continue;
    }
    log(`analysing ${group.length === 1 ? group[0] : `${group.length} packages`} ...`);
    const r = opts.engine ? await runEngine(dirs) : await runCli(opts.cli, dirs, opts.timeout);
    runs.push({ packages: group, seconds: r.seconds, error: r.error });
    if (r.error) {
      log(`  FAILED after ${r.seconds.toFixed(1)} s: ${r.error.split('\n')[0]}`);
      continue;
    }
    log(`  ${r.json.files?.length ?? 0} files in ${r.seconds.toFixed(1)} s`);
    writeFileSync(saved, JSON.stringify({ source, dirs, seconds: r.seconds, output: r.json }));
    consume(r.json);
  }
  return { runs, files, tool };
}

// ---------------------------------------------------------------------------------------------
// matching and scoring

function lastSegment(name) {
  return String(name).split(/[.#]/).pop().trim();
}

/** A looser comparison for names that differ only in how the owner is spelled. */
function namesCompatible(labelName, gotName) {
  if (labelName === gotName) return true;
  const norm = (n) => String(n).replace(/\.prototype\./g, '.').replace(/^(module\.)?exports\./, '');
  const a = norm(labelName);
  const b = norm(gotName);
  if (a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`)) return true;
  // a function the analyser could only name by its export slot (module.exports = function foo () {})
  if (/^(module\.exports|exports|default|export default|<?anonymous>?)$/.test(String(gotName))) return true;
  return lastSegment(a) === lastSegment(b);
}

export function matchFunction(label, fileReport) {
  if (!fileReport) return { status: 'missing', reason: 'file not in the analyser output' };
  if (fileReport.skipped) return { status: 'missing', reason: `file skipped: ${fileReport.skipped}` };
  const near = (fileReport.functions ?? []).filter((fn) => Math.abs(fn.line - label.line) <= LINE_TOLERANCE);
  const byDistance = (a, b) => Math.abs(a.line - label.line) - Math.abs(b.line - label.line);
  const exact = near.filter((fn) => fn.name === label.function).sort(byDistance);
  if (exact.length) return { status: 'matched', fn: exact[0], nameMatch: 'exact' };
  const loose = near.filter((fn) => namesCompatible(label.function, fn.name)).sort((a, b) => byDistance(a, b) || (a.column ?? 0) - (b.column ?? 0));
  if (loose.length) return { status: 'matched', fn: loose[0], nameMatch: 'loose' };
  const names = near.map((fn) => `${fn.name}@${fn.line}`).join(', ');
  return { status: 'missing', reason: near.length ? `no function named like this near line ${label.line} (found: ${names})` : `no function reported within ±${LINE_TOLERANCE} lines` };
}

function ratio(a, b) {
  return b === 0 ? null : a / b;
}

export function score(results) {
  const cols = [...KINDS, 'missing'];
  const confusion = Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(cols.map((c) => [c, 0]))]));
  for (const r of results) confusion[r.label][r.got ?? 'missing']++;
  const perClass = {};
  for (const k of KINDS) {
    const tp = confusion[k][k];
    const predicted = KINDS.reduce((s, l) => s + confusion[l][k], 0);
    const actual = cols.reduce((s, c) => s + confusion[k][c], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, actual);
    const f1 = precision === null || recall === null || precision + recall === 0 ? (tp === 0 && actual > 0 ? 0 : null) : (2 * precision * recall) / (precision + recall);
    perClass[k] = { support: actual, predicted, tp, precision, recall, f1 };
  }
  const acc = (rs) => ({ n: rs.length, correct: rs.filter((r) => r.got === r.label).length, accuracy: ratio(rs.filter((r) => r.got === r.label).length, rs.length) });
  const f1s = KINDS.map((k) => perClass[k].f1).filter((x) => x !== null);
  return {
    overall: acc(results),
    interprocedural: acc(results.filter((r) => r.interprocedural)),
    local: acc(results.filter((r) => !r.interprocedural)),
    macroF1: f1s.length ? f1s.reduce((a, b) => a + b, 0) / f1s.length : null,
    perClass,
    confusion,
    missing: results.filter((r) => !r.got).length,
    looseNameMatches: results.filter((r) => r.nameMatch === 'loose').length,
  };
}

// ---------------------------------------------------------------------------------------------
// Python corpus hook
//
// >>> PYTHON EVAL HOOK <<<
// test/eval/python/ is owned by another engineer. When test/eval/python/evaluate.ts exists it is
// run here with tsx and its output is folded into this report. Contract assumed (adjust here, not
// there, once its interface is settled): `npx tsx test/eval/python/evaluate.ts --json` prints one
// JSON object on stdout and exits non-zero only on failure. Whatever it prints is kept verbatim
// under `python` in --json output and echoed in the text report.
function runPythonHook(opts, log) {
  const script = join(ROOT, 'test', 'eval', 'python', 'evaluate.ts');
  if (!opts.python || corpusSourceInUse.name !== 'ts' || !existsSync(script)) return undefined;
  log('running the Python corpus (test/eval/python/evaluate.ts) ...');
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeout * 1000,
  });
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  return { exitCode: r.status, report, stdout: report ? undefined : r.stdout, stderr: r.stderr?.slice(0, 4000) };
}

// ---------------------------------------------------------------------------------------------
// report

const pct = (x) => (x === null || x === undefined ? '   -  ' : `${(100 * x).toFixed(1).padStart(5)}%`);

function textReport(rep, opts) {
  const out = [];
  const s = rep.score;
  out.push(`Threadwise eval — TypeScript/JavaScript corpus ${rep.corpusName} (${rep.corpus.functions} labelled functions in ${rep.corpus.packages} packages)`);
  out.push(`analyser: ${rep.tool ? `${rep.tool.name} ${rep.tool.version}` : '?'}  mode: ${rep.mode}  analyser wall time: ${rep.analyserSeconds.toFixed(1)} s over ${rep.runs.length} run(s)`);
  out.push('');
  out.push('class      support  predicted  precision  recall     F1');
  for (const k of KINDS) {
    const c = s.perClass[k];
    out.push(`${k.padEnd(10)} ${String(c.support).padStart(7)}  ${String(c.predicted).padStart(9)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall)}  ${pct(c.f1)}`);
  }
  out.push(`macro F1 ${pct(s.macroF1)}`);
  out.push('');
  out.push(`accuracy               ${pct(s.overall.accuracy)}  (${s.overall.correct}/${s.overall.n})`);
  out.push(`  interprocedural      ${pct(s.interprocedural.accuracy)}  (${s.interprocedural.correct}/${s.interprocedural.n})`);
  out.push(`  decidable locally    ${pct(s.local.accuracy)}  (${s.local.correct}/${s.local.n})`);
  out.push(`missing functions      ${s.missing}   (matched by a looser name: ${s.looseNameMatches})`);
  out.push('');
  out.push('confusion matrix (rows = label, columns = analyser)');
  const cols = [...KINDS, 'missing'];
  out.push('label \\ got  ' + cols.map((c) => c.padStart(8)).join(''));
  for (const k of KINDS) out.push(k.padEnd(13) + cols.map((c) => String(s.confusion[k][c]).padStart(8)).join(''));
  out.push('');
  out.push('per package accuracy');
  for (const [p, v] of Object.entries(rep.perPackage)) out.push(`  ${p.padEnd(18)} ${pct(v.accuracy)}  (${v.correct}/${v.n})${v.runError ? '  ANALYSER FAILED: ' + v.runError.split('\n')[0] : ''}`);
  const wrong = rep.results.filter((r) => r.got && r.got !== r.label);
  if (wrong.length) {
    out.push('');
    out.push(`misclassified (${wrong.length})`);
    for (const r of wrong.slice(0, opts.limit)) {
      out.push(`  label ${r.label.padEnd(7)} got ${r.got.padEnd(7)} ${r.package}/${r.file}:${r.line}  ${r.function}${r.gotName && r.gotName !== r.function ? ` (reported as ${r.gotName})` : ''}${r.interprocedural ? '  [interprocedural]' : ''}  conf ${r.confidence ?? '?'}`);
      out.push(`      why labelled: ${r.why}`);
      if (!r.evidence?.length) out.push('      evidence: (none)');
      for (const e of (r.evidence ?? []).slice(0, 6)) {
        const where = e.file ? `${relative(ROOT, absolutePath(e.file)).split(sep).join('/')}:${e.line}` : `line ${e.line}`;
        out.push(`      evidence ${where}: ${e.message}`);
      }
      if (r.recommendation) out.push(`      recommends ${r.recommendation.strategy}`);
    }
  }
  const missing = rep.results.filter((r) => !r.got);
  if (missing.length) {
    out.push('');
    out.push(`missing (${missing.length}) — labelled functions the analyser did not report`);
    for (const r of missing.slice(0, opts.limit)) out.push(`  ${r.label.padEnd(7)} ${r.package}/${r.file}:${r.line}  ${r.function}: ${r.reason}`);
  }
  if (rep.gates.length) {
    out.push('');
    for (const g of rep.gates) out.push(`gate ${g.metric} ${g.kind} >= ${g.min}: ${g.value === null ? 'n/a' : g.value.toFixed(3)} ${g.pass ? 'ok' : 'FAIL'}`);
  }
  if (rep.python) {
    out.push('');
    out.push('>>> Python corpus (test/eval/python/evaluate.ts)');
    const py = rep.python.report;
    if (py && typeof py.accuracy === 'number' && py.perClass) {
      out.push(`functions ${py.total}  accuracy ${pct(py.accuracy)}  interprocedural ${pct(py.interproceduralAccuracy)}`);
      for (const k of KINDS) {
        const c = py.perClass[k];
        if (c) out.push(`${k.padEnd(10)} ${String(c.support).padStart(7)}  ${String(c.predicted).padStart(9)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall)}  ${pct(c.f1)}`);
      }
      out.push('(details: npx tsx test/eval/python/evaluate.ts, or --json here)');
    } else out.push(py ? JSON.stringify(py, null, 2) : (rep.python.stdout ?? '').trimEnd());
    if (rep.python.exitCode) out.push(`(exit ${rep.python.exitCode}) ${rep.python.stderr ?? ''}`);
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (m) => process.stderr.write(m + '\n');
  corpusSourceInUse = corpusSource(opts.corpus);
  const corpus = readCorpus(corpusSourceInUse.file, corpusSourceInUse.half);
  installCorpus(corpus.packages, { log, prefix: corpusSourceInUse.prefix });

  if (opts.check) {
    const problems = [...validateCorpus(corpus), ...splitProblems(readCorpus(corpusSourceInUse.file))];
    const summary = corpusSummary(corpus);
    if (opts.json) process.stdout.write(JSON.stringify({ corpus: summary, problems }, null, 2) + '\n');
    else {
      process.stdout.write(`${relative(ROOT, corpusSourceInUse.file)}${corpusSourceInUse.half ? ` (${corpusSourceInUse.half} half)` : ''}: ${summary.functions} functions, ${summary.packages} packages, interprocedural ${summary.interprocedural}\n`);
      process.stdout.write(`by label: ${KINDS.map((k) => `${k} ${summary.byLabel[k]}`).join(', ')}\n`);
      for (const p of problems) process.stdout.write(`PROBLEM ${p}\n`);
      process.stdout.write(problems.length ? `${problems.length} problem(s)\n` : 'corpus OK\n');
    }
    process.exitCode = problems.length ? 1 : 0;
    return;
  }

  if (!opts.engine && !existsSync(opts.cli)) {
    log(`eval: the analyser CLI ${relative(ROOT, opts.cli)} does not exist; run \`npm run build\` first (or pass --cli).`);
    process.exitCode = 2;
    return;
  }

  const wanted = opts.packages.length ? opts.packages : [...new Set(corpus.functions.map((f) => f.package))];
  const labels = corpus.functions.filter((f) => wanted.includes(f.package));
  const labelsByPackage = new Map();
  for (const l of labels) labelsByPackage.set(l.package, [...(labelsByPackage.get(l.package) ?? []), l]);
  const { runs, files, tool } = await analyse(opts, wanted, log, labelsByPackage);

  const runErrorFor = (pkg) => runs.find((r) => r.packages.includes(pkg) && r.error)?.error;
  const results = labels.map((label) => {
    const abs = resolve(packageDir(label.package), label.file);
    const m = matchFunction(label, files.get(abs));
    const base = { ...label };
    if (m.status !== 'matched') return { ...base, got: null, reason: runErrorFor(label.package) ? 'analyser run failed' : m.reason };
    return {
      ...base,
      got: m.fn.kind,
      gotName: m.fn.name,
      gotLine: m.fn.line,
      nameMatch: m.nameMatch,
      confidence: m.fn.confidence,
      evidence: m.fn.evidence,
      recommendation: m.fn.recommendation,
    };
  });

  const s = score(results);
  const perPackage = {};
  for (const p of wanted) {
    const rs = results.filter((r) => r.package === p);
    const correct = rs.filter((r) => r.got === r.label).length;
    perPackage[p] = { n: rs.length, correct, accuracy: ratio(correct, rs.length), runError: runErrorFor(p) };
  }
  const gates = opts.thresholds.map((t) => {
    const value = t.metric === 'accuracy' ? s.overall.accuracy : s.perClass[t.kind][t.metric];
    return { ...t, value, pass: value !== null && value >= t.min };
  });
  const python = runPythonHook(opts, log);
  const rep = {
    corpusName: corpusSourceInUse.name,
    corpus: corpusSummary({ ...corpus, functions: labels }),
    tool,
    mode: opts.mode,
    analyserSeconds: runs.reduce((a, r) => a + (r.seconds ?? 0), 0),
    runs: runs.map((r) => ({ packages: r.packages, seconds: r.seconds, reused: !!r.reused, error: r.error })),
    score: s,
    perPackage,
    gates,
    results,
    python,
  };
  if (opts.json) process.stdout.write(JSON.stringify(rep, null, 2) + '\n');
  else process.stdout.write(textReport(rep, opts));
  const failed = gates.some((g) => !g.pass) || (python && python.exitCode);
  // exitCode, not exit(): a pending write to a pipe would be cut off
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((e) => {
    process.stderr.write(`eval: ${e.stack ?? e}\n`);
    process.exit(2);
  });
}
