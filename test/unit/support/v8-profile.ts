/**
 * A written V8 CPU profile (the `.cpuprofile` JSON that `node --cpu-prof` writes) of a file run on
 * the main thread, for tests that need stacks they know: ticks of 1 ms, first each function's in
 * the order given (below the module's top level), then garbage collection, then idle until the
 * total. Positions are V8's: 0-based line and column of the function's start.
 * Shared by the unit tests (test/unit/profiles, test/unit/server) and the integration suite.
 */
export interface WrittenFunction {
  name: string;
  /** 0-based line of the function's start */
  line: number;
  /** 0-based column of the function's start */
  column: number;
  /** 1 ms ticks with the function on top of the stack */
  ticks: number;
}

export interface WrittenProfileOptions {
  /** ticks in all (default 1,000: one second) */
  totalTicks?: number;
  /** ticks of "(garbage collector)" */
  gcTicks?: number;
}

export function writtenV8Profile(url: string, functions: readonly WrittenFunction[], options: WrittenProfileOptions = {}) {
  const total = options.totalTicks ?? 1000;
  const gc = options.gcTicks ?? 0;
  const busy = functions.reduce((sum, fn) => sum + fn.ticks, 0) + gc;
  if (busy > total) throw new Error(`writtenV8Profile: ${busy} busy ticks do not fit in ${total}`);
  const frame = (functionName: string, lineNumber: number, columnNumber: number, at = url) => ({ functionName, scriptId: '1', url: at, lineNumber, columnNumber });
  // ids: 1 (root), 2 (the module's top level), 3… the functions, then idle, then GC
  const firstFunction = 3;
  const idle = firstFunction + functions.length;
  const collector = idle + 1;
  const nodes = [
    { id: 1, callFrame: frame('(root)', -1, -1, ''), children: [2, idle, ...(gc > 0 ? [collector] : [])] },
    { id: 2, callFrame: frame('', 0, 0), children: functions.map((_, index) => firstFunction + index) },
    ...functions.map((fn, index) => ({ id: firstFunction + index, callFrame: frame(fn.name, fn.line, fn.column) })),
    { id: idle, callFrame: frame('(idle)', -1, -1, '') },
    ...(gc > 0 ? [{ id: collector, callFrame: frame('(garbage collector)', -1, -1, '') }] : []),
  ];
  const samples = [
    ...functions.flatMap((fn, index) => Array<number>(fn.ticks).fill(firstFunction + index)),
    ...Array<number>(gc).fill(collector),
    ...Array<number>(total - busy).fill(idle),
  ];
  return { nodes, startTime: 0, endTime: total * 1000, samples, timeDeltas: samples.map((_, i) => (i === 0 ? 0 : 1000)) };
}
