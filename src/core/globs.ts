/** Exclude globs (`threadwise.exclude`, config `exclude`), matched with picomatch on `/` paths. */
import picomatch from 'picomatch';

const compiled = new Map<string, (file: string) => boolean>();

export function matchesAny(relativePath: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  const normalized = relativePath.split('\\').join('/');
  return patterns.some((pattern) => {
    let matcher = compiled.get(pattern);
    if (!matcher) {
      matcher = picomatch(pattern, { dot: true });
      compiled.set(pattern, matcher);
    }
    return matcher(normalized);
  });
}
