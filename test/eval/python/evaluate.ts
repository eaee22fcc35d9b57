/**
 * Evaluates the Python analyser on a labelled corpus of real functions (the corpus holds only labels;
 * the sources are read where python3 keeps them).
 *
 *   npx tsx test/eval/python/evaluate.ts                        # the stdlib corpus, text report
 *   npx tsx test/eval/python/evaluate.ts --json                 # one JSON object (used by scripts/eval.mjs)
 *   npx tsx test/eval/python/evaluate.ts --corpus test/eval/blind/python/corpus.json --half dev
 *   npx tsx test/eval/python/evaluate.ts --corpus … --half dev --cli /work/baseline/dist/cli.js
 *
 * Options:
 *   --corpus <file>        labelled corpus (default test/eval/python/corpus.json)
 *   --half dev|holdout     only the packages of that half of the corpus's `split`
 *   --cli <path>           run that analyser CLI as a process (`node <cli> analyze <dir> --format json`)
 *                          instead of the in-process analyser of this checkout
 *   --json                 JSON on stdout
 *
 * Where the sources are: a corpus's `sourceRoot` (env THREADWISE_PY_SITE overrides it), else the
 * python3 standard library (`sysconfig`, or env THREADWISE_PY_STDLIB). A corpus that lists
 * `packages` is analysed one package directory at a time (sourceRoot/<package>, every file, so calls
 * across its modules can be resolved); otherwise the labelled files are analysed together.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { FunctionReport, WorkKind } from '../../../src/core/model';
import { PythonAnalyzer } from '../../../src/core/python/index';
import { collectFiles } from '../../../src/core/walk';

export const KINDS: readonly WorkKind[] = ['cpu', 'io', 'io-sync', 'mixed', 'none'];
export const HALVES = ['dev', 'holdout'] as const;
export type Half = (typeof HALVES)[number];

export interface CorpusEntry {
  package: string;
  file: string;
  function: string;
  label: WorkKind;
  interprocedural: boolean;
  why: string;
}

export interface Corpus {
  functions: CorpusEntry[];
  /** directory the entries' files are relative to (absent: the python3 standard library) */
  sourceRoot?: string;
  /** package name → pinned distribution; present when the corpus is analysed package by package */
  packages?: Record<string, { debian?: string; version?: string }>;
  split?: { seed: number; dev: string[]; holdout: string[] };
}

export interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
}

export interface EvaluationResult {
  root: string;
  half?: Half;
  analyser: string;
  total: number;
  accuracy: number;
  interproceduralAccuracy: number;
  /** mean F1 over the classes that have labelled functions */
  macroF1: number;
  perClass: Record<string, ClassScore>;
  /** confusion[label][predicted] */
  confusion: Record<string, Record<string, number>>;
  misclassified: { file: string; function: string; label: string; predicted: string; interprocedural: boolean; evidence: string[] }[];
  timing: { files: number; lines: number; ms: number; msPer1000Lines: number };
}

export interface EvaluateOptions {
  half?: Half;
  /** path of an analyser CLI to run as a process; absent: the in-process analyser */
  cli?: string;
  /** overrides the corpus's sourceRoot */
  root?: string;
}

/** The functions an analyser run reported, by absolute file path. */
type Reports = Map<string, FunctionReport[]>;

const DEFAULT_CORPUS = path.join(__dirname, 'corpus.json');

export function readCorpusFile(file = DEFAULT_CORPUS): Corpus {
  const corpus = JSON.parse(fs.readFileSync(file, 'utf8')) as Corpus;
  if (!Array.isArray(corpus.functions)) throw new Error(`${file}: no "functions" array`);
  return corpus;
}

export function readCorpus(file = DEFAULT_CORPUS): CorpusEntry[] {
  return readCorpusFile(file).functions;
}

/** The entries of one half of the corpus (its split is by package). */
export function entriesOfHalf(corpus: Corpus, half: Half): CorpusEntry[] {
  const packages = corpus.split?.[half];
  if (!packages) throw new Error(`the corpus has no "split" with a "${half}" half`);
  const chosen = new Set(packages);
  return corpus.functions.filter((entry) => chosen.has(entry.package));
}

/** Where the machine's python3 keeps its standard library. */
export function stdlibRoot(): string {
  const fromEnv = process.env.THREADWISE_PY_STDLIB;
  if (fromEnv) return fromEnv;
  const result = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  const root = result.stdout?.trim();
  if (result.status !== 0 || !root) throw new Error(`cannot locate the python3 standard library: ${result.stderr}`);
  return root;
}

function sourceRootOf(corpus: Corpus, override?: string): string {
  const root = override ?? process.env.THREADWISE_PY_SITE ?? corpus.sourceRoot;
  return root ?? stdlibRoot();
}

/**
 * What one analyser run covers: a package directory when the corpus lists packages (so the analyser
 * sees every module a labelled function may call), else the labelled files themselves.
 */
function analysisUnits(corpus: Corpus, entries: readonly CorpusEntry[], root: string): string[][] {
  if (!corpus.packages) return [[...new Set(entries.map((entry) => path.join(root, entry.file)))]];
  const packages = [...new Set(entries.map((entry) => entry.package))].sort();
  return packages.map((name) => {
    const directory = path.join(root, name);
    if (!fs.existsSync(directory)) throw new Error(`package ${name} is not installed at ${directory} (see the corpus's install script)`);
    return [directory];
  });
}

async function analyseInProcess(paths: readonly string[]): Promise<{ reports: Reports; files: string[] }> {
  const files = collectFiles(paths, process.cwd(), { isExcluded: () => false }).files.filter((file) => file.endsWith('.py'));
  const inputs = files.map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
  const analyzer = await PythonAnalyzer.create(DEFAULT_CONFIG);
  const reports: Reports = new Map(analyzer.analyze(inputs).map((report) => [path.resolve(report.path), report.functions]));
  return { reports, files };
}

function analyseWithCli(cli: string, paths: readonly string[]): { reports: Reports; files: string[] } {
  const cwd = path.dirname(paths[0]);
  const run = spawnSync(process.execPath, [cli, 'analyze', ...paths, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  // exit 1 only means error-level findings were reported
  if (run.status !== 0 && run.status !== 1) throw new Error(`${cli} analyze ${paths.join(' ')} exited ${run.status}: ${run.stderr?.slice(0, 2000)}`);
  const output = JSON.parse(run.stdout) as { files: { path: string; functions?: FunctionReport[] }[] };
  const reports: Reports = new Map(output.files.map((file) => [path.resolve(cwd, file.path), file.functions ?? []]));
  return { reports, files: [...reports.keys()].filter((file) => file.endsWith('.py')) };
}

export async function evaluate(corpus: Corpus = readCorpusFile(), options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const entries = options.half ? entriesOfHalf(corpus, options.half) : corpus.functions;
  const root = sourceRootOf(corpus, options.root);
  const reports: Reports = new Map();
  const analysed = new Set<string>();
  const started = performance.now();
  for (const unit of analysisUnits(corpus, entries, root)) {
    const run = options.cli ? analyseWithCli(options.cli, unit) : await analyseInProcess(unit);
    for (const [file, functions] of run.reports) reports.set(file, functions);
    for (const file of run.files) analysed.add(file);
  }
  const ms = performance.now() - started;
  const lines = [...analysed].reduce((sum, file) => sum + fs.readFileSync(file, 'utf8').split('\n').length, 0);

  const confusion: Record<string, Record<string, number>> = {};
  for (const label of KINDS) confusion[label] = Object.fromEntries([...KINDS, 'missing'].map((kind) => [kind, 0]));
  const misclassified: EvaluationResult['misclassified'] = [];
  let correct = 0;
  let interprocedural = 0;
  let interproceduralCorrect = 0;
  for (const entry of entries) {
    const fn = reports.get(path.join(root, entry.file))?.find((candidate) => candidate.name === entry.function);
    const predicted = fn?.kind ?? 'missing';
    confusion[entry.label][predicted]++;
    const ok = predicted === entry.label;
    if (ok) correct++;
    if (entry.interprocedural) {
      interprocedural++;
      if (ok) interproceduralCorrect++;
    }
    if (!ok) {
      misclassified.push({
        file: entry.file,
        function: entry.function,
        label: entry.label,
        predicted,
        interprocedural: entry.interprocedural,
        evidence: fn?.evidence.map((e) => `${e.line}: ${e.message}`) ?? [],
      });
    }
  }
  const perClass = Object.fromEntries(KINDS.map((kind) => [kind, score(kind, confusion)]));
  const supported = KINDS.filter((kind) => perClass[kind].support > 0);
  return {
    root,
    half: options.half,
    analyser: options.cli ? path.resolve(options.cli) : 'in-process (src/core/python)',
    total: entries.length,
    accuracy: ratio(correct, entries.length),
    interproceduralAccuracy: ratio(interproceduralCorrect, interprocedural),
    macroF1: supported.length === 0 ? 0 : round(supported.reduce((sum, kind) => sum + perClass[kind].f1, 0) / supported.length),
    perClass,
    confusion,
    misclassified,
    timing: { files: analysed.size, lines, ms: Math.round(ms), msPer1000Lines: lines === 0 ? 0 : Math.round((ms / lines) * 1000 * 10) / 10 },
  };
}

function score(kind: string, confusion: Record<string, Record<string, number>>): ClassScore {
  const support = Object.values(confusion[kind]).reduce((a, b) => a + b, 0);
  const truePositives = confusion[kind][kind];
  const predicted = KINDS.reduce((sum, label) => sum + confusion[label][kind], 0);
  const precision = ratio(truePositives, predicted);
  const recall = ratio(truePositives, support);
  return { precision, recall, f1: precision + recall === 0 ? 0 : round((2 * precision * recall) / (precision + recall)), support, predicted };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : round(a / b);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function printText(result: EvaluationResult): void {
  const out: string[] = [`Python corpus: ${result.total} functions from ${result.root}${result.half ? ` (${result.half} half)` : ''}`];
  out.push(`analyser: ${result.analyser}`);
  out.push(`accuracy ${result.accuracy}, interprocedural accuracy ${result.interproceduralAccuracy}, macro-F1 ${result.macroF1}`);
  out.push('class     precision recall  f1     support');
  for (const [kind, s] of Object.entries(result.perClass)) {
    out.push(`${kind.padEnd(9)} ${String(s.precision).padEnd(9)} ${String(s.recall).padEnd(7)} ${String(s.f1).padEnd(6)} ${s.support}`);
  }
  out.push('confusion (rows: label, columns: predicted)');
  out.push(`${''.padEnd(9)} ${[...KINDS, 'missing'].map((k) => k.padEnd(8)).join('')}`);
  for (const [label, row] of Object.entries(result.confusion)) out.push(`${label.padEnd(9)} ${Object.values(row).map((n) => String(n).padEnd(8)).join('')}`);
  out.push(`timing: ${result.timing.files} files, ${result.timing.lines} lines, ${result.timing.ms} ms (${result.timing.msPer1000Lines} ms per 1,000 lines, parse + analyse)`);
  for (const miss of result.misclassified) {
    out.push(`  ✗ ${miss.file} ${miss.function}: labelled ${miss.label}, predicted ${miss.predicted}${miss.interprocedural ? ' [interprocedural]' : ''}${miss.evidence[0] ? ` — ${miss.evidence[0]}` : ''}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

interface Arguments {
  corpus: string;
  options: EvaluateOptions;
  json: boolean;
}

export function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { corpus: DEFAULT_CORPUS, options: {}, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--json':
        parsed.json = true;
        break;
      case '--corpus':
        parsed.corpus = path.resolve(value());
        break;
      case '--cli':
        parsed.options.cli = path.resolve(value());
        break;
      case '--half': {
        const half = value();
        if (!(HALVES as readonly string[]).includes(half)) throw new Error(`--half must be one of ${HALVES.join(', ')}, not "${half}"`);
        parsed.options.half = half as Half;
        break;
      }
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return parsed;
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const result = await evaluate(readCorpusFile(args.corpus), args.options);
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printText(result);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
