/**
 * The demonstration's chart as SVG we generate: one horizontal bar per scenario, wall time to
 * scale within its family (computing, waiting), with the ideal time marked for parallel runs.
 * No chart library: a handful of rectangles does not justify one in the webview bundle. Colours
 * come from CSS classes (theme variables), since inline styles are not allowed by the policy.
 */
import { html, joinHtml, type SafeHtml } from '../../extension/panel/escape';
import type { DemoFamily, ScenarioResult } from '../../demo/measurements';
import { formatSpeedup } from '../../demo/measurements';

const WIDTH = 360;
const ROW_HEIGHT = 38;
const BAR_HEIGHT = 14;
const LABEL_GAP = 15;
/** room right of the longest bar for its value */
const VALUE_ROOM = 96;
const HEADING_HEIGHT = 22;

const FAMILY_TITLES: Readonly<Record<DemoFamily, string>> = {
  cpu: 'Computing: sum of squares',
  io: 'Waiting: timers',
};

export function formatMs(milliseconds: number): string {
  return milliseconds >= 1000 ? `${(milliseconds / 1000).toFixed(2)} s` : `${Math.round(milliseconds)} ms`;
}

export function renderSpeedupChart(results: readonly ScenarioResult[], availableParallelism: number): SafeHtml {
  if (results.length === 0) return html``;
  const groups = (['cpu', 'io'] as const)
    .map((family) => ({ family, rows: results.filter((result) => result.family === family) }))
    .filter((group) => group.rows.length > 0);
  let y = 0;
  const parts: SafeHtml[] = [];
  for (const group of groups) {
    parts.push(html`<text class="chart-heading" x="0" y="${y + 14}">${FAMILY_TITLES[group.family]}</text>`);
    y += HEADING_HEIGHT;
    const longest = Math.max(...group.rows.map((row) => row.wallMs), 1);
    const baseline = group.rows[0]!.wallMs;
    for (const row of group.rows) {
      parts.push(renderBar(row, y, longest, baseline));
      y += ROW_HEIGHT;
    }
    y += 8;
  }
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${y}" width="100%" role="img"
      aria-labelledby="chart-title chart-description" preserveAspectRatio="xMinYMin meet">
    <title id="chart-title">Wall time per scenario</title>
    <desc id="chart-description">Shorter bars are faster. Dashed marks show the best possible time on ${availableParallelism} cores. The table below has the same numbers.</desc>
    ${joinHtml(parts)}
  </svg>`;
}

function renderBar(row: ScenarioResult, top: number, longest: number, baseline: number): SafeHtml {
  const scale = (WIDTH - VALUE_ROOM) / longest;
  const barWidth = Math.max(2, row.wallMs * scale);
  const barTop = top + LABEL_GAP;
  const idealMs = row.idealSpeedup > 1 ? baseline / row.idealSpeedup : undefined;
  return html`<g class="bar-row mode-${row.mode}">
    <text class="chart-label" x="0" y="${top + 11}">${row.label}</text>
    <rect class="bar" x="0" y="${barTop}" width="${barWidth.toFixed(1)}" height="${BAR_HEIGHT}" rx="2"></rect>
    ${idealMs !== undefined &&
    html`<line class="ideal" x1="${(idealMs * scale).toFixed(1)}" x2="${(idealMs * scale).toFixed(1)}" y1="${barTop - 3}" y2="${barTop + BAR_HEIGHT + 3}"></line>`}
    <text class="chart-value" x="${(barWidth + 6).toFixed(1)}" y="${barTop + 11}">${formatMs(row.wallMs)} · ${formatSpeedup(row.speedup)}</text>
  </g>`;
}
