/**
 * The TypeScript/JavaScript quick fixes (scaffolds), one per file: pure text edits (and new files)
 * computed from a finding and the current text, bailing out (undefined) when the text no longer
 * matches the finding. Rule metadata references them by id. Fixes that change callers in other
 * files use `FixInput.project` (src/core/typescript/project-view.ts) when the caller provides it.
 */
import type { Fix } from '../fix';
import { boundConcurrency } from './bound-concurrency';
import { ignore } from './ignore';
import { moveToWorkerThread } from './move-to-worker-thread';
import { runAwaitsConcurrently } from './run-awaits-concurrently';
import { runInWorkerPool } from './run-in-worker-pool';
import { useAsyncChildProcess } from './use-async-child-process';
import { useAsyncIo } from './use-async-io';


export const typescriptFixes: readonly Fix[] = [
  moveToWorkerThread,
  runInWorkerPool,
  useAsyncChildProcess,
  useAsyncIo,
  runAwaitsConcurrently,
  boundConcurrency,
  ignore,
];
