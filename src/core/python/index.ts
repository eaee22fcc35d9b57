/**
 * Python analysis of the core (no `vscode` import anywhere). The engine reaches it through
 * PythonSupport (src/core/languages/python.ts); tests and tools may drive it directly:
 *
 *   const analyzer = await PythonAnalyzer.create(config, { wasmDir });   // wasmDir optional
 *   const reports = analyzer.analyze([{ path, text }, ...]);             // functions filled
 *   const full = reports.map((report) => analyzePythonFindings(analyzer, report));
 *   // on an edit: analyzer.update(path, text) returns every report whose verdicts changed;
 *   // pass each through analyzePythonFindings again.
 *
 * - `PythonAnalyzer` (analyzer.ts) parses with web-tree-sitter (WASM), resolves imports among
 *   the given files and files on disk next to them, and summarises every function (def, async def,
 *   `Class.method`, nested defs, lambdas bound to names, and `<module>` when the script does real
 *   work) into a FunctionReport: kind, confidence, evidence, recommendation and cost.
 * - `analyzePythonFindings` (src/core/languages/python-findings.ts: the analysis never imports
 *   the rules) runs `pythonRules` over `analyzer.ruleContext(path)` and applies the configuration
 *   (severities, rules turned off) and `# threadwise-ignore-next-line` comments.
 *   `findingsFromContext` does the same for a context.
 * - WASM: `PYTHON_WASM_FILES` (web-tree-sitter.wasm, tree-sitter-python.wasm) must sit next to a
 *   bundle (dist/) or in the directory passed as `wasmDir`; by default they are resolved from
 *   node_modules.
 * - Findings carry `data` (offsets and snippets) that the fixes in src/fixes/python/ check
 *   against the current text before editing. `data.advisory === true` marks a finding that is
 *   informational only (cpu-in-thread on a free-threaded build): it defaults to `hint`.
 */
export { PythonAnalyzer, type PythonAnalyzerOptions, type PythonFile } from './analyzer';
export type { PythonRuleContext } from './rule-context';
export { PYTHON_WASM_FILES, locateWasm } from './parser';
