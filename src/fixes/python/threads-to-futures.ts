/**
 * thread-to-process-pool when the thread target hands its result back through an argument
 * (`results.append(count)`, `results[i] = count`): a process would write into a pickled copy, so
 * swapping Thread for Process would lose the result. Instead the target returns the value and the
 * code that joined the thread stores it, from a ProcessPoolExecutor future:
 *
 *     def count_primes(start, stop, results):        def count_primes(start, stop):
 *         ...                                             ...
 *         results.append(count)                           return count
 *
 *     first = threading.Thread(target=count_primes,   with ProcessPoolExecutor() as executor:
 *                 args=(0, N, counts))                    first = executor.submit(count_primes, 0, N)
 *     first.start()                                       counts.append(first.result())
 *     first.join()
 *
 * The store happens where the join was, in the thread that joined: the caller sees the same
 * values once the joins are done, as before (an `append` order that depended on which thread
 * finished first now follows the join order). Every shape it does not recognise is refused with
 * the reason (`ShapeRefusal`), never guessed:
 *   - the target: a module-level `def` with plain parameters, writing into exactly one of them,
 *     once, as its last statement (`p.append(value)` or `p[index] = value`, the index built from
 *     other parameters), with no other use of it and no `return`;
 *   - the threads: each `name = Thread(target=f, args=(...))` in one block, each name only
 *     started and joined (`name.start()`, `name.join()` on lines of their own), every thread of
 *     the file running this target written so.
 */
import { freeName, indentBlock, indentUnit, linesInsideStrings } from './text';

export class ShapeRefusal extends Error {}

function refuse(reason: string): never {
  throw new ShapeRefusal(reason);
}

interface Target {
  params: string[];
  /** the parameter the target writes its result into */
  written: number;
  /** parameters the target no longer needs once it returns its result: the written one, and any only the index used */
  dropped: Set<number>;
  /** the line (0-based) of the write, and what it becomes */
  writeLine: number;
  /** `append` or the index expression (in terms of the parameters) */
  store: { kind: 'append' } | { kind: 'index'; index: string };
  value: string;
  signatureLine: number;
  signature: string;
}

interface ThreadSite {
  name: string;
  line: number;
  args: string[];
  startLine: number;
  joinLine: number;
}

/**
 * The rewritten text, or a ShapeRefusal. `constructor` is the thread class as written
 * (`threading.Thread`, `Thread`); `guardFrom` the offset where script code must go under
 * `if __name__ == "__main__":` (undefined when it already is).
 */
export function threadsToFutures(text: string, target: string, written: string, constructor: string, guardFrom: number | undefined): string {
  const lines = text.split('\n');
  const fn = targetOf(lines, target, written);
  const sites = threadSites(lines, target, constructor, fn);
  const executor = freeName(text, 'executor');
  const unit = indentUnit(text);

  // the threads' block, first creation to last join, goes under `with ProcessPoolExecutor() as executor:`
  const first = Math.min(...sites.map((site) => site.line));
  const last = Math.max(...sites.map((site) => site.joinLine));
  const indent = leadingSpace(lines[first]);
  const strings = linesInsideStrings(text);
  for (let index = first; index <= last; index++) {
    if (lines[index].trim() !== '' && !strings.has(index) && !leadingSpace(lines[index]).startsWith(indent)) refuse('the threads are not started and joined in one block of code');
  }
  const block: string[] = [];
  for (let index = first; index <= last; index++) {
    const site = sites.find((candidate) => candidate.line === index || candidate.startLine === index || candidate.joinLine === index);
    if (!site) {
      block.push(lines[index]);
      continue;
    }
    if (index === site.startLine) continue;
    const kept = site.args.filter((_, position) => !fn.dropped.has(position));
    if (index === site.line) block.push(`${indent}${site.name} = ${executor}.submit(${[target, ...kept].join(', ')})`);
    else block.push(`${indent}${storeStatement(fn, site)}`);
  }
  const withBlock = [`${indent}with ProcessPoolExecutor() as ${executor}:`, indentBlock(block.join('\n'), unit)];
  const rewritten = [...lines.slice(0, first), ...withBlock, ...lines.slice(last + 1)];

  // the target returns its result instead of writing it
  const params = fn.params.filter((_, position) => !fn.dropped.has(position));
  rewritten[fn.signatureLine] = fn.signature.replace(/\(([^)]*)\)/, `(${params.join(', ')})`);
  rewritten[fn.writeLine] = `${leadingSpace(lines[fn.writeLine])}return ${fn.value}`;

  let result = rewritten.join('\n');
  if (guardFrom !== undefined) {
    const lineOfGuard = text.slice(0, guardFrom).split('\n').length - 1;
    if (lineOfGuard > first) refuse('the script code cannot move under `if __name__ == "__main__":`');
    const head = rewritten.slice(0, lineOfGuard).join('\n');
    const script = rewritten.slice(lineOfGuard).join('\n').replace(/\s+$/, '');
    result = `${head}${head ? '\n' : ''}if __name__ == "__main__":\n${indentBlock(script, unit)}\n`;
  }
  return result;
}

function leadingSpace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** `counts.append(first.result())` / `counts[0] = first.result()`: the target's write, done by the caller. */
function storeStatement(fn: Target, site: ThreadSite): string {
  const shared = site.args[fn.written];
  const value = `${site.name}.result()`;
  if (fn.store.kind === 'append') return `${shared}.append(${value})`;
  // the index in terms of the call's arguments (checked to be names or literals that do not change)
  const index = fn.store.index.replace(/\b[A-Za-z_]\w*\b/g, (word) => {
    const position = fn.params.indexOf(word);
    return position === -1 ? word : site.args[position];
  });
  return `${shared}[${index}] = ${value}`;
}

function targetOf(lines: string[], target: string, written: string): Target {
  const signatureLine = lines.findIndex((line) => new RegExp(`^def[ \\t]+${target}[ \\t]*\\(([^)]*)\\)[ \\t]*:[ \\t]*(#.*)?$`).test(line));
  if (signatureLine === -1) refuse(`${target}() is not a module-level \`def\` with its parameters on one line`);
  const signature = lines[signatureLine];
  const params = /\(([^)]*)\)/.exec(signature)![1].split(',').map((param) => param.trim()).filter(Boolean);
  if (!params.every((param) => /^[A-Za-z_]\w*$/.test(param))) refuse(`${target}() has parameters with defaults, annotations or *args`);
  const writtenNames = written.split(',').filter(Boolean);
  if (writtenNames.length !== 1) refuse(`${target}() writes into ${writtenNames.length} of its arguments`);
  const writtenIndex = params.indexOf(writtenNames[0]);
  if (writtenIndex === -1) refuse(`${target}() changed`);
  const shared = params[writtenIndex];

  // the body: the lines after the signature indented deeper than it (blank lines included)
  let end = signatureLine + 1;
  while (end < lines.length && (lines[end].trim() === '' || /^[ \t]/.test(lines[end]))) end++;
  const body = lines.slice(signatureLine + 1, end).map((line, offset) => ({ line, index: signatureLine + 1 + offset }));
  const code = body.filter(({ line }) => line.trim() !== '' && !/^\s*#/.test(line));
  if (code.length === 0) refuse(`${target}() has no body`);
  const bodyIndent = leadingSpace(code[0].line);
  const lastLine = code[code.length - 1];
  if (leadingSpace(lastLine.line) !== bodyIndent) refuse(`${target}() does not write its result as its last statement`);
  const uses = code.filter(({ line }) => new RegExp(`\\b${shared}\\b`).test(line));
  if (uses.length !== 1 || uses[0] !== lastLine) refuse(`${target}() uses \`${shared}\` other than to store its result once, at the end`);
  if (code.some(({ line }) => /^\s*(return|yield)\b/.test(line))) refuse(`${target}() returns or yields before it stores its result`);

  const statement = lastLine.line.trim().replace(/\s*#.*$/, '');
  const append = new RegExp(`^${shared}\\.append\\((.+)\\)$`).exec(statement);
  if (append) return { params, written: writtenIndex, dropped: new Set([writtenIndex]), writeLine: lastLine.index, store: { kind: 'append' }, value: append[1], signatureLine, signature };
  const indexed = new RegExp(`^${shared}\\[([^\\]]+)\\][ \\t]*=(?!=)[ \\t]*(.+)$`).exec(statement);
  if (indexed) {
    const names = indexed[1].match(/\b[A-Za-z_]\w*\b/g) ?? [];
    if (!names.every((name) => params.includes(name) && name !== shared)) refuse(`${target}() stores at an index that is not made of its other parameters`);
    const dropped = new Set([writtenIndex]);
    const elsewhere = code.filter((entry) => entry !== lastLine).map(({ line }) => line).join('\n') + indexed[2];
    for (const name of names) if (!new RegExp(`\\b${name}\\b`).test(elsewhere)) dropped.add(params.indexOf(name));
    return { params, written: writtenIndex, dropped, writeLine: lastLine.index, store: { kind: 'index', index: indexed[1].trim() }, value: indexed[2], signatureLine, signature };
  }
  return refuse(`${target}() stores its result in \`${shared}\` in a way other than \`${shared}.append(value)\` or \`${shared}[index] = value\``);
}

function threadSites(lines: string[], target: string, constructor: string, fn: Target): ThreadSite[] {
  const escaped = constructor.replace(/\./g, '\\.');
  const creation = new RegExp(`^[ \\t]*([A-Za-z_]\\w*)[ \\t]*=[ \\t]*${escaped}\\(\\s*target\\s*=\\s*${target}\\s*,\\s*args\\s*=\\s*\\((.*)\\)\\s*\\)[ \\t]*(#.*)?$`);
  const sites: ThreadSite[] = [];
  lines.forEach((line, index) => {
    if (!new RegExp(`\\btarget\\s*=\\s*${target}\\b`).test(line)) return;
    const match = creation.exec(line);
    if (!match) refuse(`a thread running ${target}() is not created as \`name = ${constructor}(target=${target}, args=(...))\` on one line`);
    const args = splitArguments(match[2]);
    if (args.length !== fn.params.length) refuse(`a thread passes ${args.length} arguments to ${target}(), which takes ${fn.params.length}`);
    if (!/^[A-Za-z_][\w.]*$/.test(args[fn.written])) refuse(`the list ${target}() writes into is passed as an expression, not a name`);
    if (fn.store.kind === 'index') {
      const indexNames = fn.store.index.match(/\b[A-Za-z_]\w*\b/g) ?? [];
      for (const name of indexNames) {
        const arg = args[fn.params.indexOf(name)];
        if (!/^(\d[\d_]*|'[^']*'|"[^"]*")$/.test(arg)) refuse(`the index argument \`${arg}\` is not a literal, so the store after join() could see another value`);
      }
    }
    const name = match[1];
    const uses = lines.map((other, at) => ({ other, at })).filter(({ other, at }) => at !== index && new RegExp(`\\b${name}\\b`).test(other));
    const start = uses.find(({ other }) => new RegExp(`^[ \\t]*${name}\\.start\\(\\)[ \\t]*(#.*)?$`).test(other));
    const join = uses.find(({ other }) => new RegExp(`^[ \\t]*${name}\\.join\\(\\)[ \\t]*(#.*)?$`).test(other));
    if (!start || !join || uses.length !== 2 || start.at > join.at || start.at < index) refuse(`the thread \`${name}\` is used other than started once and joined once`);
    sites.push({ name, line: index, args, startLine: start.at, joinLine: join.at });
  });
  if (sites.length === 0) refuse(`no thread of ${target}() created as \`name = ${constructor}(target=..., args=(...))\``);
  return sites;
}

/** Top-level comma-separated arguments (commas inside brackets or strings do not split). */
function splitArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if ('([{'.includes(ch)) {
      depth++;
    } else if (')]}'.includes(ch)) {
      depth--;
    } else if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) args.push(current.trim());
  return args;
}
