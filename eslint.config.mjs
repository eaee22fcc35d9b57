// ESLint flat config: typescript-eslint's recommended rules, plus the architecture's layers
// (docs/ARCHITECTURE.md): nothing under src/core, src/fixes or src/cli imports vscode or the
// language-server libraries; core's analysis never imports rules, languages or the engine; fixes
// never the engine; adapters never each other; the webview only what it shares with the host.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const EDITOR_MODULES = ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*'];
const EDITOR_BAN = { group: EDITOR_MODULES, message: 'The analysis core, the fixes and the CLI must not depend on the editor: keep vscode and LSP imports in src/extension and src/server.' };

/** One layer: files that may not import what `patterns` (and, with editor, vscode/LSP) name. */
function layer(files, ignores, patterns, { editor = false } = {}) {
  return {
    files,
    ignores,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...(editor ? [EDITOR_BAN] : []), ...patterns] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'test/fixtures/**', 'examples/**', 'media/vendor/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
    },
  },
  // The layers (docs/ARCHITECTURE.md, "Layers"): each block lists what its folder may NOT import.
  layer(['src/core/**/*.ts'], ['src/core/engine.ts', 'src/core/languages/**', 'src/core/rules/**'], [
    { regex: '^\\.{1,2}/(\\.\\./)*(rules|languages|engine)(/|$)', message: 'The analysis (core outside rules/, languages/, engine.ts) never imports the rules, the language registry or the engine.' },
  ], { editor: true }),
  layer(['src/core/rules/**/*.ts'], [], [
    { regex: '^(\\.\\./)+(languages|engine)(/|$)', message: 'Rules read the analysis; the language registry and the engine run them, not the reverse.' },
  ], { editor: true }),
  layer(['src/core/languages/**/*.ts', 'src/core/engine.ts'], [], [], { editor: true }),
  layer(['src/fixes/**/*.ts'], [], [
    { regex: '^(\\.\\./)+core/(engine|languages)(/|$)', message: 'Fixes work from a finding, the text and FixInput: never from the engine.' },
    { regex: '^(\\.\\./)+(server|cli|extension|webview|demo)(/|$)', message: 'Fixes are pure text edits: no front end.' },
  ], { editor: true }),
  layer(['src/cli/**/*.ts'], [], [
    { regex: '^(\\.\\./)+(server|extension|webview|demo)(/|$)', message: 'The CLI is an adapter over the engine and the fixes.' },
  ], { editor: true }),
  layer(['src/server/**/*.ts'], [], [
    { regex: '^(\\.\\./)+(extension|webview|cli|demo)(/|$)', message: 'The language server is an adapter over the engine and the fixes.' },
  ]),
  layer(['src/extension/**/*.ts'], [], [
    { regex: '^(\\.\\./)+(core/(?!model$)|fixes|server|cli|webview)', message: 'The extension is a thin client: it talks to the language server, and shares only the model types (core/model) and src/shared.' },
  ]),
  layer(['src/webview/**/*.ts'], [], [
    { regex: '^(\\.\\./)+(core/(?!model$)|fixes|server|cli|demo/(?!measurements$))', message: 'The webview runs in the browser: it imports src/shared, the model types, the demo measurement types and the panel modules it shares with the extension host.' },
    { regex: '^(\\.\\./)+extension/(?!panel/(protocol|escape|content/))', message: 'The webview shares only the panel protocol, escaping and content with the extension host.' },
  ]),
  layer(['src/shared/**/*.ts', 'src/demo/**/*.ts'], [], [
    { regex: '^(\\.\\./)+(core/(?!model$)|fixes|server|cli|extension|webview)', message: 'src/shared and the demo import only each other and the model types.' },
  ]),
  {
    // One TypeScript for the analysis and the fixes: ts-morph's (it also ships the lib files the
    // type checker needs in a bundle). The `typescript` package is the build toolchain, and a user's
    // compiler in tests that check generated code compiles (docs/ARCHITECTURE.md).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'typescript', message: "Use ts-morph's ts: import { ts } from 'ts-morph'." }] }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
);
