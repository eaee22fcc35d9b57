/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The concept panel's browser-side script (bundled by esbuild to dist/webview/panel.js).
 * It draws four tabs from messages, validates every message it receives, keeps its own UI state
 * with setState (so a reload or a restored panel comes back on the same tab and topic) and turns
 * clicks on `data-action` elements into typed requests. No inline handlers: one delegated listener.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import { decide, parseAnswers } from '../extension/panel/content/decisionGuide';
import { isSnippetId } from '../extension/panel/content/snippets';
import { isTopicId, type TopicId } from '../extension/panel/content/topics';
import { html, type SafeHtml } from '../extension/panel/escape';
import {
  isPanelTab,
  isPersistedPanelState,
  isRuleId,
  isToPanelMessage,
  type AnalysisView,
  type DemoView,
  type EnvironmentView,
  type FromPanelMessage,
  type NoAnalysisReason,
  type PanelTab,
  type PersistedPanelState,
  type RenderedView,
  type ToPanelMessage,
} from '../extension/panel/protocol';
import { countUnexpectedElements } from './dom';
import { renderAnalysis, renderNoAnalysis } from './render/analysisView';
import { renderConcepts } from './render/conceptsView';
import { renderDecision, renderDecisionForm } from './render/decideView';
import { renderDemo } from './render/demoView';

interface VsCodeApi {
  postMessage(message: FromPanelMessage): void;
  getState(): unknown;
  setState(state: PersistedPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const TABS: readonly PanelTab[] = ['function', 'concepts', 'decide', 'demo'];
const NOTICE_DURATION_MS = 6_000;

const vscode = acquireVsCodeApi();
const restored = vscode.getState();
let persisted: PersistedPanelState = isPersistedPanelState(restored) ? restored : { tab: 'function' };
let analysis: { view: AnalysisView } | { reason: NoAnalysisReason; fileLabel?: string } = { reason: 'loading' };
let environment: EnvironmentView | undefined;
let demo: DemoView = { state: 'idle' };
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

function send(message: FromPanelMessage): void {
  vscode.postMessage(message);
}

function persist(update: Partial<PersistedPanelState>): void {
  persisted = { ...persisted, ...update };
  vscode.setState(persisted);
}

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`panel: missing #${id}`);
  return found as T;
}

/** The only place markup enters the DOM: always from an `html` template (escaped values). */
function setContent(target: HTMLElement, content: SafeHtml): void {
  target.innerHTML = content.markup;
}

// ---------------------------------------------------------------------------------------------
// Layout

function renderLayout(): void {
  const app = element('app');
  setContent(
    app,
    html`<vscode-tabs id="tabs" selected-index="${TABS.indexOf(persisted.tab)}">
      <vscode-tab-header slot="header" id="tab-function">This function</vscode-tab-header>
      <vscode-tab-panel><section id="function-view" class="tab-content" aria-live="polite"></section></vscode-tab-panel>
      <vscode-tab-header slot="header" id="tab-concepts">Concepts</vscode-tab-header>
      <vscode-tab-panel><section id="concepts-view" class="tab-content"></section></vscode-tab-panel>
      <vscode-tab-header slot="header" id="tab-decide">Decide</vscode-tab-header>
      <vscode-tab-panel><section id="decide-view" class="tab-content"></section></vscode-tab-panel>
      <vscode-tab-header slot="header" id="tab-demo">Live demo</vscode-tab-header>
      <vscode-tab-panel><section id="demo-view" class="tab-content"></section></vscode-tab-panel>
    </vscode-tabs>
    <div id="notice" class="notice" role="status" aria-live="polite" hidden></div>`,
  );
  app.removeAttribute('aria-busy');
  setContent(element('concepts-view'), renderConcepts(persisted.topicId));
  setContent(element('decide-view'), renderDecisionForm(parseAnswers(persisted.decisionAnswers ?? {})));
  renderDecisionResult();
  renderFunctionTab();
  renderDemoTab();
}

function selectTab(tab: PanelTab): void {
  const tabs = element('tabs') as HTMLElement & { selectedIndex: number };
  tabs.selectedIndex = TABS.indexOf(tab);
  persist({ tab });
  hideNotice(); // a notice is about what was on screen before
}

function hideNotice(): void {
  element('notice').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Tabs

function renderFunctionTab(): void {
  const container = element('function-view');
  if ('view' in analysis) {
    setContent(container, renderAnalysis(analysis.view));
    reportRendered('analysis', container.querySelector('.function-name')?.textContent?.trim() ?? '', container);
  } else {
    setContent(container, renderNoAnalysis(analysis.reason, analysis.fileLabel));
    reportRendered('empty', analysis.reason, container);
  }
}

/** Tells the extension what was drawn; `unexpectedElements` > 0 would mean markup leaked through. */
function reportRendered(view: RenderedView, title: string, container: HTMLElement): void {
  send({ type: 'rendered', view, title, unexpectedElements: countUnexpectedElements(container) });
}

function renderDemoTab(): void {
  setContent(element('demo-view'), renderDemo(environment, demo));
}

/** The decision form's answers as raw strings (validated by parseAnswers when used). */
function currentAnswers(): Record<string, string> {
  const answers: Record<string, string> = {};
  type Radio = HTMLElement & { checked: boolean; value: string };
  for (const group of element('decide-view').querySelectorAll<HTMLElement>('vscode-radio-group[data-question]')) {
    const selected = [...group.querySelectorAll<Radio>('vscode-radio')].find((radio) => radio.checked);
    if (group.dataset.question && selected) answers[group.dataset.question] = selected.value;
  }
  return answers;
}

function renderDecisionResult(): void {
  const answers = persisted.decisionAnswers ?? {};
  setContent(element('decision-result'), renderDecision(decide(parseAnswers(answers))));
}

function showTopic(topicId: TopicId): void {
  selectTab('concepts');
  persist({ topicId });
  const section = document.getElementById(`topic-${topicId}`) as (HTMLElement & { open: boolean }) | null;
  if (!section) return;
  section.open = true;
  // after the tab panel becomes visible, or the scroll has nothing to measure
  requestAnimationFrame(() => section.scrollIntoView({ block: 'start' }));
  reportRendered('topic', topicId, section);
}

function showNotice(level: 'info' | 'error', text: string): void {
  const notice = element('notice');
  notice.className = `notice notice-${level}`;
  notice.textContent = text;
  notice.hidden = false;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.hidden = true), NOTICE_DURATION_MS);
}

// ---------------------------------------------------------------------------------------------
// Messages from the extension

function receive(message: ToPanelMessage): void {
  switch (message.type) {
    case 'analysis':
      analysis = { view: message.analysis };
      return renderFunctionTab();
    case 'noAnalysis':
      analysis = { reason: message.reason, ...(message.fileLabel ? { fileLabel: message.fileLabel } : {}) };
      return renderFunctionTab();
    case 'showTopic':
      return showTopic(message.topicId);
    case 'showTab':
      return selectTab(message.tab);
    case 'environment':
      environment = message.environment;
      applyEditorRuntime(message.environment);
      return renderDemoTab();
    case 'demo':
      demo = message.demo;
      return renderDemoTab();
    case 'notice':
      return showNotice(message.level, message.text);
  }
}

/** Preselects the runtime in the decision guide from the followed editor, until the user answers. */
function applyEditorRuntime(env: EnvironmentView): void {
  if (!env.editorRuntime || persisted.decisionTouched) return;
  if (persisted.decisionAnswers?.language === env.editorRuntime) return;
  persist({ decisionAnswers: { ...(persisted.decisionAnswers ?? {}), language: env.editorRuntime } });
  setContent(element('decide-view'), renderDecisionForm(parseAnswers(persisted.decisionAnswers ?? {})));
  renderDecisionResult();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToPanelMessage(event.data)) {
    console.warn('Threadwise panel: ignored an invalid message from the extension');
    return;
  }
  receive(event.data);
});

// ---------------------------------------------------------------------------------------------
// User actions: one delegated listener; each action reads only indexes and ids, validated again
// by the extension.

function analysisVersion(): number | undefined {
  return 'view' in analysis ? analysis.view.version : undefined;
}

function toIndex(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

function act(target: HTMLElement): void {
  const data = target.dataset;
  const version = analysisVersion();
  switch (data.action) {
    case 'show-topic':
      if (isTopicId(data.topic)) showTopic(data.topic);
      return;
    case 'show-tab':
      if (isPanelTab(data.tab)) selectTab(data.tab);
      return;
    case 'reveal-function':
      if (version !== undefined) send({ type: 'revealFunction', version });
      return;
    case 'reveal-evidence': {
      const evidenceIndex = toIndex(data.index);
      if (version !== undefined && evidenceIndex !== undefined) send({ type: 'revealEvidence', version, evidenceIndex });
      return;
    }
    case 'apply-fix': {
      const findingIndex = toIndex(data.finding);
      const fixIndex = toIndex(data.fix);
      if (version !== undefined && findingIndex !== undefined && fixIndex !== undefined) {
        send({ type: 'applyFix', version, findingIndex, fixIndex });
      }
      return;
    }
    case 'insert-snippet':
      if (isSnippetId(data.snippet)) send({ type: 'insertSnippet', snippetId: data.snippet });
      return;
    case 'open-rule-docs':
      if (isRuleId(data.rule)) send({ type: 'openRuleDocs', ruleId: data.rule });
      return;
    case 'run-demo':
      send({ type: 'runDemo' });
      return;
    case 'cancel-demo':
      send({ type: 'cancelDemo' });
      return;
  }
}

document.addEventListener('click', (event) => {
  const target = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
  if (target && !target.hasAttribute('disabled')) act(target);
});

document.addEventListener('change', (event) => {
  if (!(event.target as Element | null)?.closest('[data-role="decision-form"]')) return;
  persist({ decisionAnswers: currentAnswers(), decisionTouched: true });
  renderDecisionResult();
});

document.addEventListener('vsc-tabs-select', (event) => {
  const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  const tab = TABS[index];
  if (tab) persist({ tab });
  hideNotice();
});

document.addEventListener('vsc-collapsible-toggle', (event) => {
  const topic = (event.target as HTMLElement | null)?.dataset.topic;
  const open = (event as CustomEvent<{ open: boolean }>).detail.open;
  if (open && isTopicId(topic)) persist({ topicId: topic });
});

renderLayout();
send({ type: 'ready' });
