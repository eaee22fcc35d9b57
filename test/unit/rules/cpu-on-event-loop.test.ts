/**
 * cpu-on-event-loop: CPU-heavy work on the main thread, reported at the call that makes it heavy
 * (or at the declaration when it is heavy whatever its arguments), as an error inside request
 * paths; the ignore, move-to-worker-thread and run-in-worker-pool fixes.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources, code, functionIn, reportOf, testRule } from '../support';

const fibonacciSequence = code`
  function fib(n: number) {
    const s = [0, 1];
    for (let i = 2; i < n; i++) s.push(s[i - 1] + s[i - 2]);
    return s;
  }
`;

testRule('cpu-on-event-loop', {
  valid: [
    {
      name: 'a cheap loop over a small literal bound',
      code: code`
        export function f() {
          let t = 0;
          for (let i = 0; i < 1000; i++) t += i;
          return t;
        }
      `,
    },
    { name: 'fibonacci(10) is cheap', code: `${fibonacciSequence}console.log(fib(10));\n` },
    {
      name: 'heavy work inside a worker module',
      code: code`
        import { parentPort } from 'node:worker_threads';
        parentPort?.on('message', (n: number) => {
          let t = 0;
          for (let i = 0; i < 100_000_000; i++) t += i;
          parentPort?.postMessage(t);
        });
      `,
    },
    {
      name: 'pbkdf2 (async) runs on the threadpool',
      code: code`
        import { pbkdf2 } from 'node:crypto';
        export function hash(p: string, cb: (e: Error | null, k: Buffer) => void) {
          pbkdf2(p, 'salt', 600_000, 64, 'sha512', cb);
        }
      `,
    },
    {
      name: 'suppressed with a comment above the reported line',
      code: code`
        // threadwise-ignore-next-line cpu-on-event-loop
        export function f() {
          let t = 0;
          for (let i = 0; i < 1e9; i++) t += i;
          return t;
        }
      `,
    },
    {
      name: 'a data-dependent loop called only with small inputs',
      code: code`
        function checksum(bytes: number[]) {
          let sum = 0;
          for (const b of bytes) sum = (sum + b) % 65521;
          return sum;
        }
        console.log(checksum([1, 2, 3]));
      `,
    },
  ],
  invalid: [
    {
      name: 'fibonacci(10_000_000) is heavy, at the call',
      code: `${fibonacciSequence}console.log(fib(10_000_000).length);\n`,
      findings: [
        { line: 6, column: 13, endLine: 6, endColumn: 28, severity: 'warning',
          message: 'fib() with n = 10,000,000 runs ≈ {time} per call on this machine class on the main thread. Mostly: loop over n (9,999,998 iterations) at line 3.' },
      ],
      offers: [['move-to-worker-thread', 'run-in-worker-pool', 'ignore']],
      fixes: [
        { id: 'ignore', diff: code`
          @@ 6
          +// threadwise-ignore-next-line cpu-on-event-loop
        ` },
        // top-level await is not available in a CommonJS module: the call cannot await a worker
        { id: 'move-to-worker-thread', diff: null },
      ],
    },
    {
      name: 'a constant-bound loop, at the declaration',
      code: code`
        export function crunch() {
          let t = 0;
          for (let i = 0; i < 50_000_000; i++) t += i % 3;
          return t;
        }
      `,
      findings: [
        { line: 1, column: 17, endLine: 1, endColumn: 23, severity: 'warning',
          message: 'crunch() runs ≈ {time} per call on this machine class, on the main thread. Mostly: loop over 50,000,000 (50,000,000 iterations) at line 3.' },
      ],
    },
    {
      name: 'exponential recursion with a large argument',
      code: code`
        function fib(n: number): number {
          return n < 2 ? n : fib(n - 1) + fib(n - 2);
        }
        export const x = fib(40);
      `,
      findings: [
        { line: 4, column: 18, endLine: 4, endColumn: 25, severity: 'warning',
          message: 'fib() with n = 40 runs ≈ {time} per call on this machine class on the main thread. Mostly: recursion that calls itself 2 times per level: exponential in n = 40.' },
      ],
    },
    {
      name: 'pbkdf2Sync in a request handler is an error, at the declaration and at the call',
      code: code`
        import { createServer } from 'node:http';
        import { pbkdf2Sync } from 'node:crypto';
        function hash(p: string) {
          return pbkdf2Sync(p, 'salt', 600_000, 64, 'sha512');
        }
        createServer((req, res) => {
          res.end(hash(String(req.url)));
        }).listen(1);
      `,
      findings: [
        { line: 3, column: 10, endLine: 3, endColumn: 14, severity: 'error',
          message: 'hash() runs ≈ {time} per call on this machine class, on the main thread, inside a request path. Mostly: pbkdf2Sync() with 600,000 iterations: derives a key on the calling thread.' },
        { line: 7, column: 11, endLine: 7, endColumn: 32, severity: 'error',
          message: 'hash() runs ≈ {time} per call on this machine class inside a request handler: every request waits for it. Mostly: pbkdf2Sync() with 600,000 iterations: derives a key on the calling thread.' },
      ],
    },
    {
      name: 'constants from the module and nested loops',
      code: code`
        const SIZE = 3000;
        export function grid() {
          let t = 0;
          for (let i = 0; i < SIZE; i++) {
            for (let j = 0; j < SIZE; j++) t += i * j;
          }
          return t;
        }
      `,
      findings: [
        { line: 2, column: 17, endLine: 2, endColumn: 21, severity: 'warning',
          message: 'grid() runs ≈ {time} per call on this machine class, on the main thread. Mostly: loop over SIZE (3,000 iterations) at line 4, around loop over SIZE (3,000 iterations) at line 5.' },
      ],
    },
    {
      name: 'a heavy call per item of a map: the pool fix comes first',
      // The call runs once per element (its caller is the map callback), but the rule only counts
      // loops and callbacks the *call* passes, so it says neither "per item" nor offers the pool first.
      pending: 'miss: a heavy call inside an iteration callback is not reported as per item',
      code: code`
        export function score(seed: number, rounds: number) {
          let x = seed;
          for (let i = 0; i < rounds; i++) x = (x * 1103515245 + 12345) % 2147483648;
          return x;
        }
        export function scoreAll(seeds: number[]) {
          return seeds.map((seed) => score(seed, 5_000_000));
        }
      `,
      findings: [
        { line: 7, column: 30, endLine: 7, endColumn: 52, severity: 'warning',
          message: 'score() with rounds = 5,000,000 runs ≈ {time} per item on this machine class on the main thread. Mostly: loop over rounds (5,000,000 iterations) at line 3.' },
      ],
      offers: [['run-in-worker-pool', 'move-to-worker-thread', 'ignore']],
    },
    {
      name: 'a heavy call per item of a loop: the pool comes first, though its fix only rewrites map calls',
      code: code`
        export function score(seed: number, rounds: number) {
          let x = seed;
          for (let i = 0; i < rounds; i++) x = (x * 1103515245 + 12345) % 2147483648;
          return x;
        }
        export function scoreAll(seeds: number[]) {
          const scores: number[] = [];
          for (const seed of seeds) scores.push(score(seed, 5_000_000));
          return scores;
        }
      `,
      findings: [
        { line: 8, column: 41, endLine: 8, endColumn: 63, severity: 'warning',
          message: 'score() with rounds = 5,000,000 runs ≈ {time} per item on this machine class on the main thread. Mostly: loop over rounds (5,000,000 iterations) at line 3.' },
      ],
      offers: [['run-in-worker-pool', 'move-to-worker-thread', 'ignore']],
      fixes: [
        { id: 'run-in-worker-pool', diff: null },
        // moved, not copied: the exported score() stays as a thin wrapper dispatching to the pool
        { id: 'move-to-worker-thread', diff: code`
          @@ 1
          -export function score(seed: number, rounds: number) {
          -  let x = seed;
          -  for (let i = 0; i < rounds; i++) x = (x * 1103515245 + 12345) % 2147483648;
          -  return x;
          +import { runScoreInWorker } from './score.in-worker';
          +
          +export async function score(seed: number, rounds: number) {
          +  return runScoreInWorker(seed, rounds);
          @@ 6
          -export function scoreAll(seeds: number[]) {
          +export async function scoreAll(seeds: number[]) {
          @@ 8
          -  for (const seed of seeds) scores.push(score(seed, 5_000_000));
          +  for (const seed of seeds) scores.push(await runScoreInWorker(seed, 5_000_000));
        `, newFiles: ['score.worker.ts', 'worker-pool.ts', 'score.in-worker.ts'], knownNew: ['sequential-awaits'] }, // deliberate, not a defect: the fix keeps the loop's order (one await per iteration, as the sync calls ran); running the iterations concurrently changes when their side effects and errors happen, so it is the next fix (run-awaits-concurrently) the new sequential-awaits finding offers
      ],
    },

    {
      name: 'a heavy callee in another file, reported where the work originates',
      filename: 'src/main.ts',
      files: {
        'src/math.ts': code`
          export function sumSquares(n: number) {
            let t = 0;
            for (let i = 0; i < n; i++) t += i * i;
            return t;
          }
        `,
      },
      code: code`
        import { sumSquares } from './math';
        export function main() {
          console.log(sumSquares(20_000_000));
        }
      `,
      findings: [
        { line: 3, column: 15, endLine: 3, endColumn: 37, severity: 'warning',
          message: 'sumSquares() with n = 20,000,000 runs ≈ {time} per call on this machine class on the main thread. Mostly: loop over n (20,000,000 iterations) at line 3.' },
      ],
    },
    {
      name: 'a request handler reaching heavy work through a helper: reported at the handler\'s call too',
      filename: 'src/server.ts',
      files: {
        'src/reports.ts': code`
          export function simulate(trials: number) {
            let losses = 0;
            for (let trial = 0; trial < trials; trial++) if (Math.random() < 0.5) losses++;
            return losses / trials;
          }
          export function buildReport(rows: number[]) {
            return { count: rows.length, risk: simulate(20_000_000) };
          }
        `,
      },
      code: code`
        import { createServer } from 'node:http';
        import { buildReport } from './reports';
        const rows = [1, 2, 3];
        createServer((req, res) => {
          res.end(JSON.stringify(buildReport(rows)));
        }).listen(1);
      `,
      findings: [
        { line: 5, column: 26, endLine: 5, endColumn: 43, severity: 'error',
          message: 'buildReport() calls simulate() with trials = 20,000,000 (src/reports.ts:7), which runs ≈ {time} per call on this machine class, inside a request handler: every request waits for it. Mostly, in src/reports.ts: loop over trials (20,000,000 iterations) at line 3.' },
      ],
      offers: [['ignore']],
    },
  ],
});

describe('rule cpu-on-event-loop: heavy work reached from a request handler', () => {
  const sources = {
    'src/reports.ts': code`
      export function simulate(trials: number) {
        let losses = 0;
        for (let trial = 0; trial < trials; trial++) if (Math.random() < 0.5) losses++;
        return losses / trials;
      }
      function summarise(rows: number[], trials: number) {
        return { count: rows.length, risk: simulate(trials) };
      }
      export function buildReport(rows: number[]) {
        return summarise(rows, 20_000_000);
      }
    `,
    'src/server.ts': code`
      import { createServer } from 'node:http';
      import { buildReport } from './reports';
      createServer((req, res) => {
        res.end(JSON.stringify(buildReport([])));
      }).listen(1);
    `,
  };

  it('the handler\'s call points at the work and at the call that writes the heavy values', async () => {
    const reports = await analyzeSources(sources);
    const atHandler = reportOf(reports, 'src/server.ts').findings.filter((finding) => finding.rule === 'cpu-on-event-loop');
    assert.equal(atHandler.length, 1);
    assert.equal(atHandler[0].range.line, 4);
    assert.match(atHandler[0].message, /^buildReport\(\) reaches simulate\(\) with trials = 20,000,000 \(src\/reports\.ts:7\)/);
    const related = (atHandler[0].related ?? []).map(({ file, line, message }) => [file.split('/').slice(-2).join('/'), line, message.split(':')[0]]);
    assert.deepEqual(related, [
      ['src/reports.ts', 3, 'the work'],
      ['src/reports.ts', 10, 'summarise() is called here with the values that make it heavy'],
      ['src/server.ts', 3, 'request handler createServer handler'],
    ]);
  });

  it('where the work originates, the handler\'s call is on the way, not where the heavy values are', async () => {
    const reports = await analyzeSources(sources);
    const origin = reportOf(reports, 'src/reports.ts').findings.find((finding) => finding.rule === 'cpu-on-event-loop' && finding.range.line === 7);
    assert.ok(origin, 'a finding at simulate(trials) in summarise');
    const related = (origin.related ?? []).map(({ file, line, message }) => [file.split('/').slice(-2).join('/'), line, message]);
    assert.deepEqual(related.sort(), [
      ['src/reports.ts', 1, 'simulate() is declared here'],
      ['src/reports.ts', 10, 'called from here with the arguments that make it heavy'],
      ['src/server.ts', 3, 'request handler createServer handler'],
      ['src/server.ts', 4, 'called from here, on the way to simulate()'],
    ]);
  });
});

describe('rule cpu-on-event-loop: evidence across files', () => {
  it('the caller\'s evidence names the callee\'s file and line', async () => {
    const reports = await analyzeSources({
      'src/math.ts': 'export function sumSquares(n: number) {\n  let t = 0;\n  for (let i = 0; i < n; i++) t += i * i;\n  return t;\n}\n',
      'src/main.ts': "import { sumSquares } from './math';\nexport function main() {\n  console.log(sumSquares(20_000_000));\n}\n",
    });
    assert.ok(reportOf(reports, 'src/main.ts').findings.some((finding) => finding.rule === 'cpu-on-event-loop'));
    const evidence = functionIn(reports, 'src/main.ts', 'main').evidence[0];
    assert.equal(evidence.line, 3);
    assert.match(evidence.message, /sumSquares\(\) in src\/math\.ts:1, which runs loop over n/);
  });
});

describe('rule cpu-on-event-loop: costs the code does not show are no finding', () => {
  const cpuFindings = async (source: string) =>
    reportOf(await analyzeSources({ 'src/main.ts': source }), 'src/main.ts').findings.filter((finding) => finding.rule === 'cpu-on-event-loop');

  it('prices key generation by the key type the call names: a 25519 pair per handshake is quiet', async () => {
    const findings = await cpuFindings(code`
      import { generateKeyPairSync } from 'node:crypto';
      import { createServer } from 'node:net';
      class Handshake {
        private keys?: { publicKey: unknown; privateKey: unknown };
        start() {
          this.keys = generateKeyPairSync('x25519');
          return this.keys.publicKey;
        }
      }
      createServer((socket) => {
        socket.write(String(new Handshake().start()));
      }).listen(22);
    `);
    assert.deepEqual(findings, []);
  });

  it('prices key generation by the key type the call names: an RSA pair per request is reported', async () => {
    const findings = await cpuFindings(code`
      import { generateKeyPairSync } from 'node:crypto';
      import { createServer } from 'node:http';
      createServer((req, res) => {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        res.end(String(publicKey));
      }).listen(80);
    `);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /generateKeyPairSync\('rsa'\): generates a key pair on the calling thread/);
  });

  it('leaves the cost of a key type the call does not name unknown: a library wrapper is quiet', async () => {
    const findings = await cpuFindings(code`
      import { generateKeyPairSync as generate } from 'node:crypto';
      export function generateKeyPairSync(type: 'rsa' | 'ec' | 'ed25519', options?: object) {
        const { publicKey, privateKey } = generate(type as 'rsa', options as { modulusLength: number });
        return { public: publicKey.export({ type: 'spki', format: 'pem' }), private: privateKey };
      }
    `);
    assert.deepEqual(findings, []);
  });

  it('a search for a free id over a 2^32 id space runs until its first free slot, not 2^32 times', async () => {
    const findings = await cpuFindings(code`
      const MAX_ID = 2 ** 32 - 1;
      export class Registry {
        private entries: Record<number, unknown> = {};
        private next = -1;
        add(value: unknown): number {
          let id: number | undefined;
          if (this.next < MAX_ID) {
            id = ++this.next;
          } else {
            for (let i = 0; i < MAX_ID; ++i) {
              if (this.entries[i] === undefined) {
                id = i;
                break;
              }
            }
          }
          if (id === undefined) return -1;
          this.entries[id] = value;
          return id;
        }
      }
    `);
    assert.deepEqual(findings, []);
  });

  it('a loop that runs through a range of 2^32 values is still priced at it', async () => {
    const findings = await cpuFindings(code`
      export function checksum() {
        let sum = 0;
        for (let i = 0; i < 2 ** 32; i++) sum = (sum + i) % 65521;
        return sum;
      }
    `);
    assert.equal(findings.length, 1);
  });
});

describe('rule cpu-on-event-loop: quadratic accumulation in a data listener', function () {
  this.timeout(60_000);
  const accumulationFindings = async (source: string) =>
    reportOf(await analyzeSources({ 'src/server.js': source }), 'src/server.js').findings
      .filter((finding) => finding.rule === 'cpu-on-event-loop')
      .map((finding) => [finding.range.line, finding.severity, finding.message.split(':')[0]]);

  it('a request body grown by Buffer.concat per chunk copies all of it per chunk', async () => {
    assert.deepEqual(await accumulationFindings(code`
      const http = require('http');
      http.createServer((req, res) => {
        let body = Buffer.alloc(0);
        req.on('data', (chunk) => {
          body = Buffer.concat([body, chunk]);
        });
        req.on('end', () => res.end(String(body.length)));
      }).listen(8080);
    `), [[5, 'error', "Each 'data' chunk copies everything received so far (body = Buffer.concat([body, …]))"]]);
  });

  it('a frame buffer appended to per chunk and searched from its start by a helper, on a stream the caller hands in', async () => {
    assert.deepEqual(await accumulationFindings(code`
      function firstNewline(text) {
        for (let i = 0; i < text.length; i++) if (text[i] === '\\n') return i;
        return -1;
      }
      function readFrames(socket, onFrame) {
        let pending = '';
        socket.on('data', (chunk) => {
          pending += chunk;
          let at;
          while ((at = firstNewline(pending)) !== -1) {
            onFrame(JSON.parse(pending.slice(0, at)));
            pending = pending.slice(at + 1);
          }
        });
      }
      module.exports = { readFrames };
    `), [[8, 'warning', "Each 'data' chunk appends to pending, then firstNewline() reads all of it again"]]);
  });

  it('chunks collected in an array and joined once, on end, are quiet', async () => {
    assert.deepEqual(await accumulationFindings(code`
      const http = require('http');
      http.createServer((req, res) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
          chunks.push(chunk);
          size += chunk.length;
        });
        req.on('end', () => res.end(Buffer.concat(chunks).toString('base64')));
      }).listen(8080);
    `), []);
  });

  it('text appended per chunk and parsed once, on end, is quiet', async () => {
    assert.deepEqual(await accumulationFindings(code`
      const http = require('http');
      http.createServer((req, res) => {
        let text = '';
        req.on('data', (chunk) => {
          text += chunk;
        });
        req.on('end', () => res.end(JSON.stringify(JSON.parse(text))));
      }).listen(8080);
    `), []);
  });

  it('a child process output collected by a script is no stream a peer sends', async () => {
    assert.deepEqual(await accumulationFindings(code`
      const { spawn } = require('child_process');
      function gitLog(cwd, done) {
        const child = spawn('git', ['log', '--oneline'], { cwd });
        let out = Buffer.alloc(0);
        child.stdout.on('data', (chunk) => {
          out = Buffer.concat([out, chunk]);
        });
        child.on('close', () => done(out.toString()));
      }
      module.exports = { gitLog };
    `), []);
  });
});

describe('rule cpu-on-event-loop: accumulation capped by a length', function () {
  this.timeout(60_000);
  it('Buffer.concat with a numeric total length keeps at most that many bytes', async () => {
    const reports = await analyzeSources({
      'src/server.js': code`
        const fs = require('fs');
        const http = require('http');
        function magicBytes(file, done) {
          const stream = fs.createReadStream(file, { start: 0, end: 1 });
          let head = Buffer.from('');
          stream.on('data', (chunk) => {
            head = Buffer.concat([head, chunk], 2);
          });
          stream.on('close', () => done(head[0] === 31 && head[1] === 139));
        }
        http.createServer((req, res) => magicBytes(req.url.slice(1) + '.gz', (gzipped) => res.end(String(gzipped)))).listen(8080);
      `,
    });
    assert.deepEqual(reportOf(reports, 'src/server.js').findings.filter((finding) => finding.rule === 'cpu-on-event-loop'), []);
  });
});
