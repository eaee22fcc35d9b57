/**
 * sequential-awaits: independent awaits one after another in a loop, quiet when an iteration
 * depends on the previous one, the loop can stop early, or the wait is a deliberate delay; the
 * run-awaits-concurrently fix.
 */
import { code, testRule } from '../support';

/** An ES module project that depends on p-limit (ESM-only since v4): the fix uses it instead of appending a limiter. */
const WITH_P_LIMIT = JSON.stringify({ name: 'shop', private: true, type: 'module', dependencies: { 'p-limit': '^6.2.0' } });

testRule('sequential-awaits', {
  valid: [
    {
      name: 'caller hooks before and after each load: the caller sees one file at a time, in order',
      code: code`
        export async function loadSpecs(files: string[], beforeLoad: (file: string) => void, afterLoad: (file: string, spec: unknown) => void) {
          for (const file of files) {
            beforeLoad(file);
            const spec = await import(file);
            afterLoad(file, spec);
          }
        }
      `,
    },
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
      name: 'for await over a stream consumes it in order',
      code: code`
        export async function copy(source: AsyncIterable<string>, sink: { write(chunk: string): Promise<void> }) {
          for await (const chunk of source) {
            await sink.write(chunk);
          }
        }
      `,
    },
    {
      name: 'an early exit on the awaited result, whatever the callee',
      code: code`
        export async function firstValid(tokens: string[], verify: (token: string) => Promise<boolean>) {
          for (const token of tokens) {
            const ok = await verify(token);
            if (ok) return token;
          }
          return undefined;
        }
      `,
    },
    {
      name: 'a cursor carried from one iteration to the next through an unknown client',
      code: code`
        export async function drain(client: { next(cursor: string): Promise<string> }, pages: number) {
          let cursor = '';
          for (let page = 0; page < pages; page++) {
            cursor = await client.next(cursor);
          }
          return cursor;
        }
      `,
    },
    {
      name: 'awaiting a project function that only computes',
      code: code`
        async function score(text: string): Promise<number> {
          let total = 0;
          for (const char of text) total += char.charCodeAt(0);
          return total;
        }
        export async function scores(texts: string[]) {
          const out: number[] = [];
          for (const text of texts) out.push(await score(text));
          return out;
        }
      `,
    },
    {
      name: 'a pipeline: each item is a step called in turn on the same request',
      code: code`
        type Step = (request: { headers: Record<string, string> }) => Promise<void>;
        export async function runSteps(request: { headers: Record<string, string> }, steps: Step[]) {
          for (const step of steps) {
            await step(request);
          }
        }
      `,
    },
    {
      name: 'the same awaited call in every iteration (a cached lazy import)',
      code: code`
        let cached: Promise<{ serve(dir: string): unknown }> | undefined;
        function loadServer() {
          cached ??= import('some-static-server');
          return cached;
        }
        export async function mount(dirs: string[], app: { use(handler: unknown): void }) {
          for (const dir of dirs) {
            app.use((await loadServer()).serve(dir));
          }
        }
      `,
    },
    {
      name: 'a failure that stops the loop: the error is rethrown in order',
      code: code`
        export async function reserveAll(hosts: string[], reserve: (host: string) => Promise<void>) {
          for (const host of hosts) {
            try {
              await reserve(host);
            } catch (error) {
              if ((error as { code?: string }).code !== 'EADDRNOTAVAIL') throw error;
            }
          }
        }
      `,
    },
    {
      name: 'a return from an inner loop ends the outer one too',
      code: code`
        export async function firstAnswer(groups: string[][], ask: (items: string[]) => Promise<(string | undefined)[]>) {
          for (const group of groups) {
            const answers = await ask(group);
            for (const answer of answers) {
              if (answer !== undefined) return answer;
            }
          }
          return undefined;
        }
      `,
    },
    {
      name: 'a registry outside the loop that each iteration checks and then fills',
      code: code`
        interface Plugin { name: string; version: string; register(server: Server): Promise<void> }
        interface Server { registrations: Record<string, string> }
        export async function registerAll(server: Server, plugins: Plugin[]) {
          for (const plugin of plugins) {
            if (server.registrations[plugin.name]) continue;
            server.registrations[plugin.name] = plugin.version;
            await plugin.register(server);
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
    {
      name: 'clean-up of the files a failed job wrote, in its catch block: an error path',
      code: code`
        import { unlink } from 'node:fs/promises';

        export async function queueMessage(domains: string[], writeAll: (domains: string[], written: string[]) => Promise<void>) {
          const written: string[] = [];
          try {
            await writeAll(domains, written);
          } catch (err) {
            for (let i = 0; i < written.length; i++) {
              await unlink(written[i]).catch(() => {});
            }
            throw err;
          }
          return written;
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a callback only after each await is a per-item consumer, not a bracket: still independent',
      code: code`
        export async function sizes(files: string[], report: (file: string, size: number) => void) {
          for (const file of files) {
            const body = await fetch(file);
            report(file, Number(body.headers.get('content-length')));
          }
        }
      `,
      findings: [
        { line: 3, column: 18, endLine: 3, endColumn: 35, severity: 'info',
          message: 'Each iteration waits for fetch() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
    },
    {
      name: 'an awaited callback parameter per item (the callee is unknown, the iterations independent)',
      code: code`
        export async function processAll<T, R>(things: T[], doAsyncWork: (thing: T) => Promise<R>) {
          const results: R[] = [];
          for (const thing of things) results.push(await doAsyncWork(thing));
          return results;
        }
      `,
      findings: [
        { line: 3, column: 44, endLine: 3, endColumn: 68, severity: 'info',
          message: 'Each iteration waits for doAsyncWork() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
    },
    {
      name: 'a method of a client from an unknown library, per user',
      code: code`
        import { Mailer } from 'some-mail-client';
        const mailer = new Mailer();
        export async function notify(users: { email: string }[]) {
          for (const user of users) {
            await mailer.send(user.email, 'Your report is ready');
          }
        }
      `,
      findings: [
        { line: 5, column: 5, endLine: 5, endColumn: 58, severity: 'info',
          message: 'Each iteration waits for mailer.send() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
    },
    {
      name: 'a directory listing: an injected stat per entry, with an exit only in a mode fixed before the loop',
      code: code`
        import * as path from 'node:path';
        interface FsHandlers {
          readdir(dir: string): Promise<string[]>;
          lstat(file: string): Promise<{ isDirectory(): boolean; size: number }>;
        }
        export async function listing(dir: string, handlers: FsHandlers, single: boolean) {
          const names = await handlers.readdir(dir);
          const onlyOne = single && names.length === 1;
          const entries: { name: string; folder: boolean; size: number }[] = [];
          for (const name of names) {
            const stats = await handlers.lstat(path.join(dir, name));
            if (!stats.isDirectory() && onlyOne) {
              return { single: name };
            }
            entries.push({ name, folder: stats.isDirectory(), size: stats.size });
          }
          return { entries };
        }
      `,
      findings: [
        { line: 11, column: 19, endLine: 11, endColumn: 61, severity: 'info',
          message: 'Each iteration waits for handlers.lstat() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).' },
      ],
    },
    {
      name: 'independent fetches pushed into an array',
      files: { 'package.json': WITH_P_LIMIT },
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
      fixes: [
        { id: 'run-awaits-concurrently', diff: code`
          @@ 1
          +import pLimit from 'p-limit';
          +
          +const limit = pLimit(8); // at most 8 at a time
          +
          @@ 2
          -  const bodies = [];
          -  for (const url of urls) {
          +  const bodies = await Promise.all(urls.map((url) => limit(async () => {
          @@ 5
          -    bodies.push(await response.text());
          -  }
          +    return await response.text();
          +  })));
        ` },
      ],
    },
    {
      name: 'independent file reads',
      files: { 'package.json': WITH_P_LIMIT },
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
      fixes: [
        { id: 'run-awaits-concurrently', diff: code`
          @@ 2
          +import pLimit from 'p-limit';
          +const limit = pLimit(8); // at most 8 at a time
          +
          @@ 3
          -  const out: string[] = [];
          -  for (const file of files) {
          -    out.push(await readFile(file, 'utf8'));
          -  }
          +  const out: string[] = await Promise.all(files.map((file) => limit(async () => {
          +    return await readFile(file, 'utf8');
          +  })));
        ` },
      ],
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
