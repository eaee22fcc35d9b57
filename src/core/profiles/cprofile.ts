/**
 * Python cProfile / pstats: per-function call counts, own time (`tottime`) and time including
 * callees (`cumtime`), of the thread that ran the profiler (cProfile sees no other thread).
 * The binary file (`python3 -m cProfile -o out.prof`) is a marshalled dict only Python reads, so
 * it is converted by `python3 -c` with the standard pstats module; the text export
 * (`pstats.Stats(f).print_stats()`, or `python3 -m cProfile script.py` without -o) is parsed here.
 * Only the binary form has per-caller times, which say on whose behalf a builtin ran.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { FrameTable, finiteNumber, pythonCategory } from './frames';
import { ProfileError, type FunctionTotals, type Profile } from './model';

/** Prints the stats as JSON: [[file, line, name, primitive calls, calls, tottime, cumtime, callers]] and the total. */
const PSTATS_TO_JSON = `
import json, pstats, sys
stats = pstats.Stats(sys.argv[1])
rows = []
for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
    by_caller = []
    for (cfile, cline, cname), value in callers.items():
        if isinstance(value, tuple):
            by_caller.append([cfile, cline, cname, value[1], value[2], value[3]])
        else:
            by_caller.append([cfile, cline, cname, value, 0, 0])
    rows.append([file, line, name, cc, nc, tt, ct, by_caller])
json.dump({"total": stats.total_tt, "rows": rows}, sys.stdout)
`;

const TEXT_HEADER = /ncalls\s+tottime\s+percall\s+cumtime\s+percall\s+filename:lineno\(function\)/;

export function isPstatsText(text: string): boolean {
  return TEXT_HEADER.test(text);
}

type Row = [file: string, line: number, name: string, primitive: number, calls: number, tottime: number, cumtime: number, callers: [string, number, string, number, number, number][]];

/** Reads a binary pstats file through python3's pstats module. */
export async function readBinaryPstats(file: string, python = 'python3'): Promise<Profile> {
  const name = path.basename(file);
  const output = await new Promise<string>((resolve, reject) => {
    execFile(python, ['-c', PSTATS_TO_JSON, file], { maxBuffer: 512 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new ProfileError(`${name}: reading a binary cProfile file needs ${python} on the PATH, and it was not found. `
          + `Export it as text instead: python3 -c "import pstats; pstats.Stats('${name}').print_stats()" > ${name}.txt`));
      }
      const why = String(stderr).trim().split('\n').pop() || error.message;
      reject(new ProfileError(`${name}: not a cProfile/pstats file that Python can read (${why})`));
    });
  });
  let data: { total: number; rows: Row[] };
  try {
    data = JSON.parse(output) as { total: number; rows: Row[] };
  } catch {
    throw new ProfileError(`${name}: python3 did not return the profile's statistics`);
  }
  return fromRows(data.rows, data.total * 1000, file);
}

/** The text export: `ncalls tottime percall cumtime percall filename:lineno(function)` rows. */
export function parsePstatsText(text: string, source: string): Profile {
  const name = path.basename(source);
  const header = TEXT_HEADER.exec(text);
  if (!header) throw new ProfileError(`${name}: no "ncalls tottime percall cumtime percall filename:lineno(function)" table`);
  const total = /in ([\d.]+) (?:CPU )?seconds/.exec(text.slice(0, header.index));
  const rows: Row[] = [];
  const lines = text.slice(header.index).split(/\r\n|\r|\n/).slice(1);
  for (const line of lines) {
    if (line.trim() === '') continue;
    const match = /^\s*(\d+)(?:\/(\d+))?\s+([\d.]+)\s+[\d.]+\s+([\d.]+)\s+[\d.]+\s+(.+)$/.exec(line);
    if (!match) break; // the table ends; what follows (callers listings) is not rows
    const [, calls, primitive, tottime, cumtime, where] = match;
    const located = /^(.*):(\d+)\((.*)\)$/.exec(where);
    // Builtins print as {built-in method time.sleep} or {method 'acquire' of '_thread.lock' objects}.
    const [file, lineNo, fn] = located ? [located[1], Number(located[2]), located[3]] : ['~', 0, where.replace(/^\{|\}$/g, '')];
    rows.push([file, lineNo, fn, Number(primitive ?? calls), Number(calls), Number(tottime), Number(cumtime), []]);
  }
  if (rows.length === 0) throw new ProfileError(`${name}: the cProfile table has no rows`);
  const totalMs = total ? Number(total[1]) * 1000 : Math.max(...rows.map((row) => row[6])) * 1000;
  return fromRows(rows, totalMs, source);
}

function fromRows(rows: Row[], totalMs: number, source: string): Profile {
  const table = new FrameTable();
  const frameOf = (file: string, line: number, fn: string) => {
    const category = pythonCategory(fn, file);
    return table.add({ name: fn, category, ...(category === 'code' || file !== '~' ? { file } : {}), ...(line > 0 ? { line } : {}) });
  };
  const totals = new Map<number, FunctionTotals>();
  for (const [file, line, fn, primitive, calls, tottime, cumtime] of rows) {
    if (![primitive, calls, tottime, cumtime].every(finiteNumber)) throw new ProfileError(`${path.basename(source)}: a row of ${fn} has non-numeric counts`);
    const frame = frameOf(file, line, fn);
    // Calls from outside the function (cProfile's primitive calls): the time with callees
    // (cumtime) counts only those, so a recursive function's time per call is cumtime ÷ these.
    totals.set(frame, { frame, calls: primitive, selfMs: tottime * 1000, totalMs: cumtime * 1000, callees: [] });
  }
  // What a callee did on behalf of each caller: cProfile records it per caller.
  for (const [file, line, fn, , , , , callers] of rows) {
    const callee = frameOf(file, line, fn);
    for (const [callerFile, callerLine, callerName, , tottime, cumtime] of callers) {
      const caller = totals.get(frameOf(callerFile, callerLine, callerName));
      caller?.callees.push({ frame: callee, selfMs: tottime * 1000, totalMs: cumtime * 1000 });
    }
  }
  return {
    format: 'cprofile',
    source,
    runtime: 'python',
    frames: table.frames,
    threads: [{ name: 'main thread (cProfile)', main: true, durationMs: totalMs, totals: [...totals.values()] }],
  };
}
