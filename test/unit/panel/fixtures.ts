/** Reports and views shared by the panel's unit tests, including hostile strings from "user code". */
import type { Finding, FunctionReport } from '../../../src/core/model';
import type { FunctionAnalysis } from '../../../src/extension/panel/deps';

export const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

export function hostileFunction(overrides: Partial<FunctionReport> = {}): FunctionReport {
  return {
    id: '/work/app/report.ts#120',
    name: `build${HOSTILE}`,
    range: { line: 12, column: 1, endLine: 40, endColumn: 2 },
    nameRange: { line: 12, column: 10, endLine: 12, endColumn: 21 },
    kind: 'cpu',
    confidence: 0.86,
    evidence: [
      { line: 18, message: `loop of 10,000,000 iterations ${HOSTILE}`, signal: 'loop' },
      { line: 7, message: 'called from a request handler', signal: 'context', file: '/work/app/server.ts' },
      { line: 20, message: 'same-file evidence with an explicit file', file: '/work/app/report.ts' },
    ],
    recommendation: { strategy: 'worker-thread', reason: `Move ${HOSTILE} off the event loop.` },
    cost: { description: `≈ 12 ms per call on this machine class ${HOSTILE}`, ms: 12, operations: 1e7, dataDependent: true },
    inRequestPath: true,
    isAsync: false,
    ...overrides,
  };
}

export function hostileFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'cpu-on-event-loop',
    severity: 'error',
    message: `build${HOSTILE} blocks the event loop`,
    range: { line: 12, column: 10, endLine: 12, endColumn: 21 },
    related: [],
    functionId: '/work/app/report.ts#120',
    fixes: ['move-to-worker-thread'],
    ...overrides,
  };
}

export function hostileAnalysis(): FunctionAnalysis {
  return { function: hostileFunction(), findings: [hostileFinding()] };
}
