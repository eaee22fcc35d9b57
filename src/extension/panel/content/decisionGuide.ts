/**
 * The "Decide" tab: four questions about the work and a pure function from the answers to a
 * recommendation. Kept apart from the UI so the logic is unit-tested and the webview only renders it.
 */
import type { Strategy } from '../../../core/model';
import type { SnippetId, SnippetLanguage } from './snippets';
import type { TopicId } from './topics';

export type WaitsOn = 'cpu' | 'network-or-disk' | 'blocking-call' | 'external-program';
export type ItemCount = 'one' | 'few' | 'many';
export type SharedState = 'none' | 'read-only' | 'mutable';

export interface DecisionAnswers {
  language: SnippetLanguage;
  waitsOn: WaitsOn;
  items: ItemCount;
  /** the work must not be able to crash, leak into or hang the caller (or it runs untrusted/native code) */
  needsIsolation: boolean;
  sharedState: SharedState;
}

export interface Decision {
  strategy: Strategy;
  /** short name of the tool, e.g. "A pool of worker threads" */
  title: string;
  /** why this tool fits these answers, one sentence each */
  reasons: string[];
  /** what to watch out for with this tool given these answers */
  caveats: string[];
  snippetId?: SnippetId;
  topicId: TopicId;
}

export interface DecisionOption<T extends string> {
  value: T;
  label: string;
}

export interface DecisionQuestion<K extends keyof DecisionAnswers> {
  key: K;
  label: string;
  options: DecisionOption<string>[];
}

/** The questions in the order the tab asks them; option values are the answer values. */
export const DECISION_QUESTIONS = [
  {
    key: 'language',
    label: 'Which runtime?',
    options: [
      { value: 'node', label: 'Node.js (TypeScript / JavaScript)' },
      { value: 'python', label: 'Python' },
    ],
  },
  {
    key: 'waitsOn',
    label: 'What does the work spend its time on?',
    options: [
      { value: 'cpu', label: 'Computing (loops, parsing, hashing, image or number crunching)' },
      { value: 'network-or-disk', label: 'Waiting for the network, a database or files' },
      { value: 'blocking-call', label: 'A blocking call with no async version (a *Sync API, requests, a sync driver)' },
      { value: 'external-program', label: 'Running another program' },
    ],
  },
  {
    key: 'items',
    label: 'How many items at a time?',
    options: [
      { value: 'one', label: 'One' },
      { value: 'few', label: 'A few (up to about ten)' },
      { value: 'many', label: 'Many (dozens to thousands)' },
    ],
  },
  {
    key: 'needsIsolation',
    label: 'Must a crash, hang or memory leak in the work be unable to take down the caller?',
    options: [
      { value: 'no', label: 'No' },
      { value: 'yes', label: 'Yes (untrusted input, native code, leaky library)' },
    ],
  },
  {
    key: 'sharedState',
    label: 'Does the work share state with the rest of the program?',
    options: [
      { value: 'none', label: 'No: it takes inputs and returns a result' },
      { value: 'read-only', label: 'It reads shared data' },
      { value: 'mutable', label: 'It updates shared data' },
    ],
  },
] as const satisfies readonly DecisionQuestion<keyof DecisionAnswers>[];

export const DEFAULT_ANSWERS: DecisionAnswers = {
  language: 'node',
  waitsOn: 'cpu',
  items: 'many',
  needsIsolation: false,
  sharedState: 'none',
};

/** Turns raw form values (strings) into answers, keeping defaults for anything unrecognised. */
export function parseAnswers(raw: Readonly<Record<string, string | undefined>>): DecisionAnswers {
  const pick = <K extends keyof DecisionAnswers>(key: K): string | undefined => {
    const question = DECISION_QUESTIONS.find((candidate) => candidate.key === key);
    const value = raw[key];
    return question?.options.some((option) => option.value === value) ? value : undefined;
  };
  return {
    language: (pick('language') as SnippetLanguage | undefined) ?? DEFAULT_ANSWERS.language,
    waitsOn: (pick('waitsOn') as WaitsOn | undefined) ?? DEFAULT_ANSWERS.waitsOn,
    items: (pick('items') as ItemCount | undefined) ?? DEFAULT_ANSWERS.items,
    needsIsolation: pick('needsIsolation') === undefined ? DEFAULT_ANSWERS.needsIsolation : raw.needsIsolation === 'yes',
    sharedState: (pick('sharedState') as SharedState | undefined) ?? DEFAULT_ANSWERS.sharedState,
  };
}

export function decide(answers: DecisionAnswers): Decision {
  const decision = answers.language === 'node' ? decideForNode(answers) : decideForPython(answers);
  return { ...decision, caveats: [...decision.caveats, ...sharedStateCaveats(answers, decision.strategy)] };
}

function decideForNode(answers: DecisionAnswers): Decision {
  if (answers.waitsOn === 'external-program' || (answers.needsIsolation && answers.waitsOn !== 'network-or-disk')) {
    return {
      strategy: 'child-process',
      title: 'A child process',
      reasons: [
        answers.waitsOn === 'external-program'
          ? 'Another program runs in its own process anyway; execFile or spawn start it without blocking the event loop.'
          : 'A separate process has its own memory and event loop, so a crash, leak or hang there leaves your process running.',
      ],
      caveats: ['Everything sent to the child is serialised; a new Node process costs tens of milliseconds and tens of MB.'],
      snippetId: 'node-child-process',
      topicId: 'node-child-process',
    };
  }
  if (answers.waitsOn === 'cpu') return decideNodeCpu(answers);
  if (answers.waitsOn === 'blocking-call') {
    return {
      strategy: 'async-io',
      title: 'The asynchronous version of the call',
      reasons: ['A blocking call holds the only JavaScript thread; its async form lets the OS or libuv do the waiting.'],
      caveats: ['If no async version exists, run the call on a worker thread so only that thread waits.'],
      snippetId: 'node-async-io',
      topicId: 'node-event-loop',
    };
  }
  return decideNodeWaiting(answers);
}

function decideNodeCpu(answers: DecisionAnswers): Decision {
  if (answers.items === 'many') {
    return {
      strategy: 'worker-pool',
      title: 'A pool of worker threads',
      reasons: [
        'Worker threads run JavaScript in parallel on other cores, leaving the event loop free.',
        'With many items, a fixed pool pays the start-up cost once and bounds memory.',
      ],
      caveats: ['Size the pool to os.availableParallelism() (minus one for the main thread): more workers than cores only adds overhead.'],
      snippetId: 'node-worker-pool',
      topicId: 'worker-pools',
    };
  }
  return {
    strategy: 'worker-thread',
    title: 'A worker thread',
    reasons: ['A worker thread runs the computation on another core while the event loop keeps serving everything else.'],
    caveats: ['Arguments and results are structured-cloned: pass compact data, or transfer ArrayBuffers.'],
    snippetId: 'node-worker-thread',
    topicId: 'node-worker-threads',
  };
}

function decideNodeWaiting(answers: DecisionAnswers): Decision {
  if (answers.items === 'one') {
    return {
      strategy: 'async-io',
      title: 'Asynchronous I/O',
      reasons: ['Awaiting an async API frees the thread while the OS waits; no extra thread or process is needed.'],
      caveats: [],
      snippetId: 'node-async-io',
      topicId: 'node-event-loop',
    };
  }
  return {
    strategy: 'concurrent-awaits',
    title: answers.items === 'many' ? 'Concurrent awaits with a limit' : 'Concurrent awaits (Promise.all)',
    reasons: ['Independent waits overlap on one thread: the total time approaches the slowest wait, not the sum.'],
    caveats:
      answers.items === 'many'
        ? ['Bound how many run at once (8 to 50 is typical): unbounded, thousands of sockets or requests start together.']
        : [],
    snippetId: 'node-bounded-concurrency',
    topicId: 'bounded-concurrency',
  };
}

function decideForPython(answers: DecisionAnswers): Decision {
  if (answers.waitsOn === 'cpu' || answers.needsIsolation) {
    return {
      strategy: 'process-pool',
      title: answers.items === 'one' ? 'A separate process' : 'A process pool (ProcessPoolExecutor)',
      reasons: [
        answers.waitsOn === 'cpu'
          ? 'Each process has its own interpreter and GIL, so Python code computes on several cores at once.'
          : 'A separate process has its own memory, so a crash or leak there does not reach the caller.',
      ],
      caveats: [
        'Arguments and results are pickled: send small inputs (paths, ranges) and guard the entry point with if __name__ == "__main__".',
        'On a free-threaded build (3.13t+), a thread pool also computes in parallel without the pickling cost.',
      ],
      snippetId: 'python-process-pool',
      topicId: 'python-multiprocessing',
    };
  }
  if (answers.waitsOn === 'network-or-disk' && answers.items === 'many') {
    return {
      strategy: 'asyncio',
      title: 'asyncio with a Semaphore',
      reasons: ['One event loop can keep thousands of network waits in flight with far less memory than one thread each.'],
      caveats: ['Needs async libraries (aiohttp, httpx, asyncpg); a blocking call inside a coroutine stalls every task.'],
      snippetId: 'python-asyncio',
      topicId: 'python-asyncio',
    };
  }
  return {
    strategy: 'thread-pool',
    title: 'A thread pool (ThreadPoolExecutor)',
    reasons: [
      answers.waitsOn === 'external-program'
        ? 'Waiting for a subprocess releases the GIL, so threads can run several programs at once.'
        : 'Threads release the GIL while they block on I/O, so the waits overlap even with ordinary blocking libraries.',
    ],
    caveats: ['Inside async code use asyncio.to_thread for the blocking call instead of a separate pool.'],
    snippetId: 'python-thread-pool',
    topicId: 'python-threading',
  };
}

function sharedStateCaveats(answers: DecisionAnswers, strategy: Strategy): string[] {
  if (answers.sharedState !== 'mutable') return [];
  switch (strategy) {
    case 'worker-thread':
    case 'worker-pool':
      return ['Workers do not share objects: return results as messages, or use a SharedArrayBuffer with Atomics for numeric data.'];
    case 'child-process':
    case 'process-pool':
      return ['Processes do not share memory: return results to the parent, or use shared_memory / a Manager (slow) for the rest.'];
    case 'thread-pool':
      return ['Threads do share objects: guard updates with threading.Lock or pass results through queue.Queue.'];
    default:
      return ['Between awaits nothing else runs, but state read before an await may have changed after it.'];
  }
}
