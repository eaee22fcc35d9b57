/**
 * Expands the paths given on the command line into the source files to analyse: directories are
 * walked (skipping dependencies, VCS folders and build output), files are taken as given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageOf } from './files';

const SKIPPED_DIRECTORIES = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt',
  '.turbo', '.cache', '.vscode-test', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache',
]);

export class MissingPathError extends Error {
  constructor(readonly missing: string) {
    super(`path not found: ${missing}`);
  }
}

export function collectFiles(inputs: readonly string[], cwd: string, isExcluded: (file: string) => boolean): string[] {
  const files = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new MissingPathError(input);
    }
    if (stat.isDirectory()) walk(absolute, files, isExcluded);
    else files.add(absolute);
  }
  return [...files];
}

function walk(directory: string, files: Set<string>, isExcluded: (file: string) => boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return; // unreadable directory: nothing to analyse there
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !isExcluded(full)) walk(full, files, isExcluded);
    } else if (entry.isFile() && languageOf(full) && !entry.name.endsWith('.min.js') && !isExcluded(full)) {
      files.add(full);
    }
  }
}
