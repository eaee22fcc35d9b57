/**
 * Incremental analysis must give exactly what a fresh analysis gives. An Analyzer that has seen
 * a series of edits (it keeps call resolutions across them) is compared, report for report, with
 * a new Analyzer that reads the same texts from disk, after every edit, on realistic multi-file
 * fixtures: renamed exports that break importers' calls, cheaper and heavier loops in callees,
 * deleted and restored files, and cross-file class and module augmentation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import { collectFiles } from '../../../src/core/walk';
import { FIXTURES } from '../support';

type Edit = { describe: string; apply: (text: string) => string | undefined };

/** Edits that change what other files' calls resolve to, or what they cost. */
const EDITS: Edit[] = [
  { describe: 'rename its exported functions', apply: (text) => replaceAll(text, /export (async )?function (\w+)/g, 'export $1function $2Renamed') },
  { describe: 'shrink its numeric literals', apply: (text) => replaceAll(text, /\b(\d{4,})\b/g, (digits) => String(Math.floor(Number(digits) / 1000))) },
  { describe: 'add a heavy exported function', apply: (text) => `${text}\nexport function addedByEdit(n) {\n  let total = 0;\n  for (let i = 0; i < 80_000_000; i++) total += i % n;\n  return total;\n}\n` },
];

const AUGMENTING_PROJECT: Record<string, string> = {
  'src/core.ts': `export class Hasher {\n  digest(input: string): number {\n    return input.length;\n  }\n}\nexport const registry: Record<string, (n: number) => number> = {};\n`,
  'src/plugin.ts': `import { Hasher } from './core';\nimport * as core from './core';\n(Hasher.prototype as any).stretch = function (rounds: number) {\n  let h = 0;\n  for (let i = 0; i < rounds; i++) h = (h * 31 + i) | 0;\n  return h;\n};\n(core as any).heavy = function () {\n  let s = 0;\n  for (let i = 0; i < 90_000_000; i++) s += i;\n  return s;\n};\n`,
  'src/server.ts': `import * as http from 'node:http';\nimport { Hasher } from './core';\nimport * as core from './core';\nhttp.createServer((req, res) => {\n  const hasher: any = new Hasher();\n  res.end(String(hasher.stretch(50_000_000) + (core as any).heavy()));\n}).listen(8080);\n`,
};

describe('incremental analysis equals a fresh analysis', function () {
  this.timeout(120_000);

  for (const fixture of ['express-app', 'libraries', 'articles']) {
    it(`after every edit of every file of the ${fixture} fixture`, async () => {
      await checkEditSequence(copyOf(path.join(FIXTURES, 'typescript', fixture)));
    });
  }

  it('after edits of files that add members to other modules and classes', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-incremental-'));
    for (const [name, text] of Object.entries(AUGMENTING_PROJECT)) write(path.join(folder, name), text);
    await checkEditSequence(folder);
  });
});

async function checkEditSequence(folder: string): Promise<void> {
  try {
    const files = sourceFiles(folder);
    const incremental = new Analyzer({ root: folder, config: DEFAULT_CONFIG });
    await incremental.analyzeFiles(files);
    let checked = 0;
    for (const file of files) {
      const original = fs.readFileSync(file, 'utf8');
      for (const edit of EDITS) {
        const edited = edit.apply(original);
        if (edited === undefined) continue;
        write(file, edited);
        await incremental.updateFile(file, edited);
        await assertSameAsFresh(incremental, folder, `${path.relative(folder, file)}: ${edit.describe}`);
        write(file, original);
        await incremental.updateFile(file, original);
        checked++;
      }
      fs.rmSync(file);
      incremental.removeFile(file);
      await assertSameAsFresh(incremental, folder, `${path.relative(folder, file)} deleted`);
      write(file, original);
      await incremental.updateFile(file, original);
      await assertSameAsFresh(incremental, folder, `${path.relative(folder, file)} restored`);
    }
    assert.ok(checked >= files.length, `only ${checked} edits applied`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function assertSameAsFresh(incremental: Analyzer, folder: string, step: string): Promise<void> {
  const files = sourceFiles(folder);
  const fresh = new Analyzer({ root: folder, config: DEFAULT_CONFIG });
  const expected = await fresh.analyzeFiles(files);
  for (const report of expected) {
    assert.deepEqual(incremental.report(report.path), report, `after "${step}", ${path.relative(folder, report.path)} differs from a fresh analysis`);
  }
}

function sourceFiles(folder: string): string[] {
  return collectFiles(['.'], folder, { isExcluded: () => false }).files.filter((file) => /\.[cm]?[jt]sx?$/.test(file)).sort();
}

function copyOf(fixture: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-incremental-'));
  fs.cpSync(fixture, folder, { recursive: true });
  return folder;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function replaceAll(text: string, pattern: RegExp, replacement: string | ((match: string) => string)): string | undefined {
  const replaced = typeof replacement === 'string' ? text.replace(pattern, replacement) : text.replace(pattern, replacement);
  return replaced === text ? undefined : replaced;
}
