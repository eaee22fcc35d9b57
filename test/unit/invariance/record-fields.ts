/**
 * The invariance generator for bounded work over what a call writes (#10.1, `none`): a function
 * goes over the fields of the options object it is handed (copying them with lower-cased names)
 * or over the arguments it is called with. Those are as many as the code that built the object
 * or wrote the call put there — a few — however the loop is written (for…in, `Object.keys`,
 * `Object.entries`, a local array of the keys, `reduce`; `arguments`, a copy of it, a rest
 * parameter), whatever kind of callable, wherever it sits. The function and a caller handing it
 * its own parameter are `none` in every variant.
 */
import { combinations, LANGUAGES, MODULE_PLACEMENTS, modulesInTypeScript, variantId, type CallableForm, type Language, type ModulePlacement } from './variants';

export type FieldForm = 'for-in' | 'Object.keys forEach' | 'for-of Object.keys' | 'for-of Object.entries' | 'keys in a local' | 'Object.keys reduce';
export type ArgumentListForm = 'arguments' | 'arguments copied' | 'rest for-of' | 'rest forEach';
export type RecordForm = FieldForm | ArgumentListForm;

const FIELD_FORMS: readonly FieldForm[] = ['for-in', 'Object.keys forEach', 'for-of Object.keys', 'for-of Object.entries', 'keys in a local', 'Object.keys reduce'];
const ARGUMENT_LIST_FORMS: readonly ArgumentListForm[] = ['arguments', 'arguments copied', 'rest for-of', 'rest forEach'];
export const RECORD_FORMS: readonly RecordForm[] = [...FIELD_FORMS, ...ARGUMENT_LIST_FORMS];
const RECORD_CALLABLES: readonly CallableForm[] = ['function', 'arrow', 'method'];

export interface RecordVariant {
  id: string;
  form: RecordForm;
  files: Record<string, string>;
  /** the function going over the fields or the arguments, and its caller */
  normaliser: { file: string; name: string };
  caller: { file: string; name: string };
}

const isFieldForm = (form: RecordForm): form is FieldForm => (FIELD_FORMS as readonly string[]).includes(form);

/** `arguments` exists in functions and methods only: an arrow function has none of its own. */
const usesArguments = (form: RecordForm): boolean => form === 'arguments' || form === 'arguments copied';

/** The body over `options` (field forms) or over the arguments (`sources` for a rest parameter), in one form. */
function recordBody(form: RecordForm, ts: boolean): string {
  const copy = ts ? 'const copy: Record<string, unknown> = {};' : 'const copy = {};';
  const names = ts ? 'const names: string[] = [];' : 'const names = [];';
  const field = 'copy[key.toLowerCase()] = options[key];';
  const name = 'names.push(String(source).toLowerCase());';
  switch (form) {
    case 'for-in': return `${copy}\n  for (const key in options) {\n    ${field}\n  }\n  return copy;`;
    case 'Object.keys forEach': return `${copy}\n  Object.keys(options).forEach((key) => {\n    ${field}\n  });\n  return copy;`;
    case 'for-of Object.keys': return `${copy}\n  for (const key of Object.keys(options)) {\n    ${field}\n  }\n  return copy;`;
    case 'for-of Object.entries': return `${copy}\n  for (const [key, value] of Object.entries(options)) {\n    copy[key.toLowerCase()] = value;\n  }\n  return copy;`;
    case 'keys in a local': return `${copy}\n  const keys = Object.keys(options);\n  for (let i = 0; i < keys.length; i++) {\n    const key = keys[i];\n    ${field}\n  }\n  return copy;`;
    case 'Object.keys reduce': return `return Object.keys(options).reduce((copy, key) => {\n    ${field}\n    return copy;\n  }, ${ts ? '{} as Record<string, unknown>' : '{}'});`;
    case 'arguments': return `${names}\n  for (let i = 0; i < arguments.length; i++) {\n    const source = arguments[i];\n    ${name}\n  }\n  return names;`;
    case 'arguments copied': return `${names}\n  const sources = Array.prototype.slice.call(arguments);\n  for (const source of sources) {\n    ${name}\n  }\n  return names;`;
    case 'rest for-of': return `${names}\n  for (const source of sources) {\n    ${name}\n  }\n  return names;`;
    case 'rest forEach': return `${names}\n  sources.forEach((source) => {\n    ${name}\n  });\n  return names;`;
  }
}

function parameters(form: RecordForm, ts: boolean): string {
  if (isFieldForm(form)) return ts ? 'options: Record<string, unknown>' : 'options';
  if (usesArguments(form)) return ts ? '..._written: unknown[]' : '';
  return ts ? '...sources: unknown[]' : '...sources';
}

function normaliserSource(form: RecordForm, callable: CallableForm, language: Language, suffix: string): { code: string; exported: string; reported: string; call: (args: string) => string } {
  const ts = language === 'ts';
  const body = recordBody(form, ts);
  const params = parameters(form, ts);
  if (callable === 'method') {
    const cls = `Normaliser${suffix}`;
    return { code: `class ${cls} {\n  normalise(${params}) {\n  ${body}\n  }\n}`, exported: cls, reported: `${cls}.normalise`, call: (args) => `new ${cls}().normalise(${args})` };
  }
  const name = `normalise${suffix}`;
  const code = callable === 'function' ? `function ${name}(${params}) {\n  ${body}\n}` : `const ${name} = (${params}) => {\n  ${body}\n};`;
  return { code, exported: name, reported: name, call: (args) => `${name}(${args})` };
}

function render(form: RecordForm, callable: CallableForm, placement: ModulePlacement, language: Language, index: number): Pick<RecordVariant, 'files' | 'normaliser' | 'caller'> {
  const suffix = `_r${index}`;
  const dir = `r${index}`;
  const ts = language === 'ts';
  const normaliser = normaliserSource(form, callable, language, suffix);
  const callerName = `configure${suffix}`;
  // the caller hands over what it was handed: an options object, or the values it was called with
  const caller = isFieldForm(form)
    ? `function ${callerName}(${ts ? 'input: Record<string, unknown>' : 'input'}) {\n  return ${normaliser.call('input')};\n}`
    : `function ${callerName}(${ts ? 'a: unknown, b: unknown, c: unknown' : 'a, b, c'}) {\n  return ${normaliser.call('a, b, c')};\n}`;
  const normaliserFile = `${dir}/normalise.${language}`;
  const callerFile = `${dir}/configure.${language}`;
  const spec = ts ? './normalise' : './normalise.js';
  switch (placement) {
    case 'same file':
      return { files: { [callerFile]: `${normaliser.code}\n\nexport ${caller}\n` }, normaliser: { file: callerFile, name: normaliser.reported }, caller: { file: callerFile, name: callerName } };
    case 'ES module':
      return {
        files: { [normaliserFile]: `export ${normaliser.code}\n`, [callerFile]: `import { ${normaliser.exported} } from '${spec}';\n\nexport ${caller}\n` },
        normaliser: { file: normaliserFile, name: normaliser.reported },
        caller: { file: callerFile, name: callerName },
      };
    case 'CommonJS':
      return {
        files: {
          [normaliserFile]: `'use strict';\n${normaliser.code}\n\nmodule.exports = { ${normaliser.exported} };\n`,
          [callerFile]: `'use strict';\nconst { ${normaliser.exported} } = require('./normalise');\n\n${caller}\n\nmodule.exports = { ${callerName} };\n`,
        },
        normaliser: { file: normaliserFile, name: normaliser.reported },
        caller: { file: callerFile, name: callerName },
      };
  }
}

/** Every variant (CommonJS for JavaScript only; `arguments` forms in functions and methods only). */
export function generateRecordVariants(): RecordVariant[] {
  // an arrow function has no `arguments` of its own
  const keep = (axes: { form: RecordForm; callable: CallableForm; placement: ModulePlacement; language: Language }): boolean =>
    !(axes.callable === 'arrow' && usesArguments(axes.form)) && modulesInTypeScript(axes);
  return combinations({ form: RECORD_FORMS, callable: RECORD_CALLABLES, placement: MODULE_PLACEMENTS, language: LANGUAGES }, keep)
    .map((axes, index) => ({ id: variantId(axes), form: axes.form, ...render(axes.form, axes.callable, axes.placement, axes.language, index) }));
}
