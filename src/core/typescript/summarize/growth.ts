/**
 * Arrays a function builds up in place. `const out = []` is an array of no items only until the
 * first `out.push(x)`: a loop, sort or join over it afterwards is as long as the loops that filled
 * it. The walk is in source order, so each push grows the binding's value by the pushed items
 * times the iterations of the loops around it, and later reads see the grown length. Growth the
 * walk cannot count makes the length unknown (a guess, never a false "no items").
 */
import type { ts } from 'ts-morph';
import { num, UNKNOWN, type ValueExpr } from '../values';
import { skipOuterExpressions, T } from './syntax';
import type { Scopes } from './scopes';
import type { Binding } from '../summary';
import { textBytes } from './sizes';

/** Methods that add items at one end, one per argument. */
const APPENDING_METHODS = new Set(['push', 'unshift']);
/** Methods that change an array's length by an amount the walk does not count. */
const RESIZING_METHODS = new Set(['splice']);

export class ArrayGrowth {
  /** how many of the function's loops enclosed each tracked array's declaration (they do not repeat its pushes) */
  private readonly declaredAtDepth = new WeakMap<Binding, number>();

  constructor(private readonly scopes: Scopes) {}

  /** `const out = []` (after the binding is made): an array whose pushes the walk may count. */
  recordDeclaration(name: ts.BindingName): void {
    if (!T.isIdentifier(name)) return;
    const binding = this.scopes.frame.scope.get(name.text);
    if (binding?.kind === 'value' && binding.expr.k === 'arr') this.declaredAtDepth.set(binding, this.scopes.frame.loops.length);
  }

  /** `out.push(a, b)`, `out.unshift(x)`, `out.splice(i, 0, x)` on a tracked array. */
  recordCall(node: ts.CallExpression): void {
    const callee = skipOuterExpressions(node.expression);
    if (!T.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!APPENDING_METHODS.has(method) && !RESIZING_METHODS.has(method)) return;
    const receiver = skipOuterExpressions(callee.expression);
    if (!T.isIdentifier(receiver)) return;
    const length = this.trackedLength(receiver.text);
    if (!length) return;
    const added = APPENDING_METHODS.has(method) ? this.appendedItems(node, receiver.text) : UNKNOWN;
    this.setLength(receiver.text, added.k === 'unknown' ? UNKNOWN : { k: 'bin', op: '+', a: length, b: added }, this.itemBytes(receiver.text, node));
  }

  /** Bytes of the items pushed so far as text (the largest of them), with this call's: what a join or a serialisation of the array writes per item. */
  private itemBytes(name: string, node: ts.CallExpression): number | undefined {
    const binding = this.scopes.lookup(name);
    const before = binding?.kind === 'value' && binding.expr.k === 'grown' ? binding.expr.itemBytes : undefined;
    const pushed = node.arguments.map((argument) => textBytes(argument));
    return pushed.length === 0 ? before : Math.max(before ?? 0, ...pushed);
  }

  /**
   * `out[i] = x` on an array that started empty: it grows by an amount the walk does not count.
   * (An array made with a length, `Array(n).fill(0)`, keeps it: a table filled in place.)
   */
  recordElementWrite(target: ts.ElementAccessExpression): void {
    const receiver = skipOuterExpressions(target.expression);
    if (!T.isIdentifier(receiver)) return;
    const binding = this.scopes.lookup(receiver.text);
    if (binding?.kind !== 'value') return;
    const { expr } = binding;
    if ((expr.k === 'arr' && expr.items.length === 0) || expr.k === 'grown') this.setLength(receiver.text, UNKNOWN);
  }

  /** The length of a binding whose value is an array the walk follows, or undefined. */
  private trackedLength(name: string): ValueExpr | undefined {
    const binding = this.scopes.lookup(name);
    if (binding?.kind !== 'value') return undefined;
    const { expr } = binding;
    if (expr.k === 'arr') return num(expr.items.length);
    return expr.k === 'grown' ? expr.length : undefined;
  }

  /**
   * Items one call adds: its arguments, times the iterations of the function's loops around it.
   * An array of an enclosing function filled from a callback or a nested function: how often that
   * runs is not known here.
   */
  private appendedItems(node: ts.CallExpression, name: string): ValueExpr {
    const binding = this.scopes.frame.scope.get(name);
    const depth = binding && this.declaredAtDepth.get(binding);
    if (depth === undefined || node.arguments.some(T.isSpreadElement)) return UNKNOWN;
    let items: ValueExpr = num(node.arguments.length);
    for (const context of this.scopes.frame.loops.slice(depth)) items = { k: 'bin', op: '*', a: items, b: context.loop.bound };
    return items;
  }

  private setLength(name: string, length: ValueExpr, itemBytes?: number): void {
    const depth = this.declaredAtDepth.get(this.scopes.lookup(name)!);
    this.scopes.reassign(name, { kind: 'value', expr: length.k === 'unknown' ? UNKNOWN : { k: 'grown', length, ...(itemBytes === undefined ? {} : { itemBytes }) } });
    const grown = this.scopes.lookup(name);
    if (depth !== undefined && grown) this.declaredAtDepth.set(grown, depth);
  }
}
