/**
 * Runs the Python rules over one file's context and turns their drafts into findings the way the
 * engine does for every language: configured severity (else `error` for escalated drafts, else
 * the rule's default), the rule's fixes unless the draft narrows them, and suppression comments.
 */
import { effectiveSeverity } from '../config';
import type { FileReport, Finding, Severity } from '../model';
import type { FindingDraft, Rule } from '../rules/rule';
import { pythonRules } from '../rules/python/index';
import { parseSuppressions } from '../suppressions';
import type { PythonAnalyzer } from './analyzer';
import type { PythonRuleContext } from './context';

/** Findings of `rules` for one file's context, configured and with suppressed ones dropped. */
export function findingsFromContext(context: PythonRuleContext, rules: readonly Rule<PythonRuleContext>[] = pythonRules): Finding[] {
  const suppressions = parseSuppressions(context.text);
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (effectiveSeverity(context.config, rule.meta.id, rule.meta.defaultSeverity) === undefined) continue;
    for (const draft of safeCheck(rule, context)) {
      if (suppressions.isSuppressed(rule.meta.id, draft.range.line)) continue;
      findings.push(toFinding(context, rule, draft));
    }
  }
  return findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
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

/** A rule that throws on odd input loses its findings for this file, not the whole analysis. */
function safeCheck(rule: Rule<PythonRuleContext>, context: PythonRuleContext): FindingDraft[] {
  try {
    return rule.check(context);
  } catch {
    return [];
  }
}

function toFinding(context: PythonRuleContext, rule: Rule<PythonRuleContext>, draft: FindingDraft): Finding {
  const { escalate, fixes, ...rest } = draft;
  const configured = context.config.rules[rule.meta.id];
  const fallback: Severity = escalate ? 'error' : draft.data?.advisory === true ? 'hint' : rule.meta.defaultSeverity;
  const severity = configured && configured !== 'off' ? configured : fallback;
  return { ...rest, rule: rule.meta.id, severity, fixes: fixes ?? rule.meta.fixes };
}
