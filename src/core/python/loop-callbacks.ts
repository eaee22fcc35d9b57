/**
 * Functions an event loop runs as callbacks: what a program hands to `loop.call_soon(cb)`,
 * `loop.add_reader(fd, cb)`, tornado's `IOLoop.current().add_callback(cb)` or
 * `PeriodicCallback(cb, ms)`, livereload's `server.watch(path, cb)` (catalog
 * LOOP_CALLBACK_METHODS). Such a function is plain `def` code, yet it runs on the loop's thread:
 * blocking work in it stalls every task as it would in a coroutine. The index follows the callable
 * through the ways programs name it: a function, a method (`self._on_ready`), `functools.partial`,
 * a function a factory returns (`builder = get_builder(...)`), an instance with `__call__`.
 */
import { EVENT_LOOP_GETTERS, LOOP_CALLBACK_CONSTRUCTORS, LOOP_CALLBACK_METHODS, LOOP_HANDLER_CLASSES, type LoopCallbackArgument, PARTIALS } from '../catalog/python';
import { argumentsOf, keywordArguments } from './bounds';
import { type Linker, returnedValues } from './link';
import { repeatsInLoop } from './once-guards';
import { type FunctionUnit, type PyModule, ownNodes } from './summarize';
import { childByField, lineOf, type PyNode, textOf } from './syntax';

/** Where a function is handed to an event loop. */
export interface LoopRegistration {
  /** the registering call as written (`server.watch`, `loop.call_soon`) */
  registrar: string;
  /** the function making the registration */
  registeredIn: FunctionUnit;
  file: string;
  line: number;
  /** the loop runs the callback again and again (a watch, a reader, a period), or the registration repeats */
  repeats: boolean;
  /** the loop runs it when a descriptor is ready: reading or writing that descriptor does not wait (LoopCallbackArgument.ready) */
  ready: boolean;
  /** set for a framework's request method the loop calls per request (registrar: the handler base class) */
  handler?: boolean;
}

/** A receiver whose type nothing says, named like an event loop: `loop`, `self._loop`, `self.io_loop`. */
const EVENT_LOOP_NAME = /^(?:.*\.)?_*(?:io_?|event_?)?loop$/i;
/** How deep factories, partials and aliases are followed to the function they name */
const MAX_DEPTH = 4;

export class LoopCallbackIndex {
  private readonly registrations = new Map<string, LoopRegistration[]>();

  constructor(
    private readonly linker: Linker,
    modules: readonly PyModule[],
  ) {
    for (const module of modules) {
      for (const unit of module.units) {
        try {
          this.index(unit);
        } catch {
          // a unit that cannot be resolved registers nothing; the others still do
        }
      }
      this.indexHandlers(module);
    }
  }

  /**
   * A synchronous request method of a framework handler class (`def get(self)` of a tornado
   * RequestHandler subclass): the framework calls it on its event loop thread for every request.
   */
  private indexHandlers(module: PyModule): void {
    for (const [className, cls] of module.classes) {
      for (const [base, methods] of Object.entries(LOOP_HANDLER_CLASSES)) {
        if (!this.linker.inheritsFrom(module, className, new Set([base]))) continue;
        for (const name of methods) {
          const method = cls.methods.get(name);
          if (!method || method.isAsync || this.registrations.has(method.id)) continue;
          const registration: LoopRegistration = { registrar: base, registeredIn: module.moduleUnit, file: module.path, line: lineOf(cls.node), repeats: true, ready: false, handler: true };
          this.registrations.set(method.id, [registration]);
        }
        break;
      }
    }
  }

  /** Where the function is handed to an event loop, or undefined when it is not. */
  registrationsOf(unit: FunctionUnit): readonly LoopRegistration[] | undefined {
    return this.registrations.get(unit.id);
  }

  private index(unit: FunctionUnit): void {
    for (const call of ownNodes(unit).calls) {
      const argument = this.callbackArgument(unit, call);
      if (!argument) continue;
      const passed = argumentsOf(call)[argument.arg] ?? (argument.keyword ? keywordArguments(call, unit.module.source).get(argument.keyword) : undefined);
      const callback = passed ? this.callableUnit(unit, passed, 0) : undefined;
      if (!callback) continue;
      const fn = childByField(call, 'function');
      const registration: LoopRegistration = {
        registrar: fn ? textOf(unit.module.source, fn).replace(/\s+/g, '') : 'a loop registration',
        registeredIn: unit,
        file: unit.module.path,
        line: lineOf(call),
        repeats: argument.repeats || repeatsInLoop(call),
        ready: argument.ready === true,
      };
      const known = this.registrations.get(callback.id);
      if (known) known.push(registration);
      else this.registrations.set(callback.id, [registration]);
    }
  }

  /** The call hands a callable to an event loop: which argument. */
  private callbackArgument(unit: FunctionUnit, call: PyNode): LoopCallbackArgument | undefined {
    const fn = childByField(call, 'function');
    if (!fn) return undefined;
    const target = this.linker.resolveCall(unit, call);
    if (target.resolved.kind === 'external' && LOOP_CALLBACK_CONSTRUCTORS[target.resolved.qualified]) return LOOP_CALLBACK_CONSTRUCTORS[target.resolved.qualified];
    if (fn.type !== 'attribute') return undefined;
    const object = childByField(fn, 'object');
    const method = textOf(unit.module.source, childByField(fn, 'attribute') ?? fn);
    if (!object) return undefined;
    const type = this.loopType(unit, object, 0);
    if (type) return LOOP_CALLBACK_METHODS[type]?.[method];
    // an untyped receiver named like a loop: the loop methods, not other registrations (`watch`)
    if (!EVENT_LOOP_NAME.test(textOf(unit.module.source, object))) return undefined;
    return LOOP_CALLBACK_METHODS['asyncio.AbstractEventLoop']?.[method] ?? LOOP_CALLBACK_METHODS['tornado.ioloop.IOLoop']?.[method];
  }

  /** The event-loop type of a receiver: made by a loop getter, directly or through a local name. */
  private loopType(unit: FunctionUnit, node: PyNode, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (node.type === 'call') {
      const target = this.linker.resolveCall(unit, node).resolved;
      return target.kind === 'external' ? EVENT_LOOP_GETTERS[target.qualified] : undefined;
    }
    if (node.type === 'identifier') {
      const value = unit.constants.get(textOf(unit.module.source, node));
      if (value) return this.loopType(unit, value, depth + 1);
    }
    const resolved = this.linker.resolveValue(unit, node);
    return resolved.kind === 'instance' && LOOP_CALLBACK_METHODS[resolved.type] ? resolved.type : undefined;
  }

  /** The function a value names (see the file comment). */
  private callableUnit(unit: FunctionUnit, node: PyNode, depth: number): FunctionUnit | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (node.type === 'call') {
      const target = this.linker.resolveCall(unit, node).resolved;
      const [inner] = argumentsOf(node);
      if (target.kind === 'external' && PARTIALS.has(target.qualified)) return inner ? this.callableUnit(unit, inner, depth + 1) : undefined;
      // `get_builder(...)`: the function the factory returns (`def build(): ...; return build`)
      if (target.kind === 'unit') return this.returnedFunction(target.unit, depth + 1);
      // `Notifier(path)`: an instance of the workspace's own class, called through its __call__
      if (target.kind === 'class') return this.linker.methodOf(target.module, target.cls.name, '__call__');
      return undefined;
    }
    if (node.type !== 'identifier' && node.type !== 'attribute') return undefined;
    // resolved as the callee of a call without arguments
    const asCall = node.derive({ type: 'call', children: [node.derive({ field: 'function' })] });
    const target = this.linker.resolveCall(unit, asCall).resolved;
    if (target.kind === 'unit') return target.unit;
    // an instance of the workspace's own class is called through its __call__
    const value = this.linker.resolveValue(unit, node);
    if (value.kind === 'instance') return this.linker.localClassMethod(value.type, '__call__');
    // a local name bound once to what a factory returns
    const bound = node.type === 'identifier' ? unit.constants.get(textOf(unit.module.source, node)) : undefined;
    return bound?.type === 'call' ? this.callableUnit(unit, bound, depth + 1) : undefined;
  }

  /** The one function a factory returns (`return build`), when all its returns name the same one. */
  private returnedFunction(factory: FunctionUnit, depth: number): FunctionUnit | undefined {
    const found = new Set<FunctionUnit>();
    for (const value of returnedValues(factory)) {
      const callable = value.type === 'identifier' ? factory.locals.get(textOf(factory.module.source, value)) ?? this.callableUnit(factory, value, depth) : undefined;
      if (!callable) return undefined;
      found.add(callable);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }
}
