import { ts } from 'ts-morph';
import type { SequentialAwaitsData } from '../../core/rules/sequential-awaits';
import { calleeName, indentationAt, isFunctionNode, nodeAt, skipParens } from './ast';
import type { FileState, FixContext } from './context';
import { defineFix } from './define-fix';
import { refuse } from './edits';
import { DEFAULT_LIMIT, declareLimiter } from './limiter';

/** Lists written out with at most this many elements are started all at once, without a limit. */
const SMALL_LITERAL = 32;

/**
 * sequential-awaits: a `for...of` loop whose iterations each await something independent becomes
 * one `Promise.all` over the items, results in the original order:
 *
 *     const pages = [];                              const limit = pLimit(8); // at most 8 at a time
 *     for (const url of urls) {                      const pages = await Promise.all(urls.map((url) => limit(async () => {
 *       const response = await fetch(url);    →        const response = await fetch(url);
 *       pages.push(await response.text());             return await response.text();
 *     }                                              })));
 *
 * A trailing `results.push(x)` becomes the mapped value (`return x`), and `const results = []`
 * declared just before the loop takes the `Promise.all` result; elsewhere the results are pushed
 * after (`results.push(...await Promise.all(...))`). Without a push, the body runs as is and
 * `continue` becomes `return`. Arrays written out with ≤ 32 elements run all at once; otherwise
 * p-limit (when a dependency) or a tiny inline limiter keeps 8 running. Iterables that are not
 * evidently arrays go through `Array.from(items, ...)`.
 * Refuses: `for await`, other loop kinds, labels, `break`/`return`/`yield` in the body, a loop
 * variable declared outside, a push that is not the last statement (or several pushes), and
 * `continue` together with a push (the result would get holes).
 * Side effects inside the body (logging) may interleave once the iterations overlap.
 */
export const runAwaitsConcurrently = defineFix<SequentialAwaitsData>('run-awaits-concurrently', ({ ctx, data }) => {
  const { loopStart, awaitStart, awaitEnd } = data;
  if (loopStart === undefined || awaitStart === undefined || awaitEnd === undefined) refuse('finding without offsets');
  const file = ctx.main;
  const awaited = nodeAt(file.sf, awaitStart, awaitEnd);
  if (!awaited || !ts.isAwaitExpression(awaited)) refuse('the await changed');
  let loop: ts.Node | undefined = awaited.parent;
  while (loop && !(ts.isIterationStatement(loop, false) && loop.getStart(file.sf) === loopStart)) {
    if (isFunctionNode(loop)) refuse('the await is not in the loop any more');
    loop = loop.parent;
  }
  if (!loop || !ts.isForOfStatement(loop)) refuse('only for...of loops');
  return rewriteLoop(ctx, file, loop, awaited);
});

function rewriteLoop(ctx: FixContext, file: FileState, loop: ts.ForOfStatement, awaited: ts.AwaitExpression) {
  const sf = file.sf;
  if (loop.awaitModifier) refuse('for await consumes a stream in order');
  if (ts.isLabeledStatement(loop.parent)) refuse('a labelled loop');
  const initializer = loop.initializer;
  if (!ts.isVariableDeclarationList(initializer) || initializer.declarations.length !== 1) refuse('the loop variable is declared outside the loop');
  const variable = initializer.declarations[0].name.getText(sf);
  const body = loop.statement;
  const statements = ts.isBlock(body) ? [...body.statements] : [body];
  const exits = loopExits(body);
  if (exits.breaks || exits.returns || exits.yields) refuse('the loop can stop early');

  // a trailing `results.push(value)` becomes the mapped value
  const pushes = statements.map((statement) => pushOf(statement)).filter((push) => push !== undefined);
  const nestedPushes = countNestedPushes(body) - pushes.length;
  let push = pushes.length === 1 && pushOf(statements[statements.length - 1]) ? pushes[0] : undefined;
  if (pushes.length > 1 || nestedPushes > 0 || (pushes.length === 1 && !push)) refuse('results are pushed in more than one place');
  if (push && exits.continues) refuse('continue would leave holes in the results');
  if (push && declaredInside(body, push.array)) push = undefined;

  const small = isSmallLiteral(loop.expression);
  const statementForLimit: ts.Statement = push ? (previousArrayDeclaration(loop, push.array) ?? loop) : loop;
  const limiter = small ? undefined : declareLimiter(ctx, file, statementForLimit);
  const iterable = loop.expression.getText(sf);
  const mapOpen = isEvidentlyArray(file, loop.expression) ? `${wrapIfNeeded(loop.expression, iterable)}.map(` : `Array.from(${iterable}, `;
  const callbackOpen = limiter ? `(${variable}) => ${limiter.name}(async () => {` : `async (${variable}) => {`;
  const callbackClose = limiter ? '})' : '}';
  const head = `${mapOpen}${callbackOpen}`;
  const tail = `${callbackClose})`;

  // the body keeps its place and indentation; only the loop's head and closing brace change
  let prefix: string;
  let suffix: string;
  let replaceFrom = loop.getStart(sf);
  if (push) {
    const declaration = previousArrayDeclaration(loop, push.array);
    if (declaration) {
      const list = declaration.declarationList;
      const keyword = (list.flags & ts.NodeFlags.Const) !== 0 ? 'const' : (list.flags & ts.NodeFlags.Let) !== 0 ? 'let' : 'var';
      const decl = list.declarations[0];
      const annotation = decl.type ? `: ${decl.type.getText(sf)}` : '';
      replaceFrom = declaration.getStart(sf);
      prefix = `${keyword} ${push.array}${annotation} = await Promise.all(${head}`;
      suffix = `${tail});`;
    } else {
      prefix = `${push.array}.push(...(await Promise.all(${head}`;
      suffix = `${tail})));`;
    }
    const pushStatement = push.statement;
    ctx.edits.replace(file.path, pushStatement.getStart(sf), pushStatement.getEnd(), `return ${push.value.getText(sf)};`);
  } else {
    prefix = `await Promise.all(${head}`;
    suffix = `${tail});`;
  }
  for (const statement of exits.continueNodes) ctx.edits.replace(file.path, statement.getStart(sf), statement.getEnd(), 'return;');

  if (ts.isBlock(body)) {
    ctx.edits.replace(file.path, replaceFrom, body.getStart(sf) + 1, prefix);
    // the block's closing brace becomes the callback's: suffix starts with `}`
    ctx.edits.replace(file.path, body.getEnd() - 1, body.getEnd(), suffix);
  } else {
    const indent = indentationAt(file.text, loop.getStart(sf));
    const unit = indent.length > 0 ? indent : '  ';
    ctx.edits.replace(file.path, replaceFrom, body.getStart(sf), `${prefix}\n${indent}${unit}`);
    ctx.edits.insert(file.path, body.getEnd(), `\n${indent}${suffix}`);
  }
  const label = calleeLabel(awaited, sf);
  const bound = limiter ? `, at most ${DEFAULT_LIMIT} at a time${limiter.kind === 'p-limit' ? ' (p-limit)' : ''}` : '';
  return ctx.finish(`Run the ${label} calls concurrently with Promise.all${bound}`, true);
}

interface Push {
  statement: ts.ExpressionStatement;
  array: string;
  value: ts.Expression;
}

function pushOf(statement: ts.Statement | undefined): Push | undefined {
  if (!statement || !ts.isExpressionStatement(statement)) return undefined;
  const call = statement.expression;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'push') return undefined;
  if (!ts.isIdentifier(call.expression.expression) || call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0])) return undefined;
  return { statement, array: call.expression.expression.text, value: call.arguments[0] };
}

function countNestedPushes(body: ts.Node): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node)) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'push') count++;
    ts.forEachChild(node, visit);
  };
  visit(body);
  return count;
}

function declaredInside(body: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = true;
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** `const results = [];` (or `let results: T[] = []`) right before the loop. */
function previousArrayDeclaration(loop: ts.Statement, array: string): ts.VariableStatement | undefined {
  const parent = loop.parent;
  if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) return undefined;
  const index = parent.statements.indexOf(loop);
  const previous = parent.statements[index - 1];
  if (!previous || !ts.isVariableStatement(previous) || previous.declarationList.declarations.length !== 1) return undefined;
  const declaration = previous.declarationList.declarations[0];
  if (!ts.isIdentifier(declaration.name) || declaration.name.text !== array) return undefined;
  const init = declaration.initializer && skipParens(declaration.initializer);
  if (!init || !ts.isArrayLiteralExpression(init) || init.elements.length > 0) return undefined;
  if (ts.canHaveModifiers(previous) && (ts.getModifiers(previous) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
  return previous;
}

interface Exits {
  breaks: boolean;
  returns: boolean;
  yields: boolean;
  continues: boolean;
  continueNodes: ts.ContinueStatement[];
}

/** break/continue aimed at this loop, and return/yield anywhere in its body (not in nested functions). */
function loopExits(body: ts.Statement): Exits {
  const exits: Exits = { breaks: false, returns: false, yields: false, continues: false, continueNodes: [] };
  const visit = (node: ts.Node, nestedLoop: boolean, nestedSwitch: boolean): void => {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) exits.returns = true;
    if (ts.isYieldExpression(node)) exits.yields = true;
    if (ts.isBreakStatement(node) && (node.label || (!nestedLoop && !nestedSwitch))) exits.breaks = true;
    if (ts.isContinueStatement(node)) {
      if (node.label) exits.breaks = true;
      else if (!nestedLoop) {
        exits.continues = true;
        exits.continueNodes.push(node);
      }
    }
    const loop = ts.isIterationStatement(node, false);
    ts.forEachChild(node, (child) => visit(child, nestedLoop || loop, nestedSwitch || ts.isSwitchStatement(node)));
  };
  visit(body, false, false);
  return exits;
}

function isSmallLiteral(expression: ts.Expression): boolean {
  const inner = skipParens(expression);
  return ts.isArrayLiteralExpression(inner) && !inner.elements.some(ts.isSpreadElement) && inner.elements.length <= SMALL_LITERAL;
}

/** Arrays for sure: literals, Object.keys/values/entries, array-returning methods, and names declared as arrays in this file. */
function isEvidentlyArray(file: FileState, expression: ts.Expression): boolean {
  const inner = skipParens(expression);
  if (ts.isArrayLiteralExpression(inner)) return true;
  if (ts.isCallExpression(inner)) {
    const text = inner.expression.getText(file.sf);
    if (/^(Object\.(keys|values|entries)|Array\.(from|of))$/.test(text)) return true;
    const name = calleeName(inner);
    return ts.isPropertyAccessExpression(inner.expression) && !!name && /^(map|filter|slice|concat|flat|flatMap|sort|toSorted|reverse|split|fill)$/.test(name);
  }
  if (!ts.isIdentifier(inner)) return false;
  const name = inner.text;
  let evident = false;
  const visit = (node: ts.Node): void => {
    if (evident) return;
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name) && node.name.text === name) {
      const type = node.type?.getText(file.sf) ?? '';
      if (/\[\]$|^(Readonly)?Array</.test(type.trim())) evident = true;
      const init = node.initializer && skipParens(node.initializer);
      if (!node.type && init && (ts.isArrayLiteralExpression(init) || (ts.isCallExpression(init) && isEvidentlyArray(file, init)))) evident = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  return evident;
}

function wrapIfNeeded(expression: ts.Expression, text: string): string {
  const inner = skipParens(expression);
  return ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isCallExpression(inner) || ts.isArrayLiteralExpression(inner) || ts.isParenthesizedExpression(expression) ? text : `(${text})`;
}

function calleeLabel(awaited: ts.AwaitExpression, sf: ts.SourceFile): string {
  const target = skipParens(awaited.expression);
  if (ts.isCallExpression(target)) {
    const text = target.expression.getText(sf);
    return `${text.length > 40 ? calleeName(target) ?? 'awaited' : text}()`;
  }
  return 'awaited';
}
