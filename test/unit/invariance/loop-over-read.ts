/**
 * The invariance generator for "a loop over what was read" (#10.1, `mixed`): a function reads a
 * text file and splits every line of it into fields, in its own loop. The same work is written
 * with another read (blocking into a name or in a `try`, awaited, awaited in the loop's header,
 * a completion callback, a promise's continuation), another loop over the lines, another kind of
 * callable, as an ES module or CommonJS, in TypeScript or JavaScript; the reader must be `mixed`
 * in every variant. Beside it, a function that loops the same way over a directory listing (names,
 * not data) must stay I/O: `io-sync` when it blocks, `io` when it waits.
 */
import { combinations, LANGUAGES, modulesInTypeScript, variantId, type CallableForm, type Language, MODULE_FORMS, type ModuleForm } from './variants';

export type ReadForm = 'readFileSync into a name' | 'readFileSync in a try' | 'await into a name' | 'await in the header' | 'completion callback' | 'then continuation';
export type LinesLoopForm = 'for' | 'for-of' | 'forEach' | 'map' | 'reduce' | 'while';

export const READ_FORMS: readonly ReadForm[] = ['readFileSync into a name', 'readFileSync in a try', 'await into a name', 'await in the header', 'completion callback', 'then continuation'];
export const LINES_LOOP_FORMS: readonly LinesLoopForm[] = ['for', 'for-of', 'forEach', 'map', 'reduce', 'while'];
export const READER_CALLABLES: readonly CallableForm[] = ['function', 'arrow', 'method'];

export interface LoopOverReadVariant {
  id: string;
  read: ReadForm;
  loop: LinesLoopForm;
  callable: CallableForm;
  module: ModuleForm;
  language: Language;
  files: Record<string, string>;
  reader: { file: string; name: string };
  lister: { file: string; name: string };
}

/**
 * A loop over `items` (an expression) that keeps what `keep` computes from each `item`, in one
 * loop form; the result is in `found`.
 */
function loopOver(loop: LinesLoopForm, items: string, keep: string, ts: boolean): string {
  const list = ts ? 'const found: string[] = [];' : 'const found = [];';
  switch (loop) {
    case 'for': return `${list}\n  const items = ${items};\n  for (let i = 0; i < items.length; i++) {\n    const item = items[i];\n    ${keep}\n  }`;
    case 'for-of': return `${list}\n  for (const item of ${items}) {\n    ${keep}\n  }`;
    case 'forEach': return `${list}\n  ${items}.forEach((item${ts ? ': string' : ''}) => {\n    ${keep}\n  });`;
    case 'map': return `${list}\n  ${items}.map((item${ts ? ': string' : ''}) => {\n    ${keep}\n    return item;\n  });`;
    case 'reduce': return `const found = ${items}.reduce((kept${ts ? ': string[]' : ''}, item${ts ? ': string' : ''}) => {\n    const found = kept;\n    ${keep}\n    return found;\n  }, ${ts ? '[] as string[]' : '[]'});`;
    case 'while': return `${list}\n  const items = ${items};\n  let i = 0;\n  while (i < items.length) {\n    const item = items[i];\n    ${keep}\n    i++;\n  }`;
  }
}

/** Per line: the fields of a `host:user:secret` entry, the secret kept when the host matches. */
const FIELDS = 'const fields = item.split(\':\');\n    if (fields.length === 3 && fields[0] === host) found.push(fields[2].trim());';
/** Per name: the path of each visible entry. */
const NAMES = 'if (!item.startsWith(\'.\')) found.push(path.join(dir, item));';

/** The reader's body in one read form: the text's lines go through the loop. */
function readerBody(read: ReadForm, loop: LinesLoopForm, ts: boolean): { body: string; async: boolean; callback: boolean } {
  const lines = (text: string): string => `${text}.split('\\n')`;
  const text = ts ? 'text: string' : 'text';
  switch (read) {
    case 'readFileSync into a name': return { body: `const text = fs.readFileSync(file, 'utf8');\n  ${loopOver(loop, lines('text'), FIELDS, ts)}\n  return found;`, async: false, callback: false };
    case 'readFileSync in a try': return { body: `let text${ts ? ': string' : ''};\n  try {\n    text = fs.readFileSync(file, 'utf8');\n  } catch (err) {\n    return [];\n  }\n  ${loopOver(loop, lines('text'), FIELDS, ts)}\n  return found;`, async: false, callback: false };
    case 'await into a name': return { body: `const text = await readFile(file, 'utf8');\n  ${loopOver(loop, lines('text'), FIELDS, ts)}\n  return found;`, async: true, callback: false };
    case 'await in the header': return { body: `${loopOver(loop, lines('(await readFile(file, \'utf8\'))'), FIELDS, ts)}\n  return found;`, async: true, callback: false };
    case 'completion callback': return { body: `fs.readFile(file, 'utf8', (err, ${text}) => {\n    if (err) return done(err);\n    ${loopOver(loop, lines('text'), FIELDS, ts)}\n    done(null, found);\n  });`, async: false, callback: true };
    case 'then continuation': return { body: `return readFile(file, 'utf8').then((${text}) => {\n    ${loopOver(loop, lines('text'), FIELDS, ts)}\n    return found;\n  });`, async: false, callback: false };
  }
}

/** The lister's body: the same loop over a directory listing read the same way. */
function listerBody(read: ReadForm, loop: LinesLoopForm, ts: boolean): { body: string; async: boolean; callback: boolean } {
  const names = ts ? 'names: string[]' : 'names';
  switch (read) {
    case 'readFileSync into a name': return { body: `const names = fs.readdirSync(dir);\n  ${loopOver(loop, 'names', NAMES, ts)}\n  return found;`, async: false, callback: false };
    case 'readFileSync in a try': return { body: `let names${ts ? ': string[]' : ''};\n  try {\n    names = fs.readdirSync(dir);\n  } catch (err) {\n    return [];\n  }\n  ${loopOver(loop, 'names', NAMES, ts)}\n  return found;`, async: false, callback: false };
    case 'await into a name': return { body: `const names = await readdir(dir);\n  ${loopOver(loop, 'names', NAMES, ts)}\n  return found;`, async: true, callback: false };
    case 'await in the header': return { body: `${loopOver(loop, '(await readdir(dir))', NAMES, ts)}\n  return found;`, async: true, callback: false };
    case 'completion callback': return { body: `fs.readdir(dir, (err, ${names}) => {\n    if (err) return done(err);\n    ${loopOver(loop, 'names', NAMES, ts)}\n    done(null, found);\n  });`, async: false, callback: true };
    case 'then continuation': return { body: `return readdir(dir).then((${names}) => {\n    ${loopOver(loop, 'names', NAMES, ts)}\n    return found;\n  });`, async: false, callback: false };
  }
}

/** A function of `params` with `body` in one callable form; `exported` is how the module names it. */
function callable(form: CallableForm, name: string, params: string, shape: { body: string; async: boolean }): { code: string; reported: string; exported: string } {
  const prefix = shape.async ? 'async ' : '';
  if (form === 'method') {
    const cls = `${name[0].toUpperCase()}${name.slice(1)}Source`;
    return { code: `class ${cls} {\n  ${prefix}${name}(${params}) {\n  ${shape.body}\n  }\n}`, reported: `${cls}.${name}`, exported: cls };
  }
  const code = form === 'function' ? `${prefix}function ${name}(${params}) {\n  ${shape.body}\n}` : `const ${name} = ${prefix}(${params}) => {\n  ${shape.body}\n};`;
  return { code, reported: name, exported: name };
}

function render(variant: Omit<LoopOverReadVariant, 'id' | 'files' | 'reader' | 'lister'>, index: number): Pick<LoopOverReadVariant, 'files' | 'reader' | 'lister'> {
  const ts = variant.language === 'ts';
  const done = ts ? ', done: (err: unknown, found?: string[]) => void' : ', done';
  const read = readerBody(variant.read, variant.loop, ts);
  const list = listerBody(variant.read, variant.loop, ts);
  const reader = callable(variant.callable, `secretsFor_l${index}`, `file${ts ? ': string' : ''}, host${ts ? ': string' : ''}${read.callback ? done : ''}`, read);
  const lister = callable(variant.callable, `entriesOf_l${index}`, `dir${ts ? ': string' : ''}${list.callback ? done : ''}`, list);
  const file = `l${index}/secrets.${variant.language}`;
  const header = variant.module === 'ES module'
    ? 'import * as fs from \'fs\';\nimport * as path from \'path\';\nimport { readFile, readdir } from \'fs/promises\';\n'
    : '\'use strict\';\nconst fs = require(\'fs\');\nconst path = require(\'path\');\nconst { readFile, readdir } = require(\'fs/promises\');\n';
  const code = variant.module === 'ES module'
    ? `${header}\nexport ${reader.code}\n\nexport ${lister.code}\n`
    : `${header}\n${reader.code}\n\n${lister.code}\n\nmodule.exports = { ${reader.exported}, ${lister.exported} };\n`;
  return { files: { [file]: code }, reader: { file, name: reader.reported }, lister: { file, name: lister.reported } };
}

/** Every loop-over-read variant (CommonJS for JavaScript only). */
export function generateLoopOverReadVariants(): LoopOverReadVariant[] {
  return combinations({ read: READ_FORMS, loop: LINES_LOOP_FORMS, callable: READER_CALLABLES, module: MODULE_FORMS, language: LANGUAGES },
    ({ module, language }) => modulesInTypeScript({ placement: module, language }))
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}

/** What the lister must be: it blocks on a blocking listing and waits on the others. */
export function listerKind(read: ReadForm): string {
  return read.startsWith('readFileSync') ? 'io-sync' : 'io';
}
