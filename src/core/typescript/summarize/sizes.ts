/**
 * Sizes the code shows: how many bytes a value of constant size takes as text (an item pushed
 * into an array that is later joined or serialised), and the symbolic size of strings and buffers
 * built from known parts (`'ab'.repeat(n)`, `Buffer.alloc(n)`, `lines.join('\n')` of an array of
 * known length). A kernel priced per KB (JSON, compression, a regular expression over text) is
 * then priced for that size rather than for an input of ordinary size.
 */
import type { ts } from 'ts-morph';
import { ITEM_BYTES, num, type ValueExpr } from '../values';
import { propertyName, skipOuterExpressions, T } from './syntax';

/** Nesting followed into object and array literals. */
const MAX_DEPTH = 4;

/** Arrays of bytes: their length is their size in bytes (wider typed arrays are not sized: their length is not). */
export const BYTE_ARRAYS: ReadonlySet<string> = new Set(['Uint8Array', 'Int8Array', 'Uint8ClampedArray']);

/**
 * Bytes the value takes written out as text or JSON, read from its syntax: a literal's length, a
 * template's text plus a short value per substitution, an object or array literal's parts.
 * Anything else (a variable, a number computed, a call) is a short value.
 */
export function textBytes(expression: ts.Expression, depth = 0): number {
  const node = skipOuterExpressions(expression);
  if (T.isStringLiteral(node) || T.isNoSubstitutionTemplateLiteral(node)) return node.text.length + 2;
  if (T.isNumericLiteral(node)) return node.text.length;
  if (node.kind === T.SyntaxKind.TrueKeyword || node.kind === T.SyntaxKind.NullKeyword) return 4;
  if (node.kind === T.SyntaxKind.FalseKeyword) return 5;
  if (T.isTemplateExpression(node)) {
    return node.templateSpans.reduce((total, span) => total + span.literal.text.length + (depth < MAX_DEPTH ? spanBytes(span.expression) : ITEM_BYTES), node.head.text.length + 2);
  }
  if (depth >= MAX_DEPTH) return ITEM_BYTES;
  if (T.isObjectLiteralExpression(node)) {
    let total = 2;
    for (const property of node.properties) {
      const key = T.isPropertyAssignment(property) || T.isShorthandPropertyAssignment(property) ? propertyName(property.name) : undefined;
      if (key === undefined) continue;
      total += key.length + 4 + (T.isPropertyAssignment(property) ? textBytes(property.initializer, depth + 1) : ITEM_BYTES);
    }
    return total;
  }
  if (T.isArrayLiteralExpression(node)) return node.elements.reduce((total, element) => total + textBytes(element, depth + 1) + 1, 2);
  return ITEM_BYTES;
}

/** A substitution in a template: a literal's own length, else a short value (a number, a name). */
function spanBytes(expression: ts.Expression): number {
  const node = skipOuterExpressions(expression);
  return T.isStringLiteral(node) || T.isNumericLiteral(node) ? node.text.length : ITEM_BYTES - 2;
}

/** The symbolic size in bytes of a value, when the value says it (see values.ts `sized` and `grown`). */
export function bytesOf(value: ValueExpr): ValueExpr | undefined {
  if (value.k === 'sized') return value.bytes;
  if (value.k === 'grown' && value.itemBytes !== undefined) return { k: 'bin', op: '*', a: value.length, b: num(value.itemBytes + 1) };
  return undefined;
}
