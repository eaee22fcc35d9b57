/**
 * worker-per-task: a worker thread or a forked process started for every item; the
 * run-in-worker-pool fix for `new Worker(...)` (forked processes are not pooled).
 */
import { code, testRule } from '../support';

testRule('worker-per-task', {
  valid: [
    {
      name: 'one worker for the whole job',
      code: code`
        import { Worker } from 'node:worker_threads';
        export function start(data: number[]) {
          return new Worker('./job.js', { workerData: data });
        }
      `,
    },
    {
      name: 'one cluster worker per core: a fixed pool started once',
      code: code`
        import cluster from 'node:cluster';
        import { cpus } from 'node:os';

        export function startWorkers() {
          const count = cpus().length;
          for (let i = 0; i < count; i++) cluster.fork();
        }
      `,
    },
    {
      name: 'one forked process outside any loop',
      code: code`
        import { fork } from 'node:child_process';
        export function startIndexer(root: string) {
          return fork('./indexer.js', [root]);
        }
      `,
    },
    {
      name: 'spawn per item runs another program, not a copy of this one',
      code: code`
        import { spawn } from 'node:child_process';
        export function compressAll(files: string[]) {
          for (const file of files) spawn('gzip', [file]);
        }
      `,
    },
    {
      name: 'one worker wrapped in a promise, once per call',
      code: code`
        import { Worker } from 'node:worker_threads';
        export function runJob(data: number[]): Promise<number> {
          return new Promise((resolve, reject) => {
            const worker = new Worker('./job.js', { workerData: data });
            worker.once('message', resolve);
            worker.once('error', reject);
          });
        }
      `,
    },
    {
      name: 'a configured number of cluster workers (not a count the caller passes), forked once: a fixed pool',
      code: code`
        import cluster from 'node:cluster';
        import { cpus } from 'node:os';

        const settings: { nodes?: number | 'cpus' } = JSON.parse(process.env.CLUSTER_SETTINGS ?? '{}');

        export function startCluster() {
          const workers = settings.nodes === 'cpus' ? cpus().length : Number(settings.nodes ?? 1);
          const started = [];
          for (let i = 0; i < workers; i++) started.push(cluster.fork({ PARENT_PID: process.pid }));
          return started;
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a fork per job of a count the caller passes',
      code: code`
        import cluster from 'node:cluster';

        export function startJobs(jobs: number) {
          for (let i = 0; i < jobs; i++) cluster.fork({ JOB: String(i) });
        }
      `,
      findings: [
        { line: 4, column: 34, endLine: 4, endColumn: 66, severity: 'warning',
          message: 'A new process is started for every item (cluster.fork); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.' },
      ],
      offers: [['run-in-worker-pool', 'ignore']],
    },
    {
      name: 'new Worker per item in a loop',
      code: code`
        import { Worker } from 'node:worker_threads';
        export function all(items: string[]) {
          for (const item of items) {
            new Worker('./job.js', { workerData: item });
          }
        }
      `,
      findings: [
        { line: 4, column: 5, endLine: 4, endColumn: 49, severity: 'warning',
          message: 'A new worker thread is started for every item (Worker); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.' },
      ],
      offers: [['run-in-worker-pool', 'ignore']],
      fixes: [{ id: 'run-in-worker-pool', diff: null }],
    },
    {
      name: 'fork per item in map',
      code: code`
        import { fork } from 'node:child_process';
        export function all(items: string[]) {
          return items.map((item) => fork('./job.js', [item]));
        }
      `,
      findings: [
        { line: 3, column: 30, endLine: 3, endColumn: 54, severity: 'warning',
          message: 'A new process is started for every item (fork); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.' },
      ],
      fixes: [
        { id: 'run-in-worker-pool', diff: null },
        { id: 'ignore', diff: code`
          @@ 3
          +  // threadwise-ignore-next-line worker-per-task
        ` },
      ],
    },
    {
      name: 'a worker per file with its message handlers becomes a pool task',
      files: {
        'hash.ts': code`
          import { createHash } from 'node:crypto';
          import { readFileSync } from 'node:fs';
          import { parentPort, workerData } from 'node:worker_threads';
          parentPort?.postMessage(createHash('sha256').update(readFileSync(workerData as string)).digest('hex'));
        `,
      },
      code: code`
        import { Worker } from 'node:worker_threads';
        export function hashAll(files: string[], done: (file: string, digest: string) => void) {
          for (const file of files) {
            const worker = new Worker(new URL('./hash.js', import.meta.url), { workerData: file });
            worker.on('message', (digest: string) => done(file, digest));
          }
        }
      `,
      findings: [
        { line: 4, column: 20, endLine: 4, endColumn: 91, severity: 'warning',
          message: 'A new worker thread is started for every item (Worker); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.' },
      ],
      fixes: [
        { id: 'run-in-worker-pool', diff: code`
          @@ 1
          -import { Worker } from 'node:worker_threads';
          +import { WorkerPool } from './worker-pool';
          +
          +// about one worker per core, reused for every item (was: a new Worker per item)
          +const hashPool = new WorkerPool<(workerData: any) => string>(new URL('./hash.js', import.meta.url));
          @@ 4
          -    const worker = new Worker(new URL('./hash.js', import.meta.url), { workerData: file });
          -    worker.on('message', (digest: string) => done(file, digest));
          +    hashPool.run(file).then((digest: string) => done(file, digest));
        `, newFiles: ['worker-pool.ts'] },
      ],
    },
    {
      name: 'a worker inside a promise executor inside map runs per item',
      code: code`
        import { Worker } from 'node:worker_threads';
        export function resizeAll(images: string[]) {
          return Promise.all(images.map((image) => new Promise<void>((resolve, reject) => {
            const worker = new Worker('./resize.js', { workerData: image });
            worker.once('exit', () => resolve());
            worker.once('error', reject);
          })));
        }
      `,
      findings: [
        { line: 4, column: 20, endLine: 4, endColumn: 68, severity: 'warning',
          message: 'A new worker thread is started for every item (Worker); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.' },
      ],
    },
    {
      name: 'a worker inside a promise executor awaited in a loop runs per item',
      code: code`
        import { Worker } from 'node:worker_threads';
        export async function resizeEach(images: string[]) {
          for (const image of images) {
            await new Promise((resolve) => {
              new Worker('./resize.js', { workerData: image }).once('exit', resolve);
            });
          }
        }
      `,
      findings: [
        { line: 5, column: 7, endLine: 5, endColumn: 55, severity: 'warning',
          message: 'A new worker thread is started for every item (Worker); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.' },
      ],
    },
  ],
});
