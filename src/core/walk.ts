/**
 * Expands the paths given on the command line into the source files to analyse: directories are
 * walked (skipping dependencies, VCS folders and build output), files are taken as given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOf } from './files';

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
}

/** The files to analyse, and the source files left out on the way with the reason (for "why nothing?"). */
export interface CollectedFiles {
  files: string[];
  /** build output folders not walked (`…/dist`) */
  skippedBuild: string[];
  /** dependency folders not walked (`…/node_modules`) */
  skippedDependencies: string[];
  /** source files matched by the configured `exclude` globs */
  excluded: number;
}

export function collectFiles(inputs: readonly string[], cwd: string, options: WalkOptions): CollectedFiles {
  const collected: CollectedFiles = { files: [], skippedBuild: [], skippedDependencies: [], excluded: 0 };
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
      walk(absolute, files, collected, options);
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

function walk(directory: string, files: Set<string>, collected: CollectedFiles, options: WalkOptions): void {
  for (const entry of readDirectory(directory)) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (options.isExcluded(full)) continue;
      const skippedAs = DEPENDENCY_DIRECTORIES.has(entry.name)
        ? collected.skippedDependencies
        : BUILD_DIRECTORIES.has(entry.name) && !options.includeBuild ? collected.skippedBuild : undefined;
      if (skippedAs) {
        skippedAs.push(full);
      } else {
        walk(full, files, collected, options);
      }
    } else if (entry.isFile() && isSourceFile(entry.name)) {
      if (options.isExcluded(full)) collected.excluded++;
      else files.add(full);
    }
  }
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
