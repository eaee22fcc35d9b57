/**
 * The "This function" tab: verdict, cost, recommendation, evidence and findings of the function
 * under the cursor. Every value from the analysis comes from the user's code and is interpolated
 * through `html`, which escapes it; buttons carry indexes in data attributes, never code or paths.
 */
import { html, joinHtml, type SafeHtml } from '../../extension/panel/escape';
import { SNIPPETS } from '../../extension/panel/content/snippets';
import { getTopic } from '../../extension/panel/content/topics';
import type { AnalysisView, EvidenceView, FindingView, MeasuredView, NoAnalysisReason } from '../../extension/panel/protocol';
import { formatDuration, renderShareChart, share } from './shareChart';
import {
  explainKind,
  formatPercent,
  KIND_ICONS,
  KIND_LABELS,
  SEVERITY_ICONS,
  SIGNAL_ICONS,
  STRATEGY_LABELS,
} from './labels';

export const icon = (name: string): SafeHtml => html`<span class="codicon codicon-${name}" aria-hidden="true"></span>`;

export function learnMoreButton(topicId: AnalysisView['verdictTopicId'], label = 'Learn more'): SafeHtml {
  return html`<button type="button" class="link" data-action="show-topic" data-topic="${topicId}"
    >${icon('book')} ${label}: ${getTopic(topicId).title}</button>`;
}

export function renderAnalysis(view: AnalysisView): SafeHtml {
  const fn = view.function;
  return html`
    <article class="analysis" aria-labelledby="function-name">
      <header class="function-header">
        <h2 id="function-name" class="function-name"><button type="button" class="link" data-action="reveal-function"
          title="Go to the function">${fn.name}</button></h2>
        <p class="where">${view.fileLabel}, lines ${fn.startLine}–${fn.endLine}</p>
        <p class="badges">
          <span class="verdict verdict-${fn.kind}">${icon(KIND_ICONS[fn.kind])} ${KIND_LABELS[fn.kind]}</span>
          <span class="badge">confidence ${formatPercent(fn.confidence)}</span>
          ${fn.isAsync && html`<span class="badge">async</span>`}
          ${fn.inRequestPath && html`<span class="badge badge-warning">${icon('globe')} in a request path</span>`}
        </p>
      </header>
      <section aria-labelledby="verdict-heading">
        <h3 id="verdict-heading">Why it matters</h3>
        <p>${explainKind(fn.kind, view.runtime)}</p>
        <p>${learnMoreButton(view.verdictTopicId)}</p>
      </section>
      ${renderCost(view)}
      ${renderRecommendation(view)}
      ${renderEvidence(fn.evidence)}
      ${renderFindings(view.findings)}
    </article>`;
}

function renderCost(view: AnalysisView): SafeHtml {
  const cost = view.function.cost;
  return html`
    <section aria-labelledby="cost-heading">
      <h3 id="cost-heading">Estimated cost per call</h3>
      <p>${cost.description}</p>
      ${cost.dataDependent &&
      html`<p class="muted">${icon('info')} The bound depends on data the analyser cannot see, so this is an assumption, not a measurement. Times are for the machine class the cost model was calibrated on.</p>`}
      ${view.function.measured && renderMeasured(view.function.measured, cost.ms)}
    </section>`;
}

/**
 * Measured next to the estimate: the function's share of each thread the profiles saw it on, and
 * where the profiler counted calls, its time per call beside the estimate per call.
 */
function renderMeasured(measured: readonly MeasuredView[], estimateMs: number | undefined): SafeHtml {
  const rows = measured.map((entry) => {
    const details = [
      `${formatDuration(entry.cpuMs)} of ${formatDuration(entry.threadMs)}`,
      ...(entry.calls ? [`${formatDuration(entry.cpuMs / entry.calls)} per call${versusEstimate(entry.cpuMs / entry.calls, estimateMs)}`] : []),
      ...(entry.longestRunMs ? [`${formatDuration(entry.longestRunMs)} at once`] : []),
      ...(entry.waitMs > 0 ? [`${formatDuration(entry.waitMs)} waiting`] : []),
    ];
    return html`<li>${entry.thread}: ${formatPercent(share(entry.cpuMs, entry.threadMs))} (${details.join(', ')}) <span class="muted">in ${entry.profile}</span></li>`;
  });
  return html`
    <h4 id="measured-heading">Measured</h4>
    ${renderShareChart(measured)}
    <ul class="measured">${joinHtml(rows)}</ul>`;
}

/** `, estimated 12 ms: 8.3× the estimate` (the table `threadwise calibrate --from-profile` fits from). */
function versusEstimate(perCallMs: number, estimateMs: number | undefined): string {
  if (estimateMs === undefined || !(estimateMs > 0) || !Number.isFinite(estimateMs)) return '';
  const ratio = perCallMs / estimateMs;
  return `, estimated ${formatDuration(estimateMs)}: ${ratio >= 100 ? Math.round(ratio) : Number(ratio.toPrecision(2))}× the estimate`;
}

function renderRecommendation(view: AnalysisView): SafeHtml {
  const recommendation = view.function.recommendation;
  const snippet = view.snippetId ? SNIPPETS[view.snippetId] : undefined;
  return html`
    <section aria-labelledby="recommendation-heading">
      <h3 id="recommendation-heading">Recommendation</h3>
      <p><strong>${STRATEGY_LABELS[recommendation.strategy]}.</strong> ${recommendation.reason}</p>
      <div class="actions">
        ${snippet &&
        html`<vscode-button secondary icon="insert" data-action="insert-snippet" data-snippet="${snippet.id}"
          >Insert example: ${snippet.title}</vscode-button>`}
      </div>
      ${recommendation.strategy !== 'none' &&
      view.strategyTopicId !== view.verdictTopicId &&
      html`<p>${learnMoreButton(view.strategyTopicId)}</p>`}
    </section>`;
}

function renderEvidence(evidence: readonly EvidenceView[]): SafeHtml {
  if (evidence.length === 0) return html``;
  const items = evidence.map(
    (item) => html`<li>
      <button type="button" class="evidence-link" data-action="reveal-evidence" data-index="${item.index}">
        ${icon(item.signal ? SIGNAL_ICONS[item.signal] : 'circle-small')}
        <span class="evidence-where">${item.fileLabel ? html`${item.fileLabel}:` : 'line '}${item.line}</span>
        <span class="evidence-message">${item.message}</span>
      </button>
    </li>`,
  );
  return html`
    <section aria-labelledby="evidence-heading">
      <h3 id="evidence-heading">Evidence</h3>
      <ul class="evidence">${joinHtml(items)}</ul>
    </section>`;
}

function renderFindings(findings: readonly FindingView[]): SafeHtml {
  if (findings.length === 0) return html``;
  return html`
    <section aria-labelledby="findings-heading">
      <h3 id="findings-heading">Findings</h3>
      <ul class="findings">${joinHtml(findings.map(renderFinding))}</ul>
    </section>`;
}

function renderFinding(finding: FindingView): SafeHtml {
  const fixes = finding.fixes.map(
    (fix) => html`<vscode-button ${fix.isPreferred ? '' : 'secondary'} icon="lightbulb-autofix" data-action="apply-fix"
      data-finding="${finding.index}" data-fix="${fix.index}">${fix.title}</vscode-button>`,
  );
  return html`<li class="finding severity-${finding.severity}">
    <p class="finding-message">${icon(SEVERITY_ICONS[finding.severity])}
      <span class="visually-hidden">${finding.severity}:</span> ${finding.message}
      <span class="muted">(line ${finding.line})</span></p>
    <div class="actions">
      ${fixes.length > 0 ? joinHtml(fixes) : html`<span class="muted">No quick fix applies here.</span>`}
    </div>
    <p class="finding-links">
      ${learnMoreButton(finding.topicId)}
      <button type="button" class="link" data-action="open-rule-docs" data-rule="${finding.rule}"
        >${icon('link-external')} Rule ${finding.rule}</button>
    </p>
  </li>`;
}

const NO_ANALYSIS_TEXT: Readonly<Record<NoAnalysisReason, string>> = {
  loading: 'Analysing…',
  'no-editor': 'Open a TypeScript, JavaScript or Python file and put the cursor in a function.',
  'unsupported-language': 'Threadwise analyses TypeScript, JavaScript and Python files.',
  'no-function': 'Put the cursor inside a function to see its verdict.',
  'analysis-failed': 'The analysis of this file failed. The Threadwise output channel has the details.',
};

export function renderNoAnalysis(reason: NoAnalysisReason, fileLabel?: string): SafeHtml {
  return html`
    <div class="empty-state">
      <p>${icon(reason === 'analysis-failed' ? 'warning' : 'info')} ${NO_ANALYSIS_TEXT[reason]}</p>
      ${fileLabel && html`<p class="muted">${fileLabel}</p>`}
      <p>Meanwhile, the <button type="button" class="link" data-action="show-tab" data-tab="concepts">concept guide</button>
        explains the ideas and the <button type="button" class="link" data-action="show-tab" data-tab="decide">decision guide</button>
        helps you choose a tool.</p>
    </div>`;
}
