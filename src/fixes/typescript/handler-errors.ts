/**
 * A request handler this fix makes async must still answer when what it now awaits fails.
 * Before, a throw in a synchronous handler was an uncaught exception; after, it would be a
 * rejected promise nobody handles (the server ignores the handler's result): the client waits
 * until it times out and Node stops the process on the unhandled rejection. So the handler's body
 * goes into a `try` whose `catch`
 *   - node:http (`createServer`, `server.on('request')`): logs the error and answers 500 (or just
 *     ends the response when the headers are already out);
 *   - Express-style routers (express, polka, restify, router): passes the error to `next(error)`,
 *     whose error handler logs it and answers 500 (a `next` parameter is added when missing).
 * Frameworks that await their handlers themselves (fastify, koa, hono, hapi) need nothing.
 */
import { ts } from 'ts-morph';
import { indentationAt } from '../text';
import { calleeName, type FunctionNode, indentUnit, usesSemicolons } from './ast';
import type { FileState, FixContext } from './context';

/** Web frameworks whose routes take `(req, res, next)` and do not catch a rejected handler (Express 4). */
const NEXT_STYLE_FRAMEWORKS: ReadonlySet<string> = new Set(['express', 'polka', 'restify', 'router', 'connect']);

export type HandlerStyle = 'http' | 'next';

/** How a handler passed as an argument of `holder` reports errors, if this module knows. */
export function handlerStyleOf(holder: ts.CallExpression, frameworkOf: (receiver: ts.Expression) => string | undefined): HandlerStyle | undefined {
  const name = calleeName(holder);
  if (name === 'createServer' || name === 'createSecureServer') return 'http';
  const callee = holder.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const first = holder.arguments[0];
  if (name === 'on' && first && ts.isStringLiteralLike(first) && first.text === 'request') return 'http';
  const framework = frameworkOf(callee.expression);
  return framework && NEXT_STYLE_FRAMEWORKS.has(framework) ? 'next' : undefined;
}

/** Wraps the body of a handler just made async in try/catch (see the module comment). */
export function answerErrors(ctx: FixContext, file: FileState, fn: FunctionNode, style: HandlerStyle): void {
  const sf = file.sf;
  const body = fn.body;
  if (!body) return;
  const params = fn.parameters;
  const semicolon = usesSemicolons(sf) ? ';' : '';
  let catchLines: string[];
  if (style === 'http') {
    const response = params[1];
    if (!response || !ts.isIdentifier(response.name)) return; // a handler that never answers has nothing to answer with
    const res = response.name.text;
    catchLines = [
      `console.error(error)${semicolon}`,
      `if (!${res}.headersSent) ${res}.statusCode = 500${semicolon}`,
      `if (!${res}.writableEnded) ${res}.end()${semicolon}`,
    ];
  } else {
    let next = params[2] && ts.isIdentifier(params[2].name) ? params[2].name.text : undefined;
    if (!next) {
      if (params.length !== 2 || !ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return;
      next = file.imports.reserve('next');
      const last = params[params.length - 1];
      ctx.edits.insert(file.path, last.getEnd(), `, ${next}`);
    }
    catchLines = [`${next}(error)${semicolon}`];
  }
  const unit = indentUnit(file.text);
  const base = indentationAt(file.text, fn.getStart(sf));
  const inner = base + unit;
  const catchText = (indent: string) => `${indent}} catch (error) {\n${catchLines.map((line) => `${indent}${unit}${line}`).join('\n')}\n${indent}}`;
  if (ts.isBlock(body)) {
    const open = body.getStart(sf) + 1;
    const close = body.getEnd() - 1;
    ctx.edits.insert(file.path, open, `\n${inner}try {`);
    indentLines(ctx, file, open, close, unit);
    const closeLine = file.text.lastIndexOf('\n', close - 1) + 1;
    if (file.text.slice(closeLine, close).trim() === '') ctx.edits.insert(file.path, closeLine, `${catchText(inner)}\n`);
    else ctx.edits.insert(file.path, close, `\n${catchText(inner)}\n${base}`);
  } else {
    const start = body.getStart(sf);
    ctx.edits.insert(file.path, start, `{\n${inner}try {\n${inner}${unit}`);
    ctx.edits.insert(file.path, body.getEnd(), `${semicolon}\n${catchText(inner)}\n${base}}`);
  }
}

/**
 * One more indentation step for every line of the body, except lines that start inside a string
 * or template literal (their leading spaces are text).
 */
function indentLines(ctx: FixContext, file: FileState, start: number, end: number, unit: string): void {
  const literals: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      literals.push([node.getStart(file.sf), node.getEnd()]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sf);
  const text = file.text;
  for (let index = text.indexOf('\n', start); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    const lineStart = index + 1;
    if (lineStart >= end) break;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() === '' || literals.some(([from, to]) => from < lineStart && lineStart < to)) continue;
    if (lineStart + line.length >= end) break; // the closing brace's line keeps its indentation
    ctx.edits.insert(file.path, lineStart, unit);
  }
}
