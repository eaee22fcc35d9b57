/**
 * Where a file sits in a project, and whether findings there are worth a reader's attention.
 * Test code, fixtures, benchmarks and generated bundles are analysed like any other file (their
 * functions are still resolved, classified and shown in hovers), but their findings are not
 * reported unless the user asks (`reportIn` in the configuration): a slow loop in a benchmark or
 * a `readFileSync` in a test is deliberate, and a webpack bundle is nobody's code to fix.
 *
 * Examples (`examples/`, `example/`, `demo/`) ARE reported by default: example code is what users
 * copy into their own programs, so a mistake there spreads. `reportIn.examples: false` silences it.
 */
import * as path from 'node:path';
import type { Place } from './model';

export type { Place };

export const PLACES: readonly Place[] = ['tests', 'fixtures', 'benchmarks', 'examples', 'generated'];

/** Whether findings are reported in each place; product code is always reported. */
export type ReportIn = Record<Place, boolean>;

export const DEFAULT_REPORT_IN: ReportIn = {
  tests: false,
  fixtures: false,
  benchmarks: false,
  examples: true,
  generated: false,
};

/** Directory names that hold each place's files. */
const DIRECTORIES: Record<Exclude<Place, 'generated'>, ReadonlySet<string>> = {
  tests: new Set(['test', 'tests', '__tests__', 'spec', '__specs__']),
  fixtures: new Set(['fixtures', 'fixture', '__fixtures__', '__mocks__']),
  benchmarks: new Set(['bench', 'benches', 'benchmark', 'benchmarks', '__benchmarks__']),
  examples: new Set(['example', 'examples', 'demo', 'demos']),
};

/** File names that mark a place whatever the directory. */
const FILE_NAMES: readonly [Place, RegExp][] = [
  ['tests', /\.(test|spec)\.[cm]?[jt]sx?$/],
  ['tests', /^(test_.*|.*_test|conftest)\.py$/],
  ['benchmarks', /\.(bench|benchmark)\.[cm]?[jt]sx?$/],
  ['benchmarks', /^bench(mark)?_.*\.py$/],
];

/** Places in the order they are checked: the more specific one wins (a fixture under test/ is a fixture). */
const DIRECTORY_ORDER: readonly Exclude<Place, 'generated'>[] = ['fixtures', 'benchmarks', 'tests', 'examples'];

/**
 * The place of a file, from its path relative to the project root (segments above the root do
 * not count: a project checked out under ~/tests/ is still product code) and its text.
 */
export function placeOf(file: string, root: string, text: string): Place | undefined {
  const segments = path.relative(root, file).split(/[\\/]/).filter((segment) => segment !== '..' && segment !== '.' && segment !== '');
  const name = segments.pop() ?? '';
  for (const [place, pattern] of FILE_NAMES) if (pattern.test(name)) return place;
  for (const place of DIRECTORY_ORDER) {
    if (segments.some((segment) => DIRECTORIES[place].has(segment.toLowerCase()))) return place;
  }
  return looksGenerated(text) ? 'generated' : undefined;
}

/** How much of a file's start is read for a generated-code marker. */
const HEADER_CHARS = 2000;
/** An inline source map larger than this means a bundle, not a hand-written file with a map. */
const LARGE_INLINE_SOURCE_MAP = 20_000;

/** Words a code generator writes in the comment at the top of its output. */
const GENERATED_COMMENTS: readonly RegExp[] = [
  /@generated\b/,
  /\bDO NOT EDIT\b/,
  /^\W*(this (file|code) (is|was|has been) )?(auto-?|automatically )?generated (by|from|with|automatically)\b/i,
  /\b(auto-?generated|automatically generated) (file|code)\b/i,
];
/** How many lines at the top of a file may carry a generator's comment. */
const HEADER_COMMENT_LINES = 10;

/** Preambles bundlers emit (their runtime helpers), wherever they appear near the start. */
const BUNDLE_PREAMBLES: readonly RegExp[] = [
  /\/\*{6}\/|\bwebpackBootstrap\b|\b__webpack_require__\b/, // webpack
  /\bparcelRequire\b/, // parcel
  /\bvar __commonJS = |\bvar __toESM = |\bvar __export = \(target, all\)/, // esbuild
  /typeof exports === ['"]object['"] && typeof module !== ['"]undefined['"] \? (module\.exports = )?factory\(/, // rollup/UMD
  /^require=\(function e\(t,n,r\)|^\(function\(\)\{function r\(e,n,t\)/m, // browserify
];

/** Whether the text is the output of a bundler or code generator, judged by content alone. */
export function looksGenerated(text: string): boolean {
  const header = text.slice(0, HEADER_CHARS);
  const comments = header.split('\n', HEADER_COMMENT_LINES).filter((line) => /^\s*(\/\/|\/\*|\*|#)/.test(line));
  if (comments.some((line) => GENERATED_COMMENTS.some((pattern) => pattern.test(line)))) return true;
  if (BUNDLE_PREAMBLES.some((pattern) => pattern.test(header))) return true;
  const map = text.lastIndexOf('//# sourceMappingURL=data:');
  return map !== -1 && text.length - map > LARGE_INLINE_SOURCE_MAP;
}

/** Words for a place, for messages: "test file", "generated bundle" … */
export function describePlace(place: Place): string {
  switch (place) {
    case 'tests': return 'test file';
    case 'fixtures': return 'test fixture';
    case 'benchmarks': return 'benchmark';
    case 'examples': return 'example';
    case 'generated': return 'generated code';
  }
}
