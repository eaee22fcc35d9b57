/**
 * Dual builds: a package that ships its JavaScript twice, once as CommonJS and once as ES modules
 * (`dist/cjs/` + `dist/esm/`, `dist/` + `dist/esm/`, `lib/` + `es/`, `index.cjs` + `index.mjs`).
 * Both copies are the same code, so analysing both reports every finding twice. One copy is kept:
 * the one the package's entry points name (`main`, then `exports["."]`'s `require`, `import` and
 * `default` conditions), or the CommonJS copy when they name neither; the other is skipped and
 * said so (`SkippedTwin`).
 *
 * Twins are found from the files themselves, whatever the folders are called: two files with the
 * same path below two roots (or the same name beside each other, `x.cjs`/`x.mjs`), of similar
 * size, written in different module formats; two roots are twins when such pairs cover nearly
 * all the JavaScript under each. TypeScript is never a twin: it is the source the JavaScript was
 * compiled from, not a copy of it.
 */
import * as path from 'node:path';
import { readTextIfExists } from './files';

export interface SkippedTwin {
  /** the skipped copy: a folder (`/work/p/dist/esm`) or, for twins beside each other, a glob (`/work/p/dist/*.mjs`) */
  skipped: string;
  /** the copy analysed instead, in the same shape */
  kept: string;
  /** JavaScript files left out */
  files: number;
  /** why this copy and not the other, in plain words */
  why: string;
}

/** A folder's package.json as read: `value` is what it parses to, `undefined` when it does not parse. */
export interface Manifest {
  value: unknown;
}

/** The package.json in `directory`, or undefined when there is none. */
export function readManifest(directory: string): Manifest | undefined {
  const text = readTextIfExists(path.join(directory, 'package.json'));
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { value: undefined };
  }
}

type Format = 'cjs' | 'esm' | undefined;

/** A JavaScript file; its format and size are read when a pairing needs them. */
class JsFile {
  private read?: { format: Format; size: number };
  constructor(readonly file: string) {}

  get format(): Format {
    return this.load().format;
  }

  get size(): number {
    return this.load().size;
  }

  private load(): { format: Format; size: number } {
    if (!this.read) {
      const text = readTextIfExists(this.file) ?? '';
      this.read = { format: moduleFormat(this.file, text), size: text.length };
    }
    return this.read;
  }
}

/** Pairs must cover this share of the JavaScript under each root for the roots to be twins. */
const TWIN_COVERAGE = 0.8;
/** The same code in two module formats has about the same length; a thin wrapper does not. */
const SIZE_RATIO_LIMIT = 3;
/** Files of one name in more places than this (`index.js` in every folder) say nothing about which roots are twins. */
const MAX_SAME_NAME = 8;

/**
 * The files to analyse once each copy of a dual build but one is left out, and the copies left out.
 * `packageDir` is the package's folder; `manifest` its package.json, which names the entry points.
 */
export function dropModuleTwins(packageDir: string, manifest: Manifest | undefined, files: readonly string[]): { files: string[]; skipped: SkippedTwin[] } {
  const js = files.filter(isJavaScript).map((file) => new JsFile(file));
  if (js.length < 2) return { files: [...files], skipped: [] };
  const entries = entryPoints(packageDir, manifest);
  const dropped = new Set<string>();
  const skipped: SkippedTwin[] = [];
  for (const twin of twinRoots(js)) {
    const choice = chooseCopy(twin, entries, packageDir);
    const lose = choice.keep === 'a' ? twin.b : twin.a;
    const keep = choice.keep === 'a' ? twin.a : twin.b;
    const losing = lose.files.filter((file) => !dropped.has(file));
    if (losing.length === 0) continue;
    for (const file of losing) dropped.add(file);
    skipped.push({ skipped: lose.label, kept: keep.label, files: losing.length, why: choice.why });
  }
  return { files: files.filter((file) => !dropped.has(file)), skipped };
}

function isJavaScript(file: string): boolean {
  return /\.(js|cjs|mjs|jsx)$/.test(file);
}

/** `.mjs`/`.cjs` say it; otherwise the syntax: `import`/`export` statements, or `require`/`exports`. */
function moduleFormat(file: string, text: string): Format {
  if (file.endsWith('.mjs')) return 'esm';
  if (file.endsWith('.cjs')) return 'cjs';
  if (/^\s*(?:import\s*[\w{*'"]|export\s+(?:\{|\*|default\b|const\b|let\b|var\b|function\b|async\b|class\b))/m.test(text)) return 'esm';
  if (/\brequire\s*\(\s*['"]|\bmodule\.exports\b|\bexports\.[\w$]+\s*=|Object\.defineProperty\(\s*exports\b/.test(text)) return 'cjs';
  return undefined;
}

/** One copy of a dual build: the files under a root (less a nested twin), or the files of one extension in a folder. */
interface Copy {
  label: string;
  files: string[];
  format: Format;
  /** an entry point is in this copy */
  holds: (file: string) => boolean;
}

interface Twin {
  a: Copy;
  b: Copy;
}

/** `x.esm.js` and `x.cjs.js` are `x` in two formats; so are `x.mjs` and `x.js`. */
function stemOf(relative: string): string {
  return relative.replace(/\.(js|cjs|mjs|jsx)$/, '').replace(/\.(esm|cjs|es|mjs|module|common|commonjs)$/, '');
}

function twinRoots(js: readonly JsFile[]): Twin[] {
  const byName = new Map<string, JsFile[]>();
  for (const file of js) {
    const name = stemOf(path.basename(file.file));
    const list = byName.get(name);
    if (list) list.push(file);
    else byName.set(name, [file]);
  }
  // each pair of same-named files in different formats votes for the roots below which their paths agree
  const votes = new Map<string, { a: string; b: string }>();
  for (const group of byName.values()) {
    if (group.length < 2 || group.length > MAX_SAME_NAME) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (!differentFormats(group[i], group[j])) continue;
        const roots = commonSuffixRoots(group[i].file, group[j].file);
        if (roots) votes.set(`${roots.a}\0${roots.b}`, roots);
      }
    }
  }
  const twins: Twin[] = [];
  for (const { a, b } of votes.values()) {
    const twin = a === b ? besideTwin(js, a) : folderTwin(js, a, b);
    if (twin) twins.push(twin);
  }
  // outer copies first (`dist` + `dist/esm` before anything inside them), for a stable report
  return twins.sort((x, y) => x.a.label.length - y.a.label.length || x.a.label.localeCompare(y.a.label));
}

function differentFormats(x: JsFile, y: JsFile): boolean {
  if (x.format === undefined || y.format === undefined || x.format === y.format) return false;
  return similarSize(x, y);
}

function similarSize(x: JsFile, y: JsFile): boolean {
  const small = Math.max(1, Math.min(x.size, y.size));
  return Math.max(x.size, y.size) / small <= SIZE_RATIO_LIMIT;
}

/** `/p/dist/cjs/tasks/a.js` and `/p/dist/esm/tasks/a.js` agree below `/p/dist/cjs` and `/p/dist/esm`. */
function commonSuffixRoots(x: string, y: string): { a: string; b: string } | undefined {
  let a = path.dirname(x);
  let b = path.dirname(y);
  while (a !== b && path.basename(a) === path.basename(b)) {
    const upA = path.dirname(a);
    const upB = path.dirname(b);
    if (upA === a || upB === b) return undefined;
    a = upA;
    b = upB;
  }
  return a < b ? { a, b } : { a: b, b: a };
}

/** Files under `root`, less those under `other` when `other` is inside it (`dist` less `dist/esm`). */
function under(js: readonly JsFile[], root: string, other: string): JsFile[] {
  const inside = (file: string, dir: string) => file.startsWith(dir + path.sep);
  const nested = inside(other, root);
  return js.filter((file) => inside(file.file, root) && !(nested && inside(file.file, other)));
}

function folderTwin(js: readonly JsFile[], rootA: string, rootB: string): Twin | undefined {
  const filesA = under(js, rootA, rootB);
  const filesB = under(js, rootB, rootA);
  const stemsB = new Map(filesB.map((file) => [stemOf(path.relative(rootB, file.file)), file]));
  let pairs = 0;
  let differing = 0;
  for (const file of filesA) {
    const twin = stemsB.get(stemOf(path.relative(rootA, file.file)));
    if (!twin || !similarSize(file, twin)) continue;
    pairs++;
    if (differentFormats(file, twin)) differing++;
  }
  if (pairs < TWIN_COVERAGE * filesA.length || pairs < TWIN_COVERAGE * filesB.length) return undefined;
  if (differing < TWIN_COVERAGE * pairs) return undefined;
  return { a: folderCopy(rootA, rootB, filesA), b: folderCopy(rootB, rootA, filesB) };
}

function folderCopy(root: string, other: string, files: readonly JsFile[]): Copy {
  const names = new Set(files.map((file) => file.file));
  return {
    label: root,
    files: files.map((file) => file.file),
    format: majorityFormat(files),
    holds: (file) => names.has(file) || (file.startsWith(root + path.sep) && !file.startsWith(other + path.sep)),
  };
}

/** Twins beside each other in one folder: `index.cjs` + `index.mjs`, or `x.js` + `x.mjs`; one copy per extension. */
function besideTwin(js: readonly JsFile[], folder: string): Twin | undefined {
  const here = js.filter((file) => path.dirname(file.file) === folder);
  const byStem = new Map<string, JsFile[]>();
  for (const file of here) {
    const stem = stemOf(path.basename(file.file));
    const list = byStem.get(stem);
    if (list) list.push(file);
    else byStem.set(stem, [file]);
  }
  // the two formats' files, each named by its extension (and format infix): `.cjs` against `.mjs`
  const sides = new Map<string, JsFile[]>();
  for (const group of byStem.values()) {
    if (group.length !== 2 || !differentFormats(group[0], group[1])) continue;
    for (const file of group) {
      const ending = path.basename(file.file).slice(stemOf(path.basename(file.file)).length);
      const list = sides.get(ending);
      if (list) list.push(file);
      else sides.set(ending, [file]);
    }
  }
  const endings = [...sides.keys()].sort();
  if (endings.length !== 2) return undefined;
  const copy = (ending: string): Copy => {
    const files = sides.get(ending)!;
    const names = new Set(files.map((file) => file.file));
    return { label: path.join(folder, `*${ending}`), files: [...names], format: majorityFormat(files), holds: (file) => names.has(file) };
  };
  return { a: copy(endings[0]), b: copy(endings[1]) };
}

function majorityFormat(files: readonly JsFile[]): Format {
  const cjs = files.filter((file) => file.format === 'cjs').length;
  const esm = files.filter((file) => file.format === 'esm').length;
  return cjs === esm ? undefined : cjs > esm ? 'cjs' : 'esm';
}

interface EntryPoint {
  /** where package.json names it: `main`, `exports["."].require` … */
  field: string;
  file: string;
}

/**
 * The package's entry points in the order they decide: `main`, then `exports` for `.` (or the
 * whole `exports` when it has no subpaths) by its `require`, `import` and `default` conditions,
 * nested conditions (`node`: { `require` … }) included.
 */
function entryPoints(packageDir: string, manifest: Manifest | undefined): EntryPoint[] {
  if (manifest === undefined || !isRecord(manifest.value)) return [];
  const { main, exports: exported } = manifest.value;
  const found: EntryPoint[] = [];
  const add = (field: string, target: unknown) => {
    if (typeof target === 'string') found.push({ field, file: path.resolve(packageDir, target) });
  };
  add('main', main);
  const root = isRecord(exported) && '.' in exported ? exported['.'] : isRecord(exported) && Object.keys(exported).some((key) => key.startsWith('.')) ? undefined : exported;
  if (typeof root === 'string') add('exports["."]', root);
  for (const condition of ['require', 'import', 'default']) {
    for (const target of conditionTargets(root, condition)) add(`exports["."].${condition}`, target);
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The targets of one condition, at any depth of nested conditions (`{ node: { import: … } }`). */
function conditionTargets(conditions: unknown, condition: string): unknown[] {
  if (Array.isArray(conditions)) return conditions.flatMap((item) => conditionTargets(item, condition));
  if (!isRecord(conditions)) return [];
  const targets: unknown[] = [];
  for (const [key, value] of Object.entries(conditions)) {
    if (key === condition) targets.push(...(isRecord(value) ? conditionTargets(value, 'default') : [value]));
    else if (isRecord(value) || Array.isArray(value)) targets.push(...conditionTargets(value, condition));
  }
  return targets;
}

/** With an extension or without (`"main": "dist/index"`), or a folder's `index`. */
function entryMatches(copy: Copy, entry: string): boolean {
  return [entry, `${entry}.js`, `${entry}.cjs`, `${entry}.mjs`, path.join(entry, 'index.js')].some((candidate) => copy.holds(candidate));
}

function chooseCopy(twin: Twin, entries: readonly EntryPoint[], packageDir: string): { keep: 'a' | 'b'; why: string } {
  for (const entry of entries) {
    const inA = entryMatches(twin.a, entry.file);
    const inB = entryMatches(twin.b, entry.file);
    if (inA === inB) continue;
    const target = path.relative(packageDir, entry.file).split(path.sep).join('/');
    return { keep: inA ? 'a' : 'b', why: `the same code in another module format; package.json's ${entry.field} points to the other copy (${target})` };
  }
  const keepA = twin.a.format === 'cjs' || (twin.b.format !== 'cjs' && twin.a.label <= twin.b.label);
  const keep = keepA ? twin.a : twin.b;
  return { keep: keepA ? 'a' : 'b', why: `the same code in another module format; no entry point in package.json names either copy, so the ${keep.format === 'cjs' ? 'CommonJS' : 'first'} one is analysed` };
}
