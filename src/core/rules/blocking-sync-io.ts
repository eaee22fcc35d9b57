import { FILE_HANDLE_TWIN_MODULE } from '../catalog';
import { callsOf } from '../typescript/link';
import type { TsRuleContext } from '../typescript/rule-context';
import type { FunctionSummary } from '../typescript/summary';
import type { CallData, FindingDraft, Rule } from './rule';

const DOCS = `
Synchronous I/O (\`fs.readFileSync\`, \`execSync\`, \`spawnSync\`, \`Atomics.wait\`) stops the
calling thread until the disk, the network or the child process answers. At start-up that is
harmless; inside an \`async\` function, a request handler or a loop it freezes the event loop for
every other task, and a slow disk or a hung command stalls the whole server.

**Fix:** use the promise-based twin (\`fs/promises\`, \`util.promisify(execFile)\`) and \`await\`
it. The quick fix rewrites the call and makes the enclosing function \`async\` when needed.
`;

/**
 * The blocking call, its non-blocking twin from the catalog (`fs/promises#readFile`, empty when
 * there is none) and whether that twin is a drop-in: same arguments, and awaiting it gives what
 * the sync call returned.
 */
export type BlockingSyncIoData = CallData & { asyncTwin: string; dropInTwin: boolean };

export const blockingSyncIo: Rule<TsRuleContext, BlockingSyncIoData> = {
  meta: {
    id: 'blocking-sync-io',
    language: 'typescript',
    description: 'Blocking synchronous I/O in async code, a request handler, or a loop',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['use-async-io', 'use-async-child-process', 'ignore'],
  },
  check({ snapshot, file, lines }) {
    const drafts: FindingDraft<BlockingSyncIoData>[] = [];
    for (const fn of file.functions) {
      const requestPath = snapshot.requestPaths.get(fn.id);
      for (const { call, loopMultiplier } of callsOf(fn)) {
        const callee = snapshot.linker.resolve(call);
        if ((callee.kind !== 'catalog' && callee.kind !== 'global') || callee.entry.effect !== 'blocking-io') continue;
        const context = blockingContext(fn, loopMultiplier, requestPath !== undefined, snapshot.perItemFunctions.has(fn.id));
        if (!context) continue;
        const isProcess = /process/.test(callee.entry.description);
        const twin = callee.kind === 'catalog' ? callee.entry.asyncTwin : undefined;
        drafts.push({
          message: `${call.calleeText}() ${callee.entry.description}, ${context}.${twin ? ` ${twinAdvice(twin)}` : ''}`,
          range: lines.firstLineRange(call.start, call.end),
          related: requestPath ? [{ file: requestPath.handler.file, line: requestPath.handler.range.line, message: `request handler ${requestPath.handler.name}` }] : [],
          functionId: fn.id,
          escalate: requestPath !== undefined,
          fixes: isProcess ? ['use-async-child-process', 'ignore'] : ['use-async-io', 'ignore'],
          data: { callStart: call.start, callEnd: call.end, callee: call.calleeText, asyncTwin: twin ?? '', dropInTwin: callee.kind === 'catalog' && callee.entry.dropInTwin === true },
        });
      }
    }
    return drafts;
  },
};

/** What to call instead: a module function, or a method of the FileHandle fs/promises.open() returns. */
function twinAdvice(twin: string): string {
  const [module, member] = twin.split('#');
  if (module === FILE_HANDLE_TWIN_MODULE) return `Open the file with fs/promises.open() and use ${member}() on the FileHandle it returns instead.`;
  return `Use ${module}.${member}() instead.`;
}

/** Why blocking here matters, or undefined when it does not (start-up code, CLI scripts). */
function blockingContext(fn: FunctionSummary, inLoop: boolean, inRequestPath: boolean, perItem: boolean): string | undefined {
  if (fn.handler) return 'inside a request handler: every request waits for it';
  if (inRequestPath) return 'in code reached from a request handler: every request waits for it';
  if (fn.isAsync) return 'inside an async function, blocking the event loop it was meant to free';
  if ((inLoop || perItem) && !fn.isModuleBody) return 'in a loop: the event loop is blocked for every iteration';
  return undefined;
}
