/**
 * Pathological but legal inputs: huge literals and odd file names. Each file is analysed or
 * skipped with a stated reason, positions stay inside the file, and the other files keep their
 * results.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { analyzeSources } from '../support';
import { HANDLER_WITH_SYNC_IO } from './inputs';

const HUGE_LITERALS: [string, string][] = [
  ['a 20,000-element array over 20,000 lines', `export const table = [\n${Array.from({ length: 20_000 }, (_, i) => `  ${i},`).join('\n')}\n];\n`],
  ['a 5,000-key object literal', `export const keys = {\n${Array.from({ length: 5_000 }, (_, i) => `  k${i}: ${i},`).join('\n')}\n};\n`],
  ['a 300,000-character string on one line', `export const blob = '${'x'.repeat(300_000)}';\n`],
  ['a template literal with 2,000 substitutions', `const v = 1;\nexport const text = \`${Array.from({ length: 2_000 }, () => '${v}\n').join('')}\`;\n`],
];

describe('pathological inputs: huge literals', () => {
  for (const [shape, text] of HUGE_LITERALS) {
    it(`${shape}: analysed or skipped with a reason; the other file keeps its finding`, async () => {
      const reports = await analyzeSources({ 'huge.ts': text, 'server.ts': HANDLER_WITH_SYNC_IO }, { maxFileBytes: 10_000_000 });
      const huge = reports.get('huge.ts')!;
      if (huge.skipped !== undefined) assert.match(huge.skipped, /minified|larger|nested/);
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const fn of huge.functions) assert.ok(fn.range.endLine <= lines, `${fn.name} ends inside the file`);
      assert.deepEqual(reports.get('server.ts')?.findings.map((finding) => finding.rule), ['blocking-sync-io']);
    });
  }
});

describe('pathological inputs: odd file names', () => {
  const NAMES = ['with space.ts', 'ünïcödé.ts', 'hash#percent%.ts', '-leading-dash.ts', 'semi;colon.ts', "quote'd.ts", 'deep/er/and/deeper/still/file.ts'];

  it('every oddly named file is analysed and reported under its own name, in JSON and SARIF', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-names-'));
    for (const name of NAMES) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), HANDLER_WITH_SYNC_IO);
    }
    const run = async (format: string) => {
      let stdout = '';
      const code = await runCli(['analyze', '--format', format, '--', ...NAMES], { cwd: root, stdout: (text) => (stdout += text), stderr: () => undefined, isTty: false });
      return { code, stdout };
    };
    const json = await run('json');
    assert.equal(json.code, 1);
    const files = JSON.parse(json.stdout).files as { path: string; diagnostics: unknown[] }[];
    assert.deepEqual(files.map((file) => file.path).sort(), [...NAMES].sort());
    for (const file of files) assert.equal(file.diagnostics.length, 1, file.path);
    const sarif = JSON.parse((await run('sarif')).stdout);
    const uris = sarif.runs[0].results.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0].physicalLocation.artifactLocation.uri);
    assert.equal(uris.length, NAMES.length);
    for (const uri of uris) {
      assert.doesNotThrow(() => decodeURI(uri), `${uri} is a valid URI reference`);
      assert.ok(!uri.includes('#') && !uri.includes(' '), `${uri}: reserved characters are percent-encoded`);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });
});
