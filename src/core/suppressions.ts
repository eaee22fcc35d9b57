/**
 * Suppression comments, the same in every language:
 *   // threadwise-ignore-next-line [rule-id[, rule-id...]]   (or `# ...` in Python)
 *   // threadwise-ignore-file [rule-id[, rule-id...]]
 * With no rule ids the comment silences every rule. Matching is textual on purpose: it must work
 * on files that do not parse.
 */
import { LineIndex } from './positions';

const DIRECTIVE = /(?:\/\/|\/\*|#)\s*threadwise-ignore-(next-line|file)\b([^\r\n*]*)/g;

export interface Suppressions {
  /** true when `ruleId` is silenced on 1-based `line` */
  isSuppressed(ruleId: string, line: number): boolean;
}

/** A set of rule ids; `undefined` means "all rules". */
type RuleSet = Set<string> | undefined;

function parseRuleList(text: string): RuleSet {
  const ids = text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
  return ids.length === 0 ? undefined : new Set(ids);
}

function covers(set: RuleSet, ruleId: string): boolean {
  return set === undefined || set.has(ruleId);
}

export function parseSuppressions(text: string): Suppressions {
  const byLine = new Map<number, RuleSet[]>();
  const fileWide: RuleSet[] = [];
  const lines = new LineIndex(text);
  for (const match of text.matchAll(DIRECTIVE)) {
    const rules = parseRuleList(match[2]);
    if (match[1] === 'file') {
      fileWide.push(rules);
      continue;
    }
    const commentLine = lines.position(match.index).line;
    const target = commentLine + 1;
    byLine.set(target, [...(byLine.get(target) ?? []), rules]);
  }
  return {
    isSuppressed(ruleId, line) {
      if (fileWide.some((set) => covers(set, ruleId))) return true;
      return (byLine.get(line) ?? []).some((set) => covers(set, ruleId));
    },
  };
}
