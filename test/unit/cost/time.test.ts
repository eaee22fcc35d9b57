/**
 * Cost in time (core/cost/time.ts): the calibration table converts the cost model's primitives to
 * milliseconds, and the estimates the analysers report are those conversions. Figures come from
 * the table, never from timings made here.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, deprecationNotes, legacyThresholdMs, parseConfig } from '../../../src/core/config';
import {
  CALIBRATION, CalibrationError, PRIMITIVES, estimateMs, formatMs, msToOps, nsPer, opsToMs, primitiveInOps, validateCalibration,
} from '../../../src/core/cost/time';
import { toConfig, withDefaults } from '../../../src/server/settings';
import { analyzeSources, functionIn } from '../support';

describe('cost in time: the calibration table', () => {
  it('has a positive figure for every primitive and records the machine class', () => {
    for (const primitive of PRIMITIVES) assert.ok(nsPer(primitive) > 0, primitive);
    assert.ok(CALIBRATION.machineClass.cpu.length > 0);
    assert.ok(CALIBRATION.machineClass.cores > 0);
    assert.match(CALIBRATION.machineClass.node, /^v\d+/);
  });

  it('refuses a table without a figure for a primitive, naming it', () => {
    const broken = structuredClone(CALIBRATION) as unknown as { primitives: Record<string, unknown> };
    delete broken.primitives['js.pbkdf2-sha256-iteration'];
    assert.throws(() => validateCalibration(broken), (error: Error) => error instanceof CalibrationError && /js\.pbkdf2-sha256-iteration/.test(error.message));
    assert.throws(() => validateCalibration(null), CalibrationError);
  });

  it('converts counts of primitives to milliseconds, additively', () => {
    const pbkdf2 = estimateMs({ 'js.pbkdf2-sha256-iteration': 600_000 });
    assert.equal(pbkdf2, (600_000 * nsPer('js.pbkdf2-sha256-iteration')) / 1e6);
    assert.equal(estimateMs({ 'js.pbkdf2-sha256-iteration': 600_000, 'js.op': 1e6 }), pbkdf2 + opsToMs('js', 1e6));
    assert.equal(estimateMs({}), 0);
  });

  it('expresses a primitive in a language\'s operations and back', () => {
    const ops = primitiveInOps('py', 'py.sum-element', 1000);
    assert.ok(Math.abs(opsToMs('py', ops) - estimateMs({ 'py.sum-element': 1000 })) < 1e-12);
    assert.ok(Math.abs(opsToMs('js', msToOps('js', 50)) - 50) < 1e-9);
  });

  it('says times with at most two significant figures, in the unit a reader expects', () => {
    assert.equal(formatMs(452.3), '≈ 452 ms');
    assert.equal(formatMs(0.0123), '≈ 12 µs');
    assert.equal(formatMs(12.34), '≈ 12 ms');
    assert.equal(formatMs(2_345), '≈ 2.3 s');
    assert.equal(formatMs(0.0004), '< 1 µs');
    assert.equal(formatMs(Infinity), 'unbounded');
  });
});

describe('cost in time: configuration', () => {
  it('reads the threshold in milliseconds', () => {
    assert.equal(parseConfig({ cpuThresholdMs: 25 }).cpuThresholdMs, 25);
    assert.throws(() => parseConfig({ cpuThresholdMs: 0 }), /cpuThresholdMs/);
    assert.deepEqual(deprecationNotes({ cpuThresholdMs: 25 }), []);
  });

  it('keeps the deprecated operation count working, mapped in proportion to the defaults, with a note', () => {
    assert.equal(parseConfig({ cpuThreshold: 1_000_000 }).cpuThresholdMs, DEFAULT_CONFIG.cpuThresholdMs);
    assert.equal(parseConfig({ cpuThreshold: 2_000_000 }).cpuThresholdMs, 2 * DEFAULT_CONFIG.cpuThresholdMs);
    assert.equal(parseConfig({ cpuThreshold: 2_000_000, cpuThresholdMs: 7 }).cpuThresholdMs, 7, 'the key in time wins');
    assert.equal(legacyThresholdMs(500_000), DEFAULT_CONFIG.cpuThresholdMs / 2);
    const [note] = deprecationNotes({ cpuThreshold: 2_000_000 });
    assert.match(note, /"cpuThreshold" \(operations\) is deprecated: use "cpuThresholdMs"/);
    assert.match(note, /2,000,000 operations is read as/);
  });
});

describe('cost in time: estimates', () => {
  it('prices pbkdf2Sync by its iterations and says the time per call', async () => {
    const reports = await analyzeSources({
      'hash.ts': "import { pbkdf2Sync } from 'node:crypto';\nexport function hash(p: string) {\n  return pbkdf2Sync(p, 'salt', 600_000, 32, 'sha256');\n}\n",
    });
    const hash = functionIn(reports, 'hash.ts', 'hash');
    const expected = estimateMs({ 'js.pbkdf2-sha256-iteration': 600_000 });
    assert.ok(Math.abs(hash.cost.ms! - expected) / expected < 0.01, `${hash.cost.ms} vs ${expected}`);
    assert.match(hash.cost.description, /^≈ [\d.,]+ m?s per call on this machine class; mostly pbkdf2Sync\(\) with 600,000 iterations/);
  });

  it('prices Python sum(range(n)) by its n elements and hashlib.pbkdf2_hmac by its iterations', async () => {
    const reports = await analyzeSources({
      'work.py': 'import hashlib\n\ndef total(n):\n    return sum(range(n))\n\ndef derive(password):\n    return hashlib.pbkdf2_hmac("sha256", password, b"salt", 600_000)\n\ndef main():\n    total(10_000_000)\n',
    });
    const total = functionIn(reports, 'work.py', 'total');
    const sum = estimateMs({ 'py.sum-element': 10_000_000 });
    assert.ok(total.cost.ms! >= sum && total.cost.ms! < sum * 1.01, `${total.cost.ms} vs ${sum}`);
    const derive = functionIn(reports, 'work.py', 'derive');
    const pbkdf2 = estimateMs({ 'py.pbkdf2-sha256-iteration': 600_000 });
    assert.ok(derive.cost.ms! >= pbkdf2 && derive.cost.ms! < pbkdf2 * 1.01, `${derive.cost.ms} vs ${pbkdf2}`);
    assert.match(derive.cost.description, /per call on this machine class/);
  });

  it('a heavier threshold in time turns a heavy verdict light, and the deprecated key still does', async () => {
    const code = { 'loop.ts': 'export function spin(n: number) {\n  let t = 0;\n  for (let i = 0; i < n; i++) t += i * i;\n  return t;\n}\nexport const run = () => spin(50_000_000);\n' };
    const ms = functionIn(await analyzeSources(code), 'loop.ts', 'spin').cost.ms!;
    assert.equal(functionIn(await analyzeSources(code, { cpuThresholdMs: ms / 2 }), 'loop.ts', 'spin').kind, 'cpu');
    assert.equal(functionIn(await analyzeSources(code, { cpuThresholdMs: ms * 2 }), 'loop.ts', 'spin').kind, 'none');
    const operations = (ms * 2 / DEFAULT_CONFIG.cpuThresholdMs) * 1_000_000;
    assert.equal(functionIn(await analyzeSources(code, { cpuThreshold: operations }), 'loop.ts', 'spin').kind, 'none');
  });
});

describe('cost in time: VS Code settings', () => {
  it('reads threadwise.cpuThresholdMs, and the deprecated threadwise.cpuThreshold when only it was changed, with a note', () => {
    assert.equal(toConfig(withDefaults({ cpuThresholdMs: 40 })).config.cpuThresholdMs, 40);
    const legacy = toConfig(withDefaults({ cpuThreshold: 3_000_000 }));
    assert.equal(legacy.config.cpuThresholdMs, 3 * DEFAULT_CONFIG.cpuThresholdMs);
    assert.equal(legacy.notes.length, 1);
    assert.match(legacy.notes[0], /"threadwise\.cpuThreshold" \(operations\) is deprecated: use "threadwise\.cpuThresholdMs"/);
    const both = toConfig(withDefaults({ cpuThreshold: 3_000_000, cpuThresholdMs: 40 }));
    assert.equal(both.config.cpuThresholdMs, 40, 'a changed cpuThresholdMs wins');
    assert.deepEqual(toConfig(withDefaults({ cpuThreshold: null })).notes, [], 'VS Code sends null for the unset deprecated key');
  });
});
