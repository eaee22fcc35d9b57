/**
 * Small helpers shared by the Python rules (not a rule itself): ranges on one line, locations of
 * functions for related information, and short descriptions of verdicts.
 */
import type { Range, RelatedLocation } from '../../model';
import type { DispatchFact } from '../../python/rule-context';
import type { FunctionUnit, PyModule } from '../../python/summarize';
import type { Signal, Summary } from '../../python/evaluate';
import type { PyNode } from '../../python/syntax';
import { childByField, rangeOf, textOf } from '../../python/syntax';

/** The node's range, cut at the end of its first line (diagnostics read better on one line). */
export function firstLineRange(node: PyNode, text: string): Range {
  const range = rangeOf(node);
  if (range.endLine === range.line) return range;
  const lineEnd = text.indexOf('\n', node.start);
  const lineStart = text.lastIndexOf('\n', node.start - 1) + 1;
  const width = (lineEnd === -1 ? text.length : lineEnd) - lineStart;
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

/** The constructor expression of `node` (a call), as ConstructorData. */
export function constructorData(node: PyNode | undefined, module: PyModule): ConstructorData {
  const constructor = node ? childByField(node, 'function') : undefined;
  return constructor ? { ctorStart: constructor.start, ctorEnd: constructor.end, ctorText: textOf(module.source, constructor) } : {};
}
