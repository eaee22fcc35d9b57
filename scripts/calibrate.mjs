#!/usr/bin/env node
// Calibrates the cost model on this machine: times its primitives and writes the table the
// analysis converts estimates with (src/core/cost/calibration.json, bundled into the extension,
// the server and the CLI).
//
//   npm run calibrate                 # measure, write the table, print it
//   npm run calibrate -- --dry-run    # measure and print, do not write
//   npm run calibrate -- --runs 9     # timed runs per primitive (default 7, after 2 warm-ups)
//   npm run calibrate -- --only js.alloc-temporary,js.gzip-kb   # re-measure a few, keep the rest
//
// Times are CPU time of the process (a busy machine's other processes do not count), but a busy
// machine still slows a process down (shared caches, memory bandwidth, frequency). `--only`
// therefore also re-times the table's other kernels of the language and writes each named
// primitive on the table's scale: its time now × the median of table ÷ now over them, so the
// slowdown cancels out (the load average and the ratios are recorded with it). A full run records
// the load average it ran under.
//
// Primitives (ns per unit, the median of the timed runs):
// - `js.op` / `py.op`: one operation as the analyser counts them (loop iterations × body weight).
//   The loop bodies of scripts/calibration/loops.{mjs,py} (arithmetic, table look-ups, Math.random,
//   object allocation, string building, calls, nested loops …) are timed for real and analysed
//   by the CLI (dist/cli.js, `npm run build` first); each gives ns per counted operation. In
//   JavaScript the median over the plain samples (arithmetic, table look-ups, inlined calls) is
//   `js.op`; `js.call` (a call into a built-in the analyser does not see into) and `js.alloc` (an
//   object, array or string kept alive) are timed beyond the loop they sit in. In Python the
//   median over all samples is `py.op`. Every sample's ns per operation is recorded: it says how
//   far one shape of loop sits from the model.
// - kernels the catalog prices by the unit: JSON parse/serialise per KB, regex scan per KB,
//   SHA-256 per KB and per short-input call, pbkdf2 per iteration, scrypt and RSA key generation
//   per call, zlib per KB, sorting per comparison (n·log2 n), Python `sum` per element …
//   Compression is timed on representative data (the median over prose, source code, a CSV
//   export, an access log and JSON records with varied values: representativeTexts), not on one
//   repetitive document, which compresses several times faster than what programs compress.
// The machine class (CPU model, cores, Node and Python versions, platform) is recorded with it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = join(ROOT, 'src', 'core', 'cost', 'calibration.json');
const SAMPLES = join(ROOT, 'scripts', 'calibration');

function parseArgs(argv) {
  const options = { dryRun: false, runs: 7, only: undefined, cli: process.env.THREADWISE_CLI || join(ROOT, 'dist', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dry-run') options.dryRun = true;
    else if (argv[i] === '--only') options.only = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--runs') options.runs = Math.max(3, Number(argv[++i]));
    else if (argv[i] === '--cli') options.cli = resolve(argv[++i]);
    else throw new Error(`calibrate: unknown argument ${argv[i]}`);
  }
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

let sink = 0;
/** CPU time of this process in ns (every run here is single-threaded work on the main thread). */
function cpuNs() {
  const used = process.cpuUsage();
  return (used.user + used.system) * 1000;
}

/** Median ns per unit of `run` (which does `units` units of work), after two warm-up runs. */
function measure(run, units, runs) {
  for (let i = 0; i < 2; i++) sink ^= Number(Boolean(run()));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = cpuNs();
    sink ^= Number(Boolean(run()));
    times.push(cpuNs() - start);
  }
  const middle = median(times);
  return { ns: middle / units, spread: round((Math.max(...times) - Math.min(...times)) / middle, 2), runs };
}

function round(value, digits = 3) {
  if (value === 0) return 0;
  const scale = 10 ** Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(value))));
  return Math.round(value * scale) / scale;
}

function records(count) {
  return Array.from({ length: count }, (_, i) => ({
    id: i, name: `user-${i}`, email: `user${i}@example.com`, active: i % 3 === 0,
    scores: [i % 7, i % 11, i % 13], address: { city: 'Lyon', zip: String(69000 + (i % 9)) },
  }));
}

/** A pseudo-random generator with a fixed seed: the same texts on every run and machine. */
function generator(seed) {
  let state = seed >>> 0;
  return (modulo) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % modulo;
  };
}

const WORDS = ('order customer invoice total paid open shipped returned account balance payment card bank transfer '
  + 'warehouse item product price quantity discount region north south east west report month year week day').split(' ');

/** Lines of `line(i)` up to about `bytes` bytes, joined by newlines. */
function linesUpTo(bytes, line) {
  const lines = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const text = line(i);
    lines.push(text);
    length += text.length + 1;
  }
  return lines.join('\n');
}

/**
 * What programs compress, parse and scan, a few hundred KB of each kind: prose (this project's
 * README and architecture notes), source code (two of its modules), a CSV export, an access log
 * and JSON records with varied values. A per-KB kernel is priced at the median over them.
 */
function representativeTexts() {
  const random = generator(20_261_206);
  const word = () => WORDS[random(WORDS.length)];
  const read = (...paths) => paths.map((path) => readFileSync(join(ROOT, path), 'utf8')).join('\n');
  return {
    prose: read('README.md', 'docs/ARCHITECTURE.md'),
    'source code': read('src/core/typescript/evaluate.ts', 'src/core/python/evaluate.ts'),
    'CSV export': linesUpTo(256 << 10, (i) => `${i},${word()} ${word()},${random(100_000) / 100},2024-${1 + random(12)}-${1 + random(28)},${random(2) ? 'paid' : 'open'}`),
    'access log': linesUpTo(256 << 10, () => `10.${random(256)}.${random(256)}.${random(256)} - - [12/Mar/2024:${10 + random(14)}:${random(60)}:${random(60)} +0000] "GET /api/${word()}/${random(100_000)} HTTP/1.1" ${[200, 200, 200, 304, 404][random(5)]} ${random(50_000)}`),
    'JSON records': JSON.stringify(Array.from({ length: 2_500 }, () => ({
      id: random(1_000_000), customer: `${word()}-${random(10_000)}`, amount: random(100_000) / 100, status: word(), tags: [word(), word()],
    }))),
  };
}

/** gzip and gunzip ns per KB (of the uncompressed text) of each representative text, and their medians. */
function compression(runs) {
  const gzip = {};
  const gunzip = {};
  for (const [name, text] of Object.entries(representativeTexts())) {
    const blob = Buffer.from(text);
    const kb = blob.length / 1024;
    const packed = zlib.gzipSync(blob);
    gzip[name] = round(measure(() => zlib.gzipSync(blob), kb, runs).ns);
    gunzip[name] = round(measure(() => zlib.gunzipSync(packed), kb, runs).ns);
  }
  return {
    gzip: { ns: median(Object.values(gzip)), samples: gzip },
    gunzip: { ns: median(Object.values(gunzip)), samples: gunzip },
  };
}

/** The JavaScript kernels the catalog prices, per unit. */
function jsKernels(runs) {
  const doc = records(5_000);
  const text = JSON.stringify(doc);
  const kb = Buffer.byteLength(text) / 1024;
  const blob = Buffer.from(text);
  const numbers = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 1_000_003);
  const comparisons = numbers.length * Math.log2(numbers.length);
  const pattern = /[\w.+-]+@[\w-]+\.[\w.]+/g;
  return {
    'js.json-parse-kb': measure(() => JSON.parse(text), kb, runs),
    'js.json-stringify-kb': measure(() => JSON.stringify(doc), kb, runs),
    'js.structured-clone-kb': measure(() => structuredClone(doc), kb, runs),
    'js.regex-kb': measure(() => text.match(pattern).length, kb, runs),
    'js.sha256-kb': measure(() => crypto.createHash('sha256').update(blob).digest(), kb, runs),
    'js.hash-call': measure(() => {
      let last = '';
      for (let i = 0; i < 20_000; i++) last = crypto.createHash('sha256').update(`token-${i}`).digest('hex');
      return last;
    }, 20_000, runs),
    'js.pbkdf2-sha256-iteration': measure(() => crypto.pbkdf2Sync('password', 'salt', 50_000, 32, 'sha256'), 50_000, runs),
    'js.pbkdf2-sha512-iteration': measure(() => crypto.pbkdf2Sync('password', 'salt', 50_000, 64, 'sha512'), 50_000, runs),
    'js.scrypt-call': measure(() => crypto.scryptSync('password', 'salt', 64), 1, runs),
    'js.keypair-call': measure(() => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }), 1, Math.min(runs, 5)),
    'js.sort-comparison': measure(() => [...numbers].sort((a, b) => a - b), comparisons, runs),
  };
}

/**
 * Calls into compiled code the analyser does not see into (`js.call`) and heap allocations kept
 * alive (`js.alloc`, garbage collection included): ns per call or allocation, beyond the plain
 * loop iteration they sit in (median over a few everyday forms).
 */
function jsCallsAndAllocations(runs) {
  const n = 1_000_000;
  const loop = (body) => measure(body, n, runs).ns;
  const plain = loop(() => { let t = 0; for (let i = 0; i < n; i++) t += i & 15; return t; });
  const map = new Map(Array.from({ length: 1024 }, (_, k) => [k, k]));
  const texts = Array.from({ length: 16 }, (_, k) => String(k * 37));
  const calls = {
    'Math.random()': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += Math.random(); return t; }),
    'String.fromCharCode()': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += String.fromCharCode(97 + (i & 15)).length; return t; }),
    'map.get()': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += map.get(i & 1023); return t; }),
    'Number.parseInt()': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += Number.parseInt(texts[i & 15], 10); return t; }),
  };
  const push = loop(() => { const kept = []; for (let i = 0; i < n; i++) kept.push(i); return kept.length; });
  const allocations = {
    'object literal': loop(() => { const kept = []; for (let i = 0; i < n; i++) kept.push({ id: i, score: i * 2 }); return kept.length; }),
    'array literal': loop(() => { const kept = []; for (let i = 0; i < n; i++) kept.push([i, i * 2]); return kept.length; }),
    'string concatenation': loop(() => { const kept = []; for (let i = 0; i < n; i++) kept.push('k' + i); return kept.length; }),
  };
  // values that die young: a look-up key built per iteration, a string made and measured, an
  // object literal handed to a built-in and dropped (each beyond the same work on a value made once)
  const keyed = new Map(Array.from({ length: 1024 }, (_, k) => [`k${k}`, k]));
  const keys = [...keyed.keys()];
  const fixed = { id: 1, score: 2 };
  const temporaries = {
    'look-up key (template string)': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += keyed.get(`k${i & 1023}`); return t; })
      - loop(() => { let t = 0; for (let i = 0; i < n; i++) t += keyed.get(keys[i & 1023]); return t; }),
    'string made and measured': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += ('item-' + i).length; return t; }) - plain,
    'object passed to a built-in': loop(() => { let t = 0; for (let i = 0; i < n; i++) t += Object.keys({ id: i, score: i }).length; return t; })
      - loop(() => { let t = 0; for (let i = 0; i < n; i++) t += Object.keys(fixed).length; return t; }),
  };
  const beyond = (values, base) => Object.fromEntries(Object.entries(values).map(([name, ns]) => [name, round(Math.max(0.1, ns - base))]));
  const callSamples = beyond(calls, plain);
  const allocationSamples = beyond(allocations, push);
  const temporarySamples = beyond(temporaries, 0);
  return {
    call: { ns: median(Object.values(callSamples)), samples: callSamples },
    alloc: { ns: median(Object.values(allocationSamples)), samples: allocationSamples },
    temporary: { ns: median(Object.values(temporarySamples)), samples: temporarySamples },
  };
}

/** Operations the analyser counts for each sample function at its calibration size. */
function countedOperations(cli, files) {
  if (!existsSync(cli)) throw new Error(`calibrate: ${cli} not found; run \`npm run build\` first`);
  const folder = mkdtempSync(join(os.tmpdir(), 'threadwise-calibrate-'));
  try {
    const copies = files.map((file) => {
      const copy = join(folder, file.split('/').pop());
      copyFileSync(file, copy);
      return copy;
    });
    const run = spawnSync(process.execPath, [cli, 'analyze', ...copies, '--format', 'json'], { cwd: folder, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0 && run.status !== 1) throw new Error(`calibrate: the analyser failed: ${run.stderr}`);
    const counts = new Map();
    for (const file of JSON.parse(run.stdout).files) {
      for (const fn of file.functions) counts.set(fn.name, fn.estimate?.operations);
    }
    return counts;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * ns per counted operation of each sample loop, and the median over the samples `plain` names
 * (all when absent): the language's `op` primitive. The other samples are a check of the model
 * (their allocations and opaque calls are priced by their own primitives).
 */
function opPrimitive(timed, counts, language, plain) {
  const samples = {};
  for (const [name, { ns, spread }] of Object.entries(timed)) {
    const operations = counts.get(name);
    if (!operations) throw new Error(`calibrate: the analyser gave no operation count for ${language} sample ${name}`);
    samples[name] = { nsPerCall: round(ns), operations, nsPerOperation: round(ns / operations), spread };
  }
  const perOperation = Object.entries(samples).filter(([name]) => !plain || plain.includes(name)).map(([, sample]) => sample.nsPerOperation);
  return {
    ns: round(median(perOperation)),
    min: round(Math.min(...perOperation)),
    max: round(Math.max(...perOperation)),
    samples,
  };
}

/** Runs scripts/calibration/kernels.py (`only`: one part of it) on the representative texts in `textsFile`. */
function runPython(options, textsFile, only) {
  const env = { ...process.env, CALIBRATE_RUNS: String(options.runs), CALIBRATE_TEXTS: textsFile, ...(only ? { CALIBRATE_ONLY: only } : {}) };
  const python = spawnSync('python3', [join(SAMPLES, 'kernels.py')], { encoding: 'utf8', env, maxBuffer: 16 << 20 });
  if (python.status !== 0) throw new Error(`calibrate: python3 failed: ${python.stderr || python.error}`);
  return JSON.parse(python.stdout);
}

/** Units and descriptions of the primitives a full run writes and `--only` may add. */
const DESCRIPTIONS = {
  'js.alloc-temporary': ['allocation', 'an object, array or string that dies young (a look-up key, a string made and measured, an object passed and dropped), beyond the same work on a value made once'],
  'js.gzip-kb': ['KB', 'zlib gzipSync (level 6), median over representative texts'],
  'js.gunzip-kb': ['KB', 'zlib gunzipSync (KB of output), median over representative texts'],
  'py.zlib-compress-kb': ['KB', 'zlib.compress (level 6), median over representative texts'],
  'py.zlib-decompress-kb': ['KB', 'zlib.decompress (KB of output), median over representative texts'],
  'py.regex-literal-kb': ['KB', 'a compiled pattern\'s findall over text, for patterns that begin with literal text (median over representative texts and patterns)'],
};

/**
 * What `--only` can re-measure: `measure(runs, textsFile)` gives ns per unit now and samples. The
 * figure written is that × the table's scale against this run (`tableScale`).
 */
const RELATIVE = {
  'js.alloc-temporary': { language: 'js', measure: (runs) => jsCallsAndAllocations(runs).temporary },
  'js.gzip-kb': { language: 'js', measure: (runs) => compression(runs).gzip },
  'js.gunzip-kb': { language: 'js', measure: (runs) => compression(runs).gunzip },
  'py.zlib-compress-kb': { language: 'py', measure: (runs, textsFile) => runPython({ runs }, textsFile, 'compression').compression.compress },
  'py.zlib-decompress-kb': { language: 'py', measure: (runs, textsFile) => runPython({ runs }, textsFile, 'compression').compression.decompress },
  'py.regex-literal-kb': { language: 'py', measure: (runs, textsFile) => runPython({ runs }, textsFile, 'regex-literal').regexLiteral },
};

/**
 * How much slower (or faster) the table's figures are than this run's: the median over the
 * language's kernels, calls and allocations of table ÷ now (several references, so one noisy
 * entry does not decide), with the samples it rests on.
 */
function tableScale(table, language, runs, textsFile, replaced) {
  const now = {};
  if (language === 'js') {
    for (const [name, value] of Object.entries(jsKernels(runs))) now[name] = value.ns;
    const opaque = jsCallsAndAllocations(runs);
    now['js.call'] = opaque.call.ns;
    now['js.alloc'] = opaque.alloc.ns;
  } else {
    const py = runPython({ runs }, textsFile);
    for (const [name, value] of Object.entries(py.kernels)) now[name] = value.ns;
    now['py.alloc'] = py.alloc.ns;
  }
  const ratios = {};
  for (const [name, ns] of Object.entries(now)) {
    if (!replaced.includes(name) && table.primitives[name]) ratios[name] = round(table.primitives[name].ns / ns);
  }
  return { factor: median(Object.values(ratios)), ratios };
}

const loadAverage = () => round(os.loadavg()[0], 2);

/** `--only a,b`: re-measures the named primitives, on the table's scale, and merges them into the table. */
function calibrateOnly(options, textsFile) {
  const table = JSON.parse(readFileSync(TABLE, 'utf8'));
  const scales = {};
  for (const name of options.only) {
    const relative = RELATIVE[name];
    if (!relative) throw new Error(`calibrate: --only knows ${Object.keys(RELATIVE).join(', ')}; run a full calibration for ${name}`);
    process.stderr.write(`calibrate: timing ${name} …\n`);
    const load = loadAverage();
    const timed = relative.measure(options.runs, textsFile);
    if (!scales[relative.language]) {
      process.stderr.write(`calibrate: timing the table's ${relative.language} kernels for its scale …\n`);
      scales[relative.language] = tableScale(table, relative.language, options.runs, textsFile, options.only);
    }
    const scale = scales[relative.language];
    const [unit, what] = DESCRIPTIONS[name] ?? [table.primitives[name].unit, table.primitives[name].what];
    table.primitives[name] = {
      ns: round(timed.ns * scale.factor),
      unit,
      what,
      measuredAlone: { on: new Date().toISOString().slice(0, 10), loadAverage: load, nsNow: round(timed.ns), tableScale: round(scale.factor), tableOverNow: scale.ratios },
      samples: timed.samples,
    };
  }
  table.primitives = Object.fromEntries(Object.entries(table.primitives).sort(([a], [b]) => primitiveOrder(a) - primitiveOrder(b)));
  return table;
}

/** The table lists the primitives in the order of PRIMITIVES in src/core/cost/time.ts (JavaScript first). */
function primitiveOrder(name) {
  const order = ['js.op', 'js.call', 'js.alloc', 'js.alloc-temporary'];
  const index = order.indexOf(name);
  if (index >= 0) return index;
  // the rest keep their order within their language (a primitive new to the table comes last in it)
  return order.length + (name.startsWith('js.') ? 0 : 1);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const folder = mkdtempSync(join(os.tmpdir(), 'threadwise-texts-'));
  const textsFile = join(folder, 'texts.json');
  writeFileSync(textsFile, JSON.stringify(representativeTexts()));
  try {
    const table = options.only ? calibrateOnly(options, textsFile) : await calibrateAll(options, textsFile);
    const json = `${JSON.stringify(table, null, 2)}\n`;
    if (!options.dryRun) writeFileSync(TABLE, json);
    const rows = Object.entries(table.primitives).map(([name, value]) => `  ${name.padEnd(28)} ${String(value.ns).padStart(12)} ns per ${value.unit}${value.min !== undefined ? ` (samples ${value.min}–${value.max})` : ''}`);
    process.stdout.write(`${options.dryRun ? 'measured (not written)' : `wrote ${TABLE}`}\nmachine: ${JSON.stringify(table.machineClass)}\n${rows.join('\n')}\n`);
    if (sink === 42) process.stdout.write('');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function calibrateAll(options, textsFile) {
  const load = loadAverage();
  process.stderr.write('calibrate: timing the JavaScript samples and kernels …\n');
  const loops = await import(pathToFileURL(join(SAMPLES, 'loops.mjs')).href);
  const jsTimed = {};
  for (const [name, size] of Object.entries(loops.SIZES)) jsTimed[name] = measure(() => loops[name](size), 1, options.runs);
  const jsKernelTimes = jsKernels(options.runs);
  const jsOpaque = jsCallsAndAllocations(options.runs);
  const jsCompressionTimes = compression(options.runs);

  process.stderr.write('calibrate: timing the Python samples and kernels …\n');
  const py = runPython(options, textsFile);

  process.stderr.write('calibrate: counting the samples\' operations with the analyser …\n');
  const counts = countedOperations(options.cli, [join(SAMPLES, 'loops.mjs'), join(SAMPLES, 'loops.py')]);
  const jsOp = opPrimitive(jsTimed, counts, 'JavaScript', loops.PLAIN);
  const pyOp = opPrimitive(py.loops, counts, 'Python', py.plain);

  const primitive = (value, unit, what) => ({ ns: round(value.ns), unit, what, spread: value.spread });
  const table = {
    about: 'Written by `npm run calibrate` (scripts/calibrate.mjs): ns per unit of each primitive of the cost model, measured on the machine class below (median of timed runs after warm-up).',
    machineClass: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.cpus().length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${process.platform}-${process.arch}`,
      node: process.version,
      python: `${py.implementation} ${py.python}`,
    },
    measuredAt: new Date().toISOString().slice(0, 10),
    loadAverage: load,
    primitives: {
      'js.op': { ns: jsOp.ns, unit: 'operation', what: 'one operation as the analyser counts them in JavaScript (median over the sample loops)', min: jsOp.min, max: jsOp.max, samples: jsOp.samples },
      'js.call': { ns: round(jsOpaque.call.ns), unit: 'call', what: 'a call into a built-in or library the analyser does not see into, beyond the loop around it', samples: jsOpaque.call.samples },
      'js.alloc': { ns: round(jsOpaque.alloc.ns), unit: 'allocation', what: 'an object, array or string kept alive (garbage collection included), beyond the push that keeps it', samples: jsOpaque.alloc.samples },
      'js.alloc-temporary': { ns: round(jsOpaque.temporary.ns), unit: DESCRIPTIONS['js.alloc-temporary'][0], what: DESCRIPTIONS['js.alloc-temporary'][1], samples: jsOpaque.temporary.samples },
      'js.json-parse-kb': primitive(jsKernelTimes['js.json-parse-kb'], 'KB', 'JSON.parse'),
      'js.json-stringify-kb': primitive(jsKernelTimes['js.json-stringify-kb'], 'KB', 'JSON.stringify'),
      'js.structured-clone-kb': primitive(jsKernelTimes['js.structured-clone-kb'], 'KB', 'structuredClone'),
      'js.regex-kb': primitive(jsKernelTimes['js.regex-kb'], 'KB', 'a global regular-expression scan of text'),
      'js.sha256-kb': primitive(jsKernelTimes['js.sha256-kb'], 'KB', 'SHA-256 of a large buffer'),
      'js.hash-call': primitive(jsKernelTimes['js.hash-call'], 'call', 'createHash + update + digest of a short input'),
      'js.pbkdf2-sha256-iteration': primitive(jsKernelTimes['js.pbkdf2-sha256-iteration'], 'iteration', 'pbkdf2Sync with sha256'),
      'js.pbkdf2-sha512-iteration': primitive(jsKernelTimes['js.pbkdf2-sha512-iteration'], 'iteration', 'pbkdf2Sync with sha512'),
      'js.scrypt-call': primitive(jsKernelTimes['js.scrypt-call'], 'call', 'scryptSync with the default cost (N = 16384)'),
      'js.keypair-call': primitive(jsKernelTimes['js.keypair-call'], 'call', 'generateKeyPairSync rsa 2048'),
      'js.gzip-kb': { ns: round(jsCompressionTimes.gzip.ns), unit: 'KB', what: DESCRIPTIONS['js.gzip-kb'][1], samples: jsCompressionTimes.gzip.samples },
      'js.gunzip-kb': { ns: round(jsCompressionTimes.gunzip.ns), unit: 'KB', what: DESCRIPTIONS['js.gunzip-kb'][1], samples: jsCompressionTimes.gunzip.samples },
      'js.sort-comparison': primitive(jsKernelTimes['js.sort-comparison'], 'comparison', 'Array.prototype.sort with a comparator, per n·log2(n)'),
      'py.op': { ns: pyOp.ns, unit: 'operation', what: 'one operation as the analyser counts them in Python (median over the sample loops)', min: pyOp.min, max: pyOp.max, samples: pyOp.samples },
      'py.alloc': { ns: round(py.alloc.ns), unit: 'value', what: 'a value kept alive (a comprehension\'s item, what append stores), beyond the loop iteration', samples: py.alloc.samples },
      'py.json-dumps-kb': primitive(py.kernels['py.json-dumps-kb'], 'KB', 'json.dumps'),
      'py.json-loads-kb': primitive(py.kernels['py.json-loads-kb'], 'KB', 'json.loads'),
      'py.regex-kb': primitive(py.kernels['py.regex-kb'], 'KB', 'a compiled pattern\'s findall over text'),
      'py.regex-literal-kb': { ns: round(py.regexLiteral.ns), unit: 'KB', what: DESCRIPTIONS['py.regex-literal-kb'][1], samples: py.regexLiteral.samples },
      'py.sha256-kb': primitive(py.kernels['py.sha256-kb'], 'KB', 'hashlib.sha256 of a large buffer'),
      'py.hash-call': primitive(py.kernels['py.hash-call'], 'call', 'hashlib.sha256(short input).hexdigest()'),
      'py.pbkdf2-sha256-iteration': primitive(py.kernels['py.pbkdf2-sha256-iteration'], 'iteration', 'hashlib.pbkdf2_hmac with sha256'),
      'py.zlib-compress-kb': { ns: round(py.compression.compress.ns), unit: 'KB', what: DESCRIPTIONS['py.zlib-compress-kb'][1], samples: py.compression.compress.samples },
      'py.zlib-decompress-kb': { ns: round(py.compression.decompress.ns), unit: 'KB', what: DESCRIPTIONS['py.zlib-decompress-kb'][1], samples: py.compression.decompress.samples },
      'py.sum-element': primitive(py.kernels['py.sum-element'], 'element', 'sum() over a range'),
      'py.sort-comparison': primitive(py.kernels['py.sort-comparison'], 'comparison', 'sorted() per n·log2(n)'),
    },
  };
  return table;
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
