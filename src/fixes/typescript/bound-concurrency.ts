import { ts } from 'ts-morph';
import type { UnboundedConcurrencyData } from '../../core/rules/unbounded-concurrency';
import { enclosingStatement, skipParens } from './ast';
import type { FileState } from './context';
import { defineFix, findingCall } from './define-fix';
import { refuse } from './edits';
import { DEFAULT_LIMIT, declareLimiter } from './limiter';

/**
 * unbounded-concurrency: `Promise.all(items.map(cb))` keeps its concurrency and its result order
 * but runs at most 8 operations at a time:
 *
 *     const limit = pLimit(8); // at most 8 at a time
 *     await Promise.all(items.map((item) => limit(() => fetchItem(item))));
 *
 * with `p-limit` when the project depends on it, else a tiny limiter function appended to the
 * file. Inline callbacks keep their body (`async (u) => {...}` → `(u) => limit(async () => {...})`);
 * a function reference gets as many arguments as it declares (`data.arity`, else its declaration
 * in the file). Refuses: a callback using `this`/`arguments`, a generic arrow, a reference whose
 * arity is unknown, or a `Promise.all` in an expression-bodied arrow (no statement to declare the
 * limit before).
 */
export const boundConcurrency = defineFix<UnboundedConcurrencyData>('bound-concurrency', ({ ctx, data }) => {
  const file = ctx.main;
  const { call: all } = findingCall(file, data);
  if (!/^Promise\.(all|allSettled|any|race)$/.test(all.expression.getText(file.sf))) refuse('the Promise.all changed');
  const first = all.arguments[0] && skipParens(all.arguments[0]);
  if (!first || !ts.isCallExpression(first) || !ts.isPropertyAccessExpression(first.expression) || first.expression.name.text !== 'map') refuse('not Promise.all(items.map(...))');
  const callback = first.arguments[0];
  if (!callback || first.arguments.length > 1) refuse('map with a thisArg');
  const statement = enclosingStatement(all);
  if (!statement) refuse('no statement to declare the limit before');
  const arity = data.arity;
  const limiter = declareLimiter(ctx, file, statement);
  ctx.edits.replace(file.path, callback.getStart(file.sf), callback.getEnd(), limitedCallback(file, callback, limiter.name, arity));
  const what = limiter.kind === 'p-limit' ? 'p-limit' : 'a small inline limiter';
  const inner = skipParens(callback);
  const label = ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)
    ? `${inner.getText(file.sf)}()`
    : `the ${first.expression.expression.getText(file.sf).slice(0, 40)}.map callback`;
  return ctx.finish(`Run ${label} at most ${DEFAULT_LIMIT} at a time (${what})`, true);
});

/** `(x) => limit(() => f(x))` for the callback of `items.map(...)`. */
export function limitedCallback(file: FileState, callback: ts.Expression, limit: string, arity: number | undefined): string {
  const sf = file.sf;
  const inner = skipParens(callback);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    if (inner.typeParameters) refuse('a generic callback');
    if (ts.isFunctionExpression(inner) && usesThisOrArguments(inner.body)) refuse('the callback uses this/arguments');
    if (ts.isFunctionExpression(inner) && inner.name) refuse('a named function expression (it may call itself)');
    const params = inner.parameters.map((parameter) => parameter.getText(sf)).join(', ');
    const isAsync = (ts.getCombinedModifierFlags(inner) & ts.ModifierFlags.Async) !== 0;
    const returnType = inner.type ? `: ${inner.type.getText(sf)}` : '';
    const body = inner.body.getText(sf);
    const bodyText = ts.isBlock(inner.body) || !ts.isObjectLiteralExpression(skipParens(inner.body as ts.Expression)) ? body : `(${body})`;
    return `(${params}) => ${limit}(${isAsync ? 'async ' : ''}()${returnType} => ${bodyText})`;
  }
  if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) refuse('a callback that is neither a function nor a name');
  const declared = arity ?? declaredArity(file, inner);
  if (declared === undefined) refuse('the callback\'s number of parameters is unknown');
  const names = ['item', 'index', 'array'].slice(0, Math.min(3, declared)).map((name) => file.imports.reserve(name));
  const params = names.join(', ');
  return `(${params}) => ${limit}(() => ${inner.getText(sf)}(${params}))`;
}

function usesThisOrArguments(node: ts.Node): boolean {
  let found = false;
  const visit = (current: ts.Node): void => {
    if (found) return;
    if (current.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(current) && current.text === 'arguments')) found = true;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current) || ts.isClassLike(current)) return;
    ts.forEachChild(current, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

/** Parameters of a function declared in this file under that name (rest parameters: unknown). */
function declaredArity(file: FileState, reference: ts.Expression): number | undefined {
  if (!ts.isIdentifier(reference)) return undefined;
  const name = reference.text;
  let arity: number | undefined;
  const visit = (node: ts.Node): void => {
    if (arity !== undefined) return;
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) arity = paramsOf(node);
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      const init = skipParens(node.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) arity = paramsOf(init);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return arity;
}

function paramsOf(fn: ts.SignatureDeclarationBase): number | undefined {
  if (fn.parameters.some((parameter) => parameter.dotDotDotToken)) return undefined;
  return fn.parameters.filter((parameter) => !(ts.isIdentifier(parameter.name) && parameter.name.text === 'this')).length;
}
