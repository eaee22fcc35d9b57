/**
 * Messages of the live demonstration, over two IPC channels:
 *  - extension host ⇄ demo runner process (child_process.fork, JSON over a pipe);
 *  - demo runner ⇄ its worker threads and child processes (one task at a time).
 * Every receiver validates what it gets: a malformed message ends the run with an error instead
 * of being half-trusted.
 */
import {
  arrayOf,
  isBoolean,
  isNonNegativeInteger,
  isNumber,
  isString,
  literal,
  object,
  optional,
  taggedUnion,
  type Check,
} from '../shared/validate';
import type { DemoOverrides, DemoPlan, DemoReport, DemoScenario, DemoSettings, ScenarioResult } from './measurements';

/**
 * Optional overrides from the extension; the runner fills the rest from `defaultSettings`.
 * `availableParallelism` pretends the machine has that many cores (tests, shorter demos).
 */
export interface DemoRunOptions extends DemoOverrides {
  /** skip calibration and use this many iterations per CPU task (tests use a tiny size) */
  cpuTaskSize?: number;
}

export type ToRunnerMessage = { type: 'start'; options: DemoRunOptions };

export type FromRunnerMessage =
  | { type: 'plan'; plan: DemoPlan; cpuTaskSize: number }
  | { type: 'progress'; completed: number; total: number; label: string; results: ScenarioResult[] }
  | { type: 'done'; report: DemoReport }
  | { type: 'error'; message: string };

/** runner → worker thread or child process */
export type TaskMessage = { type: 'task'; id: number; size: number };
/** worker thread or child process → runner */
export type TaskReply = { type: 'ready' } | { type: 'result'; id: number; value: number };

const isRunOptions: Check<DemoRunOptions> = object({
  taskCount: optional(isNonNegativeInteger),
  targetTaskMs: optional(isNumber),
  ioWaitMs: optional(isNumber),
  includeChildProcesses: optional(isBoolean),
  cpuTaskSize: optional(isNonNegativeInteger),
  availableParallelism: optional(isNonNegativeInteger),
});

export const isToRunnerMessage: Check<ToRunnerMessage> = taggedUnion({
  start: object({ type: literal('start'), options: isRunOptions }),
});

const isDemoSettings: Check<DemoSettings> = object({
  availableParallelism: isNonNegativeInteger,
  taskCount: isNonNegativeInteger,
  targetTaskMs: isNumber,
  ioWaitMs: isNumber,
  includeChildProcesses: isBoolean,
});

const scenarioShape = {
  id: isString,
  family: literal('cpu', 'io'),
  mode: literal('main-thread', 'worker-threads', 'child-processes', 'sequential', 'concurrent'),
  workers: isNonNegativeInteger,
  label: isString,
};

const isScenario: Check<DemoScenario> = object(scenarioShape);

export const isDemoPlan: Check<DemoPlan> = object({ settings: isDemoSettings, scenarios: arrayOf(isScenario, 64) });

export const isScenarioResult: Check<ScenarioResult> = object({
  ...scenarioShape,
  scenarioId: isString,
  wallMs: isNumber,
  startupMs: isNumber,
  checksum: isNumber,
  speedup: isNumber,
  idealSpeedup: isNumber,
  efficiency: isNumber,
  matchesBaseline: isBoolean,
});

export const isDemoReport: Check<DemoReport> = object({
  plan: isDemoPlan,
  machineLoad: optional(object({ before: isNumber, during: optional(isNumber) })),
  cpuTaskSize: isNonNegativeInteger,
  results: arrayOf(isScenarioResult, 64),
  conclusions: arrayOf(isString, 20),
});

export const isFromRunnerMessage: Check<FromRunnerMessage> = taggedUnion({
  plan: object({ type: literal('plan'), plan: isDemoPlan, cpuTaskSize: isNonNegativeInteger }),
  progress: object({
    type: literal('progress'),
    completed: isNonNegativeInteger,
    total: isNonNegativeInteger,
    label: isString,
    results: arrayOf(isScenarioResult, 64),
  }),
  done: object({ type: literal('done'), report: isDemoReport }),
  error: object({ type: literal('error'), message: isString }),
});

export const isTaskMessage: Check<TaskMessage> = taggedUnion({
  task: object({ type: literal('task'), id: isNonNegativeInteger, size: isNonNegativeInteger }),
});

export const isTaskReply: Check<TaskReply> = taggedUnion({
  ready: object({ type: literal('ready') }),
  result: object({ type: literal('result'), id: isNonNegativeInteger, value: isNumber }),
});

/** argv flag that makes the bundled runner act as a child process executing tasks */
export const CHILD_ROLE_FLAG = '--threadwise-demo-child';
