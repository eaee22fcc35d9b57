/**
 * unbounded-concurrency: Promise.all starting I/O for every element of a list of unknown size;
 * quiet for small literal lists and CPU-only mapping; the bound-concurrency fix.
 */
import { code, testRule } from '../support';

/** An ES module project that depends on p-limit (ESM-only since v4): the fix uses it instead of appending a limiter. */
const WITH_P_LIMIT = JSON.stringify({ name: 'shop', private: true, type: 'module', dependencies: { 'p-limit': '^6.2.0' } });

testRule('unbounded-concurrency', {
  valid: [
    {
      name: 'signals sent to every child with a no-op callback: fire and forget, nothing gathered',
      code: code`
        const { exec } = require('node:child_process');
        function noop() {}

        function killAll(pids, signal) {
          pids.sort().forEach((pid) => exec(\`kill -\${signal} \${pid}\`, noop));
        }
        module.exports = { killAll };
      `,
    },
    {
      name: 'promises started per element and collected elsewhere: no completion callback in the forEach',
      code: code`
        const fs = require('fs-extra');
        const path = require('node:path');

        function listScopes(root) {
          return fs.readdir(root).then((names) => {
            const pending = [];
            names.forEach((name) => {
              pending.push(fs.readdir(path.join(root, name)));
            });
            return Promise.all(pending);
          });
        }
        module.exports = { listScopes };
      `,
    },
    {
      name: 'a small literal list',
      code: code`
        export async function three() {
          return Promise.all(['/a', '/b', '/c'].map((p) => fetch(p)));
        }
      `,
    },
    {
      name: 'CPU-only mapping',
      code: code`
        export async function doubled(xs: number[]) {
          return Promise.all(xs.map(async (x) => x * 2));
        }
      `,
    },
    {
      name: 'a fixed set of different requests',
      code: code`
        export async function dashboard(user: string) {
          const [profile, orders] = await Promise.all([fetch(\`/users/\${user}\`), fetch(\`/orders?user=\${user}\`)]);
          return { profile: await profile.json(), orders: await orders.json() };
        }
      `,
    },
    {
      name: 'bluebird Promise.map with a concurrency option',
      code: code`
        const Promise = require('bluebird');
        const { stat } = require('node:fs/promises');

        async function sizes(paths) {
          return Promise.map(paths, async (path) => (await stat(path)).size, { concurrency: 8 });
        }
        module.exports = { sizes };
      `,
    },
    {
      name: 'checking every job of the scheduler\'s own configuration',
      code: code`
        import { stat } from 'node:fs/promises';

        export class Scheduler {
          config: { jobs: { path: string }[] };
          constructor(config: { jobs: { path: string }[] }) {
            this.config = config;
          }
          async init() {
            await Promise.all(this.config.jobs.map(async (job) => stat(job.path)));
          }
        }
      `,
    },
    {
      name: 'closing every connection a queue holds, directly or through a helper that wraps quit() in a promise',
      code: code`
        import Redis from 'ioredis';

        function quitGracefully(client: Redis): Promise<void> {
          return new Promise((resolve) => {
            client.once('end', () => resolve());
            client.quit().catch(() => client.disconnect());
          });
        }

        export class JobQueue {
          clients: Redis[] = [];

          connect(url: string): Redis {
            const client = new Redis(url);
            this.clients.push(client);
            return client;
          }

          async close(): Promise<void> {
            await Promise.all(this.clients.map((client) => (client.status === 'wait' ? client.disconnect() : quitGracefully(client))));
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a helper that queries and then closes each connection still acquires work per element',
      code: code`
        import Redis from 'ioredis';

        async function drain(client: Redis): Promise<number> {
          const left = await client.llen('jobs');
          await client.quit();
          return left;
        }

        export async function drainAll(clients: Redis[]) {
          return Promise.all(clients.map((client) => drain(client)));
        }
      `,
      findings: [
        { line: 10, column: 10, endLine: 10, endColumn: 61, severity: 'info',
          message: 'Promise.all() starts an operation for every element of clients at once; the list\'s size is not bounded, so cap the concurrency (for example with p-limit).' },
      ],
    },
    {
      name: 'bluebird Promise.map without a concurrency option',
      code: code`
        const Promise = require('bluebird');
        const { stat } = require('node:fs/promises');

        async function sizes(paths) {
          return Promise.map(paths, async (path) => (await stat(path)).size);
        }
        module.exports = { sizes };
      `,
      findings: [
        { line: 5, column: 10, endLine: 5, endColumn: 69, severity: 'info',
          message: 'Promise.map() starts an operation for every element of paths at once; the list\'s size is not bounded, so pass { concurrency: N } as its third argument.' },
      ],
      offers: [['ignore']],
    },
    {
      name: 'a list from the request body, not from a configuration',
      code: code`
        import { stat } from 'node:fs/promises';

        export async function sizes(req: { body: { paths: string[] } }) {
          return Promise.all(req.body.paths.map(async (path) => (await stat(path)).size));
        }
      `,
      findings: [
        { line: 4, column: 10, endLine: 4, endColumn: 82, severity: 'info',
          message: 'Promise.all() starts an operation for every element of req.body.paths at once; the list\'s size is not bounded, so cap the concurrency (for example with p-limit).' },
      ],
      offers: [['bound-concurrency', 'ignore']],
    },
    {
      name: 'fetch for every element of a parameter',
      code: code`
        export async function all(urls: string[]) {
          return Promise.all(urls.map((url) => fetch(url)));
        }
      `,
      findings: [
        { line: 2, column: 10, endLine: 2, endColumn: 52, severity: 'info',
          message: 'Promise.all() starts an operation for every element of urls at once; the list\'s size is not bounded, so cap the concurrency (for example with p-limit).' },
      ],
      offers: [['bound-concurrency', 'ignore']],
      fixes: [
        { id: 'bound-concurrency', diff: code`
          @@ 1
          +const limit = limitConcurrency(8); // at most 8 at a time
          +
          @@ 2
          -  return Promise.all(urls.map((url) => fetch(url)));
          +  return Promise.all(urls.map((url) => limit(() => fetch(url))));
          @@ 5
          +/**
          + * Runs at most \`limit\` tasks at a time, in order of arrival (threadwise:limit-concurrency v1; p-limit does the same).
          + */
          +function limitConcurrency(limit: number) {
          +  let active = 0;
          +  const waiting: (() => void)[] = [];
          +  const next = (): void => {
          +    if (active >= limit || waiting.length === 0) return;
          +    active++;
          +    waiting.shift()?.();
          +  };
          +  return function run<T>(task: () => T | PromiseLike<T>): Promise<T> {
          +    return new Promise<T>((resolve, reject) => {
          +      waiting.push(() => {
          +        Promise.resolve().then(task).then(resolve, reject).finally(() => {
          +          active--;
          +          next();
          +        });
          +      });
          +      next();
          +    });
          +  };
          +}
          +
        ` },
      ],
    },
    {
      name: 'reading every file of a directory at once, through a named function',
      files: { 'package.json': WITH_P_LIMIT },
      code: code`
        import { readdir, readFile } from 'node:fs/promises';
        async function load(file: string) {
          return JSON.parse(await readFile(file, 'utf8'));
        }
        export async function loadAll(dir: string) {
          const names = await readdir(dir);
          const docs = await Promise.all(names.map(load));
          return docs;
        }
      `,
      findings: [
        { line: 7, column: 22, endLine: 7, endColumn: 50, severity: 'info',
          message: 'Promise.all() starts an operation for every element of names at once; the list\'s size is not bounded, so cap the concurrency (for example with p-limit).' },
      ],
      fixes: [
        { id: 'bound-concurrency', diff: code`
          @@ 2
          +import pLimit from 'p-limit';
          @@ 5
          +const limit = pLimit(8); // at most 8 at a time
          +
          @@ 7
          -  const docs = await Promise.all(names.map(load));
          +  const docs = await Promise.all(names.map((item) => limit(() => load(item))));
        ` },
      ],
    },
  ],
});
