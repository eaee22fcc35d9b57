/**
 * Whether a loop's iteration count is a worker count — the number of cores or a small constant —
 * rather than the number of data items. A loop like `for _ in range(os.cpu_count())` that starts
 * one process per iteration starts a bounded, fixed set of workers (a pool written by hand), not a
 * process per item.
 */
import type { PyNode } from '../../python/syntax';
import { childByField, descendants, namedChildren, textOf } from '../../python/syntax';

/** The largest constant count still read as "a few workers": about the cores of a large machine. */
export const MAX_FIXED_WORKERS = 32;

/** Calls that answer how many cores there are (`os.cpu_count()`, `multiprocessing.cpu_count()`, `psutil.cpu_count()`). */
const CORE_COUNT_CALL = /(^|\.)cpu_count$/;

type Source = { text: string };

/** True when `loop` is `for … in range(count)` and count is bounded by the cores or a small constant. */
export function loopsOverWorkerCount(loop: PyNode, source: Source, root: PyNode): boolean {
  if (loop.type !== 'for_statement') return false;
  const iterable = childByField(loop, 'right');
  if (!iterable || iterable.type !== 'call' || textOf(source, childByField(iterable, 'function') ?? iterable) !== 'range') return false;
  const args = namedChildren(childByField(iterable, 'arguments') ?? iterable);
  // range(stop) or range(start, stop): the stop bounds the count; a step only makes it smaller
  const stop = args.length === 1 ? args[0] : args.length >= 2 ? args[1] : undefined;
  return stop !== undefined && isWorkerCount(stop, source, root, new Set());
}

function isWorkerCount(node: PyNode, source: Source, root: PyNode, seen: Set<string>): boolean {
  switch (node.type) {
    case 'integer': {
      const value = Number(textOf(source, node).replace(/_/g, ''));
      return Number.isFinite(value) && value <= MAX_FIXED_WORKERS;
    }
    case 'parenthesized_expression':
      return namedChildren(node).every((child) => isWorkerCount(child, source, root, seen));
    case 'identifier':
      return constantIsWorkerCount(textOf(source, node), source, root, seen);
    case 'call':
      return callIsWorkerCount(node, source, root, seen);
    case 'boolean_operator': // os.cpu_count() or 4
      return bothSides(node, source, root, seen, (left, right) => left && right);
    case 'binary_operator': {
      const operator = textOf(source, childByField(node, 'operator') ?? node);
      // fewer (minus, divide) keeps the bound of the left side; more (plus, times) needs both bounded
      if (operator === '-' || operator === '//' || operator === '/' || operator === '>>') {
        const left = childByField(node, 'left');
        return left !== undefined && isWorkerCount(left, source, root, seen);
      }
      if (operator === '+' || operator === '*') return bothSides(node, source, root, seen, (left, right) => left && right);
      return false;
    }
    default:
      return false;
  }
}

function bothSides(node: PyNode, source: Source, root: PyNode, seen: Set<string>, combine: (left: boolean, right: boolean) => boolean): boolean {
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  return !!left && !!right && combine(isWorkerCount(left, source, root, seen), isWorkerCount(right, source, root, seen));
}

/** `os.cpu_count()`, `len(os.sched_getaffinity(0))`, `min(count, 8)` (one bounded argument is enough), `max(1, cores - 1)` (all must be), `int(...)`. */
function callIsWorkerCount(node: PyNode, source: Source, root: PyNode, seen: Set<string>): boolean {
  const callee = textOf(source, childByField(node, 'function') ?? node);
  const args = namedChildren(childByField(node, 'arguments') ?? node);
  if (CORE_COUNT_CALL.test(callee)) return true;
  if (callee === 'len') return args.length === 1 && /(^|\.)sched_getaffinity\(/.test(textOf(source, args[0]));
  if (callee === 'min') return args.some((arg) => isWorkerCount(arg, source, root, seen));
  if (callee === 'max' || callee === 'int') return args.length > 0 && args.every((arg) => isWorkerCount(arg, source, root, seen));
  return false;
}

/** A name assigned exactly once in the module, to a worker count (`N_WORKERS = 4`, `CORES = os.cpu_count()`). */
function constantIsWorkerCount(name: string, source: Source, root: PyNode, seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const values: PyNode[] = [];
  for (const node of descendants(root)) {
    if (node.type !== 'assignment' && node.type !== 'augmented_assignment') continue;
    const left = childByField(node, 'left');
    if (!left || left.type !== 'identifier' || textOf(source, left) !== name) continue;
    const right = childByField(node, 'right');
    if (node.type === 'augmented_assignment' || !right) return false;
    values.push(right);
  }
  return values.length === 1 && isWorkerCount(values[0], source, root, seen);
}
