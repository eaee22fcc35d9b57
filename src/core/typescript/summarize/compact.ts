/**
 * A finished summary made as small as its content. The walk builds arrays by `push` (V8 gives an
 * array grown from empty room for 17 elements, where most of a summary's hold one or two: a
 * callee's member path, a block's calls, a function's parameters) and takes names and callee
 * texts from the compiler's scanner (substrings that keep the whole file's text alive). A summary
 * lives as long as the analysis, many times the size of its file's text, so each array is copied
 * to its exact length and each long string out of the text (one copy per distinct string), once,
 * when the walk is done.
 *
 * The graph stays the same: an array referenced twice gets one copy, objects, maps and sets stay
 * the objects they are (only their arrays and strings are replaced, in place and in order), and
 * catalog entries, shared by every file, are not entered. What the analysis reads from the summary does not change.
 */
import type { FileSummary } from '../summary';

/** Shorter strings are copied by V8 when they are cut out of a longer one; longer ones point into it. */
const SLICED_STRING_MIN_LENGTH = 13;

export function compactSummary(summary: FileSummary): void {
  const copies = new Map<unknown[], unknown[]>();
  /** one copy per distinct string: the file's path, names and ids repeat across the summary */
  const strings = new Map<string, string>();
  const seen = new Set<object>();
  const pending: object[] = [];
  const compacted = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.length < SLICED_STRING_MIN_LENGTH) return value;
      let copy = strings.get(value);
      if (copy === undefined) strings.set(value, (copy = ownCopy(value)));
      return copy;
    }
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      let copy = copies.get(value);
      if (!copy) {
        copy = value.slice();
        copies.set(value, copy);
        pending.push(copy);
      }
      return copy;
    }
    // a frozen object is a shared constant, not a part of this file's summary
    if (!seen.has(value) && !Object.isFrozen(value)) {
      seen.add(value);
      pending.push(value);
    }
    return value;
  };
  // an array as a key or member is found by its identity: it stays the one it is
  const compactedKey = (value: unknown): unknown => (Array.isArray(value) ? value : compacted(value));
  compacted(summary);
  while (pending.length > 0) {
    const container = pending.pop()!;
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) if (index in container) container[index] = compacted(container[index]);
    } else if (container instanceof Map) {
      if (anyLongString(container.keys())) {
        // refilled in the same order: names are keys, and a key cut out of the text keeps it alive
        const entries = [...container].map(([key, value]) => [compactedKey(key), compacted(value)] as const);
        container.clear();
        for (const [key, value] of entries) container.set(key, value);
      } else {
        // no key is replaced: values are, in place (setting a present key keeps its place)
        for (const [key, value] of container) {
          compactedKey(key);
          const copy = compacted(value);
          // (an equal string is a different one here: a string's copy is always written)
          if (copy !== value || typeof value === 'string') container.set(key, copy);
        }
      }
    } else if (container instanceof Set) {
      if (anyLongString(container.values())) {
        const members = [...container].map(compactedKey);
        container.clear();
        for (const member of members) container.add(member);
      } else {
        for (const member of container) compactedKey(member);
      }
    } else {
      const record = container as Record<string, unknown>;
      const sharedEntry = record.kind === 'catalog' || record.kind === 'global';
      for (const key of Object.keys(record)) {
        if (sharedEntry && key === 'entry') continue;
        const value = record[key];
        // (an equal string is a different one here: the copy is always written)
        if (typeof value === 'string' || typeof value === 'object') record[key] = compacted(value);
      }
    }
  }
}

/** Would compacting replace one of these keys (a string long enough to be a view into the text)? */
function anyLongString(keys: Iterable<unknown>): boolean {
  for (const key of keys) if (typeof key === 'string' && key.length >= SLICED_STRING_MIN_LENGTH) return true;
  return false;
}

/** The string in memory of its own (a flat copy), not a view into the text it was cut from. */
function ownCopy(text: string): string {
  // concatenation then slice makes V8 flatten into a new string: the slice points into that copy
  return ` ${text}`.slice(1);
}
