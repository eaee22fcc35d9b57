/**
 * The contract every rule follows, whatever the language: static metadata (id, docs, fixes) and a
 * `check` over a language-specific context. The engine turns drafts into findings: it applies the
 * configured severity, attaches the rule's fixes and drops suppressed findings.
 */
import type { Finding, RuleMeta } from '../model';

/**
 * What a rule hands to its fixes. Each rule declares its own shape as an exported type (for
 * example `BlockingSyncIoData` in blocking-sync-io.ts) and its fixes read it through that type, so
 * a renamed or missing key is a compile error rather than a fix that silently stops applying.
 */
export type FindingData = NonNullable<Finding['data']>;

/** What a rule reports; the engine fills in `rule`, `severity` and `fixes`. */
export interface FindingDraft<Data extends FindingData = FindingData> extends Omit<Finding, 'rule' | 'severity' | 'fixes' | 'data'> {
  data?: Data;
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

/**
 * The call (or `new` expression) a finding is about: offsets into the text the analysis read and
 * the callee as written there (`fs.readFileSync`). Fixes find it again in the current text and
 * refuse when it is no longer there.
 */
export type CallData = { callStart: number; callEnd: number; callee: string };

export interface Rule<Context, Data extends FindingData = FindingData> {
  meta: RuleMeta;
  check(context: Context): FindingDraft<Data>[];
}
