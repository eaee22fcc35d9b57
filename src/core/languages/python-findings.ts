/**
 * Runs the Python rules over one file's context with the shared rule runner (configured
 * severities, suppression comments), so Python findings behave exactly like TypeScript ones. For
 * tests and tools that drive a PythonAnalyzer without the engine (the engine uses PythonSupport).
 */
import type { FileReport, Finding } from '../model';
import type { Rule } from '../rules/rule';
import { pythonRules } from '../rules/python/index';
import { runRules } from '../rules/run';
import type { PythonAnalyzer } from '../python/analyzer';
import type { PythonRuleContext } from '../python/rule-context';

/** Findings of `rules` for one file's context, configured and with suppressed ones dropped. */
export function findingsFromContext(context: PythonRuleContext, rules: readonly Rule<PythonRuleContext>[] = pythonRules): Finding[] {
  return runRules(rules, context, context.text, context.config);
}

/**
 * The one call an engine needs: the report with `findings` filled. `report` must come from
 * `analyzer.analyze`/`update` (skipped files come back unchanged).
 */
export function analyzePythonFindings(
  analyzer: PythonAnalyzer,
  report: FileReport,
  rules: readonly Rule<PythonRuleContext>[] = pythonRules,
): FileReport {
  const context = analyzer.ruleContext(report.path);
  if (!context) return report;
  return { ...report, findings: findingsFromContext(context, rules) };
}
