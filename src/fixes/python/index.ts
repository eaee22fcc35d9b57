/**
 * The Python quick fixes (scaffolds), one per file: pure text edits that bail out (return
 * undefined) when the text no longer matches the finding. Rule metadata references them by id.
 */
import type { Fix } from '../fix';
import { addMainGuard } from './add-main-guard';
import { blockingToToThread } from './blocking-to-to-thread';
import { loopToThreadPoolMap } from './loop-to-thread-pool-map';
import { poolToWith } from './pool-to-with';
import { processLoopToPool } from './process-loop-to-pool';
import { processToThread } from './process-to-thread';
import { pythonIgnore } from './python-ignore';
import { sleepToAsyncioSleep } from './sleep-to-asyncio-sleep';
import { threadToProcessPool } from './thread-to-process-pool';

export const pythonFixes: readonly Fix[] = [
  threadToProcessPool,
  processLoopToPool,
  processToThread,
  addMainGuard,
  sleepToAsyncioSleep,
  blockingToToThread,
  loopToThreadPoolMap,
  poolToWith,
  pythonIgnore,
];
