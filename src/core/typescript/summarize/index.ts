/** The summariser's API: one file's compiler AST in, its FileSummary out (see walk.ts). */
export { summarizeFile } from './walk';
export type { SummarizeHost } from './state';
export { skipOuterExpressions } from './syntax';
