// The articles' CPU-bound example: sum of squares over four large inputs, on the main thread.
export function cpuBoundTask(n: number): number {
  let result = 0;
  for (let i = 0; i < n; i++) {
    result += i * i;
  }
  return result;
}

export function main(): void {
  const numbers = [10_000_000, 10_000_000, 10_000_000, 10_000_000];
  const results = numbers.map(cpuBoundTask);
  console.log(`Results: ${results.join(', ')}`);
}

main();
