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
  return undefined;
}
