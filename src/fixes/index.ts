/**
 * THE fix registry: every quick fix (scaffold) of every language, one per file, looked up by the
 * ids that rule metadata and findings reference. Each rule's fixes are attached once, at load:
 * an id no fix has, or a fix of another language than the rule's, is an error.
 */
import type { Finding, RuleMeta } from '../core/model';
import { allRuleMetas } from '../core/rules';
import type { Fix } from './fix';
import { pythonFixes } from './python';
import { typescriptFixes } from './typescript';

export const allFixes: readonly Fix[] = [...pythonFixes, ...typescriptFixes];

const byId = new Map(allFixes.map((fix) => [fix.id, fix]));

export function fixById(id: string): Fix | undefined {
  return byId.get(id);
}

/** Each rule's fixes, in the rule's order; throws when a rule offers an unknown fix or one of another language. */
export function attachFixes(rules: readonly RuleMeta[], fixes: readonly Fix[]): Map<string, Fix[]> {
  const known = new Map(fixes.map((fix) => [fix.id, fix]));
  const attached = new Map<string, Fix[]>();
  for (const rule of rules) {
    attached.set(rule.id, rule.fixes.map((id) => {
      const fix = known.get(id);
      if (!fix) throw new Error(`rule ${rule.id} offers fix ${id}, which is not registered`);
      if (fix.language !== rule.language) throw new Error(`rule ${rule.id} (${rule.language}) offers fix ${id}, which is a ${fix.language} fix`);
      return fix;
    }));
  }
  return attached;
}

/** Registered fixes that no rule offers (dead code, or a rule that forgot to list them). */
export function unofferedFixes(rules: readonly RuleMeta[], fixes: readonly Fix[]): string[] {
  const offered = new Set(rules.flatMap((rule) => rule.fixes));
  return fixes.filter((fix) => !offered.has(fix.id)).map((fix) => fix.id);
}

const fixesByRule = attachFixes(allRuleMetas(), allFixes);

/** The fix `fixId` of a finding, when the finding's rule offers it. */
export function fixFor(finding: Finding, fixId: string): Fix | undefined {
  return fixesByRule.get(finding.rule)?.find((fix) => fix.id === fixId);
}
