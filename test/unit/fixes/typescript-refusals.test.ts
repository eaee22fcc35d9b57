/**
 * What the TypeScript/JavaScript fixes refuse (return undefined) because applying them would
 * change behaviour or need changes they cannot see, and the smaller shapes they handle, on small
 * inline projects analysed with the real engine (built and run where the fix applies).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Analysis, analyzeProject, applyToCopy, build, computeFix, copyProject, fixedSources, fixInput, runNode, scratchFolder } from '../support';

const ESM_TS = {
  'package.json': JSON.stringify({ name: 'inline', private: true, type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', outDir: 'dist', strict: true,
      noUnusedLocals: true, skipLibCheck: true, types: ['node'],
    },
    include: ['src'],
  }),
};

const CJS_JS = {
  'package.json': JSON.stringify({ name: 'inline', private: true }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', allowJs: true, checkJs: true, noEmit: true, strict: true, skipLibCheck: true, types: ['node'] },
    include: ['src'],
  }),
};

async function inline(files: Record<string, string>): Promise<Analysis> {
  const source = scratchFolder('inline-source');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
    fs.writeFileSync(path.join(source, name), text);
  }
  return analyzeProject(copyProject(source, 'inline'));
}

function fix(analysis: Analysis, file: string, rule: string, fixId: string, options: { project?: boolean; line?: number } = {}) {
  const report = analysis.reports.get(file);
  assert.ok(report, `no report for ${file}`);
  const finding = report.findings.find((candidate) => candidate.rule === rule && (options.line === undefined || candidate.range.line === options.line));
  assert.ok(finding, `expected a ${rule} finding in ${file}; got ${report.findings.map((f) => `${f.rule}@${f.range.line}`).join(', ') || 'none'}`);
  return computeFix(fixId, fixInput(analysis.root, report, finding, { project: options.project === false ? undefined : analysis.project }));
}

const HEAVY = `export function heavy(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total = (total + i * i) % 1_000_003;
  return total;
}
`;

describe('TypeScript/JavaScript fixes: refusals', function () {
  this.timeout(30_000);

  it('move-to-worker-thread refuses a function whose module state the main thread also reads', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `let calls = 0;
function heavy(n: number): number {
  calls++;
  let total = 0;
  for (let i = 0; i < n; i++) total = (total + i * i) % 1_000_003;
  return total;
}
export async function main(): Promise<void> {
  console.log(heavy(5_000_000), calls);
}
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'cpu-on-event-loop', 'move-to-worker-thread'), undefined);
  });

  it('move-to-worker-thread refuses a helper constant whose initialiser has side effects', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { openSync } from 'node:fs';
const log = openSync('/dev/null', 'w');
function heavy(n: number): number {
  let total = log;
  for (let i = 0; i < n; i++) total = (total + i * i) % 1_000_003;
  return total;
}
export async function main(): Promise<void> {
  console.log(heavy(5_000_000));
}
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'cpu-on-event-loop', 'move-to-worker-thread'), undefined);
  });

  it('move-to-worker-thread refuses when the caller would have to become async but is used as a value', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/heavy.ts': HEAVY,
      'src/main.ts': `import { heavy } from './heavy.js';
function report(): string {
  return String(heavy(5_000_000));
}
export const handlers = [report];
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'cpu-on-event-loop', 'move-to-worker-thread'), undefined);
  });

  it('move-to-worker-thread refuses top-level CommonJS code that more statements follow', async () => {
    const analysis = await inline({
      ...CJS_JS,
      'src/heavy.js': `/** @param {number} n */
function heavy(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total = (total + i * i) % 1_000_003;
  return total;
}
module.exports = { heavy };
`,
      'src/main.js': `const { heavy } = require('./heavy');
const result = heavy(5_000_000);
console.log(result);
`,
    });
    assert.equal(fix(analysis, 'src/main.js', 'cpu-on-event-loop', 'move-to-worker-thread'), undefined);
  });

  it('an exported caller needs the project view: refused without it, its importers updated with it', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/heavy.ts': HEAVY,
      'src/report.ts': `import { heavy } from './heavy.js';
export function report(): string {
  return \`total \${heavy(5_000_000)}\`;
}
`,
      'src/main.ts': `import { report } from './report.js';
console.log(report());
console.log(report().length);
`,
    });
    assert.equal(fix(analysis, 'src/report.ts', 'cpu-on-event-loop', 'move-to-worker-thread', { project: false }), undefined);
    const result = fix(analysis, 'src/report.ts', 'cpu-on-event-loop', 'move-to-worker-thread');
    assert.ok(result);
    const copy = applyToCopy(analysis.root, result, 'exported-caller');
    const main = fs.readFileSync(path.join(copy, 'src/main.ts'), 'utf8');
    assert.match(main, /console\.log\(await report\(\)\);/);
    assert.match(main, /console\.log\(\(await report\(\)\)\.length\);/);
    assert.deepEqual(build(analysis.root), []);
    assert.deepEqual(build(copy), [], fixedSources(copy, analysis.root, result));
    const before = runNode(analysis.root, 'dist/main.js');
    const after = runNode(copy, 'dist/main.js');
    assert.equal(after.status, 0, after.stderr);
    assert.equal(after.stdout, before.stdout);
    assert.ok(after.probe.some((line) => line.startsWith('worker-start ')));
  });

  it('use-async-io refuses calls without a same-shaped promise twin', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { openSync, closeSync, statSync } from 'node:fs';
export async function probe(files: string[]): Promise<number> {
  let found = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    closeSync(fd);
    if (statSync(file, { throwIfNoEntry: false }) !== undefined) found++;
  }
  return found;
}
`,
    });
    for (const line of [5, 6, 7]) assert.equal(fix(analysis, 'src/main.ts', 'blocking-sync-io', 'use-async-io', { line }), undefined, `line ${line}`);
  });

  it('use-async-io refuses a callback whose caller would receive promises (items.map)', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { readFileSync } from 'node:fs';
export async function load(files: string[]): Promise<string[]> {
  return files.map((file) => readFileSync(file, 'utf8'));
}
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'blocking-sync-io', 'use-async-io'), undefined);
  });

  it('use-async-io: existsSync and statSync in an async function, built and run', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { existsSync, statSync } from 'node:fs';
export async function describe(files: string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) lines.push(\`\${file}: missing\`);
    else lines.push(\`\${file}: \${statSync(file).size} bytes\`);
  }
  return lines;
}
console.log(await describe(['package.json', 'nothing-here.txt']));
`,
    });
    const first = fix(analysis, 'src/main.ts', 'blocking-sync-io', 'use-async-io', { line: 5 });
    assert.ok(first);
    const copy = applyToCopy(analysis.root, first, 'exists');
    assert.match(fs.readFileSync(path.join(copy, 'src/main.ts'), 'utf8'), /if \(!await access\(file\)\.then\(\(\) => true, \(\) => false\)\)/);
    const second = await analyzeProject(copy);
    const stat = fix(second, 'src/main.ts', 'blocking-sync-io', 'use-async-io');
    assert.ok(stat);
    const final = applyToCopy(copy, stat, 'exists-stat');
    const text = fs.readFileSync(path.join(final, 'src/main.ts'), 'utf8');
    assert.match(text, /\(await stat\(file\)\)\.size/);
    assert.match(text, /^import \{ access, stat \} from 'node:fs\/promises';$/m, 'the second import merges into the first');
    assert.doesNotMatch(text, /from 'node:fs';/, 'the sync import is gone');
    assert.deepEqual(build(analysis.root), []);
    assert.deepEqual(build(final), [], text);
    assert.equal(runNode(final, 'dist/main.js').stdout, runNode(analysis.root, 'dist/main.js').stdout);
  });

  it('use-async-child-process refuses input/stdio options and spawnSync().output', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { execSync, spawnSync } from 'node:child_process';
export async function run(): Promise<string> {
  const upper = execSync('tr a-z A-Z', { input: 'hello' }).toString();
  const result = spawnSync('ls', ['-a']);
  return upper + String(result.output.length);
}
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'blocking-sync-io', 'use-async-child-process', { line: 3 }), undefined);
    assert.equal(fix(analysis, 'src/main.ts', 'blocking-sync-io', 'use-async-child-process', { line: 4 }), undefined);
  });

  it('run-awaits-concurrently refuses a push that is not the last statement', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { readFile } from 'node:fs/promises';
export async function load(files: string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const file of files) {
    texts.push(await readFile(file, 'utf8'));
    console.log('read', file);
  }
  return texts;
}
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'sequential-awaits', 'run-awaits-concurrently'), undefined);
  });

  it('ignore adds the rule to an existing directive, and refuses inside a multi-line template', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { readFileSync } from 'node:fs';
export async function load(file: string): Promise<string> {
  // threadwise-ignore-next-line sequential-awaits
  const text = readFileSync(file, 'utf8');
  return text;
}
`,
    });
    const result = fix(analysis, 'src/main.ts', 'blocking-sync-io', 'ignore');
    assert.ok(result);
    const copy = applyToCopy(analysis.root, result, 'ignore-merge');
    assert.match(fs.readFileSync(path.join(copy, 'src/main.ts'), 'utf8'), /^ {2}\/\/ threadwise-ignore-next-line sequential-awaits, blocking-sync-io\n {2}const text/m);
    const again = await analyzeProject(copy);
    assert.deepEqual(again.reports.get('src/main.ts')!.findings, []);
  });

  it('run-awaits-concurrently: continue becomes return, a Set goes through Array.from, a short literal runs unbounded', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/main.ts': `import { readFile, stat } from 'node:fs/promises';
const seen = new Set<string>();
export async function sizes(files: Set<string>): Promise<void> {
  for (const file of files) {
    if (file.startsWith('.')) continue;
    const info = await stat(file);
    seen.add(\`\${file}:\${info.isFile()}\`);
  }
}
export async function heads(): Promise<string[]> {
  const firstLines = [];
  for (const file of ['package.json', 'tsconfig.json']) {
    firstLines.push((await readFile(file, 'utf8')).split('\\n')[0]);
  }
  return firstLines;
}
await sizes(new Set(['package.json', '.hidden', 'tsconfig.json']));
console.log([...seen].sort().join(' '));
console.log((await heads()).join(' | '));
`,
    });
    const loop = fix(analysis, 'src/main.ts', 'sequential-awaits', 'run-awaits-concurrently', { line: 6 });
    assert.ok(loop, 'the first loop');
    const literal = fix(analysis, 'src/main.ts', 'sequential-awaits', 'run-awaits-concurrently', { line: 13 });
    assert.ok(literal, 'the second loop');
    const once = applyToCopy(analysis.root, loop, 'awaits-1');
    const text = fs.readFileSync(path.join(once, 'src/main.ts'), 'utf8');
    assert.match(text, /await Promise\.all\(Array\.from\(files, \(file\) => limit\(async \(\) => \{/);
    assert.match(text, /if \(file\.startsWith\('\.'\)\) return;/);
    const twice = applyToCopy(analysis.root, literal, 'awaits-2');
    const second = fs.readFileSync(path.join(twice, 'src/main.ts'), 'utf8');
    assert.match(second, /const firstLines = await Promise\.all\(\['package\.json', 'tsconfig\.json'\]\.map\(async \(file\) => \{/);
    assert.doesNotMatch(second, /limit/, 'a two-element literal needs no limit');
    assert.deepEqual(build(analysis.root), []);
    const baseline = runNode(analysis.root, 'dist/main.js');
    for (const copy of [once, twice]) {
      assert.deepEqual(build(copy), [], fs.readFileSync(path.join(copy, 'src/main.ts'), 'utf8'));
      assert.equal(runNode(copy, 'dist/main.js').stdout, baseline.stdout);
    }
  });

  it('run-in-worker-pool (worker-per-task) refuses a worker kept for more than its handlers', async () => {
    const analysis = await inline({
      ...ESM_TS,
      'src/job.worker.ts': `import { parentPort, workerData } from 'node:worker_threads';
parentPort?.postMessage((workerData as number) * 2);
`,
      'src/main.ts': `import { Worker } from 'node:worker_threads';
const workers: Worker[] = [];
for (const input of [1, 2, 3]) {
  const worker = new Worker(new URL('./job.worker.js', import.meta.url), { workerData: input });
  worker.on('message', (value: number) => console.log(value));
  workers.push(worker);
}
`,
    });
    assert.equal(fix(analysis, 'src/main.ts', 'worker-per-task', 'run-in-worker-pool'), undefined);
  });

  it('a private method becomes async with its this.#m() callers; a public method is refused', async () => {
    const reporter = (modifier: string) => `import { heavy } from './heavy.js';
class Reporter {
  async run(): Promise<string> {
    const line = this.${modifier === '#' ? '#' : ''}summary();
    return line.toUpperCase();
  }
  ${modifier === 'public' ? 'public ' : ''}${modifier === '#' ? '#' : ''}summary(): string {
    return \`total \${heavy(5_000_000)}\`;
  }
}
console.log(await new Reporter().run());
`;
    const analysis = await inline({ ...ESM_TS, 'src/heavy.ts': HEAVY, 'src/main.ts': reporter('#') });
    const result = fix(analysis, 'src/main.ts', 'cpu-on-event-loop', 'move-to-worker-thread');
    assert.ok(result);
    const copy = applyToCopy(analysis.root, result, 'private-method');
    const text = fs.readFileSync(path.join(copy, 'src/main.ts'), 'utf8');
    assert.match(text, /const line = await this\.#summary\(\);/);
    assert.match(text, /async #summary\(\): Promise<string> \{/);
    assert.deepEqual(build(analysis.root), []);
    assert.deepEqual(build(copy), [], text);
    const after = runNode(copy, 'dist/main.js');
    assert.equal(after.stdout, runNode(analysis.root, 'dist/main.js').stdout, after.stderr);
    assert.ok(after.probe.some((line) => line.startsWith('worker-start ')));

    const publicMethod = await inline({ ...ESM_TS, 'src/heavy.ts': HEAVY, 'src/main.ts': reporter('public') });
    assert.equal(fix(publicMethod, 'src/main.ts', 'cpu-on-event-loop', 'move-to-worker-thread'), undefined);
  });
});
