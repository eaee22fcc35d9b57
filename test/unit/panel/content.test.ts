import assert from 'node:assert/strict';
import type { Strategy } from '../../../src/core/model';
import {
  decide,
  DECISION_QUESTIONS,
  parseAnswers,
  type DecisionAnswers,
} from '../../../src/extension/panel/content/decisionGuide';
import { resolveTopic, topicForStrategy, topicForVerdict } from '../../../src/extension/panel/content/routing';
import { SNIPPETS, SNIPPET_IDS, snippetForStrategy } from '../../../src/extension/panel/content/snippets';
import { getTopic, isTopicId, TOPICS, TOPIC_IDS } from '../../../src/extension/panel/content/topics';

const NODE_STRATEGIES: Strategy[] = ['worker-thread', 'worker-pool', 'child-process', 'async-io', 'concurrent-awaits'];
const PYTHON_STRATEGIES: Strategy[] = ['thread-pool', 'process-pool', 'asyncio'];

describe('concept content', () => {
  it('has exactly one topic per id, and related links that resolve', () => {
    assert.deepEqual(TOPICS.map((topic) => topic.id), [...TOPIC_IDS]);
    for (const topic of TOPICS) {
      for (const related of topic.related) assert.ok(isTopicId(related), `${topic.id} → ${related}`);
      assert.ok(!topic.related.includes(topic.id), `${topic.id} links to itself`);
    }
  });

  it('contains no active markup in any topic', () => {
    for (const topic of TOPICS) {
      const markup = [topic.body, topic.node, topic.python].map((part) => part?.markup ?? '').join('');
      assert.ok(!/<(script|img|iframe|style)\b|\son[a-z]+=|\sstyle=/i.test(markup), topic.id);
    }
  });

  it('states the facts the brief requires, precisely', () => {
    const text = (id: Parameters<typeof getTopic>[0]): string => {
      const topic = getTopic(id);
      return [topic.body, topic.node, topic.python].map((part) => part?.markup ?? '').join(' ');
    };
    assert.match(text('node-event-loop'), /4 threads by default/);
    assert.match(text('node-event-loop'), /UV_THREADPOOL_SIZE/);
    for (const api of ['dns.lookup', 'crypto.pbkdf2', 'crypto.scrypt', 'crypto.randomBytes', 'zlib']) {
      assert.ok(text('node-event-loop').includes(api), api);
    }
    assert.match(text('node-worker-threads'), /own V8 isolate/);
    for (const term of ['structured clone', 'transfer list', 'MessageChannel', 'SharedArrayBuffer', 'Atomics']) {
      assert.ok(text('node-worker-threads').includes(term), term);
    }
    for (const term of ['spawn(', 'execFile(', 'exec(', 'fork(', 'cluster']) assert.ok(text('node-child-process').includes(term), term);
    assert.match(text('python-gil'), /the <em>lock<\/em>, not the core, serialises them/);
    assert.match(text('python-gil'), /PEP 703/);
    assert.match(text('python-multiprocessing'), /default on Linux and other POSIX systems since Python 3\.14/);
    assert.match(text('python-multiprocessing'), /__name__ == &quot;__main__&quot;/);
    assert.match(text('tasks-processes-threads'), /A crash takes down/);
  });

  it('routes topic ids, the real rule ids and unknown ids to a topic', () => {
    assert.equal(resolveTopic('python-gil'), 'python-gil');
    const realRules = ['blocking-sync-io', 'cpu-on-event-loop', 'io-in-worker', 'sequential-awaits', 'unbounded-concurrency', 'worker-per-task'];
    for (const rule of realRules) assert.ok(isTopicId(resolveTopic(rule)), rule);
    assert.equal(resolveTopic('sequential-awaits'), 'bounded-concurrency');
    assert.equal(resolveTopic('blocking-sync-io'), 'node-event-loop');
    assert.equal(resolveTopic('worker-per-task'), 'worker-pools');
    assert.equal(resolveTopic('python-missing-main-guard'), 'python-multiprocessing');
    assert.equal(resolveTopic('something-new'), 'decision-guide');
  });

  it('maps every strategy and verdict to a topic, and strategies to a snippet of the right runtime', () => {
    for (const strategy of NODE_STRATEGIES) assert.equal(SNIPPETS[snippetForStrategy(strategy)!].language, 'node', strategy);
    for (const strategy of PYTHON_STRATEGIES) assert.equal(SNIPPETS[snippetForStrategy(strategy)!].language, 'python', strategy);
    assert.equal(snippetForStrategy('none'), undefined);
    for (const strategy of [...NODE_STRATEGIES, ...PYTHON_STRATEGIES, 'none' as const]) assert.ok(isTopicId(topicForStrategy(strategy)));
    assert.equal(topicForVerdict('cpu', 'python'), 'python-gil');
    assert.equal(topicForVerdict('io-sync', 'typescript'), 'node-event-loop');
  });

  it('keeps snippets self-consistent', () => {
    for (const id of SNIPPET_IDS) {
      assert.equal(SNIPPETS[id].id, id);
      assert.ok(SNIPPETS[id].code.trim().length > 50, id);
    }
    assert.match(SNIPPETS['python-process-pool'].code, /if __name__ == "__main__":/);
  });
});

describe('decision guide', () => {
  function allAnswers(): DecisionAnswers[] {
    const combos: DecisionAnswers[] = [];
    for (const language of ['node', 'python'] as const)
      for (const waitsOn of ['cpu', 'network-or-disk', 'blocking-call', 'external-program'] as const)
        for (const items of ['one', 'few', 'many'] as const)
          for (const needsIsolation of [false, true])
            for (const sharedState of ['none', 'read-only', 'mutable'] as const)
              combos.push({ language, waitsOn, items, needsIsolation, sharedState });
    return combos;
  }

  it('recommends a tool of the chosen runtime, with a snippet of that runtime, for every combination', () => {
    for (const answers of allAnswers()) {
      const decision = decide(answers);
      const runtimeStrategies = answers.language === 'node' ? NODE_STRATEGIES : PYTHON_STRATEGIES;
      assert.ok(runtimeStrategies.includes(decision.strategy), JSON.stringify(answers));
      assert.ok(decision.snippetId && SNIPPETS[decision.snippetId].language === answers.language, JSON.stringify(answers));
      assert.ok(decision.reasons.length > 0 && isTopicId(decision.topicId));
    }
  });

  it('follows the articles: processes for CPU-bound Python, threads for waiting, pools for many CPU items in Node', () => {
    const base: DecisionAnswers = { language: 'python', waitsOn: 'cpu', items: 'many', needsIsolation: false, sharedState: 'none' };
    assert.equal(decide(base).strategy, 'process-pool');
    assert.equal(decide({ ...base, waitsOn: 'network-or-disk', items: 'few' }).strategy, 'thread-pool');
    assert.equal(decide({ ...base, waitsOn: 'network-or-disk', items: 'many' }).strategy, 'asyncio');
    assert.equal(decide({ ...base, language: 'node' }).strategy, 'worker-pool');
    assert.equal(decide({ ...base, language: 'node', items: 'one' }).strategy, 'worker-thread');
    assert.equal(decide({ ...base, language: 'node', needsIsolation: true }).strategy, 'child-process');
    assert.equal(decide({ ...base, language: 'node', waitsOn: 'network-or-disk', items: 'many' }).strategy, 'concurrent-awaits');
  });

  it('warns about shared mutable state in the terms of the chosen tool', () => {
    const answers: DecisionAnswers = { language: 'python', waitsOn: 'blocking-call', items: 'few', needsIsolation: false, sharedState: 'mutable' };
    assert.ok(decide(answers).caveats.some((caveat) => caveat.includes('threading.Lock')));
    assert.ok(decide({ ...answers, language: 'node', waitsOn: 'cpu' }).caveats.some((caveat) => caveat.includes('SharedArrayBuffer')));
  });

  it('parses raw form values, keeping defaults for anything unknown', () => {
    assert.deepEqual(parseAnswers({ language: 'python', waitsOn: 'bogus', needsIsolation: 'yes' }), {
      language: 'python',
      waitsOn: 'cpu',
      items: 'many',
      needsIsolation: true,
      sharedState: 'none',
    });
    assert.equal(DECISION_QUESTIONS.length, 5);
  });
});
