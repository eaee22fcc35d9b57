/**
 * Names for function-like nodes, including anonymous ones named by their context
 * (`app.get('/report') handler`, `items.map callback`, `Promise executor`), and recognition of
 * request handlers.
 *
 * Methods are named `<Owner>.<member>`, whatever syntax defines them:
 * - class members: `Class.method` (static ones too);
 * - prototypes: `Foo.prototype.bar = function` and `Foo.prototype = { bar() {} }` and
 *   `Object.assign(Foo.prototype, { bar() {} })` name `Foo.bar` (the `prototype` step is dropped);
 * - `this.bar = function` inside a constructor (function or class) names `Foo.bar`;
 * - a member assigned a function, named or not, is named by the assignment:
 *   `res.sendFile = function sendFile` is `res.sendFile`, `exports.x = function y` is `x`;
 * - object literals, including class emulation (`Base.extend({ bar() {} })`, `Object.create(p, ...)`):
 *   the owner is the variable the value is finally declared as (`var Hasher = C_lib.Hasher =
 *   Base.extend({...})` gives `Hasher.update`), else the last assignment's target without
 *   `module.exports.`/`exports.` and `.prototype` (`exports.Bar = Base.extend({...})` gives
 *   `Bar.method`), else a property the literal is the value of.
 * A named function expression in a variable declaration keeps its own name
 * (`const f = function g() {}` is `g`).
 */
import { ts } from 'ts-morph';

/**
 * The TypeScript namespace as a plain value: the bundle re-exports ts-morph's `ts` through a
 * getter, which costs a call on every `ts.isX` and `ts.SyntaxKind.X` in the hot walk.
 */
const T: typeof ts = ts;
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
const REQUEST_PARAMETER = /^req(uest)?$/;
const RESPONSE_PARAMETER = /^res(ponse)?$/;
const ERROR_PARAMETER = /^(err|error|e)$/;
const NODE_REQUEST_TYPE = /\bIncomingMessage\b/;
const NODE_RESPONSE_TYPE = /\bServerResponse\b/;

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
  if (T.isIdentifier(name) || T.isPrivateIdentifier(name)) return name.text;
  if (T.isStringLiteral(name) || T.isNumericLiteral(name)) return name.text;
  return undefined;
}

function className(node: ts.ClassLikeDeclaration): string {
  if (node.name) return node.name.text;
  const parent = node.parent;
  if (T.isVariableDeclaration(parent) && T.isIdentifier(parent.name)) return parent.name.text;
  return '<class>';
}

/** The target of an assignment such as `module.exports.x = fn` or `Foo.prototype.bar = fn`. */
export function assignmentTargetName(target: ts.Expression, sf: ts.SourceFile): string {
  if (T.isPropertyAccessExpression(target)) {
    const receiver = target.expression;
    const receiverText = receiver.getText(sf);
    if (receiverText === 'module.exports' || receiverText === 'exports') return target.name.text;
    if (T.isPropertyAccessExpression(receiver) && receiver.name.text === 'prototype') {
      return `${shorten(receiver.expression.getText(sf))}.${target.name.text}`;
    }
    if (receiver.kind === T.SyntaxKind.ThisKeyword) {
      const owner = enclosingConstructorName(target);
      if (owner) return `${owner}.${target.name.text}`;
    }
  }
  return shorten(target.getText(sf));
}

/** The class or constructor function `this` belongs to at this node, if it has a name. */
function enclosingConstructorName(node: ts.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (T.isArrowFunction(current)) continue;
    if (T.isClassLike(current)) return className(current);
    if (T.isConstructorDeclaration(current) || T.isMethodDeclaration(current)) return T.isClassLike(current.parent) ? className(current.parent) : undefined;
    if (T.isFunctionDeclaration(current) || T.isFunctionExpression(current)) {
      if (current.name) return current.name.text;
      const parent = current.parent;
      return T.isVariableDeclaration(parent) && T.isIdentifier(parent.name) ? parent.name.text : undefined;
    }
  }
  return undefined;
}

/**
 * The owner name of a value: the variable it is finally declared as, through chained assignments
 * (`var Hasher = C_lib.Hasher = value`), else the last assignment's target (without
 * `module.exports.` and `.prototype`); undefined for `module.exports = value`.
 */
function ownerOfValue(value: ts.Node, sf: ts.SourceFile): string | undefined {
  let node = value;
  let target: ts.Expression | undefined;
  while (true) {
    const parent = node.parent;
    if (T.isParenthesizedExpression(parent) || T.isAsExpression(parent) || T.isSatisfiesExpression(parent)) {
      node = parent;
    } else if (T.isBinaryExpression(parent) && parent.operatorToken.kind === T.SyntaxKind.EqualsToken && parent.right === node) {
      target ??= parent.left;
      node = parent;
    } else if (T.isVariableDeclaration(parent) && T.isIdentifier(parent.name)) {
      return parent.name.text;
    } else {
      break;
    }
  }
  if (!target) return undefined;
  let text = target.getText(sf).replace(/\s+/g, '');
  if (text === 'module.exports' || text === 'exports') return undefined;
  text = text.replace(/^(module\.)?exports\./, '').replace(/\.prototype$/, '');
  return shorten(text);
}

/** The name of the variable or property an object literal is assigned to, for `obj.method`. */
function objectLiteralOwner(literal: ts.ObjectLiteralExpression, sf: ts.SourceFile): string | undefined {
  const parent = literal.parent;
  if (T.isPropertyAssignment(parent)) return propertyNameText(parent.name);
  if (T.isPropertyDeclaration(parent) && T.isClassLike(parent.parent)) return `${className(parent.parent)}.${propertyNameText(parent.name) ?? '<computed>'}`;
  if (T.isCallExpression(parent) && parent.arguments.includes(literal)) {
    const callee = parent.expression;
    if (T.isPropertyAccessExpression(callee)) {
      // Object.assign(Foo.prototype, { ... }): the target names the owner
      if (callee.expression.getText(sf) === 'Object' && callee.name.text === 'assign' && parent.arguments[0] !== literal) {
        return shorten(parent.arguments[0].getText(sf).replace(/\.prototype$/, ''));
      }
      // Base.extend({ ... }), Object.create(proto, { ... }): named as the derived value is
      if (/^(extend|mixin|compose|create)$/.test(callee.name.text)) return ownerOfValue(parent, sf);
    }
    return undefined;
  }
  return ownerOfValue(literal, sf);
}

function firstStringArgument(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  if (first && (T.isStringLiteral(first) || T.isNoSubstitutionTemplateLiteral(first))) return first.text;
  return undefined;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (T.isIdentifier(callee)) return callee.text;
  if (T.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** Events a server emits per request or per client connection. */
const SERVER_EVENTS: ReadonlySet<string> = new Set(['request', 'connection', 'secureConnection']);

/**
 * Events emitted once per message received, whatever the emitter: a WebSocket's or a worker's or
 * a queue's `message`, a flow node's `input` (the runtime emits it on the node for every message
 * that reaches it; the node listens to itself, `this.on('input', …)`). Their listeners run per
 * message, as a request handler runs per request; a listener registered with `once` does not, nor
 * a child process's `process.on('message')` (its parent's commands: blocking there blocks the child).
 */
const MESSAGE_EVENTS: ReadonlySet<string> = new Set(['message', 'input']);

/** Methods that register a listener that stays (not `once`). */
const LISTENER_METHODS: ReadonlySet<string> = new Set(['on', 'addListener', 'prependListener']);

/** Route registrations: `app.get('/x', handler)`, `router.post(...)`, `http.createServer(handler)`, per-request and per-message listeners. */

export function handlerForCallArgument(
  call: ts.CallExpression,
  sf: ts.SourceFile,
  receiverIsWebFramework: (receiver: ts.Expression) => boolean,
): HandlerInfo | undefined {
  const name = calleeName(call);
  if (name === 'createServer' || name === 'createSecureServer') return { description: 'createServer' };
  const callee = call.expression;
  if (!T.isPropertyAccessExpression(callee)) return undefined;
  // a server's listener per request, or per client connection (net, tls, ws, socket.io: what the
  // connection's own listeners do then runs for every message of every client)
  const event = name && LISTENER_METHODS.has(name) ? firstStringArgument(call) : undefined;
  if (event !== undefined && SERVER_EVENTS.has(event) && name === 'on') return { description: `server.on('${event}')` };
  // `process.on('message')`: what a parent process sends this child, which blocks only the child
  if (event !== undefined && MESSAGE_EVENTS.has(event) && callee.expression.getText(sf) !== 'process') {
    return { description: `${shorten(callee.expression.getText(sf))}.${name}('${event}')` };
  }
  const receiver = callee.expression;
  const trusted = () => receiverIsWebFramework(receiver) || ROUTER_NAMES.test(receiver.getText(sf).split('.').pop() ?? '');
  // a view engine (`app.engine('tpl', renderView)`): the framework calls it for every `res.render`
  const extension = name === 'engine' && call.arguments.length >= 2 ? firstStringArgument(call) : undefined;
  if (extension !== undefined && trusted()) return { description: `${shorten(receiver.getText(sf))}.engine('${extension}')` };
  if (!name || (!ROUTE_METHODS.has(name) && name !== 'route')) return undefined;
  if (!trusted()) return undefined;
  if (name === 'route') {
    // fastify.route({ method, url, handler }): the options object's `handler`
    const options = call.arguments[0];
    if (!options || !T.isObjectLiteralExpression(options)) return undefined;
    const url = options.properties.find((property): property is ts.PropertyAssignment =>
      T.isPropertyAssignment(property) && /^(url|path)$/.test(propertyNameText(property.name) ?? ''));
    const urlText = url && (T.isStringLiteral(url.initializer) || T.isNoSubstitutionTemplateLiteral(url.initializer)) ? url.initializer.text : '';
    return { description: `${shorten(receiver.getText(sf))}.route('${urlText}')` };
  }
  const path = firstStringArgument(call);
  if (path === undefined && name !== 'use') return undefined;
  const receiverText = shorten(receiver.getText(sf));
  return { description: path === undefined ? `${receiverText}.use` : `${receiverText}.${name}('${path}')` };
}

/**
 * Next.js route handlers, NestJS controller methods and a template engine's Express entry
 * (`exports.__express = function (path, options, callback)`: Express loads it by that name for
 * the engine's file extension and calls it for every `res.render`) are handlers by where they are
 * declared.
 */
export function handlerByDeclaration(node: ts.Node, name: string, filePath: string): HandlerInfo | undefined {
  if (isExpressEngineEntry(node)) return { description: 'Express view engine (__express)' };
  if (T.isFunctionDeclaration(node) || T.isVariableDeclaration(node.parent) || T.isArrowFunction(node)) {
    if (NEXT_ROUTE_FILE.test(filePath) && HTTP_VERBS.test(name)) return { description: `Next.js route ${name}` };
    if (NEXT_API_FILE.test(filePath) && isDefaultExport(node)) return { description: 'Next.js API route' };
  }
  if (T.isMethodDeclaration(node)) {
    const decorators = T.canHaveDecorators(node) ? T.getDecorators(node) ?? [] : [];
    for (const decorator of decorators) {
      const expression = decorator.expression;
      const decoratorName = T.isCallExpression(expression) && T.isIdentifier(expression.expression)
        ? expression.expression.text
        : undefined;
      if (decoratorName && NEST_ROUTE_DECORATORS.test(decoratorName)) {
        return { description: `NestJS @${decoratorName} route` };
      }
    }
  }
  return undefined;
}

/** The Express view-engine protocol's entry: a function assigned to the module's `__express` export. */
const EXPRESS_ENGINE_EXPORT = '__express';

function isExpressEngineEntry(node: ts.Node): boolean {
  if (!T.isFunctionExpression(node) && !T.isArrowFunction(node)) return false;
  const assignment = node.parent;
  if (!assignment || !T.isBinaryExpression(assignment) || assignment.operatorToken.kind !== T.SyntaxKind.EqualsToken || assignment.right !== node) return false;
  const target = assignment.left;
  if (!T.isPropertyAccessExpression(target) || target.name.text !== EXPRESS_ENGINE_EXPORT) return false;
  const owner = target.expression;
  return (T.isIdentifier(owner) && owner.text === 'exports')
    || (T.isPropertyAccessExpression(owner) && T.isIdentifier(owner.expression) && owner.expression.text === 'module' && owner.name.text === 'exports');
}

/**
 * Functions written with the Node HTTP handler signature — `(req, res)`, `(req, res, next)`,
 * `(err, req, res, next)`, or parameters typed `IncomingMessage` / `ServerResponse` — run once per
 * request wherever they are registered: a middleware returned from a factory and mounted by
 * another package (`connect().use(createStatic(root))`) is never seen being registered here.
 */
export function handlerBySignature(node: ts.SignatureDeclaration, sf: ts.SourceFile): HandlerInfo | undefined {
  const parameters = node.parameters;
  const nameAt = (index: number) => {
    const parameter = parameters[index];
    return parameter && T.isIdentifier(parameter.name) ? parameter.name.text : undefined;
  };
  const typeAt = (index: number) => parameters[index]?.type?.getText(sf) ?? '';
  const offset = parameters.length === 4 && ERROR_PARAMETER.test(nameAt(0) ?? '') ? 1 : 0;
  if (parameters.length - offset < 2 || parameters.length - offset > 3) return undefined;
  const typed = NODE_REQUEST_TYPE.test(typeAt(offset)) && NODE_RESPONSE_TYPE.test(typeAt(offset + 1));
  const named = REQUEST_PARAMETER.test(nameAt(offset) ?? '') && RESPONSE_PARAMETER.test(nameAt(offset + 1) ?? '');
  return typed || named ? { description: offset ? '(err, req, res, next) handler' : '(req, res) handler' } : undefined;
}

function isDefaultExport(node: ts.Node): boolean {
  if (T.isFunctionDeclaration(node)) {
    const flags = T.getCombinedModifierFlags(node);
    return (flags & T.ModifierFlags.Default) !== 0;
  }
  return T.isExportAssignment(node.parent);
}

/** A readable name for any function-like node. */
export function functionName(node: ts.SignatureDeclaration, sf: ts.SourceFile, handler?: HandlerInfo): string {
  if (T.isConstructorDeclaration(node)) return `${className(node.parent)}.constructor`;
  if (T.isMethodDeclaration(node) || T.isGetAccessor(node) || T.isSetAccessor(node)) {
    const member = propertyNameText(node.name) ?? '<computed>';
    if (T.isClassLike(node.parent)) return `${className(node.parent)}.${member}`;
    if (T.isObjectLiteralExpression(node.parent)) {
      const owner = objectLiteralOwner(node.parent, sf);
      return owner ? `${owner}.${member}` : member;
    }
    return member;
  }
  if (T.isFunctionExpression(node) && node.name && isAssignedToMember(node)) return contextualName(node, sf, handler);
  if ((T.isFunctionDeclaration(node) || T.isFunctionExpression(node)) && node.name) return node.name.text;
  return contextualName(node, sf, handler);
}

/** `x.y = function f() {}`: the function is named by the member it becomes. */
function isAssignedToMember(node: ts.Node): boolean {
  let parent = node.parent;
  while (T.isParenthesizedExpression(parent)) parent = parent.parent;
  if (!T.isBinaryExpression(parent) || parent.operatorToken.kind !== T.SyntaxKind.EqualsToken || !T.isPropertyAccessExpression(parent.left)) return false;
  // `module.exports = function foo() {}` keeps its own name: the target names no member
  const target = parent.left;
  return !(T.isIdentifier(target.expression) && target.expression.text === 'module' && target.name.text === 'exports');
}

function contextualName(node: ts.Node, sf: ts.SourceFile, handler?: HandlerInfo): string {
  let parent = node.parent;
  while (T.isParenthesizedExpression(parent) || T.isAsExpression(parent) || T.isSatisfiesExpression(parent)) {
    parent = parent.parent;
  }
  if (T.isVariableDeclaration(parent) && T.isIdentifier(parent.name)) return parent.name.text;
  if (T.isPropertyDeclaration(parent) && T.isClassLike(parent.parent)) {
    return `${className(parent.parent)}.${propertyNameText(parent.name) ?? '<computed>'}`;
  }
  if (T.isPropertyAssignment(parent) && handler && propertyNameText(parent.name) === 'handler') return `${handler.description} handler`;
  if (T.isPropertyAssignment(parent)) {
    const member = propertyNameText(parent.name) ?? '<computed>';
    const owner = T.isObjectLiteralExpression(parent.parent) ? objectLiteralOwner(parent.parent, sf) : undefined;
    return owner ? `${owner}.${member}` : member;
  }
  if (T.isBinaryExpression(parent) && parent.operatorToken.kind === T.SyntaxKind.EqualsToken) {
    return assignmentTargetName(parent.left, sf);
  }
  if (T.isExportAssignment(parent)) return 'default';
  if (handler) return `${handler.description} handler`;
  if (T.isNewExpression(parent)) return `${calleeName(parent) ?? 'new'} executor`;
  if (T.isCallExpression(parent)) {
    const callee = parent.expression;
    if (T.isPropertyAccessExpression(callee)) {
      return `${shorten(callee.expression.getText(sf))}.${callee.name.text} callback`;
    }
    return `${shorten(callee.getText(sf))} callback`;
  }
  return '<anonymous>';
}
