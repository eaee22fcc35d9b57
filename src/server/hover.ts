/**
 * The hover on a function name: its verdict, cost, evidence, the recommended tool and its findings,
 * each fact stated once. VS Code shows a diagnostic's own message in the same hover box, so findings
 * are listed by rule and severity only; the cost's "mostly …" clause is dropped when the evidence
 * list already names that driver.
 */
import { type Hover, MarkupKind } from 'vscode-languageserver/node';
import type { Finding, FunctionReport, Severity } from '../core/model';
import { describeMeasurement } from '../core/profiles';
import { toLspRange } from './convert';

const KIND_LABELS: Record<FunctionReport['kind'], string> = {
  cpu: 'CPU-bound',
  io: 'I/O-bound (non-blocking)',
  'io-sync': 'blocking synchronous I/O',
  mixed: 'mixed CPU and I/O',
  none: 'cheap (neither CPU- nor I/O-heavy)',
};

const STRATEGY_LABELS: Record<FunctionReport['recommendation']['strategy'], string> = {
  'worker-thread': 'a worker thread (`worker_threads`)',
  'worker-pool': 'a pool of worker threads',
  'child-process': 'an asynchronous child process (`child_process`)',
  'async-io': 'asynchronous I/O (promise-based APIs)',
  'concurrent-awaits': 'concurrent awaits (`Promise.all` with a bound)',
  'thread-pool': 'a thread pool (`ThreadPoolExecutor`)',
  'process-pool': 'a process pool (`ProcessPoolExecutor` / `multiprocessing.Pool`)',
  asyncio: '`asyncio`',
  none: 'nothing: leave it as it is',
};

const MEASURED_LABELS: Record<NonNullable<Finding['measured']>['verdict'], string> = {
  confirmed: 'confirmed by the profile',
  lowered: 'lowered to a hint by the profile',
  added: 'found by the profile',
};

/** Plain-text icons: LSP markdown hovers do not render codicons. */
const SEVERITY_ICONS: Record<Severity, string> = { error: '⛔', warning: '⚠️', info: 'ℹ️', hint: '💡' };

/** Markdown text can contain user code (names, evidence): escape what Markdown would interpret. */
export function escapeMarkdown(text: string): string {
  // `$` too: the VS Code client renders `$(name)` as an icon.
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, (character) => `\\${character}`);
}

export function hoverFor(fn: FunctionReport, findings: readonly Finding[], root: string): Hover {
  const confidence = `confidence ${Math.round(fn.confidence * 100)}%`;
  const lines = [`**${escapeMarkdown(fn.name)}** — ${KIND_LABELS[fn.kind]} · ${confidence}${fn.inRequestPath ? ' · runs inside a request path' : ''}`];
  lines.push('', `*Cost:* ${escapeMarkdown(costWithoutRepeatedDriver(fn))}`);
  // Measured next to the estimate: what the loaded CPU profiles saw, busiest thread first.
  for (const measurement of (fn.measured ?? []).slice(0, 3)) lines.push('', `*Measured:* ${escapeMarkdown(describeMeasurement(measurement, fn.cost.ms))}`);
  if (fn.evidence.length > 0) {
    lines.push('', '*Evidence:*');
    for (const item of fn.evidence) lines.push(`- ${escapeMarkdown(item.message)}${locationSuffix(item, root)}`);
  }
  lines.push('', `*Recommended:* ${STRATEGY_LABELS[fn.recommendation.strategy]}. ${escapeMarkdown(fn.recommendation.reason)}`);
  if (findings.length > 0) {
    lines.push('', ...findings.map((finding) => `${SEVERITY_ICONS[finding.severity]} \`${finding.rule}\` (${finding.severity}) at line ${finding.range.line}${finding.measured ? ` · ${MEASURED_LABELS[finding.measured.verdict]}` : ''}  `));
  }
  const learnMore = findings[0]
    ? `command:threadwise.openPanelAt?${encodeURIComponent(JSON.stringify([findings[0].rule]))}`
    : 'command:threadwise.openPanel';
  lines.push('', `[Learn more in the Concurrency Guide](${learnMore})`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: toLspRange(fn.nameRange) };
}

/** `≈ 450 ms per call on this machine class; mostly pbkdf2Sync() …` loses its "mostly" clause when an evidence item says it. */
function costWithoutRepeatedDriver(fn: FunctionReport): string {
  const description = fn.cost.description;
  const split = description.indexOf('; mostly ');
  if (split < 0) return description;
  const driver = description.slice(split + '; mostly '.length).toLowerCase();
  const repeated = fn.evidence.some((item) => item.message.toLowerCase().includes(driver));
  return repeated ? description.slice(0, split) : description;
}

/** `(src/reports.ts:26)` — unless the message already names that line. */
function locationSuffix(item: FunctionReport['evidence'][number], root: string): string {
  const where = item.file ? `${relative(item.file, root)}:${item.line}` : `line ${item.line}`;
  if (item.message.includes(where) || (!item.file && new RegExp(`\\bline ${item.line}\\b`).test(item.message))) return '';
  return ` (${escapeMarkdown(where)})`;
}

function relative(file: string, root: string): string {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
