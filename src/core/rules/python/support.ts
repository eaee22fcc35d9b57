/**
 * Small helpers shared by the Python rules (not a rule itself): ranges on one line, locations of
 * functions for related information, and short descriptions of verdicts.
 */
import type { Range, RelatedLocation } from '../../model';
import type { DispatchFact, PythonRuleContext } from '../../python/rule-context';
import { isMainGuard } from '../../python/rule-context';
import type { FunctionUnit, PyModule } from '../../python/summarize';
import type { Signal, Summary } from '../../python/evaluate';
import type { PyNode } from '../../python/syntax';
import { lineEndFrom, lineStartBefore } from '../../positions';
import { childByField, descendants, namedChildren, rangeOf, sameNode, textOf } from '../../python/syntax';

/** The node's range, cut at the end of its first line (diagnostics read better on one line). */
export function firstLineRange(node: PyNode, text: string): Range {
  const range = rangeOf(node);
  if (range.endLine === range.line) return range;
  const width = lineEndFrom(text, node.start) - lineStartBefore(text, node.start);
  return { line: range.line, column: range.column, endLine: range.line, endColumn: width + 1 };
}

export function declaredAt(unit: FunctionUnit, message: string): RelatedLocation {
  return { file: unit.module.path, line: unit.nameNode.startRow + 1, message };
}

export function signalAt(signal: Signal): RelatedLocation {
  return { file: signal.file, line: signal.line, message: signal.message };
}

/** The strongest reason a summary gives for its verdict, as a clause ("loops 10,000,000 times"). */
export function mainReason(summary: Summary, prefer: 'cpu' | 'io'): Signal | undefined {
  const order = prefer === 'cpu' ? [summary.cpu, summary.io, summary.asyncIo] : [summary.io, summary.asyncIo, summary.cpu];
  return order.find((list) => list.length > 0)?.[0];
}

/** `fibonacci()` or the written target when it could not be resolved. */
export function targetName(fact: DispatchFact): string {
  return fact.dispatch.target ? `${fact.dispatch.target.name}()` : `${fact.dispatch.targetText}()`;
}

/** Where a finding's node is and how it began (up to 200 characters): fixes check it still matches the text. */
export type NodeData = { start: number; end: number; snippet: string };

/** The constructor written for a thread or process (pool), for fixes that swap it for its counterpart. */
export type ConstructorData = { ctorStart?: number; ctorEnd?: number; ctorText?: string };

/** Offsets a fix uses to check that the finding still matches the text. */
export function nodeData(node: PyNode, text: string): NodeData {
  return { start: node.start, end: node.end, snippet: text.slice(node.start, Math.min(node.end, node.start + 200)) };
}

/** `global x`, or mutating a module-level name: threads see the change, processes would not. */
export function writesModuleState(module: PyModule, body: PyNode): boolean {
  const text = textOf(module.source, body);
  if (/\bglobal\s+\w/.test(text)) return true;
  const moduleNames = [...module.moduleUnit.constants.keys()].map((name) => name.replace(/^!/, ''));
  return moduleNames.some((name) => new RegExp(`\\b${name}\\s*(\\.(append|extend|add|update|insert|pop|remove|put)\\(|\\[[^\\]]*\\]\\s*=)`).test(text));
}

/**
 * The target's parameters it writes into (`results.append(x)`, `out[i] = x`, `box.value = x`):
 * in a thread the caller's object sees the write; in a process it goes to a pickled copy and is lost.
 */
export function mutatedParameters(unit: FunctionUnit): string[] {
  const text = textOf(unit.module.source, unit.body);
  return unit.params
    .map((param) => param.name)
    .filter((name) => new RegExp(`\\b${name}\\s*(\\.(append|extend|add|update|insert|pop|remove|put|put_nowait|setdefault|send)\\(|\\[[^\\]]*\\]\\s*[-+*/|&]?=(?!=)|\\.\\w+\\s*[-+*/|&]?=(?!=))`).test(text));
}

/** The statement at the top level of the module that holds `node`. */
export function topLevelStatement(node: PyNode): PyNode | undefined {
  let current: PyNode | undefined = node;
  while (current?.parent && current.parent.type !== 'module') current = current.parent;
  return current?.parent ? current : undefined;
}

/** The constructor expression of `node` (a call), as ConstructorData. */
export function constructorData(node: PyNode | undefined, module: PyModule): ConstructorData {
  const constructor = node ? childByField(node, 'function') : undefined;
  return constructor ? { ctorStart: constructor.start, ctorEnd: constructor.end, ctorText: textOf(module.source, constructor) } : {};
}

const DECLARATIONS = new Set(['import_statement', 'import_from_statement', 'future_import_statement', 'function_definition', 'class_definition', 'decorated_definition']);

/**
 * Where the script code to move under `if __name__ == "__main__":` starts: `statement` (a
 * top-level statement), extended back over the script statements just before it. Undefined (no
 * fix) when a definition follows that code, since it would then only exist in the main process.
 */
export function scriptStartToGuard(context: PythonRuleContext, statement: PyNode): number | undefined {
  const statements = namedChildren(context.module.source.root);
  const index = statements.findIndex((other) => sameNode(other, statement));
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
