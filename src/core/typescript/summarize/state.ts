/** What every part of the summariser shares: the file, its summary so far, positions and ids. */
import type { ts } from 'ts-morph';
import type { Range } from '../../model';
import { LineIndex } from '../../positions';
import type { Binding, CallSite, ClassInfo, FileSummary, FunctionSummary, HandlerInfo } from '../summary';
import { globalRegexNamesOf, isGlobalRegexExpression } from './scans';
import { countParseErrors, skipOuterExpressions, T } from './syntax';

export interface SummarizeHost {
  /** absolute path of the project file a relative or path-mapped specifier names, if any */
  resolveModule(fromFile: string, specifier: string): string | undefined;
}

/** The walk itself, as the parts that walk nested code (loops, calls, callbacks) call back into it. */
export interface Walker {
  visit(node: ts.Node): void;
  visitFunction(
    node: ts.FunctionLikeDeclaration,
    handler: HandlerInfo | undefined,
    thisBinding?: Binding,
    argBindings?: readonly (Binding | undefined)[],
  ): FunctionSummary;
  visitObjectLiteral(literal: ts.ObjectLiteralExpression, handler: HandlerInfo | undefined): void;
  /** `this.total` where the class declares `get total()`: reading it calls the getter */
  visitMemberRead(node: ts.Expression): void;
}

/** A class's accessors by name: the ids of its getter and setter functions. */
export type Accessors = Map<string, { get?: string; set?: string }>;

/**
 * The file went over its time budget (see FileState.checkBudget): thrown out of the walk, so the
 * file is skipped with this reason instead of holding the run.
 */
export class OverBudgetError extends Error {}

/** A file's time: when it is up (performance.now()), and the reason the file is skipped then. */
export interface SummaryTimeBudget {
  deadline: number;
  reason: string;
}

/** How many nodes the walk visits between two looks at the clock. */
const NODES_PER_CLOCK_CHECK = 1024;

/** The file being summarised and the summary the walk builds. */
export class FileState {
  readonly summary: FileSummary;
  readonly callsByNode = new Map<ts.Node, CallSite>();
  /** whether a call inside a node is formatted into a message, by node (see formatsMessage in calls.ts) */
  readonly formatting = new Map<ts.Node, boolean>();
  /** the binding of each object literal, created once so its methods' `this` and its value agree */
  readonly objects = new Map<ts.ObjectLiteralExpression, Extract<Binding, { kind: 'object' }>>();
  /** positions in the one line model of every output (not the compiler's: see core/positions.ts) */
  readonly lines: LineIndex;
  /** each class's accessors, by class key (known before its members are walked) */
  readonly accessors = new Map<string, Accessors>();
  /** A function's pseudo class, `class:<function id>`: what `this` holds in it (its prototype's methods, or the object it is a member of). */
  pseudoClass(fnId: string): ClassInfo {
    const key = `class:${fnId}`;
    let info = this.summary.classes.get(key);
    if (!info) {
      const fn = this.summary.functions.find((candidate) => candidate.id === fnId);
      info = { key, name: fn?.name ?? '<function>', methods: new Map(), fields: new Map(), statics: new Map() };
      this.summary.classes.set(key, info);
    }
    return info;
  }

  usesWorkerApi = false;
  createsWorkers = false;
  /** the names the file gives global regular expressions (see scans.ts), found when first asked */
  private globalRegexNames: Set<string> | undefined;

  /** Does the expression hold a global regular expression: a literal, `RegExp(…)`, or a name the file gives one? */
  isGlobalRegex(expression: ts.Expression): boolean {
    if (isGlobalRegexExpression(expression)) return true;
    const node = skipOuterExpressions(expression);
    const name = T.isIdentifier(node) ? node.text : T.isPropertyAccessExpression(node) ? node.name.text : undefined;
    if (name === undefined) return false;
    this.globalRegexNames ??= globalRegexNamesOf(this.sf);
    return this.globalRegexNames.has(name);
  }
  private visitsBeforeClockCheck = NODES_PER_CLOCK_CHECK;

  constructor(
    readonly sf: ts.SourceFile,
    readonly host: SummarizeHost,
    private readonly budget?: SummaryTimeBudget,
  ) {
    this.lines = new LineIndex(sf.text);
    this.summary = {
      path: sf.fileName,
      functions: [],
      classes: new Map(),
      exports: new Map(),
      starExports: [],
      isWorkerModule: false,
      parseErrors: countParseErrors(sf),
      imports: new Set(),
      reexports: [],
      externalModules: new Set(),
      augments: [],
    };
  }

  /** Called for every node visited: throws OverBudgetError once the file's time is up. */
  checkBudget(): void {
    if (!this.budget || --this.visitsBeforeClockCheck > 0) return;
    this.visitsBeforeClockCheck = NODES_PER_CLOCK_CHECK;
    if (performance.now() > this.budget.deadline) throw new OverBudgetError(this.budget.reason);
  }

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  /** The 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    return this.lines.position(offset);
  }

  lineOf(node: ts.Node): number {
    return this.lines.position(node.getStart(this.sf)).line;
  }

  id(node: ts.Node): string {
    return `${this.sf.fileName}#${node.getStart(this.sf)}`;
  }
}
