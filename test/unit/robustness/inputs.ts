/**
 * Pathological programs: deep nesting, long chains, huge literals. Generated, so each test
 * names the shape and the size that once crashed the analysis.
 */

/** `const s = 'x' +\n'x' +\n…;` — a long left-leaning chain of binary operators. */
export function longConcatenation(terms: number): string {
  return `const s = ${Array.from({ length: terms }, () => "'x'").join(' +\n')};\nexport { s };\n`;
}

/** `(((…1…)))` over many lines (one per level, so the file does not look minified). */
export function nestedParentheses(depth: number): string {
  return `export const value = ${'(\n'.repeat(depth)}1${')\n'.repeat(depth)};\n`;
}

export function nestedArrays(depth: number): string {
  return `export const value = ${'[\n'.repeat(depth)}1${']\n'.repeat(depth)};\n`;
}

export function nestedCalls(depth: number): string {
  return `declare function f(x: unknown): unknown;\nexport const value = ${'f(\n'.repeat(depth)}1${')\n'.repeat(depth)};\n`;
}

export function nestedFunctions(depth: number): string {
  const opening = Array.from({ length: depth }, (_, index) => `function level${index}() {\n`).join('');
  return `${opening}return 1;\n${'}\n'.repeat(depth)}`;
}

/** f0 calls f1 calls … f<length>: a long chain of calls, each in its own function. */
export function callChain(length: number): string {
  const links = Array.from({ length }, (_, index) => `function f${index}(x: number): number { return f${index + 1}(x) + 1; }`);
  return `${links.join('\n')}\nfunction f${length}(x: number): number { return x; }\nexport const result = f0(1);\n`;
}

export function pythonLongConcatenation(terms: number): string {
  return `s = (${Array.from({ length: terms }, () => "'x'").join(' +\n')})\n`;
}

export function pythonNestedParentheses(depth: number): string {
  return `value = ${'(\n'.repeat(depth)}1${')\n'.repeat(depth)}\n`;
}

/** A file with one known, error-level finding: the result every other file must keep. */
export const HANDLER_WITH_SYNC_IO = `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
createServer((req, res) => {
  res.end(readFileSync('page.html', 'utf8'));
}).listen(8080);
`;

export const PYTHON_CPU_IN_THREAD = `import threading

def work():
    total = 0
    for i in range(10_000_000):
        total += i
    return total

threading.Thread(target=work).start()
`;
