/**
 * Profiles of bundled or compiled code name positions in the code that ran (dist/server.js:1:48213);
 * the analysis reports the sources (src/server.ts:42). A frame whose file carries a source map
 * (`//# sourceMappingURL=` to a .map file or an inline data: URL, else a `.map` file beside it) is moved to the original
 * source, line and column, so it finds the analysed function. Frames without a map, or whose
 * position the map does not cover, stay as they are. Decoding is @jridgewell/trace-mapping's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { framePath } from './locate';
import type { Profile, ProfileFrame } from './model';

/** Generated files are JavaScript; anything else (Python, .ts run by a loader) is left alone. */
const GENERATED = /\.[cm]?js$/i;
/** The last sourceMappingURL comment of a file (bundlers put it at the end). */
const MAPPING_URL = /\/[/*][#@]\s*sourceMappingURL=([^\s*'"]+)\s*(?:\*\/)?\s*$/gm;
/** Larger files are not read for a map (a profile frame in them stays unmapped). */
const MAX_GENERATED_BYTES = 64 * 1024 * 1024;

/** The profile with every frame that a source map covers moved to its original position. */
export function followSourceMaps(profile: Profile): Profile {
  const root = path.dirname(profile.source);
  const maps = new Map<string, TraceMap | undefined>();
  let moved = false;
  const frames = profile.frames.map((frame) => {
    const file = framePath(frame, root);
    if (!file || !GENERATED.test(file) || frame.line === undefined) return frame;
    if (!maps.has(file)) maps.set(file, sourceMapOf(file));
    const map = maps.get(file);
    const original = map && originalFrame(map, frame);
    if (!original) return frame;
    moved = true;
    return original;
  });
  return moved ? { ...profile, frames } : profile;
}

function originalFrame(map: TraceMap, frame: ProfileFrame): ProfileFrame | undefined {
  // trace-mapping: 1-based lines, 0-based columns; profile frames are 1-based in both
  const position = originalPositionFor(map, { line: frame.line!, column: Math.max(0, (frame.column ?? 1) - 1) });
  if (position.source === null || position.line === null) return undefined;
  const file = sourcePath(position.source);
  if (!file) return undefined;
  return { ...frame, file, line: position.line, column: position.column + 1, name: frame.name || position.name || '' };
}

/** Sources resolved against the map's own URL are file: URLs; others are kept as paths. */
function sourcePath(source: string): string | undefined {
  if (/^file:/i.test(source)) {
    try {
      return fileURLToPath(source);
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(source) ? undefined : source;
}

/** The source map a generated file names, or undefined (none, unreadable, malformed). */
function sourceMapOf(file: string): TraceMap | undefined {
  try {
    if (fs.statSync(file).size > MAX_GENERATED_BYTES) return undefined;
    const url = lastMappingUrl(fs.readFileSync(file, 'utf8'));
    if (url?.startsWith('data:')) return new TraceMap(decodeDataUrl(url), pathToFileURL(file).href);
    // no comment: the convention of a map beside the file (esbuild's and tsc's "external" maps)
    const mapFile = url ? path.resolve(path.dirname(file), decodeURIComponent(url.split(/[?#]/)[0])) : `${file}.map`;
    if (!url && !fs.existsSync(mapFile)) return undefined;
    return new TraceMap(fs.readFileSync(mapFile, 'utf8'), pathToFileURL(mapFile).href);
  } catch {
    // a missing or broken map only means the frame keeps its generated position
    return undefined;
  }
}

function lastMappingUrl(text: string): string | undefined {
  let url: string | undefined;
  for (const match of text.matchAll(MAPPING_URL)) url = match[1];
  return url;
}

function decodeDataUrl(url: string): string {
  const comma = url.indexOf(',');
  const header = url.slice(0, comma);
  const body = url.slice(comma + 1);
  return header.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}
