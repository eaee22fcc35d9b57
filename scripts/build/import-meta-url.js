// Injected into CommonJS bundles: libraries written as ES modules (web-tree-sitter) read
// `import.meta.url`, which esbuild leaves undefined in CJS output. This gives them the bundle's URL.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
