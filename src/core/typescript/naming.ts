/**
 * Names for function-like nodes, including anonymous ones named by their context
 * (`app.get('/report') handler`, `items.map callback`, `Promise executor`), and recognition of
 * request handlers.
 */
import { ts } from 'ts-morph';
import type { HandlerInfo } from './summary';

export const ITERATION_METHODS: ReadonlySet<string> = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex',
  'findLast', 'findLastIndex', 'flatMap', 'sort', 'toSorted',
]);

const ROUTE_METHODS: ReadonlySet<string> = new Set([
  'get', 'post', 'put', 'delete', 'del', 'patch', 'all', 'options', 'head', 'use',
]);

/** Receivers whose route registrations we trust by name when their origin is not visible. */
const ROUTER_NAMES = /^(app|router|server|api|routes?|fastify|koa|hono|r|v\d+)$/i;

export const WEB_FRAMEWORKS: ReadonlySet<string> = new Set([
  'express', 'fastify', 'koa', 'koa-router', '@koa/router', 'hono', 'restify', 'polka', '@hapi/hapi',
]);

const NEXT_ROUTE_FILE = /[\\/]app[\\/](?:.*[\\/])?route\.[cm]?[jt]sx?$/;
const NEXT_API_FILE = /[\\/]pages[\\/]api[\\/]/;
const HTTP_VERBS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;
const NEST_ROUTE_DECORATORS = /^(Get|Post|Put|Patch|Delete|All|Options|Head)$/;

const MAX_LABEL = 48;

export function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  if (oneLine.length <= MAX_LABEL) return oneLine;
  const lastDot = oneLine.lastIndexOf('.', oneLine.length - 4);
  const tail = lastDot > 0 ? oneLine.slice(lastDot + 1) : oneLine.slice(-MAX_LABEL + 1);
  return `…${tail.slice(-MAX_LABEL + 1)}`;
}

function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '<class>';
}

/** The target of an assignment such as `module.exports.x = fn` or `Foo.prototype.bar = fn`. */
export function assignmentTargetName(target: ts.Expression, sf: ts.SourceFile): string {
  if (ts.isPropertyAccessExpression(target)) {
    const receiver = target.expression;
    const receiverText = receiver.getText(sf);
    if (receiverText === 'module.exports' || receiverText === 'exports') return target.name.text;
    if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype') {
      return `${receiver.expression.getText(sf)}.${target.name.text}`;
    }
  }
  return shorten(target.getText(sf));
}

/** The name of the variable or property an object literal is assigned to, for `obj.method`. */
function objectLiteralOwner(literal: ts.ObjectLiteralExpression, sf: ts.SourceFile): string | undefined {
  const parent = literal.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.right === literal) {
    const left = parent.left.getText(sf);
    return left === 'module.exports' || left === 'exports' ? undefined : shorten(left);
  }
  if (ts.isPropertyAssignment(parent)) return propertyNameText(parent.name);
  return undefined;
}

function firstStringArgument(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) return first.text;
  return undefined;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Route registrations: `app.get('/x', handler)`, `router.post(...)`, `http.createServer(handler)`. */
export function handlerForCallArgument(
  call: ts.CallExpression,
  sf: ts.SourceFile,
  receiverIsWebFramework: (receiver: ts.Expression) => boolean,
): HandlerInfo | undefined {
  const name = calleeName(call);
  if (name === 'createServer' || name === 'createSecureServer') return { description: 'createServer' };
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (name === 'on' && firstStringArgument(call) === 'request') return { description: "server.on('request')" };
  if (!name || !ROUTE_METHODS.has(name)) return undefined;
  const receiver = callee.expression;
  const trusted = receiverIsWebFramework(receiver) || ROUTER_NAMES.test(receiver.getText(sf).split('.').pop() ?? '');
  if (!trusted) return undefined;
  const path = firstStringArgument(call);
  if (path === undefined && name !== 'use') return undefined;
  const receiverText = shorten(receiver.getText(sf));
  return { description: path === undefined ? `${receiverText}.use` : `${receiverText}.${name}('${path}')` };
}

/** Next.js route handlers and NestJS controller methods are handlers by where they are declared. */
export function handlerByDeclaration(node: ts.Node, name: string, filePath: string): HandlerInfo | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isVariableDeclaration(node.parent) || ts.isArrowFunction(node)) {
    if (NEXT_ROUTE_FILE.test(filePath) && HTTP_VERBS.test(name)) return { description: `Next.js route ${name}` };
    if (NEXT_API_FILE.test(filePath) && isDefaultExport(node)) return { description: 'Next.js API route' };
  }
  if (ts.isMethodDeclaration(node)) {
    const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : [];
    for (const decorator of decorators) {
      const expression = decorator.expression;
      const decoratorName = ts.isCallExpression(expression) && ts.isIdentifier(expression.expression)
        ? expression.expression.text
        : undefined;
      if (decoratorName && NEST_ROUTE_DECORATORS.test(decoratorName)) {
        return { description: `NestJS @${decoratorName} route` };
      }
    }
  }
  return undefined;
}

function isDefaultExport(node: ts.Node): boolean {
  if (ts.isFunctionDeclaration(node)) {
    const flags = ts.getCombinedModifierFlags(node);
    return (flags & ts.ModifierFlags.Default) !== 0;
  }
  return ts.isExportAssignment(node.parent);
}

/** A readable name for any function-like node. */
export function functionName(node: ts.SignatureDeclaration, sf: ts.SourceFile, handler?: HandlerInfo): string {
  if (ts.isConstructorDeclaration(node)) return `${className(node.parent)}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
    const member = propertyNameText(node.name) ?? '<computed>';
    if (ts.isClassLike(node.parent)) return `${className(node.parent)}.${member}`;
    if (ts.isObjectLiteralExpression(node.parent)) {
      const owner = objectLiteralOwner(node.parent, sf);
      return owner ? `${owner}.${member}` : member;
    }
    return member;
  }
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
  return contextualName(node, sf, handler);
}

function contextualName(node: ts.Node, sf: ts.SourceFile, handler?: HandlerInfo): string {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    parent = parent.parent;
  }
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) {
    return `${className(parent.parent)}.${propertyNameText(parent.name) ?? '<computed>'}`;
  }
  if (ts.isPropertyAssignment(parent)) {
    const member = propertyNameText(parent.name) ?? '<computed>';
    const owner = ts.isObjectLiteralExpression(parent.parent) ? objectLiteralOwner(parent.parent, sf) : undefined;
    return owner ? `${owner}.${member}` : member;
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return assignmentTargetName(parent.left, sf);
  }
  if (ts.isExportAssignment(parent)) return 'default';
  if (handler) return `${handler.description} handler`;
  if (ts.isNewExpression(parent)) return `${calleeName(parent) ?? 'new'} executor`;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      return `${shorten(callee.expression.getText(sf))}.${callee.name.text} callback`;
    }
    return `${shorten(callee.getText(sf))} callback`;
  }
  return '<anonymous>';
}
