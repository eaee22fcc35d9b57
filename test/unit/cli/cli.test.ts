/**
 * The CLI as users and CI see it: formats, exit codes, the JSON contract, SARIF validity, and
 * bad input (missing paths, binary, minified, huge and unreadable files, syntax errors, import
 * cycles, paths with spaces and non-ASCII characters) never crashing or hanging.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { estimateMs } from '../../../src/core/cost/time';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, stdout, stderr };
}

function project(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

const HANDLER = `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
createServer((req, res) => {
  res.end(readFileSync('page.html', 'utf8'));
}).listen(8080);
`;

const HEAVY_SCRIPT = `export function crunch(): number {
  let total = 0;
  for (let i = 0; i < 50_000_000; i++) total += i % 7;
  return total;
}
`;

describe('threadwise analyze (CLI)', () => {
  it('exits 1 and prints stylish text when there are error-level findings', async () => {
    const root = project({ 'src/server.ts': HANDLER });
    const run = await cli(root, 'analyze');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^src\/server\.ts$/m);
    assert.match(run.stdout, /4:\d+\s+error\s+readFileSync\(\).*blocking-sync-io/);
    assert.match(run.stdout, /✖ 1 problem \(1 error\) in 1 file/);
  });

  it('exits 0 when findings are below error level, and with a clean tree', async () => {
    assert.equal((await cli(project({ 'a.ts': HEAVY_SCRIPT }), 'analyze')).code, 0);
    const clean = await cli(project({ 'a.ts': 'export const add = (a: number, b: number) => a + b;\n' }), 'analyze');
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /No problems in 1 file\./);
  });

  it('prints the documented JSON contract with 1-based positions and relative paths', async () => {
    const root = project({ 'lib/hash.ts': "import { pbkdf2Sync } from 'crypto';\nexport function hash(p: string) {\n  return pbkdf2Sync(p, 's', 600_000, 64, 'sha512');\n}\n", 'src/app.ts': HANDLER });
    const run = await cli(root, 'analyze', '--format', 'json');
    const output = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(output), ['tool', 'files']);
    assert.equal(output.tool.name, 'threadwise');
    const app = output.files.find((file: { path: string }) => file.path === 'src/app.ts');
    assert.ok(app, 'paths are relative to the working directory with forward slashes');
    const handler = app.functions.find((fn: { name: string }) => fn.name === 'createServer handler');
    assert.deepEqual(Object.keys(handler).sort(), ['column', 'confidence', 'cost', 'endColumn', 'endLine', 'estimate', 'evidence', 'kind', 'line', 'name', 'recommendation'].sort());
    assert.equal(handler.line, 3);
    assert.equal(handler.kind, 'io-sync');
    assert.equal(handler.recommendation.strategy, 'async-io');
    const diagnostic = app.diagnostics[0];
    assert.deepEqual(Object.keys(diagnostic).sort(), ['column', 'endColumn', 'endLine', 'line', 'message', 'related', 'rule', 'severity'].sort());
    assert.equal(diagnostic.rule, 'blocking-sync-io');
    assert.equal(diagnostic.line, 4);
    const hash = output.files.find((file: { path: string }) => file.path === 'lib/hash.ts');
    assert.equal(hash.functions[0].name, 'hash');
    assert.equal(hash.functions[0].kind, 'cpu');
    // the estimate in time: 600,000 pbkdf2 iterations at the calibrated price of one, said in the text too
    const expected = estimateMs({ 'js.pbkdf2-sha256-iteration': 600_000 });
    assert.ok(Math.abs(hash.functions[0].estimate.ms - expected) / expected < 0.01, `${hash.functions[0].estimate.ms} ms, expected ≈ ${expected}`);
    assert.equal(hash.functions[0].estimate.dataDependent, false);
    assert.match(hash.functions[0].cost, /^≈ [\d.,]+ (ms|s) per call on this machine class; mostly pbkdf2Sync\(\) with 600,000 iterations/);
  });

  it('produces SARIF 2.1.0 with rule metadata and results GitHub code scanning accepts', async () => {
    const run = await cli(project({ 'src/server.ts': HANDLER }), 'analyze', '--format', 'sarif');
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    const driver = log.runs[0].tool.driver;
    assert.ok(driver.rules.length >= 13, 'every rule of every language is described');
    for (const rule of driver.rules) {
      assert.ok(rule.id && rule.shortDescription.text && rule.helpUri && rule.help.markdown);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const result = log.runs[0].results[0];
    assert.equal(result.ruleId, 'blocking-sync-io');
    assert.equal(driver.rules[result.ruleIndex].id, 'blocking-sync-io');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/server.ts');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 4);
  });

  it('exits 2 and names a missing path on stderr', async () => {
    const run = await cli(project({ 'a.ts': '' }), 'analyze', 'does-not-exist');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /path not found: does-not-exist/);
  });

  it('exits 2 on usage errors: unknown command, unknown format, bad config', async () => {
    const root = project({ 'a.ts': '', 'bad.json': '{"cpuThreshold": -1}', 'broken.json': '{' });
    assert.equal((await cli(root, 'lint')).code, 2);
    assert.equal((await cli(root, 'analyze', '--format', 'xml')).code, 2);
    const bad = await cli(root, 'analyze', '--config', 'bad.json');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cpuThreshold/);
    assert.equal((await cli(root, 'analyze', '--config', 'broken.json')).code, 2);
    assert.equal((await cli(root, 'analyze', '--config', 'missing.json')).code, 2);
  });

  it('reads threadwise.config.json: a rule turned off or raised', async () => {
    const off = project({ 'src/server.ts': HANDLER, 'threadwise.config.json': '{"rules": {"blocking-sync-io": "off"}}' });
    assert.equal((await cli(off, 'analyze')).code, 0);
    const raised = project({ 'a.ts': HEAVY_SCRIPT, 'threadwise.config.json': '{"rules": {"cpu-on-event-loop": "error"}}' });
    assert.equal((await cli(raised, 'analyze')).code, 1);
  });

  it('skips binary, minified and huge files with a reason, quickly', async () => {
    const minified = `var a=1;${'function f(n){for(var i=0;i<n;i++){a+=i}return a};'.repeat(400)}`;
    const root = project({
      'bin.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
      'bundle.js': minified,
      'big.ts': `// big\n${'export const x = 1;\n'.repeat(60_000)}`,
      'ok.ts': 'export const ok = true;\n',
    });
    const started = Date.now();
    const run = await cli(root, 'analyze', '--format', 'json');
    assert.ok(Date.now() - started < 10_000);
    const files = JSON.parse(run.stdout).files as { path: string; skipped?: string }[];
    const reason = (name: string) => files.find((file) => file.path === name)?.skipped ?? '';
    assert.match(reason('bin.js'), /binary/);
    assert.match(reason('bundle.js'), /minified/);
    assert.match(reason('big.ts'), /larger than the limit/);
    assert.equal(reason('ok.ts'), '');
  });

  it('analyses what parses in a file with syntax errors', async () => {
    const root = project({ 'broken.ts': `function broken( {\n  return 1 +\n}\n\n${HEAVY_SCRIPT}` });
    const run = await cli(root, 'analyze', '--format', 'json');
    const file = JSON.parse(run.stdout).files[0];
    assert.ok(file.parseErrors > 0);
    assert.equal(file.functions.find((fn: { name: string }) => fn.name === 'crunch').kind, 'cpu');
  });

  it('handles import cycles, spaces and non-ASCII characters in paths', async () => {
    const root = project({
      'dossier à espaces/a.ts': "import { b } from './b';\nexport function a(n: number): number { return n <= 0 ? 0 : b(n - 1); }\n",
      'dossier à espaces/b.ts': "import { a } from './a';\nexport function b(n: number): number { return n <= 0 ? 0 : a(n - 1); }\n",
    });
    const run = await cli(root, 'analyze', 'dossier à espaces', '--format', 'json');
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout).files.map((file: { path: string }) => file.path), ['dossier à espaces/a.ts', 'dossier à espaces/b.ts']);
  });

  it('walks directories skipping node_modules, .git and build output', async () => {
    const root = project({
      'src/a.ts': HEAVY_SCRIPT,
      'node_modules/dep/index.js': HEAVY_SCRIPT,
      '.git/hooks/x.js': HEAVY_SCRIPT,
      'dist/a.js': HEAVY_SCRIPT,
      'build/a.js': HEAVY_SCRIPT,
    });
    const run = await cli(root, 'analyze', '--format', 'json');
    assert.deepEqual(JSON.parse(run.stdout).files.map((file: { path: string }) => file.path), ['src/a.ts']);
  });

  it('reports an unreadable file and exits 2 without losing the others', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads everything
    const root = project({ 'a.ts': HEAVY_SCRIPT, 'secret.ts': 'export {};' });
    fs.chmodSync(path.join(root, 'secret.ts'), 0o000);
    const run = await cli(root, 'analyze', '--format', 'json');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /secret\.ts: unreadable/);
  });

  it('--verdicts lists every function in text output; --version and --help answer', async () => {
    const run = await cli(project({ 'a.ts': HEAVY_SCRIPT }), 'analyze', '--verdicts');
    assert.match(run.stdout, /1:\d+\s+cpu\s+crunch/);
    assert.match((await cli(os.tmpdir(), '--version')).stdout, /\d+\.\d+\.\d+/);
    assert.match((await cli(os.tmpdir(), '--help')).stdout, /Usage: threadwise analyze/);
  });

  it('analyses build output when the package ships nothing else, and says so in the summary and the JSON', async () => {
    const root = project({
      'package.json': '{}',
      'wrapper.mjs': 'import lib from "./dist/index.js";\nexport const { serve } = lib;\n',
      'templates/config.js': 'module.exports = { port: 3000, files: [] };\n',
      'dist/index.js': HEAVY_SCRIPT,
      'dist/lib/a.js': HEAVY_SCRIPT,
      'node_modules/x/index.js': HEAVY_SCRIPT,
    });
    const run = await cli(root, 'analyze', '.', '--format', 'json');
    assert.match(run.stderr, /analysing 2 files under dist\/ as the package's code: it ships only build output/);
    const output = JSON.parse(run.stdout);
    assert.deepEqual(output.buildOutput, [{ folder: 'dist/', files: 2, why: 'the package ships only build output' }]);
    assert.deepEqual(output.files.map((file: { path: string }) => file.path), ['templates/config.js', 'wrapper.mjs', 'dist/index.js', 'dist/lib/a.js']);
  });

  it('skips build output next to real sources, and files whose source map names sources that exist', async () => {
    const beside = project({ 'package.json': '{}', 'src/a.ts': HEAVY_SCRIPT, 'dist/a.js': HEAVY_SCRIPT });
    const run = await cli(beside, 'analyze', '.', '--format', 'json');
    assert.equal(JSON.parse(run.stdout).buildOutput, undefined);
    assert.deepEqual(JSON.parse(run.stdout).files.map((file: { path: string }) => file.path), ['src/a.ts']);
    const mapped = project({
      'package.json': '{}',
      'dist/a.js': `${HEAVY_SCRIPT}\n//# sourceMappingURL=a.js.map\n`,
      'dist/a.js.map': JSON.stringify({ version: 3, sources: ['../src/a.coffee'], mappings: '' }),
      'dist/b.js': HEAVY_SCRIPT,
      'src/a.coffee': 'crunch = (n) -> n * 2\n',
    });
    const mappedRun = await cli(mapped, 'analyze', '.', '--format', 'json');
    assert.deepEqual(JSON.parse(mappedRun.stdout).files.map((file: { path: string }) => file.path), ['dist/b.js']);
  });

  it('says why nothing was analysed when only dependencies and excluded build output are there', async () => {
    const root = project({ 'package.json': '{}', 'index.js': HEAVY_SCRIPT, 'dist/index.js': HEAVY_SCRIPT, 'node_modules/x/index.js': HEAVY_SCRIPT, 'threadwise.config.json': '{"exclude": ["index.js"]}' });
    const run = await cli(root, 'analyze', '.');
    assert.equal(run.code, 0);
    assert.match(run.stderr, /1 file under dist\/ skipped as build output; --include-build to analyse them/);
    assert.match(run.stderr, /1 file under node_modules\/ skipped as dependencies/);
    const included = await cli(root, 'analyze', '.', '--include-build', '--format', 'json');
    assert.deepEqual(JSON.parse(included.stdout).files.map((file: { path: string }) => file.path), ['dist/index.js']);
  });

  it('holds back findings in test files, says so on stderr, and --report-in shows them', async () => {
    const root = project({ 'test/server.test.ts': HANDLER });
    const quiet = await cli(root, 'analyze', '--format', 'json');
    assert.equal(quiet.code, 0);
    const file = JSON.parse(quiet.stdout).files[0];
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(file.unreported, { place: 'tests', findings: 1 });
    assert.match(quiet.stderr, /1 finding in 1 test file not reported \(--report-in tests/);
    const shown = await cli(root, 'analyze', '--report-in', 'tests');
    assert.equal(shown.code, 1);
    assert.equal(shown.stderr, '');
    const bad = await cli(root, 'analyze', '--report-in', 'unit');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown place "unit"/);
  });
});
