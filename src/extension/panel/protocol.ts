/**
 * The messages between the concept panel's webview and the extension host, as discriminated unions
 * with validators. Both ends validate what they receive and drop (and log) anything else.
 *
 * Requests from the webview never carry paths, ranges or code: they refer to items of the analysis
 * the extension last sent (by index, with its version), so a compromised or confused webview can
 * only ask for what the extension already offered.
 *
 * Imported by the webview bundle too: no `vscode`, no Node built-ins.
 */
import type { DemoReport, ScenarioResult } from '../../demo/measurements';
import { isDemoReport, isScenarioResult } from '../../demo/protocol';
import { isSnippetId, type SnippetId, type SnippetLanguage } from './content/snippets';
import { isTopicId, type TopicId } from './content/topics';
import type { EvidenceSignal, Severity, Strategy, WorkKind } from '../../core/model';
import {
  arrayOf,
  isBoolean,
  isNonNegativeInteger,
  isNumber,
  isString,
  literal,
  object,
  optional,
  taggedUnion,
  type Check,
} from '../../shared/validate';

// ---------------------------------------------------------------------------------------------
// View models: what the webview needs to draw, already flattened. Every string that comes from the
// user's code (names, messages, fix titles, file names) is untrusted and rendered escaped.

export interface EvidenceView {
  index: number;
  line: number;
  message: string;
  signal?: EvidenceSignal;
  /** base name of the file when the evidence is in another file */
  fileLabel?: string;
}

export interface FixView {
  index: number;
  title: string;
  isPreferred: boolean;
}

export interface FindingView {
  index: number;
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  topicId: TopicId;
  fixes: FixView[];
}

export interface FunctionView {
  name: string;
  kind: WorkKind;
  confidence: number;
  isAsync: boolean;
  inRequestPath: boolean;
  startLine: number;
  endLine: number;
  /** `ms`: estimated milliseconds per call on the calibrated machine class */
  cost: { description: string; ms?: number; operations?: number; dataDependent: boolean };
  recommendation: { strategy: Strategy; reason: string };
  evidence: EvidenceView[];
  /** what loaded CPU profiles measured, one entry per thread (busiest first) */
  measured?: MeasuredView[];
}

/** A function's measurement on one thread, as the panel draws it (times in milliseconds). */
export interface MeasuredView {
  profile: string;
  thread: string;
  mainThread: boolean;
  threadMs: number;
  /** on the CPU, callees included (waits excluded) */
  cpuMs: number;
  /** in its own code and the library/native code it called */
  ownMs: number;
  waitMs: number;
  calls?: number;
  longestRunMs?: number;
}

export interface AnalysisView {
  /** increases with every analysis sent; requests quote it so stale clicks are refused */
  version: number;
  fileLabel: string;
  runtime: SnippetLanguage;
  function: FunctionView;
  findings: FindingView[];
  verdictTopicId: TopicId;
  strategyTopicId: TopicId;
  snippetId?: SnippetId;
}

export type NoAnalysisReason = 'loading' | 'no-editor' | 'unsupported-language' | 'no-function' | 'analysis-failed';

export interface EnvironmentView {
  isTrusted: boolean;
  availableParallelism: number;
  /** runtime of the editor the panel follows, to preselect the Decide tab */
  editorRuntime?: SnippetLanguage;
}

export type DemoView =
  | { state: 'idle' }
  | { state: 'running'; completed: number; total: number; label: string; results: ScenarioResult[] }
  | { state: 'finished'; report: DemoReport }
  | { state: 'cancelled'; results: ScenarioResult[] }
  | { state: 'failed'; message: string };

// ---------------------------------------------------------------------------------------------
// extension → webview

export type ToPanelMessage =
  | { type: 'analysis'; analysis: AnalysisView }
  | { type: 'noAnalysis'; reason: NoAnalysisReason; fileLabel?: string }
  | { type: 'showTopic'; topicId: TopicId }
  | { type: 'showTab'; tab: PanelTab }
  | { type: 'environment'; environment: EnvironmentView }
  | { type: 'demo'; demo: DemoView }
  | { type: 'notice'; level: 'info' | 'error'; text: string };

// ---------------------------------------------------------------------------------------------
// webview → extension

export type RenderedView = 'analysis' | 'empty' | 'topic';

export type FromPanelMessage =
  | { type: 'ready' }
  | { type: 'revealFunction'; version: number }
  | { type: 'revealEvidence'; version: number; evidenceIndex: number }
  | { type: 'applyFix'; version: number; findingIndex: number; fixIndex: number }
  | { type: 'insertSnippet'; snippetId: SnippetId }
  | { type: 'openRuleDocs'; ruleId: string }
  | { type: 'runDemo' }
  | { type: 'cancelDemo' }
  /**
   * sent after each render of the analysis (title: the function name as displayed) and after showing
   * a topic (title: its id): lets tests and logs check what the user actually sees
   */
  | { type: 'rendered'; view: RenderedView; title: string; unexpectedElements: number };

// ---------------------------------------------------------------------------------------------
// Validators

const isSnippet: Check<SnippetId> = isSnippetId;
const isTopic: Check<TopicId> = isTopicId;
const isRuntime = literal('node', 'python');
const isSeverity = literal('error', 'warning', 'info', 'hint');
const isWorkKind = literal('cpu', 'io', 'io-sync', 'mixed', 'none');
const isStrategy = literal(
  'worker-thread',
  'worker-pool',
  'child-process',
  'async-io',
  'concurrent-awaits',
  'thread-pool',
  'process-pool',
  'asyncio',
  'none',
);
const isSignal = literal('loop', 'recursion', 'cpu-call', 'io-call', 'sync-io-call', 'timer', 'callee', 'context');
/** rule ids are kebab-case; anything else could be a crafted URL fragment */
export const isRuleId: Check<string> = (value): value is string =>
  typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,79}$/.test(value);

const isEvidenceView: Check<EvidenceView> = object({
  index: isNonNegativeInteger,
  line: isNonNegativeInteger,
  message: isString,
  signal: optional(isSignal),
  fileLabel: optional(isString),
});

const isFixView: Check<FixView> = object({ index: isNonNegativeInteger, title: isString, isPreferred: isBoolean });

const isFindingView: Check<FindingView> = object({
  index: isNonNegativeInteger,
  rule: isString,
  severity: isSeverity,
  message: isString,
  line: isNonNegativeInteger,
  topicId: isTopic,
  fixes: arrayOf(isFixView, 50),
});

const isFunctionView: Check<FunctionView> = object({
  name: isString,
  kind: isWorkKind,
  confidence: isNumber,
  isAsync: isBoolean,
  inRequestPath: isBoolean,
  startLine: isNonNegativeInteger,
  endLine: isNonNegativeInteger,
  cost: object({ description: isString, ms: optional(isNumber), operations: optional(isNumber), dataDependent: isBoolean }),
  recommendation: object({ strategy: isStrategy, reason: isString }),
  evidence: arrayOf(isEvidenceView, 500),
  measured: optional(arrayOf(object({
    profile: isString,
    thread: isString,
    mainThread: isBoolean,
    threadMs: isNumber,
    cpuMs: isNumber,
    ownMs: isNumber,
    waitMs: isNumber,
    calls: optional(isNumber),
    longestRunMs: optional(isNumber),
  }), 20)),
});

export const isAnalysisView: Check<AnalysisView> = object({
  version: isNonNegativeInteger,
  fileLabel: isString,
  runtime: isRuntime,
  function: isFunctionView,
  findings: arrayOf(isFindingView, 200),
  verdictTopicId: isTopic,
  strategyTopicId: isTopic,
  snippetId: optional(isSnippet),
});

const isDemoView: Check<DemoView> = (value): value is DemoView =>
  object({ state: literal('idle') })(value) ||
  object({
    state: literal('running'),
    completed: isNonNegativeInteger,
    total: isNonNegativeInteger,
    label: isString,
    results: arrayOf(isScenarioResult, 64),
  })(value) ||
  object({ state: literal('finished'), report: isDemoReport })(value) ||
  object({ state: literal('cancelled'), results: arrayOf(isScenarioResult, 64) })(value) ||
  object({ state: literal('failed'), message: isString })(value);

export const isToPanelMessage: Check<ToPanelMessage> = taggedUnion({
  analysis: object({ type: literal('analysis'), analysis: isAnalysisView }),
  noAnalysis: object({
    type: literal('noAnalysis'),
    reason: literal('loading', 'no-editor', 'unsupported-language', 'no-function', 'analysis-failed'),
    fileLabel: optional(isString),
  }),
  showTopic: object({ type: literal('showTopic'), topicId: isTopic }),
  showTab: object({ type: literal('showTab'), tab: literal('function', 'concepts', 'decide', 'demo') }),
  environment: object({
    type: literal('environment'),
    environment: object({
      isTrusted: isBoolean,
      availableParallelism: isNonNegativeInteger,
      editorRuntime: optional(isRuntime),
    }),
  }),
  demo: object({ type: literal('demo'), demo: isDemoView }),
  notice: object({ type: literal('notice'), level: literal('info', 'error'), text: isString }),
});

export const isFromPanelMessage: Check<FromPanelMessage> = taggedUnion({
  ready: object({ type: literal('ready') }),
  revealFunction: object({ type: literal('revealFunction'), version: isNonNegativeInteger }),
  revealEvidence: object({
    type: literal('revealEvidence'),
    version: isNonNegativeInteger,
    evidenceIndex: isNonNegativeInteger,
  }),
  applyFix: object({
    type: literal('applyFix'),
    version: isNonNegativeInteger,
    findingIndex: isNonNegativeInteger,
    fixIndex: isNonNegativeInteger,
  }),
  insertSnippet: object({ type: literal('insertSnippet'), snippetId: isSnippet }),
  openRuleDocs: object({ type: literal('openRuleDocs'), ruleId: isRuleId }),
  runDemo: object({ type: literal('runDemo') }),
  cancelDemo: object({ type: literal('cancelDemo') }),
  rendered: object({
    type: literal('rendered'),
    view: literal('analysis', 'empty', 'topic'),
    title: isString,
    unexpectedElements: isNonNegativeInteger,
  }),
});

/** State the webview keeps with `setState`, restored after a reload or by the panel serializer. */
export interface PersistedPanelState {
  tab: PanelTab;
  topicId?: TopicId;
  decisionAnswers?: Record<string, string>;
  /** the user changed an answer: stop preselecting the runtime from the editor */
  decisionTouched?: boolean;
}

export type PanelTab = 'function' | 'concepts' | 'decide' | 'demo';

export const isPanelTab = literal('function', 'concepts', 'decide', 'demo');

export const isPersistedPanelState: Check<PersistedPanelState> = (value): value is PersistedPanelState =>
  object({
    tab: isPanelTab,
    topicId: optional(isTopic),
    decisionTouched: optional(isBoolean),
    decisionAnswers: optional((answers: unknown): answers is Record<string, string> =>
      typeof answers === 'object' &&
      answers !== null &&
      !Array.isArray(answers) &&
      Object.values(answers).every((answer) => isString(answer)),
    ),
  })(value);
