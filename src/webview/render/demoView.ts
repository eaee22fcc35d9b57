/**
 * The "Live demo" tab: what the demonstration does, its controls, progress, the chart, a table with
 * the same numbers (for screen readers and exact values) and the conclusions.
 */
import { html, joinHtml, type SafeHtml } from '../../extension/panel/escape';
import type { ScenarioResult } from '../../demo/measurements';
import { formatSpeedup } from '../../demo/measurements';
import type { DemoView, EnvironmentView } from '../../extension/panel/protocol';
import { icon } from './analysisView';
import { formatMs, renderSpeedupChart } from './chart';

export function renderDemo(environment: EnvironmentView | undefined, demo: DemoView): SafeHtml {
  const cores = environment?.availableParallelism ?? 0;
  return html`
    <section class="demo" aria-labelledby="demo-heading">
      <h2 id="demo-heading">See the difference on this machine</h2>
      <p>The demonstration runs Threadwise's own code, never yours, in a separate process so the editor stays responsive.
      It sums squares (the CPU-bound example) on the main thread, then on worker threads and on child processes (from one up
      to the number of cores, and twice that when there are enough tasks), and waits on timers (the I/O-like example) one
      after another, then all together.
      This machine reports <strong>${cores}</strong> available core${cores === 1 ? '' : 's'} (<code>os.availableParallelism()</code>).</p>
      ${renderControls(environment, demo)}
      ${renderResults(demo, cores)}
    </section>`;
}

function renderControls(environment: EnvironmentView | undefined, demo: DemoView): SafeHtml {
  if (environment && !environment.isTrusted) {
    return html`<div class="notice-box">
      <p>${icon('shield')} <strong>Off in Restricted Mode.</strong> The demonstration starts processes and threads on your
      machine. Threadwise does that only in workspaces you trust, even though it runs nothing from this workspace.
      Trust the folder (Manage Workspace Trust) to enable it.</p>
    </div>`;
  }
  if (demo.state === 'running') {
    const value = demo.total > 0 ? demo.completed : 0;
    return html`<div class="demo-controls">
      <vscode-button secondary icon="debug-stop" data-action="cancel-demo">Cancel</vscode-button>
      <p class="progress-label" role="status">${icon('loading')} ${demo.completed} of ${demo.total || '…'} done. Now: ${demo.label}</p>
      <vscode-progress-bar aria-label="Demonstration progress" max="${Math.max(demo.total, 1)}" value="${value}"></vscode-progress-bar>
    </div>`;
  }
  return html`<div class="demo-controls">
    <vscode-button icon="play" data-action="run-demo">${demo.state === 'idle' ? 'Run the demonstration' : 'Run again'}</vscode-button>
    <span class="muted">Takes about 5 to 20 seconds and keeps every core busy meanwhile.</span>
  </div>`;
}

function renderResults(demo: DemoView, cores: number): SafeHtml {
  switch (demo.state) {
    case 'idle':
      return html``;
    case 'failed':
      return html`<p class="error-text" role="alert">${icon('error')} The demonstration failed: ${demo.message}</p>`;
    case 'cancelled':
      return html`<p role="status">${icon('circle-slash')} Cancelled.</p>${renderMeasurements(demo.results, cores)}`;
    case 'running':
      return renderMeasurements(demo.results, cores);
    case 'finished':
      return html`${renderMeasurements(demo.report.results, cores)}
        <h3>What this shows</h3>
        <ul class="conclusions">${joinHtml(demo.report.conclusions.map((line) => html`<li>${line}</li>`))}</ul>
        <p class="muted">Each CPU task ran ${demo.report.cpuTaskSize.toLocaleString('en')} loop iterations. Times include starting the
        workers or processes, which is what creating them per job really costs; a pool pays it once.</p>`;
  }
}

function renderMeasurements(results: readonly ScenarioResult[], cores: number): SafeHtml {
  if (results.length === 0) return html``;
  return html`${renderSpeedupChart(results, cores)}${renderTable(results)}`;
}

function renderTable(results: readonly ScenarioResult[]): SafeHtml {
  const rows = results.map(
    (result) => html`<tr>
      <th scope="row">${result.label}</th>
      <td>${formatMs(result.wallMs)}</td>
      <td>${result.startupMs > 0 ? formatMs(result.startupMs) : '–'}</td>
      <td>${formatSpeedup(result.speedup)}</td>
      <td>${formatSpeedup(result.idealSpeedup)}</td>
    </tr>`,
  );
  return html`<div class="table-scroll"><table class="results">
    <caption>Measurements</caption>
    <thead><tr><th scope="col">Scenario</th><th scope="col">Wall time</th><th scope="col">Start-up</th>
      <th scope="col">Speedup</th><th scope="col">Best possible</th></tr></thead>
    <tbody>${joinHtml(rows)}</tbody>
  </table></div>`;
}
