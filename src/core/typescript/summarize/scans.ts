/**
 * Native scans over a string or an array: a global regular expression run over a string
 * (`text.replace(/[&<>]/g, …)`, `text.match(/\d+/g)`) and the joining of an array's every element
 * (`parts.join(',')`). Compiled code goes over the whole value: over the function's input data,
 * such a call is a loop over it. A regular expression without the `g` flag (`/^\d/.test(x)`,
 * `line.match(/^(\w+)=/)`) stops at its first match, mostly at the start of a short value: it is
 * a plain call.
 */
import type { ts } from 'ts-morph';
import { skipOuterExpressions, T } from './syntax';

/** String methods that run a global regular expression they are given over the whole string. */
const REGEX_STRING_METHODS: ReadonlySet<string> = new Set(['replace', 'replaceAll', 'match', 'matchAll']);

/**
 * The value this call goes over from end to end, when it is such a scan: the receiver of a
 * string method given a global regular expression, or of `join`. `isGlobalRegex` says whether an
 * expression holds a regular expression with the `g` flag.
 */
export function scannedValue(node: ts.CallExpression, isGlobalRegex: (expression: ts.Expression) => boolean): ts.Expression | undefined {
  const callee = skipOuterExpressions(node.expression);
  if (!T.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const [first] = node.arguments;
  if (method === 'join' && node.arguments.length <= 1) return callee.expression;
  if (first && REGEX_STRING_METHODS.has(method) && isGlobalRegex(first)) return callee.expression;
  return undefined;
}

/** A regular expression with the `g` flag: a literal (`/x/g`), or `RegExp(source, 'g…')` / `new RegExp(…)`. */
export function isGlobalRegexExpression(expression: ts.Expression): boolean {
  const node = skipOuterExpressions(expression);
  if (T.isRegularExpressionLiteral(node)) return /\/[a-z]*g[a-z]*$/.test(node.text);
  if ((T.isNewExpression(node) || T.isCallExpression(node)) && T.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
    const flags = node.arguments?.[1];
    return flags !== undefined && T.isStringLiteralLike(flags) && flags.text.includes('g');
  }
  return false;
}

/**
 * The names a file gives global regular expressions anywhere (`const AMP = /&/g`, `this.re =
 * /x/g`, `{ tag: /<\w+>/g }`), by name alone: `text.replace(AMP, …)` runs one.
 */
export function globalRegexNamesOf(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (T.isVariableDeclaration(node) && node.initializer && T.isIdentifier(node.name) && isGlobalRegexExpression(node.initializer)) names.add(node.name.text);
    else if (T.isPropertyAssignment(node) && (T.isIdentifier(node.name) || T.isStringLiteral(node.name)) && isGlobalRegexExpression(node.initializer)) names.add(node.name.text);
    else if (T.isBinaryExpression(node) && node.operatorToken.kind === T.SyntaxKind.EqualsToken && isGlobalRegexExpression(node.right)) {
      const target = skipOuterExpressions(node.left);
      if (T.isIdentifier(target)) names.add(target.text);
      else if (T.isPropertyAccessExpression(target)) names.add(target.name.text);
    }
    T.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}
