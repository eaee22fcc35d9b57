/**
 * Runs a language's rules over one file's context and turns drafts into findings, the same way
 * for every language: configured severity (else `error` for escalated drafts, `hint` for advisory
 * ones, else the rule's default), the rule's fixes unless the draft narrows them, suppression
 * comments applied, and a rule that throws losing only its own findings.
 */
import type { ThreadwiseConfig } from '../config';
import type { Finding, RuleMeta, Severity } from '../model';
import { parseSuppressions } from '../suppressions';
import type { FindingDraft, Rule } from './rule';

export function runRules<Context>(
  rules: readonly Rule<Context>[],
  context: Context,
  text: string,
  config: ThreadwiseConfig,
): Finding[] {
  const suppressions = parseSuppressions(text);
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (config.rules[rule.meta.id] === 'off') continue;
    for (const draft of safeCheck(rule, context)) {
      if (suppressions.isSuppressed(rule.meta.id, draft.range.line)) continue;
      findings.push(toFinding(rule.meta, draft, config));
    }
  }
  return findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}

function safeCheck<Context>(rule: Rule<Context>, context: Context): FindingDraft[] {
  try {
    return rule.check(context);
  } catch (error) {
    process.emitWarning(`threadwise: rule ${rule.meta.id} failed: ${(error as Error).stack ?? String(error)}`);
    return [];
  }
}

function toFinding(meta: RuleMeta, draft: FindingDraft, config: ThreadwiseConfig): Finding {
  const { escalate, advisory, fixes, ...rest } = draft;
  const configured = config.rules[meta.id];
  const fallback: Severity = escalate ? 'error' : advisory ? 'hint' : meta.defaultSeverity;
  const severity = configured && configured !== 'off' ? configured : fallback;
  return { ...rest, rule: meta.id, severity, fixes: fixes ?? meta.fixes };
}
