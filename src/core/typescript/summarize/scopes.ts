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
}

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
    this.frames.push({ fn, blocks: [fn.body], loops: [], thisBinding, scope, onceGuards: 0 });
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

  /** A name not bound yet: the linker looks it up later in the same (live) scopes. */
  lazy(name: string): Binding {
    const scopes: Map<string, Binding>[] = [];
    for (let i = this.frames.length - 1; i >= 0; i--) scopes.push(this.frames[i].scope);
    return { kind: 'lazy', name, scopes };
  }

  bind(name: ts.BindingName, binding: Binding | undefined): void {
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
        this.bind(element.name, key && binding ? memberOf(binding, key) : undefined);
      }
    }
  }

  /**
   * `name = value`: a variable holding a function, a module value or an object may hold any of
   * the values assigned to it (the analysis is flow-insensitive there: `adapter = known[id]`,
   * later `adapter = adapter.get(config)`); a number takes the latest value, for loop bounds.
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
    owner.set(name, keep(previous) && keep(next) ? unionOf([previous, next])! : keep(previous) && !binding ? previous! : next);
  }
}
