/**
 * Symbolic numeric values, just enough to bound loops: literals, parameters, module constants,
 * array literals and simple arithmetic. A value that cannot be known is `unknown`, and the cost
 * model then assumes a configured bound and marks the estimate data-dependent.
 */
export type ValueExpr =
  | { k: 'num'; v: number }
  | { k: 'param'; index: number }
  | { k: 'len'; of: ValueExpr }
  /** an element of an array (the largest, when the array is known): `numbers.map(task)` passes each */
  | { k: 'elem'; of: ValueExpr }
  | { k: 'arr'; items: ValueExpr[] }
  /**
   * an array built up in place (`const out = []`, then `out.push(x)` in a loop over the input): its
   * length is followed, its items are not
   */
  | { k: 'grown'; length: ValueExpr; itemBytes?: number }
  /**
   * a string or buffer of a size the code shows (`'ab'.repeat(n)`, `Buffer.alloc(n)`, the join of
   * an array of known length and item size): its content is not followed, its size in bytes is
   */
  | { k: 'sized'; bytes: ValueExpr }
  | { k: 'bin'; op: BinaryOp; a: ValueExpr; b: ValueExpr }
  /**
   * a value of constant size that is not a number the model follows: a string, boolean or null
   * literal, an object literal of such values, a module's own path (`__filename`). A kernel over it
   * (serialise, hash, parse) costs a small constant, whatever the inputs. A short string literal
   * keeps its text (`'x25519'`): a kernel whose work depends on the algorithm an argument names
   * reads it (CpuCost.perAlgorithm).
   */
  | { k: 'small'; text?: string }
  | { k: 'unknown' };

export type BinaryOp = '+' | '-' | '*' | '/' | '**' | '<<' | '>>' | '%' | 'max';

export const UNKNOWN: ValueExpr = { k: 'unknown' };
export const SMALL_VALUE: ValueExpr = { k: 'small' };

export function num(v: number): ValueExpr {
  return { k: 'num', v };
}

/** Literal texts up to this length are kept in their value: names of algorithms, modes, encodings. */
export const KEPT_LITERAL_LENGTH = 32;

/** The text of a string literal the value is, when it was kept (a short literal, or a constant holding one). */
export function literalText(expr: ValueExpr | undefined): string | undefined {
  return expr?.k === 'small' ? expr.text : undefined;
}

/** A concrete value for evaluation: a number, an array of values, a value of constant size, or unknown. */
export type Concrete = number | Concrete[] | typeof SMALL | undefined;

/** The concrete form of `{ k: 'small' }`: its size is a constant, its content unknown. */
export const SMALL = 'small';

/**
 * Is the value's size a constant, whatever the inputs: a number, a constant-size value, or an
 * array of them? A kernel over such values (all of a call's arguments) costs a small constant.
 */
export function isConstantSize(value: Concrete): boolean {
  if (value === undefined) return false;
  return Array.isArray(value) ? value.every(isConstantSize) : true;
}

export function evaluateValue(expr: ValueExpr, args: readonly Concrete[]): Concrete {
  switch (expr.k) {
    case 'num':
      return expr.v;
    case 'param':
      return args[expr.index];
    case 'arr':
      return expr.items.map((item) => evaluateValue(item, args));
    case 'len': {
      if (expr.of.k === 'grown') return evaluateValue(expr.of.length, args);
      if (expr.of.k === 'sized') return evaluateValue(expr.of.bytes, args);
      const of = evaluateValue(expr.of, args);
      return Array.isArray(of) ? of.length : undefined;
    }
    case 'elem':
      return largestNumber(evaluateValue(expr.of, args));
    case 'bin':
      return evaluateBinary(expr.op, evaluateValue(expr.a, args), evaluateValue(expr.b, args));
    case 'small':
      return SMALL;
    // its items are not known, so neither is its size as a kernel's input (only its length,
    // above, and its bytes: evaluateBytes)
    case 'grown':
    case 'sized':
    case 'unknown':
      return undefined;
  }
}

function evaluateBinary(op: BinaryOp, a: Concrete, b: Concrete): Concrete {
  // `'tmp-' + n`: a string of constant size
  if (op === '+' && (a === SMALL || b === SMALL)) return (typeof a === 'number' || a === SMALL) && (typeof b === 'number' || b === SMALL) ? SMALL : undefined;
  if (typeof a !== 'number' || typeof b !== 'number') return undefined;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '**': return a ** b;
    case '<<': return a * 2 ** b;
    case '>>': return Math.floor(a / 2 ** b);
    case '%': return b === 0 ? undefined : a % b;
    case 'max': return Math.max(a, b);
  }
}

/** Bytes an item of unknown content but constant size takes when serialised or joined (a number, a short name). */
export const ITEM_BYTES = 8;

/**
 * The size in bytes of a value the code shows the size of, for the caller's argument values: a
 * sized string or buffer, an array grown by pushes of items of known size, an array literal of
 * such values. Undefined when the code does not say (a parameter, data read, an unknown call).
 */
export function evaluateBytes(expr: ValueExpr, args: readonly Concrete[]): number | undefined {
  switch (expr.k) {
    case 'sized': {
      const bytes = evaluateValue(expr.bytes, args);
      return typeof bytes === 'number' && Number.isFinite(bytes) ? Math.max(0, bytes) : undefined;
    }
    case 'grown': {
      const length = evaluateValue(expr.length, args);
      return expr.itemBytes === undefined || typeof length !== 'number' || !Number.isFinite(length) ? undefined : Math.max(0, length) * (expr.itemBytes + 1);
    }
    case 'arr': {
      let total = 2;
      for (const item of expr.items) total += (evaluateBytes(item, args) ?? ITEM_BYTES) + 1;
      return total;
    }
    default:
      return undefined;
  }
}

/** The largest number inside a concrete value (used when an array's elements become arguments). */
export function largestNumber(value: Concrete): number | undefined {
  if (typeof value === 'number') return value;
  if (!Array.isArray(value)) return undefined;
  let best: number | undefined;
  for (const item of value) {
    const n = largestNumber(item);
    if (n !== undefined && (best === undefined || n > best)) best = n;
  }
  return best;
}

/** Does the expression depend on a parameter (so call sites decide its value)? */
export function dependsOnParams(expr: ValueExpr): boolean {
  switch (expr.k) {
    case 'param': return true;
    case 'len':
    case 'elem':
      return dependsOnParams(expr.of);
    case 'arr': return expr.items.some(dependsOnParams);
    case 'grown': return dependsOnParams(expr.length);
    case 'sized': return dependsOnParams(expr.bytes);
    case 'bin': return dependsOnParams(expr.a) || dependsOnParams(expr.b);
    default: return false;
  }
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  if (Math.abs(n) >= 1e15) return n.toExponential(1);
  // Fractions (a volatility of 0.2, a ratio) keep their digits; counts are grouped by thousands.
  if (!Number.isInteger(n) && Math.abs(n) < 1000) return String(Number(n.toPrecision(3)));
  return groupThousands(Math.round(n));
}

/** `10000000` → `10,000,000`; toLocaleString does the same but is slow enough to show in profiles. */
function groupThousands(n: number): string {
  const digits = String(Math.abs(n));
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) grouped = digits.slice(Math.max(0, end - 3), end) + (grouped ? `,${grouped}` : '');
  return n < 0 ? `-${grouped}` : grouped;
}
