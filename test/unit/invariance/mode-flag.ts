/**
 * The invariance generator for "a mode the caller asks for" (#10.1, `io-sync` precision): a
 * function offers a blocking and a non-blocking form of one file-system call and picks it by a
 * flag parameter (`read(sync)`). Called without the flag, or with it written falsy, it waits; asked
 * for the blocking form, it blocks. The same work is written with another test of the flag (`if`,
 * `if (!flag)` with the branches swapped, a conditional expression, an early return), another
 * pair of calls, another kind of callable, another way of leaving the flag off, as an ES module or
 * CommonJS, in TypeScript or JavaScript. The function itself and the caller that leaves the flag
 * off must be `io`, the caller that asks for the blocking form `io-sync`, in every variant.
 */
import { combinations, LANGUAGES, modulesInTypeScript, variantId, type CallableForm, type Language, MODULE_FORMS, type ModuleForm } from './variants';

export type GuardForm = 'if' | 'if not' | 'conditional' | 'early return';
export type CallPair = 'stat' | 'readFile' | 'readdir';
export type FlagOff = 'left out' | 'false' | 'undefined';

export const GUARD_FORMS: readonly GuardForm[] = ['if', 'if not', 'conditional', 'early return'];
export const CALL_PAIRS: readonly CallPair[] = ['stat', 'readFile', 'readdir'];
export const FLAG_OFF_FORMS: readonly FlagOff[] = ['left out', 'false', 'undefined'];
export const DUAL_CALLABLES: readonly CallableForm[] = ['function', 'arrow', 'method'];

export interface ModeFlagVariant {
  id: string;
  guard: GuardForm;
  pair: CallPair;
  off: FlagOff;
  callable: CallableForm;
  module: ModuleForm;
  language: Language;
  files: Record<string, string>;
  dual: { file: string; name: string };
  waiting: { file: string; name: string };
  blocking: { file: string; name: string };
}

/** The body of `lookup(file, sync)`: the blocking call when `sync`, else the promise. */
function dualBody(guard: GuardForm, pair: CallPair): string {
  const blocking = `fs.${pair}Sync(file)`;
  const waiting = `fs.promises.${pair}(file)`;
  switch (guard) {
    case 'if': return `if (sync) {\n    return ${blocking};\n  } else {\n    return ${waiting};\n  }`;
    case 'if not': return `if (!sync) {\n    return ${waiting};\n  } else {\n    return ${blocking};\n  }`;
    case 'conditional': return `return sync ? ${blocking} : ${waiting};`;
    case 'early return': return `if (sync) return ${blocking};\n  return ${waiting};`;
  }
}

function render(variant: Omit<ModeFlagVariant, 'id' | 'files' | 'dual' | 'waiting' | 'blocking'>, index: number): Pick<ModeFlagVariant, 'files' | 'dual' | 'waiting' | 'blocking'> {
  const ts = variant.language === 'ts';
  const params = ts ? 'file: string, sync?: boolean' : 'file, sync';
  const file = ts ? 'file: string' : 'file';
  const body = dualBody(variant.guard, variant.pair);
  const name = `lookup_m${index}`;
  const off = variant.off === 'left out' ? '' : `, ${variant.off}`;
  let dual: string;
  let call: (args: string) => string;
  let dualName: string;
  let exported: string[];
  if (variant.callable === 'method') {
    const cls = `Entries_m${index}`;
    dual = `class ${cls} {\n  ${name}(${params}) {\n  ${body}\n  }\n}\nconst entries_m${index} = new ${cls}();`;
    call = (args) => `entries_m${index}.${name}(${args})`;
    dualName = `${cls}.${name}`;
    exported = [cls];
  } else {
    dual = variant.callable === 'function' ? `function ${name}(${params}) {\n  ${body}\n}` : `const ${name} = (${params}) => {\n  ${body}\n};`;
    call = (args) => `${name}(${args})`;
    dualName = name;
    exported = [name];
  }
  const waitingName = `entryOf_m${index}`;
  const blockingName = `entryOfSync_m${index}`;
  const callers = `function ${waitingName}(${file}) {\n  return ${call(`file${off}`)};\n}\n\nfunction ${blockingName}(${file}) {\n  return ${call('file, true')};\n}`;
  const path = `m${index}/entries.${variant.language}`;
  exported.push(waitingName, blockingName);
  const source = variant.module === 'ES module'
    ? `import * as fs from 'fs';\n\n${dual}\n\n${callers}\n\nexport { ${exported.join(', ')} };\n`
    : `'use strict';\nconst fs = require('fs');\n\n${dual}\n\n${callers}\n\nmodule.exports = { ${exported.join(', ')} };\n`;
  return { files: { [path]: source }, dual: { file: path, name: dualName }, waiting: { file: path, name: waitingName }, blocking: { file: path, name: blockingName } };
}

/** Every mode-flag variant (CommonJS for JavaScript only). */
export function generateModeFlagVariants(): ModeFlagVariant[] {
  return combinations({ guard: GUARD_FORMS, pair: CALL_PAIRS, off: FLAG_OFF_FORMS, callable: DUAL_CALLABLES, module: MODULE_FORMS, language: LANGUAGES },
    ({ module, language }) => modulesInTypeScript({ placement: module, language }))
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
