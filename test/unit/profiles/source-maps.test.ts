/**
 * Profiles of bundled code reach the sources through source maps: the fixture program is written
 * as TypeScript, bundled and minified by esbuild (one line, so no position survives by chance),
 * run with node --cpu-prof, and its profile must confirm and add the same findings on the .ts
 * sources as the plain program's profile does on report.js (apply.test.ts). Without the map,
 * nothing in the sources is measured.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { parseConfig } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport, Finding } from '../../../src/core/model';
import { readProfile } from '../../../src/core/profiles';
import { fixturePath } from '../support';

type MapKind = 'linked' | 'external' | 'inline' | 'none';

/** The fixture program as a TypeScript project, bundled to dist/report.js with the given map. */
function bundledProject(kind: MapKind): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `threadwise-sourcemap-${kind}-`));
  fs.mkdirSync(path.join(root, 'src'));
  const program = fs.readFileSync(fixturePath('profiles', 'node-report', 'report.js'), 'utf8').replace("'use strict';", '');
  fs.writeFileSync(path.join(root, 'src', 'report.ts'), `// @ts-nocheck\n${program}`);
  buildSync({
    entryPoints: [path.join(root, 'src', 'report.ts')],
    outfile: path.join(root, 'dist', 'report.js'),
    bundle: true,
    platform: 'node',
    minifyWhitespace: true,
    keepNames: true,
    sourcemap: kind === 'none' ? false : kind,
    logLevel: 'silent',
  });
  return root;
}

async function profiledReport(kind: MapKind): Promise<FileReport> {
  const root = bundledProject(kind);
  const out = path.join(root, 'profiles');
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '200', '--cpu-prof-dir', out, path.join(root, 'dist', 'report.js')], { stdio: 'ignore' });
  const [file] = fs.readdirSync(out).filter((name) => name.endsWith('.cpuprofile'));
  const profile = await readProfile(path.join(out, file));
  const analyzer = new Analyzer({ root, config: parseConfig({}) });
  const source = path.join(root, 'src', 'report.ts');
  await analyzer.loadFiles([source]);
  analyzer.setProfiles([profile]);
  return analyzer.report(source);
}

function findingAbout(report: FileReport, name: string, rule: string): Finding | undefined {
  const fn = report.functions.find((candidate) => candidate.name === name);
  return report.findings.find((finding) => finding.rule === rule && finding.functionId === fn?.id);
}

describe('profiles: bundled code mapped to its sources', function () {
  this.timeout(120_000);

  for (const kind of ['linked', 'external', 'inline'] as const) {
    it(`follows a source map (${kind === 'external' ? 'a .map beside the bundle, no comment' : kind}) from the minified bundle to the .ts functions`, async () => {
      const report = await profiledReport(kind);
      assert.equal(findingAbout(report, 'countPrimes', 'cpu-on-event-loop')?.measured?.verdict, 'confirmed');
      assert.equal(findingAbout(report, 'checksum', 'cpu-on-event-loop')?.measured?.verdict, 'added');
      assert.ok(report.functions.find((fn) => fn.name === 'main')?.measured?.[0].mainThread, 'main() is measured');
    });
  }

  it('measures nothing in the sources when the bundle has no source map', async () => {
    const report = await profiledReport('none');
    assert.ok(report.functions.every((fn) => fn.measured === undefined || fn.measured.length === 0));
    assert.equal(findingAbout(report, 'checksum', 'cpu-on-event-loop'), undefined);
  });
});
