/**
 * The work the demonstration measures: the source articles' example of CPU-bound work (a sum of
 * squares) and of I/O-like waiting (a timer). Deliberately plain so the comparison is about where
 * the work runs, not how it is written.
 */

/** Sum of i² for i < n, in a plain loop: pure computation, no allocation, no I/O. */
export function sumOfSquares(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += i * i;
  return total;
}

/** Stands in for an I/O wait: the thread is free while the timer runs. */
export function wait(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
