import assert from 'node:assert/strict';
import {
  isAnalysisView,
  isFromPanelMessage,
  isPersistedPanelState,
  isToPanelMessage,
  type FromPanelMessage,
  type ToPanelMessage,
} from '../../../src/extension/panel/protocol';
import { describeRejected } from '../../../src/shared/validate';
import { toAnalysisView } from '../../../src/extension/panel/viewModel';
import { hostileAnalysis } from './fixtures';

const validFromPanel: FromPanelMessage[] = [
  { type: 'ready' },
  { type: 'revealFunction', version: 1 },
  { type: 'revealEvidence', version: 1, evidenceIndex: 0 },
  { type: 'applyFix', version: 2, findingIndex: 0, fixIndex: 1 },
  { type: 'insertSnippet', snippetId: 'python-process-pool' },
  { type: 'openRuleDocs', ruleId: 'cpu-on-event-loop' },
  { type: 'runDemo' },
  { type: 'cancelDemo' },
  { type: 'rendered', view: 'analysis', title: '<b>x</b>', unexpectedElements: 0 },
];

const analysis = toAnalysisView({
  analysis: hostileAnalysis(),
  filePath: '/work/app/report.ts',
  languageId: 'typescript',
  version: 1,
  fixesByFinding: [[{ index: 0, title: 'Move to a worker thread', isPreferred: true }]],
});

const validToPanel: ToPanelMessage[] = [
  { type: 'analysis', analysis },
  { type: 'noAnalysis', reason: 'no-function', fileLabel: 'a.ts' },
  { type: 'noAnalysis', reason: 'no-editor' },
  { type: 'showTopic', topicId: 'python-gil' },
  { type: 'environment', environment: { isTrusted: false, availableParallelism: 8 } },
  { type: 'demo', demo: { state: 'idle' } },
  { type: 'demo', demo: { state: 'failed', message: 'boom' } },
  { type: 'notice', level: 'info', text: 'hello' },
];

describe('panel message validation', () => {
  it('accepts every well-formed message from the webview', () => {
    for (const message of validFromPanel) assert.ok(isFromPanelMessage(message), JSON.stringify(message));
  });

  it('accepts every well-formed message to the webview, including a real analysis view', () => {
    for (const message of validToPanel) assert.ok(isToPanelMessage(message), JSON.stringify(message));
    assert.ok(isAnalysisView(analysis));
  });

  const rejectedFromPanel: Array<[string, unknown]> = [
    ['not an object', 'ready'],
    ['null', null],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }],
    ['an extra key', { type: 'runDemo', command: 'x' }],
    ['a path instead of an index', { type: 'revealEvidence', version: 1, evidenceIndex: '/etc/passwd' }],
    ['a negative index', { type: 'applyFix', version: 1, findingIndex: -1, fixIndex: 0 }],
    ['a fractional index', { type: 'applyFix', version: 1, findingIndex: 0.5, fixIndex: 0 }],
    ['a missing key', { type: 'applyFix', version: 1, findingIndex: 0 }],
    ['an unknown snippet', { type: 'insertSnippet', snippetId: 'rm-rf' }],
    ['a rule id that is a URL', { type: 'openRuleDocs', ruleId: 'https://evil.example/x' }],
    ['a rule id with a path', { type: 'openRuleDocs', ruleId: '../../secrets' }],
    ['an inherited type', Object.create({ type: 'ready' })],
    ['a prototype key', { type: '__proto__' }],
  ];
  for (const [what, message] of rejectedFromPanel) {
    it(`rejects a webview message with ${what}`, () => assert.equal(isFromPanelMessage(message), false));
  }

  it('rejects malformed messages to the webview, deep inside too', () => {
    const broken = JSON.parse(JSON.stringify(analysis)) as { function: { evidence: Array<Record<string, unknown>> } };
    broken.function.evidence[0]!.line = 'eighteen';
    assert.equal(isToPanelMessage({ type: 'analysis', analysis: broken }), false);
    assert.equal(isToPanelMessage({ type: 'showTopic', topicId: 'not-a-topic' }), false);
    assert.equal(isToPanelMessage({ type: 'notice', level: 'fatal', text: 'x' }), false);
    assert.equal(isToPanelMessage({ type: 'demo', demo: { state: 'running' } }), false);
    assert.equal(isToPanelMessage({ type: 'analysis', analysis: { ...analysis, injected: true } }), false);
  });

  it('rejects absurdly long strings', () => {
    assert.equal(isFromPanelMessage({ type: 'rendered', view: 'analysis', title: 'x'.repeat(50_000), unexpectedElements: 0 }), false);
  });

  it('describes a rejected message without echoing its payload', () => {
    const description = describeRejected({ type: 'applyFix', secret: 'x'.repeat(1000) });
    assert.ok(description.length < 100, description);
    assert.ok(description.includes('"applyFix"'));
  });

  it('validates the state the webview restores', () => {
    assert.ok(isPersistedPanelState({ tab: 'concepts', topicId: 'ipc', decisionAnswers: { language: 'python' } }));
    assert.ok(!isPersistedPanelState({ tab: 'settings' }));
    assert.ok(!isPersistedPanelState({ tab: 'demo', topicId: 'nope' }));
  });
});
