/**
 * THE registry: every rule of every language, in one list. Front ends read metadata from here
 * (ids, docs, defaults); the engine runs `typescriptRules` and `pythonRules` by language.
 */
import type { RuleMeta } from '../model';
import { pythonRules } from './python';
import type { TsRuleContext } from '../typescript/rule-context';
import { blockingSyncIo } from './blocking-sync-io';
import { cpuOnEventLoop } from './cpu-on-event-loop';
import { ioInWorker } from './io-in-worker';
import type { Rule } from './rule';
import { sequentialAwaits } from './sequential-awaits';
import { unboundedConcurrency } from './unbounded-concurrency';
import { workerPerTask } from './worker-per-task';

export const typescriptRules: readonly Rule<TsRuleContext>[] = [
  cpuOnEventLoop,
  blockingSyncIo,
  sequentialAwaits,
  workerPerTask,
  ioInWorker,
  unboundedConcurrency,
];

export { pythonRules };

export function allRuleMetas(): RuleMeta[] {
  return [...typescriptRules.map((rule) => rule.meta), ...pythonRules.map((rule) => rule.meta)];
}

export function ruleMeta(id: string): RuleMeta | undefined {
  return allRuleMetas().find((meta) => meta.id === id);
}
