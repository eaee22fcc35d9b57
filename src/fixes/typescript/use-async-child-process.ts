import { ts } from 'ts-morph';
import type { BlockingSyncIoData } from '../../core/rules/blocking-sync-io';
import { indentUnit, skipParens } from './ast';
import { asyncifiedCount, awaitExpression } from './asyncify';
import type { FileState, FixContext } from './context';
import { defineFix, findingCall } from './define-fix';
import { refuse } from './edits';
import { importInsertionOffset, removeUnusedBinding } from './imports';
import { flavourOf, spawnHelperFunction } from './templates';

const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~=%{}!\n]/;

/**
 * blocking-sync-io on child processes, awaited and without blocking:
 *   execSync('git status --short')  → (await execFileAsync('git', ['status', '--short'], { encoding: 'buffer' })).stdout
 *   execSync(`ls ${dir} | wc -l`)   → (await execAsync(`ls ${dir} | wc -l`, { encoding: 'buffer' })).stdout
 *   execFileSync(file, args, opts)  → (await execFileAsync(file, args, opts)).stdout
 *   spawnSync(cmd, args, opts)      → await spawnCollect(cmd, args, opts)  (a generated helper with spawnSync's result shape)
 * `execFile` never gets a shell string: a command is split into file and arguments only when it is
 * a literal without shell syntax; anything else keeps its shell through `exec`. Without an
 * `encoding` option the result stays a Buffer, as the sync call returned. The promisified
 * functions are declared once at the top of the file (`const execFileAsync = promisify(execFile)`).
 * Differences that remain: the child's stderr is captured instead of shown (execSync inherits it),
 * and the error of a failed command is exec's (`code`) rather than execSync's (`status`).
 * Refuses: `input`/`stdio` options (no async equivalent in exec), spawnSync results used through
 * `output`/`pid`, and whatever asyncify.ts refuses.
 */
export const useAsyncChildProcess = defineFix<BlockingSyncIoData>('use-async-child-process', ({ ctx, data }) => {
  const file = ctx.main;
  const { call, name, calleeText } = findingCall(file, data);
  if (!/^(execSync|execFileSync|spawnSync)$/.test(name)) refuse(`${name} is not a child_process sync call`);
  const callee = skipParens(call.expression);
  const calleeLocal = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
  if (!calleeLocal || !fromChildProcess(file, calleeLocal)) refuse(`${calleeText} does not come from child_process`);
  const args = call.arguments;
  if (args.some((arg) => ts.isSpreadElement(arg))) refuse('spread arguments');
  const options = name === 'execSync' ? args[1] : args[2];
  if (options && (!ts.isObjectLiteralExpression(options) || options.properties.some((p) => !ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)))) {
    refuse('options that are not a plain object literal');
  }
  const optionNames = options && ts.isObjectLiteralExpression(options) ? options.properties.map((p) => p.name?.getText(file.sf) ?? '') : [];
  if (optionNames.some((option) => option === 'input' || option === 'stdio')) refuse('input/stdio options have no async exec equivalent');
  const encoding = encodingOf(options, file);
  if (encoding === 'dynamic') refuse('an encoding computed at run time');
  const module = file.text.includes("'child_process'") || file.text.includes('"child_process"') ? 'child_process' : 'node:child_process';

  let title: string;
  if (name === 'spawnSync') {
    title = spawnToHelper(ctx, file, call, module, encoding);
  } else {
    title = execToPromisified(ctx, file, call, name, module, encoding, options);
  }
  removeUnusedBinding(ctx.edits, file.path, file.sf, calleeLocal);
  const made = asyncifiedCount(ctx);
  return ctx.finish(`${title}${made > 0 ? ` and make ${made === 1 ? 'the caller' : `${made} functions`} async` : ''}`, true);
});

function fromChildProcess(file: FileState, local: string): boolean {
  return new RegExp(`(?:import[^;]*\\b${local}\\b[^;]*from\\s*|\\b${local}\\b[^;=]*=\\s*require\\(\\s*)['"](node:)?child_process['"]`).test(file.text);
}

/** undefined (no option: a Buffer), 'buffer', a literal encoding, or 'dynamic'. */
function encodingOf(options: ts.Expression | undefined, file: FileState): string | undefined {
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  for (const property of options.properties) {
    if (property.name?.getText(file.sf) !== 'encoding') continue;
    if (ts.isPropertyAssignment(property) && (ts.isStringLiteral(property.initializer) || ts.isNoSubstitutionTemplateLiteral(property.initializer))) return property.initializer.text;
    return 'dynamic';
  }
  return undefined;
}

/** A literal command without shell syntax, split on whitespace: `git status` → ['git', 'status']. */
function splitLiteralCommand(arg: ts.Expression | undefined): string[] | undefined {
  if (!arg || !(ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) return undefined;
  if (SHELL_SYNTAX.test(arg.text)) return undefined;
  const words = arg.text.trim().split(/\s+/).filter((word) => word.length > 0);
  return words.length > 0 ? words : undefined;
}

function execToPromisified(
  ctx: FixContext, file: FileState, call: ts.CallExpression, name: string, module: string,
  encoding: string | undefined, options: ts.Expression | undefined,
): string {
  const sf = file.sf;
  const args = call.arguments;
  const words = name === 'execSync' ? splitLiteralCommand(args[0]) : undefined;
  const useExecFile = name === 'execFileSync' || words !== undefined;
  const base = useExecFile ? 'execFile' : 'exec';
  const baseLocal = file.imports.named(module, base, { preferredLocal: file.imports.isUsed(base) ? `${base}Callback` : base });
  const promisify = file.imports.named(file.text.includes("'util'") || file.text.includes('"util"') ? 'util' : 'node:util', 'promisify');
  const asyncName = declarePromisified(ctx, file, `${base}Async`, `${promisify}(${baseLocal})`);
  // the sync calls return stdout as a Buffer unless an encoding says otherwise; exec defaults to utf8
  const optionsText = options ? options.getText(sf) : undefined;
  const withEncoding = encoding === undefined
    ? (optionsText ? `{ ...${optionsText}, encoding: 'buffer' }` : "{ encoding: 'buffer' }")
    : optionsText;
  const quote = sf.text[args[0]?.getStart(sf) ?? 0] === '"' ? '"' : "'";
  let argumentText: string;
  if (name === 'execFileSync') {
    const file0 = args[0].getText(sf);
    const list = args[1] ? args[1].getText(sf) : '[]';
    argumentText = [file0, list, withEncoding].filter(Boolean).join(', ');
  } else if (words) {
    const [command, ...rest] = words;
    argumentText = [`${quote}${command}${quote}`, `[${rest.map((word) => `${quote}${word}${quote}`).join(', ')}]`, withEncoding].filter(Boolean).join(', ');
  } else {
    argumentText = [args[0].getText(sf), withEncoding].filter(Boolean).join(', ');
  }
  ctx.edits.replace(file.path, call.getStart(sf), call.getEnd(), `${asyncName}(${argumentText})`);
  awaitExpression(ctx, file, call, { member: '.stdout' });
  return `Use await ${base}() (promisified) instead of ${name}()`;
}

function spawnToHelper(ctx: FixContext, file: FileState, call: ts.CallExpression, module: string, encoding: string | undefined): string {
  const sf = file.sf;
  // the result must be used only through status/signal/stdout/stderr/error
  let holder: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(holder)) holder = holder.parent;
  if (ts.isPropertyAccessExpression(holder) && /^(output|pid)$/.test(holder.name.text)) refuse('spawnSync().output/pid have no equivalent');
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
    const variable = holder.name.text;
    if (new RegExp(`\\b${variable}\\.(output|pid)\\b`).test(sf.text)) refuse('spawnSync().output/pid have no equivalent');
  }
  if (ts.isVariableDeclaration(holder) && ts.isObjectBindingPattern(holder.name) && /\b(output|pid)\b/.test(holder.name.getText(sf))) refuse('spawnSync().output/pid have no equivalent');
  const args = call.arguments;
  if (args.length > 1 && !ts.isArrayLiteralExpression(args[1]) && ts.isObjectLiteralExpression(args[1])) refuse('spawnSync(command, options) without an argument list');
  const spawnLocal = file.imports.named(module, 'spawn', { preferredLocal: file.imports.isUsed('spawn') ? 'spawnChild' : 'spawn' });
  const text = encoding !== undefined && encoding !== 'buffer';
  const helper = declareSpawnHelper(ctx, file, text ? 'spawnCollectText' : 'spawnCollect', spawnLocal, text);
  const callee = skipParens(call.expression);
  ctx.edits.replace(file.path, callee.getStart(sf), callee.getEnd(), helper);
  awaitExpression(ctx, file, call);
  return 'Use spawn() and await its exit instead of spawnSync()';
}

/** `const execFileAsync = promisify(execFile);` after the imports, unless the file has it. */
function declarePromisified(ctx: FixContext, file: FileState, preferred: string, initializer: string): string {
  const existing = new RegExp(`\\b(?:const|let|var)\\s+(\\w+)\\s*=\\s*${initializer.replace(/[.()]/g, '\\$&')}`).exec(file.text);
  if (existing) return existing[1];
  const key = `declared:${initializer}`;
  const cached = declared.get(ctx)?.get(key);
  if (cached) return cached;
  const name = file.imports.reserve(preferred);
  const offset = importInsertionOffset(file.sf);
  ctx.insertAfterImports(file.path, offset, `${offset > 0 && file.text[offset - 1] !== '\n' ? '\n' : ''}const ${name} = ${initializer};\n`);
  const map = declared.get(ctx) ?? new Map<string, string>();
  map.set(key, name);
  declared.set(ctx, map);
  return name;
}

const declared = new WeakMap<FixContext, Map<string, string>>();

function declareSpawnHelper(ctx: FixContext, file: FileState, preferred: string, spawnLocal: string, text: boolean): string {
  const existing = new RegExp(`function\\s+(${preferred}\\d*)\\s*\\(`).exec(file.text);
  if (existing && file.text.includes('spawnSync() without blocking')) return existing[1];
  const name = file.imports.reserve(preferred);
  const helper = spawnHelperFunction(flavourOf(file.format), name, spawnLocal, indentUnit(file.text), text);
  const end = file.text.length;
  ctx.edits.insert(file.path, end, `${file.text.endsWith('\n') ? '' : '\n'}${helper}`);
  return name;
}
