/**
 * The TypeScript compiler and ts-morph, as one module of their own: the CLI bundle loads it from
 * `dist/typescript-runtime.js` when its first TS/JS file needs it (see esbuild.js), so a run on
 * Python files alone never reads or compiles the compiler's 10 MB of code.
 */
export * from 'ts-morph';
export { getLibFiles } from '@ts-morph/common';
