/**
 * The preamble every Python fix that rewrites a node shares, written once: it serves Python files
 * only, refuses (undefined) when the node the finding points at is no longer where the finding
 * says with the same text, and reads the rule's finding data through the type the rule exports
 * (`definePythonFix<PoolNotClosedData>(...)`).
 */
import type { FileReport, Finding } from '../../core/model';
import type { NodeData } from '../../core/rules/python/support';
import { dataOf, type Fix, type FixResult, rulesLanguageOf } from '../fix';
import { stillMatches } from './text';

export interface PythonFixRequest<Data extends NodeData> {
  finding: Finding;
  report: FileReport;
  text: string;
  /** the finding's data as its rule declared it; `start`, `end` and `snippet` are checked, other keys may be missing */
  data: Partial<Data> & NodeData;
}

export function definePythonFix<Data extends NodeData>(id: string, compute: (request: PythonFixRequest<Data>) => FixResult | undefined): Fix {
  return {
    id,
    language: 'python',
    compute({ finding, report, text }) {
      if (rulesLanguageOf(report.language) !== 'python' || !stillMatches(finding, text)) return undefined;
      const data = dataOf<Data>(finding) as Partial<Data> & NodeData;
      return compute({ finding, report, text, data });
    },
  };
}
