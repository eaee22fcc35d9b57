/**
 * The summary worker's own code (a worker_threads entry point, bundled as dist/summary-worker.js):
 * parses and summarises the files it is sent, one at a time, and sends back each summary with the
 * module resolutions it rests on (TypeScriptAnalyzer.summarizeText). It keeps nothing of a file;
 * only the module resolver of each project root, whose caches make the next file's imports cheap.
 */
import { parentPort } from 'node:worker_threads';
import { DEFAULT_CONFIG } from '../config';
import { failureReason } from '../failures';
import { TypeScriptAnalyzer } from './analyzer';
import type { SummaryJob, SummaryReply, WorkerReady } from './summary-workers';

/** One resolver per project root (the configuration does not shape summaries: the default will do). */
const analyzers = new Map<string, TypeScriptAnalyzer>();

function analyzerOf(root: string): TypeScriptAnalyzer {
  let analyzer = analyzers.get(root);
  if (!analyzer) analyzers.set(root, (analyzer = new TypeScriptAnalyzer(root, DEFAULT_CONFIG)));
  return analyzer;
}

parentPort?.on('message', (job: SummaryJob) => {
  let reply: SummaryReply;
  try {
    reply = { id: job.id, outcome: analyzerOf(job.root).summarizeText(job.file, job.text) };
  } catch (error) {
    reply = { id: job.id, outcome: { failure: failureReason('analysis', error) } };
  }
  parentPort!.postMessage(reply);
});
parentPort?.postMessage({ ready: true } satisfies WorkerReady);
