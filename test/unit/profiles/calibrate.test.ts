/**
 * Recalibrating the cost model from a profile: estimate beside measured time per call, the robust
 * fit (median ratio per language, clamped, from 3 functions up), the held-out check, and the
 * project calibration file that later analyses (CLI) read and name in their messages.
 * The profiles are cProfile text exports written from the analysis's own estimates, so the
 * expected factor is known exactly and nothing depends on timing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { loadProjectCalibration, PROJECT_CALIBRATION_FILE, projectOpsToMs } from '../../../src/core/cost/project';
import { opsToMs } from '../../../src/core/cost/time';
import { fitCorrection, holdOutCheck, type EstimateComparison } from '../../../src/core/profiles/calibrate';

async function cli(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, stdout, stderr };
}

/** Functions whose sizes the code states (firm estimates), and one that reads its size from data. */
const SOURCE = `import json


def checksum(n=400_000):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1_000_003
    return total


def squares(n=200_000):
    return [i * i for i in range(n)]


def render(rows=20_000):
    records = [{"id": i, "name": f"row-{i}"} for i in range(rows)]
    return json.dumps(records)


def tally(n=300_000):
    counts = {}
    for i in range(n):
        counts[i % 97] = counts.get(i % 97, 0) + 1
    return counts


def from_file(path):
    with open(path) as handle:
        return sum(len(line) for line in handle)


def main():
    checksum()
    squares()
    render()
    tally()
`;

const FIRM = ['checksum', 'squares', 'render', 'tally'];

/** A cProfile text export in which every listed function took `factor` × its estimate per call, over `calls` calls. */
function pstatsText(estimates: Map<string, { line: number; ms: number }>, factor: number, calls = 2): string {
  const rows = [...estimates].map(([name, { line, ms }]) => {
    const seconds = (ms * factor * calls) / 1000;
    return `${String(calls).padStart(9)} ${seconds.toFixed(6).padStart(8)} ${(seconds / calls).toFixed(6).padStart(8)} ${seconds.toFixed(6).padStart(8)} ${(seconds / calls).toFixed(6).padStart(8)} app.py:${line}(${name})`;
  });
  const total = [...estimates.values()].reduce((sum, { ms }) => sum + (ms * factor * calls) / 1000, 0);
  return [`         99 function calls in ${(total + 0.1).toFixed(3)} seconds`, '', '   Ordered by: standard name', '', '   ncalls  tottime  percall  cumtime  percall filename:lineno(function)', ...rows, ''].join('\n');
}

function row(name: string, ratio: number, extra: Partial<EstimateComparison> = {}): EstimateComparison {
  return { file: '/p/app.py', functionId: `/p/app.py#${name}`, name, line: 1, language: 'py', estimateMs: 10, measuredMs: 10 * ratio, calls: 1, ratio, dataDependent: false, ...extra };
}

describe('profiles: recalibrating the cost model', function () {
  this.timeout(120_000);

  describe('the fit', () => {
    it('is the median of measured ÷ estimated per language, not moved by one outlier, with the number of functions', () => {
      const fit = fitCorrection([row('a', 2), row('b', 2.5), row('c', 3), row('d', 400)]);
      assert.equal(fit.languages.py?.functions, 4);
      assert.ok(Math.abs(fit.languages.py!.factor - Math.sqrt(2.5 * 3)) < 0.01);
      assert.equal(fit.languages.js, undefined);
    });

    it('needs three functions with firm estimates: sizes the analyser assumed are not fitted on', () => {
      const fit = fitCorrection([row('a', 2), row('b', 3), row('c', 50, { dataDependent: true })]);
      assert.equal(fit.languages.py, undefined);
      assert.equal(fit.tooFew.py, 2);
    });

    it('clamps a factor that says the profile and the code do not match', () => {
      const fit = fitCorrection([row('a', 40), row('b', 50), row('c', 60)]);
      assert.equal(fit.languages.py?.factor, 10);
      assert.equal(fit.languages.py?.clamped, true);
    });

    it('judges held-out functions before and after a correction fitted on the others only', () => {
      // Every estimate is 4× too low; the held-out ones (every 2nd) move inside 3× once corrected.
      const check = holdOutCheck([row('a', 4), row('b', 4.2), row('c', 3.8), row('d', 4.1), row('e', 3.9), row('f', 4)], 2);
      assert.deepEqual(check.heldOut.map((r) => r.name), ['b', 'd', 'f']);
      assert.deepEqual(check.fitted.map((r) => r.name), ['a', 'c', 'e']);
      assert.deepEqual(check.within3x.py, { before: 0, after: 1, functions: 3 });
    });
  });

  describe('CLI', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-calibrate-'));
    fs.writeFileSync(path.join(root, 'app.py'), SOURCE);
    let estimates: Map<string, { line: number; ms: number }>;

    before(async () => {
      const run = await cli(root, 'analyze', 'app.py', '--format', 'json');
      const functions = JSON.parse(run.stdout).files[0].functions as { name: string; line: number; estimate: { ms?: number } }[];
      estimates = new Map(functions.filter((fn) => FIRM.includes(fn.name)).map((fn) => [fn.name, { line: fn.line, ms: fn.estimate.ms! }]));
      assert.equal(estimates.size, FIRM.length);
      for (const { ms } of estimates.values()) assert.ok(ms > 0);
      fs.writeFileSync(path.join(root, 'run.txt'), pstatsText(estimates, 2.5));
    });

    it('analyze --calibration-report: estimate beside measured per call, in text and JSON', async () => {
      const text = await cli(root, 'analyze', 'app.py', '--profile', 'run.txt', '--calibration-report');
      assert.match(text.stdout, /Estimate vs measured, per call \(estimates on the bundled calibration\)/);
      assert.match(text.stdout, /app\.py:\d+ checksum\(\)\s+\S+ \S*\s*ms\s+\S+ \S*\s*ms\s+2\s+2\.5×/);
      assert.match(text.stdout, /within 3× of the measurement: 100% of 4 functions/);
      const json = JSON.parse((await cli(root, 'analyze', 'app.py', '--profile', 'run.txt', '--calibration-report', '--format', 'json')).stdout);
      assert.equal(json.calibration.compared.length, 4);
      for (const compared of json.calibration.compared) assert.ok(Math.abs(compared.ratio - 2.5) < 0.01, `${compared.name}: ${compared.ratio}`);
    });

    it('calibrate --write saves the fit; later analyses use it and say so', async () => {
      const run = await cli(root, 'calibrate', '--from-profile', 'run.txt', 'app.py', '--write');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Fitted py: estimates × 2\.5, the median of measured ÷ estimated over 4 functions/);
      assert.match(run.stdout, /Wrote \.threadwise\/calibration\.json \(py ×2\.5 \(4 functions\)\)/);
      const saved = loadProjectCalibration(root)!;
      assert.deepEqual(saved.languages, { py: { factor: 2.5, functions: 4 } });
      assert.deepEqual(saved.profiles, ['run.txt']);

      const after = await cli(root, 'analyze', 'app.py', '--format', 'json');
      assert.match(after.stderr, /estimates on this project's calibration \(\.threadwise\/calibration\.json: py ×2\.5 \(4 functions\)\)/);
      const checksum = JSON.parse(after.stdout).files[0].functions.find((fn: { name: string }) => fn.name === 'checksum');
      assert.ok(Math.abs(checksum.estimate.ms / estimates.get('checksum')!.ms - 2.5) < 0.01);
      assert.match(checksum.cost, /per call on this project's calibration/);
      // The report now compares the corrected estimates: measured ÷ estimated is 1.
      const report = JSON.parse((await cli(root, 'analyze', 'app.py', '--profile', 'run.txt', '--calibration-report', '--format', 'json')).stdout);
      for (const compared of report.calibration.compared) assert.ok(Math.abs(compared.ratio - 1) < 0.01);
      assert.equal(report.calibration.projectCalibration, '.threadwise/calibration.json');
    });

    it('calibrate fits on the bundled table, never on an earlier fit', async () => {
      const again = await cli(root, 'calibrate', '--from-profile', 'run.txt', 'app.py', '--format', 'json');
      assert.equal(JSON.parse(again.stdout).fit.languages.py.factor, 2.5);
    });

    it('refuses to replace a file that is not a Threadwise calibration, and a malformed calibration stops the analysis with its reason', async () => {
      const other = path.join(root, 'notes.json');
      fs.writeFileSync(other, '{"mine": true}\n');
      const refused = await cli(root, 'calibrate', '--from-profile', 'run.txt', 'app.py', '--write=notes.json');
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /notes\.json exists and is not a Threadwise calibration: not replaced/);
      assert.equal(fs.readFileSync(other, 'utf8'), '{"mine": true}\n');

      const file = path.join(root, PROJECT_CALIBRATION_FILE);
      const good = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, JSON.stringify({ version: 1, languages: { py: { factor: 0, functions: 4 } } }));
      const bad = await cli(root, 'analyze', 'app.py');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /"languages\.py\.factor" must be a number from 0\.1 to 10/);
      fs.writeFileSync(file, good);
    });

    it('says why nothing can be fitted from a sampled profile (no calls counted) and writes nothing', async () => {
      const sampled = path.join(root, 'sampled.json');
      const line = estimates.get('checksum')!.line;
      fs.writeFileSync(sampled, JSON.stringify({
        $schema: 'https://www.speedscope.app/file-format-schema.json',
        shared: { frames: [{ name: 'checksum', file: 'app.py', line: line + 2 }] },
        profiles: [{ type: 'sampled', name: 'MainThread', unit: 'milliseconds', startValue: 0, endValue: 500, samples: Array(50).fill([0]), weights: Array(50).fill(10) }],
      }));
      const run = await cli(root, 'calibrate', '--from-profile', 'sampled.json', 'app.py', '--write=fresh.json');
      assert.equal(run.code, 1);
      assert.match(run.stdout, /not compared: 1 measured by a sampling profile, which counts no calls/);
      assert.match(run.stderr, /nothing written/);
      assert.equal(fs.existsSync(path.join(root, 'fresh.json')), false);
    });
  });

  it('the project factor scales operations to time, per language only', () => {
    const calibration = { version: 1 as const, fittedAt: '', profiles: [], baseMeasuredAt: '', languages: { py: { factor: 3, functions: 5 } } };
    assert.equal(projectOpsToMs(calibration, 'py', 1e6), opsToMs('py', 1e6) * 3);
    assert.equal(projectOpsToMs(calibration, 'js', 1e6), opsToMs('js', 1e6));
  });
});
