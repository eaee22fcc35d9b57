/**
 * Reads a profile file in any supported format, recognised by content (not by extension, which
 * tools choose freely): V8 `.cpuprofile`, speedscope JSON, cProfile text, else binary pstats.
 * Bad input is a ProfileError naming the file and the problem. Frames in bundled or compiled
 * JavaScript are moved to their original sources through the files' source maps.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePstatsText, isPstatsText, readBinaryPstats } from './cprofile';
import { ProfileError, type Profile } from './model';
import { followSourceMaps } from './source-maps';
import { isSpeedscope, parseSpeedscope } from './speedscope';
import { isV8Profile, parseV8Profile } from './v8';

export interface ReadProfileOptions {
  /** samples per second of a speedscope profile in "none" units (py-spy's default is 100) */
  sampleRateHz?: number;
  /** the Python interpreter that reads binary pstats files */
  python?: string;
}

export async function readProfile(file: string, options: ReadProfileOptions = {}): Promise<Profile> {
  const source = path.resolve(file);
  let bytes: Buffer;
  let mtime: Date;
  try {
    bytes = fs.readFileSync(source);
    mtime = fs.statSync(source).mtime;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProfileError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`);
  }
  const profile = await parseProfile(bytes, source, options);
  return followSourceMaps({ ...profile, recordedAt: profile.recordedAt ?? mtime, source });
}

/** Parses a profile's bytes; `source` names it in errors and locates relative paths. */
export async function parseProfile(content: Buffer, source: string, options: ReadProfileOptions = {}): Promise<Profile> {
  const name = path.basename(source);
  if (content.length === 0) throw new ProfileError(`${name}: the file is empty`);
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const raw = parseJson(trimmed, name);
    if (raw !== undefined) return fromJson(raw, source, options);
  }
  if (isPstatsText(text)) return parsePstatsText(text, source);
  if (looksLikeText(content)) throw new ProfileError(`${name}: not a profile Threadwise reads (V8 .cpuprofile, speedscope JSON, cProfile/pstats binary or text)`);
  return readBinaryPstats(source, options.python);
}

function fromJson(raw: unknown, source: string, options: ReadProfileOptions): Profile {
  const name = path.basename(source);
  if (isV8Profile(raw)) return parseV8Profile(raw, source);
  if (isSpeedscope(raw)) return parseSpeedscope(raw, source, options);
  if (Array.isArray(raw) || (typeof raw === 'object' && raw !== null && 'traceEvents' in raw)) {
    throw new ProfileError(`${name}: a Chrome performance trace, not a CPU profile; record with node --cpu-prof or DevTools' JavaScript profiler (.cpuprofile)`);
  }
  throw new ProfileError(`${name}: JSON, but neither a V8 .cpuprofile (nodes, samples) nor a speedscope file ($schema)`);
}

/** A binary pstats file starts with a marshalled dict; JSON-looking text that does not parse is a broken JSON profile. */
function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (text.startsWith('{"') || text.startsWith('[') || text.startsWith('{\n') || text.startsWith('{ ')) {
      throw new ProfileError(`${name}: broken JSON (${(error as Error).message})`);
    }
    return undefined;
  }
}

/** Text has no NUL and few control bytes besides tab, line feed, carriage return, form feed and escape. */
function looksLikeText(content: Buffer): boolean {
  const head = content.subarray(0, 4096);
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13 && byte !== 27) control++;
  }
  return control <= head.length / 100;
}
