// Estimate vs measured (npm run bench, section d): every exported function of
// test/fixtures/estimates/workloads.{mjs,py} (`--only estimates`; the held-out set written before
// the cost model's last changes and never tuned on: test/fixtures/estimates/holdout/,
// `--only estimates-holdout`) is run for real (in its own process: one warm-up,
// then the median of timed runs) and compared with the analyser's static estimate of it. A run is
// timed in CPU time of its process, not wall time: the estimate predicts the work of one call, and
// on a shared machine wall time also counts the time other processes held the core (on an idle
// core the two agree, since every workload is single-threaded and does no I/O)
// (`estimate.ms` of `analyze --format json`, on the calibrated machine class). Reports the
// ratio estimate / measured per function and the share within 3x; never fails on timings.
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WORKLOADS = join(ROOT, 'test', 'fixtures', 'estimates');
/** Workloads written before the cost model's last changes and never tuned on: reported apart. */
export const HOLDOUT_WORKLOADS = join(WORKLOADS, 'holdout');
export const TARGET = { factor: 3, share: 0.8 };

/** Times every exported function of workloads.mjs in a fresh Node process: ms per call, median of `runs`. */
function measureJs(dir, runs) {
  const script = `
    const workloads = await import(${JSON.stringify(pathToFileURL(join(dir, 'workloads.mjs')).href)});
    const times = {};
    for (const [name, fn] of Object.entries(workloads)) {
      if (typeof fn !== 'function') continue;
      fn();
      const samples = [];
      for (let run = 0; run < ${runs}; run++) {
        const start = process.cpuUsage();
        fn();
        const used = process.cpuUsage(start);
        samples.push((used.user + used.system) / 1e3);
      }
      samples.sort((a, b) => a - b);
      times[name] = samples[Math.floor(samples.length / 2)];
    }
    process.stdout.write(JSON.stringify(times));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`estimate-vs-measured: the JavaScript workloads failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Times every public function of workloads.py in a fresh python3 process: ms per call, median of `runs`. */
function measurePython(dir, runs) {
  const script = `
import importlib.util, inspect, json, statistics, sys, time
spec = importlib.util.spec_from_file_location("workloads", ${JSON.stringify(join(dir, 'workloads.py'))})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
times = {}
for name, fn in inspect.getmembers(module, inspect.isfunction):
    if fn.__module__ != "workloads" or name.startswith("_"):
        continue
    fn()
    samples = []
    for _ in range(${runs}):
        start = time.process_time_ns()
        fn()
        samples.append((time.process_time_ns() - start) / 1e6)
    times[name] = statistics.median(samples)
sys.stdout.write(json.dumps(times))`;
  const run = spawnSync('python3', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`estimate-vs-measured: the Python workloads failed: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout);
}

/** The analyser's estimate of every function in the workload files: name → { ms, dataDependent }. */
function estimates(cli, dir) {
  const run = spawnSync(process.execPath, [resolve(cli), 'analyze', join(dir, 'workloads.mjs'), join(dir, 'workloads.py'), '--format', 'json'], {
    cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26,
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`estimate-vs-measured: the analyser failed: ${run.stderr}`);
  const byFile = {};
  for (const file of JSON.parse(run.stdout).files) {
    const language = file.path.endsWith('.py') ? 'python' : 'javascript';
    byFile[language] = Object.fromEntries(file.functions.map((fn) => [fn.name, { ms: fn.estimate?.ms, dataDependent: fn.estimate?.dataDependent, kind: fn.kind }]));
  }
  return byFile;
}

/**
 * Runs the comparison. `cli`: the built CLI (dist/cli.js); `runs`: timed runs per function; `dir`:
 * the folder of workloads.{mjs,py} (WORKLOADS, or HOLDOUT_WORKLOADS).
 * Returns rows (language, name, estimateMs, measuredMs, ratio, within) and the share within 3x.
 */
export function estimateVsMeasured({ cli, runs = 3, dir = WORKLOADS }) {
  const estimated = estimates(cli, dir);
  const measured = { javascript: measureJs(dir, runs), python: measurePython(dir, runs) };
  const rows = [];
  for (const language of ['javascript', 'python']) {
    for (const [name, measuredMs] of Object.entries(measured[language])) {
      const estimate = estimated[language]?.[name];
      const estimateMs = estimate?.ms;
      const ratio = estimateMs === undefined || measuredMs <= 0 ? undefined : estimateMs / measuredMs;
      const within = ratio !== undefined && ratio <= TARGET.factor && ratio >= 1 / TARGET.factor;
      rows.push({ language, name, estimateMs, measuredMs, ratio, within, dataDependent: estimate?.dataDependent ?? false, kind: estimate?.kind });
    }
  }
  const share = rows.length === 0 ? 0 : rows.filter((row) => row.within).length / rows.length;
  return { rows, share, target: TARGET, set: relative(ROOT, dir) };
}

const format = (ms) => (ms === undefined ? '—' : ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3));

/** The section as text: one line per function, then the share. */
export function formatEstimateVsMeasured({ rows, share, target, set }) {
  const lines = [`(d) estimate vs measured (${set}): static estimate per call (calibrated machine class) vs the CPU time of a real call on this machine`, ''];
  lines.push(`${'language'.padEnd(11)}${'function'.padEnd(18)}${'estimate ms'.padStart(12)}${'measured ms'.padStart(13)}${'ratio'.padStart(8)}  within ${target.factor}x`);
  for (const row of rows) {
    const ratio = row.ratio === undefined ? '—' : row.ratio >= 10 || row.ratio < 0.1 ? row.ratio.toExponential(1) : row.ratio.toFixed(2);
    lines.push(`${row.language.padEnd(11)}${row.name.padEnd(18)}${format(row.estimateMs).padStart(12)}${format(row.measuredMs).padStart(13)}${ratio.padStart(8)}  ${row.within ? 'yes' : 'NO'}${row.dataDependent ? ' (data-dependent)' : ''}`);
  }
  const within = rows.filter((row) => row.within).length;
  lines.push('', `within ${target.factor}x: ${within}/${rows.length} = ${(share * 100).toFixed(0)}% (target ≥ ${target.share * 100}%)`);
  return lines.join('\n');
}
