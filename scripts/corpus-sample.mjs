#!/usr/bin/env node
// Re-runs the seeded selection rule of a blind corpus and checks the corpus labels exactly the
// functions it selects (see the corpus's `selection` and test/eval/blind2/README.md).
//
//   node scripts/corpus-sample.mjs blind2                                   # TS/JS: npm packages under .cache/blind2-corpus
//   node scripts/corpus-sample.mjs test/eval/blind2/python/corpus.json      # Python: packages under the corpus's sourceRoot
//   node scripts/corpus-sample.mjs blind2 --list                            # print the selection as JSON instead
//
// Candidates: named functions of at least MIN_LINES lines. TS/JS: function declarations, methods,
// and function or arrow expressions assigned to a variable, a property or an object-literal key, in
// the modules reachable through relative imports from the package's entry (its ESM entry when it has
// one, else `main`). Python: module-level functions and methods of module-level classes, outside
// tests/, names unique within their file. Candidates sorted by file and line are shuffled with
// mulberry32(seed); the first KR are the `random` stratum, then the first KA not yet taken that are
// public API (TS/JS: defined in the entry module, or in the modules it imports directly when it
// defines none; Python: the first name segment is defined in or imported into __init__.py and no
// segment is _private) are the `api` stratum.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT, corpusSource, packageDir } from './lib/corpus-install.mjs';
import { mulberry32 } from './lib/seeded-random.mjs';

const MIN_LINES = 3;
const ts = createRequire(join(ROOT, 'package.json'))('typescript');

function shuffled(items, seed) {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const byFileAndLine = (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);

// --------------------------------------------------------------------------------------------
// TypeScript / JavaScript

function resolveModule(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.js`, `${base}.mjs`, `${base}.cjs`, join(base, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function entryModule(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const dot = manifest.exports && (manifest.exports['.'] ?? manifest.exports);
  const pick = (e) => (typeof e === 'string' ? e : e && (pick(e.import) ?? pick(e.default)));
  const esm = dot && typeof dot === 'object' ? pick(dot.import) ?? pick(dot.default) : undefined;
  return resolveModule(join(dir, 'package.json'), `./${(esm ?? manifest.main ?? 'index.js').replace(/^\.\//, '')}`);
}

const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);

/** Modules a file names with a relative import, export-from or require. */
function relativeImports(file) {
  const found = [];
  const visit = (node) => {
    let spec;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) spec = node.moduleSpecifier.text;
    if (ts.isCallExpression(node) && node.expression.getText() === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) spec = node.arguments[0].text;
    if (spec?.startsWith('.')) found.push(resolveModule(file, spec));
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found.filter(Boolean);
}

function reachableModules(entry) {
  const seen = new Set();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...relativeImports(file));
  }
  return [...seen].sort();
}

function jsFunctions(file, dir) {
  const source = parse(file);
  const out = [];
  const lineOf = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const add = (name, nameNode, fn) => {
    if (lineOf(fn.getEnd()) - lineOf(fn.getStart(source)) + 1 < MIN_LINES) return;
    out.push({ file: relative(dir, file), function: name, line: lineOf(nameNode.getStart(source)) });
  };
  const isFunction = (n) => n && (ts.isFunctionExpression(n) || ts.isArrowFunction(n));
  const assignedName = (target) => {
    if (ts.isIdentifier(target)) return target.text;
    if (!ts.isPropertyAccessExpression(target)) return undefined;
    const owner = target.expression;
    if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'prototype') return `${owner.expression.getText()}.${target.name.text}`;
    return ['exports', 'module.exports'].includes(owner.getText()) ? target.name.text : `${owner.getText()}.${target.name.text}`;
  };
  const simpleName = (n) => n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) ? n.text : undefined;
  const visit = (node, owner) => {
    if (ts.isFunctionDeclaration(node) && node.name && node.body) add(node.name.text, node.name, node);
    else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && isFunction(node.initializer)) add(node.name.text, node.name, node.initializer);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isFunction(node.right)) {
      const name = assignedName(node.left);
      if (name) add(name, node.left, node.right);
    } else if (ts.isPropertyAssignment(node) && isFunction(node.initializer) && simpleName(node.name)) {
      add(owner ? `${owner}.${simpleName(node.name)}` : simpleName(node.name), node.name, node.initializer);
    } else if (ts.isMethodDeclaration(node) && node.body && simpleName(node.name)) {
      add(owner ? `${owner}.${simpleName(node.name)}` : simpleName(node.name), node.name, node);
    }
    let inner = owner;
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) inner = node.name?.text ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText() : owner);
    if (ts.isObjectLiteralExpression(node)) inner = ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, undefined);
  return out;
}

function jsCandidates(dir) {
  const entry = entryModule(dir);
  const apiFiles = new Set((jsFunctions(entry, dir).length ? [entry] : relativeImports(entry)).map((f) => relative(dir, f)));
  return reachableModules(entry)
    .flatMap((file) => jsFunctions(file, dir))
    .map((fn) => ({ ...fn, api: apiFiles.has(fn.file) }));
}

// --------------------------------------------------------------------------------------------
// Python (through python3's ast module)

const PYTHON_CANDIDATES = `
import ast, json, os, sys
root, pkg, min_lines = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = []
for d, subs, files in os.walk(os.path.join(root, pkg)):
    subs[:] = sorted(s for s in subs if s not in ('tests', 'test', '__pycache__'))
    for f in sorted(files):
        if not f.endswith('.py'):
            continue
        path = os.path.join(d, f)
        try:
            tree = ast.parse(open(path, encoding='utf-8').read())
        except Exception:
            continue
        found = []
        def add(node, prefix):
            if node.end_lineno - node.lineno + 1 >= min_lines:
                found.append({'file': os.path.relpath(path, root), 'function': prefix + node.name, 'line': node.lineno})
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                add(node, '')
            elif isinstance(node, ast.ClassDef):
                for member in node.body:
                    if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        add(member, node.name + '.')
        names = [x['function'] for x in found]
        out += [x for x in found if names.count(x['function']) == 1]
api = set()
init = os.path.join(root, pkg, '__init__.py')
if os.path.exists(init):
    tree = ast.parse(open(init, encoding='utf-8').read())
    api.update(n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and (n.level >= 1 or (n.module or '').split('.')[0] == pkg):
            api.update(a.asname or a.name for a in n.names)
        elif isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__all__' for t in n.targets) and isinstance(n.value, (ast.List, ast.Tuple)):
            api.update(e.value for e in n.value.elts if isinstance(e, ast.Constant))
private = lambda s: s.startswith('_') and not (s.startswith('__') and s.endswith('__'))
for x in out:
    segments = x['function'].split('.')
    x['api'] = segments[0] in api and not any(private(s) for s in segments)
print(json.dumps(out))
`;

function pythonCandidates(root, pkg) {
  const run = spawnSync('python3', ['-c', PYTHON_CANDIDATES, root, pkg, String(MIN_LINES)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 could not list the functions of ${pkg}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

// --------------------------------------------------------------------------------------------

/** The seeded selection for one package's candidates. */
export function select(candidates, { seed, KR, KA }) {
  const seen = new Set();
  const unique = candidates.filter((c) => !seen.has(`${c.file}:${c.function}`) && seen.add(`${c.file}:${c.function}`));
  const order = shuffled([...unique].sort(byFileAndLine), seed);
  const chosen = order.slice(0, KR).map((c) => ({ ...c, stratum: 'random' }));
  const taken = new Set(chosen.map((c) => `${c.file}:${c.function}`));
  chosen.push(...order.filter((c) => c.api && !taken.has(`${c.file}:${c.function}`)).slice(0, KA).map((c) => ({ ...c, stratum: 'api' })));
  return chosen
    .map((c) => {
      const { file, function: name, line, stratum } = c;
      return { file, function: name, line, stratum };
    })
    .sort(byFileAndLine);
}

function main() {
  const [spec, ...flags] = process.argv.slice(2);
  if (!spec) throw new Error('usage: node scripts/corpus-sample.mjs <corpus name or file> [--list]');
  const source = corpusSource(spec);
  const corpus = JSON.parse(readFileSync(source.file, 'utf8'));
  if (!corpus.selection) throw new Error(`${source.file} records no "selection"`);
  const python = Boolean(corpus.sourceRoot);
  const selected = Object.keys(corpus.packages).flatMap((pkg) => {
    const candidates = python ? pythonCandidates(corpus.sourceRoot, pkg) : jsCandidates(packageDir(pkg, source.prefix));
    return select(candidates, corpus.selection).map((c) => ({ package: pkg, ...c }));
  });
  if (flags.includes('--list')) {
    process.stdout.write(`${JSON.stringify(selected, null, 2)}\n`);
    return;
  }
  const key = (f) => `${f.package}/${f.file}:${f.function}`;
  const labelled = new Set(corpus.functions.map(key));
  const wanted = new Set(selected.map(key));
  const unlabelled = [...wanted].filter((k) => !labelled.has(k));
  const unselected = [...labelled].filter((k) => !wanted.has(k));
  for (const k of unlabelled) process.stdout.write(`selected but not labelled: ${k}\n`);
  for (const k of unselected) process.stdout.write(`labelled but not selected: ${k}\n`);
  process.stdout.write(`${relative(ROOT, source.file)}: ${selected.length} selected, ${corpus.functions.length} labelled, ${unlabelled.length + unselected.length} difference(s)\n`);
  process.exitCode = unlabelled.length + unselected.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
