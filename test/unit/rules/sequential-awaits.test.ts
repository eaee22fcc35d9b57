/**
 * sequential-awaits: independent awaits one after another in a loop, quiet when an iteration
 * depends on the previous one, the loop can stop early, or the wait is a deliberate delay; the
 * run-awaits-concurrently fix.
 */
import { code, testRule } from '../support';

testRule('sequential-awaits', {
  valid: [
    {
      name: 'pagination through a cursor',
      code: code`
        export async function all(url: string) {
          const items = [];
          let next: string | undefined = url;
          while (next) {
            const page = await (await fetch(next)).json();
            items.push(...page.items);
            next = page.next;
          }
          return items;
        }
      `,
    },
    {
      name: 'a loop that stops on a result',
      code: code`
        export async function firstOk(urls: string[]) {
          for (const url of urls) {
            const response = await fetch(url);
            if (response.ok) return response;
          }
          return undefined;
        }
      `,
    },
    {
      name: 'an accumulator carried between iterations',
      code: code`
        export async function chain(urls: string[]) {
          let token = "";
          for (const url of urls) {
            token = await (await fetch(url + token)).text();
          }
          return token;
        }
      `,
    },
    {
      name: 'a deliberate delay between requests',
      code: code`
        import { setTimeout as sleep } from 'node:timers/promises';
        export async function polite(urls: string[]) {
          for (const url of urls) {
            await sleep(1000);
          }
        }
      `,
    },
    {
      name: 'awaits that are already concurrent',
      code: code`
        export async function all(urls: string[]) {
          return Promise.all(urls.map(async (url) => (await fetch(url)).text()));
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'independent fetches pushed into an array',
      code: code`
        export async function all(urls: string[]) {
          const bodies = [];
          for (const url of urls) {
            const response = await fetch(url);
            bodies.push(await response.text());
          }
          return bodies;
        }
      `,
      findings: [
        { line: 4, column: 22, endLine: 4, endColumn: 38, severity: 'info',
          message: 'Each iteration waits for fetch() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
      offers: [['run-awaits-concurrently', 'ignore']],
      fixes: [{ id: 'run-awaits-concurrently', output: code`
          export async function all(urls: string[]) {
            const limit = limitConcurrency(8); // at most 8 at a time
            const bodies = await Promise.all(urls.map((url) => limit(async () => {
              const response = await fetch(url);
              return await response.text();
            })));
            return bodies;
          }

          /**
           * Runs at most \`limit\` tasks at a time, in order of arrival (threadwise:limit-concurrency v1; p-limit does the same).
           */
          function limitConcurrency(limit: number) {
            let active = 0;
            const waiting: (() => void)[] = [];
            const next = (): void => {
              if (active >= limit || waiting.length === 0) return;
              active++;
              waiting.shift()?.();
            };
            return function run<T>(task: () => T | PromiseLike<T>): Promise<T> {
              return new Promise<T>((resolve, reject) => {
                waiting.push(() => {
                  Promise.resolve().then(task).then(resolve, reject).finally(() => {
                    active--;
                    next();
                  });
                });
                next();
              });
            };
          }
        ` }],
    },
    {
      name: 'independent file reads',
      code: code`
        import { readFile } from 'node:fs/promises';
        export async function readAll(files: string[]) {
          const out: string[] = [];
          for (const file of files) {
            out.push(await readFile(file, 'utf8'));
          }
          return out;
        }
      `,
      findings: [
        { line: 5, column: 14, endLine: 5, endColumn: 42, severity: 'info',
          message: 'Each iteration waits for readFile() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
      fixes: [{ id: 'run-awaits-concurrently', output: code`
          import { readFile } from 'node:fs/promises';
          export async function readAll(files: string[]) {
            const limit = limitConcurrency(8); // at most 8 at a time
            const out: string[] = await Promise.all(files.map((file) => limit(async () => {
              return await readFile(file, 'utf8');
            })));
            return out;
          }

          /**
           * Runs at most \`limit\` tasks at a time, in order of arrival (threadwise:limit-concurrency v1; p-limit does the same).
           */
          function limitConcurrency(limit: number) {
            let active = 0;
            const waiting: (() => void)[] = [];
            const next = (): void => {
              if (active >= limit || waiting.length === 0) return;
              active++;
              waiting.shift()?.();
            };
            return function run<T>(task: () => T | PromiseLike<T>): Promise<T> {
              return new Promise<T>((resolve, reject) => {
                waiting.push(() => {
                  Promise.resolve().then(task).then(resolve, reject).finally(() => {
                    active--;
                    next();
                  });
                });
                next();
              });
            };
          }
        ` }],
    },
    {
      name: 'one report per loop, at the first independent await',
      code: code`
        import { unlink, writeFile } from 'node:fs/promises';
        export async function rotate(logs: string[]) {
          for (const log of logs) {
            await writeFile(\`\${log}.bak\`, '');
            await unlink(log);
          }
        }
      `,
      findings: [
        { line: 4, column: 5, endLine: 4, endColumn: 38, severity: 'info',
          message: 'Each iteration waits for writeFile() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
    },
  ],
});
