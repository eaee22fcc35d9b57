// Splits a labelled corpus into halves BY PACKAGE (never by function, so one package's code
// cannot leak between halves), with a seeded shuffle that anyone can re-run: the seed is
// written in the corpus file next to the two lists, and `npm run eval -- --check` verifies them.
import { mulberry32 } from './seeded-random.mjs';

/** Fisher-Yates over the sorted package names; the first ceil(n/2) are `dev`, the rest `holdout`. */
export function splitPackages(packageNames, seed) {
  const names = [...new Set(packageNames)].sort();
  const random = mulberry32(seed);
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [names[i], names[j]] = [names[j], names[i]];
  }
  const half = Math.ceil(names.length / 2);
  return { dev: names.slice(0, half).sort(), holdout: names.slice(half).sort() };
}

/** Problems with a corpus's recorded split (empty when the lists are what the seed gives). */
export function splitProblems(corpus) {
  const split = corpus.split;
  if (!split) return [];
  if (!Number.isInteger(split.seed)) return ['split.seed must be an integer'];
  const expected = splitPackages(Object.keys(corpus.packages), split.seed);
  const problems = [];
  for (const half of ['dev', 'holdout']) {
    if (JSON.stringify([...(split[half] ?? [])].sort()) !== JSON.stringify(expected[half])) {
      problems.push(`split.${half} is not what seed ${split.seed} gives: expected ${expected[half].join(', ')}`);
    }
  }
  return problems;
}
