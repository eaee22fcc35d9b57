/**
 * The TypeScript/JavaScript fixes, proven on fixture projects (ESM and CommonJS, .ts, .js, .mjs):
 * analyse with the real engine, take the finding, compute the fix, apply it to a copy, type-check
 * it with the TypeScript API (strict; checkJs for JavaScript), build it, run it with Node and
 * compare stdout with the original's. Worker fixes must really run in a worker: a probe preloaded
 * with `--require` logs every Worker started (main thread) and every reply posted (worker thread).
 * Each fix must also refuse (undefined) once the text no longer matches the finding.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { FixResult } from '../../../src/fixes/fix';
import {
  type Analysis, analyzeProject, applyToCopy, build, cleanScratch, computeFix, copyProject, describeResult, findingAt, fixedSources,
  fixInput, FIX_PROJECTS, newFindings, type Run, runNode,
} from '../support';

type Evidence = 'none' | 'worker' | 'pool';

interface Case {
  file: string;
  rule: string;
  line: number;
  fix: string;
  /** what the probe must show after the fix */
  evidence: Evidence;
  /** substrings of the title */
  title?: string[];
  /** new files the fix must create (basenames) */
  creates?: string[];
  /** fix without the project view */
  noProject?: boolean;
  /** rules whose new findings after the fix are a known, open defect of the fix (say which in a comment) */
  knownNew?: string[];
  /** the file and rule whose finding must be gone after the fix (default: the case's own) */
  gone?: { file: string; rule: string };
}

interface Fixture {
  name: string;
  /** the file Node runs (compiled output for TypeScript fixtures) */
  entry: string;
  cases: Case[];
}

const FIXTURE_CASES: Fixture[] = [
  {
    name: 'esm-ts',
    entry: 'dist/main.js',
    cases: [
      // cascade: report() and main() become async, `main();` becomes top-level `await main();`
      { file: 'src/main.ts', rule: 'cpu-on-event-loop', line: 9, fix: 'move-to-worker-thread', evidence: 'worker', title: ['Move sumOfSquares() to a worker thread'], creates: ['sum-of-squares.worker.ts', 'sum-of-squares.in-worker.ts', 'worker-pool.ts'] },
      { file: 'src/main.ts', rule: 'cpu-on-event-loop', line: 21, fix: 'run-in-worker-pool', evidence: 'pool', title: ['Run cpuBoundTask() on a pool of worker threads'], creates: ['cpu-bound-task.worker.ts', 'cpu-bound-task.pool.ts', 'worker-pool.ts'] },
      { file: 'src/main.ts', rule: 'cpu-on-event-loop', line: 21, fix: 'move-to-worker-thread', evidence: 'worker', title: ['Move cpuBoundTask() to a worker thread'] },
      { file: 'src/main.ts', rule: 'cpu-on-event-loop', line: 9, fix: 'ignore', evidence: 'none', title: ['Ignore cpu-on-event-loop'] },
    ],
  },
  {
    name: 'cjs-ts',
    entry: 'dist/main.js',
    cases: [
      // a request handler (createServer callback) becomes async; the worker path uses __dirname
      // known defect (knownNew): the move copies hashPassword() into the worker and leaves the original, still reported
      { file: 'src/server.ts', rule: 'cpu-on-event-loop', line: 12, fix: 'move-to-worker-thread', evidence: 'worker', creates: ['hash-password.worker.ts', 'hash-password.in-worker.ts', 'worker-pool.ts'] },
      // a finding on the declaration: the project view finds the call in server.ts and rewrites it.
      // hashPassword stays exported in passwords.ts (other code may use it), so that finding stays;
      // the request handler's finding goes.
      { file: 'src/passwords.ts', rule: 'cpu-on-event-loop', line: 7, fix: 'move-to-worker-thread', evidence: 'worker', title: ['Move hashPassword() to a worker thread'], gone: { file: 'src/server.ts', rule: 'cpu-on-event-loop' } },
      { file: 'src/server.ts', rule: 'blocking-sync-io', line: 16, fix: 'use-async-io', evidence: 'none', title: ['Use await readFile() from node:fs/promises'] },
    ],
  },
  {
    name: 'esm-js',
    entry: 'src/main.js',
    cases: [
      { file: 'src/main.js', rule: 'sequential-awaits', line: 18, fix: 'run-awaits-concurrently', evidence: 'none', title: ['readFile()', 'Promise.all', 'at most 8'] },
      { file: 'src/main.js', rule: 'unbounded-concurrency', line: 21, fix: 'bound-concurrency', evidence: 'none', title: ['at most 8'] },
      // .mjs module: the worker, pool and client are .mjs too
      { file: 'src/main.js', rule: 'cpu-on-event-loop', line: 30, fix: 'run-in-worker-pool', evidence: 'pool', creates: ['cpu-bound-task.worker.mjs', 'cpu-bound-task.pool.mjs', 'worker-pool.mjs'] },
      { file: 'src/main.js', rule: 'cpu-on-event-loop', line: 30, fix: 'move-to-worker-thread', evidence: 'worker' },
    ],
  },
  {
    name: 'cjs-js',
    entry: 'src/main.js',
    cases: [
      // literal command without shell syntax → execFile with split arguments
      { file: 'src/main.js', rule: 'blocking-sync-io', line: 10, fix: 'use-async-child-process', evidence: 'none', title: ['execFile()'] },
      { file: 'src/main.js', rule: 'blocking-sync-io', line: 11, fix: 'use-async-child-process', evidence: 'none', title: ['execFile()'] },
      { file: 'src/main.js', rule: 'blocking-sync-io', line: 12, fix: 'use-async-child-process', evidence: 'none', title: ['spawn()'] },
      // shell syntax (&&) → exec keeps the shell
      { file: 'src/main.js', rule: 'blocking-sync-io', line: 13, fix: 'use-async-child-process', evidence: 'none', title: ['exec()'] },
      // a sync helper a request handler reaches: readConfigs() and the handler become async
      // knownNew sequential-awaits: deliberate, not a defect: the fix keeps the loop's order (one await per iteration, as the sync calls ran); running the iterations concurrently changes when their side effects and errors happen, so it is the next fix (run-awaits-concurrently) the new sequential-awaits finding offers
      { file: 'src/main.js', rule: 'blocking-sync-io', line: 21, fix: 'use-async-io', evidence: 'none', title: ['make 2 functions async'], knownNew: ['sequential-awaits'] },
      { file: 'src/main.js', rule: 'cpu-on-event-loop', line: 27, fix: 'move-to-worker-thread', evidence: 'worker', creates: ['checksum.worker.js', 'checksum.in-worker.js', 'worker-pool.js'] },
      // CommonJS pool: `path.join(__dirname, ...)`, require/module.exports, the helper and constant move along
      { file: 'src/main.js', rule: 'cpu-on-event-loop', line: 28, fix: 'run-in-worker-pool', evidence: 'pool', creates: ['checksum.worker.js', 'checksum.pool.js', 'worker-pool.js'] },
    ],
  },
  {
    name: 'libs-esm-ts',
    entry: 'dist/main.js',
    cases: [
      // p-limit 3 is a dependency: used instead of the inline limiter
      { file: 'src/main.ts', rule: 'sequential-awaits', line: 16, fix: 'run-awaits-concurrently', evidence: 'none', title: ['p-limit'] },
      { file: 'src/main.ts', rule: 'unbounded-concurrency', line: 19, fix: 'bound-concurrency', evidence: 'none', title: ['p-limit'] },
      // workerpool is a dependency: the pool is workerpool's
      { file: 'src/main.ts', rule: 'cpu-on-event-loop', line: 27, fix: 'run-in-worker-pool', evidence: 'pool', title: ['(workerpool)'], creates: ['count-primes.worker.ts', 'count-primes.pool.ts'] },
    ],
  },
  {
    name: 'worker-per-task',
    entry: 'dist/main.js',
    cases: [
      { file: 'src/main.ts', rule: 'worker-per-task', line: 9, fix: 'run-in-worker-pool', evidence: 'pool', creates: ['worker-pool.ts'] },
    ],
  },
];

const CORES = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

function workerStarts(run: Run): string[] {
  return run.probe.filter((line) => line.startsWith('worker-start '));
}

function replies(run: Run): string[] {
  return run.probe.filter((line) => line.startsWith('worker-reply '));
}

function assertEvidence(evidence: Evidence, before: Run, after: Run, context: string): void {
  if (evidence === 'none') {
    assert.equal(workerStarts(after).length, workerStarts(before).length, `no new worker expected${context}`);
    return;
  }
  const started = workerStarts(after).filter((line) => /\.worker\.[cm]?js$/.test(line));
  assert.ok(started.length > 0, `the result must be computed in a worker thread; probe: ${after.probe.join(' / ')}${context}`);
  assert.ok(replies(after).length > 0, `a worker must post the result${context}`);
  // a moved function runs on a pool sized to the cores (never one worker, or concurrent callers would queue)
  if (evidence === 'worker') assert.ok(started.length <= CORES, `at most one worker per core (${CORES}); started ${started.length}${context}`);
  if (evidence === 'pool') {
    assert.ok(started.length <= CORES, `at most one worker per core (${CORES}); started ${started.length}${context}`);
    assert.ok(replies(after).length > started.length, `workers are reused: ${replies(after).length} replies from ${started.length} workers${context}`);
  }
}

/** The body text of the function `<file>#<offset>` names, as the original project has it. */
function functionBody(root: string, functionId: string): string {
  const hash = functionId.lastIndexOf('#');
  const file = functionId.slice(0, hash);
  const offset = Number(functionId.slice(hash + 1));
  const text = fs.readFileSync(path.isAbsolute(file) ? file : path.join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let body: string | undefined;
  const visit = (node: ts.Node): void => {
    if (body === undefined && (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.body) {
      const holder = ts.isVariableDeclaration(node.parent) ? node.parent.parent.parent : node;
      if ([node.getStart(sf), node.name?.getStart(sf), holder.getStart(sf), ts.isVariableDeclaration(node.parent) ? node.parent.name.getStart(sf) : -1].includes(offset)) body = node.body.getText(sf);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  assert.ok(body, `no function at ${functionId}`);
  return body;
}

/** The project's own source files (not node_modules, not build output). */
function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.[cm]?[jt]s$/.test(entry.name)) found.push(full);
    }
  };
  walk(root);
  return found;
}

function assertCompleteResult(result: FixResult, root: string): void {
  assert.ok(result.title.length > 0);
  for (const fileEdit of result.edits) {
    assert.ok(path.isAbsolute(fileEdit.path) && fs.existsSync(fileEdit.path), `edits an existing file: ${fileEdit.path}`);
    const sorted = [...fileEdit.edits].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].start >= sorted[i - 1].end, `non-overlapping edits in ${fileEdit.path}`);
  }
  for (const created of result.newFiles) {
    assert.ok(path.isAbsolute(created.path) && created.path.startsWith(root), `new file inside the project: ${created.path}`);
    assert.ok(!fs.existsSync(created.path), `a new file never overwrites: ${created.path}`);
  }
  assert.equal(new Set(result.newFiles.map((created) => created.path)).size, result.newFiles.length, 'new files have distinct paths');
}

after(() => cleanScratch());

describe('TypeScript/JavaScript fixes: fixture projects type-checked, built and run before and after', function () {
  this.timeout(60_000);

  for (const fixture of FIXTURE_CASES) {
    describe(fixture.name, () => {
      let root: string;
      let analysis: Analysis;
      let baseline: Run;

      before(async () => {
        root = copyProject(path.join(FIX_PROJECTS, fixture.name), fixture.name);
        analysis = await analyzeProject(root);
        assert.deepEqual(build(root), [], 'the original type-checks and builds');
        baseline = runNode(root, fixture.entry);
        assert.equal(baseline.status, 0, `the original runs: ${baseline.stderr}`);
      });

      for (const testCase of fixture.cases) {
        const label = `${testCase.fix} on ${testCase.file}:${testCase.line}${testCase.noProject ? ' (no project view)' : ''}`;
        it(label, async () => {
          const { report, finding } = findingAt(analysis, testCase.file, testCase.rule, testCase.line);
          assert.ok(finding.fixes.includes(testCase.fix), `the finding offers ${finding.fixes.join(', ')}`);
          const input = fixInput(root, report, finding, { project: testCase.noProject ? undefined : analysis.project });
          const result = computeFix(testCase.fix, input);
          assert.ok(result, 'the fix applies (set THREADWISE_FIX_DEBUG=1 to see why not)');
          assertCompleteResult(result, root);
          for (const part of testCase.title ?? []) assert.ok(result.title.includes(part), `title "${result.title}" mentions ${part}`);
          for (const name of testCase.creates ?? []) {
            assert.ok(result.newFiles.some((created) => path.basename(created.path) === name), `creates ${name}; got ${result.newFiles.map((f) => path.basename(f.path)).join(', ')}`);
          }

          const copy = applyToCopy(root, result, `${fixture.name}-${testCase.fix}-${testCase.line}`);
          const shown = () => `\n${fixedSources(copy, root, result)}`;
          assert.deepEqual(build(copy), [], `the fixed project type-checks and builds${shown()}`);
          const after = runNode(copy, fixture.entry);
          assert.equal(after.status, 0, `the fixed project runs: ${after.stderr}${shown()}`);
          assert.equal(after.stdout, baseline.stdout, `same output${shown()}`);
          assertEvidence(testCase.evidence, baseline, after, shown());

          // a worker fix moves the function: its implementation exists once in the fixed project
          if (testCase.evidence !== 'none' && testCase.rule === 'cpu-on-event-loop') {
            const body = functionBody(analysis.root, String(finding.data?.calleeId ?? ''));
            const holders = sourceFiles(copy).filter((file) => fs.readFileSync(file, 'utf8').includes(body));
            assert.equal(holders.length, 1, `one implementation of the moved function; found in ${holders.map((file) => path.relative(copy, file)).join(', ')}${shown()}`);
          }

          // the finding is gone (or suppressed) in the fixed project, and generated files raise nothing
          const again = await analyzeProject(copy);
          const gone = testCase.gone ?? { file: testCase.file, rule: testCase.rule };
          const before = analysis.reports.get(gone.file)!.findings.filter((other) => other.rule === gone.rule).length;
          const remaining = again.reports.get(gone.file)?.findings.filter((other) => other.rule === gone.rule).length ?? 0;
          assert.ok(remaining < before, `the ${gone.rule} finding in ${gone.file} is gone after the fix (${before} → ${remaining})${shown()}`);
          // nothing new anywhere in the project, of any rule (generated files included)
          const added = newFindings(analysis.reports, again.reports, finding).filter((line) => !(testCase.knownNew ?? []).some((rule) => line.includes(` ${rule}: `)));
          assert.deepEqual(added, [], `the fixed project raises new findings${shown()}`);
        });
      }
    });
  }
});

describe('TypeScript/JavaScript fixes: refuse when the text no longer matches the finding', function () {
  this.timeout(30_000);
  const cases = FIXTURE_CASES.flatMap((fixture) => fixture.cases.filter((testCase) => testCase.fix !== 'ignore').map((testCase) => ({ fixture, testCase })));
  const analyses = new Map<string, Promise<Analysis>>();
  const analysed = (name: string) => {
    let analysis = analyses.get(name);
    if (!analysis) {
      analysis = analyzeProject(copyProject(path.join(FIX_PROJECTS, name), `${name}-stale`));
      analyses.set(name, analysis);
    }
    return analysis;
  };

  for (const { fixture, testCase } of cases) {
    it(`${testCase.fix} on ${fixture.name}/${testCase.file}:${testCase.line}`, async () => {
      const analysis = await analysed(fixture.name);
      const { report, finding } = findingAt(analysis, testCase.file, testCase.rule, testCase.line);
      const text = fs.readFileSync(report.path, 'utf8');
      const shifted = `// a line added above shifts every offset\n${text}`;
      assert.equal(computeFix(testCase.fix, fixInput(analysis.root, report, finding, { project: analysis.project, text: shifted })), undefined, 'shifted text');
      const start = Number(finding.data?.callStart ?? finding.data?.start ?? finding.data?.awaitStart ?? 0);
      const rewritten = `${text.slice(0, start)}${'x'.repeat(Math.max(0, text.length - start))}`;
      assert.equal(computeFix(testCase.fix, fixInput(analysis.root, report, finding, { project: analysis.project, text: rewritten })), undefined, 'rewritten text');
      // and it still applies to the unchanged text (so the refusals above are about the change)
      assert.ok(computeFix(testCase.fix, fixInput(analysis.root, report, finding, { project: analysis.project, text })));
    });
  }
});

describe('TypeScript/JavaScript fixes: new files never collide, generated modules are reused', function () {
  this.timeout(60_000);

  it('picks free names when the default worker and pool files exist', async () => {
    const root = copyProject(path.join(FIX_PROJECTS, 'esm-ts'), 'collide');
    fs.writeFileSync(path.join(root, 'src/cpu-bound-task.worker.ts'), 'export {};\n');
    fs.writeFileSync(path.join(root, 'src/cpu-bound-task.pool.ts'), 'export {};\n');
    fs.writeFileSync(path.join(root, 'src/worker-pool.ts'), 'export const somethingElse = 1;\n');
    const analysis = await analyzeProject(root);
    const { report, finding } = findingAt(analysis, 'src/main.ts', 'cpu-on-event-loop', 21);
    const result = computeFix('run-in-worker-pool', fixInput(root, report, finding, { project: analysis.project }));
    assert.ok(result);
    assertCompleteResult(result, root);
    assert.deepEqual(result.newFiles.map((created) => path.basename(created.path)).sort(), ['cpu-bound-task-2.pool.ts', 'cpu-bound-task-2.worker.ts', 'worker-pool-2.ts']);
    const copy = applyToCopy(root, result, 'collide-after');
    assert.deepEqual(build(copy), [], fixedSources(copy, root, result));
    const run = runNode(copy, 'dist/main.js');
    assert.equal(run.status, 0, run.stderr);
    assert.ok(workerStarts(run).some((line) => line.endsWith('cpu-bound-task-2.worker.js')));
  });

  it('two fixes in a row share one generated worker-pool module, and the result still builds and runs', async () => {
    const root = copyProject(path.join(FIX_PROJECTS, 'esm-ts'), 'twice');
    const first = await analyzeProject(root);
    const baseline = (() => {
      assert.deepEqual(build(root), []);
      return runNode(root, 'dist/main.js');
    })();
    const move = findingAt(first, 'src/main.ts', 'cpu-on-event-loop', 9);
    const moved = computeFix('move-to-worker-thread', fixInput(root, move.report, move.finding, { project: first.project }));
    assert.ok(moved);
    const step1 = applyToCopy(root, moved, 'twice-1');
    const second = await analyzeProject(step1);
    const perItem = second.reports.get('src/main.ts')!.findings.find((finding) => finding.rule === 'cpu-on-event-loop');
    assert.ok(perItem, 'the per-item finding is still there after the first fix');
    const pooled = computeFix('run-in-worker-pool', fixInput(step1, second.reports.get('src/main.ts')!, perItem, { project: second.project }));
    assert.ok(pooled);
    assert.deepEqual(pooled.newFiles.map((created) => path.basename(created.path)).sort(), ['cpu-bound-task.pool.ts', 'cpu-bound-task.worker.ts'], 'worker-pool.ts is reused');
    const step2 = applyToCopy(step1, pooled, 'twice-2');
    assert.deepEqual(build(step2), [], describeResult(pooled, step1));
    const run = runNode(step2, 'dist/main.js');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, baseline.stdout);
    assert.equal(workerStarts(run).filter((line) => line.includes('sum-of-squares.worker')).length, 1);
    assert.ok(workerStarts(run).some((line) => line.includes('cpu-bound-task.worker')));
  });
});

describe('TypeScript/JavaScript fixes: a request handler made async answers when the worker fails', function () {
  this.timeout(60_000);

  it('node:http: a worker that throws gives a 500 and a logged error, not an unhandled rejection', async () => {
    const root = copyProject(path.join(FIX_PROJECTS, 'cjs-ts'), 'worker-throws');
    const analysis = await analyzeProject(root);
    const { report, finding } = findingAt(analysis, 'src/server.ts', 'cpu-on-event-loop', 12);
    const result = computeFix('move-to-worker-thread', fixInput(root, report, finding, { project: analysis.project }));
    assert.ok(result);
    const copy = applyToCopy(root, result, 'worker-throws-after');
    // the moved function fails in the worker, as a real failure would (a bad input, a bug)
    const worker = path.join(copy, 'src/hash-password.worker.ts');
    const original = fs.readFileSync(worker, 'utf8');
    const failing = original.replace(/(export function hashPassword\([^)]*\)[^{]*\{)/, "$1\n  if (password) throw new Error('hashing failed in the worker');");
    assert.notEqual(failing, original);
    fs.writeFileSync(worker, failing);
    assert.deepEqual(build(copy), [], fixedSources(copy, root, result));
    const run = runNode(copy, 'dist/main.js');
    assert.equal(run.status, 0, `the process survives (no unhandled rejection): ${run.stderr}`);
    const [signup, hello] = run.stdout.trim().split('\n');
    assert.match(signup, /^500 /, run.stdout);
    assert.match(hello, /^200 /, 'the server still answers the next request');
    assert.match(run.stderr, /hashing failed in the worker/, 'the error is logged');
    assert.doesNotMatch(run.stderr, /unhandled/i);
  });
});

/**
 * piscina and tinypool are not dependencies of this repository. To check the code generated for
 * them, install them somewhere and point THREADWISE_POOL_LIBS at that node_modules folder:
 *   npm install --prefix /tmp/pool-libs piscina tinypool
 *   THREADWISE_POOL_LIBS=/tmp/pool-libs/node_modules npx mocha --no-config --require tsx test/unit/fixes/typescript-fixes.test.ts
 */
describe('TypeScript/JavaScript fixes: piscina and tinypool backends (opt-in: THREADWISE_POOL_LIBS)', function () {
  this.timeout(60_000);
  const libs = process.env.THREADWISE_POOL_LIBS;
  const variants = [
    { library: 'piscina', fixture: 'esm-ts', entry: 'dist/main.js', line: 21 },
    { library: 'piscina', fixture: 'cjs-js', entry: 'src/main.js', line: 28 },
    { library: 'tinypool', fixture: 'esm-ts', entry: 'dist/main.js', line: 21 },
    { library: 'tinypool', fixture: 'esm-js', entry: 'src/main.js', line: 30 },
  ];
  for (const variant of variants) {
    it(`${variant.library}: run-in-worker-pool on ${variant.fixture}`, async function () {
      if (!libs || !fs.existsSync(path.join(libs, variant.library))) this.skip();
      const root = copyProject(path.join(FIX_PROJECTS, variant.fixture), `${variant.fixture}-${variant.library}`, libs);
      const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ ...manifest, dependencies: { [variant.library]: '*' } }, null, 2));
      assert.deepEqual(build(root), []);
      const baseline = runNode(root, variant.entry);
      const analysis = await analyzeProject(root);
      const { report, finding } = findingAt(analysis, 'src/main.' + (variant.fixture.endsWith('ts') ? 'ts' : 'js'), 'cpu-on-event-loop', variant.line);
      const result = computeFix('run-in-worker-pool', fixInput(root, report, finding, { project: analysis.project }));
      assert.ok(result);
      assert.ok(result.title.includes(`(${variant.library})`), result.title);
      const copy = applyToCopy(root, result, `${variant.library}-after`);
      assert.deepEqual(build(copy), [], fixedSources(copy, root, result));
      const after = runNode(copy, variant.entry);
      assert.equal(after.status, 0, `${after.stderr}\n${fixedSources(copy, root, result)}`);
      assert.equal(after.stdout, baseline.stdout);
      assert.ok(after.probe.some((line) => line.startsWith('worker-start ')), after.probe.join('\n'));
    });
  }
});
