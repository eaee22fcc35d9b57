/**
 * The speedscope file format (https://www.speedscope.app/file-format-schema.json): shared frames
 * and one profile per thread, either `sampled` (stacks of frame indices, outermost first, with
 * weights) or `evented` (open/close events at times). py-spy (`record --format speedscope`) writes
 * one sampled profile per thread (`Thread 4242 "MainThread"`), in seconds (each weight 1/rate), or
 * with unit "none" in older versions (each weight one sample at its sampling rate).
 */
import * as path from 'node:path';
import { FrameTable, finiteNumber, isSourceFile, pythonCategory } from './frames';
import { ProfileError, type FrameCategory, type Profile, type ProfileFrame, type ProfileSample, type ProfiledThread } from './model';

export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

/** py-spy's default rate; a profile in "none" units is read as samples at this rate unless told otherwise. */
export const DEFAULT_SAMPLE_RATE_HZ = 100;

const UNIT_MS: Record<string, number> = { nanoseconds: 1e-6, microseconds: 1e-3, milliseconds: 1, seconds: 1000 };

interface RawFrame { name?: unknown; file?: unknown; line?: unknown; col?: unknown }

export function isSpeedscope(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { $schema?: unknown }).$schema === SPEEDSCOPE_SCHEMA;
}

export function parseSpeedscope(raw: unknown, source: string, options: { sampleRateHz?: number } = {}): Profile {
  const name = path.basename(source);
  if (!isSpeedscope(raw)) throw new ProfileError(`${name}: not a speedscope file ("$schema" is not ${SPEEDSCOPE_SCHEMA})`);
  const file = raw as { shared?: { frames?: unknown }; profiles?: unknown; exporter?: unknown };
  const rawFrames = file.shared?.frames;
  if (!Array.isArray(rawFrames)) throw new ProfileError(`${name}: "shared.frames" must be an array`);
  if (!Array.isArray(file.profiles) || file.profiles.length === 0) throw new ProfileError(`${name}: no profiles`);
  const runtime = runtimeOf(file.exporter, rawFrames as RawFrame[]);
  const table = new FrameTable();
  const frameIds = (rawFrames as RawFrame[]).map((frame, index) => table.add(toFrame(frame, index, runtime, name)));
  const rateHz = options.sampleRateHz ?? DEFAULT_SAMPLE_RATE_HZ;
  const threads = (file.profiles as unknown[]).map((profile, index) => toThread(profile, index, frameIds, rateHz, name));
  markMainThread(threads);
  if (isPySpy(file.exporter)) markPySpyActivity(threads, table.frames);
  return { format: 'speedscope', source, runtime, frames: table.frames, threads };
}

function runtimeOf(exporter: unknown, frames: RawFrame[]): Profile['runtime'] {
  if (typeof exporter === 'string' && /py-?spy|austin|pyinstrument|scalene/i.test(exporter)) return 'python';
  const files = frames.map((frame) => (typeof frame.file === 'string' ? frame.file : ''));
  if (files.some((file) => /\.py[w]?$/i.test(file))) return 'python';
  if (files.some((file) => /\.[cm]?[jt]sx?$/i.test(file))) return 'node';
  return 'unknown';
}

function toFrame(frame: RawFrame, index: number, runtime: Profile['runtime'], name: string) {
  if (typeof frame !== 'object' || frame === null || typeof frame.name !== 'string') {
    throw new ProfileError(`${name}: frame ${index} has no name`);
  }
  const file = typeof frame.file === 'string' && frame.file !== '' ? frame.file : undefined;
  const category: FrameCategory = runtime === 'python'
    ? pythonCategory(frame.name, file)
    : frame.name === '(idle)' ? 'idle' : frame.name === '(garbage collector)' ? 'gc' : frame.name === '(program)' ? 'program' : isSourceFile(file) ? 'code' : 'native';
  return {
    name: frame.name,
    category,
    ...(file ? { file } : {}),
    // speedscope's lines and columns count from 1, as editors show them
    ...(finiteNumber(frame.line) && frame.line > 0 ? { line: frame.line } : {}),
    ...(finiteNumber(frame.col) && frame.col > 0 ? { column: frame.col } : {}),
  };
}

function toThread(raw: unknown, index: number, frameIds: number[], rateHz: number, name: string): ProfiledThread {
  if (typeof raw !== 'object' || raw === null) throw new ProfileError(`${name}: profile ${index} is not an object`);
  const profile = raw as { type?: unknown; name?: unknown; unit?: unknown; startValue?: unknown; endValue?: unknown };
  const threadName = typeof profile.name === 'string' && profile.name !== '' ? profile.name : `profile ${index + 1}`;
  const unit = String(profile.unit ?? 'none');
  if (unit === 'bytes') throw new ProfileError(`${name}: profile "${threadName}" measures bytes (a memory profile), not time`);
  const msPerUnit = UNIT_MS[unit] ?? 1000 / rateHz;
  const frame = (id: unknown): number => {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= frameIds.length) {
      throw new ProfileError(`${name}: profile "${threadName}" refers to frame ${String(id)}, which does not exist`);
    }
    return frameIds[id as number];
  };
  const samples = profile.type === 'sampled'
    ? sampledSamples(raw as { samples?: unknown; weights?: unknown }, frame, msPerUnit, threadName, name)
    : profile.type === 'evented'
      ? eventedSamples(raw as { events?: unknown }, frame, msPerUnit, threadName, name)
      : undefined;
  if (!samples) throw new ProfileError(`${name}: profile "${threadName}" has type ${JSON.stringify(profile.type)} (sampled or evented expected)`);
  const span = finiteNumber(profile.startValue) && finiteNumber(profile.endValue) ? (profile.endValue - profile.startValue) * msPerUnit : 0;
  const sampled = samples.reduce((sum, sample) => sum + sample.ms, 0);
  // py-spy's endValue counts the samples of every thread; a thread's own time is its samples.
  const durationMs = unit === 'none' ? sampled : Math.max(span, sampled);
  return { name: threadName, main: false, durationMs, samples, activeOnly: unit === 'none' ? true : undefined };
}

function sampledSamples(raw: { samples?: unknown; weights?: unknown }, frame: (id: unknown) => number, msPerUnit: number, thread: string, name: string): ProfileSample[] {
  if (!Array.isArray(raw.samples) || !Array.isArray(raw.weights) || raw.samples.length !== raw.weights.length) {
    throw new ProfileError(`${name}: sampled profile "${thread}" needs "samples" and "weights" of the same length`);
  }
  const weights = raw.weights as unknown[];
  return (raw.samples as unknown[]).map((stack, i) => {
    if (!Array.isArray(stack)) throw new ProfileError(`${name}: sample ${i} of "${thread}" is not a list of frames`);
    const weight = weights[i];
    if (!finiteNumber(weight) || weight < 0) throw new ProfileError(`${name}: weight ${i} of "${thread}" is not a non-negative number`);
    return { stack: stack.map(frame), ms: weight * msPerUnit };
  });
}

/** Evented profiles become samples: between two events, the stack of open frames stood for the interval. */
function eventedSamples(raw: { events?: unknown }, frame: (id: unknown) => number, msPerUnit: number, thread: string, name: string): ProfileSample[] {
  if (!Array.isArray(raw.events)) throw new ProfileError(`${name}: evented profile "${thread}" has no "events"`);
  const samples: ProfileSample[] = [];
  const open: number[] = [];
  let last: number | undefined;
  for (const [i, event] of (raw.events as { type?: unknown; at?: unknown; frame?: unknown }[]).entries()) {
    if (typeof event !== 'object' || event === null || !finiteNumber(event.at) || (event.type !== 'O' && event.type !== 'C')) {
      throw new ProfileError(`${name}: event ${i} of "${thread}" needs "type" O or C and a numeric "at"`);
    }
    if (last !== undefined && event.at < last) throw new ProfileError(`${name}: events of "${thread}" are not in time order (event ${i})`);
    if (last !== undefined && event.at > last) samples.push({ stack: [...open], ms: (event.at - last) * msPerUnit });
    last = event.at;
    const id = frame(event.frame);
    if (event.type === 'O') open.push(id);
    else {
      const at = open.lastIndexOf(id);
      if (at < 0) throw new ProfileError(`${name}: event ${i} of "${thread}" closes a frame that is not open`);
      open.splice(at, 1);
    }
  }
  return samples;
}

function isPySpy(exporter: unknown): boolean {
  return typeof exporter === 'string' && /^py-?spy\b/i.test(exporter);
}

/**
 * What py-spy knew of idle time. It decides per sample whether a thread is idle (from the OS,
 * else its own rule: the innermost frame is threading's `wait` or selectors' `select`) and, unless
 * recorded with `--idle`, drops idle samples; the speedscope file does not carry the flag. So:
 * a file with a sample that waits (such a frame, or a native sleeping or blocking call with
 * `--native`) was recorded with `--idle`, and those samples are waits (frames.ts), not CPU; a
 * file with none holds active samples only, and says so ("idle not recorded").
 */
function markPySpyActivity(threads: ProfiledThread[], frames: readonly ProfileFrame[]): void {
  const waits = (sample: ProfileSample) => sample.stack.some((frame) => frames[frame].category === 'wait' || frames[frame].category === 'idle');
  const idleRecorded = threads.some((thread) => (thread.samples ?? []).some(waits));
  for (const thread of threads) thread.activeOnly = idleRecorded ? undefined : true;
}

/** The main thread: the one named so (MainThread, main), else the first profile. */
function markMainThread(threads: ProfiledThread[]): void {
  const named = threads.find((thread) => /\bMainThread\b|^main\b|\bmain thread\b/i.test(thread.name));
  (named ?? threads[0]).main = true;
}
