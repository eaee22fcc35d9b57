/**
 * The CLI's per-file budget: a file whose parse and summary take longer than the budget
 * (THREADWISE_SUMMARY_BUDGET, as for the language server's workers) is skipped with the reason
 * in the output and on stderr, never silently, and every other file keeps its result.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { callChain, HANDLER_WITH_SYNC_IO } from '../robustness/inputs';

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, stdout, stderr };
}

describe('CLI: the per-file budget', () => {
  let root: string;
  const saved = process.env.THREADWISE_SUMMARY_BUDGET;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-budget-'));
    // thousands of functions: tens of thousands of nodes, far more than a millisecond's walk
    fs.writeFileSync(path.join(root, 'chain.ts'), callChain(3000));
    // a handler of a few dozen nodes: the walk looks at the clock once per thousand nodes, so it never sees its budget
    fs.writeFileSync(path.join(root, 'server.ts'), HANDLER_WITH_SYNC_IO);
  });

  afterEach(() => {
    if (saved === undefined) delete process.env.THREADWISE_SUMMARY_BUDGET;
    else process.env.THREADWISE_SUMMARY_BUDGET = saved;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a file over the budget is skipped with the reason (JSON and stderr); the other file keeps its finding', async () => {
    process.env.THREADWISE_SUMMARY_BUDGET = 'timeMs=1';
    const { code, stdout, stderr } = await cli(root, 'analyze', '.', '--format', 'json');
    assert.equal(code, 1);
    const files = JSON.parse(stdout).files as { path: string; skipped?: string; diagnostics: { rule: string }[] }[];
    const chain = files.find((file) => file.path === 'chain.ts');
    assert.equal(chain?.skipped, 'takes longer than 0.001 s to parse and summarise (the per-file budget)');
    const server = files.find((file) => file.path === 'server.ts');
    assert.equal(server?.skipped, undefined);
    assert.deepEqual(server?.diagnostics.map((diagnostic) => diagnostic.rule), ['blocking-sync-io']);
    assert.match(stderr, /1 file skipped: takes longer than 0\.001 s to parse and summarise \(the per-file budget\) \(chain\.ts\)/);
  });

  it('within the default budget the same file is analysed', async () => {
    delete process.env.THREADWISE_SUMMARY_BUDGET;
    const { stdout, stderr } = await cli(root, 'analyze', '.', '--format', 'json');
    const files = JSON.parse(stdout).files as { path: string; skipped?: string; functions: { name: string }[] }[];
    const chain = files.find((file) => file.path === 'chain.ts');
    assert.equal(chain?.skipped, undefined);
    assert.equal(chain?.functions.filter((fn) => /^f\d+$/.test(fn.name)).length, 3001);
    assert.doesNotMatch(stderr, /budget/);
  });
});
