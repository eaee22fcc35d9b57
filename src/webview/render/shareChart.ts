/**
 * A function's measured share of each thread as a small SVG bar chart: the thread's recorded
 * time is the track, the function's time on the CPU (callees included) the bar, its own code the
 * darker part. Generated rectangles, colours from CSS classes (the policy allows no inline style);
 * every label goes through `html`, which escapes it.
 */
import { html, joinHtml, type SafeHtml } from '../../extension/panel/escape';
import type { MeasuredView } from '../../extension/panel/protocol';

const WIDTH = 360;
const ROW_HEIGHT = 34;
const BAR_HEIGHT = 12;
const LABEL_GAP = 14;
const TRACK = WIDTH - 60;

export function share(part: number, whole: number): number {
  return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
}

export function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function renderShareChart(measured: readonly MeasuredView[]): SafeHtml {
  const rows = measured.slice(0, 6).map((entry, index) => {
    const top = index * ROW_HEIGHT;
    const total = share(entry.cpuMs, entry.threadMs);
    const own = Math.min(total, share(entry.ownMs, entry.threadMs));
    const percent = `${Math.round(total * 1000) / 10}%`;
    return html`<g class="share-row${entry.mainThread ? ' main-thread' : ''}">
      <text class="chart-label" x="0" y="${top + 11}">${entry.thread}</text>
      <rect class="track" x="0" y="${top + LABEL_GAP}" width="${TRACK}" height="${BAR_HEIGHT}" rx="2"></rect>
      <rect class="bar" x="0" y="${top + LABEL_GAP}" width="${round(Math.max(1, total * TRACK))}" height="${BAR_HEIGHT}" rx="2"></rect>
      <rect class="bar-own" x="0" y="${top + LABEL_GAP}" width="${round(own * TRACK)}" height="${BAR_HEIGHT}" rx="2"></rect>
      <text class="chart-value" x="${TRACK + 6}" y="${top + LABEL_GAP + BAR_HEIGHT - 2}">${percent}</text>
    </g>`;
  });
  const height = rows.length * ROW_HEIGHT;
  return html`<svg class="chart share-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img"
      aria-labelledby="share-title share-description" preserveAspectRatio="xMinYMin meet">
    <title id="share-title">Measured share of each thread's time</title>
    <desc id="share-description">Each bar is the function's time on the CPU as a share of the thread's recorded time; the darker part is its own code. The list below has the same numbers.</desc>
    ${joinHtml(rows)}
  </svg>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
