import assert from 'node:assert/strict';
import { defaultSettings, planDemo, summarise, type RawMeasurement } from '../../../src/demo/measurements';
import { decide, DEFAULT_ANSWERS } from '../../../src/extension/panel/content/decisionGuide';
import { toAnalysisView } from '../../../src/extension/panel/viewModel';
import { renderAnalysis, renderNoAnalysis } from '../../../src/webview/render/analysisView';
import { renderSpeedupChart } from '../../../src/webview/render/chart';
import { renderConcepts } from '../../../src/webview/render/conceptsView';
import { renderDecision, renderDecisionForm } from '../../../src/webview/render/decideView';
import { renderDemo } from '../../../src/webview/render/demoView';
import { HOSTILE, hostileAnalysis } from './fixtures';

/** Markup that must never appear in anything the panel renders. */
function assertNoActiveMarkup(markup: string): void {
  assert.ok(!/<(script|img|iframe|object|embed|style|link|meta|base)\b/i.test(markup), 'no dangerous element');
  assert.ok(!/<[^>]*\son[a-z]+\s*=/i.test(markup), 'no inline event handler attribute');
  assert.ok(!/<[^>]*\sstyle\s*=/i.test(markup), 'no inline style attribute (the CSP would block it)');
  assert.ok(!/(href|src|action)\s*=\s*["']?\s*javascript:/i.test(markup), 'no javascript: URL');
}

function hostileView() {
  return toAnalysisView({
    analysis: hostileAnalysis(),
    filePath: `/work/app/${HOSTILE}.ts`,
    languageId: 'typescript',
    version: 3,
    fixesByFinding: [[{ index: 0, title: `Move ${HOSTILE} to a worker thread`, isPreferred: true }]],
  });
}

describe('panel rendering', () => {
  it('renders a function whose name, evidence, cost, fixes and file contain markup as text', () => {
    const markup = renderAnalysis(hostileView()).markup;
    assertNoActiveMarkup(markup);
    assert.ok(!markup.includes('</script>'));
    const escaped = '&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;';
    for (const where of ['function-name', 'evidence-message', 'finding-message']) {
      const section = markup.slice(markup.indexOf(where));
      assert.ok(section.includes(escaped), `${where} shows the hostile text escaped`);
    }
  });

  it('refers to evidence, findings and fixes by index only', () => {
    const markup = renderAnalysis(hostileView()).markup;
    const dataValues = [...markup.matchAll(/data-(index|finding|fix)="([^"]*)"/g)].map((match) => match[2]);
    assert.ok(dataValues.length >= 5);
    assert.ok(dataValues.every((value) => /^\d+$/.test(value!)), dataValues.join(','));
    assert.equal((markup.match(/data-action="reveal-evidence"/g) ?? []).length, 3);
    assert.equal((markup.match(/data-action="apply-fix"/g) ?? []).length, 1);
  });

  it('shows the other file for cross-file evidence and the assumption note for data-dependent costs', () => {
    const markup = renderAnalysis(hostileView()).markup;
    assert.ok(markup.includes('server.ts:'));
    assert.ok(markup.includes('depends on data the analyser cannot see'));
  });

  it('draws a measured function\'s share of each thread as bars next to the estimate, its time per call beside the estimate per call, escaping the profile\'s names', () => {
    const analysis = hostileAnalysis();
    analysis.function.measured = [
      { profile: `${HOSTILE}.cpuprofile`, thread: 'main thread', mainThread: true, threadMs: 1000, totalMs: 410, ownMs: 300, waitMs: 0, longestRunMs: 380 },
      { profile: 'jobs.prof', thread: HOSTILE, mainThread: false, threadMs: 2000, totalMs: 500, ownMs: 500, waitMs: 100, calls: 4 },
    ];
    const view = toAnalysisView({ analysis, filePath: '/work/app/a.ts', languageId: 'typescript', version: 1, fixesByFinding: [] });
    assert.equal(view.function.measured?.[1].cpuMs, 400, 'waiting is not time on the CPU');
    const markup = renderAnalysis(view).markup;
    assertNoActiveMarkup(markup);
    const chart = markup.slice(markup.indexOf('share-chart'));
    assert.match(chart, /<rect class="bar" x="0" y="\d+" width="123" /, '41% of a 300-unit track');
    assert.match(chart, /<rect class="bar-own" x="0" y="\d+" width="90" /, 'its own code: 30%');
    assert.match(markup, /main thread: 41% \(410 ms of 1\.0 s, 380 ms at once\)/);
    assert.match(markup, /20% \(400 ms of 2\.0 s, 100 ms per call, estimated 12 ms: 8\.3× the estimate, 100 ms waiting\)/);
    assert.ok(markup.includes('&lt;img src=x onerror=alert(1)&gt;'), 'thread and profile names are text');
  });

  it('says when a finding has no quick fix', () => {
    const view = { ...hostileView() };
    view.findings = view.findings.map((finding) => ({ ...finding, fixes: [] }));
    assert.ok(renderAnalysis(view).markup.includes('No quick fix applies here.'));
  });

  it('renders the empty states, escaping the file name', () => {
    const markup = renderNoAnalysis('unsupported-language', HOSTILE).markup;
    assertNoActiveMarkup(markup);
    assert.ok(markup.includes('TypeScript, JavaScript and Python'));
  });

  it('renders the concepts, the decision guide and its result without active markup', () => {
    assertNoActiveMarkup(renderConcepts('python-gil').markup);
    assertNoActiveMarkup(renderDecisionForm(DEFAULT_ANSWERS).markup);
    assertNoActiveMarkup(renderDecision(decide(DEFAULT_ANSWERS)).markup);
    assert.match(renderConcepts('python-gil').markup, /<vscode-collapsible id="topic-python-gil"[^>]*\sopen>/);
  });

  it('draws one bar per measured scenario, with ideal marks only where parallelism could help', () => {
    const plan = planDemo({ ...defaultSettings(2), taskCount: 4 });
    const measurements: RawMeasurement[] = plan.scenarios.map((scenario, index) => ({
      scenarioId: scenario.id,
      wallMs: 100 + index,
      startupMs: 0,
      checksum: 7,
    }));
    const results = summarise(plan, measurements);
    const svg = renderSpeedupChart(results, 2).markup;
    assert.equal((svg.match(/<rect /g) ?? []).length, plan.scenarios.length);
    const parallelRows = results.filter((result) => result.idealSpeedup > 1).length;
    assert.equal((svg.match(/<line class="ideal"/g) ?? []).length, parallelRows);
    assert.ok(svg.includes('role="img"') && svg.includes('<title id="chart-title">'));
    assertNoActiveMarkup(svg);
  });

  it('explains why the demonstration is off in an untrusted workspace and offers no run button', () => {
    const markup = renderDemo({ isTrusted: false, availableParallelism: 4 }, { state: 'idle' }).markup;
    assert.ok(markup.includes('Restricted Mode'));
    assert.ok(!markup.includes('data-action="run-demo"'));
    const trusted = renderDemo({ isTrusted: true, availableParallelism: 4 }, { state: 'idle' }).markup;
    assert.ok(trusted.includes('data-action="run-demo"'));
  });

  it('offers Cancel while the demonstration runs and escapes a failure message', () => {
    const running = renderDemo({ isTrusted: true, availableParallelism: 2 }, {
      state: 'running', completed: 1, total: 9, label: '1 worker thread', results: [],
    }).markup;
    assert.ok(running.includes('data-action="cancel-demo"') && running.includes('1 of 9 done'));
    const failed = renderDemo({ isTrusted: true, availableParallelism: 2 }, { state: 'failed', message: HOSTILE }).markup;
    assertNoActiveMarkup(failed);
  });
});
