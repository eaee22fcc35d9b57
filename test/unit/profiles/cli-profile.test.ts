/**
 * `threadwise analyze --profile <file>...`: measured findings in text, JSON (with the threads'
 * time split) and SARIF (as result properties); a bad profile is a usage error (exit 2).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { writtenV8Profile } from '../support';

async function cli(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, stdout, stderr };
}

const SOURCE = 'function render(rows) {\n  return rows.map((row) => row.name).join(",");\n}\nmodule.exports = { render };\n';

/** 1,000 ticks of 1 ms: render() for 300 of them, GC 100, idle 600. */
function profileOf(root: string) {
  return writtenV8Profile(`file://${root.split(path.sep).join('/')}/lib.js`, [{ name: 'render', line: 0, column: 15, ticks: 300 }], { gcTicks: 100 });
}

describe('CLI: --profile', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-cli-profile-'));
  fs.writeFileSync(path.join(root, 'lib.js'), SOURCE);
  fs.writeFileSync(path.join(root, 'app.cpuprofile'), JSON.stringify(profileOf(root)));

  it('text: the added finding, and on stderr how the thread\'s time divides (idle and GC as what they are)', async () => {
    const run = await cli(root, 'analyze', 'lib.js', '--profile', 'app.cpuprofile');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /render\(\) measured CPU-heavy on the main thread: 30% of main thread \(300 ms of 1\.0 s\)/);
    assert.match(run.stderr, /profile app\.cpuprofile, main thread \(1\.0 s\): 30% analysed code/);
    assert.match(run.stderr, /60% idle, 10% GC/);
    assert.match(run.stderr, /0 findings confirmed, 0 lowered to hints, 1 added/);
  });

  it('JSON: measured on functions and findings, and the profile summary', async () => {
    const run = await cli(root, 'analyze', 'lib.js', '--profile', 'app.cpuprofile', '--format', 'json');
    const output = JSON.parse(run.stdout);
    assert.equal(output.profiles[0].idleMs, 600);
    const [file] = output.files;
    assert.equal(file.diagnostics[0].measured.verdict, 'added');
    assert.equal(file.functions.find((fn: { name: string }) => fn.name === 'render').measured[0].totalMs, 300);
  });

  it('SARIF: the verdict and figures as result properties', async () => {
    const run = await cli(root, 'analyze', 'lib.js', '--profile', 'app.cpuprofile', '--format', 'sarif');
    const [result] = JSON.parse(run.stdout).runs[0].results;
    assert.equal(result.properties.measured, 'added');
    assert.equal(result.properties.measurement.thread, 'main thread');
  });

  it('a missing or malformed profile is a usage error naming the file', async () => {
    fs.writeFileSync(path.join(root, 'broken.cpuprofile'), '{"nodes": [');
    const broken = await cli(root, 'analyze', 'lib.js', '--profile', 'broken.cpuprofile');
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /threadwise: broken\.cpuprofile: broken JSON/);
    const missing = await cli(root, 'analyze', 'lib.js', '--profile', 'nope.cpuprofile');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.cpuprofile: no such file/);
  });
});
