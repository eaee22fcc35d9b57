/**
 * The invariance generator for "I/O data reaches computation" (#10.1, `mixed`): a reader reads a
 * file and hands what it read to a parser that works on every line of it. The same work is
 * written with another read (awaited into a name, awaited in the argument, blocking, converted
 * first, a promise made around a callback read, a callback read after a check, the read's
 * `.then` continuation), another loop
 * over the lines, another kind of callable, in another place; the reader must be `mixed` in
 * every variant and the parser must get one verdict in all of them.
 */
import { combinations, LANGUAGES, MODULE_PLACEMENTS, modulesInTypeScript, variantId, type CallableForm, type Language, type ModulePlacement } from './variants';

export type ReadForm = 'await into a name' | 'await in the argument' | 'readFileSync converted' | 'readFileSync in the argument' | 'readFileSync in a try'
  | 'promise around a callback read' | 'callback read after a check' | 'then continuation';
export type LineLoopForm = 'for' | 'for-of' | 'forEach' | 'map' | 'reduce' | 'while';

export const READ_FORMS: readonly ReadForm[] = ['await into a name', 'await in the argument', 'readFileSync converted', 'readFileSync in the argument', 'readFileSync in a try',
  'promise around a callback read', 'callback read after a check', 'then continuation'];
export const LINE_LOOP_FORMS: readonly LineLoopForm[] = ['for', 'for-of', 'forEach', 'map', 'reduce', 'while'];
export const PARSER_CALLABLES: readonly CallableForm[] = ['function', 'arrow', 'method'];

export interface ReadVariant {
  id: string;
  read: ReadForm;
  loop: LineLoopForm;
  callable: CallableForm;
  placement: ModulePlacement;
  language: Language;
  files: Record<string, string>;
  reader: { file: string; name: string };
  parser: { file: string; name: string };
}

/** The parser's body: `key=value` pairs from every line of `text`, in one loop form. */
function lineLoop(loop: LineLoopForm, ts: boolean): string {
  const out = ts ? 'const out: Record<string, string> = {};' : 'const out = {};';
  const pair = 'const [key, value] = line.split(\'=\');\n    if (value !== undefined) out[key.trim()] = value.trim();';
  switch (loop) {
    case 'for': return `${out}\n  const lines = text.split('\\n');\n  for (let i = 0; i < lines.length; i++) {\n    const line = lines[i];\n    ${pair}\n  }\n  return out;`;
    case 'for-of': return `${out}\n  for (const line of text.split('\\n')) {\n    ${pair}\n  }\n  return out;`;
    case 'forEach': return `${out}\n  text.split('\\n').forEach((line) => {\n    ${pair}\n  });\n  return out;`;
    case 'map': return `${out}\n  text.split('\\n').map((line) => {\n    ${pair}\n    return line;\n  });\n  return out;`;
    case 'reduce': return `return text.split('\\n').reduce((out, line) => {\n    ${pair}\n    return out;\n  }, ${ts ? '{} as Record<string, string>' : '{}'});`;
    case 'while': return `${out}\n  const lines = text.split('\\n');\n  let i = 0;\n  while (i < lines.length) {\n    const line = lines[i];\n    ${pair}\n    i++;\n  }\n  return out;`;
  }
}

function parserSource(variant: Pick<ReadVariant, 'loop' | 'callable' | 'language'>, suffix: string): { code: string; exported: string; reported: string; call: (argument: string) => string } {
  const ts = variant.language === 'ts';
  const param = ts ? 'text: string' : 'text';
  const body = lineLoop(variant.loop, ts);
  if (variant.callable === 'method') {
    const cls = `LineParser${suffix}`;
    return { code: `class ${cls} {\n  parse(${param}) {\n  ${body}\n  }\n}`, exported: cls, reported: `${cls}.parse`, call: (argument) => `new ${cls}().parse(${argument})` };
  }
  const name = `parseLines${suffix}`;
  const code = variant.callable === 'function' ? `function ${name}(${param}) {\n  ${body}\n}` : `const ${name} = (${param}) => {\n  ${body}\n};`;
  return { code, exported: name, reported: name, call: (argument) => `${name}(${argument})` };
}

/** The reader: reads `file` in one read form and passes the text to the parser. */
function readerSource(read: ReadForm, name: string, call: (argument: string) => string, ts: boolean): string {
  const file = ts ? 'file: string' : 'file';
  switch (read) {
    case 'await into a name': return `async function ${name}(${file}) {\n  const data = await readFile(file, 'utf8');\n  return ${call('data')};\n}`;
    case 'await in the argument': return `async function ${name}(${file}) {\n  return ${call('await readFile(file, \'utf8\')')};\n}`;
    case 'readFileSync converted': return `function ${name}(${file}) {\n  const raw = fs.readFileSync(file);\n  const text = raw.toString();\n  return ${call('text')};\n}`;
    case 'readFileSync in the argument': return `function ${name}(${file}) {\n  return ${call('fs.readFileSync(file, \'utf8\')')};\n}`;
    // a fallback of constant size in the catch: what reaches the parser may still be the file's text
    // a promise made by hand around the callback read, resolved with what the read delivered
    case 'promise around a callback read': return `async function ${name}(${file}) {\n  const text = await new Promise${ts ? '<string>' : ''}((resolve, reject) => {\n    fs.readFile(file, 'utf8', (err, data) => (err ? reject(err) : resolve(data)));\n  });\n  return ${call('text')};\n}`;
    // the read is the second step of a callback chain, after a check that is handed no data
    case 'callback read after a check': return `function ${name}(${file}, done${ts ? ': (err: unknown, value?: unknown) => void' : ''}) {\n  fs.access(file, (missing) => {\n    if (missing) return done(null, {});\n    fs.readFile(file, 'utf8', (err, text) => {\n      if (err) return done(err);\n      done(null, ${call('text')});\n    });\n  });\n}`;
    // the code after the read written as the promise's continuation rather than after an await
    case 'then continuation': return `function ${name}(${file}) {\n  return readFile(file, 'utf8').then((data${ts ? ': string' : ''}) => ${call('data')});\n}`;
    case 'readFileSync in a try': return `function ${name}(${file}) {\n  let text${ts ? ': string' : ''};\n  try {\n    text = fs.readFileSync(file, 'utf8');\n  } catch {\n    text = '';\n  }\n  return ${call('text')};\n}`;
  }
}

function render(variant: Omit<ReadVariant, 'id' | 'files' | 'reader' | 'parser'>, index: number): Pick<ReadVariant, 'files' | 'reader' | 'parser'> {
  const suffix = `_r${index}`;
  const dir = `r${index}`;
  const ext = variant.language;
  const ts = ext === 'ts';
  const parser = parserSource(variant, suffix);
  const readerName = `loadSettings${suffix}`;
  const reader = readerSource(variant.read, readerName, parser.call, ts);
  const readerFile = `${dir}/reader.${ext}`;
  const parserFile = `${dir}/parser.${ext}`;
  const esmFs = 'import * as fs from \'fs\';\nimport { readFile } from \'fs/promises\';\n';
  const cjsFs = '\'use strict\';\nconst fs = require(\'fs\');\nconst { readFile } = require(\'fs/promises\');\n';
  const spec = ext === 'js' ? './parser.js' : './parser';
  switch (variant.placement) {
    case 'same file':
      return {
        files: { [readerFile]: `${esmFs}\n${parser.code}\n\nexport ${reader}\n` },
        reader: { file: readerFile, name: readerName },
        parser: { file: readerFile, name: parser.reported },
      };
    case 'ES module':
      return {
        files: {
          [parserFile]: `export ${parser.code}\n`,
          [readerFile]: `${esmFs}import { ${parser.exported} } from '${spec}';\n\nexport ${reader}\n`,
        },
        reader: { file: readerFile, name: readerName },
        parser: { file: parserFile, name: parser.reported },
      };
    case 'CommonJS':
      return {
        files: {
          [parserFile]: `'use strict';\n${parser.code}\n\nmodule.exports = { ${parser.exported} };\n`,
          [readerFile]: `${cjsFs}const { ${parser.exported} } = require('./parser');\n\n${reader}\n\nmodule.exports = { ${readerName} };\n`,
        },
        reader: { file: readerFile, name: readerName },
        parser: { file: parserFile, name: parser.reported },
      };
  }
}

/** Every read-then-compute variant (CommonJS for JavaScript only). */
export function generateReadVariants(): ReadVariant[] {
  return combinations({ read: READ_FORMS, loop: LINE_LOOP_FORMS, callable: PARSER_CALLABLES, placement: MODULE_PLACEMENTS, language: LANGUAGES }, modulesInTypeScript)
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
