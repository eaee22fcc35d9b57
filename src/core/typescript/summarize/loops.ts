/** Loops and their bounds: how many times a loop runs, as a symbolic value, and its label. */
import type { ts } from 'ts-morph';
import { shorten } from '../naming';
import type { AwaitInLoop, Loop } from '../summary';
import { evaluateValue, formatCount, num, UNKNOWN, type ValueExpr } from '../values';
import { emptyBlock, enclosingFunctionOrFile, isArrayFrom, parseNumber, propertyName, rootIdentifier, skipOuterExpressions, T } from './syntax';
import type { FileState, Walker } from './state';
import type { LoopContext, Scopes } from './scopes';
import type { Expressions } from './expressions';

export class Loops {
  constructor(
    private readonly state: FileState,
    private readonly scopes: Scopes,
    private readonly expressions: Expressions,
    private readonly walker: Walker,
  ) {}

  visitLoop(node: ts.IterationStatement): void {
    const { bound, label } = this.loopBound(node);
    const loop: Loop = { line: this.state.lineOf(node), start: node.getStart(this.state.sf), bound, boundLabel: label, body: emptyBlock() };
    if (T.isForStatement(node)) loop.counted = true;
    if (T.isForStatement(node)) {
      if (node.initializer) this.walker.visit(node.initializer);
      this.bindCounterToItsLargestValue(node);
    } else if (T.isForOfStatement(node) || T.isForInStatement(node)) {
      this.walker.visit(node.expression);
      this.bindLoopVariable(node);
    }
    // after the initializer: `for (let i = 0, n = items.length; i < n; i++)` reads the input through `n`
    if (this.iteratesInput(node)) loop.overInput = true;
    const context: LoopContext = { loop, node, awaits: [] };
    this.enterLoop(context);
    if (T.isForStatement(node)) {
      if (node.condition) this.walker.visit(node.condition);
      if (node.incrementor) this.walker.visit(node.incrementor);
    } else if (T.isWhileStatement(node) || T.isDoStatement(node)) {
      this.walker.visit(node.expression);
    }
    this.walker.visit(node.statement);
    const sources = this.headerResults(node);
    if (sources.length > 0) loop.dataFrom = sources;
    // `for (;;) { const m = re.exec(text); if (!m) break; … }`: each turn takes the next match of a
    // global regular expression over the input, as `while ((m = re.exec(text)))` does in its header
    if (context.execsOverInput && this.scopes.frame.onceGuards === 0) loop.overInput = true;
    this.leaveLoop(context);
  }

  /**
   * Does the loop's header read the function's input data (what decides how often it runs)? Not
   * a loop that runs once per key of long-lived state (`if (!cache[key]) { for … }`: memoised),
   * a bisection (`while (low < high) { mid = (low + high) >> 1; … }`) or a loop halving its counter
   * (`while (n > 0) { …; n >>>= 1; }`): log n steps, nor one that
   * runs only while the current item equals a constant (`while (end > 0 && s.charCodeAt(end - 1)
   * === 47) end--`: over a run of that value, a trim, not the data), nor one over the fields of
   * an object (`for (key in options)`: a record's few fields, see `isRecordFields`).
   */
  private iteratesInput(node: ts.IterationStatement): boolean {
    if (this.scopes.frame.onceGuards > 0 || isBisection(node) || halvesItsCounter(node) || runsWhileItemEquals(node)) return false;
    if (T.isForStatement(node)) return node.condition !== undefined && this.expressions.readsInput(node.condition);
    // `for (key in options)`: the fields of a record, like `Object.keys(options)` (Expressions.readsInput)
    if (T.isForInStatement(node)) return false;
    if (T.isForOfStatement(node) || T.isWhileStatement(node) || T.isDoStatement(node)) {
      return this.expressions.readsInput(node.expression);
    }
    return false;
  }

  /** The calls whose results the loop's header reads: what decides how often it runs (see `Loop.dataFrom`). */
  private headerResults(node: ts.IterationStatement): string[] {
    if (T.isForInStatement(node)) return [];
    const header = T.isForStatement(node) ? node.condition
      : T.isForOfStatement(node) || T.isWhileStatement(node) || T.isDoStatement(node) ? node.expression : undefined;
    return header ? [...new Set(this.expressions.resultsIn(header))] : [];
  }

  enterLoop(context: LoopContext): void {
    this.scopes.block.loops.push(context.loop);
    this.scopes.frame.blocks.push(context.loop.body);
    this.scopes.frame.loops.push(context);
  }

  leaveLoop(context: LoopContext): void {
    this.scopes.frame.blocks.pop();
    this.scopes.frame.loops.pop();
    for (const entry of context.awaits) {
      entry.dependency ??= iterationDependency(context.node, entry, this.state.sf);
      this.scopes.frame.fn.awaitsInLoops.push(entry);
    }
  }

  private bindLoopVariable(node: ts.ForOfStatement | ts.ForInStatement): void {
    const initializer = node.initializer;
    if (!T.isVariableDeclarationList(initializer)) return;
    const iterated = T.isForOfStatement(node) ? this.expressions.valueOf(node.expression) : UNKNOWN;
    for (const declaration of initializer.declarations) {
      this.scopes.bind(declaration.name, { kind: 'value', expr: iterated.k === 'unknown' ? UNKNOWN : { k: 'elem', of: iterated } });
    }
  }

  /**
   * Inside `for (let i = 0; i < n; i++)`, `i` runs up to `n`: an inner loop bounded by `i`
   * (`for (let j = 0; j < i; j++)`, `d * d <= i`) is costed with that largest value, not with the
   * counter's start (which would make it run zero times) nor as unknown.
   */
  private bindCounterToItsLargestValue(node: ts.ForStatement): void {
    const range = this.counterRange(node);
    if (!range || !node.initializer || !T.isVariableDeclarationList(node.initializer)) return;
    const declaration = node.initializer.declarations.find((candidate) => T.isIdentifier(candidate.name) && candidate.name.text === range.counter);
    if (declaration) this.scopes.bind(declaration.name, { kind: 'value', expr: range.largest });
  }

  private loopBound(node: ts.IterationStatement): { bound: ValueExpr; label: string } {
    if (T.isForStatement(node)) return searchOfIdSpace(node, this.forStatementBound(node));
    if (T.isForOfStatement(node)) {
      if (node.awaitModifier) return { bound: UNKNOWN, label: 'the stream' };
      return this.lengthOf(node.expression);
    }
    if (T.isWhileStatement(node) || T.isDoStatement(node)) {
      const counted = this.countdownBound(node.expression);
      return counted.bound.k === 'unknown' ? this.countUpWhileBound(node) ?? counted : counted;
    }
    return { bound: UNKNOWN, label: 'the data' };
  }

  /**
   * `while (i < n) { …; i++; }`, `do { … i += 2; } while (i <= n)`: a counter compared with a
   * limit and stepped up in the body runs from its current value to the limit.
   */
  private countUpWhileBound(node: ts.WhileStatement | ts.DoStatement): { bound: ValueExpr; label: string } | undefined {
    const condition = skipOuterExpressions(node.expression);
    if (!T.isBinaryExpression(condition) || !T.isIdentifier(condition.left)) return undefined;
    const operator = condition.operatorToken.kind;
    if (operator !== T.SyntaxKind.LessThanToken && operator !== T.SyntaxKind.LessThanEqualsToken) return undefined;
    const counter = condition.left.text;
    const step = this.bodyStepOf(node.statement, counter);
    if (step === undefined) return undefined;
    const limit = this.expressions.valueOf(condition.right);
    if (limit.k === 'unknown') return undefined;
    const start = this.expressions.valueOf(condition.left);
    let bound: ValueExpr = start.k === 'unknown' ? limit : { k: 'bin', op: '-', a: limit, b: start };
    if (operator === T.SyntaxKind.LessThanEqualsToken) bound = { k: 'bin', op: '+', a: bound, b: num(1) };
    if (step !== 1) bound = { k: 'bin', op: '/', a: bound, b: num(step) };
    return { bound, label: limitLabel(condition.right, this.state.sf) };
  }

  /** The step of `counter++`, `++counter`, `counter += k` among a loop body's statements, if any. */
  private bodyStepOf(body: ts.Statement, counter: string): number | undefined {
    let step: number | undefined;
    const visit = (node: ts.Node): void => {
      if (step !== undefined || T.isFunctionLike(node)) return;
      if ((T.isPostfixUnaryExpression(node) || T.isPrefixUnaryExpression(node)) && node.operator === T.SyntaxKind.PlusPlusToken &&
        T.isIdentifier(node.operand) && node.operand.text === counter) step = 1;
      else if (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.PlusEqualsToken && T.isIdentifier(node.left) &&
        node.left.text === counter && T.isNumericLiteral(node.right)) step = Math.max(1, parseNumber(node.right.text));
      else node.forEachChild(visit);
    };
    visit(body);
    return step;
  }

  /** `while (i--)`, `while (n-- > 0)`, `while (--i)`: as many iterations as the counter's value. */
  private countdownBound(condition: ts.Expression): { bound: ValueExpr; label: string } {
    let node = skipOuterExpressions(condition);
    if (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.GreaterThanToken &&
      T.isNumericLiteral(node.right) && parseNumber(node.right.text) === 0) {
      node = skipOuterExpressions(node.left);
    }
    const decrement = (T.isPostfixUnaryExpression(node) || T.isPrefixUnaryExpression(node)) && node.operator === T.SyntaxKind.MinusMinusToken;
    const counter = decrement ? (node as ts.PostfixUnaryExpression | ts.PrefixUnaryExpression).operand : undefined;
    if (!counter || !T.isIdentifier(counter)) return { bound: UNKNOWN, label: 'the data' };
    const value = this.expressions.valueOf(counter);
    return value.k === 'unknown' ? { bound: UNKNOWN, label: counter.text } : { bound: value, label: counter.text };
  }

  /**
   * `for (let i = a; i < b; i++)`, `for (i = a; ...)`, `i += s`, `i <= b`, counting down, and a
   * condition with extra stop clauses (`i < n && !found`: at most n).
   */
  private counterRange(node: ts.ForStatement): { counter: string; largest: ValueExpr } | undefined {
    const { counter, largest } = this.forStatementBound(node);
    return counter && largest && largest.k !== 'unknown' ? { counter, largest } : undefined;
  }

  private forStatementBound(node: ts.ForStatement): { bound: ValueExpr; label: string; counter?: string; largest?: ValueExpr } {
    const unknown = { bound: UNKNOWN, label: 'the data' };
    const initializer = node.initializer;
    if (!node.condition) return unknown;
    // a counter's start, when the loop sets it (undefined: carried over from before the loop)
    const starts = new Map<string, ts.Expression | undefined>();
    if (!initializer) {
      // no start of its own
    } else if (T.isVariableDeclarationList(initializer)) {
      for (const declaration of initializer.declarations) {
        if (declaration.initializer && T.isIdentifier(declaration.name)) starts.set(declaration.name.text, declaration.initializer);
      }
    } else {
      const assignments: ts.Expression[] = [];
      const collect = (expression: ts.Expression): void => {
        const inner = skipOuterExpressions(expression);
        if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.CommaToken) {
          collect(inner.left);
          collect(inner.right);
        } else {
          assignments.push(inner);
        }
      };
      collect(initializer);
      for (const assignment of assignments) {
        if (T.isBinaryExpression(assignment) && assignment.operatorToken.kind === T.SyntaxKind.EqualsToken && T.isIdentifier(assignment.left)) {
          starts.set(assignment.left.text, assignment.right);
        }
      }
    }
    const clauses: ts.Expression[] = [];
    const split = (expression: ts.Expression): void => {
      const inner = skipOuterExpressions(expression);
      if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.AmpersandAmpersandToken) {
        split(inner.left);
        split(inner.right);
      } else {
        clauses.push(inner);
      }
    };
    split(node.condition);
    // `for (; i < 64; ++i)` after `for (i = 0; i < 16; ++i)`: a counter stepped here, started before
    for (const name of steppedCounters(node.incrementor)) if (!starts.has(name)) starts.set(name, undefined);
    const condition = clauses.find((clause): clause is ts.BinaryExpression =>
      T.isBinaryExpression(clause) && counterOf(clause.left, starts) !== undefined);
    if (!condition) return unknown;
    const counter = counterOf(condition.left, starts)!;
    const squared = !T.isIdentifier(skipOuterExpressions(condition.left));
    const written = this.expressions.valueOf(condition.right);
    // `d * d <= n`: the counter runs up to the square root of the limit
    const limit: ValueExpr = squared && written.k !== 'unknown' ? { k: 'bin', op: '**', a: written, b: num(0.5) } : written;
    const startExpression = starts.get(counter);
    const start = startExpression ? this.expressions.valueOf(startExpression) : UNKNOWN;
    const step = this.stepOf(node.incrementor, counter);
    const operator = condition.operatorToken.kind;
    const inclusive = operator === T.SyntaxKind.LessThanEqualsToken || operator === T.SyntaxKind.GreaterThanEqualsToken;
    const countingUp = operator === T.SyntaxKind.LessThanToken || operator === T.SyntaxKind.LessThanEqualsToken;
    const counting = countingUp
      // from an unknown start counting up to a known limit: at most the limit
      ? (start.k === 'unknown' ? limit : { k: 'bin', op: '-', a: limit, b: start } as ValueExpr)
      : operator === T.SyntaxKind.GreaterThanToken || operator === T.SyntaxKind.GreaterThanEqualsToken
        ? { k: 'bin', op: '-', a: start, b: limit } as ValueExpr
        : undefined;
    if (!counting || limit.k === 'unknown') return unknown;
    let bound: ValueExpr = inclusive ? { k: 'bin', op: '+', a: counting, b: num(1) } : counting;
    if (step !== 1) bound = { k: 'bin', op: '/', a: bound, b: num(step) };
    return { bound, label: limitLabel(condition.right, this.state.sf), counter, largest: countingUp ? limit : start };
  }

  private stepOf(incrementor: ts.Expression | undefined, counter: string): number {
    if (!incrementor) return 1;
    const text = incrementor.getText(this.state.sf).replace(/\s+/g, '');
    const match = new RegExp(`^${counter}(?:\\+=|-=)(\\d[\\d_]*)$`).exec(text);
    return match ? Math.max(1, parseNumber(match[1])) : 1;
  }

  /** The number of elements of an iterated expression, and the iterated value itself. */
  lengthOf(expression: ts.Expression): { bound: ValueExpr; label: string; value?: ValueExpr } {
    const value = this.expressions.valueOf(expression);
    const label = shorten(expression.getText(this.state.sf));
    if (value.k === 'arr') return { bound: num(value.items.length), label, value };
    if (value.k === 'grown') return { bound: value.length, label, value };
    if (value.k === 'param' || value.k === 'elem') return { bound: { k: 'len', of: value }, label, value };
    const inner = skipOuterExpressions(expression);
    // an array-like `{ length: n }` (the source of `Array.from({ length: n }, fn)`)
    const arrayLike = T.isObjectLiteralExpression(inner)
      ? inner.properties.find((property): property is ts.PropertyAssignment => T.isPropertyAssignment(property) && propertyName(property.name) === 'length')
      : undefined;
    if (arrayLike) return { bound: this.expressions.valueOf(arrayLike.initializer), label: shorten(arrayLike.initializer.getText(this.state.sf)) };
    // Array.from({ length: n }), new Array(n), Array(n).fill()
    const lengthExpression = arrayConstructionLength(inner);
    if (lengthExpression) {
      const length = this.expressions.valueOf(lengthExpression);
      return { bound: length, label: shorten(lengthExpression.getText(this.state.sf)), value: this.filledArray(inner, length) };
    }
    return { bound: UNKNOWN, label };
  }

  /** `Array(4).fill(N)`: four copies of N, so `.map((n) => f(n))` passes N to every call. */
  private filledArray(node: ts.Expression, length: ValueExpr): ValueExpr | undefined {
    if (length.k !== 'num' || length.v > MAX_FILLED_ITEMS || !T.isCallExpression(node)) return undefined;
    if (!T.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 'fill' || node.arguments.length !== 1) return undefined;
    const item = this.expressions.valueOf(node.arguments[0]);
    return item.k === 'unknown' ? undefined : { k: 'arr', items: Array.from({ length: length.v }, () => item) };
  }
}

/** The loop's condition: the `while`/`do` expression or the `for` condition. */
function conditionOf(node: ts.IterationStatement): ts.Expression | undefined {
  if (T.isForStatement(node)) return node.condition;
  if (T.isWhileStatement(node) || T.isDoStatement(node)) return node.expression;
  return undefined;
}

function conjunctsOf(condition: ts.Expression): ts.Expression[] {
  const inner = skipOuterExpressions(condition);
  if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.AmpersandAmpersandToken) {
    return [...conjunctsOf(inner.left), ...conjunctsOf(inner.right)];
  }
  return [inner];
}

/**
 * `while (low < high)` (or `<=`) whose body halves the range: it takes the midpoint of the two
 * names compared (`(low + high) >> 1`, `>>> 1`, `Math.floor((low + high) / 2)`).
 */
function isBisection(node: ts.IterationStatement): boolean {
  const condition = conditionOf(node);
  const test = condition && skipOuterExpressions(condition);
  if (!test || !T.isBinaryExpression(test) || !T.isIdentifier(test.left) || !T.isIdentifier(test.right)) return false;
  const bounds = new Set([test.left.text, test.right.text]);
  let halves = false;
  const isSumOfBounds = (expression: ts.Expression): boolean => {
    const sum = skipOuterExpressions(expression);
    return T.isBinaryExpression(sum) && sum.operatorToken.kind === T.SyntaxKind.PlusToken &&
      T.isIdentifier(sum.left) && T.isIdentifier(sum.right) && bounds.has(sum.left.text) && bounds.has(sum.right.text);
  };
  const visit = (child: ts.Node): void => {
    if (halves || T.isFunctionLike(child)) return;
    if (T.isBinaryExpression(child) && isSumOfBounds(child.left) && T.isNumericLiteral(child.right) &&
      ((child.operatorToken.kind === T.SyntaxKind.SlashToken && child.right.text === '2') ||
        ((child.operatorToken.kind === T.SyntaxKind.GreaterThanGreaterThanToken || child.operatorToken.kind === T.SyntaxKind.GreaterThanGreaterThanGreaterThanToken) && child.right.text === '1'))) {
      halves = true;
      return;
    }
    T.forEachChild(child, visit);
  };
  visit(node.statement);
  return halves;
}

/** `while (n > 0) { …; n >>>= 1; }`: the body halves (shifts right, divides by 2) a name the condition tests. */
function halvesItsCounter(node: ts.IterationStatement): boolean {
  const condition = conditionOf(node);
  if (!condition) return false;
  const tested = new Set<string>();
  const collect = (child: ts.Node): void => {
    if (T.isIdentifier(child)) tested.add(child.text);
    T.forEachChild(child, collect);
  };
  collect(condition);
  const halving = new Set([T.SyntaxKind.GreaterThanGreaterThanEqualsToken, T.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken, T.SyntaxKind.SlashEqualsToken]);
  let halves = false;
  const visit = (child: ts.Node): void => {
    if (halves || T.isFunctionLike(child)) return;
    if (T.isBinaryExpression(child) && halving.has(child.operatorToken.kind) && T.isIdentifier(child.left) && tested.has(child.left.text) &&
      T.isNumericLiteral(child.right) && (child.operatorToken.kind === T.SyntaxKind.SlashEqualsToken ? child.right.text === '2' : child.right.text !== '0')) {
      halves = true;
      return;
    }
    T.forEachChild(child, visit);
  };
  visit(node.statement);
  if (T.isForStatement(node) && node.incrementor) visit(node.incrementor);
  return halves;
}

/** A condition that goes on only while the current item equals a constant (`s[i] === ' '`, `s.charCodeAt(i) == 47`). */
function runsWhileItemEquals(node: ts.IterationStatement): boolean {
  const condition = conditionOf(node);
  if (!condition) return false;
  return conjunctsOf(condition).some((clause) => {
    if (!T.isBinaryExpression(clause)) return false;
    const operator = clause.operatorToken.kind;
    if (operator !== T.SyntaxKind.EqualsEqualsEqualsToken && operator !== T.SyntaxKind.EqualsEqualsToken) return false;
    const sides = [skipOuterExpressions(clause.left), skipOuterExpressions(clause.right)];
    const constant = sides.some((side) => T.isNumericLiteral(side) || T.isStringLiteral(side));
    const item = sides.some((side) => T.isElementAccessExpression(side) ||
      (T.isCallExpression(side) && T.isPropertyAccessExpression(side.expression) && /^(charCodeAt|charAt|codePointAt|readUInt8|at)$/.test(side.expression.name.text)));
    return constant && item;
  });
}

/** Filled arrays longer than this are not spelled out item by item (their length still bounds loops). */
const MAX_FILLED_ITEMS = 1000;

// ------------------------------------------------------------------ helpers

/** The loop counter a condition's left side reads: `i`, or `i * i` / `i ** 2` (a square-root bound). */
/** The names a `for` loop's incrementor steps (`i++`, `--j`, `i += 2, j -= 1`). */
function steppedCounters(incrementor: ts.Expression | undefined): string[] {
  const names: string[] = [];
  const visit = (expression: ts.Expression): void => {
    const inner = skipOuterExpressions(expression);
    if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.CommaToken) {
      visit(inner.left);
      visit(inner.right);
    } else if ((T.isPostfixUnaryExpression(inner) || T.isPrefixUnaryExpression(inner)) && T.isIdentifier(inner.operand) &&
      (inner.operator === T.SyntaxKind.PlusPlusToken || inner.operator === T.SyntaxKind.MinusMinusToken)) {
      names.push(inner.operand.text);
    } else if (T.isBinaryExpression(inner) && T.isIdentifier(inner.left) &&
      (inner.operatorToken.kind === T.SyntaxKind.PlusEqualsToken || inner.operatorToken.kind === T.SyntaxKind.MinusEqualsToken)) {
      names.push(inner.left.text);
    }
  };
  if (incrementor) visit(incrementor);
  return names;
}

function counterOf(expression: ts.Expression, starts: ReadonlyMap<string, ts.Expression | undefined>): string | undefined {
  const inner = skipOuterExpressions(expression);
  if (T.isIdentifier(inner)) return starts.has(inner.text) ? inner.text : undefined;
  if (!T.isBinaryExpression(inner) || !T.isIdentifier(inner.left) || !starts.has(inner.left.text)) return undefined;
  const square = inner.operatorToken.kind === T.SyntaxKind.AsteriskToken && T.isIdentifier(inner.right) && inner.right.text === inner.left.text;
  const power = inner.operatorToken.kind === T.SyntaxKind.AsteriskAsteriskToken && T.isNumericLiteral(inner.right) && inner.right.text === '2';
  return square || power ? inner.left.text : undefined;
}

function arrayConstructionLength(node: ts.Expression): ts.Expression | undefined {
  if (T.isCallExpression(node) && isArrayFrom(node)) {
    const source = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
    if (source && T.isObjectLiteralExpression(source)) {
      const lengthProperty = source.properties.find((property) => T.isPropertyAssignment(property) && propertyName(property.name) === 'length');
      return lengthProperty && T.isPropertyAssignment(lengthProperty) ? lengthProperty.initializer : undefined;
    }
  }
  if ((T.isNewExpression(node) || T.isCallExpression(node)) && T.isIdentifier(node.expression) && node.expression.text === 'Array') {
    return node.arguments?.length === 1 ? node.arguments[0] : undefined;
  }
  if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && /^(fill|keys)$/.test(node.expression.name.text)) {
    return arrayConstructionLength(skipOuterExpressions(node.expression.expression));
  }
  return undefined;
}

export function nLogN(bound: ValueExpr): ValueExpr {
  return { k: 'bin', op: '*', a: bound, b: num(17) };
}

function limitLabel(expression: ts.Expression, sf: ts.SourceFile): string {
  if (T.isNumericLiteral(expression)) return formatCount(parseNumber(expression.text));
  return shorten(expression.getText(sf));
}

/**
 * Why one iteration's await might depend on the previous one, or is not per item at all;
 * undefined when iterations look independent. Deliberately conservative: a false "sequential
 * awaits" finding is worse than a missed one, because the fix would change behaviour.
 */
function iterationDependency(loopNode: ts.Node, entry: AwaitInLoop, sf: ts.SourceFile): string | undefined {
  if (T.isWhileStatement(loopNode) || T.isDoStatement(loopNode)) return 'a while loop usually waits for a condition the previous iteration set';
  if (T.isForOfStatement(loopNode) && loopNode.awaitModifier) return 'for await consumes a stream in order';
  if (inCatchClause(loopNode)) return 'clean-up in a catch block: it runs when something failed, not per item of the work';
  const body = T.isIterationStatement(loopNode, false) ? loopNode.statement : loopNode;
  const names = iterationNames(loopNode, body);
  const awaited = findAwait(body, entry.start, sf);
  if (awaited) {
    const call = skipOuterExpressions(awaited.expression);
    if (!mentionsAny(awaited.expression, new Set([...names.declared, ...names.assigned]))) return 'the awaited call is the same in every iteration (it uses nothing of the item)';
    if (T.isCallExpression(call) && callsTheItem(call.expression, names.declared)) return 'each item is a step called in turn: a pipeline whose steps run in order';
    if (bracketedByCallerHooks(loopNode, body, awaited)) return "each iteration calls the caller's callbacks before and after its await: they see the items one at a time, in order";
  }
  if (!T.isFunctionLike(loopNode) && exitsEarly(body, names)) return 'the loop may stop early depending on a result';
  const carried = [...names.assigned].filter((name) => !names.declared.has(name));
  if (carried.length > 0) return `each iteration updates ${carried[0]}, which the next one may read`;
  const member = carriedMember(loopNode, body, names, sf);
  if (member) return `each iteration updates ${member}, which the next one may read`;
  const awaitedText = sf.text.slice(entry.start, entry.end);
  if (/\b(sleep|delay|wait|setTimeout|backoff|throttle)\b/i.test(awaitedText)) return 'the await is a deliberate delay';
  return undefined;
}

interface IterationNames {
  /** names each iteration binds afresh: the loop variables, the counter, declarations in the body */
  declared: Set<string>;
  /** names the body assigns */
  assigned: Set<string>;
}

function iterationNames(loopNode: ts.Node, body: ts.Node): IterationNames {
  const declared = new Set<string>();
  const assigned = new Set<string>();
  const header = T.isForOfStatement(loopNode) || T.isForInStatement(loopNode) || T.isForStatement(loopNode) ? loopNode.initializer : undefined;
  if (header && T.isVariableDeclarationList(header)) header.declarations.forEach((declaration) => bindingNames(declaration.name, declared));
  else if (header) collectAssignedTargets(header, declared);
  if (T.isFunctionLike(loopNode)) loopNode.parameters.forEach((parameter) => bindingNames(parameter.name, declared));
  // the counter is assigned by the incrementor, which is expected
  if (T.isForStatement(loopNode) && loopNode.incrementor) collectAssignedTargets(loopNode.incrementor, declared);
  const visit = (node: ts.Node): void => {
    if (T.isVariableDeclaration(node)) bindingNames(node.name, declared);
    if (T.isBinaryExpression(node) && node.operatorToken.kind >= T.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= T.SyntaxKind.LastAssignment && T.isIdentifier(node.left)) {
      assigned.add(node.left.text);
    }
    if ((T.isPrefixUnaryExpression(node) || T.isPostfixUnaryExpression(node)) && T.isIdentifier(node.operand)) {
      assigned.add(node.operand.text);
    }
    T.forEachChild(node, visit);
  };
  T.forEachChild(body, visit);
  return { declared, assigned };
}

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (T.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (!T.isOmittedExpression(element)) bindingNames(element.name, into);
  }
}

/** `i` in `i++`, `i = 0`, `[a, b] = pair`: names an expression assigns. */
function collectAssignedTargets(node: ts.Node, into: Set<string>): void {
  if ((T.isPrefixUnaryExpression(node) || T.isPostfixUnaryExpression(node)) && T.isIdentifier(node.operand)) into.add(node.operand.text);
  if (T.isBinaryExpression(node) && node.operatorToken.kind >= T.SyntaxKind.FirstAssignment && node.operatorToken.kind <= T.SyntaxKind.LastAssignment) {
    T.forEachChild(node.left, function names(child) {
      if (T.isIdentifier(child)) into.add(child.text);
      else T.forEachChild(child, names);
    });
    if (T.isIdentifier(node.left)) into.add(node.left.text);
  }
  if (T.isIdentifier(node)) into.add(node.text);
  T.forEachChild(node, (child) => collectAssignedTargets(child, into));
}

function findAwait(body: ts.Node, start: number, sf: ts.SourceFile): ts.AwaitExpression | undefined {
  let found: ts.AwaitExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (T.isAwaitExpression(node) && node.getStart(sf) === start) found = node;
    else T.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/**
 * The loop's body calls callbacks its function was handed (`before(file)`, then `await
 * load(file)`, then `after(file, result)`): hooks around each item whose contract is the caller's,
 * who may rely on seeing one item at a time, in order (a test runner registering suites file by
 * file). Only a call on its own statement counts: its result is not used, it is there for its effect.
 */
function bracketedByCallerHooks(loopNode: ts.Node, body: ts.Node, awaited: ts.AwaitExpression): boolean {
  const fn = enclosingFunctionOrFile(loopNode);
  if (!fn || !T.isFunctionLike(fn)) return false;
  const parameters = new Set<string>();
  fn.parameters.forEach((parameter) => bindingNames(parameter.name, parameters));
  let before = false;
  let after = false;
  const visit = (node: ts.Node): void => {
    if (T.isFunctionLike(node)) return;
    if (T.isExpressionStatement(node) && T.isCallExpression(node.expression) && T.isIdentifier(node.expression.expression) && parameters.has(node.expression.expression.text)) {
      if (node.end <= awaited.pos) before = true;
      else if (node.pos >= awaited.end) after = true;
    }
    T.forEachChild(node, visit);
  };
  T.forEachChild(body, visit);
  return before && after;
}

/** The expression reads one of the names (not as a property name: `x.item` does not read `item`). */
function mentionsAny(expression: ts.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (T.isIdentifier(node) && names.has(node.text) && !isPropertyName(node)) found = true;
    else T.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (T.isPropertyAccessExpression(parent) && parent.name === node) || (T.isPropertyAssignment(parent) && parent.name === node);
}

/**
 * A counted range this large is the size of an integer id space (2^31 or more values), not an
 * amount of work: no program runs it through on its event loop (it would take seconds).
 */
const ID_SPACE_SIZE = 2 ** 31 - 1;

/**
 * A loop over a constant range of the size of an id space that its first match ends (`for (let i
 * = 0; i < MAX_ID; ++i) if (slots[i] === undefined) { id = i; break; }`: a search for a free id)
 * runs until that match, which the code does not show: its count is unknown, not the range.
 */
function searchOfIdSpace(node: ts.ForStatement, found: { bound: ValueExpr; label: string }): { bound: ValueExpr; label: string } {
  const size = evaluateValue(found.bound, []);
  if (typeof size !== 'number' || size < ID_SPACE_SIZE) return found;
  if (!exitsEarly(node.statement, iterationNames(node, node.statement))) return found;
  return { bound: UNKNOWN, label: `${found.label} ids, up to the first match` };
}

/** The loop is in a `catch` block of its own function: an error path. */
function inCatchClause(loopNode: ts.Node): boolean {
  for (let current = loopNode.parent; current && !T.isFunctionLike(current) && !T.isSourceFile(current); current = current.parent) {
    if (T.isCatchClause(current)) return true;
  }
  return false;
}

/** The called function is the item (`for (const step of steps) await step(req)`, `await steps[i](req)`). */
function callsTheItem(callee: ts.Expression, names: ReadonlySet<string>): boolean {
  const target = skipOuterExpressions(callee);
  if (T.isIdentifier(target)) return names.has(target.text);
  return T.isElementAccessExpression(target) && mentionsAny(target.argumentExpression, names);
}

/**
 * The loop can end before its last item: a `return` or a `throw` that leaves it (not one inside a
 * nested function, nor a throw a try block inside the loop catches), a `break` of this loop or a
 * labelled one. An exit only taken under a condition fixed before the loop (a mode set by the
 * caller: `if (renderSingle) return file`) does not tie the iterations together in the other mode.
 */
function exitsEarly(body: ts.Node, names: IterationNames): boolean {
  let exits = false;
  const visit = (node: ts.Node, loopDepth: number, caught: boolean): void => {
    if (exits || T.isFunctionLike(node) || T.isClassLike(node)) return;
    const leaves =
      T.isReturnStatement(node) ||
      (T.isThrowStatement(node) && !caught) ||
      (T.isBreakStatement(node) && (node.label !== undefined || loopDepth === 0));
    if (leaves && !underFixedCondition(node, body, names)) {
      exits = true;
      return;
    }
    if (T.isTryStatement(node) && node.catchClause) {
      visit(node.tryBlock, loopDepth, true);
      visit(node.catchClause, loopDepth, caught);
      if (node.finallyBlock) visit(node.finallyBlock, loopDepth, caught);
      return;
    }
    const inner = T.isIterationStatement(node, false) || T.isSwitchStatement(node) ? loopDepth + 1 : loopDepth;
    T.forEachChild(node, (child) => visit(child, inner, caught));
  };
  visit(body, 0, false);
  return exits;
}

/**
 * Some `if` between the exit and the loop body tests only names the loop neither binds nor
 * assigns (for the `then` branch, one operand of a top-level `&&` is enough).
 */
function underFixedCondition(exit: ts.Node, body: ts.Node, names: IterationNames): boolean {
  let child: ts.Node = exit;
  for (let current = exit.parent; current && current !== body; child = current, current = current.parent) {
    if (!T.isIfStatement(current) || child === current.expression) continue;
    const tested = child === current.thenStatement ? conjuncts(current.expression) : [current.expression];
    if (tested.some((condition) => isFixedCondition(condition, names))) return true;
  }
  return false;
}

function conjuncts(condition: ts.Expression): ts.Expression[] {
  const inner = skipOuterExpressions(condition);
  if (T.isBinaryExpression(inner) && inner.operatorToken.kind === T.SyntaxKind.AmpersandAmpersandToken) {
    return [...conjuncts(inner.left), ...conjuncts(inner.right)];
  }
  return [inner];
}

function isFixedCondition(condition: ts.Expression, names: IterationNames): boolean {
  let fixed = true;
  let readsSomething = false;
  const visit = (node: ts.Node): void => {
    if (!fixed) return;
    if (T.isCallExpression(node) || T.isNewExpression(node) || T.isAwaitExpression(node) || T.isFunctionLike(node)) {
      fixed = false;
      return;
    }
    if (node.kind === T.SyntaxKind.ThisKeyword) readsSomething = true;
    if (T.isIdentifier(node) && !isPropertyName(node)) {
      readsSomething = true;
      if (names.declared.has(node.text) || names.assigned.has(node.text)) fixed = false;
    }
    T.forEachChild(node, visit);
  };
  visit(condition);
  return fixed && readsSomething;
}

/**
 * A member of state outside the loop that the body both writes and reads (`seen[name]` checked,
 * then set): the next iteration may read what this one wrote. A slot indexed by the loop's
 * counter or key (`files[i] = entry`) belongs to its own iteration.
 */
function carriedMember(loopNode: ts.Node, body: ts.Node, names: IterationNames, sf: ts.SourceFile): string | undefined {
  const ownSlots = uniqueKeys(loopNode);
  const written = new Map<string, string>();
  const targets = new Set<ts.Node>();
  const accesses: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (T.isBinaryExpression(node) && node.operatorToken.kind >= T.SyntaxKind.FirstAssignment && node.operatorToken.kind <= T.SyntaxKind.LastAssignment) {
      const target = skipOuterExpressions(node.left);
      if ((T.isPropertyAccessExpression(target) || T.isElementAccessExpression(target)) && !startsInsideLoop(target, names) && !isOwnSlot(target, ownSlots)) {
        written.set(memberKey(target, sf), target.getText(sf));
        targets.add(target);
      }
    }
    if (T.isPropertyAccessExpression(node) || T.isElementAccessExpression(node)) accesses.push(node);
    T.forEachChild(node, visit);
  };
  T.forEachChild(body, visit);
  if (written.size === 0) return undefined;
  for (const access of accesses) {
    if (targets.has(access)) continue;
    const text = written.get(memberKey(access as ts.PropertyAccessExpression | ts.ElementAccessExpression, sf));
    if (text) return text;
  }
  return undefined;
}

/** Names whose value differs in every iteration: a `for` statement's counter, a `for in` key. */
function uniqueKeys(loopNode: ts.Node): Set<string> {
  const keys = new Set<string>();
  if ((T.isForStatement(loopNode) || T.isForInStatement(loopNode)) && loopNode.initializer && T.isVariableDeclarationList(loopNode.initializer)) {
    loopNode.initializer.declarations.forEach((declaration) => bindingNames(declaration.name, keys));
  }
  return keys;
}

function isOwnSlot(target: ts.PropertyAccessExpression | ts.ElementAccessExpression, ownSlots: ReadonlySet<string>): boolean {
  if (!T.isElementAccessExpression(target)) return false;
  const key = skipOuterExpressions(target.argumentExpression);
  return T.isIdentifier(key) && ownSlots.has(key.text);
}

/** The object the access starts from is bound by the iteration (`entry.size = …` writes the item). */
function startsInsideLoop(access: ts.Expression, names: IterationNames): boolean {
  const root = rootIdentifier(access);
  return root !== undefined && names.declared.has(root);
}

/** `registry[…]` for any element of `registry`, `this.count` for a property. */
function memberKey(access: ts.PropertyAccessExpression | ts.ElementAccessExpression, sf: ts.SourceFile): string {
  const object = access.expression.getText(sf).replace(/\s+/g, '');
  return T.isElementAccessExpression(access) ? `${object}[]` : `${object}.${access.name.text}`;
}
