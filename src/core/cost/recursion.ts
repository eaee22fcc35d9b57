/**
 * How fast a recursion that calls itself several times per level grows. A function that calls
 * itself k times with its size lowered by d₁ … d_k makes T(n) = Σ T(n − dᵢ) calls: about rⁿ,
 * where r is the root above 1 of Σ r^(−dᵢ) = 1. `f(n − 1) + f(n − 1)` doubles per level (r = 2);
 * `fib(n − 1) + fib(n − 2)` grows by the golden ratio (r ≈ 1.618), not 2: at n = 30 that is
 * 1.3 million calls, not a billion.
 */
export function recursionGrowth(decrements: readonly number[]): number {
  const steps = decrements.map((step) => (Number.isFinite(step) && step >= 1 ? step : 1));
  if (steps.length <= 1) return 1;
  const excess = (rate: number): number => steps.reduce((sum, step) => sum + rate ** -step, 0) - 1;
  let low = 1;
  let high = steps.length;
  for (let i = 0; i < 60; i++) {
    const middle = (low + high) / 2;
    if (excess(middle) > 0) low = middle;
    else high = middle;
  }
  return high;
}
