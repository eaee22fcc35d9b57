/**
 * Bad input gets a clear error (exit 2 and a message) or a stated skip, never a crash, a hang or
 * a silent default: odd configurations, odd paths, files that are not source files.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { parseConfig } from '../../../src/core/config';

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, stdout, stderr };
}

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-bad-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const HEAVY = 'export function crunch(): number {\n  let total = 0;\n  for (let i = 0; i < 50_000_000; i++) total += i % 7;\n  return total;\n}\n';

describe('bad input: configuration', () => {
  it('accepts a config file that starts with a byte order mark', async () => {
    const root = project({ 'a.ts': HEAVY, 'threadwise.config.json': '\uFEFF{"rules": {"cpu-on-event-loop": "error"}}' });
    assert.equal((await cli(root, 'analyze')).code, 1, 'the config was read: the rule was raised to error');
  });

  it('rejects a null config clearly (exit 2)', async () => {
    const run = await cli(project({ 'a.ts': HEAVY, 'threadwise.config.json': 'null' }), 'analyze');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid config threadwise\.config\.json: configuration must be a JSON object, not null/);
  });

  it('rejects an empty exclude pattern clearly (exit 2), in the CLI and in the core', async () => {
    const run = await cli(project({ 'a.ts': HEAVY, 'threadwise.config.json': '{"exclude": [""]}' }), 'analyze');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /"exclude" patterns must not be empty strings/);
    assert.throws(() => parseConfig({ exclude: ['src/**', '  '] }), /must not be empty/);
  });
});

describe('bad input: paths', () => {
  it('--output to a directory or a missing folder is a clear error (exit 2)', async () => {
    const root = project({ 'a.ts': HEAVY, 'reports/.keep': '' });
    const toDirectory = await cli(root, 'analyze', 'a.ts', '--output', 'reports');
    assert.equal(toDirectory.code, 2);
    assert.match(toDirectory.stderr, /cannot write the report to reports: it is a directory/);
    const toMissing = await cli(root, 'analyze', 'a.ts', '--output', 'missing/report.json');
    assert.equal(toMissing.code, 2);
    assert.match(toMissing.stderr, /cannot write the report to missing\/report\.json: its folder does not exist/);
  });

  it('skips a FIFO, /dev/null, README.md and a .d.ts named on the command line, with reasons, and analyses the rest', async function () {
    const root = project({ 'a.ts': HEAVY, 'README.md': '# Notes\nNot code.\n', 'types.d.ts': 'export declare function f(): void;\n' });
    try {
      execFileSync('mkfifo', [path.join(root, 'pipe.ts')]);
    } catch {
      this.skip(); // no mkfifo on this system
    }
    const run = await cli(root, 'analyze', 'pipe.ts', '/dev/null', 'README.md', 'types.d.ts', 'a.ts', '--format', 'json');
    assert.equal(run.code, 0);
    const files = JSON.parse(run.stdout).files as { path: string; skipped?: string; functions: unknown[] }[];
    const skipped = Object.fromEntries(files.map((file) => [path.basename(file.path), file.skipped]));
    assert.match(skipped['pipe.ts'] ?? '', /not a regular file/);
    assert.match(skipped.null ?? '', /not a regular file/);
    assert.match(skipped['README.md'] ?? '', /not a TypeScript, JavaScript or Python source file/);
    assert.match(skipped['types.d.ts'] ?? '', /not a TypeScript, JavaScript or Python source file/);
    assert.equal(skipped['a.ts'], undefined);
    assert.equal(files.find((file) => file.path === 'a.ts')?.functions.length, 1);
  });

  it('an unreadable directory named on the command line is an error (exit 2), not an empty result', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads every directory: nothing to test
    const root = project({ 'locked/a.ts': HEAVY });
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const run = await cli(root, 'analyze', 'locked');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot read directory locked \(EACCES\)/);
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('a deleted working directory is a clear error (exit 2), not a crash', function () {
    const cliBundle = path.resolve(__dirname, '../../../dist/cli.js');
    if (!fs.existsSync(cliBundle)) this.skip(); // the bundle is built before the unit tests run
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-gone-'));
    const script = `cd ${JSON.stringify(gone)} && rmdir ${JSON.stringify(gone)} && exec ${JSON.stringify(process.execPath)} ${JSON.stringify(cliBundle)} analyze`;
    let status = 0;
    let stderr = '';
    try {
      execFileSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    assert.equal(status, 2);
    assert.match(stderr, /the working directory cannot be read \(ENOENT\)/);
  });
});
