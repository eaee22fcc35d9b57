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
  tests: new Set(['test', 'tests', '__tests__', 'spec', '__specs__', 'testing']),
  fixtures: new Set(['fixtures', 'fixture', '__fixtures__', '__mocks__']),
  benchmarks: new Set(['bench', 'benches', 'benchmark', 'benchmarks', '__benchmarks__']),
  examples: new Set(['example', 'examples', 'demo', 'demos']),
};

/** File names that mark a place whatever the directory. */
const FILE_NAMES: readonly [Place, RegExp][] = [
  ['tests', /\.(test|spec)\.[cm]?[jt]sx?$/],
  ['tests', /^(test_.*|.*_test|conftest)\.py$/],
  // a package's helpers for its users' tests (`daphne/testing.py`, `pytest_plugin.py`)
  ['tests', /^(testing|testutils|pytest_?plugin)\.py$/],
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
  if (looksGenerated(text)) return 'generated';
  return isTestSupport(name, text) ? 'tests' : undefined;
}

/**
 * Test-support modules shipped inside a package (`testing.py`, `test_utils.py`, a helpers file
 * next to the code): whatever their name, a module that imports a test framework at its top
 * level exists for tests. Python: pytest, unittest (and its mock), nose, hypothesis; JS/TS: the
 * runners and assertion libraries a test file requires (mocha, jest, vitest, node:test, chai,
 * sinon, supertest, tap, ava).
 */
function isTestSupport(name: string, text: string): boolean {
  const header = text.slice(0, TEST_IMPORT_CHARS);
  return name.endsWith('.py') ? PYTHON_TEST_IMPORT.test(header) : JS_TEST_IMPORT.test(header);
}

/** How much of a file's start is read for the imports of a test framework. */
const TEST_IMPORT_CHARS = 4000;
const PYTHON_TEST_IMPORT = /^(?:import|from)\s+(?:pytest|_pytest|unittest|mock|nose2?|hypothesis)\b/m;
const JS_TEST_MODULES = String.raw`(?:mocha|jest|@jest\/globals|vitest|node:test|chai|sinon|supertest|tap|ava|uvu|@playwright\/test)`;
const JS_TEST_IMPORT = new RegExp(String.raw`^\s*(?:import\b[^'"\n]*|(?:const|let|var)\s[^=\n]*=\s*require\(\s*)['"]${JS_TEST_MODULES}(?:\/[^'"]*)?['"]`, 'm');

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
