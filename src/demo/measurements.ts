/**
 * The demonstration's plan and arithmetic, kept free of timing and process code so it can be
 * unit-tested: which scenarios to run for a machine, how to scale the CPU task, and how to turn
 * raw wall times into speedups the panel can chart and explain.
 */

export type DemoFamily = 'cpu' | 'io';
export type DemoMode = 'main-thread' | 'worker-threads' | 'child-processes' | 'sequential' | 'concurrent';

export interface DemoScenario {
  id: string;
  family: DemoFamily;
  mode: DemoMode;
  /** threads or processes used (1 for the main thread and the sequential waits) */
  workers: number;
  label: string;
}

export interface DemoSettings {
  /** `os.availableParallelism()` of the machine running the demo */
  availableParallelism: number;
  /** how many equal tasks each scenario runs */
  taskCount: number;
  /** wall time one CPU task should take on one core after calibration */
  targetTaskMs: number;
  /** how long each simulated I/O wait (a timer) lasts */
  ioWaitMs: number;
  includeChildProcesses: boolean;
}

export interface DemoPlan {
  settings: DemoSettings;
  scenarios: DemoScenario[];
}

/** What the runner measured for one scenario. */
export interface RawMeasurement {
  scenarioId: string;
  wallMs: number;
  /** time until every worker or process was ready to take tasks (0 when none were started) */
  startupMs: number;
  /** sum of the task results: identical in every CPU scenario, or something went wrong */
  checksum: number;
}

export interface ScenarioResult extends DemoScenario, RawMeasurement {
  /** baseline wall time (main thread, or sequential waits) divided by this scenario's */
  speedup: number;
  /** the best speedup this scenario could reach on this machine, ignoring overheads */
  idealSpeedup: number;
  /** speedup per core actually usable (1 = perfect scaling) */
  efficiency: number;
  matchesBaseline: boolean;
}

/**
 * How busy the machine was with other programs, as a share of all its cores (0 to 1): sampled
 * before the run, and during the sequential waits, when the demonstration itself is idle.
 */
export interface MachineLoad {
  before: number;
  during?: number;
}

export interface DemoReport {
  plan: DemoPlan;
  machineLoad?: MachineLoad;
  /** iterations of the sum-of-squares loop per task, after calibration */
  cpuTaskSize: number;
  results: ScenarioResult[];
  /** plain sentences that explain the results */
  conclusions: string[];
}

export const MAX_WORKERS = 16;
export const MAX_TASKS = 32;

export function defaultSettings(availableParallelism: number): DemoSettings {
  const cores = clampInteger(availableParallelism, 1, MAX_WORKERS);
  return {
    availableParallelism: cores,
    // at least 4 tasks so 1, 2 and 4 workers differ; about 2 per core so every core has work
    taskCount: clampInteger(cores * 2, 4, 12),
    targetTaskMs: 200,
    ioWaitMs: 100,
    includeChildProcesses: true,
  };
}

/** Options the extension may override, all optional; see DemoRunOptions in protocol.ts. */
export interface DemoOverrides {
  taskCount?: number;
  targetTaskMs?: number;
  ioWaitMs?: number;
  includeChildProcesses?: boolean;
  availableParallelism?: number;
}

/** Merges overrides into the defaults for this machine, clamping each to a sane range. */
export function settingsFrom(options: DemoOverrides, machineParallelism: number): DemoSettings {
  const defaults = defaultSettings(options.availableParallelism ?? machineParallelism);
  const within = (value: number | undefined, min: number, max: number, fallback: number): number =>
    value === undefined ? fallback : Math.min(max, Math.max(min, value));
  return {
    availableParallelism: defaults.availableParallelism,
    taskCount: Math.round(within(options.taskCount, 1, MAX_TASKS, defaults.taskCount)),
    targetTaskMs: within(options.targetTaskMs, 1, 2_000, defaults.targetTaskMs),
    ioWaitMs: within(options.ioWaitMs, 1, 2_000, defaults.ioWaitMs),
    includeChildProcesses: options.includeChildProcesses ?? defaults.includeChildProcesses,
  };
}

/**
 * Worker counts to try: powers of two up to the core count, the core count itself, and twice the
 * core count when there are enough tasks, to show that oversubscribing the cores gains nothing.
 */
export function workerCountsFor(availableParallelism: number, taskCount: number): number[] {
  const cores = clampInteger(availableParallelism, 1, MAX_WORKERS);
  const counts = new Set<number>();
  for (let count = 1; count < cores; count *= 2) counts.add(count);
  counts.add(cores);
  const oversubscribed = cores * 2;
  if (oversubscribed <= Math.min(taskCount, MAX_WORKERS)) counts.add(oversubscribed);
  return [...counts].sort((a, b) => a - b);
}

export function planDemo(settings: DemoSettings): DemoPlan {
  const counts = workerCountsFor(settings.availableParallelism, settings.taskCount);
  const scenarios: DemoScenario[] = [
    { id: 'cpu-main', family: 'cpu', mode: 'main-thread', workers: 1, label: 'Main thread' },
    ...counts.map((workers): DemoScenario => ({
      id: `cpu-workers-${workers}`,
      family: 'cpu',
      mode: 'worker-threads',
      workers,
      label: `${workers} worker thread${workers === 1 ? '' : 's'}`,
    })),
    ...(settings.includeChildProcesses
      ? counts.map((workers): DemoScenario => ({
          id: `cpu-processes-${workers}`,
          family: 'cpu',
          mode: 'child-processes',
          workers,
          label: `${workers} child process${workers === 1 ? '' : 'es'}`,
        }))
      : []),
    { id: 'io-sequential', family: 'io', mode: 'sequential', workers: 1, label: 'Waits one after another' },
    { id: 'io-concurrent', family: 'io', mode: 'concurrent', workers: 1, label: 'Waits together (Promise.all)' },
  ];
  return { settings, scenarios };
}

/**
 * Scales the CPU task so one task takes about `targetMs`, from a probe run of `probeSize`
 * iterations that took `probeMs`. Clamped so a very fast or very slow probe cannot produce a task
 * that finishes instantly or runs for minutes.
 */
export function scaleTaskSize(probeSize: number, probeMs: number, targetMs: number): number {
  const MIN_SIZE = 100_000;
  const MAX_SIZE = 2_000_000_000;
  if (!(probeMs > 0) || !(probeSize > 0)) return MIN_SIZE;
  return clampInteger(Math.round((probeSize * targetMs) / probeMs), MIN_SIZE, MAX_SIZE);
}

/**
 * The speedup `workers` could reach with `tasks` equal tasks on `cores` cores: tasks run in rounds
 * of at most min(workers, cores) at a time, so 4 tasks on 3 cores still take two rounds.
 */
export function idealCpuSpeedup(workers: number, tasks: number, cores: number): number {
  const lanes = Math.max(1, Math.min(workers, cores, tasks));
  return tasks / Math.ceil(tasks / lanes);
}

/** Turns raw measurements into results relative to each family's baseline (its first scenario). */
export function summarise(plan: DemoPlan, measurements: readonly RawMeasurement[]): ScenarioResult[] {
  const byId = new Map(measurements.map((measurement) => [measurement.scenarioId, measurement]));
  const baselines = new Map<DemoFamily, RawMeasurement>();
  const results: ScenarioResult[] = [];
  for (const scenario of plan.scenarios) {
    const measurement = byId.get(scenario.id);
    if (!measurement) continue;
    if (!baselines.has(scenario.family)) baselines.set(scenario.family, measurement);
    const baseline = baselines.get(scenario.family)!;
    const speedup = measurement.wallMs > 0 ? baseline.wallMs / measurement.wallMs : 0;
    const ideal = idealSpeedupFor(scenario, plan.settings);
    results.push({
      ...scenario,
      ...measurement,
      speedup,
      idealSpeedup: ideal,
      efficiency: scenario.family === 'cpu' ? speedup / usableLanes(scenario, plan.settings) : speedup / ideal,
      matchesBaseline: scenario.family === 'io' || measurement.checksum === baseline.checksum,
    });
  }
  return results;
}

function usableLanes(scenario: DemoScenario, settings: DemoSettings): number {
  return Math.max(1, Math.min(scenario.workers, settings.availableParallelism, settings.taskCount));
}

function idealSpeedupFor(scenario: DemoScenario, settings: DemoSettings): number {
  if (scenario.mode === 'concurrent') return settings.taskCount; // every wait overlaps
  if (scenario.family === 'io' || scenario.mode === 'main-thread') return 1;
  return idealCpuSpeedup(scenario.workers, settings.taskCount, settings.availableParallelism);
}

/** One snapshot of a core's cumulative times, as os.cpus() gives them (milliseconds). */
export interface CoreTimes {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

/** The share of all cores' time spent busy between two os.cpus() snapshots (0 to 1). */
export function busyShare(before: readonly CoreTimes[], after: readonly CoreTimes[]): number {
  let busy = 0;
  let total = 0;
  for (const [index, start] of before.entries()) {
    const end = after[index];
    if (!end) continue;
    const idle = end.idle - start.idle;
    const all = idle + (end.user - start.user) + (end.nice - start.nice) + (end.sys - start.sys) + (end.irq - start.irq);
    busy += all - idle;
    total += all;
  }
  return total > 0 ? Math.min(1, Math.max(0, busy / total)) : 0;
}

/** Other programs using more than this share of the cores make wall-time comparisons unreliable. */
export const BUSY_MACHINE_SHARE = 0.25;
/** A speedup this far above what the cores allow means the baseline itself was slowed down. */
const CEILING_TOLERANCE = 1.1;

/** Why these timings should not be trusted, if they should not: said first, before the conclusions. */
export function reliabilityWarnings(results: readonly ScenarioResult[], load: MachineLoad | undefined): string[] {
  const warnings: string[] = [];
  const busiest = Math.max(load?.before ?? 0, load?.during ?? 0);
  if (busiest > BUSY_MACHINE_SHARE) {
    warnings.push(
      `Unreliable run: other programs kept about ${Math.round(busiest * 100)}% of this machine's cores busy ` +
        `${(load?.during ?? 0) > BUSY_MACHINE_SHARE ? 'during' : 'before'} the demonstration, so the times below mix its work with theirs. Run it again when the machine is idle.`,
    );
  }
  const beyondCeiling = results.find((result) => result.family === 'cpu' && result.speedup > result.idealSpeedup * CEILING_TOLERANCE);
  if (beyondCeiling) {
    warnings.push(
      `Unreliable run: ${beyondCeiling.label} came out ${formatSpeedup(beyondCeiling.speedup)} faster, above the ` +
        `${formatSpeedup(beyondCeiling.idealSpeedup)} this machine's cores allow: the baseline was slowed by something else.`,
    );
  }
  return warnings;
}

/** Sentences for the panel under the chart: what the numbers show, in this machine's terms. */
export function concludeFrom(results: readonly ScenarioResult[], settings: DemoSettings, load?: MachineLoad): string[] {
  const conclusions: string[] = [...reliabilityWarnings(results, load)];
  const cores = settings.availableParallelism;
  const bestWorkers = best(results, 'worker-threads');
  if (bestWorkers) {
    conclusions.push(
      `Worker threads: ${compareToBaseline(bestWorkers.speedup, 'the main thread')} at best, with ${bestWorkers.workers} ` +
        `worker${bestWorkers.workers === 1 ? '' : 's'} on ${cores} core${cores === 1 ? '' : 's'} ` +
        `(the ceiling here is ${formatSpeedup(bestWorkers.idealSpeedup)}), and the main thread stayed free meanwhile.`,
    );
  }
  const bestProcesses = best(results, 'child-processes');
  if (bestProcesses) {
    conclusions.push(
      `Child processes: ${compareToBaseline(bestProcesses.speedup, 'the main thread')} at best; starting them took about ` +
        `${Math.round(bestProcesses.startupMs)} ms, against ${Math.round(bestWorkers?.startupMs ?? 0)} ms for worker threads.`,
    );
  }
  const oversubscribed = results.find((result) => result.mode === 'worker-threads' && result.workers > cores);
  const atCores = results.find((result) => result.mode === 'worker-threads' && result.workers === cores);
  if (oversubscribed && atCores) {
    conclusions.push(
      `${oversubscribed.workers} workers on ${cores} cores reached ${formatSpeedup(oversubscribed.speedup)} against ` +
        `${formatSpeedup(atCores.speedup)} with ${cores}: more threads than cores do not add computing power.`,
    );
  }
  const concurrent = results.find((result) => result.mode === 'concurrent');
  if (concurrent) {
    conclusions.push(
      `Waiting: ${settings.taskCount} timers awaited together finished ${formatSpeedup(concurrent.speedup)} sooner than one ` +
        `after another, on one thread: overlapping waits needs no extra cores.`,
    );
  }
  if (results.some((result) => !result.matchesBaseline)) {
    conclusions.push('Warning: some scenarios computed a different result than the main thread.');
  }
  return conclusions;
}

function best(results: readonly ScenarioResult[], mode: DemoMode): ScenarioResult | undefined {
  return results
    .filter((result) => result.mode === mode)
    .reduce<ScenarioResult | undefined>((top, result) => (!top || result.speedup > top.speedup ? result : top), undefined);
}

/** "1.8× faster than X", or "slower than X" when start-up cost more than the parallelism saved. */
function compareToBaseline(speedup: number, baseline: string): string {
  if (speedup >= 1.05) return `${formatSpeedup(speedup)} faster than ${baseline}`;
  if (speedup > 0.95) return `no faster than ${baseline}`;
  return `slower than ${baseline} (${formatSpeedup(speedup)}: starting workers cost more than the tasks)`;
}

export function formatSpeedup(speedup: number): string {
  return `${speedup.toFixed(speedup >= 10 ? 0 : 1)}×`;
}

function clampInteger(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
