// Types of corpus-split.mjs, for the TypeScript unit tests.
export interface CorpusSplit {
  seed: number;
  dev?: string[];
  holdout?: string[];
}
export function splitPackages(packageNames: Iterable<string>, seed: number): { dev: string[]; holdout: string[] };
export function splitProblems(corpus: { packages: Record<string, string>; split?: CorpusSplit }): string[];
