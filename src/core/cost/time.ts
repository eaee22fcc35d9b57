/**
 * Cost in time: the cost model counts work in primitives (an operation of the language as the
 * analyser counts them, a KB of JSON parsed, a pbkdf2 iteration …) and this module turns counts
 * into milliseconds with the calibration table `npm run calibrate` measured
 * (calibration.json, shipped in every bundle). One place converts, so the verdicts, the
 * messages, the hovers, the JSON and any other consumer (a CPU profile's importer) agree.
 *
 *   estimateMs({ 'js.pbkdf2-sha256-iteration': 600_000 })  // ≈ 450 on the calibrated machine
 *   opsToMs('js', verdict.cost.ops)                          // the analyser's own unit
 */
import rawTable from './calibration.json';

/** The primitives the cost model prices; calibration.json has a figure for each. */
export const PRIMITIVES = [
  'js.op', 'js.call', 'js.alloc', 'js.alloc-temporary', 'js.json-parse-kb', 'js.json-stringify-kb', 'js.structured-clone-kb', 'js.regex-kb', 'js.sha256-kb',
  'js.hash-call', 'js.pbkdf2-sha256-iteration', 'js.pbkdf2-sha512-iteration', 'js.scrypt-call', 'js.keypair-call',
  'js.gzip-kb', 'js.gunzip-kb', 'js.sort-comparison',
  'py.op', 'py.alloc', 'py.json-dumps-kb', 'py.json-loads-kb', 'py.regex-kb', 'py.regex-literal-kb', 'py.sha256-kb', 'py.hash-call',
  'py.pbkdf2-sha256-iteration', 'py.zlib-compress-kb', 'py.zlib-decompress-kb', 'py.sum-element', 'py.sort-comparison',
] as const;

export type Primitive = (typeof PRIMITIVES)[number];

/** The family of primitives a language's cost model counts in (`js.*` for TypeScript and JavaScript). */
export type CostLanguage = 'js' | 'py';

/** Units of each primitive: the cost of a piece of work, before it is turned into time. */
export type PrimitiveCounts = Partial<Record<Primitive, number>>;

export interface MachineClass {
  cpu: string;
  cores: number;
  memoryGB: number;
  platform: string;
  node: string;
  python: string;
}

export interface CalibrationTable {
  machineClass: MachineClass;
  measuredAt: string;
  primitives: Record<Primitive, { ns: number; unit: string; what: string }>;
}

export class CalibrationError extends Error {}

/** Checks a table (calibration.json, or one a caller loaded) has a positive figure for every primitive. */
export function validateCalibration(raw: unknown): CalibrationTable {
  const table = raw as Partial<CalibrationTable> | null;
  if (!table || typeof table !== 'object' || !table.primitives || !table.machineClass) {
    throw new CalibrationError('calibration table: expected { machineClass, primitives } (run `npm run calibrate`)');
  }
  for (const primitive of PRIMITIVES) {
    const ns = table.primitives[primitive]?.ns;
    if (typeof ns !== 'number' || !Number.isFinite(ns) || ns <= 0) {
      throw new CalibrationError(`calibration table: no positive "ns" for primitive ${primitive} (run \`npm run calibrate\`)`);
    }
  }
  return table as CalibrationTable;
}

/** The table measured on the machine class the release was calibrated on. */
export const CALIBRATION: CalibrationTable = validateCalibration(rawTable);

/** Nanoseconds one unit of the primitive takes. */
export function nsPer(primitive: Primitive, table: CalibrationTable = CALIBRATION): number {
  return table.primitives[primitive].ns;
}

/** Milliseconds the counted work takes on the calibrated machine class. */
export function estimateMs(counts: PrimitiveCounts, table: CalibrationTable = CALIBRATION): number {
  let ns = 0;
  for (const [primitive, units] of Object.entries(counts) as [Primitive, number][]) ns += units * nsPer(primitive, table);
  return ns / 1e6;
}

/** The language's own unit: one operation as its analyser counts them. */
export function opPrimitive(language: CostLanguage): Primitive {
  return language === 'js' ? 'js.op' : 'py.op';
}

/** `units` of `primitive` expressed in the language's operations (how the evaluators add kernels to loops). */
export function primitiveInOps(language: CostLanguage, primitive: Primitive, units: number, table: CalibrationTable = CALIBRATION): number {
  return (units * nsPer(primitive, table)) / nsPer(opPrimitive(language), table);
}

export function opsToMs(language: CostLanguage, ops: number, table: CalibrationTable = CALIBRATION): number {
  return estimateMs({ [opPrimitive(language)]: ops }, table);
}

export function msToOps(language: CostLanguage, ms: number, table: CalibrationTable = CALIBRATION): number {
  return (ms * 1e6) / nsPer(opPrimitive(language), table);
}

/** `≈ 450 ms`, `≈ 1.2 s`, `≈ 35 µs`, `< 1 µs`: two significant figures at most. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'unbounded';
  if (ms < 0.001) return '< 1 µs';
  if (ms < 1) return `≈ ${significant(ms * 1000)} µs`;
  if (ms < 1000) return `≈ ${significant(ms)} ms`;
  if (ms < 60_000) return `≈ ${significant(ms / 1000)} s`;
  if (ms < 3_600_000) return `≈ ${significant(ms / 60_000)} min`;
  const hours = ms / 3_600_000;
  return hours < 1e4 ? `≈ ${significant(hours)} h` : `≈ ${hours.toExponential(1).replace('e+', 'e')} h`;
}

/** `≈ 1.7 MB`, `≈ 64 KB`, `≈ 300 bytes`: a size the code shows, two significant figures at most. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `≈ ${significant(bytes)} bytes`;
  if (bytes < 1024 * 1024) return `≈ ${significant(bytes / 1024)} KB`;
  return `≈ ${significant(bytes / (1024 * 1024))} MB`;
}

function significant(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(2)));
}

/** "this machine class" in words, for documentation and logs: `AMD EPYC, 2 cores, Node v20.19.0, CPython 3.11.7`. */
export function describeMachineClass(table: CalibrationTable = CALIBRATION): string {
  const machine = table.machineClass;
  return `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.python} (${machine.platform})`;
}
