/**
 * Look-ups over the catalog. The analyser describes a call as the module it comes from plus the
 * member path from the module's value (`promises.readFile`, `createHash.update`, `default`), and
 * asks what that call does.
 */
import { GLOBAL_ENTRIES, NODE_MODULE_ENTRIES } from './node';
import { CHEAP_MEMBERS, HTTP_CLIENTS, NPM_ENTRIES } from './npm';
import type { CatalogEntry, GlobalEntry } from './types';

export type { CallEffect, JsCallEffect, PythonCallEffect, CatalogEntry, CpuCost, GlobalEntry } from './types';
export { FILE_HANDLE_TWIN_MODULE, FS_MODULES, MEMORY_BACKED_PATH_PREFIXES } from './node';
export { FS_ASYNC_METHODS, FS_LISTING_METHODS, FS_SYNC_METHODS, RELEASE_METHODS, STREAM_EVENTS, STREAM_METHODS, STREAM_RECEIVER } from './conventions';

/** `node:fs` → `fs`; `lodash/fp` stays. */
export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

interface IndexedEntries {
  exact: Map<string, CatalogEntry>;
  /** entries with `*.member` patterns, by member */
  anyReceiver: Map<string, CatalogEntry>;
  wildcard?: CatalogEntry;
}

function buildIndex(entries: readonly CatalogEntry[]): Map<string, IndexedEntries> {
  const index = new Map<string, IndexedEntries>();
  for (const entry of entries) {
    for (const module of entry.modules) {
      let slot = index.get(module);
      if (!slot) {
        slot = { exact: new Map(), anyReceiver: new Map() };
        index.set(module, slot);
      }
      for (const member of entry.members) {
        if (member === '*') slot.wildcard ??= entry;
        else if (member.startsWith('*.')) slot.anyReceiver.set(member.slice(2), entry);
        else if (!slot.exact.has(member)) slot.exact.set(member, entry);
      }
    }
  }
  return index;
}

const MODULE_INDEX = buildIndex([...NODE_MODULE_ENTRIES, ...NPM_ENTRIES]);
const GLOBAL_INDEX = new Map<string, GlobalEntry>(GLOBAL_ENTRIES.map((entry) => [entry.name, entry]));

/** Is this module one the catalog knows (so values derived from it are worth tracking)? */
export function isKnownModule(specifier: string): boolean {
  return MODULE_INDEX.has(rootModule(normalizeModule(specifier)));
}

/**
 * `@aws-sdk/client-s3/dist` → `@aws-sdk/client-s3`; `fs/promises` stays (it has its own entries).
 * A package named for the Fetch API it implements (`@buttercup/fetch`, `minipass-fetch`,
 * `undici-fetch`) is an HTTP client like `node-fetch`, whichever package the catalog lists.
 */
function rootModule(specifier: string): string {
  if (MODULE_INDEX.has(specifier)) return specifier;
  const parts = specifier.split('/');
  const root = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return !MODULE_INDEX.has(root) && FETCH_PACKAGE.test(root) ? 'node-fetch' : root;
}

/** `fetch`, `x-fetch`, `@scope/fetch`, `@scope/x-fetch`: packages that export a `fetch` */
const FETCH_PACKAGE = /^(?:@[\w.-]+\/)?(?:[\w.]+-)*fetch$/;

/**
 * What calling `memberPath` on module `specifier` does. `memberPath` is `default` for the
 * module value itself, or dotted names with calls elided (`createHash.update`).
 */
export function lookupModuleCall(specifier: string, memberPath: string): CatalogEntry | undefined {
  const module = rootModule(normalizeModule(specifier));
  const slot = MODULE_INDEX.get(module);
  if (!slot) return undefined;
  const exact = slot.exact.get(memberPath);
  if (exact) return exact;
  const last = memberPath.slice(memberPath.lastIndexOf('.') + 1);
  // `(await readFile(p)).charCodeAt(i)`, `rows.map(...)`: a method of the data a call returned
  if (memberPath.includes('.') && DATA_METHODS.has(last)) return undefined;
  const byReceiver = memberPath.includes('.') ? slot.anyReceiver.get(last) : undefined;
  if (byReceiver) return byReceiver;
  if (!slot.wildcard) return undefined;
  if (HTTP_CLIENTS.has(module) ? last === 'create' || last === 'isAxiosError' : CHEAP_MEMBERS.has(last)) {
    return undefined;
  }
  return slot.wildcard;
}

/**
 * Methods of plain data (strings, arrays, buffers): called on what a library call returned, they
 * are computation on that data, not calls into the library.
 */
const DATA_METHODS: ReadonlySet<string> = new Set([
  'charAt', 'charCodeAt', 'codePointAt', 'slice', 'substring', 'substr', 'split', 'trim', 'trimStart',
  'trimEnd', 'toLowerCase', 'toUpperCase', 'padStart', 'padEnd', 'startsWith', 'endsWith', 'includes',
  'indexOf', 'lastIndexOf', 'map', 'filter', 'reduce', 'forEach', 'some', 'every', 'find', 'findIndex',
  'flat', 'flatMap', 'join', 'concat', 'reverse', 'sort', 'toString', 'toJSON', 'valueOf', 'replace',
  'replaceAll', 'match', 'matchAll', 'normalize', 'localeCompare', 'subarray', 'at', 'push', 'pop',
  'shift', 'unshift', 'splice', 'readUInt8', 'readUInt16BE', 'readUInt32BE', 'readInt32LE', 'equals',
]);

export function lookupGlobalCall(name: string): GlobalEntry | undefined {
  return GLOBAL_INDEX.get(name);
}

export function allModuleEntries(): readonly CatalogEntry[] {
  return [...NODE_MODULE_ENTRIES, ...NPM_ENTRIES];
}
