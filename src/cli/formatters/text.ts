/**
 * Human output in the style of ESLint's "stylish": findings grouped by file, aligned columns,
 * a summary line. With `verdicts`, every function's classification is listed too.
 */
import type { FileReport, Severity } from '../../core/model';
import { relativePath } from '../output';

export interface TextOptions {
  color: boolean;
  verdicts: boolean;
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'reset', string> = {
  error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', hint: '\u001b[90m',
  dim: '\u001b[90m', bold: '\u001b[1m', reset: '\u001b[0m',
};

export function formatText(reports: readonly FileReport[], cwd: string, options: TextOptions): string {
  const paint = (style: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[style]}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let skipped = 0;
  for (const report of reports) {
    const section = fileSection(report, options, paint);
    if (report.skipped !== undefined) skipped++;
    for (const finding of report.findings) counts[finding.severity]++;
    if (section.length === 0) continue;
    lines.push(paint('bold', relativePath(report.path, cwd)), ...section, '');
  }
  lines.push(summaryLine(counts, reports.length, skipped, paint));
  return `${lines.join('\n')}\n`;
}

function fileSection(report: FileReport, options: TextOptions, paint: (style: keyof typeof COLORS, text: string) => string): string[] {
  const rows: string[] = [];
  if (report.skipped !== undefined) rows.push(`  ${paint('dim', `skipped: ${report.skipped}`)}`);
  if (report.parseErrors > 0) rows.push(`  ${paint('dim', `${report.parseErrors} syntax error(s); analysed what parses`)}`);
  for (const finding of report.findings) {
    const position = `${finding.range.line}:${finding.range.column}`.padEnd(8);
    rows.push(`  ${paint('dim', position)}${paint(finding.severity, finding.severity.padEnd(8))}${finding.message}  ${paint('dim', finding.rule)}`);
  }
  if (options.verdicts) {
    for (const fn of report.functions) {
      const position = `${fn.range.line}:${fn.range.column}`.padEnd(8);
      rows.push(`  ${paint('dim', position)}${fn.kind.padEnd(8)}${fn.name}  ${paint('dim', `${Math.round(fn.confidence * 100)}% · ${fn.recommendation.strategy}`)}`);
    }
  }
  return rows;
}

function summaryLine(
  counts: Record<Severity, number>,
  files: number,
  skipped: number,
  paint: (style: keyof typeof COLORS, text: string) => string,
): string {
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const skippedText = skipped > 0 ? `, ${skipped} skipped` : '';
  if (total === 0) return `No problems in ${files} file${files === 1 ? '' : 's'}${skippedText}.`;
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}${counts[severity] === 1 || severity === 'info' ? '' : 's'}`);
  const style = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'info';
  return paint(style, `✖ ${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}${skippedText}`);
}
