/**
 * Why a file could not be analysed, in words a user can act on. Every stage that handles one
 * file at a time (parse, summarise, report) turns its exception into such a reason, so the file
 * is reported as skipped and every other file keeps its result.
 */

/** The stage that failed, as the reason names it. */
export type FailedStage = 'parse' | 'analysis';

export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

export function failureReason(stage: FailedStage, error: unknown): string {
  if (isStackOverflow(error)) {
    return stage === 'parse'
      ? 'nested too deeply for the parser (thousands of nested brackets, calls or functions)'
      : 'nested or chained too deeply to analyse (thousands of nested expressions or functions)';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${stage === 'parse' ? 'parsing' : 'analysis'} failed: ${message.split('\n')[0]}`;
}
