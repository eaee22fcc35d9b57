/** The summariser's API: one file's compiler AST in, its FileSummary out (see walk.ts). */
export { summarizeFile } from './walk';
export { OverBudgetError, type SummarizeHost, type SummaryTimeBudget } from './state';
export { skipOuterExpressions } from './syntax';
