/**
 * The Python rules, one per file, in the order they are reported. The global registry
 * (src/core/rules/index.ts) includes this list.
 */
import type { PythonRuleContext } from '../../python/rule-context';
import type { Rule } from '../rule';
import { blockingCallInAsync } from './blocking-call-in-async';
import { cpuInAsync } from './cpu-in-async';
import { cpuInThread } from './cpu-in-thread';
import { ioInProcess } from './io-in-process';
import { missingMainGuard } from './missing-main-guard';
import { poolNotClosed } from './pool-not-closed';
import { processPerTask } from './process-per-task';
import { sequentialIoLoop } from './sequential-io-loop';

export const pythonRules: readonly Rule<PythonRuleContext>[] = [
  cpuInThread,
  processPerTask,
  ioInProcess,
  missingMainGuard,
  blockingCallInAsync,
  cpuInAsync,
  sequentialIoLoop,
  poolNotClosed,
];
