/**
 * Which concept topic explains a rule, a strategy or a verdict. `threadwise.openPanelAt` accepts a
 * topic id or a rule id (hovers and diagnostics link with the rule id), so unknown rule ids must
 * still land somewhere sensible: exact table first, then keywords in the id, then the guide.
 */
import type { Language, Strategy, WorkKind } from '../../../core/model';
import { isTopicId, type TopicId } from './topics';

/** Rules whose topic is not obvious from their id. Extend when a rule is added. */
const RULE_TOPICS: Readonly<Record<string, TopicId>> = {
  // TypeScript / JavaScript rules
  'cpu-on-event-loop': 'node-worker-threads',
  'blocking-sync-io': 'node-event-loop',
  'io-in-worker': 'node-worker-threads',
  'sequential-awaits': 'bounded-concurrency',
  'unbounded-concurrency': 'bounded-concurrency',
  'worker-per-task': 'worker-pools',
  // Python rules
  'blocking-call-in-async': 'python-asyncio',
  'cpu-in-thread': 'python-gil',
  'io-in-process': 'python-threading',
  'missing-main-guard': 'python-multiprocessing',
  'pool-not-closed': 'python-concurrent-futures',
  'process-per-task': 'worker-pools',
  'sequential-io-loop': 'bounded-concurrency',
};

/** Ordered: the first keyword found in the rule id wins. */
const KEYWORD_TOPICS: ReadonlyArray<readonly [RegExp, TopicId]> = [
  [/gil|free-thread/, 'python-gil'],
  [/main-guard|multiprocess|pickl|start-method|fork/, 'python-multiprocessing'],
  [/asyncio|coroutine|to-thread/, 'python-asyncio'],
  [/thread-pool|executor|futures/, 'python-concurrent-futures'],
  [/pool/, 'worker-pools'],
  [/await|promise|concurren|unbounded/, 'bounded-concurrency'],
  [/child|spawn|exec|cluster/, 'node-child-process'],
  [/worker/, 'node-worker-threads'],
  [/threadpool|libuv|sync|event-loop|blocking/, 'node-event-loop'],
  [/ipc|message|shared|transfer/, 'ipc'],
  [/thread/, 'python-threading'],
  [/cpu|loop|compute/, 'io-vs-cpu'],
];

/** Resolves a topic id or a rule id to the topic that explains it. */
export function resolveTopic(topicOrRuleId: string): TopicId {
  if (isTopicId(topicOrRuleId)) return topicOrRuleId;
  const known = RULE_TOPICS[topicOrRuleId];
  if (known) return known;
  const id = topicOrRuleId.toLowerCase();
  const byKeyword = KEYWORD_TOPICS.find(([pattern]) => pattern.test(id));
  return byKeyword ? byKeyword[1] : 'decision-guide';
}

const STRATEGY_TOPICS: Readonly<Record<Strategy, TopicId>> = {
  'worker-thread': 'node-worker-threads',
  'worker-pool': 'worker-pools',
  'child-process': 'node-child-process',
  'async-io': 'node-event-loop',
  'concurrent-awaits': 'bounded-concurrency',
  'thread-pool': 'python-threading',
  'process-pool': 'python-multiprocessing',
  asyncio: 'python-asyncio',
  none: 'io-vs-cpu',
};

export function topicForStrategy(strategy: Strategy): TopicId {
  return STRATEGY_TOPICS[strategy];
}

/** The topic that explains why a verdict matters in this language. */
export function topicForVerdict(kind: WorkKind, language: Language): TopicId {
  if (language === 'python') {
    if (kind === 'cpu' || kind === 'mixed') return 'python-gil';
    if (kind === 'io-sync') return 'python-threading';
    return kind === 'io' ? 'python-asyncio' : 'io-vs-cpu';
  }
  if (kind === 'io-sync' || kind === 'io') return 'node-event-loop';
  return kind === 'none' ? 'io-vs-cpu' : 'node-worker-threads';
}
