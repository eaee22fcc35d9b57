import assert from 'node:assert/strict';
import { baseName, runtimeOf, toAnalysisView } from '../../../src/extension/panel/viewModel';
import { hostileAnalysis, hostileFunction } from './fixtures';

describe('panel view model', () => {
  const view = toAnalysisView({
    analysis: hostileAnalysis(),
    filePath: '/work/app/report.ts',
    languageId: 'typescript',
    version: 7,
    fixesByFinding: [[{ index: 0, title: 'Move to a worker thread', isPreferred: true }]],
  });

  it('copies the verdict, the 1-based lines and the recommendation', () => {
    assert.equal(view.version, 7);
    assert.equal(view.fileLabel, 'report.ts');
    assert.equal(view.runtime, 'node');
    assert.equal(view.function.kind, 'cpu');
    assert.equal(view.function.startLine, 12);
    assert.equal(view.function.endLine, 40);
    assert.equal(view.function.recommendation.strategy, 'worker-thread');
    assert.equal(view.snippetId, 'node-worker-thread');
    assert.equal(view.verdictTopicId, 'node-worker-threads');
  });

  it('labels evidence from another file, and only that', () => {
    assert.equal(view.function.evidence[0]!.fileLabel, undefined);
    assert.equal(view.function.evidence[1]!.fileLabel, 'server.ts');
    assert.equal(view.function.evidence[2]!.fileLabel, undefined, 'same file given explicitly');
    assert.deepEqual(view.function.evidence.map((evidence) => evidence.index), [0, 1, 2]);
  });

  it('attaches each finding its fixes and topic', () => {
    assert.equal(view.findings[0]!.rule, 'cpu-on-event-loop');
    assert.equal(view.findings[0]!.line, 12);
    assert.equal(view.findings[0]!.topicId, 'node-worker-threads');
    assert.deepEqual(view.findings[0]!.fixes, [{ index: 0, title: 'Move to a worker thread', isPreferred: true }]);
  });

  it('picks Python topics and snippets for Python files', () => {
    const python = toAnalysisView({
      analysis: { function: hostileFunction({ recommendation: { strategy: 'process-pool', reason: 'GIL' } }), findings: [] },
      filePath: 'C:\\work\\app\\crunch.py',
      languageId: 'python',
      version: 1,
      fixesByFinding: [],
    });
    assert.equal(python.runtime, 'python');
    assert.equal(python.fileLabel, 'crunch.py');
    assert.equal(python.snippetId, 'python-process-pool');
    assert.equal(python.verdictTopicId, 'python-gil');
    assert.equal(python.strategyTopicId, 'python-multiprocessing');
  });

  it('has helpers for runtimes and file names', () => {
    assert.equal(runtimeOf('javascriptreact'), 'node');
    assert.equal(baseName('/a/b/c.ts'), 'c.ts');
    assert.equal(baseName('c.ts'), 'c.ts');
  });
});
