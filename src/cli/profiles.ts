/**
 * What the loaded profiles said, for stderr in text mode: how each thread's time divides (project
 * code, other code, idle, GC, the VM, waits) and how many findings they confirmed, lowered, added.
 */
import * as path from 'node:path';
import type { FileReport } from '../core/model';
import { describeThread, type ThreadSummary } from '../core/profiles';

export function describeProfiles(summaries: readonly ThreadSummary[], reports: readonly FileReport[], unanalysed: readonly string[], cwd: string): string {
  const lines = summaries.map((summary) => `threadwise: profile ${summary.profile}, ${describeThread(summary)}`);
  const verdicts = { confirmed: 0, lowered: 0, added: 0 };
  for (const report of reports) for (const finding of report.findings) if (finding.measured) verdicts[finding.measured.verdict]++;
  const measured = reports.reduce((sum, report) => sum + report.functions.filter((fn) => fn.measured).length, 0);
  lines.push(`threadwise: profiles measured ${measured} analysed function${measured === 1 ? '' : 's'}: ${verdicts.confirmed} finding${verdicts.confirmed === 1 ? '' : 's'} confirmed, ${verdicts.lowered} lowered to hints, ${verdicts.added} added`);
  if (measured === 0 && unanalysed.length > 0) {
    const sample = unanalysed.slice(0, 3).map((file) => path.relative(cwd, file) || file).join(', ');
    lines.push(`threadwise: the profiles' code is in files not analysed here (${sample}${unanalysed.length > 3 ? ', …' : ''}): analyse the profiled program's folder`);
  }
  return `${lines.join('\n')}\n`;
}
