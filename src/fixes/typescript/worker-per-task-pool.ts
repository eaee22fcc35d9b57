/**
 * run-in-worker-pool for worker-per-task: a worker started per item, handled through events,
 *
 *     items.forEach((item) => {                         const fibWorkerPool = new WorkerPool<...>(new URL('./fib.worker.js', import.meta.url));
 *       const worker = new Worker(file, { workerData: item });   ...
 *       worker.on('message', onResult);          →       items.forEach((item) => {
 *       worker.on('error', onError);                       fibWorkerPool.run(item).then(onResult, onError);
 *     });                                                });
 *
 * becomes tasks on the generated pool (about one worker per core, reused), and the worker script
 * `parentPort.postMessage(compute(workerData))` becomes a message loop answering each task with
 * the same expression. `.then(onResult, onError)` keeps the event-handler style and its timing
 * (results still arrive as they finish).
 * Refuses unless: the worker is a `const` whose only uses are `.on`/`.once` 'message' and 'error'
 * handlers right after it; the options are just `{ workerData }`; the file expression can be
 * evaluated at module level (literals, `import.meta.url`, `__dirname`); and the worker script is
 * in the project and ends with its only `parentPort.postMessage(...)`, reading `workerData` only
 * there. Forked processes (`fork` per item) are refused: they are isolated processes with their
 * own arguments and exit codes, not tasks a thread pool can take.
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { WorkerPerTaskData } from '../../core/rules/worker-per-task';
import type { FixResult } from '../fix';
import { enclosingStatement, indentationAt, kebabCase, lineEnd, lineStart, pascalCase, referencesTo, skipParens } from './ast';
import type { FileState, FixContext } from './context';
import { findingCall } from './define-fix';
import { refuse } from './edits';
import { importInsertionOffset, removeUnusedBinding } from './imports';
import { relativeSpecifier } from './module-system';
import { flavourOf, POOL_MARKER, workerPoolModule } from './templates';

export function workerPerTaskToPool(ctx: FixContext, data: Partial<WorkerPerTaskData>): FixResult {
  const file = ctx.main;
  const sf = file.sf;
  const created = findingCall(file, data, ts.isNewExpression).call;
  if (skipParens(created.expression).getText(sf) !== 'Worker') refuse('not `new Worker(...)`');
  const [fileArg, optionsArg, ...extra] = created.arguments ?? [];
  if (!fileArg || !optionsArg || extra.length > 0 || !ts.isObjectLiteralExpression(optionsArg) || optionsArg.properties.length !== 1) refuse('options other than { workerData }');
  const dataProperty = optionsArg.properties[0];
  const dataExpression = ts.isShorthandPropertyAssignment(dataProperty) && dataProperty.name.text === 'workerData'
    ? dataProperty.name.text
    : ts.isPropertyAssignment(dataProperty) && dataProperty.name.getText(sf) === 'workerData' ? dataProperty.initializer.getText(sf) : undefined;
  if (!dataExpression) refuse('options other than { workerData }');
  if (!isModuleLevelExpression(fileArg, sf)) refuse('the worker file depends on local values');

  // `const worker = new Worker(...)` followed by its handlers, nothing else using `worker`
  const declaration = created.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) refuse('the worker is not a named constant');
  const statement = enclosingStatement(declaration);
  if (!statement || !ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) === 0 || statement.declarationList.declarations.length !== 1) refuse('the worker is not a `const`');
  const block = statement.parent;
  if (!ts.isBlock(block)) refuse('the worker is not created in a block');
  const workerName = declaration.name.text;
  const index = block.statements.indexOf(statement);
  const handlers: { event: 'message' | 'error'; handler: ts.Expression; statement: ts.Statement }[] = [];
  for (const next of block.statements.slice(index + 1)) {
    const handler = handlerOf(next, workerName, sf);
    if (!handler) break;
    handlers.push({ ...handler, statement: next });
  }
  const uses = referencesTo(block, workerName).filter((ref) => ref !== declaration.name);
  if (uses.length !== handlers.length) refuse(`${workerName} is used for more than its message and error handlers`);
  const onMessage = handlers.find((entry) => entry.event === 'message');
  const onError = handlers.find((entry) => entry.event === 'error');
  if (!onMessage || handlers.length > 2 || (onError && handlers.length !== 2)) refuse('the worker needs exactly one message handler (and at most one error handler)');

  // the worker script: its last statement posts the only result
  const scriptPath = scriptPathOf(fileArg, file, ctx);
  const script = ctx.file(scriptPath);
  const last = script.sf.statements[script.sf.statements.length - 1];
  const posted = last && postedExpression(last, script.sf);
  if (!posted) refuse('the worker script does not end with parentPort.postMessage(result)');
  const dataUses = referencesTo(script.sf, 'workerData').filter((ref) => !ts.isImportSpecifier(ref.parent) && !ts.isBindingElement(ref.parent));
  if (dataUses.some((ref) => ref.getStart(script.sf) < posted.port.getStart(script.sf))) refuse('the worker script reads workerData before its last statement');
  if (referencesTo(script.sf, posted.port.getText(script.sf)).filter((ref) => !ts.isImportSpecifier(ref.parent) && !ts.isBindingElement(ref.parent)).length !== 1) refuse('the worker script uses parentPort more than once');
  rewriteScript(ctx, script, last, posted);

  // the pool: the generated module next to the caller, one instance at module level
  const dir = path.dirname(file.path);
  const ext = file.format.sourceExtension;
  const poolPath = existingPool(ctx, dir, ext) ?? ctx.edits.freeFilePath(dir, 'worker-pool', ext);
  if (!ctx.input.fileExists(poolPath) && !ctx.edits.isCreated(poolPath)) ctx.edits.create(poolPath, workerPoolModule(flavourOf(file.format)));
  const poolClass = file.imports.named(relativeSpecifier(file.path, poolPath, file.format), 'WorkerPool');
  const poolName = file.imports.reserve(`${lowerFirst(pascalCase(kebabCase(path.basename(scriptPath).replace(/\.[cm]?[jt]s$/, ''))))}Pool`);
  const resultType = resultTypeOf(onMessage.handler, sf);
  const typeArgument = file.format.typescript ? `<(workerData: any) => ${resultType}>` : '';
  const jsType = file.format.typescript ? '' : `/** @type {WorkerPool<(workerData: any) => ${resultType}>} */ `;
  const poolExpression = `new ${poolClass}${typeArgument}(${fileArg.getText(sf)})`;
  const poolDeclaration = `\n// about one worker per core, reused for every item (was: a new Worker per item)\nconst ${poolName} = ${jsType ? `${jsType}(${poolExpression})` : poolExpression};\n`;
  const insertAt = afterImportsAndWorkerConstants(file);
  ctx.insertAfterImports(file.path, insertAt, poolDeclaration);

  // the per-item code: run a task, handle its result like the message event did
  const handlersText = [onMessage.handler.getText(sf), ...(onError ? [onError.handler.getText(sf)] : [])].join(', ');
  const from = lineStart(file.text, statement.getStart(sf));
  const lastHandler = handlers[handlers.length - 1].statement;
  const to = Math.min(file.text.length, lineEnd(file.text, lastHandler.getEnd()));
  const indent = indentationAt(file.text, statement.getStart(sf));
  ctx.edits.replace(file.path, from, to, `${indent}${poolName}.run(${dataExpression}).then(${handlersText});`);
  // `Worker` may now be unused
  removeUnusedBinding(ctx.edits, file.path, sf, 'Worker');
  return ctx.finish(`Run ${path.basename(scriptPath)} tasks on a pool of worker threads (one per core) instead of a worker per item`, true);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function handlerOf(statement: ts.Statement, workerName: string, sf: ts.SourceFile): { event: 'message' | 'error'; handler: ts.Expression } | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  const call = statement.expression;
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.expression.getText(sf) !== workerName) return undefined;
  if (!/^(on|once|addListener)$/.test(call.expression.name.text) || call.arguments.length !== 2) return undefined;
  const event = call.arguments[0];
  if (!ts.isStringLiteral(event) || (event.text !== 'message' && event.text !== 'error')) return undefined;
  const handler = call.arguments[1];
  if (ts.isFunctionExpression(handler) && /\bthis\b/.test(handler.body.getText(sf))) return undefined;
  return { event: event.text, handler };
}

function resultTypeOf(handler: ts.Expression, sf: ts.SourceFile): string {
  const fn = skipParens(handler);
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters[0]?.type) return fn.parameters[0].type.getText(sf);
  return 'any';
}

/** Literals, `import.meta.url`, `__dirname`/`__filename`, `new URL(...)`, `path.join(...)` of those. */
function isModuleLevelExpression(expression: ts.Expression, sf: ts.SourceFile): boolean {
  let ok = true;
  const visit = (node: ts.Node): void => {
    if (!ok) return;
    if (ts.isIdentifier(node)) {
      const allowed = /^(__dirname|__filename|URL|path|join|resolve|fileURLToPath)$/.test(node.text) ||
        (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node);
      if (!allowed) ok = false;
    }
    if (ts.isMetaProperty(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(expression);
  void sf;
  return ok;
}

/** The source file a worker file expression names (a `.js` specifier may be a `.ts` source). */
function scriptPathOf(expression: ts.Expression, file: FileState, ctx: FixContext): string {
  const literal = literalPathIn(expression);
  if (!literal) refuse('the worker file is not a literal path');
  const base = literal.startsWith('/') ? literal : path.resolve(path.dirname(file.path), literal);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base.replace(/\.cjs$/, '.cts')];
  const found = candidates.find((candidate) => ctx.input.fileExists(candidate));
  if (!found) refuse(`the worker script ${literal} is not in the project`);
  return found;
}

function literalPathIn(expression: ts.Expression): string | undefined {
  const inner = skipParens(expression);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && inner.arguments) {
    const strings = inner.arguments.filter((arg): arg is ts.StringLiteral => ts.isStringLiteral(arg)).map((arg) => arg.text);
    if (strings.length === 1) return strings[0].startsWith('.') ? strings[0] : `./${strings[0]}`;
  }
  return undefined;
}

interface Posted {
  port: ts.Expression;
  value: ts.Expression;
}

/** `parentPort.postMessage(value)` or `parentPort?.postMessage(value)` as a statement. */
function postedExpression(statement: ts.Statement, sf: ts.SourceFile): Posted | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
  const call = statement.expression;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'postMessage' || call.arguments.length !== 1) return undefined;
  const port = skipParens(callee.expression);
  if (!ts.isIdentifier(port) || !/parentPort/.test(port.text)) return undefined;
  void sf;
  return { port, value: call.arguments[0] };
}

/** The script's final post becomes a message loop answering pool tasks with the same value. */
function rewriteScript(ctx: FixContext, script: FileState, last: ts.Statement, posted: Posted): void {
  const sf = script.sf;
  const port = posted.port.getText(sf);
  const ts_ = script.format.typescript;
  const message = ts_ ? 'message: { id: number; args: [any] }' : '/** @type {{ id: number, args: [any] }} */ message';
  // a synchronous handler: the script's work stays synchronous code of a worker (an async handler
  // would turn its blocking calls into blocking calls in async code); a promise it posts is awaited
  const param = (name: string) => (ts_ ? `${name}: unknown` : `/** @type {unknown} */ ${name}`);
  const lines = [
    `// ${POOL_MARKER} protocol: answers each task { id, args: [workerData] } with the value this script used to post once`,
    `${port}?.on('message', (${message}) => {`,
    '  const { id, args: [workerData] } = message;',
    `  const fail = (${param('error')}) => ${port}?.postMessage({ id, ok: false, error });`,
    '  try {',
    `    Promise.resolve(${posted.value.getText(sf)}).then((${param('value')}) => ${port}?.postMessage({ id, ok: true, value }), fail);`,
    '  } catch (error) {',
    '    fail(error);',
    '  }',
    '});',
  ];
  ctx.edits.replace(script.path, last.getStart(sf), last.getEnd(), lines.join('\n'));
  removeUnusedBinding(ctx.edits, script.path, sf, 'workerData');
}

function existingPool(ctx: FixContext, dir: string, ext: string): string | undefined {
  for (let i = 1; i < 20; i++) {
    const candidate = path.join(dir, `${i === 1 ? 'worker-pool' : `worker-pool-${i}`}${ext}`);
    if (ctx.edits.isCreated(candidate)) return candidate;
    if (!ctx.input.fileExists(candidate)) return undefined;
    if (ctx.input.readFile(candidate)?.includes(POOL_MARKER)) return candidate;
  }
  return undefined;
}

function afterImportsAndWorkerConstants(file: FileState): number {
  return importInsertionOffset(file.sf);
}
