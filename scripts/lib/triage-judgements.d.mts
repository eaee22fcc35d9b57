// Types of triage-judgements.mjs, for the unit tests (the scripts themselves are plain ESM).
export type Verdict = 'true' | 'false' | 'debatable';
export interface Judgement {
  project: string;
  file: string;
  line: number;
  /** the finding's column: tells two findings of one rule on one line apart (absent in older judgements) */
  column?: number;
  rule: string;
  function?: string;
  verdict: Verdict;
  reason: string;
}
export interface TriageFinding {
  project: string;
  file: string;
  line: number;
  column?: number;
  rule: string;
  function: string;
  judgement?: Judgement;
  [key: string]: unknown;
}
export const VERDICTS: Verdict[];
export const LINE_TOLERANCE: number;
export const FUNCTION_LINE_TOLERANCE: number;
export function isTestPath(path: string): boolean;
export function readJudgements(file: string): { judgements: Judgement[]; problems: string[] };
export function matchJudgements(judgements: Judgement[], findings: TriageFinding[]): { stale: Judgement[] };
export interface KnownProblem {
  project: string;
  file: string;
  line: number;
  rules: string[];
  reason: string;
}
export function readMissed(file: string): KnownProblem[];
export function caughtMisses(missed: KnownProblem[], findings: TriageFinding[]): (KnownProblem & { caughtBy?: string })[];
export function writeJudgements(file: string, about: string | undefined, judgements: Judgement[]): void;
export function mergeJudgements(file: string, stubLines: string): { added: number; replaced: number; problems: string[] };
