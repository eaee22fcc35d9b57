/**
 * A few composable type guards for validating messages that cross a trust boundary (webview ↔
 * extension host, demo process ↔ extension host). Small on purpose: the messages are simple and a
 * schema library would be one more dependency in both bundles. Objects are strict: an unexpected
 * key makes the whole message invalid, so a typo or an injected field is rejected, not ignored.
 */

export type Check<T> = (value: unknown) => value is T;
export type Checked<C> = C extends Check<infer T> ? T : never;

/** Longest string accepted anywhere: messages carry names and sentences, not documents. */
const MAX_STRING_LENGTH = 20_000;
const MAX_ARRAY_LENGTH = 10_000;

export const isString: Check<string> = (value): value is string =>
  typeof value === 'string' && value.length <= MAX_STRING_LENGTH;

export const isNumber: Check<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value);

export const isNonNegativeInteger: Check<number> = (value): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export const isBoolean: Check<boolean> = (value): value is boolean => typeof value === 'boolean';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function literal<const T extends string>(...allowed: readonly T[]): Check<T> {
  return (value): value is T => typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value): value is T | undefined => value === undefined || check(value);
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value): value is T | null => value === null || check(value);
}

export function arrayOf<T>(check: Check<T>, maxLength = MAX_ARRAY_LENGTH): Check<T[]> {
  return (value): value is T[] => Array.isArray(value) && value.length <= maxLength && value.every((item) => check(item));
}

function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Checked<S[K]> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ShapeType<S extends Shape> = { [K in RequiredKeys<S>]: Checked<S[K]> } & {
  [K in OptionalKeys<S>]?: Checked<S[K]>;
};

/** A plain object with exactly these keys (keys whose check accepts `undefined` may be missing). */
export function object<S extends Shape>(shape: S): Check<ShapeType<S>> {
  const keys = Object.keys(shape);
  return (value): value is ShapeType<S> => {
    if (!isRecord(value)) return false;
    if (Object.keys(value).some((key) => !hasOwn(shape, key))) return false;
    // only own properties count: an inherited `type` must not make a message valid
    return keys.every((key) => shape[key]!(hasOwn(value, key) ? value[key] : undefined));
  };
}

/**
 * A discriminated union on `type`: picks the variant by its tag and checks only that one, which also
 * gives a precise reason when logging a rejected message.
 */
export function taggedUnion<V extends Record<string, Check<{ type: string }>>>(variants: V): Check<Checked<V[keyof V]>> {
  return (value): value is Checked<V[keyof V]> => {
    if (!isRecord(value) || !hasOwn(value, 'type') || typeof value.type !== 'string') return false;
    if (!hasOwn(variants, value.type)) return false;
    return variants[value.type]!(value);
  };
}

/** A short, safe description of a rejected value for logs (never the whole payload). */
export function describeRejected(value: unknown): string {
  if (!isRecord(value)) return `a ${value === null ? 'null' : typeof value}`;
  const type = typeof value.type === 'string' ? JSON.stringify(value.type.slice(0, 40)) : 'no type';
  return `object with type ${type} and keys [${Object.keys(value).slice(0, 10).join(', ')}]`;
}
