/**
 * Words and icons for the analyser's enums, in one place so every view says the same thing.
 * Icons are codicon names (https://microsoft.github.io/vscode-codicons/).
 */
import type { EvidenceSignal, Severity, Strategy, WorkKind } from '../../core/model';
import type { SnippetLanguage } from '../../extension/panel/content/snippets';

export const KIND_LABELS: Readonly<Record<WorkKind, string>> = {
  cpu: 'CPU-bound',
  io: 'I/O-bound (waits without blocking)',
  'io-sync': 'Blocking synchronous I/O',
  mixed: 'CPU and I/O',
  none: 'Light work',
};

export const KIND_ICONS: Readonly<Record<WorkKind, string>> = {
  cpu: 'flame',
  io: 'cloud',
  'io-sync': 'debug-pause',
  mixed: 'layers',
  none: 'pass',
};

/** What the verdict means for this runtime, in one or two sentences. */
export function explainKind(kind: WorkKind, runtime: SnippetLanguage): string {
  const node = runtime === 'node';
  switch (kind) {
    case 'cpu':
      return node
        ? 'It computes on the calling thread. On the main thread that stalls the event loop: timers, I/O callbacks and other requests wait until it returns.'
        : 'It computes in Python. In the standard CPython build the GIL lets only one thread run Python code at a time, so threads will not speed it up; processes will.';
    case 'io':
      return node
        ? 'It mostly waits on non-blocking I/O or timers. The thread is free while it waits, so it needs no extra threads, only concurrency between independent waits.'
        : 'It mostly awaits non-blocking I/O. The event loop runs other tasks while it waits; overlap independent waits with gather or a TaskGroup.';
    case 'io-sync':
      return node
        ? 'It waits inside a synchronous call. Nothing is computed, yet the whole event loop is stuck until the operating system answers.'
        : 'It blocks in a synchronous call. Threads help here (the GIL is released while waiting), but inside async code it freezes every task on the loop.';
    case 'mixed':
      return 'It both computes heavily and waits on I/O. Split the two: keep the waiting asynchronous and move the computation off the thread that serves others.';
    case 'none':
      return 'Nothing here is expensive enough to be worth moving to another thread or process; the coordination would cost more than the work.';
  }
}

export const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  'worker-thread': 'Move it to a worker thread',
  'worker-pool': 'Use a pool of worker threads',
  'child-process': 'Run it in a child process',
  'async-io': 'Use asynchronous I/O',
  'concurrent-awaits': 'Await independent operations concurrently',
  'thread-pool': 'Use a thread pool',
  'process-pool': 'Use a process pool',
  asyncio: 'Use asyncio',
  none: 'Leave it as it is',
};

export const SIGNAL_ICONS: Readonly<Record<EvidenceSignal, string>> = {
  loop: 'sync',
  recursion: 'debug-restart',
  'cpu-call': 'flame',
  'io-call': 'cloud',
  'sync-io-call': 'debug-pause',
  timer: 'clock',
  callee: 'call-outgoing',
  context: 'globe',
};

export const SEVERITY_ICONS: Readonly<Record<Severity, string>> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  hint: 'lightbulb',
};

export function formatPercent(fraction: number): string {
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}
