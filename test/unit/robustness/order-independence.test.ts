/**
 * Results do not depend on the order files are enumerated, loaded or reported in (#12): the same
 * projects analysed with their files in path order, reversed and in seeded shuffles, and each
 * project on its own, give the same JSON for every file. Mutual recursion (a parser whose
 * functions call each other across files) is where a memo filled in visiting order used to give
 * each member of the cycle the cost seen from whichever was evaluated first. A one-shot load (the
 * CLI), which streams the files batch by batch, gives the same JSON too.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatJson } from '../../../src/cli/formatters/json';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import { mulberry32 } from '../../../scripts/lib/seeded-random.mjs';
import { FIXTURES, writeSources } from '../support/analysis';

/** A calculator service: an expression parser whose three functions recurse through each other across files. */
const CALCULATOR: Record<string, string> = {
  'calculator/src/expression.ts': `import { parseTerm } from './term';
export interface Node { kind: string; children: Node[]; value?: number }
export interface Cursor { tokens: string[]; at: number }

export function parseExpression(cursor: Cursor): Node {
  const children: Node[] = [parseTerm(cursor)];
  while (cursor.tokens[cursor.at] === '+' || cursor.tokens[cursor.at] === '-') {
    cursor.at++;
    children.push(parseTerm(cursor));
  }
  return { kind: 'sum', children };
}

export function evaluate(node: Node): number {
  let total = node.value ?? 0;
  for (const child of node.children) total = (total * 31 + evaluate(child)) >>> 0;
  return total;
}
`,
  'calculator/src/term.ts': `import { parseFactor } from './factor';
import type { Cursor, Node } from './expression';

export function parseTerm(cursor: Cursor): Node {
  const children: Node[] = [parseFactor(cursor)];
  while (cursor.tokens[cursor.at] === '*') {
    cursor.at++;
    children.push(parseFactor(cursor));
  }
  return { kind: 'product', children };
}
`,
  'calculator/src/factor.ts': `import { parseExpression, type Cursor, type Node } from './expression';

export function parseFactor(cursor: Cursor): Node {
  const token = cursor.tokens[cursor.at++];
  if (token === '(') {
    const inner = parseExpression(cursor);
    cursor.at++;
    return inner;
  }
  let value = 0;
  for (let i = 0; i < token.length; i++) value = value * 10 + token.charCodeAt(i) - 48;
  return { kind: 'number', children: [], value };
}
`,
  'calculator/src/server.ts': `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { evaluate, parseExpression } from './expression';

createServer((req, res) => {
  const limits = JSON.parse(readFileSync('limits.json', 'utf8'));
  const tokens = String(req.url).slice(1).split('/').slice(0, limits.tokens);
  res.end(String(evaluate(parseExpression({ tokens, at: 0 }))));
}).listen(8080);
`,
};

const FIXTURE_PROJECTS = ['express-app', 'libraries', 'monorepo', 'request-paths', 'request-reach', 'evidence'];

function sourceFilesOf(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts'))
    .map((name) => path.join(folder, name))
    .sort();
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Each file's JSON output when `order` is loaded and reported in that order. */
async function jsonByFile(root: string, order: readonly string[], oneShot = false): Promise<Map<string, string>> {
  const analyzer = new Analyzer({ root, config: structuredClone(DEFAULT_CONFIG), oneShot });
  await analyzer.loadFiles(order);
  const reports = order.map((file) => analyzer.report(file));
  const output = JSON.parse(formatJson(reports, root, { name: 'threadwise', version: 'test' })) as { files: { path: string }[] };
  return new Map(output.files.map((file) => [file.path, JSON.stringify(file)]));
}

function assertSameOutput(actual: Map<string, string>, expected: Map<string, string>, what: string): void {
  for (const [file, json] of actual) {
    assert.ok(expected.has(file), `${what}: ${file} has no output in path order`);
    assert.equal(json, expected.get(file), `${what}: ${file} differs`);
  }
}

describe('order independence: file order never changes a result', function () {
  this.timeout(300_000);
  let root: string;
  let projects: Map<string, string[]>;
  let inPathOrder: Map<string, string>;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-order-'));
    for (const name of FIXTURE_PROJECTS) fs.cpSync(path.join(FIXTURES, 'typescript', name), path.join(root, name), { recursive: true });
    writeSources(root, CALCULATOR);
    projects = new Map([...FIXTURE_PROJECTS, 'calculator'].map((name) => [name, sourceFilesOf(path.join(root, name))]));
    inPathOrder = await jsonByFile(root, [...projects.values()].flat().sort());
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('analyses the mutually recursive parser: every member of the cycle has its verdict', () => {
    const functions = ['expression', 'term', 'factor'].flatMap((name) => {
      const file = JSON.parse(inPathOrder.get(`calculator/src/${name}.ts`)!) as { functions: { name: string; kind: string }[] };
      return file.functions.map((fn) => fn.name);
    });
    assert.deepEqual(functions.sort(), ['evaluate', 'parseExpression', 'parseFactor', 'parseTerm']);
  });

  it('gives the same JSON with the files reversed and in seeded shuffles', async () => {
    const files = [...projects.values()].flat().sort();
    assertSameOutput(await jsonByFile(root, [...files].reverse()), inPathOrder, 'reversed');
    for (const seed of [1, 2, 3, 12]) assertSameOutput(await jsonByFile(root, shuffled(files, seed)), inPathOrder, `shuffle ${seed}`);
  });

  it('gives the same JSON in a one-shot load (the CLI\'s), which hands the files over batch by batch and follows imports at the end', async () => {
    const files = [...projects.values()].flat().sort();
    assertSameOutput(await jsonByFile(root, files, true), inPathOrder, 'one-shot');
    // reversed: most imports name a file of a later batch
    assertSameOutput(await jsonByFile(root, [...files].reverse(), true), inPathOrder, 'one-shot reversed');
  });

  it('gives every project on its own (shuffled) the JSON it has among all of them', async () => {
    for (const [name, files] of projects) {
      const alone = await jsonByFile(root, shuffled(files, name.length));
      assert.equal(alone.size, files.length);
      assertSameOutput(alone, inPathOrder, `${name} alone`);
    }
  });
});
