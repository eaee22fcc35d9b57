/**
 * The preamble every TypeScript/JavaScript fix shares, written once: a fix serves TypeScript and
 * JavaScript files only, reads its rule's finding data through the type the rule exports
 * (`defineFix<BlockingSyncIoData>(...)`), works on a fresh FixContext, and a refusal
 * (`refuse(reason)`) anywhere inside becomes `undefined`. `findingCall` finds the call a finding
 * names in the current text and refuses when the text changed since the analysis.
 */
import { ts } from 'ts-morph';
import type { Finding } from '../../core/model';
import type { CallData, FindingData } from '../../core/rules/rule';
import { dataOf, type Fix, type FixResult, rulesLanguageOf } from '../fix';
import { calleeName, expressionAt } from './ast';
import { type FileState, FixContext } from './context';
import { attempt, refuse } from './edits';

export interface FixRequest<Data extends FindingData> {
  ctx: FixContext;
  finding: Finding;
  /** the finding's data as its rule declared it; any key may be missing */
  data: Partial<Data>;
}

export function defineFix<Data extends FindingData>(id: string, compute: (request: FixRequest<Data>) => FixResult): Fix {
  return {
    id,
    language: 'typescript',
    compute(input) {
      if (rulesLanguageOf(input.report.language) !== 'typescript') return undefined;
      return attempt(() => compute({ ctx: new FixContext(input), finding: input.finding, data: dataOf<Data>(input.finding) }));
    },
  };
}

export interface NamedCall<Node extends ts.CallExpression | ts.NewExpression> {
  call: Node;
  /** the callee's own name: `readFileSync` for `fs.readFileSync(...)` */
  name: string;
  /** the callee as the analysis saw it written: `fs.readFileSync` */
  calleeText: string;
}

/**
 * The call a finding names (`callStart`, `callEnd`, `callee`) as it stands in `file`'s current
 * text; refuses when the finding has no call, or the text there is no longer a call of that
 * callee (an edit since the analysis). `is` narrows the kind (a call by default, or `new`).
 */
export function findingCall<Node extends ts.CallExpression | ts.NewExpression = ts.CallExpression>(
  file: FileState,
  data: Partial<CallData>,
  is: (node: ts.Node) => node is Node = ts.isCallExpression as (node: ts.Node) => node is Node,
): NamedCall<Node> {
  const { callStart, callEnd, callee: calleeText } = data;
  if (callStart === undefined || callEnd === undefined || !calleeText) refuse('finding without call offsets');
  const call = expressionAt(file.sf, callStart, callEnd, is);
  const name = call ? calleeName(call) : undefined;
  if (!call || !name || !calleeText.endsWith(name)) refuse('the call changed');
  return { call, name, calleeText };
}
