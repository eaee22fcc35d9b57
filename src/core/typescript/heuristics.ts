/**
 * Conventions for calls the linker cannot resolve by structure. Each returns an effect the
 * evaluator weighs as weaker evidence than the catalog (`inferred`), never a finding by itself.
 *
 * - An external package the catalog does not describe: its `sync` / `*Sync` members block
 *   (Node's naming convention: `which.sync`, `resolve.sync`, `glob.globSync`).
 * - A method named like a file-system call on a receiver of unknown origin: `opts.mkdirSync`
 *   (fs bound into an options object), `path.lstatSync()` (path-scurry), `dir.readSync()`.
 * - Listening for stream or socket events (`stdin.on('data')`, `req.once('response')`), piping a
 *   stream into another (`file.pipe(res)`), writing to or connecting a value that holds a stream
 *   or a socket (`this.stream.write(buffer)`, `stream.connect(port)`).
 */
import { FS_ASYNC_METHODS, isKnownModule, FS_SYNC_METHODS, STREAM_EVENTS, STREAM_METHODS, STREAM_RECEIVER } from '../catalog';
import type { JsCallEffect } from '../catalog';
import type { CallSite } from './summary';

const LISTEN_METHODS = /^(on|once|addListener|prependListener|prependOnceListener)$/;

/** An effect inferred from a naming convention (`*Sync`, `stream.on('data')`): weaker evidence than the catalog's. */
export interface InferredCallee {
  kind: 'inferred';
  effect: JsCallEffect;
  description: string;
  /** guessed from the method's name alone (`unlink`, `readSync`): a project method of that name is a better answer */
  byMethodName?: boolean;
  /**
   * guessed from how the call is used (awaited, handed a completion callback), not from what the
   * receiver is: a project method of that name is a better answer, and the evidence is weaker
   */
  byUse?: boolean;
}

export function inferEffect(call: CallSite, methodName: string | undefined, externalModule: string | undefined): InferredCallee | undefined {
  if (!methodName) return undefined;
  const name = methodName.slice(methodName.lastIndexOf('.') + 1);
  // a package the catalog describes is described fully: its other members are not guessed at
  if (externalModule && !isKnownModule(externalModule) && (name === 'sync' || (name.endsWith('Sync') && name.length > 4))) {
    return { kind: 'inferred', effect: 'blocking-io', description: `a synchronous API of ${externalModule} (by Node's \`*Sync\` convention it blocks until done)` };
  }
  const hint = call.hint;
  if (!hint) return undefined;
  if (FS_SYNC_METHODS.has(name)) {
    return { kind: 'inferred', effect: 'blocking-io', description: 'named like a blocking file-system call', byMethodName: true };
  }
  if (FS_ASYNC_METHODS.has(name)) {
    return { kind: 'inferred', effect: 'async-io', description: 'named like a non-blocking file-system call', byMethodName: true };
  }
  if (LISTEN_METHODS.test(name) && hint.firstArg !== undefined && STREAM_EVENTS.has(hint.firstArg)) {
    return { kind: 'inferred', effect: 'async-io', description: `waits for the '${hint.firstArg}' event of a stream or socket` };
  }
  if (name === 'pipe' && hint.pipesStream) {
    return { kind: 'inferred', effect: 'async-io', description: 'pipes a stream into another' };
  }
  if (STREAM_METHODS.has(name) && hint.name !== undefined && STREAM_RECEIVER.test(hint.name)) {
    return { kind: 'inferred', effect: 'async-io', description: `${name === 'connect' ? 'connects' : 'writes to'} a stream or socket (${hint.name})` };
  }
  return heldEndpoint(call, name);
}

/**
 * A method of a value the object holds (`this.conn`, `this.#pool`) that nothing resolves, used
 * as an I/O endpoint is used: awaited, handed a Node-style completion callback, or made a
 * promise's executor. A client, a connection or a pool the object was given (from a parameter,
 * a factory, a library the catalog does not describe) is used that way; the method's name alone
 * never counts. Timers and hooks are used that way too, hence weaker evidence than a convention.
 */
function heldEndpoint(call: CallSite, name: string): InferredCallee | undefined {
  const hint = call.hint;
  if (!hint?.heldMember || hint.name === undefined || BOOKKEEPING_METHODS.has(name)) return undefined;
  const how = call.awaited ? 'awaited' : hint.completion === 'error-callback' ? 'handed a completion callback' : hint.completion === 'executor' ? "a promise's executor" : undefined;
  if (!how) return undefined;
  return { kind: 'inferred', effect: 'async-io', description: `waits on this.${hint.name}, used as an I/O client or connection is (${how})`, byUse: true };
}

/**
 * Methods whose waiting is the program's own pacing or bookkeeping, not I/O, however they are
 * awaited: a lock, a queue's drain, a hook, a delay.
 */
const BOOKKEEPING_METHODS: ReadonlySet<string> = new Set(['acquire', 'release', 'lock', 'unlock', 'wait', 'sleep', 'delay', 'emit', 'callHook', 'then', 'catch', 'finally']);
