import type { PythonRuleContext } from '../../python/rule-context';
import type { FindingDraft, Rule } from '../rule';
import { firstLineRange, type NodeData, nodeData, scriptStartToGuard } from './support';

/**
 * The first unguarded start and its statement; when the script code can move under a guard, where
 * it starts (`moveStart`) and the length of the text the analysis read (the fix moves everything
 * from `moveStart` to the end, so any edit since refuses it).
 */
export type MissingMainGuardData = NodeData & { statementStart: number; moveStart?: number; textLength?: number };

const DOCS = `
With the \`spawn\` start method (the default on Windows and macOS) and the \`forkserver\` method
(the default on Linux from Python 3.14), every child process starts from a fresh interpreter and
imports your main module to find the target function. Code at module level runs again in each child: if that code starts the processes, each
child tries to start its own, and \`multiprocessing\` stops it with "An attempt has been made to
start a new process before the current process has finished its bootstrapping phase".

**Fix:** put the code that starts processes or pools (and the rest of the script's top-level
work) under \`if __name__ == "__main__":\`. Function definitions stay at module level so the
children can import them.
`;

export const missingMainGuard: Rule<PythonRuleContext, MissingMainGuardData> = {
  meta: {
    id: 'missing-main-guard',
    language: 'python',
    description: 'multiprocessing is started at module level without if __name__ == "__main__"',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['add-main-guard', 'python-ignore'],
  },
  check(context) {
    const [first, ...others] = context.unguardedProcessStarts;
    if (!first) return [];
    const draft: FindingDraft<MissingMainGuardData> = {
      message: `${first.what} starts processes at module level without \`if __name__ == "__main__":\`. With the spawn and forkserver start methods (the defaults on Windows and macOS, and on Linux from Python 3.14) every child re-imports this module and runs this code again.`,
      range: firstLineRange(first.call, context.text),
      related: others.map((other) => ({ file: context.path, line: other.call.startRow + 1, message: `${other.what} also starts processes unguarded` })),
      data: { ...nodeData(first.call, context.text), statementStart: first.statement.start },
    };
    const moveStart = scriptStartToGuard(context, first.statement);
    if (moveStart === undefined) draft.fixes = ['python-ignore'];
    else draft.data = { ...draft.data!, moveStart, textLength: context.text.length };
    return [draft];
  },
};
