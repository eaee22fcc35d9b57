/**
 * Frames and scopes of the walk: the function being walked, its blocks and loops, what `this`
 * means in it, and what each name is bound to. Names not bound yet become lazy bindings that the
 * linker looks up later in the same live scopes.
 */
import type { ts } from 'ts-morph';
import { T } from './syntax';
import type { AwaitInLoop, Binding, Block, FunctionSummary, Loop } from '../summary';
import { memberOf, unionOf } from '../bindings';
import { UNKNOWN } from '../values';

export interface LoopContext {
  loop: Loop;
  node: ts.Node;
  awaits: AwaitInLoop[];
  /** the body runs a global regular expression's `exec` over the input data (`re.exec(text)`): each turn takes the next match */
  execsOverInput?: boolean;
}

export interface Frame {
  fn: FunctionSummary;
  blocks: Block[];
  loops: LoopContext[];
  /** what `this` is inside the function */
  thisBinding?: Binding;
  scope: Map<string, Binding>;
  /** how many branches that run only while long-lived state is missing enclose the walk (CallSite.once) */
  onceGuards: number;
  /** the parameter whose truthiness the innermost enclosing `if (param)` branch requires (CallSite.guardParam) */
  modeGuard?: number;
  /**
   * Names holding the function's input data: its parameters (but settings: a parameter
   * defaulting to a number, string or boolean) and the locals computed from them
   * (`lines = text.split('\n')`, `keys = Object.keys(obj)`). A loop over them grows with what
   * the caller hands in.
   */
  inputs: Set<string>;
  /**
   * Names holding what calls returned, by the calls' ids (`const data = await readFile(p)`, then
   * `const text = data.toString()`): where the data a call brought goes next.
   */
  results: Map<string, string[]>;
  /** the variables the function declares (`let ready;`, `const cache = new Map()`) */
  declared: Set<string>;
}

/** Calls whose results one value carries, at most (a value mixes a few sources, not dozens). */
const MAX_RESULT_SOURCES = 8;

export class Scopes {
  readonly frames: Frame[] = [];
  readonly moduleScope = new Map<string, Binding>();
  /** names of the variables the file declares at module level (`let client;`, `const cache = {}`) */
  readonly moduleVariables = new Set<string>();

  get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  get block(): Block {
    const blocks = this.frame.blocks;
    return blocks[blocks.length - 1];
  }

  pushFrame(fn: FunctionSummary, scope: Map<string, Binding>, thisBinding?: Binding): void {
    this.frames.push({ fn, blocks: [fn.body], loops: [], thisBinding, scope, onceGuards: 0, inputs: new Set(), results: new Map(), declared: new Set() });
  }

  /** Does `name`, where it is read now, hold input data of the function that declares it? */
  isInput(name: string): boolean {
    for (let i = this.frames.length - 1; i >= 1; i--) {
      if (this.frames[i].inputs.has(name)) return true;
      if (this.frames[i].scope.has(name)) return false;
    }
    return false;
  }

  /** The calls whose results `name` holds where it is read now. */
  resultsOf(name: string): readonly string[] {
    for (let i = this.frames.length - 1; i >= 1; i--) {
      const found = this.frames[i].results.get(name);
      if (found) return found;
      if (this.frames[i].scope.has(name)) return [];
    }
    return [];
  }

  /** `name` now holds (also) what these calls returned, in the function that declares it (the current one for a declaration). */
  markResults(name: string, callIds: readonly string[], declared: boolean): void {
    const frame = this.owningFrame(name, declared, (candidate) => candidate.results.has(name));
    if (!frame) return;
    const kept = declared ? [] : frame.results.get(name) ?? [];
    const merged = [...new Set([...kept, ...callIds])].slice(0, MAX_RESULT_SOURCES);
    if (merged.length > 0) frame.results.set(name, merged);
    else frame.results.delete(name);
  }

  /**
   * `name` now holds input data (`keys = Object.keys(obj)`), or no longer does (`count = 0`), in
   * the function that declares it (the current one for a declaration).
   */
  markInput(name: string, isInput: boolean, declared: boolean): void {
    const frame = this.owningFrame(name, declared, (candidate) => candidate.inputs.has(name));
    if (!frame) return;
    if (isInput) frame.inputs.add(name);
    // a reassignment from other data keeps what the name held before (`s = s.trim() || fallback`)
    else if (declared) frame.inputs.delete(name);
  }

  /**
   * The function whose variable `name` is: the current one for a declaration, else the innermost
   * that declares it or already tracks it (`tracks`). Undefined for module level (frame 0), whose
   * variables outlive every call.
   */
  private owningFrame(name: string, declared: boolean, tracks: (frame: Frame) => boolean): Frame | undefined {
    let frame = this.frame;
    if (!declared) {
      for (let i = this.frames.length - 1; i >= 1; i--) {
        if (this.frames[i].scope.has(name) || tracks(this.frames[i])) {
          frame = this.frames[i];
          break;
        }
      }
    }
    return this.frames.indexOf(frame) === 0 ? undefined : frame;
  }

  lookup(name: string): Binding | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const binding = this.frames[i].scope.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  /** A variable declared at module level (and not shadowed by a function's own name): state that outlives a call. */
  isModuleVariable(name: string): boolean {
    for (let i = this.frames.length - 1; i >= 1; i--) if (this.frames[i].scope.has(name)) return false;
    return this.moduleVariables.has(name);
  }

  /**
   * A variable an enclosing function declares (not the function being walked, not the module): a
   * closure's state, which outlives each call of the closure (`let ready; const ensure = () => {
   * if (!ready) ready = setup(); return ready }`).
   */
  isEnclosingFunctionVariable(name: string): boolean {
    const current = this.frames.length - 1;
    if (this.frames[current].declared.has(name) || this.frames[current].scope.has(name)) return false;
    for (let i = current - 1; i >= 1; i--) {
      if (this.frames[i].declared.has(name)) return true;
      if (this.frames[i].scope.has(name)) return false;
    }
    return false;
  }

  /** A name not bound yet: the linker looks it up later in the same (live) scopes. */
  lazy(name: string): Binding {
    const scopes: Map<string, Binding>[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) scopes.push(this.frames[i].scope);
    return { kind: 'lazy', name, scopes };
  }

  /**
   * `name` holds `binding`; in a pattern each element holds its member. With `defaultOf`, an
   * element's default that is a function or a module value (`{ parse = JSON.parse } = options`)
   * is one more thing it may hold: an option left out runs the default, as `options.parse ||
   * JSON.parse` does. A default number or string is a value the caller may replace: left to
   * the value analysis.
   */
  bind(name: ts.BindingName, binding: Binding | undefined, defaultOf?: (initializer: ts.Expression) => Binding | undefined): void {
    if (T.isIdentifier(name)) {
      if (binding) this.frame.scope.set(name.text, binding);
      else this.frame.scope.delete(name.text);
      return;
    }
    if (T.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const key = element.propertyName && T.isIdentifier(element.propertyName)
          ? element.propertyName.text
          : T.isIdentifier(element.name) ? element.name.text : undefined;
        const member = key && binding ? memberOf(binding, key) : undefined;
        const fallback = element.initializer && defaultOf ? defaultOf(element.initializer) : undefined;
        const callable = fallback !== undefined && fallback.kind !== 'value' && fallback.kind !== 'param';
        this.bind(element.name, callable ? unionOf([member, fallback]) : member, defaultOf);
      }
    }
  }

  /**
   * `name = value`: a variable holding a function, a module value or an object may hold any of
   * the values assigned to it (the analysis is flow-insensitive there: `adapter = known[id]`,
   * later `adapter = adapter.get(config)`); a number takes the latest value, for loop bounds.
   * A parameter assigned to it (`setFs(customFs) { fs = customFs }`, a hook that swaps a
   * dependency) is one more thing it may hold: what it held stays. A value of unknown size
   * overwritten by one of constant size (`try { data = readFileSync(f) } catch { data = '' }`)
   * may still be the data: it stays unknown.
   */
  reassign(name: string, binding: Binding | undefined): void {
    let owner = this.frame.scope;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      if (this.frames[i].scope.has(name)) {
        owner = this.frames[i].scope;
        break;
      }
    }
    const previous = owner.get(name);
    const next = binding ?? { kind: 'value', expr: UNKNOWN } as Binding;
    const keep = (candidate: Binding | undefined): boolean => candidate !== undefined && candidate.kind !== 'value' && candidate.kind !== 'param';
    const swapped = keep(previous) && (keep(next) || next.kind === 'param');
    const constantSize = (candidate: Binding): boolean => candidate.kind === 'value' && (candidate.expr.k === 'small' || candidate.expr.k === 'num');
    if (previous && !constantSize(previous) && next.kind === 'value' && next.expr.k === 'small') {
      owner.set(name, { kind: 'value', expr: UNKNOWN });
      return;
    }
    owner.set(name, swapped ? unionOf([previous, next])! : keep(previous) && !binding ? previous! : next);
  }
}
