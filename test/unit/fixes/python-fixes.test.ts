/**
 * Every Python fix, applied to a fixture and run with python3 before and after: the fixed code
 * must run and print the same thing. Each fix must also bail out when the text has changed.
 */
import { strict as assert } from 'node:assert';
import type { FileReport, Finding } from '../../../src/core/model';
import * as path from 'node:path';
import type { FixResult } from '../../../src/fixes/fix';
import { analyzePythonFixture, analyzePythonText, applyTo, computeFix, findingsOf, fixInput, newFindings, readFixture, runPython } from '../support';

/** A Python fix on a finding of `report`, computed on `text`. */
function computePythonFix(id: string, finding: Finding, report: FileReport, text: string): FixResult | undefined {
  return computeFix(id, fixInput(path.dirname(report.path), report, finding, { text }));
}

interface Case {
  fixture: string;
  rule: string;
  fix: string;
  /** picks the finding when a fixture has several */
  line?: number;
  /** lines of stdout that legitimately differ (timings) */
  ignore?: RegExp;
  /** rules whose new findings after the fix are a known, open defect of the fix */
  knownNew?: string[];
}

const CASES: Case[] = [
  { fixture: 'fixes/cpu_in_thread.py', rule: 'cpu-in-thread', fix: 'thread-to-process-pool' },
  { fixture: 'fixes/cpu_in_thread_pool.py', rule: 'cpu-in-thread', fix: 'thread-to-process-pool' },
  // the target appends its result to a list argument: it returns it, the join stores the future's result
  { fixture: 'fixes/primes_shared_list.py', rule: 'cpu-in-thread', fix: 'thread-to-process-pool' },
  // the target stores its result at an index argument: the store moves to the join with the literal index
  { fixture: 'fixes/totals_by_slot.py', rule: 'cpu-in-thread', fix: 'thread-to-process-pool' },
  { fixture: 'fixes/process_per_task.py', rule: 'process-per-task', fix: 'process-loop-to-pool' },
  { fixture: 'fixes/io_in_process.py', rule: 'io-in-process', fix: 'process-to-thread' },
  { fixture: 'fixes/missing_main_guard.py', rule: 'missing-main-guard', fix: 'add-main-guard' },
  { fixture: 'fixes/async_sleep.py', rule: 'blocking-call-in-async', fix: 'sleep-to-asyncio-sleep' },
  { fixture: 'fixes/async_sleep_no_import.py', rule: 'blocking-call-in-async', fix: 'sleep-to-asyncio-sleep' },
  { fixture: 'fixes/async_blocking.py', rule: 'blocking-call-in-async', fix: 'blocking-to-to-thread', line: 13 },
  { fixture: 'fixes/async_blocking.py', rule: 'blocking-call-in-async', fix: 'blocking-to-to-thread', line: 19 },
  { fixture: 'fixes/sequential_io.py', rule: 'sequential-io-loop', fix: 'loop-to-thread-pool-map', line: 19 },
  { fixture: 'fixes/sequential_io.py', rule: 'sequential-io-loop', fix: 'loop-to-thread-pool-map', line: 22 },
  { fixture: 'fixes/sequential_http.py', rule: 'sequential-io-loop', fix: 'loop-to-thread-pool-map', ignore: /^ELAPSED/ },
  { fixture: 'fixes/pool_not_closed.py', rule: 'pool-not-closed', fix: 'pool-to-with' },
  { fixture: 'fixes/executor_not_closed.py', rule: 'pool-not-closed', fix: 'pool-to-with' },
  { fixture: 'fixes/cpu_in_thread.py', rule: 'cpu-in-thread', fix: 'python-ignore' },
  { fixture: 'fixes/async_sleep.py', rule: 'blocking-call-in-async', fix: 'python-ignore' },
];

function pick(report: FileReport, rule: string, line?: number): Finding {
  const candidates = findingsOf(report, rule).filter((finding) => line === undefined || finding.range.line === line);
  assert.ok(candidates.length > 0, `expected a ${rule} finding${line ? ` at line ${line}` : ''}; got ${report.findings.map((f) => `${f.rule}@${f.range.line}`).join(', ')}`);
  return candidates[0];
}

function comparable(stdout: string, ignore?: RegExp): string {
  return stdout
    .split('\n')
    .filter((line) => !(ignore && ignore.test(line)))
    .join('\n');
}

describe('python fixes: run before and after with python3', function () {
  this.timeout(120_000);

  for (const testCase of CASES) {
    it(`${testCase.fix} on ${testCase.fixture}${testCase.line ? `:${testCase.line}` : ''}`, async () => {
      const { path: file, text } = readFixture('python', testCase.fixture);
      const report = await analyzePythonFixture(testCase.fixture);
      const finding = pick(report, testCase.rule, testCase.line);
      assert.ok(finding.fixes.includes(testCase.fix), `finding offers ${finding.fixes.join(', ')}`);
      const result = computePythonFix(testCase.fix, finding, report, text);
      assert.ok(result, 'the fix applies');
      const fixed = applyTo(result, file, text);
      assert.notEqual(fixed, text);

      const before = runPython(text);
      const after = runPython(fixed);
      assert.equal(before.status, 0, `original failed: ${before.stderr}`);
      assert.equal(after.status, 0, `fixed code failed:\n${fixed}\n${after.stderr}`);
      assert.equal(comparable(after.stdout, testCase.ignore), comparable(before.stdout, testCase.ignore), `output changed; fixed code:\n${fixed}`);

      // the finding is gone (or, for the ignore fix, suppressed) after the fix
      const again = await analyzePythonText(file, fixed);
      const remaining = findingsOf(again, testCase.rule).filter((other) => other.message === finding.message);
      assert.equal(remaining.length, 0, `finding still reported after the fix:\n${fixed}`);
      // and the fixed code raises nothing new, of any rule
      const name = path.basename(file);
      const added = newFindings(new Map([[name, report]]), new Map([[name, again]]), finding).filter((line) => !(testCase.knownNew ?? []).some((rule) => line.includes(` ${rule}: `)));
      assert.deepEqual(added, [], `the fixed code raises new findings:\n${fixed}`);
    });
  }

  it('sequential-io-loop fix makes the HTTP loop faster (local server on 127.0.0.1)', async () => {
    const { path: file, text } = readFixture('python', 'fixes/sequential_http.py');
    const report = await analyzePythonFixture('fixes/sequential_http.py');
    const result = computePythonFix('loop-to-thread-pool-map', pick(report, 'sequential-io-loop'), report, text);
    assert.ok(result);
    const elapsed = (stdout: string) => Number(/ELAPSED ([\d.]+)/.exec(stdout)?.[1]);
    const before = elapsed(runPython(text).stdout);
    const after = elapsed(runPython(applyTo(result, file, text)).stdout);
    assert.ok(after < before * 0.8, `expected a speed-up: before ${before}s, after ${after}s`);
  });
});

describe('python fixes: refuse, with a reason the user sees, when the program would change', function () {
  this.timeout(60_000);

  it('thread-to-process-pool returns the result instead of writing it into a list argument: the program prints the same', async () => {
    const { path: file, text } = readFixture('python', 'fixes/primes_shared_list.py');
    const report = await analyzePythonFixture('fixes/primes_shared_list.py');
    const findings = findingsOf(report, 'cpu-in-thread');
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      const result = computePythonFix('thread-to-process-pool', finding, report, text);
      assert.ok(result && !result.refused, result?.refused);
      assert.match(result.title, /returning its result/);
      const fixed = applyTo(result, file, text);
      assert.match(fixed, /^def count_primes\(start, stop\):$/m, 'the shared list is no longer a parameter');
      assert.match(fixed, /^ {4}return count$/m);
      assert.match(fixed, /ProcessPoolExecutor\(\) as executor:/);
      assert.doesNotMatch(fixed, /threading/, 'the thread import goes with the threads');
      assert.equal(runPython(fixed).stdout, runPython(text).stdout);
    }
  });

  it('thread-to-process-pool refuses, with the reason, a shape it cannot rewrite (threads kept in a list)', async () => {
    const { path: file, text } = readFixture('python', 'fixes/primes_thread_list.py');
    const report = await analyzePythonFixture('fixes/primes_thread_list.py');
    const findings = findingsOf(report, 'cpu-in-thread');
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      const result = computePythonFix('thread-to-process-pool', finding, report, text);
      assert.ok(result, 'the action is still listed, disabled');
      assert.match(result.refused ?? '', /count_primes\(\)/);
      assert.match(result.refused ?? '', /ProcessPoolExecutor/);
      assert.equal(result.edits.length + result.newFiles.length, 0, 'a refusal edits nothing');
      assert.equal(applyTo(result, file, text), text);
    }
  });

  it('thread-to-process-pool refuses a target that uses the list it writes into for more than the result', async () => {
    const text = [
      'import threading',
      '',
      '',
      'def tally(limit, seen):',
      '    total = 0',
      '    for n in range(limit):',
      '        total += n * n % 7',
      '    if seen:',
      '        total += seen[-1]',
      '    seen.append(total)',
      '',
      '',
      'def main():',
      '    seen = []',
      '    worker = threading.Thread(target=tally, args=(3_000_000, seen))',
      '    worker.start()',
      '    worker.join()',
      '    print(seen)',
      '',
      '',
      'if __name__ == "__main__":',
      '    main()',
      '',
    ].join('\n');
    const file = path.join(readFixture('python', 'fixes/primes_shared_list.py').path, '..', 'tally_inline.py');
    const report = await analyzePythonText(file, text);
    const findings = findingsOf(report, 'cpu-in-thread');
    assert.ok(findings.length > 0, report.findings.map((f) => f.rule).join(', '));
    const result = computePythonFix('thread-to-process-pool', findings[0], report, text);
    assert.ok(result);
    assert.match(result.refused ?? '', /uses `seen` other than to store its result once, at the end/);
  });

  it('the swap itself would have lost the result: the reason is real, not a guess', () => {
    const { text } = readFixture('python', 'fixes/primes_shared_list.py');
    const swapped = text.replace('import threading', 'import multiprocessing').replace(/threading\.Thread/g, 'multiprocessing.Process')
      .replace(/^(counts = \[\][\s\S]*)$/m, (script) => `if __name__ == "__main__":\n${script.replace(/^/gm, '    ')}`);
    const after = runPython(swapped);
    assert.equal(after.status, 0, after.stderr);
    assert.match(after.stdout, /primes below 200,000: 0/);
  });
});

describe('python fixes: bail out when the text changed', () => {
  for (const testCase of CASES) {
    it(`${testCase.fix} on edited ${testCase.fixture}`, async () => {
      const { text } = readFixture('python', testCase.fixture);
      const report = await analyzePythonFixture(testCase.fixture);
      const finding = pick(report, testCase.rule, testCase.line);
      if (testCase.fix === 'python-ignore') return; // line-based: it always applies to the line
      const edited = `# a comment added at the top shifts every offset\n${text}`;
      assert.equal(computePythonFix(testCase.fix, finding, report, edited), undefined);
      const emptied = text.slice(0, finding.data?.start as number);
      assert.equal(computePythonFix(testCase.fix, finding, report, emptied), undefined);
    });
  }
});
