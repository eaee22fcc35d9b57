/**
 * Frames shared by the parsers: one table per profile (a frame seen twice is stored once), and
 * what a frame is when the profiler does not say (idle, GC, a runtime's own code, a blocking wait).
 */
import * as path from 'node:path';
import type { FrameCategory, ProfileFrame } from './model';

export class FrameTable {
  readonly frames: ProfileFrame[] = [];
  private readonly index = new Map<string, number>();

  add(frame: ProfileFrame): number {
    const key = `${frame.category}\0${frame.name}\0${frame.file ?? ''}\0${frame.line ?? ''}\0${frame.column ?? ''}`;
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.frames.length;
      this.frames.push(frame);
      this.index.set(key, id);
    }
    return id;
  }
}

/** V8's names for what is not JavaScript. */
const V8_PSEUDO: Record<string, FrameCategory> = {
  '(idle)': 'idle',
  '(garbage collector)': 'gc',
  '(program)': 'program',
};

/**
 * A file reference that names source code we might have analysed: a file:// URL, a path, or a
 * web URL (DevTools profiles of bundled code, resolved through source maps). Runtime pseudo-files
 * (`node:fs`, `<frozen importlib._bootstrap>`, `~` for cProfile's builtins, `evalmachine.<anonymous>`)
 * are not.
 */
export function isSourceFile(file: string | undefined): file is string {
  if (!file) return false;
  if (/^(file|https?|webpack|vite):/i.test(file)) return true;
  if (/^[a-z][a-z0-9+.-]*:(?![\\/])/i.test(file)) return false; // node:fs, internal:…, but not C:\…
  if (file === '~' || file.startsWith('<') || file.startsWith('evalmachine')) return false;
  return true;
}

export function v8Category(name: string, url: string): FrameCategory {
  const pseudo = V8_PSEUDO[name];
  if (pseudo) return pseudo;
  return isSourceFile(url) ? 'code' : 'native';
}

/**
 * Python library functions in which a thread waits (off the CPU, the GIL released): a stack with
 * one of them is a waiting sample, not bytecode. By module file name, then function name.
 */
const PYTHON_WAITS: Record<string, readonly string[]> = {
  'threading.py': ['wait', '_wait_for_tstate_lock', 'join', 'acquire'],
  'queue.py': ['get', 'put', 'join'],
  'selectors.py': ['select'],
  'socket.py': ['readinto', 'accept', 'recv', 'recv_into', 'create_connection'],
  'ssl.py': ['read', 'recv', 'recv_into', 'do_handshake'],
  'subprocess.py': ['wait', '_wait', '_try_wait', 'communicate'],
  'connection.py': ['recv', 'recv_bytes', '_recv_bytes', '_recv', 'poll', 'wait'],
  'popen_fork.py': ['wait', 'poll'],
  '_base.py': ['result', 'wait'],
  'pool.py': ['get', 'wait', 'join'],
};

/** cProfile's builtins that wait: `<built-in method time.sleep>`, `<method 'acquire' of '_thread.lock' objects>` … */
const PYTHON_BUILTIN_WAIT = /\b(sleep|acquire|select|poll|epoll|kqueue|wait|waitpid|recv|recv_into|recvfrom|accept|connect|read|readinto|readline|getaddrinfo|join|input)\b/;

/**
 * C functions in which a thread sleeps or blocks, as native stacks name them (py-spy --native:
 * `clock_nanosleep`, `__GI___poll`, `epoll_wait`, `pthread_cond_timedwait`, `__futex_abstimed_wait_common` …).
 */
const NATIVE_WAIT = /nanosleep|(?:^|_)p?select$|(?:^|_)e?poll(?:_p?wait)?$|futex|pthread_cond_(?:timed|clock)?wait|sem_(?:timed|clock)?wait|(?:^|_)(?:recv(?:from|msg)?|accept4?|wait4|waitpid|read|connect)$|PyThread_acquire_lock/;

/** Python code is in .py files; anything else a Python profile names (libc.so.6, timemodule.c, ?) is native. */
const PYTHON_SOURCE = /\.pyw?$/i;

export function pythonCategory(name: string, file: string | undefined): FrameCategory {
  if (name === '(idle)' || name === '<idle>') return 'idle';
  if (!isSourceFile(file) || !PYTHON_SOURCE.test(file)) {
    if (PYTHON_BUILTIN_WAIT.test(name) || NATIVE_WAIT.test(name)) return 'wait';
    return 'native';
  }
  const waits = PYTHON_WAITS[path.basename(file)];
  if (waits?.includes(name)) return 'wait';
  return 'code';
}

/** Every profile format's files may come from any tool: what a number field must look like. */
export function finiteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
