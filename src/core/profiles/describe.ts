/**
 * Measurements in words, the same in every front end (CLI messages and stderr, hovers, the
 * server's replies): shares, milliseconds, a function's measurement and a thread's time split.
 */
import { formatMs as formatEstimate } from '../cost/time';
import type { Measurement } from '../model';
import type { ThreadSummary } from './measure';

/** Time on the CPU: waiting (sleep, locks, sockets) is not. */
export function cpuMs(m: Measurement): number {
  return Math.max(0, m.totalMs - m.waitMs);
}

/**
 * "41% of main thread (1.2 s of 3.0 s), 380 ms at once, in CPU.….cpuprofile of 2026-12-06"; with
 * call counts and the static estimate (ms per call), the two side by side: "120 ms per call over
 * 3 calls (estimated ≈ 40 ms: 3.0× the estimate)".
 */
export function describeMeasurement(m: Measurement, estimateMs?: number): string {
  const parts = [`${formatShare(cpuMs(m) / (m.threadMs || 1))} of ${m.thread} (${formatMs(cpuMs(m))} of ${formatMs(m.threadMs)})`];
  if (m.calls) {
    const perCall = m.totalMs / m.calls;
    const versus = estimateMs !== undefined && estimateMs > 0 && Number.isFinite(estimateMs)
      ? ` (estimated ${formatEstimate(estimateMs)}: ${formatRatio(perCall / estimateMs)} the estimate)`
      : '';
    parts.push(`${formatMs(perCall)} per call over ${m.calls.toLocaleString('en-US')} call${m.calls === 1 ? '' : 's'}${versus}`);
  }
  if (m.longestRunMs !== undefined && m.longestRunMs > 0) parts.push(`${formatMs(m.longestRunMs)} at once`);
  if (m.waitMs > 0) parts.push(`${formatMs(m.waitMs)} waiting`);
  const date = m.recordedAt ? ` of ${m.recordedAt.slice(0, 10)}` : '';
  return `${parts.join(', ')}, in ${m.profile}${date}`;
}

/** "41% of main thread, 120 ms per call": the measurement in a recommendation's few words. */
export function briefMeasurement(m: Measurement): string {
  const parts = [`${formatShare(cpuMs(m) / (m.threadMs || 1))} of ${m.thread}`];
  if (m.calls) parts.push(`${formatMs(cpuMs(m) / m.calls)} per call`);
  else if (m.longestRunMs) parts.push(`${formatMs(m.longestRunMs)} at once`);
  return parts.join(', ');
}

/** "main thread (3.0 s): 41% analysed code, 20% other code (libraries, runtime, native), 30% idle, 5% GC, 4% VM (program)" */
export function describeThread(summary: ThreadSummary): string {
  const of = (ms: number) => formatShare(ms / (summary.durationMs || 1));
  const parts = [`${of(summary.projectMs)} analysed code`, `${of(summary.otherMs)} other code (libraries, runtime, native)`];
  if (summary.idleMs > 0) parts.push(`${of(summary.idleMs)} idle`);
  else if (summary.activeOnly) parts.push('idle not recorded');
  if (summary.gcMs > 0) parts.push(`${of(summary.gcMs)} GC`);
  if (summary.programMs > 0) parts.push(`${of(summary.programMs)} VM (program)`);
  if (summary.waitMs > 0) parts.push(`${of(summary.waitMs)} waiting`);
  return `${summary.thread} (${formatMs(summary.durationMs)}): ${parts.join(', ')}`;
}

/** 3.0×, 0.25×, 1,200× */
function formatRatio(ratio: number): string {
  if (ratio >= 100) return `${Math.round(ratio).toLocaleString('en-US')}×`;
  return `${Number(ratio.toPrecision(2))}×`;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  if (ms >= 10) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  return `${ms.toFixed(ms >= 1 ? 1 : 2)} ms`;
}

export function formatShare(share: number): string {
  const percent = share * 100;
  return percent >= 10 ? `${Math.round(percent)}%` : percent >= 0.1 ? `${percent.toFixed(1)}%` : '<0.1%';
}
