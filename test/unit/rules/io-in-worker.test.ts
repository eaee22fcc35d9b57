/**
 * io-in-worker: a worker module that only waits (network, files, timers) and never computes.
 */
import { code, testRule } from '../support';

testRule('io-in-worker', {
  valid: [
    {
      name: 'a worker that computes',
      code: code`
        import { parentPort } from 'node:worker_threads';
        parentPort?.on('message', (n: number) => {
          let t = 0;
          for (let i = 0; i < n * 1000; i++) for (let j = 0; j < 1000; j++) t += i ^ j;
          parentPort?.postMessage(t);
        });
      `,
    },
    {
      name: 'a worker that reads its input, then computes on it',
      code: code`
        import { readFile } from 'node:fs/promises';
        import { parentPort, workerData } from 'node:worker_threads';
        const text = await readFile(workerData as string, 'utf8');
        let hash = 0;
        for (let round = 0; round < 2_000; round++) {
          for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i) + round) | 0;
        }
        parentPort?.postMessage(hash);
      `,
    },
    {
      name: 'the same waiting code on the main thread (not a worker module)',
      code: code`
        export async function fetchText(url: string) {
          const response = await fetch(url);
          return response.text();
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a worker that only fetches',
      code: code`
        import { parentPort } from 'node:worker_threads';
        parentPort?.on('message', async (url: string) => {
          const response = await fetch(url);
          parentPort?.postMessage(await response.text());
        });
      `,
      findings: [
        { line: 3, column: 1, endLine: 3, endColumn: 37, severity: 'info',
          message: 'This worker only waits on I/O or timers and does no heavy computation; the main thread\'s event loop can do this waiting without the cost of a worker.' },
      ],
      offers: [['ignore']],
      fixes: [
        { id: 'ignore', diff: code`
          @@ 3
          +  // threadwise-ignore-next-line io-in-worker
        ` },
      ],
    },
    {
      name: 'a worker that only sleeps and reports',
      code: code`
        import { parentPort } from 'node:worker_threads';
        import { setTimeout as sleep } from 'node:timers/promises';
        parentPort?.on('message', async (ms: number) => {
          await sleep(ms);
          parentPort?.postMessage('done');
        });
      `,
      findings: [
        { line: 4, column: 1, endLine: 4, endColumn: 19, severity: 'info',
          message: 'This worker only waits on I/O or timers and does no heavy computation; the main thread\'s event loop can do this waiting without the cost of a worker.' },
      ],
    },
  ],
});
