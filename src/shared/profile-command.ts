/**
 * How a program is run with a CPU profiler on ("Threadwise: Profile a Run"): an npm script with
 * a preloaded module (NODE_OPTIONS --require: Node refuses --cpu-prof there) that profiles each
 * Node process it starts through the inspector and writes a `.cpuprofile` named as
 * `node --cpu-prof` names them when the process exits, or a Python file under cProfile. Output
 * goes to a folder of its own. Pure: the extension writes `files` and turns the rest into a task.
 */

export type ProfiledRun =
  | { kind: 'npm-script'; script: string }
  | { kind: 'python-file'; file: string; python?: string };

export interface ProfilingCommand {
  command: string;
  args: string[];
  /** variables to set on top of the inherited environment */
  env: Record<string, string>;
  /** what the task is called in the terminal */
  label: string;
  /** files to write before running (the preloaded profiler), absolute paths */
  files: { path: string; text: string }[];
}

/**
 * The preloaded profiler: starts the inspector's sampling profiler, stops it when the process
 * exits (also on Ctrl+C or a terminated task, unless the program handles those signals itself)
 * and writes CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, thread 0 being the main thread.
 */
export function preloadSource(outputFolder: string): string {
  return `'use strict';
// Written by Threadwise for one profiled run; safe to delete.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');
const { threadId } = require('node:worker_threads');
const folder = ${JSON.stringify(outputFolder)};
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
let written = false;
function write() {
  if (written) return;
  written = true;
  session.post('Profiler.stop', (error, result) => {
    if (error || !result) return;
    const now = new Date();
    const two = (n) => String(n).padStart(2, '0');
    const stamp = \`\${now.getFullYear()}\${two(now.getMonth() + 1)}\${two(now.getDate())}.\${two(now.getHours())}\${two(now.getMinutes())}\${two(now.getSeconds())}\`;
    try {
      fs.writeFileSync(path.join(folder, \`CPU.\${stamp}.\${process.pid}.\${threadId}.001.cpuprofile\`), JSON.stringify(result.profile));
    } catch {}
  });
}
process.on('exit', write);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (process.listenerCount(signal) > 1) return; // the program handles it
    write();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}
`;
}

export function profilingCommand(run: ProfiledRun, outputFolder: string, inherited: Record<string, string | undefined> = {}): ProfilingCommand {
  if (run.kind === 'npm-script') {
    // Options already in NODE_OPTIONS stay; a folder with spaces is quoted as Node parses NODE_OPTIONS.
    const preload = joinPath(outputFolder, 'threadwise-profiler.cjs');
    const profiler = `--require ${quoteNodeOption(preload)}`;
    const existing = inherited.NODE_OPTIONS?.trim();
    return {
      command: process.platform === 'win32' ? 'npm.cmd' : 'npm',
      args: ['run', run.script],
      env: { NODE_OPTIONS: existing ? `${existing} ${profiler}` : profiler },
      label: `npm run ${run.script} (CPU profile)`,
      files: [{ path: preload, text: preloadSource(outputFolder) }],
    };
  }
  return {
    command: run.python ?? (process.platform === 'win32' ? 'python' : 'python3'),
    args: ['-m', 'cProfile', '-o', joinPath(outputFolder, 'profile.prof'), run.file],
    env: {},
    label: `${baseName(run.file)} (cProfile)`,
    files: [],
  };
}

function quoteNodeOption(value: string): string {
  return /[\s"\\]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

function joinPath(folder: string, name: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}
