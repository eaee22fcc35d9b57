/**
 * The persistent summary cache (`threadwise analyze --cache`): results with the cache are the
 * results without it — on a first run that fills it, on a re-run that reads it, after an edit,
 * after a module resolution changed under an unchanged file — and a broken cache costs nothing
 * but time (a clear note, never a crash).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { runCli } from '../../../src/cli/main';
import { parseConfig } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'typescript');

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTty: false });
  return { code, stdout, stderr };
}

/** A copy of fixture projects in a temporary folder (the tests edit files). */
function copyOf(...names: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-cache-'));
  for (const name of names) fs.cpSync(path.join(FIXTURES, name), path.join(root, name), { recursive: true });
  return root;
}

function sourceFiles(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js)$/.test(file) && !file.includes('.threadwise-cache'))
    .map((file) => path.join(root, file))
    .sort();
}

async function analyzeWithCache(root: string, directory: string, version = 'test-build') {
  const analyzer = new Analyzer({ root, config: parseConfig(undefined), cache: { directory, version } });
  const reports = await analyzer.analyzeFiles(sourceFiles(root));
  return { reports, stats: analyzer.cacheStats()!, notes: analyzer.cacheNotes() };
}

describe('persistent summary cache (--cache)', () => {
  it('gives the JSON output of a run without it: when filled, when read, and after one file is edited', async () => {
    const root = copyOf('express-app', 'monorepo', 'libraries');
    const fresh = await cli(root, 'analyze', '--format', 'json');
    const filling = await cli(root, 'analyze', '--format', 'json', '--cache=.tw-cache');
    const reading = await cli(root, 'analyze', '--format', 'json', '--cache=.tw-cache');
    assert.ok(JSON.parse(fresh.stdout).files.length >= 10);
    assert.equal(filling.stdout, fresh.stdout);
    assert.equal(reading.stdout, fresh.stdout);
    assert.equal(reading.code, fresh.code);
    assert.ok(fs.readdirSync(path.join(root, '.tw-cache')).length >= 10);

    // make the report's cost depend on the edit: a bigger loop in a callee another file calls
    const stats = path.join(root, 'express-app', 'src', 'report.ts');
    const text = fs.readFileSync(stats, 'utf8');
    fs.writeFileSync(stats, `${text}\nexport function extra(rows: number[]): number {\n  let s = 0;\n  for (let i = 0; i < 20_000_000; i++) s += rows[i % rows.length];\n  return s;\n}\n`);
    const editedFresh = await cli(root, 'analyze', '--format', 'json');
    const editedCached = await cli(root, 'analyze', '--format', 'json', '--cache=.tw-cache');
    assert.notEqual(editedFresh.stdout, fresh.stdout);
    assert.equal(editedCached.stdout, editedFresh.stdout);
  });

  it('re-summarises only what changed: an unchanged tree is read from the cache, an edited file is summarised anew', async () => {
    const root = copyOf('express-app');
    const directory = path.join(root, '.threadwise-cache');
    const first = await analyzeWithCache(root, directory);
    const files = sourceFiles(root).length;
    assert.deepEqual(first.stats, { hits: 0, misses: files, writes: files });
    const second = await analyzeWithCache(root, directory);
    assert.deepEqual(second.stats, { hits: files, misses: 0, writes: 0 });
    assert.deepEqual(second.reports, first.reports);

    fs.appendFileSync(path.join(root, 'express-app', 'src', 'stats.ts'), '\nexport const edited = 1;\n');
    const third = await analyzeWithCache(root, directory);
    assert.deepEqual(third.stats, { hits: files - 1, misses: 1, writes: 1 });
  });

  it('reads whole components back: an unchanged tree links nothing, an edit relinks its own component, another configuration all', async () => {
    const root = copyOf('express-app', 'libraries', 'monorepo');
    const directory = path.join(root, '.threadwise-cache');
    const run = async (raw?: unknown) => {
      const analyzer = new Analyzer({ root, config: parseConfig(raw), cache: { directory, version: 'test-build' }, oneShot: true });
      const reports = await analyzer.analyzeFiles(sourceFiles(root));
      return { reports, stats: analyzer.reportCacheStats()! };
    };
    const fresh = async (raw?: unknown) => new Analyzer({ root, config: parseConfig(raw), oneShot: true }).analyzeFiles(sourceFiles(root));
    const first = await run();
    const components = first.stats.writes;
    assert.ok(components >= 3, `${components} components`);
    assert.deepEqual(first.reports, await fresh());
    const second = await run();
    assert.deepEqual(second.stats, { hits: components, misses: 0, writes: 0 });
    assert.deepEqual(second.reports, first.reports);

    const stats = path.join(root, 'express-app', 'src', 'report.ts');
    fs.appendFileSync(stats, '\nexport function extra(rows: number[]): number {\n  let s = 0;\n  for (let i = 0; i < 20_000_000; i++) s += rows[i % rows.length];\n  return s;\n}\n');
    const edited = await run();
    assert.deepEqual(edited.stats, { hits: components - 1, misses: 1, writes: 1 });
    assert.deepEqual(edited.reports, await fresh());
    assert.notDeepEqual(edited.reports, first.reports);

    const stricter = { cpuThresholdMs: 0.01 };
    const reconfigured = await run(stricter);
    assert.deepEqual(reconfigured.stats, { hits: 0, misses: components, writes: components });
    assert.deepEqual(reconfigured.reports, await fresh(stricter));
  });

  it('never uses an entry of another analyser build', async () => {
    const root = copyOf('express-app');
    const directory = path.join(root, '.threadwise-cache');
    await analyzeWithCache(root, directory, 'build-a');
    const other = await analyzeWithCache(root, directory, 'build-b');
    assert.equal(other.stats.hits, 0);
    assert.deepEqual(other.notes, []);
  });

  it('summarises an unchanged file again when what its import names changed', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-cache-'));
    fs.writeFileSync(path.join(root, 'main.ts'), "import { work } from './work';\nexport function run(): number {\n  return work(30_000_000);\n}\n");
    fs.writeFileSync(path.join(root, 'work.ts'), 'export function work(n: number): number {\n  return n;\n}\n');
    await cli(root, 'analyze', '--format', 'json', '--cache=c');
    // `./work` now names a folder's index file: main.ts is unchanged, its import is not
    fs.rmSync(path.join(root, 'work.ts'));
    fs.mkdirSync(path.join(root, 'work'));
    fs.writeFileSync(path.join(root, 'work', 'index.ts'), 'export function work(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  return s;\n}\n');
    const cached = await cli(root, 'analyze', '--format', 'json', '--cache=c');
    const fresh = await cli(root, 'analyze', '--format', 'json');
    assert.equal(cached.stdout, fresh.stdout);
    const main = JSON.parse(fresh.stdout).files.find((file: { path: string }) => file.path === 'main.ts');
    // run() now calls the loop of work/index.ts with n = 30,000,000
    assert.equal(main.functions.find((fn: { name: string }) => fn.name === 'run')?.kind, 'cpu');
  });

  it('ignores corrupt or foreign entries with a clear note, and rewrites them', async () => {
    const root = copyOf('express-app');
    const fresh = await cli(root, 'analyze', '--format', 'json');
    await cli(root, 'analyze', '--format', 'json', '--cache=c');
    // one entry of each kind the folder holds (a file's summary, a component's reports): the user
    // sees one folder, so one note counts both
    const kindOf = (entry: string) => (v8.deserialize(fs.readFileSync(path.join(root, 'c', entry))) as { options: string }).options;
    const entries = fs.readdirSync(path.join(root, 'c'));
    const summary = entries.find((entry) => kindOf(entry) === 'typescript-summary');
    const reports = entries.find((entry) => kindOf(entry) === 'typescript-reports');
    assert.ok(summary && reports, `both kinds of entry in ${entries.map(kindOf).join(', ')}`);
    fs.writeFileSync(path.join(root, 'c', summary), 'not a cache entry');
    fs.writeFileSync(path.join(root, 'c', reports), Buffer.from([0xff, 0x0f, 0x6f, 0x22, 0x03]));
    const broken = await cli(root, 'analyze', '--format', 'json', '--cache=c');
    assert.equal(broken.stdout, fresh.stdout);
    assert.match(broken.stderr, /2 cache entries in .* could not be read \(corrupt or not Threadwise's\) and were ignored/);
    const repaired = await cli(root, 'analyze', '--format', 'json', '--cache=c');
    assert.equal(repaired.stdout, fresh.stdout);
    assert.doesNotMatch(repaired.stderr, /could not be read/);
  });

  it('keeps its folder under node_modules/.cache/threadwise, or .threadwise-cache without node_modules; --no-cache writes none', async () => {
    const plain = copyOf('express-app');
    await cli(plain, 'analyze', '--no-cache');
    assert.equal(fs.existsSync(path.join(plain, '.threadwise-cache')), false);
    await cli(plain, 'analyze', '--cache');
    assert.ok(fs.readdirSync(path.join(plain, '.threadwise-cache')).length > 0);
    const withModules = copyOf('express-app');
    fs.mkdirSync(path.join(withModules, 'node_modules'));
    await cli(withModules, 'analyze', '--cache');
    assert.ok(fs.readdirSync(path.join(withModules, 'node_modules', '.cache', 'threadwise')).length > 0);
    assert.equal((await cli(plain, 'analyze', '--cache=')).code, 2);
  });

  it('takes its folder as --cache <dir> or --cache=<dir>; --cache before an option or last takes the default; a folder of sources is refused, never written into', async () => {
    const root = copyOf('express-app');
    const fresh = await cli(root, 'analyze', 'express-app', '--format', 'json');
    const spaced = await cli(root, 'analyze', '--cache', 'spaced', 'express-app', '--format', 'json');
    assert.equal(spaced.stdout, fresh.stdout, 'the word after --cache is its folder, not a path to analyse');
    assert.ok(fs.readdirSync(path.join(root, 'spaced')).length > 0);
    const joined = await cli(root, 'analyze', '--cache=joined', 'express-app', '--format', 'json');
    assert.equal(joined.stdout, fresh.stdout);
    const beforeOption = await cli(root, 'analyze', 'express-app', '--cache', '--format', 'json');
    assert.equal(beforeOption.stdout, fresh.stdout);
    const last = await cli(root, 'analyze', 'express-app', '--format', 'json', '--cache');
    assert.equal(last.stdout, fresh.stdout);
    assert.ok(fs.readdirSync(path.join(root, '.threadwise-cache')).length > 0, '--cache alone is the default folder');
    const before = fs.readdirSync(path.join(root, 'express-app'), { recursive: true }).sort();
    const sources = await cli(root, 'analyze', '--cache', 'express-app', '--format', 'json');
    assert.equal(sources.code, 2);
    assert.match(sources.stderr, /express-app holds files that are not cache entries .* analyze express-app --cache/);
    assert.deepEqual(fs.readdirSync(path.join(root, 'express-app'), { recursive: true }).sort(), before);
    const file = path.join('express-app', 'expected.json');
    assert.equal((await cli(root, 'analyze', `--cache=${file}`)).code, 2);
  });
});
