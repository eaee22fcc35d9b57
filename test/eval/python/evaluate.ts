/**
 * Evaluates the Python analyser on a labelled corpus of real functions from the machine's python3
 * standard library (corpus.json holds only labels; the sources are read where python3 keeps them).
 *
 *   npx tsx test/eval/python/evaluate.ts           # text report
 *   npx tsx test/eval/python/evaluate.ts --json    # one JSON object (used by scripts/eval.mjs)
 *
 * The stdlib root comes from `python3 -c "import sysconfig; ..."`, or THREADWISE_PY_STDLIB.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { WorkKind } from '../../../src/core/model';
import { PythonAnalyzer } from '../../../src/core/python/index';

export const KINDS: readonly WorkKind[] = ['cpu', 'io', 'io-sync', 'mixed', 'none'];

export interface CorpusEntry {
  package: string;
  file: string;
  function: string;
  label: WorkKind;
  interprocedural: boolean;
  why: string;
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
  total: number;
  accuracy: number;
  interproceduralAccuracy: number;
  perClass: Record<string, ClassScore>;
  /** confusion[label][predicted] */
  confusion: Record<string, Record<string, number>>;
  misclassified: { file: string; function: string; label: string; predicted: string; evidence: string[] }[];
  timing: { files: number; lines: number; ms: number; msPer1000Lines: number };
}

const CORPUS = path.join(__dirname, 'corpus.json');

export function readCorpus(file = CORPUS): CorpusEntry[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { functions: CorpusEntry[] }).functions;
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

export async function evaluate(entries: CorpusEntry[] = readCorpus(), root: string = stdlibRoot()): Promise<EvaluationResult> {
  const files = [...new Set(entries.map((entry) => path.join(root, entry.file)))];
  const inputs = files.map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
  const started = performance.now();
  const analyzer = await PythonAnalyzer.create(DEFAULT_CONFIG);
  const reports = new Map(analyzer.analyze(inputs).map((report) => [report.path, report]));
  const ms = performance.now() - started;
  const lines = inputs.reduce((sum, input) => sum + input.text.split('\n').length, 0);

  const confusion: Record<string, Record<string, number>> = {};
  for (const label of KINDS) confusion[label] = Object.fromEntries([...KINDS, 'missing'].map((kind) => [kind, 0]));
  const misclassified: EvaluationResult['misclassified'] = [];
  let correct = 0;
  let interprocedural = 0;
  let interproceduralCorrect = 0;
  for (const entry of entries) {
    const report = reports.get(path.join(root, entry.file));
    const fn = report?.functions.find((candidate) => candidate.name === entry.function);
    const predicted = fn?.kind ?? 'missing';
    confusion[entry.label][predicted]++;
    const ok = predicted === entry.label;
    if (ok) correct++;
    if (entry.interprocedural) {
      interprocedural++;
      if (ok) interproceduralCorrect++;
    }
    if (!ok) {
      misclassified.push({ file: entry.file, function: entry.function, label: entry.label, predicted, evidence: fn?.evidence.map((e) => `${e.line}: ${e.message}`) ?? [] });
    }
  }
  return {
    root,
    total: entries.length,
    accuracy: ratio(correct, entries.length),
    interproceduralAccuracy: ratio(interproceduralCorrect, interprocedural),
    perClass: Object.fromEntries(KINDS.map((kind) => [kind, score(kind, confusion)])),
    confusion,
    misclassified,
    timing: { files: files.length, lines, ms: Math.round(ms), msPer1000Lines: Math.round((ms / lines) * 1000 * 10) / 10 },
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
  const out: string[] = [`Python corpus: ${result.total} functions from ${result.root}`];
  out.push(`accuracy ${result.accuracy}, interprocedural accuracy ${result.interproceduralAccuracy}`);
  out.push('class     precision recall  f1     support');
  for (const [kind, s] of Object.entries(result.perClass)) {
    out.push(`${kind.padEnd(9)} ${String(s.precision).padEnd(9)} ${String(s.recall).padEnd(7)} ${String(s.f1).padEnd(6)} ${s.support}`);
  }
  out.push('confusion (rows: label, columns: predicted)');
  out.push(`${''.padEnd(9)} ${[...KINDS, 'missing'].map((k) => k.padEnd(8)).join('')}`);
  for (const [label, row] of Object.entries(result.confusion)) out.push(`${label.padEnd(9)} ${Object.values(row).map((n) => String(n).padEnd(8)).join('')}`);
  out.push(`timing: ${result.timing.files} files, ${result.timing.lines} lines, ${result.timing.ms} ms (${result.timing.msPer1000Lines} ms per 1,000 lines, parse + analyse)`);
  for (const miss of result.misclassified) out.push(`  ✗ ${miss.file} ${miss.function}: labelled ${miss.label}, predicted ${miss.predicted}${miss.evidence[0] ? ` — ${miss.evidence[0]}` : ''}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const result = await evaluate();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printText(result);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
