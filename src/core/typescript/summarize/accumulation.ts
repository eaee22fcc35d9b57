/**
 * Values a function keeps outside itself and makes longer on every call: the buffer of a stream's
 * `data` listener. `buffer = Buffer.concat([buffer, chunk])` copies everything received so far
 * per chunk; `text += chunk` is cheap alone (V8 joins strings lazily), but a search, split, parse
 * or loop over all of `text` after each append reads everything received so far again. Either
 * way the time per stream grows with the square of its size (typescript/accumulation.ts decides
 * where that is a finding). Recorded here: the growing values (`FunctionSummary.accumulates`) and
 * the kept values a function reads end to end (`FunctionSummary.scansState`) or hands whole to a
 * call (`FunctionSummary.passesState`).
 */
import type { ts } from 'ts-morph';
import type { FunctionSummary } from '../summary';
import { skipOuterExpressions, T } from './syntax';
import type { FileState } from './state';
import type { Scopes } from './scopes';

/** Methods that read a string or buffer from its start until they find something, or all of it. */
const SCANNING_METHODS: ReadonlySet<string> = new Set([
  'indexOf', 'lastIndexOf', 'includes', 'search', 'match', 'matchAll', 'split', 'replace', 'replaceAll', 'toString',
]);

export class Accumulations {
  constructor(
    private readonly state: FileState,
    private readonly scopes: Scopes,
  ) {}

  /** `buffer = Buffer.concat([buffer, chunk])`, `text += chunk`, `this.pending += data` on a kept value. */
  recordAssignment(node: ts.BinaryExpression): void {
    const operator = node.operatorToken.kind;
    if (operator !== T.SyntaxKind.EqualsToken && operator !== T.SyntaxKind.PlusEqualsToken) return;
    const target = skipOuterExpressions(node.left);
    const state = this.keptValue(target);
    if (!state) return;
    const copies = operator === T.SyntaxKind.EqualsToken && concatenatesItself(node.right, target, this.state.sf);
    if (operator === T.SyntaxKind.EqualsToken && !copies) return;
    const fn = this.scopes.frame.fn;
    const start = node.getStart(this.state.sf);
    (fn.accumulates ??= []).push({ state, name: target.getText(this.state.sf), line: this.state.lineOf(node), start, end: node.getEnd(), copies });
  }

  /** `buffer.indexOf('\n')`, `text.split(delimiter)`, `JSON.parse(text)` on a kept value. */
  recordCall(node: ts.CallExpression): void {
    for (const argument of node.arguments) {
      const state = this.keptValue(skipOuterExpressions(argument));
      if (state) (this.scopes.frame.fn.passesState ??= []).push({ state, callStart: node.getStart(this.state.sf) });
    }
    const callee = skipOuterExpressions(node.expression);
    if (T.isPropertyAccessExpression(callee) && SCANNING_METHODS.has(callee.name.text)) {
      this.recordScan(skipOuterExpressions(callee.expression));
    } else if (T.isPropertyAccessExpression(callee) && callee.name.text === 'parse' && T.isIdentifier(callee.expression) && callee.expression.text === 'JSON' && node.arguments[0]) {
      this.recordScan(skipOuterExpressions(node.arguments[0]));
    }
  }

  /** A loop whose header reads a kept value through: `i < buffer.length`, `for (const c of text)`. */
  recordLoop(node: ts.IterationStatement): void {
    const header = T.isForStatement(node) ? node.condition : T.isForOfStatement(node) ? node.expression : undefined;
    if (!header) return;
    const visit = (part: ts.Node): void => {
      if (T.isFunctionLike(part)) return;
      if (T.isPropertyAccessExpression(part) && part.name.text === 'length') this.recordScan(skipOuterExpressions(part.expression));
      T.forEachChild(part, visit);
    };
    if (T.isForOfStatement(node)) this.recordScan(skipOuterExpressions(node.expression));
    else visit(header);
  }

  private recordScan(target: ts.Expression): void {
    const state = this.keptValue(target);
    if (!state) return;
    const fn: FunctionSummary = this.scopes.frame.fn;
    const scans = (fn.scansState ??= []);
    if (!scans.includes(state)) scans.push(state);
  }

  /**
   * The key of a value that outlives a call of the walked function: a variable an enclosing
   * function or the module declares (`<declaring function id>:<name>`), a member of `this`
   * (`this.<name>`); undefined for the function's own locals and anything else.
   */
  private keptValue(target: ts.Expression): string | undefined {
    if (T.isPropertyAccessExpression(target) && target.expression.kind === T.SyntaxKind.ThisKeyword) return `this.${target.name.text}`;
    if (!T.isIdentifier(target)) return undefined;
    const frames = this.scopes.frames;
    const current = frames.length - 1;
    if (frames[current].declared.has(target.text) || frames[current].scope.has(target.text)) return undefined;
    for (let i = current - 1; i >= 0; i--) {
      if (frames[i].declared.has(target.text) || (i === 0 && this.scopes.moduleVariables.has(target.text))) return `${frames[i].fn.id}:${target.text}`;
      if (frames[i].scope.has(target.text)) return undefined;
    }
    return undefined;
  }
}

/** `Buffer.concat([buffer, chunk])` assigned back to `buffer`, without a numeric cap on the total length. */
function concatenatesItself(value: ts.Expression, target: ts.Expression, sf: ts.SourceFile): boolean {
  const call = skipOuterExpressions(value);
  if (!T.isCallExpression(call)) return false;
  const callee = skipOuterExpressions(call.expression);
  if (!T.isPropertyAccessExpression(callee) || callee.name.text !== 'concat' || callee.expression.getText(sf) !== 'Buffer') return false;
  // `Buffer.concat([buffer, chunk], 2)`: a total length written as a number caps what is kept
  const cap = call.arguments[1] && skipOuterExpressions(call.arguments[1]);
  if (cap && T.isNumericLiteral(cap)) return false;
  const list = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!list || !T.isArrayLiteralExpression(list)) return false;
  const name = target.getText(sf);
  return list.elements.some((element) => skipOuterExpressions(T.isSpreadElement(element) ? element.expression : element).getText(sf) === name);
}
