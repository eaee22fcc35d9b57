#!/usr/bin/env node
/**
 * `npm run fuzz` — mutation fuzzing of the CLI with real code.
 *
 * Seeds are real TypeScript/JavaScript files from the installed packages (node_modules) and real
 * Python files from the system's Python library; each mutation class (truncation, token
 * insertion, deep nesting, long chains, odd line endings, …) derives inputs from them. Inputs
 * run through `threadwise analyze --format json` in batches, each batch with a sentinel file
 * whose finding is known, and every run is checked for:
 *   - crash: an exit code other than 0/1, an internal error, or output that is not JSON;
 *   - hang: no answer within the time limit;
 *   - wrong output: a file without a result or a skip reason, the sentinel's finding lost (one
 *     file cost another its result), a position outside its file (VS Code's line model: CR, LF
 *     and CRLF end lines), a range that ends before it starts.
 * A failing batch is re-run one input at a time so each failure has its own reproducer, written
 * to the output folder (`.fuzz/` by default, ignored by git) with what went wrong.
 *
 * Options: --count N (inputs per class, default 12), --seconds S (time budget, default 300),
 * --seed N, --cli path (default dist/cli.js; point it at an older build to compare),
 * --classes a,b (default all), --out folder, --batch N (inputs per run, default 8),
 * --timeout S (per run, default 60).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from './lib/seeded-random.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const USAGE = `Usage: npm run fuzz -- [--count N] [--seconds S] [--seed N] [--cli path] [--classes a,b]
                        [--out folder] [--batch N] [--timeout S]
Mutation fuzzing of the CLI with real files; reproducers of failures go to --out (default .fuzz/).`;
const { values: options } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    count: { type: 'string', default: '12' },
    seconds: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    cli: { type: 'string', default: path.join(ROOT, 'dist/cli.js') },
    classes: { type: 'string' },
    out: { type: 'string', default: path.join(ROOT, '.fuzz') },
    batch: { type: 'string', default: '8' },
    timeout: { type: 'string', default: '60' },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const COUNT = Number(options.count);
const DEADLINE = Date.now() + Number(options.seconds) * 1000;
const BATCH = Number(options.batch);
const RUN_TIMEOUT_MS = Number(options.timeout) * 1000;

// ------------------------------------------------------------------ randomness (seeded)

const random = mulberry32(Number(options.seed));
const integer = (below) => Math.floor(random() * below);
const pick = (items) => items[integer(items.length)];

// ------------------------------------------------------------------ seeds

/** Real source files, found in a stable order and sampled with the seed. */
function seedFiles(language) {
  const roots = language === 'python' ? ['/usr/lib/python3', ...globDirectories('/usr/lib', /^python3\.\d+$/)] : [path.join(ROOT, 'node_modules')];
  const wanted = language === 'python' ? /\.py$/ : /\.(ts|js|mjs|cjs|tsx|jsx)$/;
  const found = [];
  const visit = (directory, depth) => {
    if (depth > 7 || found.length > 4000) return;
    let entries;
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) visit(full, depth + 1);
      else if (entry.isFile() && wanted.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.includes('.min.')) {
        const size = fs.statSync(full).size;
        if (size > 300 && size < 40_000) found.push(full);
      }
    }
  };
  for (const root of roots) visit(root, 0);
  return found;
}

function globDirectories(parent, pattern) {
  try {
    return fs.readdirSync(parent).filter((name) => pattern.test(name)).map((name) => path.join(parent, name));
  } catch {
    return [];
  }
}

// ------------------------------------------------------------------ mutation classes

const TS_TOKENS = ['{', '}', '(', ')', '[', ']', ';', ',', '=>', 'async ', 'await ', 'function ', 'class ', 'for (;;) ', 'while (true) ',
  'readFileSync(', 'new Worker(', 'Promise.all(', '`${', '`', "'", '"', '/*', '*/', '//', '\n', 'yield ', 'export default ', '...', '?.', '#x', '@d\n'];
const PY_TOKENS = [':', '(', ')', '[', ']', '\n', '\n    ', '\t', 'def ', 'async def ', 'await ', 'class ', 'for x in range(10**9):\n', 'lambda: ',
  'import threading\n', 'with ', 'yield ', '"""', "'''", '#', '\\\n', 'f"{', '@decorator\n', 'global x\n', 'if __name__ == "__main__":\n'];

const MUTATIONS = {
  truncate: (text) => text.slice(0, integer(text.length)),
  'delete-span': (text) => {
    const start = integer(text.length);
    return text.slice(0, start) + text.slice(start + 1 + integer(200));
  },
  'duplicate-span': (text) => {
    const start = integer(text.length);
    const span = text.slice(start, start + 1 + integer(400));
    const at = integer(text.length);
    return text.slice(0, at) + span + text.slice(at);
  },
  'insert-tokens': (text, language) => {
    let result = text;
    for (let i = 0; i < 1 + integer(8); i++) {
      const at = integer(result.length);
      result = result.slice(0, at) + pick(language === 'python' ? PY_TOKENS : TS_TOKENS) + result.slice(at);
    }
    return result;
  },
  'swap-lines': (text) => {
    const lines = text.split('\n');
    for (let i = 0; i < 1 + integer(10); i++) {
      const a = integer(lines.length);
      const b = integer(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
    }
    return lines.join('\n');
  },
  'line-endings': (text) => {
    const style = pick(['\r\n', '\r', '\u2028', '\u2029', 'mixed']);
    if (style !== 'mixed') return text.replace(/\r?\n/g, style);
    return text.replace(/\r?\n/g, () => pick(['\n', '\r\n', '\r', '\u2028']));
  },
  unicode: (text) => {
    let result = random() < 0.3 ? `\uFEFF${text}` : text;
    for (let i = 0; i < 1 + integer(6); i++) {
      const at = integer(result.length);
      result = result.slice(0, at) + pick(['é', '𝒳', '\u200B', '\uD800', '中文', '\u0085', '\u000B', '\u000C', '🙂']) + result.slice(at);
    }
    return result;
  },
  'deep-nesting': (text, language) => {
    const depth = pick([200, 1000, 3000]);
    const [open, close] = language === 'python' ? pick([['(\n', ')\n'], ['[\n', ']\n']]) : pick([['(\n', ')\n'], ['[\n', ']\n'], ['f(\n', ')\n'], ['{ a:\n', '}\n']]);
    const nested = `${language === 'python' ? 'deep = ' : 'export const deep = '}${open.repeat(depth)}1${close.repeat(depth)}\n`;
    const functions = language === 'python'
      ? Array.from({ length: Math.min(depth, 90) }, (_, i) => `${'    '.repeat(i)}def level${i}():\n`).join('') + `${'    '.repeat(Math.min(depth, 90))}return 1\n`
      : `${'function level() {\n'.repeat(depth)}return 1;\n${'}\n'.repeat(depth)}`;
    return `${text}\n${random() < 0.5 ? nested : functions}`;
  },
  'long-chain': (text, language) => {
    const terms = pick([500, 1500, 5000]);
    const operator = pick([' +\n', ' &&\n', ' ||\n', ' ??\n', ',\n']);
    const chain = Array.from({ length: terms }, (_, i) => (random() < 0.5 ? "'x'" : `v${i % 7}`)).join(language === 'python' ? ' +\n' : operator);
    return `${text}\n${language === 'python' ? `chain = (${chain})` : `export const chain = (${chain});`}\n`;
  },
  'huge-literal': (text, language) => {
    const literal = pick([`'${'x'.repeat(200_000)}'`, `[${Array.from({ length: 20_000 }, (_, i) => i).join(',\n')}]`, `{${Array.from({ length: 5_000 }, (_, i) => `k${i}: ${i}`).join(',\n')}}`]);
    return `${text}\n${language === 'python' ? `big = ${literal.startsWith('{') ? literal.replace(/k(\d+):/g, "'k$1':") : literal}` : `export const big = ${literal};`}\n`;
  },
  'byte-flip': (text) => {
    const chars = [...text];
    for (let i = 0; i < 1 + integer(10); i++) chars[integer(chars.length)] = String.fromCharCode(integer(128));
    return chars.join('');
  },
};

// ------------------------------------------------------------------ running and checking

const SENTINEL_NAME = 'sentinel_handler.ts';
const SENTINEL = `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
createServer((req, res) => {
  res.end(readFileSync('page.html', 'utf8'));
}).listen(8080);
`;

/** VS Code's lines: CR, LF and CRLF end a line (U+2028/2029 do not). */
function lineLengths(text) {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function positionProblem(lengths, line, column, what) {
  if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return `${what}: ${line}:${column} is not a 1-based position`;
  if (line > lengths.length) return `${what}: line ${line} is past the last line (${lengths.length})`;
  if (column > lengths[line - 1] + 1) return `${what}: column ${column} is past the end of line ${line} (${lengths[line - 1]} characters)`;
  return undefined;
}

function rangeProblems(lengths, range, what) {
  const problems = [positionProblem(lengths, range.line, range.column, `${what} start`), positionProblem(lengths, range.endLine, range.endColumn, `${what} end`)];
  if (range.endLine < range.line || (range.endLine === range.line && range.endColumn < range.column)) problems.push(`${what}: ends before it starts`);
  return problems.filter(Boolean);
}

/** Runs the CLI over some inputs and the sentinel; returns the failure of the run, or per-input problems. */
function runBatch(inputs) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-fuzz-'));
  try {
    fs.writeFileSync(path.join(folder, SENTINEL_NAME), SENTINEL);
    for (const input of inputs) fs.writeFileSync(path.join(folder, input.name), input.text);
    const started = Date.now();
    const run = spawnSync(process.execPath, [options.cli, 'analyze', ...inputs.map((input) => input.name), SENTINEL_NAME, '--format', 'json'], {
      cwd: folder, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' },
    });
    const milliseconds = Date.now() - started;
    if (run.error?.code === 'ETIMEDOUT' || run.signal === 'SIGTERM') return { outcome: 'hang', detail: `no answer within ${RUN_TIMEOUT_MS / 1000} s`, milliseconds };
    if (![0, 1].includes(run.status) || /internal error/.test(run.stderr)) return { outcome: 'crash', detail: `exit ${run.status}: ${run.stderr.split('\n').slice(0, 3).join(' / ')}`, milliseconds };
    let output;
    try {
      output = JSON.parse(run.stdout);
    } catch (error) {
      return { outcome: 'crash', detail: `invalid JSON: ${error.message}`, milliseconds };
    }
    return { outcome: 'ran', problems: checkOutput(output, inputs), milliseconds };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function checkOutput(output, inputs) {
  const problems = new Map();
  const note = (name, problem) => problems.set(name, [...(problems.get(name) ?? []), problem]);
  const byPath = new Map(output.files.map((file) => [file.path, file]));
  const sentinel = byPath.get(SENTINEL_NAME);
  const sentinelFindings = sentinel?.diagnostics.map((diagnostic) => `${diagnostic.rule}@${diagnostic.line}`).join(',');
  if (sentinelFindings !== 'blocking-sync-io@4') for (const input of inputs) note(input.name, `the sentinel file lost its finding (${sentinel?.skipped ?? sentinelFindings})`);
  for (const input of inputs) {
    const file = byPath.get(input.name);
    if (!file) {
      note(input.name, 'no result for the file');
      continue;
    }
    if (file.skipped !== undefined && !file.skipped.trim()) note(input.name, 'skipped without a reason');
    const lengths = lineLengths(input.text);
    for (const fn of file.functions) for (const problem of rangeProblems(lengths, fn, `function ${fn.name}`)) note(input.name, problem);
    for (const diagnostic of file.diagnostics) for (const problem of rangeProblems(lengths, diagnostic, `diagnostic ${diagnostic.rule}`)) note(input.name, problem);
  }
  return problems;
}

// ------------------------------------------------------------------ campaign

function main() {
  if (!fs.existsSync(options.cli)) {
    console.error(`fuzz: ${options.cli} not found (run npm run build first)`);
    process.exit(2);
  }
  const classes = options.classes ? options.classes.split(',') : Object.keys(MUTATIONS);
  const seeds = { typescript: seedFiles('typescript'), python: seedFiles('python') };
  console.log(`fuzz: ${seeds.typescript.length} TS/JS and ${seeds.python.length} Python seed files; ${COUNT} inputs per class; cli ${path.relative(process.cwd(), options.cli) || options.cli}`);
  fs.mkdirSync(options.out, { recursive: true });
  const totals = {};
  let serial = 0;
  for (const name of classes) {
    const counts = { inputs: 0, crashes: 0, hangs: 0, wrong: 0, skipped: 0 };
    totals[name] = counts;
    const inputs = [];
    for (let i = 0; i < COUNT; i++) {
      const language = random() < 0.3 && seeds.python.length > 0 ? 'python' : 'typescript';
      const seed = pick(seeds[language]);
      const extension = language === 'python' ? '.py' : path.extname(seed).replace(/^\.(d\.)?/, '.');
      const text = MUTATIONS[name](fs.readFileSync(seed, 'utf8'), language);
      inputs.push({ name: `input_${serial++}${extension === '.d' ? '.ts' : extension}`, text, seed: path.relative(ROOT, seed) });
    }
    for (let start = 0; start < inputs.length && Date.now() < DEADLINE; start += BATCH) {
      const batch = inputs.slice(start, start + BATCH);
      counts.inputs += batch.length;
      const result = runBatch(batch);
      const failing = result.outcome === 'ran' ? [...result.problems.keys()] : batch.map((input) => input.name);
      // A run that failed as a whole: find the inputs responsible, one run each.
      const verdicts = result.outcome === 'ran' ? new Map(failing.map((inputName) => [inputName, { outcome: 'wrong', detail: result.problems.get(inputName).slice(0, 5).join('; ') }]))
        : new Map(batch.map((input) => {
          const single = runBatch([input]);
          if (single.outcome !== 'ran') return [input.name, single];
          const problems = single.problems.get(input.name);
          return [input.name, problems ? { outcome: 'wrong', detail: problems.slice(0, 5).join('; ') } : { outcome: 'ok' }];
        }));
      for (const input of batch) {
        const verdict = verdicts.get(input.name);
        if (!verdict || verdict.outcome === 'ok') continue;
        const key = verdict.outcome === 'crash' ? 'crashes' : verdict.outcome === 'hang' ? 'hangs' : 'wrong';
        counts[key]++;
        const reproducer = path.join(options.out, `${name}-${input.name}`);
        fs.writeFileSync(reproducer, input.text);
        fs.writeFileSync(`${reproducer}.json`, JSON.stringify({ class: name, outcome: verdict.outcome, detail: verdict.detail, seed: input.seed, cli: options.cli }, null, 2));
        console.log(`  ${verdict.outcome.padEnd(5)} ${name} ${path.relative(process.cwd(), reproducer)}: ${verdict.detail}`);
      }
    }
    counts.skipped = COUNT - counts.inputs;
    console.log(`${name.padEnd(15)} inputs ${String(counts.inputs).padStart(4)}  crashes ${counts.crashes}  hangs ${counts.hangs}  wrong ${counts.wrong}${counts.skipped ? `  (time budget: ${counts.skipped} not run)` : ''}`);
  }
  const sum = (key) => Object.values(totals).reduce((total, counts) => total + counts[key], 0);
  console.log(`total           inputs ${sum('inputs')}  crashes ${sum('crashes')}  hangs ${sum('hangs')}  wrong ${sum('wrong')}; reproducers in ${path.relative(process.cwd(), options.out) || options.out}`);
  fs.writeFileSync(path.join(options.out, 'summary.json'), JSON.stringify({ cli: options.cli, seed: Number(options.seed), count: COUNT, totals }, null, 2));
  process.exitCode = sum('crashes') + sum('hangs') + sum('wrong') > 0 ? 1 : 0;
}

main();
