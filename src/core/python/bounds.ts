/**
 * Numbers the analyser can know statically: literals, constants, arithmetic on them, `len()` of
 * literal sequences, and values bound from call-site arguments. Used for loop bounds.
 */
import type { FunctionUnit } from './summarize';
import type { PyNode } from './syntax';
import { SCOPE_TYPES, childByField, descendants, namedChildren, sameNode, textOf } from './syntax';

const COMPREHENSION_TYPES: ReadonlySet<string> = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** The item with the largest number or length. */
function largest(items: (KnownValue | undefined)[]): KnownValue | undefined {
  let best: KnownValue | undefined;
  for (const item of items) {
    if (item && (!best || (item.value ?? item.length ?? 0) > (best.value ?? best.length ?? 0))) best = item;
  }
  return best;
}

/** What is known about one variable for one evaluation of a function. */
export interface KnownValue {
  value?: number;
  /** length, for sequences */
  length?: number;
  /** for sequences: the largest known item (`[20_000_000] * 4`, `range(n)`, `NUMS = [5_000_000, …]`) */
  item?: KnownValue;
  /** where the value came from, for evidence: "from the call at line 12" */
  origin?: string;
  /** the catalog type of what the caller hands in, when it changes what calls on it do (an in-memory stream) */
  type?: string;
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
        return this.identifier(node, depth);
      case 'call':
        return this.call(node, depth);
      default:
        return undefined;
    }
  }

  /** What is known of a value: its number, its length and its largest item. */
  known(node: PyNode | undefined): KnownValue | undefined {
    const value = this.number(node);
    const length = this.length(node);
    const item = this.item(node);
    if (value === undefined && length === undefined && item === undefined) return undefined;
    return { value, length, ...(item ? { item } : {}) };
  }

  /**
   * The largest known item of an iterable: of a literal (`[a, b]`, `[x] * 4`), `range(...)`, a
   * constant, or an argument that carries one. The heaviest item stands for every item.
   */
  item(node: PyNode | undefined, depth = 0): KnownValue | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const source = this.unit.module.source;
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
        return largest(namedChildren(node).map((child) => this.scalar(child, depth + 1)));
      case 'parenthesized_expression':
        return this.item(namedChildren(node)[0], depth + 1);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        // the element, with its loop variables standing for their largest items
        const body = childByField(node, 'body');
        return body ? this.scalar(body, depth + 1) : undefined;
      }
      case 'binary_operator': {
        // `[x] * 4` and `4 * [x]` repeat items; `a + b` joins two sequences
        const { symbol, left, right } = binaryParts(source, node);
        if (symbol === '*') return this.item(left, depth + 1) ?? this.item(right, depth + 1);
        if (symbol === '+') return largest([this.item(left, depth + 1), this.item(right, depth + 1)]);
        return undefined;
      }
      case 'identifier': {
        const name = textOf(source, node);
        const known = this.env.get(name);
        if (known) return known.item;
        const constant = this.constant(name);
        return constant ? new BoundEvaluator(constant.unit, EMPTY_ENV).item(constant.node, depth + 1) : this.loopVariable(node, (iterable) => this.item(iterable, depth + 1)?.item);
      }
      case 'call': {
        const fn = childByField(node, 'function');
        const name = fn?.type === 'identifier' ? textOf(source, fn) : undefined;
        const args = argumentsOf(node);
        if (name === 'range' && args.length >= 1 && args.length <= 2) {
          const stop = this.number(args[args.length - 1], depth + 1);
          return stop === undefined ? undefined : { value: stop - 1 };
        }
        if ((name === 'list' || name === 'tuple' || name === 'sorted' || name === 'reversed' || name === 'set') && args.length === 1) {
          return this.item(args[0], depth + 1);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * Iterations of `while i < n: … i += step` (or `while i > n: … i -= step`), when `i` starts
   * from a known value just before the loop (or is a parameter with a known argument).
   */
  whileIterations(loop: PyNode): number | undefined {
    const source = this.unit.module.source;
    const condition = childByField(loop, 'condition');
    const body = childByField(loop, 'body');
    if (!condition || !body || condition.type !== 'comparison_operator') return undefined;
    const [left, right] = namedChildren(condition);
    const operator = condition.children.find((child) => child.field === 'operators')?.type;
    if (!left || !right || left.type !== 'identifier' || namedChildren(condition).length !== 2) return undefined;
    const name = textOf(source, left);
    const limit = this.number(right);
    const steps = [...descendants(body)].filter((node) => (node.type === 'augmented_assignment' || node.type === 'assignment') && textOf(source, childByField(node, 'left') ?? node) === name);
    if (limit === undefined || steps.length !== 1 || steps[0].type !== 'augmented_assignment') return undefined;
    const stepOperator = textOf(source, childByField(steps[0], 'operator') ?? steps[0]);
    const step = this.number(childByField(steps[0], 'right'));
    const start = this.initialValue(name, loop);
    if (step === undefined || step <= 0 || start === undefined) return undefined;
    const upward = (operator === '<' || operator === '<=') && stepOperator === '+=';
    const downward = (operator === '>' || operator === '>=') && stepOperator === '-=';
    if (!upward && !downward) return undefined;
    const span = upward ? limit - start : start - limit;
    const inclusive = operator === '<=' || operator === '>=' ? 1 : 0;
    return Math.max(0, Math.ceil(span / step) + inclusive);
  }

  /** The value `name` holds when `loop` starts: its last plain assignment before the loop, or its argument. */
  private initialValue(name: string, loop: PyNode): number | undefined {
    const source = this.unit.module.source;
    const block = loop.parent;
    const statements = block ? namedChildren(block) : [];
    for (let index = statements.findIndex((statement) => sameNode(statement, loop)) - 1; index >= 0; index--) {
      const statement = statements[index];
      const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
      const left = assignment?.type === 'assignment' ? childByField(assignment, 'left') : undefined;
      if (left?.type === 'identifier' && textOf(source, left) === name) return this.number(childByField(assignment as PyNode, 'right'));
      if (left && textOf(source, left).split(/[\s,()]+/).includes(name)) return undefined;
    }
    return this.env.get(name)?.value;
  }

  /** A number or a sequence, as one item of an iterable. */
  private scalar(node: PyNode, depth: number): KnownValue | undefined {
    const value = this.number(node, depth);
    const length = this.length(node, depth);
    if (value === undefined && length === undefined) return undefined;
    const item = this.item(node, depth);
    return { value, length, ...(item ? { item } : {}) };
  }

  /**
   * A loop variable (`for n in NUMS`, `[f(n) for n in range(N)]`) stands for the largest item of
   * what it iterates over; `pick` reads the wanted fact from that item.
   */
  private loopVariable(node: PyNode, pick: (iterable: PyNode) => KnownValue | undefined): KnownValue | undefined {
    const name = textOf(this.unit.module.source, node);
    for (let current = node.parent, child: PyNode = node; current; child = current, current = current.parent) {
      if (SCOPE_TYPES.has(current.type)) return undefined;
      const clauses =
        current.type === 'for_statement'
          ? sameNode(childByField(current, 'body'), child) ? [current] : []
          : COMPREHENSION_TYPES.has(current.type)
            ? current.children.filter((part) => part.type === 'for_in_clause')
            : [];
      for (const clause of clauses) {
        const left = childByField(clause, 'left');
        const right = childByField(clause, 'right');
        if (left?.type === 'identifier' && right && textOf(this.unit.module.source, left) === name) return pick(right);
      }
    }
    return undefined;
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
        // a name assigned once in this very function reads the same argument values
        if (constant) return this.evaluatorIn(constant.unit).length(constant.node, depth + 1);
        return this.loopVariable(node, (iterable) => this.item(iterable, depth + 1))?.length;
      }
      case 'binary_operator':
        // `[x] * 4` has 4 items; `a + b` the items of both
        return this.combinedMeasure(node, depth, (part, next) => this.length(part, next));
      case 'call':
        return this.callLength(node, depth);
      case 'list_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        // one item per item of its one `for`, when no `if` drops any
        const clauses = node.children.filter((child) => child.type === 'for_in_clause');
        if (clauses.length !== 1 || node.children.some((child) => child.type === 'if_clause')) return undefined;
        return this.length(childByField(clauses[0], 'right'), depth + 1);
      }
      default:
        return undefined;
    }
  }

  /**
   * `a + b` measures both sides together, `a * n` (or `n * a`) the measured side n times; `measure`
   * is `length` or `bytes`. Undefined when a part is unknown. (An integer literal has neither a
   * length nor bytes, so the side that has a measure is the repeated one.)
   */
  private combinedMeasure(node: PyNode, depth: number, measure: (part: PyNode | undefined, depth: number) => number | undefined): number | undefined {
    const { symbol, left, right } = binaryParts(this.unit.module.source, node);
    if (symbol === '+') {
      const [a, b] = [measure(left, depth + 1), measure(right, depth + 1)];
      return a === undefined || b === undefined ? undefined : a + b;
    }
    if (symbol !== '*') return undefined;
    const leftMeasure = measure(left, depth + 1);
    const [unit, times] = leftMeasure !== undefined ? [leftMeasure, this.number(right, depth + 1)] : [measure(right, depth + 1), this.number(left, depth + 1)];
    return unit === undefined || times === undefined ? undefined : unit * Math.max(0, times);
  }

  /**
   * Bytes of text or binary data a value holds, when the code shows its size: a literal, an
   * f-string (its text and a short value per substitution), a literal repeated (`"ab" * n`), a
   * join of a sequence of known length and item size, `bytes(n)`, `s.encode()`. Undefined when
   * the code does not say (a parameter, data read).
   */
  bytes(node: PyNode | undefined, depth = 0): number | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    const source = this.unit.module.source;
    switch (node.type) {
      case 'string':
        return literalBytes(textOf(source, node));
      case 'concatenated_string': {
        const parts = namedChildren(node).map((part) => this.bytes(part, depth + 1));
        return parts.some((part) => part === undefined) ? undefined : (parts as number[]).reduce((a, b) => a + b, 0);
      }
      case 'parenthesized_expression':
        return this.bytes(namedChildren(node)[0], depth + 1);
      case 'identifier': {
        const constant = this.constant(textOf(source, node));
        return constant ? this.evaluatorIn(constant.unit).bytes(constant.node, depth + 1) : undefined;
      }
      case 'binary_operator':
        return this.combinedMeasure(node, depth, (part, next) => this.bytes(part, next));
      case 'call':
        return this.callBytes(node, depth);
      default:
        return undefined;
    }
  }

  private callBytes(node: PyNode, depth: number): number | undefined {
    const fn = childByField(node, 'function');
    const args = argumentsOf(node);
    const source = this.unit.module.source;
    if (fn?.type === 'identifier') {
      const name = textOf(source, fn);
      return (name === 'bytes' || name === 'bytearray') && args.length === 1 && args[0].type !== 'string' ? this.number(args[0], depth + 1) : undefined;
    }
    if (fn?.type !== 'attribute') return undefined;
    const method = textOf(source, childByField(fn, 'attribute') ?? fn);
    const receiver = childByField(fn, 'object');
    if (method === 'encode' || method === 'decode') return this.bytes(receiver, depth + 1);
    if (method !== 'join' || args.length !== 1) return undefined;
    const separator = this.bytes(receiver, depth + 1);
    const count = this.length(args[0], depth + 1);
    if (separator === undefined || count === undefined) return undefined;
    return count * (this.itemBytes(args[0], depth + 1) + separator);
  }

  /** Bytes of one item of a sequence joined: the element of a comprehension, the items of a literal; a short value otherwise. */
  private itemBytes(sequence: PyNode, depth: number): number {
    if (COMPREHENSION_TYPES.has(sequence.type)) {
      const element = childByField(sequence, 'body') ?? namedChildren(sequence)[0];
      return this.bytes(element, depth + 1) ?? SHORT_VALUE_BYTES;
    }
    if (sequence.type === 'list' || sequence.type === 'tuple') {
      const items = namedChildren(sequence);
      return items.length === 0 ? 0 : items.reduce((total, item) => total + (this.bytes(item, depth + 1) ?? SHORT_VALUE_BYTES), 0) / items.length;
    }
    const constant = sequence.type === 'identifier' ? this.constant(textOf(this.unit.module.source, sequence)) : undefined;
    return constant ? this.evaluatorIn(constant.unit).itemBytes(constant.node, depth + 1) : SHORT_VALUE_BYTES;
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

  private identifier(node: PyNode, depth: number): number | undefined {
    const name = textOf(this.unit.module.source, node);
    const known = this.env.get(name);
    if (known) return known.value;
    const constant = this.constant(name);
    if (constant) return new BoundEvaluator(constant.unit, EMPTY_ENV).number(constant.node, depth + 1);
    return this.loopVariable(node, (iterable) => this.item(iterable, depth + 1))?.value;
  }

  /**
   * The evaluator that reads a constant's definition: this one inside its own function (where the
   * argument values it was given still apply), a fresh one with no arguments in the enclosing
   * function or module that defines it.
   */
  private evaluatorIn(unit: FunctionUnit): BoundEvaluator {
    return unit === this.unit ? this : new BoundEvaluator(unit, EMPTY_ENV);
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
      const known = values.filter((value): value is number => value !== undefined);
      // `min(len(data), 8)` is at most 8 whatever the data: the bound a loop over it runs to
      if (name === 'min' && known.length > 0) return Math.min(...known);
      if (known.length < values.length) return undefined;
      return Math.max(...known);
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

/** Bytes a short value takes written out (a number, a name) where the code does not show it. */
const SHORT_VALUE_BYTES = 6;

/** A literal's characters; an f-string's text plus a short value per substitution (`{i}`, `{x:.2f}`). */
function literalBytes(literal: string): number | undefined {
  const match = /^([a-zA-Z]*)('''|"""|'|")([\s\S]*)\2$/.exec(literal);
  if (!match) return undefined;
  if (!/f/i.test(match[1])) return match[3].length;
  let substitutions = 0;
  const text = match[3].replace(/\{\{|\}\}/g, 'x').replace(/\{[^{}]*\}/g, () => {
    substitutions++;
    return '';
  });
  return text.length + substitutions * SHORT_VALUE_BYTES;
}

function stringLength(literal: string): number | undefined {
  const match = /^[a-zA-Z]*('''|"""|'|")([\s\S]*)\1$/.exec(literal);
  return match ? match[2].length : undefined;
}

export function formatCount(value: number): string {
  if (value >= 1e15) return value.toExponential(1);
  return Math.round(value).toLocaleString('en-US');
}

/** A binary operator's symbol (empty when missing) and its operands. */
function binaryParts(source: { text: string }, node: PyNode): { symbol: string; left: PyNode | undefined; right: PyNode | undefined } {
  const op = childByField(node, 'operator');
  return { symbol: op ? textOf(source, op) : '', left: childByField(node, 'left'), right: childByField(node, 'right') };
}
