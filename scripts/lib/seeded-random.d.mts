// Types of seeded-random.mjs, for the TypeScript unit tests.
/** mulberry32: the same seed gives the same sequence of numbers in [0, 1) everywhere. */
export function mulberry32(seed: number): () => number;
