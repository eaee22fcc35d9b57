// Types of corpus-sample.mjs, for the TypeScript unit tests.
export interface Candidate {
  file: string;
  function: string;
  line: number;
  api: boolean;
}
export interface Selected {
  file: string;
  function: string;
  line: number;
  stratum: 'random' | 'api';
}
export function select(candidates: Candidate[], selection: { seed: number; KR: number; KA: number }): Selected[];
