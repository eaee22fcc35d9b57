/**
 * Naming conventions strong enough to classify a call the analyser cannot resolve, with lower
 * confidence than a catalog entry: Node's `*Sync` suffix for blocking variants, the file-system
 * method names, stream and socket events. Data only; `typescript/heuristics.ts` applies them.
 */
import { FS_ASYNC, FS_SYNC } from './node';

/**
 * Blocking file-system method names (`opts.mkdirSync`, `path.lstatSync`, `fs.closeSync`).
 * `readSync` and `writeSync` are left out: zlib and other native handles have them too.
 */
export const FS_SYNC_METHODS: ReadonlySet<string> = new Set(
  [...FS_SYNC, 'futimesSync', 'fchmodSync', 'fchownSync', 'lutimesSync', 'statfsSync'].filter((name) => name !== 'readSync' && name !== 'writeSync'),
);

/**
 * Non-blocking file-system method names distinctive enough to recognise on an unknown receiver.
 * Generic verbs that many objects have (`open`, `close`, `read`, `write`, `stat`, `access`,
 * `exists`, `watch`, `glob`, `cp`, `rm`) are left out.
 */
export const FS_ASYNC_METHODS: ReadonlySet<string> = new Set(
  FS_ASYNC.filter((name) => !['open', 'access', 'exists', 'watch', 'glob', 'cp', 'rm', 'stat', 'rename', 'truncate', 'opendir'].includes(name))
    .concat(['statAsync', 'lstatAsync', 'mkdirAsync', 'readdirAsync', 'readFileAsync', 'writeFileAsync', 'unlinkAsync', 'futimes', 'readdirCB']),
);

/** Events that only a stream, a socket or a request emits: listening for them waits on I/O. */
export const STREAM_EVENTS: ReadonlySet<string> = new Set([
  'data', 'end', 'finish', 'drain', 'readable', 'close', 'response', 'connect', 'secureConnect',
  'upgrade', 'socket',
]);

/** Names of values that hold a stream or a socket (`this.stream`, `this._socket`, `conn`). */
export const STREAM_RECEIVER = /^_?(stream|socket|sock|duplex|conn|connection|tlsSocket|netSocket|writable|readable)$|[a-z](Stream|Socket)$/;

/** What writing to, ending or connecting such a value does. */
export const STREAM_METHODS: ReadonlySet<string> = new Set(['write', 'end', 'connect', 'cork', 'uncork', 'setNoDelay', 'setKeepAlive']);

/**
 * Methods that give back what a value holds (a connection, a socket, a worker, a file handle)
 * rather than ask for more: closing many at once acquires nothing, so it cannot exhaust sockets or
 * file descriptors the way opening many at once can.
 */
export const RELEASE_METHODS: ReadonlySet<string> = new Set(['close', 'disconnect', 'end', 'destroy', 'quit', 'terminate', 'kill', 'unref', 'shutdown', 'release', 'dispose', 'unsubscribe']);

/**
 * File-system calls whose result names or describes entries (a directory listing, stats, a
 * resolved path, a flag) rather than carrying what a file holds: a loop over what they return goes
 * over a few names, not over data that was read (`for (const name of readdirSync(dir))` is I/O
 * with bookkeeping, `for (const line of readFileSync(f, 'utf8').split('\n'))` reads and parses).
 */
export const FS_LISTING_METHODS: ReadonlySet<string> = new Set(
  ['readdir', 'stat', 'lstat', 'fstat', 'access', 'exists', 'realpath', 'readlink', 'opendir', 'glob', 'mkdtemp', 'statfs']
    .flatMap((name) => [name, `${name}Sync`, `${name}Async`]),
);
