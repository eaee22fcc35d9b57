/**
 * Monorepos: each file's imports are resolved with the nearest tsconfig/jsconfig (its package's
 * `paths`, `baseUrl`, `extends`), never one above the analysed root, and a workspace package (a
 * symbolic link in node_modules to a folder of the project) is followed like project code, so a
 * request handler in one package is reported for the CPU-heavy function it calls in another.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileReport } from '../../../src/core/model';
import { analyzeFolder, analyzeOnly, FIXTURES, kindIn, type Reports } from '../support';

const MONOREPO = path.join(FIXTURES, 'typescript', 'monorepo');
const SERVER = 'packages/api/src/server.ts';

interface Expected {
  functions: Record<string, string>;
  findings: { rule: string; line: number; severity: string }[];
}

const EXPECTED: Record<string, Expected> = JSON.parse(fs.readFileSync(path.join(MONOREPO, 'expected.json'), 'utf8'));

/** A copy of the fixture with the link a package manager makes for a workspace package (git may not keep links). */
function installMonorepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-monorepo-'));
  fs.cpSync(MONOREPO, root, { recursive: true });
  fs.mkdirSync(path.join(root, 'node_modules', '@acme'), { recursive: true });
  // What npm, yarn and pnpm make; a junction on Windows, which needs no privileges.
  fs.symlinkSync('../../packages/core', path.join(root, 'node_modules', '@acme', 'core'), 'junction');
  return root;
}

function assertExpected(report: FileReport | undefined, expected: Expected, file: string): void {
  assert.ok(report, `no report for ${file}`);
  const verdicts = Object.fromEntries(Object.keys(expected.functions).map((name) => [name, report.functions.find((fn) => fn.name === name)?.kind ?? 'missing']));
  assert.deepEqual(verdicts, expected.functions, `${file}: ${report.functions.map((fn) => `${fn.name}: ${fn.kind} ${fn.evidence.map((e) => e.message).join(' | ')}`).join('\n')}`);
  const findings = report.findings.map((finding) => ({ rule: finding.rule, line: finding.range.line, severity: finding.severity }));
  assert.deepEqual(findings, expected.findings, `${file}: ${report.findings.map((finding) => finding.message).join('\n')}`);
}

/** The handler's finding at `line` names the callee in packages/core, as related location and in its evidence. */
function assertCalleeIn(reports: Reports, root: string, line: number, callee: string, calleeFile: string): void {
  const report = reports.get(SERVER)!;
  const finding = report.findings.find((candidate) => candidate.range.line === line);
  assert.ok(finding, `no finding at line ${line}: ${report.findings.map((f) => `${f.rule}@${f.range.line}`).join(', ')}`);
  assert.deepEqual(finding.related[0], { file: path.join(root, calleeFile), line: 2, message: `${callee}() is declared here` });
  const evidence = report.functions.flatMap((fn) => fn.evidence).find((item) => item.line === line);
  const spelled = calleeFile.split('/').join('[\\\\/]').replace(/\./g, '\\.');
  assert.match(evidence?.message ?? '', new RegExp(`Calls ${callee}\\(\\) in ${spelled}:2`));
}

describe('monorepo: packages resolved with their own tsconfig, workspace packages followed', () => {
  let root: string;
  let reports: Reports;
  before(async () => {
    root = installMonorepo();
    reports = await analyzeFolder(root, Object.keys(EXPECTED));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: verdicts and findings`, () => assertExpected(reports.get(file), expected, file));
  }

  it('follows the `@core/*` paths alias of packages/api/tsconfig.json into packages/core', () => {
    assertCalleeIn(reports, root, 10, 'stretchKey', 'packages/core/src/keys.ts');
  });

  it('follows the workspace package @acme/core, then core\'s own `@/*` alias, into packages/core', () => {
    assertCalleeIn(reports, root, 15, 'estimateRisk', 'packages/core/src/risk.ts');
  });
});

describe('monorepo: a malformed package tsconfig', () => {
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('falls back to the root options for that package and keeps analysing the others', async () => {
    root = installMonorepo();
    fs.writeFileSync(path.join(root, 'packages/api/tsconfig.json'), '{ "compilerOptions": { "paths": { "@core/*": [\n');
    const reports = await analyzeFolder(root, [SERVER]);
    // The workspace package needs no alias, and packages/core still resolves with its own config.
    assertCalleeIn(reports, root, 15, 'estimateRisk', 'packages/core/src/risk.ts');
    // `@core/keys` exists only in the broken config: that call stays unresolved, and quiet.
    assert.equal(kindIn(reports, SERVER, "app.post('/sessions') handler"), 'none');
    assert.deepEqual(reports.get(SERVER)!.findings.map((finding) => finding.range.line), [15]);
  });
});

/** A loop that is CPU-heavy whatever the arguments. */
const HEAVY = `export function crunch() {
  let sum = 0;
  for (let i = 0; i < 50_000_000; i++) sum = (sum + i * i) % 7919;
  return sum;
}
`;
const LIGHT = `export function crunch() {
  return 0;
}
`;

describe('module resolution with the nearest tsconfig or jsconfig', () => {
  it('resolves the same alias to each package\'s own folder, with no root tsconfig', async () => {
    const reports = await analyzeOnly({
      'packages/heavy/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }\n',
      'packages/heavy/src/work.ts': HEAVY,
      'packages/heavy/src/main.ts': "import { crunch } from '@/work';\nexport function runHeavy() {\n  return crunch();\n}\n",
      'packages/light/jsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["lib/*"] } } }\n',
      'packages/light/lib/work.js': LIGHT,
      'packages/light/lib/nested/main.js': "import { crunch } from '@/work';\nexport function runLight() {\n  return crunch();\n}\n",
    }, ['packages/heavy/src/main.ts', 'packages/light/lib/nested/main.js']);
    assert.equal(kindIn(reports, 'packages/heavy/src/main.ts', 'runHeavy'), 'cpu');
    assert.equal(kindIn(reports, 'packages/light/lib/nested/main.js', 'runLight'), 'none');
  });

  it('reads `paths` inherited through `extends`, relative to the config that declares them', async () => {
    const reports = await analyzeOnly({
      'tsconfig.base.json': '{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler", "paths": { "@shared/*": ["./shared/*"] } } }\n',
      'shared/work.ts': HEAVY,
      'apps/web/tsconfig.json': '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "strict": true } }\n',
      'apps/web/main.ts': "import { crunch } from '@shared/work';\nexport function render() {\n  return crunch();\n}\n",
    }, ['apps/web/main.ts']);
    assert.equal(kindIn(reports, 'apps/web/main.ts', 'render'), 'cpu');
  });

  it('never reads a tsconfig above the analysed root', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-above-'));
    try {
      fs.writeFileSync(path.join(folder, 'tsconfig.json'), '{ "compilerOptions": { "paths": { "@/*": ["./app/*"] } } }\n');
      fs.mkdirSync(path.join(folder, 'app'));
      fs.writeFileSync(path.join(folder, 'app', 'work.ts'), HEAVY);
      fs.writeFileSync(path.join(folder, 'app', 'main.ts'), "import { crunch } from '@/work';\nexport function run() {\n  return crunch();\n}\n");
      const reports = await analyzeFolder(path.join(folder, 'app'), ['main.ts']);
      assert.equal(kindIn(reports, 'main.ts', 'run'), 'none');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps analysing with a malformed root tsconfig', async () => {
    const reports = await analyzeOnly({
      'tsconfig.json': '{ "compilerOptions": { "strict": true, }, oops',
      'work.ts': HEAVY,
      'main.ts': "import { crunch } from './work';\nexport function run() {\n  return crunch();\n}\n",
    }, ['main.ts']);
    assert.equal(kindIn(reports, 'main.ts', 'run'), 'cpu');
  });

  it('leaves a package really installed in node_modules to the catalog', async () => {
    const reports = await analyzeOnly({
      'node_modules/number-cruncher/package.json': '{ "name": "number-cruncher", "version": "1.0.0", "main": "index.js" }\n',
      'node_modules/number-cruncher/index.js': HEAVY.replace('export function crunch', 'exports.crunch = function crunch'),
      'main.ts': "import { crunch } from 'number-cruncher';\nexport function run() {\n  return crunch();\n}\n",
    }, ['main.ts']);
    assert.equal(kindIn(reports, 'main.ts', 'run'), 'none');
  });
});
