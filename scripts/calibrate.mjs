#!/usr/bin/env node
// Calibrates the cost model on this machine: times its primitives and writes the table the
// analysis converts estimates with (src/core/cost/calibration.json, bundled into the extension,
// the server and the CLI).
//
//   npm run calibrate                 # measure, write the table, print it
//   npm run calibrate -- --dry-run    # measure and print, do not write
//   npm run calibrate -- --runs 9     # timed runs per primitive (default 7, after 2 warm-ups)
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
// The machine class (CPU model, cores, Node and Python versions, platform) is recorded with it.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = join(ROOT, 'src', 'core', 'cost', 'calibration.json');
const SAMPLES = join(ROOT, 'scripts', 'calibration');

function parseArgs(argv) {
  const options = { dryRun: false, runs: 7, cli: process.env.THREADWISE_CLI || join(ROOT, 'dist', 'cli.js') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dry-run') options.dryRun = true;
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
/** Median ns per unit of `run` (which does `units` units of work), after two warm-up runs. */
function measure(run, units, runs) {
  for (let i = 0; i < 2; i++) sink ^= Number(Boolean(run()));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    sink ^= Number(Boolean(run()));
    times.push(Number(process.hrtime.bigint() - start));
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

/** The JavaScript kernels the catalog prices, per unit. */
function jsKernels(runs) {
  const doc = records(5_000);
  const text = JSON.stringify(doc);
  const kb = Buffer.byteLength(text) / 1024;
  const blob = Buffer.from(text);
  const packed = zlib.gzipSync(blob);
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
    'js.gzip-kb': measure(() => zlib.gzipSync(blob), kb, runs),
    'js.gunzip-kb': measure(() => zlib.gunzipSync(packed), kb, runs),
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
  const beyond = (values, base) => Object.fromEntries(Object.entries(values).map(([name, ns]) => [name, round(Math.max(0.1, ns - base))]));
  const callSamples = beyond(calls, plain);
  const allocationSamples = beyond(allocations, push);
  return {
    call: { ns: median(Object.values(callSamples)), samples: callSamples },
    alloc: { ns: median(Object.values(allocationSamples)), samples: allocationSamples },
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

async function main() {
  const options = parseArgs(process.argv.slice(2));
  process.stderr.write('calibrate: timing the JavaScript samples and kernels …\n');
  const loops = await import(pathToFileURL(join(SAMPLES, 'loops.mjs')).href);
  const jsTimed = {};
  for (const [name, size] of Object.entries(loops.SIZES)) jsTimed[name] = measure(() => loops[name](size), 1, options.runs);
  const jsKernelTimes = jsKernels(options.runs);
  const jsOpaque = jsCallsAndAllocations(options.runs);

  process.stderr.write('calibrate: timing the Python samples and kernels …\n');
  const python = spawnSync('python3', [join(SAMPLES, 'kernels.py')], { encoding: 'utf8', env: { ...process.env, CALIBRATE_RUNS: String(options.runs) }, maxBuffer: 16 << 20 });
  if (python.status !== 0) throw new Error(`calibrate: python3 failed: ${python.stderr || python.error}`);
  const py = JSON.parse(python.stdout);

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
    primitives: {
      'js.op': { ns: jsOp.ns, unit: 'operation', what: 'one operation as the analyser counts them in JavaScript (median over the sample loops)', min: jsOp.min, max: jsOp.max, samples: jsOp.samples },
      'js.call': { ns: round(jsOpaque.call.ns), unit: 'call', what: 'a call into a built-in or library the analyser does not see into, beyond the loop around it', samples: jsOpaque.call.samples },
      'js.alloc': { ns: round(jsOpaque.alloc.ns), unit: 'allocation', what: 'an object, array or string kept alive (garbage collection included), beyond the push that keeps it', samples: jsOpaque.alloc.samples },
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
      'js.gzip-kb': primitive(jsKernelTimes['js.gzip-kb'], 'KB', 'zlib gzipSync (level 6)'),
      'js.gunzip-kb': primitive(jsKernelTimes['js.gunzip-kb'], 'KB', 'zlib gunzipSync (KB of output)'),
      'js.sort-comparison': primitive(jsKernelTimes['js.sort-comparison'], 'comparison', 'Array.prototype.sort with a comparator, per n·log2(n)'),
      'py.op': { ns: pyOp.ns, unit: 'operation', what: 'one operation as the analyser counts them in Python (median over the sample loops)', min: pyOp.min, max: pyOp.max, samples: pyOp.samples },
      'py.alloc': { ns: round(py.alloc.ns), unit: 'value', what: 'a value kept alive (a comprehension\'s item, what append stores), beyond the loop iteration', samples: py.alloc.samples },
      'py.json-dumps-kb': primitive(py.kernels['py.json-dumps-kb'], 'KB', 'json.dumps'),
      'py.json-loads-kb': primitive(py.kernels['py.json-loads-kb'], 'KB', 'json.loads'),
      'py.regex-kb': primitive(py.kernels['py.regex-kb'], 'KB', 'a compiled pattern\'s findall over text'),
      'py.sha256-kb': primitive(py.kernels['py.sha256-kb'], 'KB', 'hashlib.sha256 of a large buffer'),
      'py.hash-call': primitive(py.kernels['py.hash-call'], 'call', 'hashlib.sha256(short input).hexdigest()'),
      'py.pbkdf2-sha256-iteration': primitive(py.kernels['py.pbkdf2-sha256-iteration'], 'iteration', 'hashlib.pbkdf2_hmac with sha256'),
      'py.zlib-compress-kb': primitive(py.kernels['py.zlib-compress-kb'], 'KB', 'zlib.compress (level 6)'),
      'py.zlib-decompress-kb': primitive(py.kernels['py.zlib-decompress-kb'], 'KB', 'zlib.decompress (KB of output)'),
      'py.sum-element': primitive(py.kernels['py.sum-element'], 'element', 'sum() over a range'),
      'py.sort-comparison': primitive(py.kernels['py.sort-comparison'], 'comparison', 'sorted() per n·log2(n)'),
    },
  };
  const json = `${JSON.stringify(table, null, 2)}\n`;
  if (!options.dryRun) writeFileSync(TABLE, json);
  const rows = Object.entries(table.primitives).map(([name, value]) => `  ${name.padEnd(28)} ${String(value.ns).padStart(12)} ns per ${value.unit}${value.min !== undefined ? ` (samples ${value.min}–${value.max})` : ''}`);
  process.stdout.write(`${options.dryRun ? 'measured (not written)' : `wrote ${TABLE}`}\nmachine: ${JSON.stringify(table.machineClass)}\n${rows.join('\n')}\n`);
  if (sink === 42) process.stdout.write('');
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
});
