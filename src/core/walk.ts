/**
 * Expands the paths given on the command line into the source files to analyse: directories are
 * walked (skipping dependencies, VCS folders and build output), files are taken as given.
 *
 * Build output next to its sources is skipped (the sources are the code to read and fix). A
 * package that ships only build output (`dist/` compiled from TypeScript the package does not
 * ship, beside at most thin entry files that load it) has no other code: there the build output
 * is what runs, and it is analysed, said so (`analysedBuild`), file by file skipping what maps
 * back to sources that exist on disk. Minified and bundled files among it are still recognised
 * by content later (files.ts skips minified code; places.ts does not report bundles).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOf, readTextIfExists, skipReason } from './files';
import { dropModuleTwins, readManifest, type Manifest, type SkippedTwin } from './module-twins';
import { looksGenerated } from './places';

/** Folders of installed dependencies and tool state: never the project's own code. */
const DEPENDENCY_DIRECTORIES = new Set([
  'node_modules', '.git', '.hg', '.svn', '.turbo', '.cache', '.vscode-test', '__pycache__', '.venv', 'venv', '.tox',
  '.mypy_cache',
]);
/** Folders of build output: generated from the sources, analysed only with `includeBuild`. */
const BUILD_DIRECTORIES = new Set(['dist', 'build', 'out', 'coverage', '.next', '.nuxt']);

export class MissingPathError extends Error {
  constructor(readonly missing: string) {
    super(`path not found: ${missing}`);
  }
}

export class UnreadablePathError extends Error {
  constructor(readonly unreadable: string, code: string) {
    super(`cannot read directory ${unreadable} (${code})`);
  }
}

export interface WalkOptions {
  isExcluded: (file: string) => boolean;
  /** walk build output folders (`dist`, `build`, `out` …) too */
  includeBuild?: boolean;
  /** analyse every copy of a dual build (the evaluation's labels name whichever copy their labeller read) */
  allCopies?: boolean;
}

/** The files to analyse, and the source files left out on the way with the reason (for "why nothing?"). */
export interface CollectedFiles {
  files: string[];
  /** build output folders not walked (`…/dist`) */
  skippedBuild: string[];
  /** build output folders analysed because their package ships nothing else, with the files taken from each */
  analysedBuild: { folder: string; files: number }[];
  /** copies of a dual build (CommonJS and ES modules) left out for the other copy (core/module-twins.ts) */
  skippedTwins: SkippedTwin[];
  /** dependency folders not walked (`…/node_modules`) */
  skippedDependencies: string[];
  /** source files matched by the configured `exclude` globs */
  excluded: number;
}

export function collectFiles(inputs: readonly string[], cwd: string, options: WalkOptions): CollectedFiles {
  const collected: CollectedFiles = { files: [], skippedBuild: [], analysedBuild: [], skippedTwins: [], skippedDependencies: [], excluded: 0 };
  const files = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new MissingPathError(input);
    }
    if (stat.isDirectory()) {
      // A directory named on the command line that cannot be read is an error, not an empty result.
      const code = unreadableCode(absolute);
      if (code) throw new UnreadablePathError(input, code);
      walkPackage(absolute, readManifest(absolute), files, collected, options);
    } else {
      files.add(absolute);
    }
  }
  collected.files = [...files];
  return collected;
}

function unreadableCode(directory: string): string | undefined {
  try {
    fs.readdirSync(directory);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'error';
  }
}

/** The source files and skipped build folders of one package (a folder with package.json, or a walked root). */
interface PackageScope {
  sources: string[];
  build: string[];
  /** the files taken for analysis from this package (not from packages inside it) */
  taken: string[];
}

function walkPackage(directory: string, manifest: Manifest | undefined, files: Set<string>, collected: CollectedFiles, options: WalkOptions): void {
  const scope: PackageScope = { sources: [], build: [], taken: [] };
  walk(directory, scope, files, collected, options);
  const analysed: { folder: string; taken: string[] }[] = [];
  if (scope.build.length > 0 && shipsOnlyBuildOutput(scope)) {
    for (const folder of scope.build) {
      const taken: string[] = [];
      walkBuild(folder, taken, collected, options);
      for (const file of taken) files.add(file);
      scope.taken.push(...taken);
      analysed.push({ folder, taken });
    }
  } else {
    collected.skippedBuild.push(...scope.build);
  }
  // a dual build's second copy is the same code: analysed twice it reports every finding twice
  const { files: kept, skipped } = options.allCopies ? { files: scope.taken, skipped: [] } : dropModuleTwins(directory, manifest, scope.taken);
  const keep = new Set(kept);
  for (const file of scope.taken) if (!keep.has(file)) files.delete(file);
  collected.skippedTwins.push(...skipped);
  for (const { folder, taken } of analysed) collected.analysedBuild.push({ folder, files: taken.filter((file) => keep.has(file)).length });
}

function walk(directory: string, scope: PackageScope, files: Set<string>, collected: CollectedFiles, options: WalkOptions): void {
  for (const entry of readDirectory(directory)) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (options.isExcluded(full)) continue;
      if (DEPENDENCY_DIRECTORIES.has(entry.name)) collected.skippedDependencies.push(full);
      else if (BUILD_DIRECTORIES.has(entry.name) && !options.includeBuild) scope.build.push(full);
      else {
        // read once: it decides whether the folder is a package and, if so, names its entry points
        const manifest = readManifest(full);
        if (isPackage(manifest)) walkPackage(full, manifest, files, collected, options);
        else walk(full, scope, files, collected, options);
      }
    } else if (entry.isFile() && isSourceFile(entry.name)) {
      // an excluded source is still a source: the build output beside it stays skipped
      scope.sources.push(full);
      if (options.isExcluded(full)) collected.excluded++;
      else {
        files.add(full);
        scope.taken.push(full);
      }
    }
  }
}

/**
 * A folder with its own package.json is a package of its own, unless that package.json only says
 * which module format the files beside it use (`{"type": "module"}` in `es/` or `dist/esm/`): that
 * folder is a part of the package around it.
 */
function isPackage(manifest: Manifest | undefined): boolean {
  if (manifest === undefined) return false;
  const { value } = manifest;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  const keys = Object.keys(value);
  return keys.length === 0 || !keys.every((key) => FORMAT_MARKER_KEYS.has(key));
}

/** What a package.json that only marks a folder's module format holds. */
const FORMAT_MARKER_KEYS: ReadonlySet<string> = new Set(['type', 'sideEffects']);

/** A build folder's files, dependencies skipped, leaving out each file whose source map names sources that exist. */
function walkBuild(directory: string, files: string[], collected: CollectedFiles, options: WalkOptions): void {
  for (const entry of readDirectory(directory)) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (options.isExcluded(full)) continue;
      if (DEPENDENCY_DIRECTORIES.has(entry.name)) collected.skippedDependencies.push(full);
      else walkBuild(full, files, collected, options);
    } else if (entry.isFile() && isSourceFile(entry.name)) {
      if (options.isExcluded(full)) collected.excluded++;
      else if (!mapsToExistingSources(full)) files.push(full);
    }
  }
}

/** More sources than this beside a build folder are the package's own code, whatever they hold. */
const WRAPPER_LIMIT = 5;
/** An entry file that only loads the build output is short. */
const WRAPPER_MAX_CHARS = 2000;

/**
 * The package's code is its build output: no source file beside the build folders, or only files
 * that are not the code the build was made from: thin entry files that load it (`wrapper.mjs`:
 * `import io from "./dist/index.js"; export …`), files without a function (a configuration
 * template) and bundles or minified files (judged by content, as places.ts and files.ts do).
 */
function shipsOnlyBuildOutput(scope: PackageScope): boolean {
  if (scope.sources.length > WRAPPER_LIMIT) return false;
  const names = scope.build.map((folder) => path.basename(folder).replace(/[.]/g, '\\.'));
  const loadsBuild = new RegExp(String.raw`(?:require\(|import\(|\bfrom|^import)\s*['"]\.{1,2}/(?:[^'"]*/)?(?:${names.join('|')})/`, 'm');
  return scope.sources.every((file) => {
    const text = readTextIfExists(file);
    if (text === undefined) return false;
    const wrapper = text.length <= WRAPPER_MAX_CHARS && loadsBuild.test(text);
    return wrapper || !/\bfunction\b|=>/.test(text) || looksGenerated(text) || skipReason(text, Infinity) !== undefined;
  });
}

/** How much of a file's end is read for its `sourceMappingURL` comment. */
const SOURCE_MAP_TAIL = 1000;

/** The file's source map (a separate file, not inline data) names a source that exists: the source is the code to read. */
function mapsToExistingSources(file: string): boolean {
  const text = readTextIfExists(file);
  const url = text && /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/.exec(text.slice(-SOURCE_MAP_TAIL))?.[1];
  if (!url || url.startsWith('data:') || /^[a-z]+:/i.test(url)) return false;
  const mapFile = path.resolve(path.dirname(file), decodeURIComponent(url));
  let map: { sources?: unknown; sourceRoot?: unknown };
  try {
    map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(map.sources)) return false;
  const root = typeof map.sourceRoot === 'string' && !/^[a-z]+:/i.test(map.sourceRoot) ? map.sourceRoot : '';
  return map.sources.some((source) => typeof source === 'string' && !/^[a-z]+:/i.test(source)
    && fs.existsSync(path.resolve(path.dirname(mapFile), root, source)));
}

function isSourceFile(name: string): boolean {
  return languageOf(name) !== undefined && !name.endsWith('.min.js');
}

/** How many directory entries are read at most to count what a skipped folder holds. */
const COUNT_LIMIT = 10_000;

/**
 * Why nothing was found to analyse, in plain words ("12 files under dist/ skipped as build
 * output; --include-build to analyse them"), or undefined when there is nothing to explain.
 * Skipped folders are only counted here, when the answer is needed.
 */
export function explainNoFiles(collected: CollectedFiles, cwd: string): string | undefined {
  const reasons: string[] = [];
  const describe = (folders: readonly string[], what: string) => {
    const byName = new Map<string, number>();
    for (const folder of folders) {
      const count = countSourceFiles(folder);
      const name = `${path.relative(cwd, folder).split(path.sep).join('/') || '.'}/`;
      if (count > 0) byName.set(name, count);
    }
    for (const [name, count] of byName) reasons.push(`${count} file${count === 1 ? '' : 's'} under ${name} skipped as ${what}`);
  };
  describe(collected.skippedBuild, 'build output; --include-build to analyse them');
  describe(collected.skippedDependencies, 'dependencies; name a package folder to analyse it');
  if (collected.excluded > 0) reasons.push(`${collected.excluded} file${collected.excluded === 1 ? '' : 's'} matched by "exclude"`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

function countSourceFiles(directory: string, budget = { left: COUNT_LIMIT }): number {
  let count = 0;
  for (const entry of readDirectory(directory)) {
    if (budget.left-- <= 0) break;
    if (entry.isDirectory()) count += countSourceFiles(path.join(directory, entry.name), budget);
    else if (entry.isFile() && isSourceFile(entry.name)) count++;
  }
  return count;
}

function readDirectory(directory: string): fs.Dirent[] {
  try {
    return fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return []; // unreadable directory: nothing to analyse there
  }
}
