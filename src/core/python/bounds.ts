/**
 * Numbers the analyser can know statically: literals, constants, arithmetic on them, `len()` of
 * literal sequences, and values bound from call-site arguments. Used for loop bounds.
 */
import type { FunctionUnit } from './summarize';
import type { PyNode } from './syntax';
import { childByField, namedChildren, textOf } from './syntax';

/** What is known about one variable for one evaluation of a function. */
export interface KnownValue {
  value?: number;
  /** length, for sequences */
  length?: number;
  /** where the value came from, for evidence: "from the call at line 12" */
  origin?: string;
}

export type Env = ReadonlyMap<string, KnownValue>;

export const EMPTY_ENV: Env = new Map();

const MAX_DEPTH = 20;

export class BoundEvaluator {
  constructor(
    private readonly unit: FunctionUnit,
    private readonly env: Env,
  ) {}

  /** The numeric value of an expression, or undefined. */
  number(node: PyNode | undefined, depth = 0): number | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const source = this.unit.module.source;
    switch (node.type) {
      case 'integer':
        return parseInteger(textOf(source, node));
      case 'float': {
        const value = Number(textOf(source, node).replace(/_/g, ''));
        return Number.isFinite(value) ? value : undefined;
      }
      case 'parenthesized_expression':
        return this.number(namedChildren(node)[0], depth + 1);
      case 'unary_operator': {
        const operand = this.number(childByField(node, 'argument'), depth + 1);
        const op = childByField(node, 'operator');
        if (operand === undefined || !op) return undefined;
        const symbol = textOf(source, op);
        return symbol === '-' ? -operand : symbol === '+' ? operand : undefined;
      }
      case 'binary_operator':
        return this.binary(node, depth);
      case 'identifier':
        return this.identifier(textOf(source, node), depth);
      case 'call':
        return this.call(node, depth);
      default:
        return undefined;
    }
  }

  /** How many items iterating over `node` yields, or undefined when it depends on data. */
  length(node: PyNode | undefined, depth = 0): number | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const source = this.unit.module.source;
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
      case 'dictionary':
        return namedChildren(node).some((child) => child.type === 'list_splat' || child.type === 'dictionary_splat')
          ? undefined
          : namedChildren(node).length;
      case 'string':
        return stringLength(textOf(source, node));
      case 'parenthesized_expression':
        return this.length(namedChildren(node)[0], depth + 1);
      case 'identifier': {
        const name = textOf(source, node);
        const known = this.env.get(name);
        if (known) return known.length;
        const constant = this.constant(name);
        return constant ? this.length(constant.node, depth + 1) : undefined;
      }
      case 'call':
        return this.callLength(node, depth);
      default:
        return undefined;
    }
  }

  /** Where a bound came from, when a call-site argument supplied it. */
  origin(node: PyNode | undefined): string | undefined {
    if (!node) return undefined;
    if (node.type === 'identifier') return this.env.get(textOf(this.unit.module.source, node))?.origin;
    for (const child of node.children) {
      const found = this.origin(child);
      if (found) return found;
    }
    return undefined;
  }

  private binary(node: PyNode, depth: number): number | undefined {
    const left = this.number(childByField(node, 'left'), depth + 1);
    const right = this.number(childByField(node, 'right'), depth + 1);
    const op = childByField(node, 'operator');
    if (left === undefined || right === undefined || !op) return undefined;
    switch (textOf(this.unit.module.source, op)) {
      case '+':
        return left + right;
      case '-':
        return left - right;
      case '*':
        return left * right;
      case '/':
        return right === 0 ? undefined : left / right;
      case '//':
        return right === 0 ? undefined : Math.floor(left / right);
      case '%':
        return right === 0 ? undefined : left % right;
      case '**':
        return Math.abs(right) > 400 ? undefined : left ** right;
      case '<<':
        return right > 60 ? undefined : left * 2 ** right;
      default:
        return undefined;
    }
  }

  private identifier(name: string, depth: number): number | undefined {
    const known = this.env.get(name);
    if (known) return known.value;
    const constant = this.constant(name);
    return constant ? new BoundEvaluator(constant.unit, EMPTY_ENV).number(constant.node, depth + 1) : undefined;
  }

  /** A name assigned once in this function, an enclosing one, or the module. */
  private constant(name: string): { node: PyNode; unit: FunctionUnit } | undefined {
    for (let scope: FunctionUnit | undefined = this.unit; scope; scope = scope.parent) {
      if (scope.params.some((param) => param.name === name)) return undefined;
      const node = scope.constants.get(name);
      if (node) return { node, unit: scope };
      if (scope.constants.has(`!${name}`)) return undefined;
    }
    const moduleUnit = this.unit.module.moduleUnit;
    const node = moduleUnit.constants.get(name);
    return node ? { node, unit: moduleUnit } : undefined;
  }

  private call(node: PyNode, depth: number): number | undefined {
    const fn = childByField(node, 'function');
    const args = argumentsOf(node);
    if (fn?.type !== 'identifier') return undefined;
    const name = textOf(this.unit.module.source, fn);
    if (name === 'len' && args.length === 1) return this.length(args[0], depth + 1);
    if ((name === 'int' || name === 'abs' || name === 'round') && args.length === 1) {
      const value = this.number(args[0], depth + 1);
      return value === undefined ? undefined : Math.abs(Math.trunc(value));
    }
    if ((name === 'min' || name === 'max') && args.length >= 2) {
      const values = args.map((arg) => this.number(arg, depth + 1));
      if (values.some((value) => value === undefined)) return undefined;
      return name === 'min' ? Math.min(...(values as number[])) : Math.max(...(values as number[]));
    }
    return undefined;
  }

  private callLength(node: PyNode, depth: number): number | undefined {
    const fn = childByField(node, 'function');
    const args = argumentsOf(node);
    if (!fn) return undefined;
    const name = fn.type === 'identifier' ? textOf(this.unit.module.source, fn) : undefined;
    if (name === 'range') return this.rangeLength(args, depth);
    if (name === 'enumerate' || name === 'reversed' || name === 'sorted' || name === 'list' || name === 'tuple' || name === 'set') {
      return args.length >= 1 ? this.length(args[0], depth + 1) : undefined;
    }
    if (name === 'zip' && args.length > 0) {
      const lengths = args.map((arg) => this.length(arg, depth + 1));
      return lengths.some((value) => value === undefined) ? undefined : Math.min(...(lengths as number[]));
    }
    if (fn.type === 'attribute') {
      const method = childByField(fn, 'attribute');
      const methodName = method ? textOf(this.unit.module.source, method) : '';
      if (methodName === 'items' || methodName === 'keys' || methodName === 'values') {
        return this.length(childByField(fn, 'object'), depth + 1);
      }
    }
    return undefined;
  }

  private rangeLength(args: PyNode[], depth: number): number | undefined {
    if (args.length === 0 || args.length > 3) return undefined;
    const values = args.map((arg) => this.number(arg, depth + 1));
    if (values.some((value) => value === undefined)) return undefined;
    const [a, b, c] = values as number[];
    if (args.length === 1) return Math.max(0, Math.ceil(a));
    const step = args.length === 3 ? c : 1;
    if (step === 0) return undefined;
    return Math.max(0, Math.ceil((b - a) / step));
  }
}

/** Positional arguments of a call (keyword arguments and splats excluded). */
export function argumentsOf(call: PyNode): PyNode[] {
  const args = childByField(call, 'arguments');
  if (!args || args.type !== 'argument_list') return args ? [args] : [];
  return namedChildren(args).filter((arg) => arg.type !== 'keyword_argument' && !arg.type.endsWith('splat'));
}

/** Keyword arguments of a call by name. */
export function keywordArguments(call: PyNode, source: { text: string }): Map<string, PyNode> {
  const result = new Map<string, PyNode>();
  const args = childByField(call, 'arguments');
  if (!args) return result;
  for (const arg of namedChildren(args)) {
    if (arg.type !== 'keyword_argument') continue;
    const name = childByField(arg, 'name');
    const value = childByField(arg, 'value');
    if (name && value) result.set(textOf(source, name), value);
  }
  return result;
}

export function parseInteger(text: string): number | undefined {
  const clean = text.replace(/_/g, '').replace(/[lL]$/, '');
  const value = /^0[xob]/i.test(clean) ? Number(clean) : Number.parseInt(clean, 10);
  return Number.isFinite(value) ? value : undefined;
}

function stringLength(literal: string): number | undefined {
  const match = /^[a-zA-Z]*('''|"""|'|")([\s\S]*)\1$/.exec(literal);
  return match ? match[2].length : undefined;
}

export function formatCount(value: number): string {
  if (value >= 1e15) return value.toExponential(1);
  return Math.round(value).toLocaleString('en-US');
}
