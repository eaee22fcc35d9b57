/**
 * V8 CPU profiles (`.cpuprofile`): `node --cpu-prof`, Chrome DevTools' JavaScript profiler, the
 * `inspector` module's Profiler.stop(). Nodes form a call tree (each with a call frame: function
 * name, URL, 0-based line and column of the function's start); `samples` names the node on top of
 * the stack at each tick and `timeDeltas` the microseconds since the previous tick.
 */
import * as path from 'node:path';
import { FrameTable, finiteNumber, v8Category } from './frames';
import { ProfileError, type Profile, type ProfileSample } from './model';

interface V8CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface V8Node {
  id: number;
  callFrame: V8CallFrame;
  children?: number[];
  hitCount?: number;
}

export function isV8Profile(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && Array.isArray((raw as { nodes?: unknown }).nodes)
    && Array.isArray((raw as { samples?: unknown }).samples);
}

/** `CPU.<yyyymmdd>.<hhmmss>.<pid>.<thread>.<seq>.cpuprofile`: Node names worker profiles by thread id, 0 is the main thread. */
const NODE_FILE_NAME = /CPU\.(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})\.(\d+)\.(\d+)\.\d+\.cpuprofile$/;

export function parseV8Profile(raw: unknown, source: string): Profile {
  if (!isV8Profile(raw)) throw new ProfileError(`${path.basename(source)}: not a V8 CPU profile (no "nodes" and "samples" arrays)`);
  const profile = raw as { nodes: unknown[]; samples: unknown[]; timeDeltas?: unknown[]; startTime?: unknown; endTime?: unknown };
  const nodes = new Map<number, V8Node>();
  for (const node of profile.nodes) {
    if (!isNode(node)) throw new ProfileError(`${path.basename(source)}: a node without an id or call frame`);
    nodes.set(node.id, node);
  }
  const table = new FrameTable();
  const stacks = stacksOf(nodes, table);
  const samples = samplesOf(profile, stacks, source);
  const durationMs = finiteNumber(profile.startTime) && finiteNumber(profile.endTime)
    ? Math.max(0, (profile.endTime - profile.startTime) / 1000)
    : samples.reduce((sum, sample) => sum + sample.ms, 0);
  const thread = threadOf(source);
  return {
    format: 'v8',
    source,
    recordedAt: thread.recordedAt,
    runtime: 'node',
    frames: table.frames,
    threads: [{ name: thread.name, main: thread.main, durationMs, samples }],
  };
}

function isNode(node: unknown): node is V8Node {
  if (typeof node !== 'object' || node === null) return false;
  const { id, callFrame, children } = node as Partial<V8Node>;
  return finiteNumber(id) && typeof callFrame === 'object' && callFrame !== null
    && (children === undefined || Array.isArray(children));
}

/** Each node's stack (frame ids, outermost first), from the root down; "(root)" itself is no frame. */
function stacksOf(nodes: Map<number, V8Node>, table: FrameTable): Map<number, number[]> {
  const parent = new Map<number, number>();
  for (const node of nodes.values()) for (const child of node.children ?? []) parent.set(child, node.id);
  const stacks = new Map<number, number[]>();
  const stackOf = (id: number): number[] => {
    const known = stacks.get(id);
    if (known) return known;
    // Iterative walk up to the nearest known ancestor: call trees are deep (recursion).
    const chain: number[] = [];
    let current: number | undefined = id;
    while (current !== undefined && !stacks.has(current) && nodes.has(current)) {
      chain.push(current);
      current = parent.get(current);
      if (chain.length > nodes.size) throw new ProfileError('the call tree has a cycle');
    }
    let stack = current !== undefined ? stacks.get(current) ?? [] : [];
    for (const nodeId of chain.reverse()) {
      const frame = nodes.get(nodeId)!.callFrame;
      const name = String(frame.functionName ?? '');
      stack = name === '(root)' ? stack : [...stack, table.add(v8Frame(frame))];
      stacks.set(nodeId, stack);
    }
    return stack;
  };
  for (const id of nodes.keys()) stackOf(id);
  return stacks;
}

function v8Frame(frame: V8CallFrame) {
  const name = String(frame.functionName ?? '');
  const url = String(frame.url ?? '');
  const category = v8Category(name, url);
  if (category !== 'code') return { name, category, ...(url ? { file: url } : {}) };
  return {
    name,
    category,
    file: url,
    // V8 counts from 0; the profile model, like the analysis model, from 1.
    ...(finiteNumber(frame.lineNumber) && frame.lineNumber >= 0 ? { line: frame.lineNumber + 1 } : {}),
    ...(finiteNumber(frame.columnNumber) && frame.columnNumber >= 0 ? { column: frame.columnNumber + 1 } : {}),
  };
}

/**
 * A tick's duration is the time until the next tick (timeDeltas[i + 1]); the last tick lasts
 * until endTime. Without timeDeltas every tick gets the average interval.
 */
function samplesOf(
  profile: { samples: unknown[]; timeDeltas?: unknown[]; startTime?: unknown; endTime?: unknown },
  stacks: Map<number, number[]>,
  source: string,
): ProfileSample[] {
  const deltas = profile.timeDeltas;
  const count = profile.samples.length;
  const span = finiteNumber(profile.startTime) && finiteNumber(profile.endTime) ? profile.endTime - profile.startTime : 0;
  const averageUs = count > 0 ? span / count : 0;
  const samples: ProfileSample[] = [];
  for (let i = 0; i < count; i++) {
    const id = profile.samples[i];
    const stack = finiteNumber(id) ? stacks.get(id) : undefined;
    if (!stack) throw new ProfileError(`${path.basename(source)}: sample ${i} names node ${String(id)}, which is not in "nodes"`);
    let us = averageUs;
    if (Array.isArray(deltas) && deltas.length === count) {
      const next = i + 1 < count ? deltas[i + 1] : undefined;
      if (next !== undefined) us = finiteNumber(next) ? next : 0;
      else us = Math.max(0, span - deltas.reduce<number>((sum, d) => sum + (finiteNumber(d) ? d : 0), 0));
    }
    // V8 occasionally records ticks out of order (negative deltas): such a tick counts for nothing.
    samples.push({ stack, ms: Math.max(0, us) / 1000 });
  }
  return samples;
}

function threadOf(source: string): { name: string; main: boolean; recordedAt?: Date } {
  const match = NODE_FILE_NAME.exec(path.basename(source));
  if (!match) return { name: 'main thread', main: true };
  const [, y, mo, d, h, mi, s, , tid] = match;
  const recordedAt = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const thread = Number(tid);
  return thread === 0 ? { name: 'main thread', main: true, recordedAt } : { name: `worker thread ${thread}`, main: false, recordedAt };
}
