/** Loops and their bounds: how many times a loop runs, as a symbolic value, and its label. */
import type { ts } from 'ts-morph';
import { shorten } from '../naming';
import type { AwaitInLoop, Loop } from '../summary';
import { formatCount, num, UNKNOWN, type ValueExpr } from '../values';
import { emptyBlock, isArrayFrom, parseNumber, propertyName, skipOuterExpressions, T } from './syntax';
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
    if (T.isForStatement(node)) {
      if (node.initializer) this.walker.visit(node.initializer);
    } else if (T.isForOfStatement(node) || T.isForInStatement(node)) {
      this.walker.visit(node.expression);
      this.bindLoopVariable(node);
    }
    const context: LoopContext = { loop, node, awaits: [] };
    this.enterLoop(context);
    if (T.isForStatement(node)) {
      if (node.condition) this.walker.visit(node.condition);
      if (node.incrementor) this.walker.visit(node.incrementor);
    } else if (T.isWhileStatement(node) || T.isDoStatement(node)) {
      this.walker.visit(node.expression);
    }
    this.walker.visit(node.statement);
    this.leaveLoop(context);
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

  private loopBound(node: ts.IterationStatement): { bound: ValueExpr; label: string } {
    if (T.isForStatement(node)) return this.forStatementBound(node);
    if (T.isForOfStatement(node)) {
      if (node.awaitModifier) return { bound: UNKNOWN, label: 'the stream' };
      return this.lengthOf(node.expression);
    }
    if (T.isWhileStatement(node) || T.isDoStatement(node)) return this.countdownBound(node.expression);
    return { bound: UNKNOWN, label: 'the data' };
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
  private forStatementBound(node: ts.ForStatement): { bound: ValueExpr; label: string } {
    const unknown = { bound: UNKNOWN, label: 'the data' };
    const initializer = node.initializer;
    if (!node.condition || !initializer) return unknown;
    const starts = new Map<string, ts.Expression>();
    if (T.isVariableDeclarationList(initializer)) {
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
    const condition = clauses.find((clause): clause is ts.BinaryExpression =>
      T.isBinaryExpression(clause) && T.isIdentifier(clause.left) && starts.has(clause.left.text));
    if (!condition) return unknown;
    const counter = (condition.left as ts.Identifier).text;
    const limit = this.expressions.valueOf(condition.right);
    const start = this.expressions.valueOf(starts.get(counter)!);
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
    return { bound, label: limitLabel(condition.right, this.state.sf) };
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
    if (value.k === 'param' || value.k === 'elem') return { bound: { k: 'len', of: value }, label, value };
    const inner = skipOuterExpressions(expression);
    // Array.from({ length: n }), new Array(n), Array(n).fill()
    const lengthExpression = arrayConstructionLength(inner);
    if (lengthExpression) return { bound: this.expressions.valueOf(lengthExpression), label: shorten(lengthExpression.getText(this.state.sf)) };
    return { bound: UNKNOWN, label };
  }
}

// ------------------------------------------------------------------ helpers

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
 * Why one iteration's await might depend on the previous one; undefined when iterations look
 * independent. Deliberately conservative: a false "sequential awaits" finding is worse than a
 * missed one, because the fix would change behaviour.
 */
function iterationDependency(loopNode: ts.Node, entry: AwaitInLoop, sf: ts.SourceFile): string | undefined {
  if (T.isWhileStatement(loopNode) || T.isDoStatement(loopNode)) return 'a while loop usually waits for a condition the previous iteration set';
  if (T.isForOfStatement(loopNode) && loopNode.awaitModifier) return 'for await consumes a stream in order';
  const body = T.isIterationStatement(loopNode, false) ? loopNode.statement : loopNode;
  const declaredInside = new Set<string>();
  const assignedInside = new Set<string>();
  let exitsEarly = false;
  const visit = (node: ts.Node, depth: number): void => {
    if (T.isVariableDeclaration(node) && T.isIdentifier(node.name)) declaredInside.add(node.name.text);
    if ((T.isBreakStatement(node) || T.isReturnStatement(node)) && depth === 0) exitsEarly = true;
    if (T.isBinaryExpression(node) && node.operatorToken.kind >= T.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= T.SyntaxKind.LastAssignment && T.isIdentifier(node.left)) {
      assignedInside.add(node.left.text);
    }
    if ((T.isPrefixUnaryExpression(node) || T.isPostfixUnaryExpression(node)) && T.isIdentifier(node.operand)) {
      assignedInside.add(node.operand.text);
    }
    const nestedScope = T.isFunctionLike(node) || T.isIterationStatement(node, false) || T.isSwitchStatement(node);
    T.forEachChild(node, (child) => visit(child, nestedScope ? depth + 1 : depth));
  };
  visit(body, 0);
  if (T.isForStatement(loopNode) && loopNode.incrementor) {
    // the counter is assigned by the incrementor, which is expected
    const counter = loopNode.initializer && T.isVariableDeclarationList(loopNode.initializer) ? loopNode.initializer.declarations[0]?.name : undefined;
    if (counter && T.isIdentifier(counter)) declaredInside.add(counter.text);
  }
  if (exitsEarly) return 'the loop may stop early depending on a result';
  const carried = [...assignedInside].filter((name) => !declaredInside.has(name));
  if (carried.length > 0) return `each iteration updates ${carried[0]}, which the next one may read`;
  const awaitedText = sf.text.slice(entry.start, entry.end);
  if (/\b(sleep|delay|wait|setTimeout|backoff|throttle)\b/i.test(awaitedText)) return 'the await is a deliberate delay';
  return undefined;
}
