/**
 * The invariance generator (#10.2) for TypeScript/JavaScript: rewrites seed examples into
 * semantically equal variants — the same work written with another loop, another way of passing
 * the value, another kind of callable, in another place — so a test can require the same verdict
 * for all of them. Every variant gets its own folder and its own names (suffix `_v<n>`), so that
 * variants analysed together in one project cannot resolve calls into each other.
 */

export type LoopForm = 'for' | 'while' | 'do' | 'for-of' | 'forEach' | 'map' | 'reduce' | 'Array.from' | 'recursion';
export type ValueForm = 'literal' | 'const' | 'Array(4).fill' | '[x, x]' | 'default parameter';
export type CallableForm = 'function' | 'arrow' | 'method';
export type Placement = 'same file' | 'ES module' | 're-export' | 'CommonJS';
/** Where a callee sits, for the generators of a callee and its caller: beside it, or in a module it imports or requires. */
export type ModulePlacement = Exclude<Placement, 're-export'>;
/** A helper in a module of its own, in one module system. */
export type ModuleForm = Exclude<Placement, 'same file' | 're-export'>;
export type Language = 'ts' | 'js';

export const LOOP_FORMS: readonly LoopForm[] = ['for', 'while', 'do', 'for-of', 'forEach', 'map', 'reduce', 'Array.from', 'recursion'];
export const VALUE_FORMS: readonly ValueForm[] = ['literal', 'const', 'Array(4).fill', '[x, x]', 'default parameter'];
export const CALLABLE_FORMS: readonly CallableForm[] = ['function', 'arrow', 'method'];
export const PLACEMENTS: readonly Placement[] = ['same file', 'ES module', 're-export', 'CommonJS'];
export const MODULE_PLACEMENTS: readonly ModulePlacement[] = ['same file', 'ES module', 'CommonJS'];
export const MODULE_FORMS: readonly ModuleForm[] = ['ES module', 'CommonJS'];
export const LANGUAGES: readonly Language[] = ['ts', 'js'];

/** A seed: one piece of work (a sum of squares up to `n`) called with one value, and the verdicts it must get. */
export interface Seed {
  name: string;
  /** the value passed, as source text */
  value: string;
  expected: { kernel: string; caller: string };
}

export const SEEDS: readonly Seed[] = [
  // the #10 seed: `while (i < n)` called with 5e7 is CPU-heavy, in the callee and in the caller
  { name: 'heavy', value: '5e7', expected: { kernel: 'cpu', caller: 'cpu' } },
  // the same code called with a handful of iterations is bounded by small constants
  { name: 'light', value: '8', expected: { kernel: 'none', caller: 'none' } },
];

export interface Variant {
  id: string;
  seed: Seed;
  loop: LoopForm;
  value: ValueForm;
  callable: CallableForm;
  placement: Placement;
  language: Language;
  /** relative path → source text */
  files: Record<string, string>;
  /** the reported names of the kernel and the caller, and the file each is in */
  kernel: { file: string; name: string };
  caller: { file: string; name: string };
}

/** The body of `work(n)` computing Σ i² for i < n, in one loop form (parameters `n`, and `t` for recursion). */
function loopBody(loop: LoopForm, self: string): string {
  switch (loop) {
    case 'for': return 'let t = 0;\n  for (let i = 0; i < n; i++) {\n    t += i * i;\n  }\n  return t;';
    case 'while': return 'let t = 0;\n  let i = 0;\n  while (i < n) {\n    t += i * i;\n    i++;\n  }\n  return t;';
    case 'do': return 'let t = 0;\n  let i = 0;\n  do {\n    t += i * i;\n    i += 1;\n  } while (i < n);\n  return t;';
    case 'for-of': return 'let t = 0;\n  for (const i of Array.from({ length: n }, (_, k) => k)) {\n    t += i * i;\n  }\n  return t;';
    case 'forEach': return 'let t = 0;\n  Array.from({ length: n }).forEach((_, i) => {\n    t += i * i;\n  });\n  return t;';
    case 'map': return 'const squares = Array.from({ length: n }).map((_, i) => i * i);\n  return squares.length;';
    case 'reduce': return 'return Array.from({ length: n }).reduce((t, _, i) => t + i * i, 0);';
    case 'Array.from': return 'let t = 0;\n  Array.from({ length: n }, (_, i) => {\n    t += i * i;\n  });\n  return t;';
    case 'recursion': return `if (n <= 0) return t;\n  return ${self}(n - 1, t + n * n);`;
  }
}

function params(loop: LoopForm, language: Language): string {
  const n = language === 'ts' ? 'n: number' : 'n';
  return loop === 'recursion' ? `${n}, t = 0` : n;
}

/** The kernel's declaration (and what to export, and how a caller reaches it). */
function kernelSource(variant: Pick<Variant, 'loop' | 'callable' | 'language'>, suffix: string): { code: string; exported: string; name: string; reported: string } {
  const { loop, callable, language } = variant;
  const returns = language === 'ts' ? ': number' : '';
  if (callable === 'method') {
    const cls = `Kernel${suffix}`;
    const code = `class ${cls} {\n  work(${params(loop, language)})${returns} {\n  ${loopBody(loop, 'this.work')}\n  }\n}`;
    return { code, exported: cls, name: cls, reported: `${cls}.work` };
  }
  const name = `work${suffix}`;
  const code = callable === 'function'
    ? `function ${name}(${params(loop, language)})${returns} {\n  ${loopBody(loop, name)}\n}`
    : `const ${name} = (${params(loop, language)})${returns} => {\n  ${loopBody(loop, name)}\n};`;
  return { code, exported: name, name, reported: name };
}

/** The caller's declaration: passes the seed's value in one value form. */
function callerSource(value: ValueForm, seed: Seed, callable: CallableForm, kernelName: string, suffix: string, language: Language): { code: string; name: string } {
  const name = `main${suffix}`;
  const constant = `N${suffix}`;
  const prelude = callable === 'method' ? `  const kernel = new ${kernelName}();\n` : '';
  const call = (argument: string): string => (callable === 'method' ? `kernel.work(${argument})` : `${kernelName}(${argument})`);
  const n = language === 'ts' ? 'n: number' : 'n';
  switch (value) {
    case 'literal': return { name, code: `export function ${name}() {\n${prelude}  return ${call(seed.value)};\n}` };
    case 'const': return { name, code: `const ${constant} = ${seed.value};\nexport function ${name}() {\n${prelude}  return ${call(constant)};\n}` };
    case 'Array(4).fill': return { name, code: `const ${constant} = ${seed.value};\nexport function ${name}() {\n${prelude}  return Array(4).fill(${constant}).map((${n}) => ${call('n')});\n}` };
    case '[x, x]': return { name, code: `const ${constant} = ${seed.value};\nexport function ${name}() {\n${prelude}  return [${constant}, ${constant}].map((${n}) => ${call('n')});\n}` };
    case 'default parameter': return { name, code: `export function ${name}(n = ${seed.value}) {\n${prelude}  return ${call('n')};\n}` };
  }
}

/** One variant's files: the kernel and the caller in one file, or in modules linked one way or another. */
function render(variant: Omit<Variant, 'files' | 'kernel' | 'caller'>, index: number): Pick<Variant, 'files' | 'kernel' | 'caller'> {
  const suffix = `_v${index}`;
  const dir = `v${index}`;
  const ext = variant.language;
  const kernel = kernelSource(variant, suffix);
  const caller = callerSource(variant.value, variant.seed, variant.callable, kernel.name, suffix, variant.language);
  const callerFile = `${dir}/main.${ext}`;
  const kernelFile = `${dir}/kernel.${ext}`;
  // a relative import as each module system spells it (ESM JavaScript names the file)
  const spec = (base: string): string => (ext === 'js' ? `./${base}.js` : `./${base}`);
  switch (variant.placement) {
    case 'same file':
      return {
        files: { [callerFile]: `${kernel.code}\n\n${caller.code}\n` },
        kernel: { file: callerFile, name: kernel.reported },
        caller: { file: callerFile, name: caller.name },
      };
    case 'ES module':
      return {
        files: {
          [kernelFile]: `export ${kernel.code}\n`,
          [callerFile]: `import { ${kernel.exported} } from '${spec('kernel')}';\n\n${caller.code}\n`,
        },
        kernel: { file: kernelFile, name: kernel.reported },
        caller: { file: callerFile, name: caller.name },
      };
    case 're-export':
      return {
        files: {
          [kernelFile]: `export ${kernel.code}\n`,
          [`${dir}/index.${ext}`]: `export { ${kernel.exported} } from '${spec('kernel')}';\n`,
          [callerFile]: `import { ${kernel.exported} } from '${spec('index')}';\n\n${caller.code}\n`,
        },
        kernel: { file: kernelFile, name: kernel.reported },
        caller: { file: callerFile, name: caller.name },
      };
    case 'CommonJS':
      return {
        files: {
          [kernelFile]: `'use strict';\n${kernel.code}\n\nmodule.exports = { ${kernel.exported} };\n`,
          [callerFile]: `'use strict';\nconst { ${kernel.exported} } = require('./kernel');\n\n${caller.code.replace(/^export /m, '')}\n\nmodule.exports = { ${caller.name} };\n`,
        },
        kernel: { file: kernelFile, name: kernel.reported },
        caller: { file: callerFile, name: caller.name },
      };
  }
}

/** Every variant of every seed (CommonJS for JavaScript only: TypeScript sources use ES modules). */
export function generateVariants(seeds: readonly Seed[] = SEEDS): Variant[] {
  return combinations({ seed: seeds, loop: LOOP_FORMS, value: VALUE_FORMS, callable: CALLABLE_FORMS, placement: PLACEMENTS, language: LANGUAGES }, modulesInTypeScript)
    .map((axes, index) => {
      const base = { id: '', ...axes };
      return { ...base, id: variantId(axes), ...render(base, index) };
    });
}

/** One value of each axis of a family. */
export type Combination<A extends Record<string, readonly unknown[]>> = { [K in keyof A]: A[K][number] };

/**
 * Every combination of a family's named axes, as nested loops over them would give them: the
 * first axis outermost, the last varying fastest; less those `keep` refuses. A variant's index
 * (its folder and its names' suffix) is its position in the list.
 */
export function combinations<A extends Record<string, readonly unknown[]>>(axes: A, keep: (combination: Combination<A>) => boolean = () => true): Combination<A>[] {
  let found: Record<string, unknown>[] = [{}];
  for (const [name, values] of Object.entries(axes)) found = found.flatMap((head) => values.map((value) => ({ ...head, [name]: value })));
  return (found as Combination<A>[]).filter(keep);
}

/** A variant's id: its axes' values joined by `/` (a seed by its name). */
export function variantId(combination: Record<string, unknown>): string {
  return Object.values(combination).map((value) => (typeof value === 'string' ? value : (value as { name: string }).name)).join('/');
}

/** TypeScript sources use ES modules: no TypeScript variant of a CommonJS placement. */
export function modulesInTypeScript({ placement, language }: { placement: string; language: Language }): boolean {
  return !(placement === 'CommonJS' && language === 'ts');
}
