/**
 * blocking-sync-io: synchronous file-system and child-process calls where they stall the event
 * loop (async functions, request handlers and what they call, loops), quiet at start-up and in
 * plain scripts; the use-async-io and use-async-child-process fixes.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources, code, reportOf, testRule } from '../support';

const readInAsync = code`
  import { readFileSync } from 'node:fs';
  export async function load() {
    return readFileSync('a.txt', 'utf8');
  }
`;

testRule('blocking-sync-io', {
  valid: [
    {
      name: 'one existsSync in async code off the request path: a metadata lookup of microseconds',
      code: code`
        import { existsSync } from 'node:fs';
        import { copyFile, writeFile } from 'node:fs/promises';
        export async function save(file: string, content: string) {
          if (existsSync(file)) await copyFile(file, \`\${file}.backup\`);
          await writeFile(file, content);
        }
      `,
    },
    {
      name: 'a storage module\'s init, a step of its life nothing analysed runs per request',
      code: code`
        import { readFileSync, writeFileSync } from 'node:fs';
        import { mkdir } from 'node:fs/promises';
        export const storage = {
          settings: {} as Record<string, unknown>,
          init: async function (dir: string) {
            await mkdir(dir, { recursive: true });
            this.settings = JSON.parse(readFileSync(\`\${dir}/settings.json\`, 'utf8'));
            writeFileSync(\`\${dir}/.started\`, String(Date.now()));
          },
        };
      `,
    },
    {
      name: 'sync read at start-up (module level)',
      code: code`
        import { readFileSync } from 'node:fs';
        export const config = JSON.parse(readFileSync('config.json', 'utf8'));
      `,
    },
    {
      name: 'a CLI helper that stats files in a loop (nothing else waits for the event loop)',
      filename: 'sizes.js',
      code: code`
        const fs = require('fs');
        function sizes(files) {
          const out = [];
          for (const f of files) out.push(fs.statSync(f).size);
          return out;
        }
        module.exports = { sizes };
      `,
    },
    {
      name: 'an async command of a #! script (runs once per invocation)',
      filename: 'tool.js',
      code: code`
        #!/usr/bin/env node
        const fs = require('node:fs');
        async function main(files) {
          for (const file of files) if (fs.existsSync(file)) console.log(fs.statSync(file).size);
        }
        main(process.argv.slice(2));
      `,
    },
    {
      name: 'an async start-up helper under cli/',
      filename: 'cli/run-helpers.js',
      code: code`
        const fs = require('node:fs');
        exports.loadRequires = async (modules) => {
          for (const mod of modules) if (fs.existsSync(mod)) await import(mod);
        };
      `,
    },
    {
      name: 'sync read in a plain CLI function',
      code: code`
        import * as fs from 'fs';
        export function main() {
          console.log(fs.readFileSync('a.txt', 'utf8'));
        }
      `,
    },
    {
      name: 'the async API in a handler',
      code: code`
        import { createServer } from 'node:http';
        import { readFile } from 'node:fs/promises';
        createServer(async (req, res) => {
          res.end(await readFile('a.html'));
        }).listen(1);
      `,
    },
    {
      name: 'a build script that copies files one by one at top level',
      code: code`
        import { copyFileSync, readdirSync } from 'node:fs';
        for (const name of readdirSync('assets')) {
          copyFileSync(\`assets/\${name}\`, \`dist/\${name}\`);
        }
      `,
    },
    { name: 'the rule turned off in the configuration', code: readInAsync, config: { rules: { 'blocking-sync-io': 'off' } } },
    {
      name: 'file-level suppression',
      code: `// threadwise-ignore-file blocking-sync-io\n${readInAsync}`,
    },
    {
      name: 'a suppression comment on the line above',
      code: code`
        import { readFileSync } from 'node:fs';
        export async function load() {
          // threadwise-ignore-next-line blocking-sync-io
          return readFileSync('a.txt', 'utf8');
        }
      `,
    },
    {
      name: 'a worker thread\'s script (compiled TypeScript reading worker_threads members): it blocks its worker, not the event loop',
      filename: 'render-worker.js',
      code: code`
        "use strict";
        const fs_1 = require("fs");
        const path_1 = require("path");
        const worker_threads_1 = require("worker_threads");
        const prepareFolder = async (cwd) => {
            const folder = (0, path_1.join)(cwd, '.render_tmp');
            if (!(0, fs_1.existsSync)(folder)) (0, fs_1.mkdirSync)(folder);
            return folder;
        };
        worker_threads_1.parentPort?.on('message', async (data) => {
            const folder = await prepareFolder(data.cwd);
            worker_threads_1.parentPort?.postMessage({ folder, html: (0, fs_1.readFileSync)((0, path_1.join)(folder, data.name), 'utf8') });
        });
      `,
    },
  ],
  invalid: [
    {
      name: 'readFileSync in an async function',
      code: readInAsync,
      findings: [
        { line: 3, column: 10, endLine: 3, endColumn: 39, severity: 'warning',
          message: 'readFileSync() blocks the thread until the file system answers, inside an async function, blocking the event loop it was meant to free. Use fs/promises.readFile() instead.' },
      ],
      offers: [['use-async-io', 'ignore']],
      fixes: [
        { id: 'use-async-io', diff: code`
          @@ 1
          -import { readFileSync } from 'node:fs';
          +import { readFile } from 'node:fs/promises';
          @@ 3
          -  return readFileSync('a.txt', 'utf8');
          +  return await readFile('a.txt', 'utf8');
        ` },
        { id: 'ignore', diff: code`
          @@ 3
          +  // threadwise-ignore-next-line blocking-sync-io
        ` },
      ],
    },
    {
      name: 'the configured severity wins over the default',
      code: readInAsync,
      config: { rules: { 'blocking-sync-io': 'error' } },
      findings: [
        { line: 3, column: 10, endLine: 3, endColumn: 39, severity: 'error',
          message: 'readFileSync() blocks the thread until the file system answers, inside an async function, blocking the event loop it was meant to free. Use fs/promises.readFile() instead.' },
      ],
    },
    {
      name: 'execSync in an express handler (error: every request waits)',
      code: code`
        import express from 'express';
        import { execSync } from 'child_process';
        const app = express();
        app.get('/version', (req, res) => {
          res.send(execSync('git rev-parse HEAD').toString());
        });
      `,
      findings: [
        { line: 5, column: 12, endLine: 5, endColumn: 42, severity: 'error',
          message: 'execSync() runs a process and blocks the thread until it exits, inside a request handler: every request waits for it. Use child_process.execFile() instead.' },
      ],
      offers: [['use-async-child-process', 'ignore']],
      // execSync's import becomes unused and goes; execFile comes in a new import. The route handler
      // made async passes a failure to Express's error handler (next), which answers 500 and logs.
      fixes: [{ id: 'use-async-child-process', diff: code`
        @@ 2
        -import { execSync } from 'child_process';
        +import { promisify } from 'node:util';
        +import { execFile } from 'child_process';
        +const execFileAsync = promisify(execFile);
        @@ 4
        -app.get('/version', (req, res) => {
        -  res.send(execSync('git rev-parse HEAD').toString());
        +app.get('/version', async (req, res, next) => {
        +  try {
        +    res.send((await execFileAsync('git', ['rev-parse', 'HEAD'], { encoding: 'buffer' })).stdout.toString());
        +  } catch (error) {
        +    next(error);
        +  }
      ` }],
    },
    {
      name: 'execSync in an async function becomes an awaited, promisified execFile',
      code: code`
        import { execSync } from 'node:child_process';
        const root = execSync('git rev-parse --show-toplevel', { encoding: 'utf8' }).trim();
        export async function changedFiles() {
          return execSync('git status --short', { encoding: 'utf8', cwd: root }).split('\\n');
        }
      `,
      findings: [
        { line: 4, column: 10, endLine: 4, endColumn: 73, severity: 'warning',
          message: 'execSync() runs a process and blocks the thread until it exits, inside an async function, blocking the event loop it was meant to free. Use child_process.execFile() instead.' },
      ],
      fixes: [
        { id: 'use-async-child-process', diff: code`
          @@ 1
          -import { execSync } from 'node:child_process';
          +import { execSync, execFile } from 'node:child_process';
          +import { promisify } from 'node:util';
          +const execFileAsync = promisify(execFile);
          @@ 4
          -  return execSync('git status --short', { encoding: 'utf8', cwd: root }).split('\\n');
          +  return (await execFileAsync('git', ['status', '--short'], { encoding: 'utf8', cwd: root })).stdout.split('\\n');
        ` },
      ],
    },
    {
      name: 'statSync in a loop of an async function (CommonJS)',
      filename: 'sizes.js',
      code: code`
        const fs = require('fs');
        async function sizes(files) {
          const out = [];
          for (const f of files) out.push(fs.statSync(f).size);
          return out;
        }
        module.exports = { sizes };
      `,
      findings: [
        { line: 4, column: 35, endLine: 4, endColumn: 49, severity: 'warning',
          message: 'fs.statSync() blocks the thread until the file system answers, inside an async function, blocking the event loop it was meant to free. Use fs/promises.stat() instead.' },
      ],
      fixes: [
        { id: 'use-async-io', diff: code`
          @@ 1
          -const fs = require('fs');
          +const { stat } = require('fs/promises');
          @@ 4
          -  for (const f of files) out.push(fs.statSync(f).size);
          +  for (const f of files) out.push((await stat(f)).size);
        `, knownNew: ['sequential-awaits'] }, // deliberate, not a defect: the fix keeps the loop's order (one await per iteration, as the sync calls ran); running the iterations concurrently changes when their side effects and errors happen, so it is the next fix (run-awaits-concurrently) the new sequential-awaits finding offers
      ],
    },
    {
      name: 'sync I/O in a helper reached from a handler',
      code: code`
        import { createServer } from 'node:http';
        import { readFileSync } from 'node:fs';
        function template() {
          return readFileSync('t.html', 'utf8');
        }
        createServer((req, res) => res.end(template())).listen(1);
      `,
      findings: [
        { line: 4, column: 10, endLine: 4, endColumn: 40, severity: 'error',
          message: 'readFileSync() blocks the thread until the file system answers, in code reached from a request handler: every request waits for it. Use fs/promises.readFile() instead.' },
        // the handler's author sees it where the helper is called
        { line: 6, column: 36, endLine: 6, endColumn: 46, severity: 'error',
          message: 'template() calls readFileSync() (main.ts:4), which blocks the thread until the file system answers, inside a request handler: every request waits for it.' },
      ],
    },
    {
      name: 'lazy initialisation of module state runs once; a branch on a global setting runs per request',
      filename: 'server.js',
      code: code`
        const http = require('node:http');
        const fs = require('node:fs');
        let config;
        let banner = null;
        http.createServer((req, res) => {
          if (!config) config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
          if (banner === null) banner = fs.readFileSync('banner.txt', 'utf8');
          if (!process.env.QUIET) fs.appendFileSync('access.log', req.url + '\\n');
          res.end(banner);
        }).listen(8080);
      `,
      findings: [
        { line: 8, column: 27, endLine: 8, endColumn: 74, severity: 'error',
          message: 'fs.appendFileSync() blocks the thread until the file system answers, inside a request handler: every request waits for it. Use fs/promises.appendFile() instead.' },
      ],
    },
    {
      name: 'existsSync in a request handler becomes access() turned into a boolean',
      code: code`
        import { existsSync } from 'node:fs';
        import { createServer } from 'node:http';
        createServer(async (req, res) => {
          const held = existsSync(\`/srv/locks\${req.url}\`);
          res.end(held ? 'locked' : 'free');
        }).listen(8080);
      `,
      findings: [
        { line: 4, column: 16, endLine: 4, endColumn: 50, severity: 'error',
          message: 'existsSync() blocks the thread until the file system answers, inside a request handler: every request waits for it. Use fs/promises.access() instead.' },
      ],
      fixes: [
        { id: 'use-async-io', diff: code`
          @@ 1
          -import { existsSync } from 'node:fs';
          @@ 3
          +import { access } from 'node:fs/promises';
          @@ 4
          -  const held = existsSync(\`/srv/locks\${req.url}\`);
          +  const held = await access(\`/srv/locks\${req.url}\`).then(() => true, () => false);
        ` },
      ],
    },
    {
      name: 'openSync has no drop-in twin (a FileHandle, not a descriptor): the fix refuses',
      code: code`
        import { openSync } from 'node:fs';
        export async function createLock(file: string) {
          return openSync(file, 'wx');
        }
      `,
      findings: [
        { line: 3, column: 10, endLine: 3, endColumn: 30, severity: 'warning',
          message: 'openSync() blocks the thread until the file system answers, inside an async function, blocking the event loop it was meant to free. Use fs/promises.open() instead.' },
      ],
      fixes: [{ id: 'use-async-io', diff: null }],
    },
    {
      name: 'closeSync: the advice names the FileHandle method, not a fs/promises function that does not exist',
      // fs/promises has no close(), read(), write(), fstat() or fsync(): those are methods of the
      // FileHandle fs/promises.open() returns, and a descriptor is not a handle, so the fix refuses.
      code: code`
        import { closeSync } from 'node:fs';
        export async function release(fd: number) {
          closeSync(fd);
        }
      `,
      findings: [
        { line: 3, column: 3, endLine: 3, endColumn: 16, severity: 'warning',
          message: 'closeSync() blocks the thread until the file system answers, inside an async function, blocking the event loop it was meant to free. Open the file with fs/promises.open() and use close() on the FileHandle it returns instead.' },
      ],
      fixes: [{ id: 'use-async-io', diff: null }],
    },
    {
      name: 'readSync and fstatSync on a descriptor in a request handler: FileHandle read() and stat(), no drop-in fix',
      code: code`
        import * as fs from 'node:fs';
        import { createServer } from 'node:http';

        const fd = fs.openSync('/var/log/app.log', 'r');

        createServer((req, res) => {
          const { size } = fs.fstatSync(fd);
          const tail = Buffer.alloc(Math.min(size, 4096));
          fs.readSync(fd, tail, 0, tail.length, size - tail.length);
          res.end(tail);
        }).listen(8080);
      `,
      findings: [
        { line: 7, column: 20, endLine: 7, endColumn: 36, severity: 'error',
          message: 'fs.fstatSync() blocks the thread until the file system answers, inside a request handler: every request waits for it. Open the file with fs/promises.open() and use stat() on the FileHandle it returns instead.' },
        { line: 9, column: 3, endLine: 9, endColumn: 60, severity: 'error',
          message: 'fs.readSync() blocks the thread until the file system answers, inside a request handler: every request waits for it. Open the file with fs/promises.open() and use read() on the FileHandle it returns instead.' },
      ],
      fixes: [{ id: 'use-async-io', diff: null }],
    },
  ],
});

describe('rule blocking-sync-io: listeners per client connection', function () {
  this.timeout(60_000);
  it('a sync write per message from a socket a connection listener set up is on a request path', async () => {
    const reports = await analyzeSources({
      'src/log-sink.js': code`
        const fs = require('fs');
        const { Server } = require('socket.io');
        function attach(httpServer, logPath) {
          const fd = fs.openSync(logPath, 'a');
          const io = new Server(httpServer);
          io.on('connection', (socket) => {
            socket.on('console', (entry) => {
              fs.writeSync(fd, entry.level + ': ' + entry.text + '\\n');
            });
          });
        }
        module.exports = { attach };
      `,
    });
    const findings = reportOf(reports, 'src/log-sink.js').findings.filter((finding) => finding.rule === 'blocking-sync-io');
    assert.deepEqual(findings.map((finding) => [finding.range.line, finding.severity]), [[8, 'error']]);
  });

  it('a listener of a process event is no connection listener', async () => {
    const reports = await analyzeSources({
      'src/child.js': code`
        const fs = require('fs');
        process.on('message', (message) => {
          if (message.event === 'reload') process.send({ config: fs.readFileSync(message.path, 'utf8') });
        });
      `,
    });
    assert.deepEqual(reportOf(reports, 'src/child.js').findings.filter((finding) => finding.rule === 'blocking-sync-io'), []);
  });
});
