/**
 * The invariance generator for computation over the input data (#10.1, data-dependent `cpu`): a
 * function goes over every item of the list, or every match in the text, it is given. The same
 * work is written with another loop or scan (for, for…of, while, forEach, map, reduce, filter,
 * join; a global regular expression as a literal, a module constant, `new RegExp(…, 'g')`, with
 * replace, replaceAll or match, or every match taken with exec), another kind of callable, in another place. Called with data
 * the caller was handed, the function and its caller are `cpu`; called only with a literal list
 * or string, both are `none` (bounded by small constants).
 */
import { combinations, LANGUAGES, MODULE_PLACEMENTS, modulesInTypeScript, variantId, type CallableForm, type Language, type ModulePlacement } from './variants';

export type ScanForm =
  | 'for' | 'for-of' | 'while' | 'forEach' | 'map' | 'reduce' | 'filter' | 'join'
  | 'replace literal' | 'replace constant' | 'new RegExp' | 'replaceAll' | 'match' | 'exec in the header' | 'exec in the body';

const LIST_FORMS: readonly ScanForm[] = ['for', 'for-of', 'while', 'forEach', 'map', 'reduce', 'filter', 'join'];
const TEXT_FORMS: readonly ScanForm[] = ['replace literal', 'replace constant', 'new RegExp', 'replaceAll', 'match', 'exec in the header', 'exec in the body'];
export const SCAN_FORMS: readonly ScanForm[] = [...LIST_FORMS, ...TEXT_FORMS];
const SCAN_CALLABLES: readonly CallableForm[] = ['function', 'arrow', 'method'];

export interface ScanSeed {
  name: string;
  /** what the caller passes: its own parameter, or a literal of the form's type */
  passes: 'data' | 'literal';
  expected: string;
}

export const SCAN_SEEDS: readonly ScanSeed[] = [
  { name: 'over the data passed', passes: 'data', expected: 'cpu' },
  { name: 'over a literal', passes: 'literal', expected: 'none' },
];

export interface ScanVariant {
  id: string;
  seed: ScanSeed;
  form: ScanForm;
  files: Record<string, string>;
  scanner: { file: string; name: string };
  caller: { file: string; name: string };
}

/** The scanner's body over `data` (a list of words, or a text), in one form. */
function scanBody(form: ScanForm, constant: string): string {
  const count = 'let count = 0;';
  const test = "word.toLowerCase() === 'x'";
  switch (form) {
    case 'for': return `${count}\n  for (let i = 0; i < data.length; i++) {\n    const word = data[i];\n    if (${test}) count++;\n  }\n  return count;`;
    case 'for-of': return `${count}\n  for (const word of data) {\n    if (${test}) count++;\n  }\n  return count;`;
    case 'while': return `${count}\n  let i = 0;\n  while (i < data.length) {\n    const word = data[i];\n    if (${test}) count++;\n    i++;\n  }\n  return count;`;
    case 'forEach': return `${count}\n  data.forEach((word) => {\n    if (${test}) count++;\n  });\n  return count;`;
    case 'map': return `return data.map((word) => (${test} ? 1 : 0)).length;`;
    case 'reduce': return `return data.reduce((count, word) => count + (${test} ? 1 : 0), 0);`;
    case 'filter': return `return data.filter((word) => ${test}).length;`;
    case 'join': return "return data.join(' ');";
    case 'replace literal': return "return data.replace(/[&<>]/g, '');";
    case 'replace constant': return `return data.replace(${constant}, '');`;
    case 'new RegExp': return "return data.replace(new RegExp('[&<>]', 'g'), '');";
    case 'replaceAll': return "return data.replaceAll(/[&<>]/g, '');";
    case 'match': return 'return (data.match(/\\w+/g) || []).length;';
    // every match taken in turn, the loop's exit in its header or in its body
    case 'exec in the header': return `const re = /\\w+/g;\n  let count = 0;\n  while (re.exec(data) !== null) count++;\n  return count;`;
    case 'exec in the body': return `const re = /\\w+/g;\n  let count = 0;\n  for (;;) {\n    const found = re.exec(data);\n    if (!found) break;\n    count++;\n  }\n  return count;`;
  }
}

function literalFor(form: ScanForm): string {
  return LIST_FORMS.includes(form) ? "['a', 'b', 'x']" : "'a & b'";
}

/** The scanner's declaration (`code`, which `export` may precede) and what its module declares before it (`prelude`). */
function scannerSource(form: ScanForm, callable: CallableForm, language: Language, suffix: string): { prelude: string; code: string; exported: string; reported: string; call: (argument: string) => string } {
  const isList = LIST_FORMS.includes(form);
  const param = language === 'ts' ? `data: ${isList ? 'string[]' : 'string'}` : 'data';
  const constant = `UNSAFE${suffix}`;
  const prelude = form === 'replace constant' ? `const ${constant} = /[&<>]/g;\n` : '';
  const body = scanBody(form, constant);
  if (callable === 'method') {
    const cls = `Scanner${suffix}`;
    return { prelude, code: `class ${cls} {\n  scan(${param}) {\n  ${body}\n  }\n}`, exported: cls, reported: `${cls}.scan`, call: (argument) => `new ${cls}().scan(${argument})` };
  }
  const name = `scan${suffix}`;
  const code = callable === 'function' ? `function ${name}(${param}) {\n  ${body}\n}` : `const ${name} = (${param}) => {\n  ${body}\n};`;
  return { prelude, code, exported: name, reported: name, call: (argument) => `${name}(${argument})` };
}

function render(seed: ScanSeed, form: ScanForm, callable: CallableForm, placement: ModulePlacement, language: Language, index: number): Pick<ScanVariant, 'files' | 'scanner' | 'caller'> {
  const suffix = `_s${index}`;
  const dir = `s${index}`;
  const scanner = scannerSource(form, callable, language, suffix);
  const isList = LIST_FORMS.includes(form);
  const callerName = `summarise${suffix}`;
  const input = language === 'ts' ? `input: ${isList ? 'string[]' : 'string'}` : 'input';
  const caller = seed.passes === 'data'
    ? `function ${callerName}(${input}) {\n  return ${scanner.call('input')};\n}`
    : `function ${callerName}() {\n  return ${scanner.call(literalFor(form))};\n}`;
  const scannerFile = `${dir}/scanner.${language}`;
  const callerFile = `${dir}/caller.${language}`;
  const spec = language === 'js' ? './scanner.js' : './scanner';
  switch (placement) {
    case 'same file':
      return { files: { [callerFile]: `${scanner.prelude}${scanner.code}\n\nexport ${caller}\n` }, scanner: { file: callerFile, name: scanner.reported }, caller: { file: callerFile, name: callerName } };
    case 'ES module':
      return {
        files: { [scannerFile]: `${scanner.prelude}export ${scanner.code}\n`, [callerFile]: `import { ${scanner.exported} } from '${spec}';\n\nexport ${caller}\n` },
        scanner: { file: scannerFile, name: scanner.reported },
        caller: { file: callerFile, name: callerName },
      };
    case 'CommonJS':
      return {
        files: {
          [scannerFile]: `'use strict';\n${scanner.prelude}${scanner.code}\n\nmodule.exports = { ${scanner.exported} };\n`,
          [callerFile]: `'use strict';\nconst { ${scanner.exported} } = require('./scanner');\n\n${caller}\n\nmodule.exports = { ${callerName} };\n`,
        },
        scanner: { file: scannerFile, name: scanner.reported },
        caller: { file: callerFile, name: callerName },
      };
  }
}

/** Every variant of every seed (CommonJS for JavaScript only). */
export function generateScanVariants(): ScanVariant[] {
  return combinations({ seed: SCAN_SEEDS, form: SCAN_FORMS, callable: SCAN_CALLABLES, placement: MODULE_PLACEMENTS, language: LANGUAGES }, modulesInTypeScript)
    .map((axes, index) => {
      const { seed, form, callable, placement, language } = axes;
      return { id: variantId(axes), seed, form, ...render(seed, form, callable, placement, language, index) };
    });
}
