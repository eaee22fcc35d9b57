/**
 * SARIF 2.1.0, as GitHub code scanning reads it: rule metadata in the driver, one result per
 * finding with its related locations, URIs relative to %SRCROOT% (the working directory).
 */
import type * as sarif from 'sarif';
import { allRuleMetas } from '../../core/rules';
import { ruleDocsUrl, type FileReport, type Severity } from '../../core/model';
import { pathToFileURL } from 'node:url';
import { relativePath } from '../output';

const LEVELS: Record<Severity, sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(reports: readonly FileReport[], cwd: string, tool: { name: string; version: string }): string {
  const metas = allRuleMetas();
  const ruleIndex = new Map(metas.map((meta, index) => [meta.id, index]));
  const log: sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: tool.name,
          version: tool.version,
          informationUri: 'https://github.com/threadwise/threadwise',
          rules: metas.map((meta) => ({
            id: meta.id,
            shortDescription: { text: meta.description },
            fullDescription: { text: meta.docs.split('\n\n')[0].replace(/\n/g, ' ') },
            help: { text: meta.docs, markdown: meta.docs },
            helpUri: ruleDocsUrl(meta.id),
            defaultConfiguration: { level: LEVELS[meta.defaultSeverity] },
            properties: { tags: ['concurrency', 'performance', meta.language] },
          })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
      results: reports.flatMap((report) => report.findings.map((finding): sarif.Result => ({
        ruleId: finding.rule,
        ruleIndex: ruleIndex.get(finding.rule),
        level: LEVELS[finding.severity],
        message: { text: finding.message },
        locations: [location(uriReference(report.path, cwd), finding.range)],
        relatedLocations: finding.related.map((related, index) => ({
          id: index,
          message: { text: related.message },
          physicalLocation: {
            artifactLocation: { uri: uriReference(related.file, cwd), uriBaseId: '%SRCROOT%' },
            region: { startLine: related.line },
          },
        })),
        // A profile's verdict and figures, for tools that read them (GitHub shows the message).
        ...(finding.measured ? { properties: { measured: finding.measured.verdict, measurement: { ...finding.measured.measurement } } } : {}),
      }))),
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A file as a relative URI reference: `#`, `%`, spaces and other reserved characters percent-encoded. */
function uriReference(file: string, cwd: string): string {
  return relativePath(file, cwd).split('/').map(encodeURIComponent).join('/');
}

function location(uri: string, range: FileReport['findings'][number]['range']): sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
      region: { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn },
    },
  };
}
