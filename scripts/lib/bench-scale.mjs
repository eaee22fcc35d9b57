// Whole-project scale sections of `npm run bench` (scripts/bench.mjs): the CLI over nested
// corpora of real npm sources (about 100, 1,000, 5,000 and 10,000 files), against a bare parse
// of the same files, with and without the persistent cache; and Python against `ast.parse`.
// Reports only; nothing here asserts on timings.
//
// The corpora: the packages of scripts/bench-corpus.json are installed (with their dependencies)
// into .cache/corpus-bench-corpus by scripts/lib/corpus-install.mjs. Their source files, top-level
// packages in a seeded shuffle and each package's files in path order, form ONE list; the corpus of
// size N is its first N files, copied to <tmp>/scale-N/<package>/<path> (nested packages'
// node_modules left out), so every smaller corpus is part of every larger one. The CLI walks that
// folder with --include-build (packages ship code in dist/ and build/). The bare parse reads and
// ts.createSourceFile()s exactly the files the CLI analysed (not those it skipped as minified).
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, corpusSource, installCorpus, readCorpus } from './corpus-install.mjs';
import { mulberry32 } from './seeded-random.mjs';

export const SCALE_SIZES = [100, 1000, 5000, 10000];
export const PYTHON_SIZES = [100, 1000];
const SEED = 14;
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const DECLARATION = /\.d\.[mc]?ts$/;

const BARE_PARSE_SCRIPT = `
const fs = require('fs');
const ts = require(process.argv[2]);
const list = fs.readFileSync(process.argv[3], 'utf8').split('\\n').filter(Boolean);
let statements = 0;
for (const p of list) {
  const text = fs.readFileSync(p, 'utf8');
  const kind = /\\.tsx$/.test(p) ? ts.ScriptKind.TSX : /\\.[mc]?ts$/.test(p) ? ts.ScriptKind.TS : /\\.jsx$/.test(p) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  statements += ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true, kind).statements.length;
}
process.stdout.write(JSON.stringify({ files: list.length, statements }));
`;

const AST_PARSE_SCRIPT = `
import ast, sys
n = 0
for p in open(sys.argv[1], encoding='utf-8').read().split('\\n'):
    if not p: continue
    try:
        with open(p, 'rb') as f: ast.parse(f.read(), p)
        n += 1
    except (SyntaxError, ValueError):
        pass
print(n)
`;

/** Runs a command, stdout to a file; wall ms and peak RSS (MB) from /usr/bin/time -v when present. */
export function measureCommand(command, args, { dir, tag, cwd = ROOT }) {
  const outPath = join(dir, `${tag}.stdout`);
  const fd = openSync(outPath, 'w');
  const haveTime = existsSync('/usr/bin/time');
  const s = performance.now();
  const r = spawnSync(haveTime ? '/usr/bin/time' : command, haveTime ? ['-v', command, ...args] : args, {
    cwd, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - s;
  closeSync(fd);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  // CPU time (user + system, all threads) moves far less than the wall clock on a shared, loaded machine
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const system = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
  const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : undefined;
  const stderr = (r.stderr ?? '').split('\n').filter((l) => !/^\t/.test(l) && !/Command being timed/.test(l)).join('\n').trim();
  return { ms, cpuSeconds, rssMB: m ? Number(m[1]) / 1024 : undefined, status: r.status, stderr, outPath };
}

function listFiles(dir, accept, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') listFiles(p, accept, out);
    } else if (e.isFile() && accept(e.name)) out.push(p);
  }
  return out;
}

/** The one ordered list of [installed package folder, its source files] the nested corpora are cut from. */
export function npmSourceList(log) {
  const source = corpusSource(join(ROOT, 'scripts', 'bench-corpus.json'));
  installCorpus(readCorpus(source.file).packages, { log, prefix: source.prefix });
  const modules = join(source.prefix, 'node_modules');
  const packages = [];
  for (const name of readdirSync(modules).sort()) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const inner of readdirSync(join(modules, name)).sort()) packages.push(`${name}/${inner}`);
    else packages.push(name);
  }
  const random = mulberry32(SEED);
  for (let i = packages.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [packages[i], packages[j]] = [packages[j], packages[i]];
  }
  const files = [];
  for (const name of packages) {
    const root = join(modules, ...name.split('/'));
    for (const file of listFiles(root, (n) => SOURCE.test(n) && !DECLARATION.test(n) && !n.endsWith('.min.js'))) {
      files.push({ from: file, to: join(name, relative(root, file)) });
    }
  }
  return files;
}

export function pythonSourceList() {
  // the interpreter itself, not a version manager's shim script in front of it
  const r = spawnSync('python3', ['-c', "import sys, sysconfig; print(sys.executable); print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  if (r.status !== 0) return { error: 'python3 not found' };
  const [python, stdlib] = r.stdout.trim().split('\n');
  const files = listFiles(stdlib, (n) => n.endsWith('.py'))
    .filter((p) => !/[/\\](site-packages|lib2to3[/\\]tests[/\\]data|test[/\\]bad\w*|badsyntax\w*)/.test(p))
    .map((p) => ({ from: p, to: relative(stdlib, p) }));
  return { python, stdlib, files };
}

export function materialise(list, n, dir) {
  rmSync(dir, { recursive: true, force: true });
  for (const f of list.slice(0, n)) {
    const to = join(dir, f.to);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f.from, to);
  }
}

function analysedFiles(outPath, cwd) {
  const json = JSON.parse(readFileSync(outPath, 'utf8'));
  const files = json.files ?? [];
  const analysed = files.filter((f) => !f.skipped).map((f) => (isAbsolute(f.path) ? f.path : resolve(cwd, f.path)));
  return { analysed, skipped: files.length - analysed.length, functions: files.reduce((s, f) => s + (f.functions?.length ?? 0), 0) };
}

function cliSupportsCache(cli) {
  const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  return /--cache\b/.test(r.stdout ?? '');
}

/** One corpus size: CLI vs bare parse, and (when the CLI has --cache) the cached unchanged re-run. */
function measureSize({ cli, tsModule, dir, n, list, log }) {
  const corpus = join(dir, `scale-${n}`);
  materialise(list, n, corpus);
  const cwd = dir;
  const target = relative(cwd, corpus);
  const base = [cli, 'analyze', target, '--include-build', '--format', 'json'];
  const useCache = cliSupportsCache(cli);
  if (useCache) base.push('--no-cache');
  log(`    ${n} files: CLI ...`);
  const an = measureCommand(process.execPath, base, { dir, tag: `cli-${n}`, cwd });
  let files;
  try {
    files = analysedFiles(an.outPath, cwd);
  } catch {
    return { n, error: `CLI failed (exit ${an.status}): ${an.stderr.split('\n').slice(0, 4).join(' | ')}` };
  }
  const listPath = join(dir, `files-${n}.txt`);
  writeFileSync(listPath, files.analysed.join('\n') + '\n');
  const script = join(dir, 'bare-parse.cjs');
  writeFileSync(script, BARE_PARSE_SCRIPT);
  log(`    ${n} files: bare parse ...`);
  const bare = measureCommand(process.execPath, [script, tsModule, listPath], { dir, tag: `bare-${n}`, cwd });
  const bytes = files.analysed.reduce((s, p) => s + readFileSync(p).length, 0);
  const row = {
    n, filesAnalysed: files.analysed.length, filesSkipped: files.skipped, megabytes: bytes / 1e6, functions: files.functions,
    cli: { seconds: an.ms / 1000, peakRssMB: an.rssMB, exit: an.status, notes: budgetNotes(an.stderr) },
    bare: { seconds: bare.ms / 1000, peakRssMB: bare.rssMB },
    ratio: an.ms / bare.ms,
  };
  if (useCache) {
    const cacheDir = join(dir, `cache-${n}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const cached = [cli, 'analyze', target, '--include-build', '--format', 'json', `--cache=${cacheDir}`];
    log(`    ${n} files: cache fill and cached re-run ...`);
    const fill = measureCommand(process.execPath, cached, { dir, tag: `fill-${n}`, cwd });
    const again = measureCommand(process.execPath, cached, { dir, tag: `cached-${n}`, cwd });
    if (again.status !== an.status) return { ...row, cache: { error: `cached run exit ${again.status}: ${again.stderr.split('\n').slice(0, 2).join(' | ')}` } };
    const same = readFileSync(again.outPath, 'utf8') === readFileSync(an.outPath, 'utf8');
    row.cache = { fillSeconds: fill.ms / 1000, rerunSeconds: again.ms / 1000, rerunPeakRssMB: again.rssMB, ratio: again.ms / bare.ms, sameOutput: same };
  }
  return row;
}

/** What the CLI said on stderr about analysis cut short (budget notes), first line only. */
function budgetNotes(stderr) {
  const line = stderr.split('\n').find((l) => /budget/i.test(l));
  return line?.trim();
}

export function sectionScale({ cli, tsModule, dir, sizes = SCALE_SIZES, log }) {
  if (!existsSync(cli)) return { error: `${relative(ROOT, cli)} does not exist; run npm run build` };
  mkdirSync(dir, { recursive: true });
  const list = npmSourceList(log);
  spawnSync(process.execPath, [cli, '--version']); // warm the file cache of the CLI bundle
  const rows = [];
  for (const n of sizes) {
    if (n > list.length) {
      rows.push({ n, error: `the corpus has only ${list.length} files` });
      continue;
    }
    rows.push(measureSize({ cli, tsModule, dir, n, list, log }));
    rmSync(join(dir, `scale-${n}`), { recursive: true, force: true });
  }
  return { sourceFiles: list.length, rows };
}

export function sectionPython({ cli, dir, sizes = PYTHON_SIZES, log }) {
  if (!existsSync(cli)) return { error: `${relative(ROOT, cli)} does not exist; run npm run build` };
  const source = pythonSourceList();
  if (source.error) return { error: source.error };
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'ast-parse.py');
  writeFileSync(script, AST_PARSE_SCRIPT);
  const useCache = cliSupportsCache(cli);
  const rows = [];
  for (const n of sizes) {
    const corpus = join(dir, `python-${n}`);
    materialise(source.files, n, corpus);
    const args = [cli, 'analyze', relative(dir, corpus), '--include-build', '--format', 'json'];
    if (useCache) args.push('--no-cache');
    log(`    python ${n} files ...`);
    const an = measureCommand(process.execPath, args, { dir, tag: `py-${n}`, cwd: dir });
    let files;
    try {
      files = analysedFiles(an.outPath, dir);
    } catch {
      rows.push({ n, error: `CLI failed (exit ${an.status}): ${an.stderr.split('\n').slice(0, 4).join(' | ')}` });
      continue;
    }
    const listPath = join(dir, `py-files-${n}.txt`);
    writeFileSync(listPath, files.analysed.join('\n') + '\n');
    const bare = measureCommand(source.python, [script, listPath], { dir, tag: `ast-${n}`, cwd: dir });
    rows.push({
      n, filesAnalysed: files.analysed.length, filesSkipped: files.skipped, functions: files.functions,
      cli: { seconds: an.ms / 1000, cpuSeconds: an.cpuSeconds, peakRssMB: an.rssMB, exit: an.status },
      astParse: { seconds: bare.ms / 1000, cpuSeconds: bare.cpuSeconds, peakRssMB: bare.rssMB },
      ratio: an.ms / bare.ms,
      cpuRatio: an.cpuSeconds !== undefined && bare.cpuSeconds ? an.cpuSeconds / bare.cpuSeconds : undefined,
    });
    rmSync(corpus, { recursive: true, force: true });
  }
  return { python: source.python, stdlib: source.stdlib, rows };
}

const fmt = (x, d = 1) => (x === undefined || x === null || Number.isNaN(x) ? '-' : x.toFixed(d));

export function scaleText(scale) {
  const out = ['', '(scale) whole CLI process vs bare-parse process, nested corpora of installed npm sources'];
  if (scale.error) return [...out, `    not run: ${scale.error}`];
  out.push(`    ${scale.sourceFiles} source files in the ordered list (scripts/bench-corpus.json + dependencies)`);
  out.push('    files  analysed  skipped     MB   CLI s  CLI MB  bare s  bare MB  ratio | cached s  ratio  same');
  for (const r of scale.rows) {
    if (r.error) {
      out.push(`    ${String(r.n).padStart(5)}  not run: ${r.error}`);
      continue;
    }
    const c = r.cache?.error ? undefined : r.cache;
    out.push(`    ${String(r.n).padStart(5)}  ${String(r.filesAnalysed).padStart(8)}  ${String(r.filesSkipped).padStart(7)}  ${fmt(r.megabytes, 2).padStart(5)}  ${fmt(r.cli.seconds, 2).padStart(6)}  ${fmt(r.cli.peakRssMB, 0).padStart(6)}  ${fmt(r.bare.seconds, 2).padStart(6)}  ${fmt(r.bare.peakRssMB, 0).padStart(7)}  ${fmt(r.ratio, 1).padStart(4)}x | ${c ? `${fmt(c.rerunSeconds, 2).padStart(8)}  ${fmt(c.ratio, 1).padStart(4)}x  ${c.sameOutput ? 'yes' : 'NO'}` : '       -      -     -'}${r.cli.exit > 1 ? `  (exit ${r.cli.exit})` : ''}`);
    if (r.cli.notes) out.push(`           ${r.cli.notes}`);
    if (r.cache?.error) out.push(`           ${r.cache.error}`);
  }
  return out;
}

export function pythonText(python) {
  const out = ['', '(python) whole CLI process vs python3 ast.parse of the same files (Python standard library)'];
  if (python.error) return [...out, `    not run: ${python.error}`];
  out.push(`    ${python.stdlib}, ${python.python}`);
  out.push('    files  analysed   CLI s  CLI MB  ast.parse s  ast.parse MB  ratio | CLI cpu s  ast.parse cpu s  cpu ratio');
  for (const r of python.rows) {
    if (r.error) out.push(`    ${String(r.n).padStart(5)}  not run: ${r.error}`);
    else out.push(`    ${String(r.n).padStart(5)}  ${String(r.filesAnalysed).padStart(8)}  ${fmt(r.cli.seconds, 2).padStart(6)}  ${fmt(r.cli.peakRssMB, 0).padStart(6)}  ${fmt(r.astParse.seconds, 2).padStart(11)}  ${fmt(r.astParse.peakRssMB, 0).padStart(12)}  ${fmt(r.ratio, 1).padStart(4)}x | ${fmt(r.cli.cpuSeconds, 2).padStart(9)}  ${fmt(r.astParse.cpuSeconds, 2).padStart(15)}  ${fmt(r.cpuRatio, 1).padStart(8)}x`);
  }
  out.push('    (cpu: user + system time of all threads, the CLI\'s garbage collector helpers included; steadier than the wall clock on a loaded machine)');
  return out;
}
