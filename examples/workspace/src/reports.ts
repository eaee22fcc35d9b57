export interface Sale {
  region: string;
  amount: number;
}

/** Estimates the probability of a loss year by simulation: pure computation. */
export function simulateRisk(trials: number, volatility: number): number {
  let losses = 0;
  for (let trial = 0; trial < trials; trial++) {
    let value = 1;
    for (let month = 0; month < 12; month++) {
      value *= 1 + (Math.random() - 0.5) * volatility;
    }
    if (value < 1) losses++;
  }
  return losses / trials;
}

export function totals(sales: Sale[]): Record<string, number> {
  const byRegion: Record<string, number> = {};
  for (const sale of sales) byRegion[sale.region] = (byRegion[sale.region] ?? 0) + sale.amount;
  return byRegion;
}

export function buildReport(sales: Sale[]) {
  return { totals: totals(sales), risk: simulateRisk(2_000_000, 0.2) };
}
