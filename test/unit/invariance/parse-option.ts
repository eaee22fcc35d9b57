/**
 * The invariance generator for "the parser is an option" (#10.1, `mixed`): a store reads an
 * entry's file and parses its text with the parser its options name, `JSON.parse` by default. The
 * same work is written with another way of taking the option (`options.parse || JSON.parse`,
 * `??`, destructured in the body or in the parameter list, no option at all), another hand-off of
 * the read (awaited, a promise made around a callback read, a callback handed to a concurrency
 * limiter, the limiter running such a promise), another kind of callable, as an ES module or
 * CommonJS, in TypeScript or JavaScript. The loader and the caller that loads by key must be
 * `mixed` in every variant.
 */
import { combinations, LANGUAGES, modulesInTypeScript, variantId, type CallableForm, type Language, MODULE_FORMS, type ModuleForm } from './variants';

export type OptionForm = 'or default' | 'nullish default' | 'destructured in the body' | 'destructured parameter' | 'no option';
export type HandOffForm = 'awaited' | 'promise around a callback read' | 'limiter callback' | 'limiter around a promise';

export const OPTION_FORMS: readonly OptionForm[] = ['or default', 'nullish default', 'destructured in the body', 'destructured parameter', 'no option'];
export const HAND_OFF_FORMS: readonly HandOffForm[] = ['awaited', 'promise around a callback read', 'limiter callback', 'limiter around a promise'];
export const STORE_CALLABLES: readonly CallableForm[] = ['function', 'arrow', 'method'];

export interface ParseOptionVariant {
  id: string;
  option: OptionForm;
  handOff: HandOffForm;
  callable: CallableForm;
  module: ModuleForm;
  language: Language;
  files: Record<string, string>;
  loader: { file: string; name: string };
  caller: { file: string; name: string };
}

/** The loader's parameters and the statement that names the parser `parse`, in one option form. */
function takeOption(option: OptionForm, ts: boolean): { params: string; prelude: string } {
  const file = ts ? 'file: string' : 'file';
  const type = ts ? ': { parse?: (text: string) => unknown }' : '';
  switch (option) {
    case 'or default': return { params: `${file}, options${type} = {}`, prelude: 'const parse = options.parse || JSON.parse;' };
    case 'nullish default': return { params: `${file}, options${type} = {}`, prelude: 'const parse = options.parse ?? JSON.parse;' };
    case 'destructured in the body': return { params: `${file}, options${type} = {}`, prelude: 'const { parse = JSON.parse } = options;' };
    case 'destructured parameter': return { params: `${file}, { parse = JSON.parse }${type} = {}`, prelude: '' };
    case 'no option': return { params: file, prelude: 'const parse = JSON.parse;' };
  }
}

/** What the loader does with `file` and `parse`, in one hand-off form. */
function handOff(form: HandOffForm, ts: boolean): { body: string; async: boolean } {
  const text = ts ? 'text: string' : 'text';
  const settle = `(resolve, reject) => {\n      fs.readFile(file, 'utf8', (err, ${text}) => (err ? reject(err) : resolve(parse(text))));\n    }`;
  switch (form) {
    case 'awaited': return { body: 'const text = await readFile(file, \'utf8\');\n  return parse(text);', async: true };
    case 'promise around a callback read': return { body: `return new Promise(${settle});`, async: false };
    case 'limiter callback': return { body: 'return limit(async () => parse(await readFile(file, \'utf8\')));', async: false };
    case 'limiter around a promise': return { body: `return limit(() => new Promise(${settle}));`, async: false };
  }
}

function render(variant: Omit<ParseOptionVariant, 'id' | 'files' | 'loader' | 'caller'>, index: number): Pick<ParseOptionVariant, 'files' | 'loader' | 'caller'> {
  const ts = variant.language === 'ts';
  const { params, prelude } = takeOption(variant.option, ts);
  const { body, async } = handOff(variant.handOff, ts);
  const loaderBody = prelude ? `${prelude}\n  ${body}` : body;
  const key = ts ? 'key: string' : 'key';
  const loaderName = `loadEntry_p${index}`;
  const callerName = `entryFor_p${index}`;
  const file = `p${index}/store.${variant.language}`;
  const header = variant.module === 'ES module'
    ? 'import * as fs from \'fs\';\nimport * as path from \'path\';\nimport { readFile } from \'fs/promises\';\nimport pLimit from \'p-limit\';\n'
    : '\'use strict\';\nconst fs = require(\'fs\');\nconst path = require(\'path\');\nconst { readFile } = require(\'fs/promises\');\nconst pLimit = require(\'p-limit\');\n';
  const setup = 'const limit = pLimit(8);\nconst ROOT = \'/var/lib/entries\';\n';
  let code: string;
  let exported: string;
  let loader: string;
  let caller: string;
  if (variant.callable === 'method') {
    const cls = `EntryStore_p${index}`;
    code = `class ${cls} {\n  ${async ? 'async ' : ''}${loaderName}(${params}) {\n  ${loaderBody}\n  }\n\n  ${callerName}(${key}) {\n    return this.${loaderName}(path.join(ROOT, key + '.json'));\n  }\n}`;
    exported = cls;
    loader = `${cls}.${loaderName}`;
    caller = `${cls}.${callerName}`;
  } else {
    const prefix = async ? 'async ' : '';
    const load = variant.callable === 'function' ? `${prefix}function ${loaderName}(${params}) {\n  ${loaderBody}\n}` : `const ${loaderName} = ${prefix}(${params}) => {\n  ${loaderBody}\n};`;
    const call = variant.callable === 'function' ? `function ${callerName}(${key}) {\n  return ${loaderName}(path.join(ROOT, key + '.json'));\n}` : `const ${callerName} = (${key}) => ${loaderName}(path.join(ROOT, key + '.json'));`;
    code = `${load}\n\n${call}`;
    exported = `${loaderName}, ${callerName}`;
    loader = loaderName;
    caller = callerName;
  }
  const source = variant.module === 'ES module'
    ? `${header}\n${setup}\nexport ${code.replace(/\n\n(function|const) /, '\n\nexport $1 ')}\n`
    : `${header}\n${setup}\n${code}\n\nmodule.exports = { ${exported} };\n`;
  return { files: { [file]: source }, loader: { file, name: loader }, caller: { file, name: caller } };
}

/** Every parse-option variant (CommonJS for JavaScript only). */
export function generateParseOptionVariants(): ParseOptionVariant[] {
  return combinations({ option: OPTION_FORMS, handOff: HAND_OFF_FORMS, callable: STORE_CALLABLES, module: MODULE_FORMS, language: LANGUAGES },
    ({ module, language }) => modulesInTypeScript({ placement: module, language }))
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
