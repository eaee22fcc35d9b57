// Bundles every entry point: the extension (client), the language server, the CLI, and the
// integration test suite. `--production` minifies; `--watch` rebuilds on change.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** `--only=cli,server` builds just those outputs (by basename), for quick iterations. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wanted = (entry) => !only || only.includes(path.basename(entry.out)) || only.includes(entry.out.replace(/^dist\//, ''));
const { version } = require('./package.json');
const { createHash } = require('node:crypto');

/**
 * The analyser build: the version and a hash of every source file and of the dependencies' lock.
 * The persistent summary cache (src/core/summary-cache.ts) uses only entries of the same build,
 * so a changed analyser never reads summaries an older one made; a rebuild of the same code keeps them
 * (`--watch` builds have none: their code changes under one context, so their cache lasts one run).
 */
function buildId() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(full).update(fs.readFileSync(full));
    }
  };
  walk('src');
  if (fs.existsSync('package-lock.json')) hash.update(fs.readFileSync('package-lock.json'));
  return `${version}+${hash.digest('hex').slice(0, 12)}`;
}

/**
 * The CLI bundle leaves ts-morph and the TypeScript compiler (two thirds of its code) to
 * dist/typescript-runtime.js, required beside it: the modules that import them are initialised
 * when the first TS/JS file is analysed, so a run on Python files alone never reads, compiles or
 * holds them (a tenth of a second and about 80 MB of its peak RSS).
 */
const compilerOnDemand = {
  name: 'compiler-on-demand',
  setup(build) {
    build.onResolve({ filter: /^(ts-morph|@ts-morph\/common)$/ }, () => ({ path: './typescript-runtime.js', external: true }));
  },
};

/** Entries that exist are built; the others belong to work still in progress. */
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'dist/extension' },
  { in: 'src/server/server.ts', out: 'dist/server' },
  // the server's summary workers (src/core/typescript/summary-workers.ts) load it beside the server
  { in: 'src/core/typescript/summary-worker.ts', out: 'dist/summary-worker' },
  { in: 'src/cli/index.ts', out: 'dist/cli', banner: '#!/usr/bin/env node', plugins: [compilerOnDemand] },
  // the compiler the CLI loads on demand (see compilerOnDemand)
  { in: 'src/core/typescript/compiler-runtime.ts', out: 'dist/typescript-runtime' },
  { in: 'src/demo/runner.ts', out: 'dist/demo-runner' },
].filter((entry) => fs.existsSync(entry.in) && wanted(entry));

const browserEntries = [{ in: 'src/webview/main.ts', out: 'dist/webview/panel' }].filter((entry) => fs.existsSync(entry.in) && wanted(entry));

/** Copies runtime assets the bundles load from disk (WASM grammars, webview components). */
function copyAssets() {
  const copies = [
    ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
    ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
    ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicons/codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicons/codicon.ttf'],
  ];
  for (const [from, to] of copies) {
    if (fs.existsSync(from)) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

async function main() {
  const common = {
    bundle: true,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    // The Python parser's node_modules fallback is never taken in a bundle (the WASM files are copied next to it).
    logOverride: { 'require-resolve-not-external': 'silent' },
    define: { THREADWISE_VERSION: JSON.stringify(version), THREADWISE_BUILD: JSON.stringify(watch ? '' : buildId()) },
  };
  const contexts = [];
  for (const entry of nodeEntries) {
    contexts.push(await esbuild.context({
      ...common,
      entryPoints: [{ in: entry.in, out: entry.out }],
      outdir: '.',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      banner: entry.banner ? { js: entry.banner } : undefined,
      plugins: entry.plugins ?? [],
      define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
      inject: ['scripts/build/import-meta-url.js'],
    }));
  }
  for (const entry of browserEntries) {
    contexts.push(await esbuild.context({
      ...common,
      entryPoints: [{ in: entry.in, out: entry.out }],
      outdir: '.',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    }));
  }
  if (fs.existsSync('test/integration/index.ts') && wanted({ out: 'integration' })) {
    const suites = fs.readdirSync('test/integration/suite').filter((name) => name.endsWith('.test.ts'));
    contexts.push(await esbuild.context({
      ...common,
      entryPoints: ['test/integration/index.ts', ...suites.map((name) => `test/integration/suite/${name}`)],
      outdir: 'out/test/integration',
      outbase: 'test/integration',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    }));
  }
  copyAssets();
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
