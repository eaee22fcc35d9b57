/**
 * The contract every rule follows, whatever the language: static metadata (id, docs, fixes) and a
 * `check` over a language-specific context. The engine turns drafts into findings: it applies the
 * configured severity, attaches the rule's fixes and drops suppressed findings.
 */
import type { Finding, RuleMeta } from '../model';

/** What a rule reports; the engine fills in `rule`, `severity` and `fixes`. */
export interface FindingDraft extends Omit<Finding, 'rule' | 'severity' | 'fixes'> {
  /**
   * Raise the finding to error level (for example CPU work inside a request handler, which blocks
   * every request). Ignored when the user configured an explicit severity for the rule.
   */
  escalate?: boolean;
  /** informational only (e.g. advice that a configured platform makes moot): defaults to `hint` */
  advisory?: boolean;
  /** fixes for this finding when they differ from the rule's full list (subset, best first) */
  fixes?: string[];
}

export interface Rule<Context> {
  meta: RuleMeta;
  check(context: Context): FindingDraft[];
}
