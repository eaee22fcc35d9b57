/**
 * Every snippet, expanded with its default placeholder values, must be valid code: TypeScript
 * snippets type-check, JavaScript and Python snippets run (Python with the machine's python3).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

const SNIPPETS = path.resolve(__dirname, '../../snippets');

interface SnippetFile {
  [name: string]: { prefix: string | string[]; description: string; body: string[] };
}

/** `${1:name}` → name, `$0` → nothing, `\${` → `${`: what the user gets by pressing Tab through it. */
export function expand(body: readonly string[]): string {
  const text = body.join('\n');
  let output = '';
  const open: number[] = []; // brace depth at which each placeholder started
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === '$') {
      output += '$';
      i++;
    } else if (text.startsWith('${', i) && /^\$\{\d+:/.test(text.slice(i))) {
      i = text.indexOf(':', i);
      open.push(depth);
    } else if (text[i] === '$' && /\d/.test(text[i + 1] ?? '')) {
      while (/\d/.test(text[i + 1] ?? '')) i++;
    } else if (text[i] === '}' && open.length > 0 && open[open.length - 1] === depth) {
      open.pop();
    } else {
      if (text[i] === '{') depth++;
      if (text[i] === '}') depth--;
      output += text[i];
    }
  }
  return output;
}

function load(name: string): SnippetFile {
  return JSON.parse(fs.readFileSync(path.join(SNIPPETS, name), 'utf8'));
}

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-snippet-'));
}

describe('snippets', () => {
  it('each contributed snippet file is declared in package.json and has prefixes and descriptions', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const declared = new Set(manifest.contributes.snippets.map((entry: { path: string }) => path.basename(entry.path)));
    for (const file of ['typescript.json', 'javascript.json', 'python.json']) {
      assert.ok(declared.has(file), `${file} is contributed`);
      for (const [name, snippet] of Object.entries(load(file))) {
        assert.ok(snippet.prefix.length > 0 && snippet.description.startsWith('Threadwise:'), name);
      }
    }
  });

  it('TypeScript snippets type-check (strict)', () => {
    const dir = scratch();
    const files = Object.entries(load('typescript.json')).map(([, snippet], index) => {
      const file = path.join(dir, `snippet${index}.ts`);
      fs.writeFileSync(file, expand(snippet.body));
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, noEmit: true, skipLibCheck: true,
      types: ['node'], typeRoots: [path.resolve(__dirname, '../../node_modules/@types')], lib: ['lib.es2024.d.ts'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diagnostics, []);
  });

  it('JavaScript snippets run with Node and give their results', () => {
    const dir = scratch();
    const snippets = Object.values(load('javascript.json'));
    snippets.forEach((snippet, index) => fs.writeFileSync(path.join(dir, `snippet${index}.js`), expand(snippet.body)));
    fs.writeFileSync(path.join(dir, 'child.js'), "process.on('message', (n) => process.send(n * 2));\n");
    fs.writeFileSync(path.join(dir, 'task.worker.js'), "require('node:worker_threads').parentPort.on('message', (n) => require('node:worker_threads').parentPort.postMessage(n + 1));\n");
    const script = `
      const worker = require('./snippet0.js');
      const { WorkerPool } = require('./snippet1.js');
      const { runIsolated } = require('./snippet2.js');
      (async () => {
        const squares = await worker.computeInWorker(1000);
        const pool = new WorkerPool(require.resolve('./task.worker.js'), 2);
        const pooled = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(n)));
        await pool.close();
        const doubled = await runIsolated(21);
        console.log(JSON.stringify({ squares, pooled, doubled }));
      })();`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.deepEqual(JSON.parse(output), { squares: 332833500, pooled: [2, 3, 4, 5, 6], doubled: 42 });
    const limited = execFileSync(process.execPath, ['-e', `${expand(snippets[3].body)}\nmapWithLimit([3, 1, 2], 2, async (n) => n * 10).then((r) => console.log(JSON.stringify(r)));`], { cwd: dir, encoding: 'utf8' });
    assert.equal(limited.trim(), '[30,10,20]');
    const atomics = execFileSync(process.execPath, [path.join(dir, 'snippet4.js')], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.match(atomics, /totals \[ 1000000, 1000000, 1000000, 1000000 \]/);
  });

  it('Python snippets run under python3', function () {
    this.timeout(60_000);
    const dir = scratch();
    for (const [name, snippet] of Object.entries(load('python.json'))) {
      const file = path.join(dir, `${name.replace(/\W+/g, '_')}.py`);
      fs.writeFileSync(file, expand(snippet.body));
      execFileSync('python3', [file], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
    }
  });
});
