/**
 * Node.js built-in modules. Member paths are relative to the module; `*.x` matches a call of
 * method `x` on any value derived from the module (for example `createHash(...).update`).
 */
import type { CatalogEntry, GlobalEntry } from './types';

export const FS_SYNC = [
  'readFileSync', 'writeFileSync', 'appendFileSync', 'readdirSync', 'statSync', 'lstatSync',
  'existsSync', 'mkdirSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'copyFileSync', 'renameSync',
  'openSync', 'closeSync', 'readSync', 'writeSync', 'accessSync', 'realpathSync', 'readlinkSync',
  'symlinkSync', 'chmodSync', 'chownSync', 'utimesSync', 'fstatSync', 'fsyncSync', 'truncateSync',
  'mkdtempSync', 'cpSync', 'opendirSync', 'globSync',
];

export const FS_ASYNC = [
  'readFile', 'writeFile', 'appendFile', 'readdir', 'stat', 'lstat', 'mkdir', 'rm', 'rmdir',
  'unlink', 'copyFile', 'rename', 'open', 'access', 'realpath', 'readlink', 'symlink', 'chmod',
  'chown', 'utimes', 'truncate', 'mkdtemp', 'cp', 'opendir', 'glob', 'createReadStream',
  'createWriteStream', 'watch', 'exists',
];

/**
 * Callback forms on a file descriptor or a link (`fs.read(fd, buffer, …, cb)`, `fs.fstat(fd, cb)`):
 * the twins of `readSync`, `fstatSync` … that fs/promises has only as FileHandle methods.
 */
export const FS_ASYNC_CALLBACK_ONLY = [
  'read', 'write', 'close', 'fstat', 'fsync', 'fdatasync', 'ftruncate', 'futimes', 'fchmod', 'fchown',
  'readv', 'writev', 'link', 'lchown', 'lutimes', 'statfs',
];

/** The `module` part of an async twin that is a method of an fs/promises FileHandle, not a function. */
export const FILE_HANDLE_TWIN_MODULE = 'FileHandle';

/**
 * Kernel pseudo-file systems: reading `/proc/meminfo` or `/sys/block/sda/stat` asks the kernel for
 * numbers it keeps in memory (microseconds, no device), so a sync read there blocks nothing.
 */
export const MEMORY_BACKED_PATH_PREFIXES: readonly string[] = ['/proc/', '/sys/'];

/** The fs modules whose sync calls block: a fix checks its callee really comes from one of them. */
export const FS_MODULES = ['fs', 'graceful-fs', 'fs-extra'];

/** Sync calls whose promise twin differs in shape: descriptors, handles, iterators, or (existsSync) no value at all. */
const FS_SYNC_WITHOUT_DROP_IN = new Set(['existsSync', 'openSync', 'closeSync', 'readSync', 'writeSync', 'fstatSync', 'fsyncSync', 'globSync']);

/**
 * Sync calls on a file descriptor: fs/promises has no function for them (no `close`, `read`,
 * `fstat`…); their promise form is a method of the FileHandle that `fs/promises.open()` returns.
 */
const FD_SYNC_TO_HANDLE_METHOD: Record<string, string> = {
  closeSync: 'close', readSync: 'read', writeSync: 'write', fstatSync: 'stat', fsyncSync: 'sync',
};

/** `readFileSync` → `fs/promises#readFile`; `closeSync` → `FileHandle#close` */
function asyncTwinOf(syncName: string): string | undefined {
  const handleMethod = FD_SYNC_TO_HANDLE_METHOD[syncName];
  if (handleMethod) return `${FILE_HANDLE_TWIN_MODULE}#${handleMethod}`;
  const base = syncName.replace(/Sync$/, '');
  return base === 'exists' ? 'fs/promises#access' : `fs/promises#${base}`;
}

const fsSyncEntries: CatalogEntry[] = FS_SYNC.map((member) => ({
  modules: FS_MODULES,
  members: [member],
  effect: 'blocking-io',
  description: 'blocks the thread until the file system answers',
  asyncTwin: asyncTwinOf(member),
  dropInTwin: !FS_SYNC_WITHOUT_DROP_IN.has(member),
}));

export const NODE_MODULE_ENTRIES: CatalogEntry[] = [
  ...fsSyncEntries,
  {
    modules: ['fs', 'graceful-fs', 'fs-extra'],
    members: [...FS_ASYNC, ...FS_ASYNC.map((m) => `promises.${m}`), ...FS_ASYNC_CALLBACK_ONLY],
    effect: 'async-io',
    description: 'file-system I/O on the libuv threadpool (non-blocking for the caller)',
  },
  {
    modules: ['fs/promises'],
    members: ['*'],
    effect: 'async-io',
    description: 'promise-based file-system I/O (non-blocking)',
  },
  {
    modules: ['http', 'https', 'http2'],
    members: ['request', 'get', 'connect', '*.request', '*.write', '*.end'],
    effect: 'async-io',
    description: 'an HTTP request (network I/O)',
  },
  {
    modules: ['http', 'https', 'http2', 'net', 'tls'],
    members: ['createServer.listen', 'createSecureServer.listen', 'Server.listen', '*.listen'],
    effect: 'async-io',
    description: 'listens for connections (network I/O)',
    startsServer: true,
  },
  {
    modules: ['net', 'tls', 'dgram'],
    members: ['connect', 'createConnection', '*.write', '*.send', '*.connect'],
    effect: 'async-io',
    description: 'socket I/O (network)',
  },
  {
    modules: ['dns', 'dns/promises'],
    members: ['*'],
    effect: 'async-io',
    description: 'a DNS look-up (network, or the libuv threadpool for lookup())',
  },
  {
    modules: ['child_process'],
    members: ['execSync', 'execFileSync', 'spawnSync'],
    effect: 'blocking-io',
    description: 'runs a process and blocks the thread until it exits',
    asyncTwin: 'child_process#execFile',
  },
  {
    modules: ['child_process'],
    members: ['exec', 'execFile', 'spawn'],
    effect: 'spawn-process',
    description: 'starts a child process (non-blocking)',
  },
  {
    modules: ['child_process'],
    members: ['fork'],
    effect: 'spawn-process',
    description: 'forks a Node.js child process with an IPC channel',
  },
  {
    modules: ['cluster'],
    members: ['fork'],
    effect: 'spawn-process',
    description: 'forks a cluster worker process',
  },
  {
    modules: ['worker_threads'],
    members: ['Worker'],
    effect: 'spawn-worker',
    description: 'starts a worker thread (its own V8 isolate and event loop)',
  },
  {
    modules: ['zlib'],
    members: [
      'gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'deflateRawSync', 'inflateRawSync',
      'brotliCompressSync', 'brotliDecompressSync', 'unzipSync', 'zstdCompressSync', 'zstdDecompressSync',
    ],
    effect: 'cpu',
    description: 'compresses or decompresses on the calling thread',
    // an input of ordinary size for compression: 64 KB
    cost: { unit: 'js.gzip-kb', base: 64 },
  },
  {
    modules: ['zlib'],
    members: [
      'gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'brotliCompress',
      'brotliDecompress', 'unzip', 'createGzip', 'createGunzip', 'createDeflate', 'createInflate',
      'createBrotliCompress', 'createBrotliDecompress',
    ],
    effect: 'offloaded',
    description: 'compression on the libuv threadpool (non-blocking for the caller)',
  },
  {
    modules: ['crypto'],
    members: ['pbkdf2Sync'],
    effect: 'cpu',
    description: 'derives a key on the calling thread',
    // its third argument is the iteration count (100,000 when unknown)
    cost: { unit: 'js.pbkdf2-sha256-iteration', base: 100_000, scaleArg: 2 },
  },
  {
    modules: ['crypto'],
    members: ['scryptSync'],
    effect: 'cpu',
    description: 'derives a key with scrypt on the calling thread (memory- and CPU-hard by design)',
    cost: { unit: 'js.scrypt-call', base: 1 },
  },
  {
    modules: ['crypto'],
    members: ['generateKeyPairSync'],
    effect: 'cpu',
    description: 'generates a key pair on the calling thread',
    // units of an RSA-2048 pair, by the key type (measured on node 20: an elliptic-curve pair takes
    // a thousandth of it, a 25519 pair a few ten-thousandths); 'dh' depends on its options (a named
    // group is quick, a prime length generates a prime), so it is not listed
    cost: {
      unit: 'js.keypair-call',
      base: 1,
      perAlgorithm: {
        arg: 0,
        units: { rsa: 1, 'rsa-pss': 1, dsa: 1.5, ec: 0.005, ed25519: 0.0003, x25519: 0.0003, ed448: 0.001, x448: 0.001 },
      },
    },
  },
  {
    modules: ['crypto'],
    members: ['generateKeySync'],
    effect: 'cpu',
    description: 'generates a secret key on the calling thread',
    // 'hmac' and 'aes' keys are random bytes: microseconds
    cost: { unit: 'js.keypair-call', base: 1, perAlgorithm: { arg: 0, units: { hmac: 0.0001, aes: 0.0001 } } },
  },
  {
    modules: ['crypto'],
    members: ['generatePrimeSync', 'checkPrimeSync'],
    effect: 'cpu',
    description: 'generates or tests a prime on the calling thread',
    cost: { unit: 'js.keypair-call', base: 1 },
  },
  {
    modules: ['crypto'],
    members: [
      'createHash.update', 'createHmac.update', 'createCipheriv.update', 'createDecipheriv.update',
      'createSign.update', 'createVerify.update', 'hash',
    ],
    effect: 'cpu',
    description: 'hashes or encrypts the whole data natively on the calling thread (time proportional to its size)',
    // per call on an input of ordinary (short) size: object set-up and digest dominate
    cost: { unit: 'js.hash-call', base: 1, proportional: true },
  },
  {
    modules: ['crypto'],
    members: ['pbkdf2', 'scrypt', 'generateKeyPair', 'generatePrime', 'randomFill', 'generateKey', 'subtle.*'],
    effect: 'offloaded',
    description: 'runs on the libuv threadpool (non-blocking for the caller)',
  },
  {
    modules: ['timers'],
    members: ['setTimeout', 'setInterval', 'setImmediate'],
    effect: 'timer',
    description: 'schedules a timer',
  },
  {
    modules: ['timers/promises'],
    members: ['setTimeout', 'setImmediate', 'setInterval', 'scheduler.wait'],
    effect: 'timer',
    description: 'waits on a timer',
  },
  {
    modules: ['stream/promises'],
    members: ['pipeline', 'finished'],
    effect: 'async-io',
    description: 'waits for a stream to finish',
  },
  {
    modules: ['stream'],
    members: ['pipeline', 'finished'],
    effect: 'async-io',
    description: 'pipes streams (non-blocking)',
  },
  {
    modules: ['events'],
    members: ['once', 'on'],
    effect: 'async-io',
    description: 'waits for an event',
  },
  {
    modules: ['readline', 'readline/promises'],
    members: ['*.question', 'createInterface'],
    effect: 'async-io',
    description: 'reads input',
  },
];

export const GLOBAL_ENTRIES: GlobalEntry[] = [
  { name: 'fetch', effect: 'async-io', description: 'an HTTP request (network I/O)' },
  { name: 'XMLHttpRequest', effect: 'async-io', description: 'a browser HTTP request (network I/O)' },
  { name: 'WebSocket', effect: 'async-io', description: 'opens a WebSocket (network I/O)' },
  { name: 'EventSource', effect: 'async-io', description: 'opens a server-sent events stream (network I/O)' },
  { name: 'navigator.sendBeacon', effect: 'async-io', description: 'sends a beacon request (network I/O)' },
  { name: 'setTimeout', effect: 'timer', description: 'schedules a timer' },
  { name: 'setInterval', effect: 'timer', description: 'schedules a repeating timer' },
  { name: 'setImmediate', effect: 'timer', description: 'schedules a callback' },
  { name: 'Atomics.wait', effect: 'blocking-io', description: 'blocks the thread until another thread notifies it' },
  { name: 'Atomics.waitAsync', effect: 'async-io', description: 'waits for another thread without blocking' },
  { name: 'crypto.subtle.digest', effect: 'offloaded', description: 'hashes off the main thread' },
  { name: 'Worker', effect: 'spawn-worker', description: 'starts a worker thread' },
  // built-in kernels over the whole data passed: native code, but on the calling thread
  // (Buffer.from, atob: most often a key or a header, not the data)
  // (an input of ordinary size: 1 KB)
  ...([['JSON.parse', 'js.json-parse-kb'], ['JSON.stringify', 'js.json-stringify-kb'], ['structuredClone', 'js.structured-clone-kb']] as const).map(
    ([name, unit]): GlobalEntry => ({
      name,
      effect: 'cpu',
      description: 'parses, serialises or copies the whole value on the calling thread (time grows with its size)',
      cost: { unit, base: 1, proportional: true },
    }),
  ),
];
