/**
 * The invariance generator for a store that reads a file and parses it, and serialises its data
 * and writes it (#10.1, `mixed`): the same two pieces of work reached through another way to the
 * file system (a `require`, an import, a wrapper module that hands `fs` on under another name, a
 * module that re-exports it, TypeScript's CommonJS interop helper), written with another read or write (blocking, a completion
 * callback, awaited), with another parse or serialisation (the kernel itself, a format object
 * whose default is JSON, an option defaulting to `JSON.parse`, a helper), called in place or
 * through a method of the store. The loader and the saver must be `mixed` in every variant.
 */
import { combinations, LANGUAGES, variantId, type Language } from './variants';

/** How the store's module reaches the file system. */
export type FsForm = 'require' | 'import' | 'wrapper exports alias' | 'wrapper module.exports object' | 're-export module' | 'guarded require' | 'compiled interop';
/** How it reads (and, the same way, writes): blocking, with a completion callback, awaited. */
export type IoForm = 'blocking' | 'callback' | 'awaited';
/** What parses the text read and serialises the data written. */
export type CodecForm = 'JSON' | 'format object' | 'option default' | 'helper';
/** Where the codec is called: in the loader and saver themselves, or in a method of the store they call. */
export type CodecPlacement = 'in place' | 'method';

export const FS_FORMS: readonly FsForm[] = ['require', 'import', 'wrapper exports alias', 'wrapper module.exports object', 're-export module', 'guarded require', 'compiled interop'];
export const IO_FORMS: readonly IoForm[] = ['blocking', 'callback', 'awaited'];
export const CODEC_FORMS: readonly CodecForm[] = ['JSON', 'format object', 'option default', 'helper'];
export const CODEC_PLACEMENTS: readonly CodecPlacement[] = ['in place', 'method'];

export interface StoreVariant {
  id: string;
  fs: FsForm;
  io: IoForm;
  codec: CodecForm;
  placement: CodecPlacement;
  language: Language;
  files: Record<string, string>;
  loader: { file: string; name: string };
  saver: { file: string; name: string };
}

/** The expression that parses `text` and the one that serialises `this.data`, for a codec form. */
function codecCalls(codec: CodecForm): { parse: (text: string) => string; serialise: string } {
  switch (codec) {
    case 'JSON': return { parse: (text) => `JSON.parse(${text})`, serialise: 'JSON.stringify(this.data, null, 2)' };
    case 'format object': return { parse: (text) => `this.format.parse(${text})`, serialise: 'this.format.stringify(this.data, null, 2)' };
    case 'option default': return { parse: (text) => `this.parseText(${text})`, serialise: 'this.stringifyData(this.data)' };
    case 'helper': return { parse: (text) => `parseSettings(${text})`, serialise: 'serialiseSettings(this.data)' };
  }
}

/** The module-level helpers a codec form needs: the format object and the parse/serialise helpers. */
function codecHelpers(ts: boolean): string {
  const text = ts ? 'text: string' : 'text';
  const value = ts ? 'value: unknown' : 'value';
  const record = ts ? 'const out: Record<string, string> = {};' : 'const out = {};';
  return [
    'const formats = {\n  json: {\n    parse: JSON.parse,\n    stringify: (' + value + ', replacer' + (ts ? '?: null' : '') + ', spacing' + (ts ? '?: number' : '') + ') => JSON.stringify(' + (ts ? 'value, replacer ?? null, spacing' : 'value, replacer || null, spacing') + '),\n  },\n};',
    // a parser of every line: the work over what was read, written as a loop
    `function parseSettings(${text}) {\n  ${record}\n  for (const line of text.split('\\n')) {\n    const index = line.indexOf('=');\n    if (index > 0) out[line.slice(0, index).trim().toLowerCase()] = line.slice(index + 1).trim();\n  }\n  return out;\n}`,
    `function serialiseSettings(${value}) {\n  return JSON.stringify(value, null, 2);\n}`,
  ].join('\n\n');
}

/** The file-system prelude of the store's module and the name it reaches `fs` by, with the extra modules it needs. */
function fsAccess(form: FsForm, dir: string, ext: string): { prelude: string; fs: string; files: Record<string, string> } {
  switch (form) {
    case 'require': return { prelude: 'const fs = require(\'fs\');', fs: 'fs', files: {} };
    case 'import': return { prelude: 'import * as fs from \'fs\';', fs: 'fs', files: {} };
    case 'wrapper exports alias': return {
      prelude: 'const util = require(\'./util\');',
      fs: 'util.fs',
      files: {
        [`${dir}/util.${ext}`]: '\'use strict\';\nvar util = exports;\nutil.fs = require(\'./fs-module\');\nutil.isString = function isString(value) { return typeof value === \'string\'; };\n',
        [`${dir}/fs-module.${ext}`]: '\'use strict\';\nmodule.exports = require(\'fs\');\n',
      },
    };
    case 'wrapper module.exports object': return {
      prelude: 'const util = require(\'./util\');',
      fs: 'util.fs',
      files: { [`${dir}/util.${ext}`]: '\'use strict\';\nvar util = module.exports = {};\nutil.fs = require(\'fs\');\n' },
    };
    case 're-export module': return {
      prelude: 'const fs = require(\'./fs-module\');',
      fs: 'fs',
      files: { [`${dir}/fs-module.${ext}`]: '\'use strict\';\nmodule.exports = require(\'fs\');\n' },
    };
    // TypeScript's CommonJS output with esModuleInterop: one helper wraps every default import
    case 'compiled interop': return {
      prelude: [
        'var __importDefault = (this && this.__importDefault) || function (mod) {\n    return (mod && mod.__esModule) ? mod : { "default": mod };\n};',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'const path_1 = __importDefault(require("path"));',
        'const os_1 = __importDefault(require("os"));',
        'const fs_1 = __importDefault(require("fs"));',
      ].join('\n'),
      fs: 'fs_1.default',
      files: {},
    };
    // fs where it exists, null in a browser bundle
    case 'guarded require': return {
      prelude: 'const util = require(\'./util\');',
      fs: 'util.fs',
      files: {
        [`${dir}/util.${ext}`]: '\'use strict\';\nvar util = exports;\nutil.fs = require(\'./fs-module\');\n',
        [`${dir}/fs-module.${ext}`]: '\'use strict\';\nvar fs = null;\ntry {\n  fs = require(\'fs\');\n  if (!fs || !fs.readFileSync) fs = null;\n} catch (e) {\n  // no file system here\n}\nmodule.exports = fs;\n',
      },
    };
  }
}

/** The loader and the saver, in one I/O form, calling `parse`/`serialise` (in place or through the store's methods). */
function ioMethods(io: IoForm, fs: string, parse: (text: string) => string, serialise: string, ts: boolean): string {
  const callback = ts ? 'callback: (err: Error | null, data?: unknown) => void' : 'callback';
  const err = ts ? '(err: Error | null' : '(err';
  switch (io) {
    case 'blocking': return [
      `  loadSync() {\n    const text = ${fs}.readFileSync(this.file, 'utf8');\n    this.data = ${parse('text')};\n    return this.data;\n  }`,
      `  saveSync() {\n    ${fs}.writeFileSync(this.file, ${serialise});\n  }`,
    ].join('\n\n');
    case 'callback': return [
      `  load(${callback}) {\n    ${fs}.readFile(this.file, 'utf8', ${err}, text${ts ? ': string' : ''}) => {\n      if (err) return callback(err);\n      this.data = ${parse('text')};\n      callback(null, this.data);\n    });\n  }`,
      `  save(${callback}) {\n    ${fs}.writeFile(this.file, ${serialise}, callback);\n  }`,
    ].join('\n\n');
    case 'awaited': return [
      `  async load() {\n    const text = await ${fs}.promises.readFile(this.file, 'utf8');\n    this.data = ${parse('text')};\n    return this.data;\n  }`,
      `  async save() {\n    await ${fs}.promises.writeFile(this.file, ${serialise});\n  }`,
    ].join('\n\n');
  }
}

function render(variant: Omit<StoreVariant, 'id' | 'files' | 'loader' | 'saver'>, index: number): Pick<StoreVariant, 'files' | 'loader' | 'saver'> {
  const ts = variant.language === 'ts';
  const ext = variant.language;
  const dir = `s${index}`;
  const cls = `SettingsStore_s${index}`;
  const access = fsAccess(variant.fs, dir, ext);
  const codec = codecCalls(variant.codec);
  const inPlace = variant.placement === 'in place';
  const parse = inPlace ? codec.parse : (text: string) => `this.parse(${text})`;
  const serialise = inPlace ? codec.serialise : 'this.stringify()';
  const fields = ts ? '  file: string;\n  data: unknown;\n  format: typeof formats.json;\n  parseText: (text: string) => unknown;\n  stringifyData: (value: unknown) => string;\n\n' : '';
  const options = ts ? 'options: { file: string; format?: typeof formats.json; parse?: (text: string) => unknown; stringify?: (value: unknown) => string }' : 'options';
  const constructor = `  constructor(${options}) {\n    this.file = options.file;\n    this.data = {};\n    this.format = options.format || formats.json;\n    this.parseText = options.parse || JSON.parse;\n    this.stringifyData = options.stringify || JSON.stringify;\n  }`;
  const methods = inPlace ? '' : `\n\n  parse(text${ts ? ': string' : ''}) {\n    return ${codec.parse('text')};\n  }\n\n  stringify() {\n    return ${codec.serialise};\n  }`;
  const body = `class ${cls} {\n${fields}${constructor}\n\n${ioMethods(variant.io, access.fs, parse, serialise, ts)}${methods}\n}`;
  const exportLine = variant.fs === 'import' ? '' : `\nmodule.exports = { ${cls} };\n`;
  const exported = variant.fs === 'import' ? `export ${body}` : body;
  const head = variant.fs === 'import' ? access.prelude : `'use strict';\n${access.prelude}`;
  const file = `${dir}/store.${ext}`;
  const names = { blocking: ['loadSync', 'saveSync'], callback: ['load', 'save'], awaited: ['load', 'save'] }[variant.io];
  return {
    files: { ...access.files, [file]: `${head}\n\n${codecHelpers(ts)}\n\n${exported}\n${exportLine}` },
    loader: { file, name: `${cls}.${names[0]}` },
    saver: { file, name: `${cls}.${names[1]}` },
  };
}

/** Every store variant: CommonJS forms in JavaScript, the import form in TypeScript and JavaScript. */
export function generateStoreVariants(): StoreVariant[] {
  return combinations({ fs: FS_FORMS, io: IO_FORMS, codec: CODEC_FORMS, placement: CODEC_PLACEMENTS, language: LANGUAGES }, ({ fs, language }) => fs === 'import' || language !== 'ts')
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
