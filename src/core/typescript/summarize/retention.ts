/**
 * Does a value allocated here outlive the statement that makes it? Kept values (pushed into a
 * result, stored on an object or in a map, returned, accumulated into a string) survive the young
 * generation and cost the collector real work; temporaries (a key built for a look-up, a string
 * formatted and measured, an object passed to a call and dropped) die in the nursery and cost an
 * order of magnitude less. The cost model prices them apart (`js.alloc` and `js.alloc-temporary`
 * of core/cost/time.ts), read from where the value goes, syntactically:
 *
 *   rows.push({ id })                 // kept: an argument of a storing method
 *   out[key] = [a, b]                 // kept: stored on an object or array
 *   return `${a}-${b}`                // kept: the caller receives it (map callbacks build results)
 *   html += `<td>${cell}</td>`        // kept: accumulated into a longer string
 *   const word = `w${i}`; counts.set(word, (counts.get(word) ?? 0) + 1)   // temporary: a look-up key
 *   total += `${i}`.length            // temporary
 */
import type { ts } from 'ts-morph';
import type { Block } from '../summary';
import { T } from './syntax';

/** Methods that store what they are given in their receiver. */
const STORING_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'splice', 'add', 'set', 'concat', 'fill', 'append', 'enqueue']);
/** Methods that look a key up without storing it. */
const LOOK_UP_METHODS: ReadonlySet<string> = new Set(['get', 'has']);
/** How many parents up a value is followed (through parentheses, literals, conditionals). */
const MAX_DEPTH = 12;

/** Counts the value `node` allocates in the block, as kept or temporary. */
export function countAllocation(block: Block, node: ts.Node): void {
  if (isRetained(node)) block.allocations += 1;
  else block.temporaries += 1;
}

/** Is the value `node` allocates kept beyond the statement (see the module comment)? */
export function isRetained(node: ts.Node): boolean {
  return retainedAt(node, true);
}

function retainedAt(node: ts.Node, followVariables: boolean): boolean {
  let current = node;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = current.parent;
    if (!parent) return false;
    if (passesThrough(parent, current)) {
      current = parent;
      continue;
    }
    if (T.isPropertyAssignment(parent) || T.isShorthandPropertyAssignment(parent)) {
      // a property's value is kept as long as the object literal that holds it
      current = parent.parent;
      continue;
    }
    if (T.isReturnStatement(parent)) return true;
    if (T.isElementAccessExpression(parent) && parent.argumentExpression === current) return storesKey(parent);
    if (T.isArrowFunction(parent)) return parent.body === current;
    if (T.isCallExpression(parent)) return parent.arguments.includes(current as ts.Expression) && storesArgument(parent, current as ts.Expression);
    if (T.isBinaryExpression(parent) && parent.right === current) return assignmentKeeps(parent, followVariables);
    if (T.isBinaryExpression(current) && current === node && current.operatorToken.kind === T.SyntaxKind.PlusEqualsToken) return true;
    if (T.isVariableDeclaration(parent) && parent.initializer === current) {
      return followVariables && T.isIdentifier(parent.name) && variableRetained(parent.name);
    }
    return false;
  }
  return false;
}

/** Parents the value flows through unchanged: parentheses, assertions, conditionals, defaults, literals holding it. */
function passesThrough(parent: ts.Node, child: ts.Node): boolean {
  if (T.isParenthesizedExpression(parent) || T.isAsExpression(parent) || T.isNonNullExpression(parent) || T.isSatisfiesExpression(parent) || T.isTypeAssertionExpression(parent)) return true;
  if (T.isConditionalExpression(parent)) return parent.condition !== child;
  if (T.isArrayLiteralExpression(parent) || T.isSpreadElement(parent)) return true;
  if (T.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return operator === T.SyntaxKind.QuestionQuestionToken || operator === T.SyntaxKind.BarBarToken || operator === T.SyntaxKind.AmpersandAmpersandToken;
  }
  return false;
}

/**
 * `list.push(x)`, `map.set(key, value)`, `seen.add(x)` keep what they are given; a key set in a
 * map it is also looked up in (`counts.set(word, (counts.get(word) ?? 0) + 1)`) is mostly there
 * already: it is a look-up key, not a new entry.
 */
function storesArgument(call: ts.CallExpression, argument: ts.Expression): boolean {
  const callee = call.expression;
  if (!T.isPropertyAccessExpression(callee) || !STORING_METHODS.has(callee.name.text)) return false;
  if (callee.name.text !== 'set' || call.arguments.indexOf(argument) !== 0) return true;
  return !looksUpSameKey(call, callee.expression.getText(), argument.getText());
}

/** Is `key` also passed to `receiver.get(…)` or `receiver.has(…)` in the function around `call`? */
function looksUpSameKey(call: ts.Node, receiver: string, key: string): boolean {
  return looksUpIn(enclosingScope(call), `${receiver}\u0000${key}`);
}

/**
 * `settings[key] = value` stores a new key with the value; a key the object is also read at
 * (`counts[key] = (counts[key] || 0) + 1`) is mostly there already: a look-up key.
 */
function storesKey(access: ts.ElementAccessExpression): boolean {
  if (!isAssignedTo(access)) return false;
  return !looksUpIn(enclosingScope(access), `${access.expression.getText()}\u0000${access.argumentExpression.getText()}`);
}

/** `obj.x = value`, `out[i] = value`, `text += part` keep it; `name = value` keeps it if `name` does. */
function assignmentKeeps(assignment: ts.BinaryExpression, followVariables: boolean): boolean {
  const operator = assignment.operatorToken.kind;
  const target = assignment.left;
  if (operator === T.SyntaxKind.PlusEqualsToken) return true;
  if (operator !== T.SyntaxKind.EqualsToken) return false;
  if (T.isPropertyAccessExpression(target) || T.isElementAccessExpression(target)) return true;
  return followVariables && T.isIdentifier(target) && variableRetained(target);
}

/** Is a variable's value kept by any of its uses in the function (pushed, stored, returned …)? */
function variableRetained(name: ts.Identifier): boolean {
  const uses = identifiersIn(enclosingScope(name), name.text);
  return uses.some((use) => use !== name && !isDeclarationName(use) && retainedAt(use, false));
}

/**
 * What the retention questions read of a file, built in one walk of its tree: a function's
 * uses of a name and its look-ups are the entries that lie within the function. (An index per
 * function walked each nested function once per function around it: the whole file once per
 * level of nesting in a bundle's module wrappers.)
 */
interface FileIndex {
  /** identifiers by name, in source order */
  identifiers: Map<string, ts.Identifier[]>;
  /** by `receiver\0key`, every `receiver.get(key)`, `receiver.has(key)` and `receiver[key]` read */
  lookUps: Map<string, ts.Node[]>;
}

const FILE_INDEXES = new WeakMap<ts.SourceFile, FileIndex>();

/** The uses of `name` in the scope (the scope's own node and everything under it). */
function identifiersIn(scope: ts.Node, name: string): ts.Identifier[] {
  const all = indexOf(scope.getSourceFile()).identifiers.get(name);
  if (!all) return [];
  const uses: ts.Identifier[] = [];
  for (let at = firstAtOrAfter(all, scope.pos); at < all.length && all[at].pos <= scope.end; at++) {
    if (isWithin(all[at], scope)) uses.push(all[at]);
  }
  return uses;
}

/** Is there a look-up `receiver\0key` in the scope? */
function looksUpIn(scope: ts.Node, key: string): boolean {
  return indexOf(scope.getSourceFile()).lookUps.get(key)?.some((node) => isWithin(node, scope)) ?? false;
}

/** The index of the first node (of nodes in source order) that starts at `pos` or after. */
function firstAtOrAfter(nodes: readonly ts.Node[], pos: number): number {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (nodes[middle].pos < pos) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Is `node` the scope or under it? A node with text inside the scope's text is; an empty one (a
 * name the parser supplied where it was missing) may sit at the scope's edge and is looked up.
 */
function isWithin(node: ts.Node, scope: ts.Node): boolean {
  if (node.pos < scope.pos || node.end > scope.end) return false;
  if (node.pos < node.end) return true;
  for (let current: ts.Node | undefined = node; current; current = current.parent) if (current === scope) return true;
  return false;
}

function indexOf(sf: ts.SourceFile): FileIndex {
  let index = FILE_INDEXES.get(sf);
  if (index) return index;
  const built: FileIndex = { identifiers: new Map(), lookUps: new Map() };
  const addLookUp = (node: ts.Node, receiver: ts.Node, key: ts.Node): void => {
    const text = `${receiver.getText(sf)}\u0000${key.getText(sf)}`;
    const list = built.lookUps.get(text);
    if (list) list.push(node);
    else built.lookUps.set(text, [node]);
  };
  // an explicit stack: generated code chains thousands of operators, too deep for recursion
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (T.isIdentifier(node)) {
      const list = built.identifiers.get(node.text);
      if (list) list.push(node);
      else built.identifiers.set(node.text, [node]);
    } else if (T.isCallExpression(node) && T.isPropertyAccessExpression(node.expression) && LOOK_UP_METHODS.has(node.expression.name.text) && node.arguments[0]) {
      addLookUp(node, node.expression.expression, node.arguments[0]);
    } else if (T.isElementAccessExpression(node) && !isAssignedTo(node)) {
      addLookUp(node, node.expression, node.argumentExpression);
    }
    T.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  // children were taken last first: identifiers (which never nest) came in reverse source order
  for (const list of built.identifiers.values()) list.reverse();
  index = built;
  FILE_INDEXES.set(sf, index);
  return index;
}

function isAssignedTo(access: ts.ElementAccessExpression): boolean {
  const parent = access.parent;
  return T.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind === T.SyntaxKind.EqualsToken;
}

function isDeclarationName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (T.isVariableDeclaration(parent) || T.isParameter(parent) || T.isPropertyAccessExpression(parent)) && parent.name === node;
}

/** The function (or source file) the node is in: where its variables are used. */
function enclosingScope(node: ts.Node): ts.Node {
  let current: ts.Node | undefined = node.parent;
  while (current && !T.isSourceFile(current) && !T.isFunctionDeclaration(current) && !T.isFunctionExpression(current) && !T.isArrowFunction(current) && !T.isMethodDeclaration(current) && !T.isConstructorDeclaration(current)) {
    current = current.parent;
  }
  return current ?? node;
}
