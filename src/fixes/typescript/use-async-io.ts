import { ts } from 'ts-morph';
import { FS_MODULES } from '../../core/catalog';
import type { BlockingSyncIoData } from '../../core/rules/blocking-sync-io';
import { enclosingFunction, skipParens } from './ast';
import { asyncifiedCount, awaitExpression } from './asyncify';
import type { FileState } from './context';
import { defineFix, findingCall } from './define-fix';
import { refuse } from './edits';
import { removeUnusedBinding } from './imports';

const FS_MODULE = new RegExp(`^(node:)?(${FS_MODULES.join('|')})$`);

/**
 * blocking-sync-io on the file system: `readFileSync(p, 'utf8')` → `await readFile(p, 'utf8')`
 * with `readFile` imported from `node:fs/promises` (merged into an existing import, in the file's
 * import or require style), `existsSync(p)` → `await access(p).then(() => true, () => false)`,
 * and the enclosing function made async — with its callers, see asyncify.ts. The sync import is
 * removed when nothing else uses it.
 * The twin is the catalog's (`asyncTwin`, sent by the rule) when the catalog calls it a drop-in.
 * Refuses: calls with no same-shaped twin (`openSync`, `readSync`, `globSync`...: file
 * descriptors and iterators differ), `statSync(p, { throwIfNoEntry: false })`, and whenever
 * making the caller async would need changes it cannot see or make (asyncify.ts).
 */
export const useAsyncIo = defineFix<BlockingSyncIoData>('use-async-io', ({ ctx, data }) => {
  const file = ctx.main;
  const { call, name: syncName, calleeText } = findingCall(file, data);
  const twin = promiseTwin(data, syncName);
  if ((syncName === 'statSync' || syncName === 'lstatSync') && /throwIfNoEntry/.test(call.getText(file.sf))) refuse('throwIfNoEntry has no promise equivalent');
  const module = promisesModule(file);
  const local = file.imports.named(module, twin, { preferredLocal: file.imports.isUsed(twin) ? `${twin}Async` : twin });
  const callee = skipParens(call.expression);
  const receiverLocal = ts.isPropertyAccessExpression(callee) ? rootName(callee.expression) : undefined;
  if (!isFsCallee(file, callee)) refuse(`${calleeText} does not come from fs`);
  ctx.edits.replace(file.path, callee.getStart(file.sf), callee.getEnd(), local);
  if (syncName === 'existsSync') ctx.edits.insert(file.path, call.getEnd(), '.then(() => true, () => false)');
  awaitExpression(ctx, file, call);
  removeUnusedBinding(ctx.edits, file.path, file.sf, ts.isIdentifier(callee) ? callee.text : receiverLocal ?? '');
  const made = asyncifiedCount(ctx);
  const fn = enclosingFunction(call);
  const where = made === 0 ? '' : made === 1 && !ts.isSourceFile(fn) ? ` and make ${functionLabel(fn)} async` : ` and make ${made} functions async`;
  return ctx.finish(`Use await ${twin}() from ${module}${where}`, true);
});

/**
 * The fs/promises member to call instead: the catalog's twin when it is a drop-in, or `access`
 * for `existsSync`, which the fix turns into a boolean with `.then(() => true, () => false)`.
 */
function promiseTwin(data: Partial<BlockingSyncIoData>, syncName: string): string {
  const [module, member] = (data.asyncTwin ?? '').split('#');
  if (module !== 'fs/promises' || !member) refuse(`${syncName} has no fs/promises twin`);
  if (!data.dropInTwin && syncName !== 'existsSync') refuse(`${syncName} has no drop-in promise twin`);
  return member;
}

function rootName(expression: ts.Expression): string | undefined {
  let current = expression;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** The callee is `x` or `ns.x` bound by an import/require of fs (or `require('fs').x`). */
function isFsCallee(file: FileState, callee: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) {
    const inner = callee.expression;
    return ts.isIdentifier(inner.expression) && inner.expression.text === 'require' && inner.arguments.length === 1 &&
      ts.isStringLiteral(inner.arguments[0]) && FS_MODULE.test(inner.arguments[0].text);
  }
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? rootName(callee.expression) : undefined;
  if (!name) return false;
  for (const statement of file.sf.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && FS_MODULE.test(statement.moduleSpecifier.text)) {
      if (new RegExp(`\\b${name}\\b`).test(statement.importClause?.getText(file.sf) ?? '')) return true;
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' &&
          init.arguments[0] && ts.isStringLiteral(init.arguments[0]) && FS_MODULE.test(init.arguments[0].text) &&
          new RegExp(`\\b${name}\\b`).test(declaration.name.getText(file.sf))) return true;
      }
    }
  }
  return false;
}

/** `node:fs/promises`, or `fs/promises` when the file imports built-ins without the prefix. */
function promisesModule(file: FileState): string {
  const bare = /(?:from\s+|require\(\s*)['"](fs|path|os|child_process|util|crypto|url)['"]/.test(file.text);
  const prefixed = /(?:from\s+|require\(\s*)['"]node:/.test(file.text);
  return bare && !prefixed ? 'fs/promises' : 'node:fs/promises';
}

function functionLabel(fn: ts.Node): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return `${fn.name.getText()}()`;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent)) return `${parent.name.getText()}()`;
  return 'the enclosing function';
}
