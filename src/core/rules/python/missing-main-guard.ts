import type { PythonRuleContext } from '../../python/rule-context';
import { isMainGuard } from '../../python/rule-context';
import type { PyNode } from '../../python/syntax';
import { childByField, descendants, namedChildren, textOf } from '../../python/syntax';
import type { FindingDraft, Rule } from '../rule';
import { firstLineRange, type NodeData, nodeData } from './support';

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
    const moveStart = movableStart(context, first.statement);
    if (moveStart === undefined) draft.fixes = ['python-ignore'];
    else draft.data = { ...draft.data!, moveStart, textLength: context.text.length };
    return [draft];
  },
};

const DECLARATIONS = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition', 'decorated_definition']);

/**
 * Where the code to guard starts: the first unguarded start, extended back over the script
 * statements just before it. Undefined (no fix) when a definition follows that code, since it
 * would then only exist in the main process.
 */
function movableStart(context: PythonRuleContext, statement: PyNode): number | undefined {
  const statements = namedChildren(context.module.source.root);
  const index = statements.indexOf(statement);
  if (index === -1 || statements.slice(index).some((node) => DECLARATIONS.has(node.type))) return undefined;
  const readByFunctions = namesReadByFunctions(context);
  let first = index;
  while (first > 0 && isMovableScript(context, statements[first - 1], readByFunctions)) first--;
  return statements[first].start;
}

function isMovableScript(context: PythonRuleContext, node: PyNode, readByFunctions: Set<string>): boolean {
  if (DECLARATIONS.has(node.type)) return false;
  if (node.type === 'if_statement' && isMainGuard(context.module, node)) return false;
  if (node.type === 'expression_statement' && node.children[0]?.type === 'string') return false;
  return !assignedNames(context, node).some((name) => readByFunctions.has(name));
}

function assignedNames(context: PythonRuleContext, node: PyNode): string[] {
  const names: string[] = [];
  for (const child of descendants(node)) {
    if (child.type !== 'assignment' && child.type !== 'augmented_assignment' && child.type !== 'for_statement') continue;
    const left = childByField(child, 'left');
    for (const id of left ? descendants(left) : []) if (id.type === 'identifier') names.push(textOf(context.module.source, id));
  }
  return names;
}

/** Identifiers mentioned inside any function or class: moving their definitions would hide them. */
function namesReadByFunctions(context: PythonRuleContext): Set<string> {
  const names = new Set<string>();
  for (const unit of context.module.units) {
    if (unit === context.module.moduleUnit) continue;
    for (const node of descendants(unit.body)) if (node.type === 'identifier') names.add(textOf(context.module.source, node));
  }
  return names;
}
