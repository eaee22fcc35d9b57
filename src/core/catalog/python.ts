/**
 * The Python knowledge catalog: what well-known calls spend their time on. Data only: the
 * analyser looks names up here and never hard-codes a library elsewhere.
 *
 * Names are fully qualified after import resolution (`from time import sleep` → `time.sleep`,
 * `import numpy as np; np.dot` → `numpy.dot`). Methods are looked up through the type a
 * constructor or function returns (`open()` → `file`, `sqlite3.connect()` → `sqlite3.Connection`).
 */

import type { Primitive } from '../cost/time';
import type { PythonCallEffect } from './types';

/**
 * A CPU call priced in a primitive of the cost model (core/cost/time.ts), optionally sized by an
 * argument: `sum(range(n))` adds up n elements, `pbkdf2_hmac(…, iterations)` runs that many.
 */
export interface PyCpuCost {
  unit: Primitive;
  /** units per call when the sizing argument is unknown */
  base: number;
  scale?: {
    /** 0-based positional index of the sizing argument */
    index: number;
    /** its keyword name, when it may be passed by keyword */
    keyword?: string;
    /** `value`: the argument is the count; `length`: the argument's length is; `bytes`: its size in bytes is (text, binary data) */
    by: 'value' | 'length' | 'bytes';
    /** the units are n·log2(n) of the size (a sort's comparisons) */
    nLogN?: boolean;
    /** units per unit of the size (1 when absent): KB per element of a serialised list */
    perUnit?: number;
  };
  /**
   * The primitive when the pattern (argument 0) begins with literal text (`r'"GET /item/\d+'`):
   * the engine jumps from one occurrence of that text to the next instead of trying a match at
   * every position.
   */
  literalPrefixUnit?: Primitive;
  /** of unknown size, the data is taken to be short (a field, a name: `base`), not data-dependent */
  shortWhenUnsized?: boolean;
}

export interface CallInfo {
  effect: PythonCallEffect;
  /** operations per call for `cpu` effects (the cost model's unit: one bytecode-ish step) */
  weight?: number;
  /** for `cpu` effects priced in a calibrated primitive instead of `weight` */
  cost?: PyCpuCost;
  /** why threads can still overlap this call: it releases the GIL while it computes */
  releasesGil?: string;
  /** the type of the value returned, to look up methods called on it later */
  returns?: string;
  /** what to use instead inside `async def` (for io/wait effects) */
  asyncAlternative?: string;
  /** waits for concurrent work the code started itself (`Thread.join`, `Future.result`) */
  joins?: boolean;
  /**
   * The wait is a local file-system or OS call (a stat, an open, a rename: microseconds to
   * milliseconds on a local disk). It still blocks an event loop, but running such calls one
   * after another is no mistake: threads per item would not make a loop of them faster.
   */
  local?: boolean;
  /**
   * Flags that make the call answer from its arguments alone: `getaddrinfo(host, port, flags=
   * AI_NUMERICHOST)` parses an address literal and never asks a resolver. A call passing one of
   * these names (`socket.AI_NUMERICHOST`, or-ed with others) does not wait.
   */
  noWaitWith?: readonly string[];
  /**
   * Flags that make the call only start something and return (`os.spawnv(os.P_NOWAIT, …)`): a
   * call passing one of these names does not wait for what it started (a local call, see `local`).
   */
  localWith?: readonly string[];
  /**
   * for whole-module entries: the module's real members that have this effect; any other name
   * (`requests.foo`, `subprocess.anything`, `requests.exceptions.HTTPError`) is no API we know
   */
  members?: ReadonlySet<string>;
  /**
   * The call reads from or writes to a file-like argument: handed an in-memory stream
   * (`io.BytesIO`, `io.StringIO`), it touches no file and is the named in-memory function
   * (`pickle.load(io.BytesIO(raw))` is `pickle.loads(raw)`: deserialisation, no I/O).
   */
  overMemory?: { arg: number; keyword?: string; as: string };
  /**
   * A metadata call on one path that moves no file data: a lookup (a stat, an existence or type
   * test, a readlink, resolving symlinks) or a change of the directory entry or the file position
   * (unlink, mkdir, rename, chmod, a seek or close of an open file). One syscall, microseconds on a
   * local disk, and it grows with nothing a request sends. On an event loop it matters when it
   * repeats (a loop, a listing) or belongs to file work the coroutine does on the loop (a static
   * file handler's stat before its read); a lone one does not.
   */
  probe?: boolean;
  /** a probe that changes the entry or the position (unlink, mkdir, rename, seek) rather than looks it up */
  change?: boolean;
}

const io = (asyncAlternative?: string, returns?: string): CallInfo => ({ effect: 'blocking-io', asyncAlternative, returns });
/** Blocking I/O on the local file system (see CallInfo.local). */
const disk = (asyncAlternative?: string, returns?: string): CallInfo => ({ ...io(asyncAlternative, returns), local: true });
/** A local metadata call on one path that moves no file data (see CallInfo.probe). */
const probe = (asyncAlternative?: string, returns?: string): CallInfo => ({ ...disk(asyncAlternative, returns), probe: true });
/** A local metadata change of one path or of an open file's position (see CallInfo.probe and .change). */
const change = (asyncAlternative?: string, returns?: string): CallInfo => ({ ...probe(asyncAlternative, returns), change: true });
const wait = (asyncAlternative?: string): CallInfo => ({ effect: 'wait', asyncAlternative });
const asyncIo = (returns?: string): CallInfo => ({ effect: 'async-io', returns });
const cpu = (weight: number, releasesGil?: string): CallInfo => ({ effect: 'cpu', weight, releasesGil });
/** A CPU call priced in a calibrated primitive (weight: the same at its base size, for the rules that read it). */
const cpuIn = (cost: PyCpuCost, releasesGil?: string): CallInfo => ({ effect: 'cpu', cost, releasesGil });
const returning = (type: string): CallInfo => ({ effect: 'none', returns: type });
/** A whole-module entry restricted to the members listed (space-separated). */
const only = (info: CallInfo, members: string): CallInfo => ({ ...info, members: new Set(members.split(' ')) });
const SPAWN_ASYNC = 'asyncio.create_subprocess_exec(...)';
/** os.spawn*: waits for the child with P_WAIT; with P_NOWAIT (P_NOWAITO, P_DETACH) it only starts it. */
const spawnIo = (): CallInfo => ({ ...io(SPAWN_ASYNC), localWith: ['P_NOWAIT', 'P_NOWAITO', 'P_DETACH'] });

const TO_THREAD = 'await asyncio.to_thread(...)';
/** Message-queue clients: their calls are round trips to the broker. */
const MQ_ASYNC = 'an asyncio client (aio-pika, aiokafka), or await asyncio.to_thread(...)';
/** MongoDB: the asyncio driver. */
const MOTOR = 'motor (the asyncio MongoDB driver), or await asyncio.to_thread(...)';
const HTTP_ASYNC = 'an async HTTP client (httpx.AsyncClient or aiohttp), or await asyncio.to_thread(...)';
/** Hashing an input of ordinary (short) size: set-up and digest dominate. */
const HASH_CALL: PyCpuCost = { unit: 'py.hash-call', base: 1 };
const GIL_HASH = 'releases the GIL for buffers over 2 KiB, so threads can overlap it';
const GIL_COMPRESS = 'releases the GIL while it compresses, so threads can overlap it';
/** Compressing its first argument, by its size in bytes (`text.encode()`, `b"…" * n`): 1 MB when the size is not known. */
const COMPRESS: PyCpuCost = { unit: 'py.zlib-compress-kb', base: 1024, scale: { index: 0, by: 'bytes', perUnit: 1 / 1024 } };
/** Decompressing its first argument: 256 KB of input when the size is not known. */
const DECOMPRESS: PyCpuCost = { unit: 'py.zlib-decompress-kb', base: 256, scale: { index: 0, by: 'bytes', perUnit: 1 / 1024 } };
/** bz2 and lzma decompress several times slower than zlib: priced as twice the input. */
const SLOW_DECOMPRESS: PyCpuCost = { ...DECOMPRESS, base: 512, scale: { index: 0, by: 'bytes', perUnit: 2 / 1024 } };
const GIL_NUMPY = 'runs in C and releases the GIL for large arrays, so threads can overlap it';
const GIL_PILLOW = 'runs in C and releases the GIL, so threads can overlap it';

/**
 * A regular expression run over all of a text (its argument `textIndex`): priced per KB of the
 * text when the code shows its size, at the rate of patterns that begin with literal text when
 * this one does; otherwise as a short text (16 bytes: a field, a name), like the rest of `re`.
 */
const regexScan = (textIndex: number): CallInfo => ({
  effect: 'cpu',
  cost: { unit: 'py.regex-kb', base: 16 / 1024, scale: { index: textIndex, by: 'bytes', perUnit: 1 / 1024 }, literalPrefixUnit: 'py.regex-literal-kb', shortWhenUnsized: true },
});

/** Exact fully-qualified functions and constructors. Builtins have no module prefix. */
export const FUNCTIONS: Readonly<Record<string, CallInfo>> = {
  // builtins
  open: disk(TO_THREAD + ' or aiofiles', 'file'),
  input: wait(TO_THREAD),
  sorted: cpuIn({ unit: 'py.sort-comparison', base: 700, scale: { index: 0, by: 'length', nLogN: true } }),
  // compiling a snippet of source takes microseconds; only huge generated sources are slow
  compile: cpu(20_000),
  sum: cpuIn({ unit: 'py.sum-element', base: 100, scale: { index: 0, by: 'length' } }),
  min: cpuIn({ unit: 'py.sum-element', base: 100, scale: { index: 0, by: 'length' } }),
  max: cpuIn({ unit: 'py.sum-element', base: 100, scale: { index: 0, by: 'length' } }),
  // waiting
  'time.sleep': wait('await asyncio.sleep(...)'),
  'select.select': wait(TO_THREAD),
  'signal.pause': wait(),
  'os.wait': wait(TO_THREAD),
  'os.waitpid': wait(TO_THREAD),
  'os.wait3': wait(TO_THREAD),
  'os.wait4': wait(TO_THREAD),
  'os.waitid': wait(TO_THREAD),
  'asyncio.sleep': asyncIo(),
  'asyncio.wait_for': asyncIo(),
  'asyncio.wait': asyncIo(),
  'asyncio.gather': asyncIo(),
  'asyncio.open_connection': asyncIo(),
  'asyncio.create_subprocess_exec': asyncIo(),
  'asyncio.create_subprocess_shell': asyncIo(),
  'asyncio.to_thread': asyncIo(),
  // files and the OS
  'os.open': disk(TO_THREAD),
  'os.read': disk(TO_THREAD),
  'os.write': disk(TO_THREAD),
  'os.fsync': disk(TO_THREAD),
  'os.listdir': disk(TO_THREAD),
  'os.scandir': disk(TO_THREAD),
  'os.walk': disk(TO_THREAD),
  'os.remove': change(TO_THREAD),
  'os.unlink': change(TO_THREAD),
  'os.rename': change(TO_THREAD),
  'os.replace': change(TO_THREAD),
  'os.makedirs': change(TO_THREAD),
  'os.mkdir': change(TO_THREAD),
  'os.rmdir': change(TO_THREAD),
  'os.stat': probe(TO_THREAD),
  'os.lstat': probe(TO_THREAD),
  'os.system': io('asyncio.create_subprocess_shell(...)'),
  'os.popen': io('asyncio.create_subprocess_shell(...)'),
  // os.spawn* with P_WAIT waits for the child; every form forks and execs on the calling thread
  'os.spawnl': spawnIo(),
  'os.spawnle': spawnIo(),
  'os.spawnlp': spawnIo(),
  'os.spawnlpe': spawnIo(),
  'os.spawnv': spawnIo(),
  'os.spawnve': spawnIo(),
  'os.spawnvp': spawnIo(),
  'os.spawnvpe': spawnIo(),
  'os.posix_spawn': io(SPAWN_ASYNC),
  'os.posix_spawnp': io(SPAWN_ASYNC),
  'os.sendfile': disk(TO_THREAD),
  'os.chmod': change(TO_THREAD),
  'os.chown': change(TO_THREAD),
  'os.utime': change(TO_THREAD),
  'os.statvfs': probe(TO_THREAD),
  'os.access': probe(TO_THREAD),
  'os.symlink': change(TO_THREAD),
  'os.link': change(TO_THREAD),
  'os.readlink': probe(TO_THREAD),
  'os.truncate': disk(TO_THREAD),
  // the metadata of a file already open: the kernel holds its inode, no path lookup, no disk read
  'os.fstat': { effect: 'none' },
  'os.removedirs': change(TO_THREAD),
  'os.renames': change(TO_THREAD),
  'os.path.exists': probe(TO_THREAD),
  'os.path.lexists': probe(TO_THREAD),
  'os.path.islink': probe(TO_THREAD),
  'os.path.realpath': probe(TO_THREAD),
  'os.path.samefile': probe(TO_THREAD),
  'os.path.isfile': probe(TO_THREAD),
  'os.path.isdir': probe(TO_THREAD),
  'os.path.getsize': probe(TO_THREAD),
  'os.path.getmtime': probe(TO_THREAD),
  'io.open': disk(TO_THREAD, 'file'),
  // a gzip stream over an in-memory one (`GzipFile(fileobj=io.BytesIO(raw))`) compresses and decompresses memory
  'gzip.open': { ...disk(TO_THREAD, 'file'), overMemory: { arg: 0, keyword: 'filename', as: 'io.memory_compressed' } },
  'gzip.GzipFile': { ...disk(TO_THREAD, 'file'), overMemory: { arg: 3, keyword: 'fileobj', as: 'io.memory_compressed' } },
  'bz2.BZ2File': { ...disk(TO_THREAD, 'file'), overMemory: { arg: 0, keyword: 'filename', as: 'io.memory_compressed' } },
  'lzma.LZMAFile': { ...disk(TO_THREAD, 'file'), overMemory: { arg: 0, keyword: 'filename', as: 'io.memory_compressed' } },
  // (the name a compressed stream over memory is looked up by: no module defines it)
  'io.memory_compressed': returning('compressed.memory'),
  'bz2.open': { ...disk(TO_THREAD, 'file'), overMemory: { arg: 0, keyword: 'filename', as: 'io.memory_compressed' } },
  'lzma.open': { ...disk(TO_THREAD, 'file'), overMemory: { arg: 0, keyword: 'filename', as: 'io.memory_compressed' } },
  'codecs.open': disk(TO_THREAD, 'file'),
  // an archive over an in-memory stream (`ZipFile(io.BytesIO())`) reads and writes memory
  'tarfile.open': { ...disk(TO_THREAD, 'archive'), overMemory: { arg: 2, keyword: 'fileobj', as: 'io.memory_archive' } },
  'zipfile.ZipFile': { ...disk(TO_THREAD, 'archive'), overMemory: { arg: 0, keyword: 'file', as: 'io.memory_archive' } },
  // (the name an archive over memory is looked up by: no module defines it)
  'io.memory_archive': returning('io.memory'),
  'glob.glob': disk(TO_THREAD),
  'glob.iglob': disk(TO_THREAD),
  'tempfile.mkstemp': change(TO_THREAD),
  'tempfile.mkdtemp': change(TO_THREAD),
  'tempfile.NamedTemporaryFile': disk(TO_THREAD, 'file'),
  'tempfile.TemporaryFile': disk(TO_THREAD, 'file'),
  // serialising a list of known length: about 64 bytes per element (a small record); else 1 KB
  'json.dumps': cpuIn({ unit: 'py.json-dumps-kb', base: 1, scale: { index: 0, by: 'length', perUnit: 1 / 16 } }),
  'json.loads': cpuIn({ unit: 'py.json-loads-kb', base: 1 }),
  'json.load': { ...disk(TO_THREAD), overMemory: { arg: 0, keyword: 'fp', as: 'json.loads' } },
  'json.dump': { ...disk(TO_THREAD), overMemory: { arg: 1, keyword: 'fp', as: 'json.dumps' } },
  'pickle.load': { ...disk(TO_THREAD), overMemory: { arg: 0, keyword: 'file', as: 'pickle.loads' } },
  'pickle.dump': { ...disk(TO_THREAD), overMemory: { arg: 1, keyword: 'file', as: 'pickle.dumps' } },
  'json.JSONDecoder': returning('json.JSONDecoder'),
  'json.JSONEncoder': returning('json.JSONEncoder'),
  // a pickler over a stream: dump() serialises every object it is given, load() decodes the stream
  'pickle.Pickler': returning('pickle.Pickler'),
  'pickle.Unpickler': returning('pickle.Unpickler'),
  'pathlib.Path': returning('pathlib.Path'),
  'pathlib.PosixPath': returning('pathlib.Path'),
  'pathlib.WindowsPath': returning('pathlib.Path'),
  'pathlib.Path.cwd': returning('pathlib.Path'),
  'pathlib.Path.home': returning('pathlib.Path'),
  // in-memory streams: reading and writing them copies memory (IN_MEMORY_TYPES)
  'io.StringIO': returning('io.memory'),
  'io.BytesIO': returning('io.memory'),
  // networking and HTTP
  'socket.socket': returning('socket.socket'),
  'socket.create_connection': io('asyncio.open_connection(...)', 'socket.socket'),
  'socket.create_server': io('asyncio.start_server(...)', 'socket.socket'),
  'socket.getaddrinfo': { ...io('loop.getaddrinfo(...)'), noWaitWith: ['AI_NUMERICHOST'] },
  'socket.getnameinfo': { ...io('loop.getnameinfo(...)'), noWaitWith: ['NI_NUMERICHOST'] },
  'socket.gethostbyname': io('loop.getaddrinfo(...)'),
  'ssl.wrap_socket': returning('socket.socket'),
  'urllib.request.urlopen': io(HTTP_ASYNC, 'net.file'),
  'urllib.request.urlretrieve': io(HTTP_ASYNC),
  'http.client.HTTPConnection': returning('http.client.HTTPConnection'),
  'http.client.HTTPSConnection': returning('http.client.HTTPConnection'),
  'requests.Session': returning('requests.Session'),
  'requests.session': returning('requests.Session'),
  'httpx.Client': returning('httpx.Client'),
  'httpx.AsyncClient': returning('httpx.AsyncClient'),
  // constructing a pool of connections opens none: its requests do
  'urllib3.PoolManager': returning('urllib3.PoolManager'),
  'urllib3.ProxyManager': returning('urllib3.PoolManager'),
  'urllib3.HTTPConnectionPool': returning('urllib3.PoolManager'),
  'urllib3.HTTPSConnectionPool': returning('urllib3.PoolManager'),
  'urllib3.connection_from_url': returning('urllib3.PoolManager'),
  'urllib.request.build_opener': returning('urllib.request.OpenerDirector'),
  'aiohttp.ClientSession': returning('aiohttp.ClientSession'),
  'sqlite3.connect': io(TO_THREAD + ' or aiosqlite', 'db.Connection'),
  'psycopg.connect': io('psycopg.AsyncConnection', 'db.Connection'),
  'psycopg2.connect': io(TO_THREAD, 'db.Connection'),
  'pymysql.connect': io(TO_THREAD, 'db.Connection'),
  'redis.Redis': returning('redis.Redis'),
  'redis.StrictRedis': returning('redis.Redis'),
  'redis.from_url': returning('redis.Redis'),
  // terminals and serial lines: wait until the output is transmitted, or for the break's duration
  'termios.tcdrain': io(TO_THREAD),
  'termios.tcsendbreak': io(TO_THREAD),
  // message queues: opening a blocking connection is a round trip, and so is every call on it
  'pika.BlockingConnection': io(MQ_ASYNC, 'pika.BlockingConnection'),
  'kafka.KafkaProducer': io(MQ_ASYNC, 'kafka.Client'),
  'kafka.KafkaConsumer': io(MQ_ASYNC, 'kafka.Client'),
  'ftplib.FTP': io(TO_THREAD, 'ftplib.FTP'),
  'ftplib.FTP_TLS': io(TO_THREAD, 'ftplib.FTP'),
  'smtplib.SMTP': io(TO_THREAD, 'smtplib.SMTP'),
  'smtplib.SMTP_SSL': io(TO_THREAD, 'smtplib.SMTP'),
  'paramiko.SSHClient': returning('paramiko.SSHClient'),
  'boto3.client': returning('boto3.Client'),
  'boto3.resource': returning('boto3.Client'),
  // starting a child returns once it runs (a fork and an exec): the wait is in communicate() and wait()
  'subprocess.Popen': { ...io(SPAWN_ASYNC, 'subprocess.Popen'), local: true },
  // synchronisation objects (their methods wait)
  'threading.Event': returning('threading.Event'),
  'threading.Lock': returning('threading.Lock'),
  'threading.RLock': returning('threading.Lock'),
  'threading.Condition': returning('threading.Condition'),
  'threading.Semaphore': returning('threading.Lock'),
  'threading.Thread': returning('threading.Thread'),
  'queue.Queue': returning('queue.Queue'),
  // a future the code makes itself (not a pool's): another thread (a connection's reader) completes it
  'concurrent.futures.Future': returning('future.filled-elsewhere'),
  'queue.LifoQueue': returning('queue.Queue'),
  'queue.PriorityQueue': returning('queue.Queue'),
  'multiprocessing.Queue': returning('queue.Queue'),
  'multiprocessing.Process': returning('threading.Thread'),
  're.compile': { effect: 'cpu', weight: 200, returns: 're.Pattern' },
  're.findall': regexScan(1),
  're.finditer': regexScan(1),
  're.sub': regexScan(2),
  're.subn': regexScan(2),
  're.split': regexScan(1),
  // CPU work that releases the GIL
  'hashlib.sha256': { ...cpuIn(HASH_CALL, GIL_HASH), returns: 'hashlib.Hash' },
  'hashlib.sha1': { ...cpuIn(HASH_CALL, GIL_HASH), returns: 'hashlib.Hash' },
  'hashlib.sha512': { ...cpuIn(HASH_CALL, GIL_HASH), returns: 'hashlib.Hash' },
  'hashlib.md5': { ...cpuIn(HASH_CALL, GIL_HASH), returns: 'hashlib.Hash' },
  'hashlib.blake2b': { ...cpuIn(HASH_CALL, GIL_HASH), returns: 'hashlib.Hash' },
  'hashlib.new': { ...cpuIn(HASH_CALL, GIL_HASH), returns: 'hashlib.Hash' },
  'hashlib.pbkdf2_hmac': cpuIn({ unit: 'py.pbkdf2-sha256-iteration', base: 100_000, scale: { index: 3, keyword: 'iterations', by: 'value' } }, GIL_HASH),
  'hashlib.scrypt': cpu(5_000_000, GIL_HASH),
  // (de)compression is priced per KB of its first argument; without a known size, on an assumed one
  'zlib.compress': cpuIn(COMPRESS, GIL_COMPRESS),
  'zlib.decompress': cpuIn(DECOMPRESS, GIL_COMPRESS),
  'zlib.compressobj': returning('zlib.Compress'),
  'zlib.decompressobj': returning('zlib.Compress'),
  'bz2.compress': cpuIn(COMPRESS, GIL_COMPRESS),
  'bz2.decompress': cpuIn(SLOW_DECOMPRESS, GIL_COMPRESS),
  'bz2.BZ2Compressor': returning('zlib.Compress'),
  'bz2.BZ2Decompressor': returning('zlib.Compress'),
  'lzma.compress': cpuIn(COMPRESS, GIL_COMPRESS),
  'lzma.decompress': cpuIn(SLOW_DECOMPRESS, GIL_COMPRESS),
  'lzma.LZMACompressor': returning('zlib.Compress'),
  'lzma.LZMADecompressor': returning('zlib.Compress'),
  'gzip.compress': cpuIn(COMPRESS, GIL_COMPRESS),
  'gzip.decompress': cpuIn(DECOMPRESS, GIL_COMPRESS),
  'PIL.Image.open': disk(TO_THREAD, 'PIL.Image'),
  'PIL.Image.new': returning('PIL.Image'),
};

/** Whole modules whose every function has one effect (after the exact table found nothing). */
export const MODULES: Readonly<Record<string, CallInfo>> = {
  requests: only(io(HTTP_ASYNC, 'requests.Response'), 'get post put patch delete head options request'),
  httpx: only(io(HTTP_ASYNC, 'requests.Response'), 'get post put patch delete head options request stream'),
  urllib3: only(io(HTTP_ASYNC, 'requests.Response'), 'request'),
  'urllib.request': only(io(HTTP_ASYNC, 'net.file'), 'urlopen urlretrieve'),
  poplib: only(io(TO_THREAD, 'mail.Client'), 'POP3 POP3_SSL'),
  imaplib: only(io(TO_THREAD, 'mail.Client'), 'IMAP4 IMAP4_SSL'),
  telnetlib: only(io(TO_THREAD, 'mail.Client'), 'Telnet'),
  socket: only(
    io('asyncio streams (asyncio.open_connection) or loop.getaddrinfo(...)'),
    'create_connection create_server getaddrinfo gethostbyname gethostbyname_ex gethostbyaddr getnameinfo getfqdn',
  ),
  subprocess: only(io(SPAWN_ASYNC), 'run call check_call check_output getoutput getstatusoutput'),
  shutil: only(
    disk(TO_THREAD),
    'copy copy2 copyfile copyfileobj copytree copymode copystat move rmtree make_archive unpack_archive disk_usage chown which',
  ),
  sqlite3: only(io(TO_THREAD + ' or aiosqlite', 'db.Connection'), 'connect'),
  psycopg: only(io('psycopg.AsyncConnection', 'db.Connection'), 'connect'),
  psycopg2: only(io(TO_THREAD, 'db.Connection'), 'connect'),
  pymysql: only(io(TO_THREAD, 'db.Connection'), 'connect'),
  pymongo: only(returning('pymongo.MongoClient'), 'MongoClient'),
  // memcached clients: every call is a round trip to the cache server
  pymemcache: only(returning('memcache.Client'), 'Client PooledClient HashClient'),
  'pymemcache.client.base': only(returning('memcache.Client'), 'Client PooledClient'),
  'pymemcache.client.hash': only(returning('memcache.Client'), 'HashClient'),
  memcache: only(returning('memcache.Client'), 'Client'),
  aiohttp: only(asyncIo(), 'request'),
  aiofiles: only(asyncIo('file.async'), 'open'),
  asyncpg: only(asyncIo('db.async'), 'connect create_pool'),
  'redis.asyncio': only(returning('redis.asyncio.Redis'), 'Redis StrictRedis from_url'),
  numpy: cpu(10_000, GIL_NUMPY),
  scipy: cpu(100_000, GIL_NUMPY),
  'PIL.ImageFilter': returning('PIL.ImageFilter'),
  'PIL.ImageOps': cpu(1_000_000, GIL_PILLOW),
  're': cpu(50),
  // bookkeeping modules: cheap, and their sources (error and warning paths) must not be walked
  warnings: { effect: 'none' },
  logging: { effect: 'none' },
  traceback: { effect: 'none' },
  'os.path': { effect: 'none' },
  typing: { effect: 'none' },
  abc: { effect: 'none' },
  functools: { effect: 'none' },
  weakref: { effect: 'none' },
};

/** Modules that are another spelling of a catalog module (platform implementations). */
const MODULE_ALIASES: Readonly<Record<string, string>> = {
  posixpath: 'os.path',
  ntpath: 'os.path',
  genericpath: 'os.path',
  posix: 'os',
  nt: 'os',
  _io: 'io',
  _socket: 'socket',
};

/** `posixpath.exists` → `os.path.exists`, `posix.mkdir` → `os.mkdir`. */
export function canonicalName(qualified: string): string {
  const dot = qualified.indexOf('.');
  const head = dot === -1 ? qualified : qualified.slice(0, dot);
  const alias = MODULE_ALIASES[head];
  return alias ? alias + (dot === -1 ? '' : qualified.slice(dot)) : qualified;
}

/** True when the catalog has something to say about a name (so its source need not be walked). */
export function catalogKnows(qualified: string): boolean {
  return lookupFunction(qualified) !== undefined || MODULES[canonicalName(qualified)] !== undefined;
}

let knownModules: Set<string> | undefined;

/** True when the catalog has entries for the module a name is in (`json` for `json.loads`, `queue` for `queue.Queue`). */
export function catalogKnowsModuleOf(qualified: string): boolean {
  knownModules ??= new Set([...Object.keys(FUNCTIONS), ...Object.keys(MODULES), ...Object.keys(DATA_SCAN_FUNCTIONS)].map((name) => name.split('.')[0]));
  return knownModules.has(canonicalName(qualified).split('.')[0]);
}

const POOL_METHODS: Readonly<Record<string, CallInfo>> = {
  submit: returning('concurrent.futures.Future'),
  apply_async: returning('concurrent.futures.Future'),
  join: { ...wait(), joins: true },
  shutdown: { ...wait(), joins: true },
};

/** The request methods a blocking HTTP session has (requests.Session, httpx.Client): each waits for a response. */
const HTTP_SESSION_METHODS: Readonly<Record<string, CallInfo>> = {
    get: io(HTTP_ASYNC, 'requests.Response'),
    post: io(HTTP_ASYNC, 'requests.Response'),
    put: io(HTTP_ASYNC, 'requests.Response'),
    patch: io(HTTP_ASYNC, 'requests.Response'),
    delete: io(HTTP_ASYNC, 'requests.Response'),
    head: io(HTTP_ASYNC, 'requests.Response'),
    options: io(HTTP_ASYNC, 'requests.Response'),
    request: io(HTTP_ASYNC, 'requests.Response'),
    send: io(HTTP_ASYNC, 'requests.Response'),
};

/** Methods of the types that constructors above return. */
export const TYPES: Readonly<Record<string, Readonly<Record<string, CallInfo>>>> = {
  file: {
    read: disk(TO_THREAD),
    readline: disk(TO_THREAD),
    readlines: disk(TO_THREAD),
    write: disk(TO_THREAD),
    writelines: disk(TO_THREAD),
    flush: disk(TO_THREAD),
    seek: change(TO_THREAD),
    truncate: disk(TO_THREAD),
    close: change(TO_THREAD),
    readinto: disk(TO_THREAD),
    fileno: { effect: 'none' },
  },
  // a response or socket read like a file: each read waits on the other end
  'net.file': {
    read: io(TO_THREAD),
    readline: io(TO_THREAD),
    readlines: io(TO_THREAD),
    write: io(TO_THREAD),
    writelines: io(TO_THREAD),
    flush: io(TO_THREAD),
    seek: io(TO_THREAD),
    truncate: io(TO_THREAD),
    close: io(TO_THREAD),
    readinto: io(TO_THREAD),
    fileno: { effect: 'none' },
  },
  archive: { extractall: io(TO_THREAD), extract: io(TO_THREAD), read: io(TO_THREAD), write: io(TO_THREAD), add: io(TO_THREAD) },
  'pathlib.Path': {
    read_text: disk(TO_THREAD),
    write_text: disk(TO_THREAD),
    read_bytes: disk(TO_THREAD),
    write_bytes: disk(TO_THREAD),
    open: disk(TO_THREAD, 'file'),
    exists: probe(TO_THREAD),
    is_file: probe(TO_THREAD),
    is_dir: probe(TO_THREAD),
    is_symlink: probe(TO_THREAD),
    is_mount: probe(TO_THREAD),
    iterdir: disk(TO_THREAD),
    glob: disk(TO_THREAD),
    rglob: disk(TO_THREAD),
    walk: disk(TO_THREAD),
    mkdir: change(TO_THREAD),
    rmdir: change(TO_THREAD),
    unlink: change(TO_THREAD),
    touch: change(TO_THREAD),
    rename: change(TO_THREAD, 'pathlib.Path'),
    replace: change(TO_THREAD, 'pathlib.Path'),
    stat: probe(TO_THREAD),
    lstat: probe(TO_THREAD),
    chmod: change(TO_THREAD),
    owner: probe(TO_THREAD),
    group: probe(TO_THREAD),
    samefile: probe(TO_THREAD),
    readlink: probe(TO_THREAD, 'pathlib.Path'),
    symlink_to: change(TO_THREAD),
    hardlink_to: change(TO_THREAD),
    // resolve() follows symlinks on the disk; the other path algebra is pure
    resolve: probe(TO_THREAD, 'pathlib.Path'),
    absolute: returning('pathlib.Path'),
    expanduser: returning('pathlib.Path'),
    joinpath: returning('pathlib.Path'),
    with_name: returning('pathlib.Path'),
    with_suffix: returning('pathlib.Path'),
    with_stem: returning('pathlib.Path'),
    relative_to: returning('pathlib.Path'),
  },
  'socket.socket': {
    connect: io('asyncio.open_connection(...)'),
    accept: io('asyncio.start_server(...)'),
    recv: io('loop.sock_recv(...)'),
    recv_into: io('loop.sock_recv_into(...)'),
    recvfrom: io('loop.sock_recvfrom(...)'),
    send: io('loop.sock_sendall(...)'),
    sendall: io('loop.sock_sendall(...)'),
    sendto: io('loop.sock_sendto(...)'),
    makefile: io(TO_THREAD, 'net.file'),
  },
  'http.client.HTTPConnection': { request: io(HTTP_ASYNC), getresponse: io(HTTP_ASYNC, 'net.file') },
  'requests.Session': HTTP_SESSION_METHODS,
  'httpx.Client': { ...HTTP_SESSION_METHODS, stream: io(HTTP_ASYNC, 'requests.Response') },
  'urllib3.PoolManager': {
    request: io(HTTP_ASYNC, 'requests.Response'),
    urlopen: io(HTTP_ASYNC, 'requests.Response'),
    request_encode_url: io(HTTP_ASYNC, 'requests.Response'),
    request_encode_body: io(HTTP_ASYNC, 'requests.Response'),
  },
  'urllib.request.OpenerDirector': { open: io(HTTP_ASYNC, 'net.file') },
  'paramiko.SSHClient': {
    connect: io(TO_THREAD),
    exec_command: io(TO_THREAD),
    open_sftp: io(TO_THREAD),
    load_system_host_keys: io(TO_THREAD),
    load_host_keys: io(TO_THREAD),
  },
  // asyncio transports buffer writes and return at once: the event loop does the I/O
  'asyncio.Transport': { write: { effect: 'none' }, writelines: { effect: 'none' }, close: { effect: 'none' }, sendto: { effect: 'none' } },
  'httpx.AsyncClient': { get: asyncIo(), post: asyncIo(), put: asyncIo(), delete: asyncIo(), request: asyncIo() },
  'aiohttp.ClientSession': { get: asyncIo(), post: asyncIo(), put: asyncIo(), delete: asyncIo(), request: asyncIo() },
  'requests.Response': { iter_content: io(HTTP_ASYNC), iter_lines: io(HTTP_ASYNC) },
  'db.Connection': {
    execute: io(TO_THREAD, 'db.Cursor'),
    executemany: io(TO_THREAD, 'db.Cursor'),
    executescript: io(TO_THREAD, 'db.Cursor'),
    commit: io(TO_THREAD),
    rollback: io(TO_THREAD),
    cursor: returning('db.Cursor'),
  },
  'db.Cursor': {
    execute: io(TO_THREAD, 'db.Cursor'),
    executemany: io(TO_THREAD, 'db.Cursor'),
    fetchone: io(TO_THREAD),
    fetchall: io(TO_THREAD),
    fetchmany: io(TO_THREAD),
  },
  'subprocess.Popen': { communicate: io(TO_THREAD), wait: wait(TO_THREAD) },
  // pymongo: a client's attributes are databases, a database's are collections; find() is a lazy cursor
  'pymongo.MongoClient': {
    get_database: returning('pymongo.Database'),
    list_database_names: io(MOTOR),
    server_info: io(MOTOR),
    drop_database: io(MOTOR),
  },
  'pymongo.Database': {
    get_collection: returning('pymongo.Collection'),
    command: io(MOTOR),
    list_collection_names: io(MOTOR),
    create_collection: io(MOTOR, 'pymongo.Collection'),
    drop_collection: io(MOTOR),
  },
  'pymongo.Collection': {
    find: returning('pymongo.Cursor'),
    find_one: io(MOTOR),
    insert_one: io(MOTOR),
    insert_many: io(MOTOR),
    update_one: io(MOTOR),
    update_many: io(MOTOR),
    replace_one: io(MOTOR),
    delete_one: io(MOTOR),
    delete_many: io(MOTOR),
    find_one_and_update: io(MOTOR),
    count_documents: io(MOTOR),
    estimated_document_count: io(MOTOR),
    distinct: io(MOTOR),
    aggregate: io(MOTOR, 'pymongo.Cursor'),
    bulk_write: io(MOTOR),
    create_index: io(MOTOR),
    drop: io(MOTOR),
  },
  'pymongo.Cursor': { next: io(MOTOR), to_list: io(MOTOR) },
  'pika.BlockingConnection': {
    channel: io(MQ_ASYNC, 'pika.Channel'),
    process_data_events: wait(MQ_ASYNC),
    sleep: wait(MQ_ASYNC),
    close: io(MQ_ASYNC),
  },
  'pika.Channel': {
    basic_publish: io(MQ_ASYNC),
    basic_get: io(MQ_ASYNC),
    basic_ack: io(MQ_ASYNC),
    basic_nack: io(MQ_ASYNC),
    basic_qos: io(MQ_ASYNC),
    queue_declare: io(MQ_ASYNC),
    queue_bind: io(MQ_ASYNC),
    exchange_declare: io(MQ_ASYNC),
    start_consuming: wait(MQ_ASYNC),
    consume: wait(MQ_ASYNC),
  },
  // kafka-python: poll and flush wait on the broker; send only queues the record (a background thread sends it)
  'kafka.Client': {
    poll: io(MQ_ASYNC),
    flush: io(MQ_ASYNC),
    commit: io(MQ_ASYNC),
    close: io(MQ_ASYNC),
  },
  'threading.Event': { wait: wait('asyncio.Event().wait()') },
  'threading.Condition': { wait: wait('asyncio.Condition'), wait_for: wait('asyncio.Condition') },
  'threading.Lock': { acquire: wait('asyncio.Lock') },
  'threading.Thread': { join: { ...wait(TO_THREAD), joins: true } },
  'queue.Queue': { get: wait('asyncio.Queue'), join: wait('asyncio.Queue') },
  // waiting for a result another thread fills (the reply a connection's reader thread hands over) is
  // waiting on that thread's I/O, not on work this code started
  'future.filled-elsewhere': { result: wait('await asyncio.wrap_future(...)'), exception: wait('await asyncio.wrap_future(...)') },
  'concurrent.futures.Future': {
    result: { ...wait('await asyncio.wrap_future(...)'), joins: true },
    get: { ...wait('await asyncio.wrap_future(...)'), joins: true },
  },
  'pool:thread-pool': POOL_METHODS,
  'pool:process-pool': POOL_METHODS,
  're.Pattern': {
    match: cpu(50),
    search: cpu(50),
    fullmatch: cpu(50),
    findall: cpu(200),
    finditer: cpu(200),
    sub: cpu(200),
    subn: cpu(200),
    split: cpu(200),
  },
  'hashlib.Hash': { update: cpuIn(HASH_CALL, GIL_HASH), digest: cpu(10), hexdigest: cpu(10) },
  // a small object's (de)serialisation; what it is given sizes the rest (DATA_SCAN_TYPE_METHODS)
  'pickle.Pickler': { dump: cpu(1_000) },
  'json.JSONDecoder': { decode: cpuIn({ unit: 'py.json-loads-kb', base: 1 }), raw_decode: cpuIn({ unit: 'py.json-loads-kb', base: 1 }) },
  'json.JSONEncoder': { encode: cpuIn({ unit: 'py.json-dumps-kb', base: 1 }), iterencode: cpuIn({ unit: 'py.json-dumps-kb', base: 1 }) },
  'pickle.Unpickler': { load: cpu(1_000) },
  // a compressed stream over memory (gzip.GzipFile(fileobj=io.BytesIO())): a read decompresses
  // all the stream holds, a write compresses what it is given; no file, no wait
  'compressed.memory': {
    read: cpuIn({ unit: DECOMPRESS.unit, base: DECOMPRESS.base }, GIL_COMPRESS),
    read1: cpuIn({ unit: DECOMPRESS.unit, base: DECOMPRESS.base }, GIL_COMPRESS),
    readline: cpuIn({ unit: DECOMPRESS.unit, base: 1 }, GIL_COMPRESS),
    readlines: cpuIn({ unit: DECOMPRESS.unit, base: DECOMPRESS.base }, GIL_COMPRESS),
    write: cpuIn(COMPRESS, GIL_COMPRESS),
    writelines: cpuIn(COMPRESS, GIL_COMPRESS),
    flush: cpu(100, GIL_COMPRESS),
    close: cpu(100, GIL_COMPRESS),
  },
  // compressor and decompressor objects: each call (de)compresses the chunk it is given
  'zlib.Compress': {
    compress: cpuIn(COMPRESS, GIL_COMPRESS),
    decompress: cpuIn(DECOMPRESS, GIL_COMPRESS),
    flush: cpu(100, GIL_COMPRESS),
  },
  'PIL.Image': {
    filter: cpu(1_000_000, GIL_PILLOW),
    resize: cpu(1_000_000, GIL_PILLOW),
    rotate: cpu(1_000_000, GIL_PILLOW),
    convert: cpu(500_000, GIL_PILLOW),
    transform: cpu(1_000_000, GIL_PILLOW),
    thumbnail: cpu(1_000_000, GIL_PILLOW),
    // encoding and decoding dominate saving and loading an image; Pillow releases the GIL there
    save: cpu(1_000_000, GIL_PILLOW),
    load: cpu(1_000_000, GIL_PILLOW),
  },
};

/** Types whose every method is a network round trip (clients of remote services). */
export const TYPE_DEFAULTS: Readonly<Record<string, CallInfo>> = {
  'redis.Redis': io('redis.asyncio'),
  'redis.asyncio.Redis': asyncIo(),
  'ftplib.FTP': io(TO_THREAD),
  'smtplib.SMTP': io(TO_THREAD),
  'mail.Client': io(TO_THREAD),
  'memcache.Client': io('aiomcache, or await asyncio.to_thread(...)'),
  'boto3.Client': io('aioboto3, or await asyncio.to_thread(...)'),
};

/**
 * Method names that mean I/O on receivers whose type the analyser cannot see (file-like objects
 * passed in as parameters, attributes set elsewhere). Weaker evidence than the tables above.
 */
export const IO_METHOD_HINTS: Readonly<Record<string, CallInfo>> = {
  recv: io('loop.sock_recv(...)'),
  recv_into: io('loop.sock_recv_into(...)'),
  recvfrom: io('loop.sock_recvfrom(...)'),
  sendall: io('loop.sock_sendall(...)'),
  sendto: io('loop.sock_sendto(...)'),
  accept: io('asyncio.start_server(...)'),
  urlopen: io(HTTP_ASYNC, 'net.file'),
  connect: io(TO_THREAD),
  connect_ex: io(TO_THREAD),
  readinto: io(TO_THREAD),
  getresponse: io(HTTP_ASYNC, 'net.file'),
  fetchone: io(TO_THREAD),
  fetchall: io(TO_THREAD),
  fetchmany: io(TO_THREAD),
  executemany: io(TO_THREAD),
  read_text: io(TO_THREAD),
  write_text: io(TO_THREAD),
  read_bytes: io(TO_THREAD),
  write_bytes: io(TO_THREAD),
  communicate: io(TO_THREAD),
  readline: io(TO_THREAD),
  readlines: io(TO_THREAD),
  read: io(TO_THREAD),
  write: io(TO_THREAD),
  flush: io(TO_THREAD),
  sendmail: io(TO_THREAD),
  retrbinary: io(TO_THREAD),
  storbinary: io(TO_THREAD),
};

/**
 * Method names that mean heavy computation on receivers of unknown type: compressor objects
 * (`zlib.compressobj()`, `bz2.BZ2Compressor`) and import machinery compiling source.
 */
export const CPU_METHOD_HINTS: Readonly<Record<string, CallInfo>> = {
  compress: cpuIn(COMPRESS, GIL_COMPRESS),
  source_to_code: cpu(1_000_000),
};

/** Where concurrency starts: the constructors and pool methods the rules reason about. */
export type Executor = 'thread' | 'process' | 'thread-pool' | 'process-pool';

export const SPAWNERS: Readonly<Record<string, Executor>> = {
  'threading.Thread': 'thread',
  'multiprocessing.Process': 'process',
  'multiprocessing.context.Process': 'process',
};

export const POOLS: Readonly<Record<string, Executor>> = {
  'concurrent.futures.ThreadPoolExecutor': 'thread-pool',
  'concurrent.futures.thread.ThreadPoolExecutor': 'thread-pool',
  'multiprocessing.pool.ThreadPool': 'thread-pool',
  'multiprocessing.dummy.Pool': 'thread-pool',
  'concurrent.futures.ProcessPoolExecutor': 'process-pool',
  'concurrent.futures.process.ProcessPoolExecutor': 'process-pool',
  'multiprocessing.Pool': 'process-pool',
  'multiprocessing.pool.Pool': 'process-pool',
};

/**
 * Pool methods that take a callable first and run it on the pool's workers: with the arguments
 * that follow (`one`), with the arguments in a tuple (`args`: `apply_async(f, (x,))`), once per
 * item (`each`) or once per tuple of arguments (`each-star`).
 */
export const POOL_TASK_METHODS: Readonly<Record<string, 'one' | 'args' | 'each' | 'each-star'>> = {
  submit: 'one',
  apply: 'args',
  apply_async: 'args',
  map: 'each',
  imap: 'each',
  imap_unordered: 'each',
  map_async: 'each',
  starmap: 'each-star',
  starmap_async: 'each-star',
};

/** Ways of releasing a pool's workers when it is not used as a context manager. */
export const POOL_RELEASE_METHODS: ReadonlySet<string> = new Set(['close', 'shutdown', 'terminate']);

/** Calls that bind arguments to a callable without calling it (`functools.partial(f, x)`). */
export const PARTIALS: ReadonlySet<string> = new Set(['functools.partial']);

/** Builtins that call a callable once per item, on the calling thread (`map(f, items)`). */
export const PER_ITEM_CALLERS: Readonly<Record<string, 'each' | 'each-star'>> = { map: 'each', 'itertools.starmap': 'each-star' };

/**
 * Library and builtin calls whose time grows with the data they are given, several steps per item
 * or character (a regular expression scan or substitution, a sort with Python comparisons, a
 * serialisation of every object), by the 0-based index of the argument that is that data:
 * `re.sub(pattern, repl, text)` scans its third. Run over a function's input data they are
 * computation that grows with the input, however cheap one call on a short value looks.
 * Single-pass string methods (`replace`, `find`, `lower`, `split`) are not among them: they run at
 * memory speed in C, and on the short values they are mostly given (names, paths, keys) they
 * are bookkeeping.
 */
export const DATA_SCAN_FUNCTIONS: Readonly<Record<string, number>> = {
  sorted: 0,
  sum: 0,
  min: 0,
  max: 0,
  're.sub': 2,
  're.subn': 2,
  're.search': 1,
  're.findall': 1,
  're.finditer': 1,
  're.split': 1,
  'json.dumps': 0,
  'json.loads': 0,
  'pickle.dumps': 0,
  'pickle.loads': 0,
  'zlib.compress': 0,
  'zlib.decompress': 0,
  'bz2.compress': 0,
  'bz2.decompress': 0,
  'lzma.compress': 0,
  'lzma.decompress': 0,
  'gzip.compress': 0,
  'gzip.decompress': 0,
  'copy.deepcopy': 0,
  // checksums and digests run over every byte of what they are given (an encoding such as
  // base64 or hex copies at memory speed: no more than a copy)
  'binascii.crc32': 0,
  'zlib.crc32': 0,
  'zlib.adler32': 0,
  'hashlib.sha256': 0,
  'hashlib.sha1': 0,
  'hashlib.sha512': 0,
  'hashlib.md5': 0,
  'hashlib.blake2b': 0,
  'hashlib.new': 1,
  'hmac.new': 1,
};

/**
 * Scans whose result is a match, a total or an order, not a new encoding of the data (`re.search`,
 * `sum`, a sort): over what an I/O call returned they are a glance beside the read (a status field
 * found, a listing sorted, each item of which cost a wait), and handed to I/O they are routing (a
 * parsed URL), not a payload serialised for the wire.
 */
export const NON_TRANSFORMING_SCANS: ReadonlySet<string> = new Set(['sorted', 'sort', 'sum', 'min', 'max', 're.search', 're.findall', 're.finditer', 'search', 'findall', 'finditer']);

/**
 * Scans whose result names the data rather than carries it: a digest or checksum (a cache key, a
 * file name made of a hash). Over what was read they are the work beside
 * the read; over the input, computation; but what they return is no payload: handed to I/O it is
 * routing, not data serialised for the wire.
 */
export const NAMING_SCANS: ReadonlySet<string> = new Set([
  'binascii.crc32',
  'zlib.crc32',
  'zlib.adler32',
  'hashlib.sha256',
  'hashlib.sha1',
  'hashlib.sha512',
  'hashlib.md5',
  'hashlib.blake2b',
  'hashlib.new',
  'hmac.new',
  'update',
]);

/** `min(a, b)` compares two values: only a single iterable argument is a scan. */
export const SCANS_OF_ONE_ITERABLE: ReadonlySet<string> = new Set(['min', 'max', 'sum']);

/**
 * Methods that scan the whole value they are given, whatever the receiver's type: a compiled
 * pattern's searches and substitutions (`pattern.sub(repl, text)`), a list's sort.
 */
export const DATA_SCAN_METHODS: ReadonlySet<string> = new Set(['search', 'findall', 'finditer', 'sub', 'subn', 'sort']);

/**
 * Methods of catalog types that scan what they are given (by argument index) or what the object
 * was made over (`receiver`: an unpickler decodes the stream it was built on).
 */
export const DATA_SCAN_TYPE_METHODS: Readonly<Record<string, Readonly<Record<string, number | 'receiver'>>>> = {
  'pickle.Pickler': { dump: 0 },
  'pickle.Unpickler': { load: 'receiver' },
  'json.JSONDecoder': { decode: 0, raw_decode: 0 },
  'json.JSONEncoder': { encode: 0, iterencode: 0 },
  // a (de)compressor object works through every chunk it is given; a compressed stream over
  // memory through all the stream holds (a read) or all it is given (a write)
  'zlib.Compress': { compress: 0, decompress: 0 },
  // a hash object digests every chunk it is given
  'hashlib.Hash': { update: 0 },
  'compressed.memory': { read: 'receiver', read1: 'receiver', readlines: 'receiver', write: 0, writelines: 0 },
};

/**
 * Builtin and standard containers a class may extend: such an object is its items (a patch set
 * is its files, a catalog its entries), so iterating `self` goes over data that grows with the
 * input, not over bookkeeping.
 */
export const CONTAINER_BASES: ReadonlySet<string> = new Set([
  'list',
  'dict',
  'set',
  'frozenset',
  'tuple',
  'collections.OrderedDict',
  'collections.defaultdict',
  'collections.deque',
  'collections.UserList',
  'collections.UserDict',
  'collections.UserString',
]);

/** Methods of a container that go over all its items (`self.items()`). */
export const CONTAINER_VIEWS: ReadonlySet<string> = new Set(['items', 'keys', 'values', 'copy', '__iter__']);

/**
 * String methods that make a new text of the whole text (`replace`, `lower`, `split` …; a search
 * like `find` stops early and makes nothing). One pass over a value is bookkeeping (a key, a
 * path); a function that always makes several of its input text (MIN_TEXT_PASSES: an escape of
 * `&`, `<` and `>`) does its work on that text.
 */
export const TEXT_PASS_METHODS: ReadonlySet<string> = new Set([
  'replace',
  'translate',
  'lower',
  'upper',
  'casefold',
  'swapcase',
  'expandtabs',
  'encode',
  'decode',
  'split',
  'rsplit',
  'splitlines',
]);

/** Types of in-memory streams (`io.BytesIO`, `io.StringIO`): their reads and writes copy memory. */
export const IN_MEMORY_TYPES: ReadonlySet<string> = new Set(['io.memory']);

/** Calls that run a command as a child process and wait for it (or start it): `subprocess.run(command)`. */
export const COMMAND_RUNNERS: ReadonlySet<string> = new Set([
  'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen',
  'subprocess.getoutput', 'subprocess.getstatusoutput', 'os.system', 'os.popen',
]);

/** Calls that run a callable on a thread for async code (they make blocking work safe). */
export const OFFLOADERS: ReadonlySet<string> = new Set([
  'asyncio.to_thread',
  'run_in_executor',
  // anyio's and Starlette's thread helpers (jupyter-server, FastAPI): the callable runs on a worker thread
  'anyio.to_thread.run_sync',
  'starlette.concurrency.run_in_threadpool',
]);

/**
 * Framework handler classes whose request methods, written as plain `def`, run on the framework's
 * event loop thread: tornado calls a synchronous `get`/`post` of a RequestHandler on its IOLoop,
 * once per request, and a WebSocketHandler's `on_message` once per message.
 */
const TORNADO_REQUEST_METHODS = ['prepare', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
export const LOOP_HANDLER_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'tornado.web.RequestHandler': TORNADO_REQUEST_METHODS,
  'tornado.websocket.WebSocketHandler': [...TORNADO_REQUEST_METHODS, 'open', 'on_message'],
};

/** Where a registration call takes the callable it hands to an event loop (see LOOP_CALLBACK_METHODS). */
export interface LoopCallbackArgument {
  /** 0-based positional index of the callable */
  arg: number;
  /** its keyword name, when it may be passed by keyword */
  keyword?: string;
  /** the loop runs it again and again (per file change, per readable socket, per period), not once */
  repeats: boolean;
  /**
   * the loop runs it when a file descriptor is ready (`add_reader`, tornado's `add_handler`): its
   * reads and writes of that descriptor (`sock.recv`, `os.read(fd)`) return at once
   */
  ready?: boolean;
}

/**
 * Methods, by the type of their receiver, that hand a callable to an event loop which later runs it
 * on the loop's own thread: blocking work in such a callback stalls the loop like blocking work in
 * a coroutine. Registering is no call of the callable; its cost is judged where it runs.
 */
export const LOOP_CALLBACK_METHODS: Readonly<Record<string, Readonly<Record<string, LoopCallbackArgument>>>> = {
  'asyncio.AbstractEventLoop': {
    call_soon: { arg: 0, repeats: false },
    call_soon_threadsafe: { arg: 0, repeats: false },
    call_later: { arg: 1, repeats: false },
    call_at: { arg: 1, repeats: false },
    add_reader: { arg: 1, repeats: true, ready: true },
    add_writer: { arg: 1, repeats: true, ready: true },
    add_signal_handler: { arg: 1, repeats: true },
  },
  'tornado.ioloop.IOLoop': {
    add_callback: { arg: 0, keyword: 'callback', repeats: false },
    spawn_callback: { arg: 0, keyword: 'callback', repeats: false },
    call_later: { arg: 1, keyword: 'callback', repeats: false },
    call_at: { arg: 1, keyword: 'callback', repeats: false },
    add_timeout: { arg: 1, keyword: 'callback', repeats: false },
    add_handler: { arg: 1, keyword: 'handler', repeats: true, ready: true },
    add_future: { arg: 1, keyword: 'callback', repeats: false },
  },
  // livereload's dev server runs a watched path's function on its tornado IOLoop after each change
  'livereload.Server': { watch: { arg: 1, keyword: 'func', repeats: true } },
};

/** Constructors that hand a callable to the running event loop (tornado's PeriodicCallback runs it every period). */
export const LOOP_CALLBACK_CONSTRUCTORS: Readonly<Record<string, LoopCallbackArgument>> = {
  'tornado.ioloop.PeriodicCallback': { arg: 0, keyword: 'callback', repeats: true },
};

/** Calls that return an event loop (the receiver type of LOOP_CALLBACK_METHODS). */
export const EVENT_LOOP_GETTERS: Readonly<Record<string, string>> = {
  'asyncio.get_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.get_running_loop': 'asyncio.AbstractEventLoop',
  'asyncio.new_event_loop': 'asyncio.AbstractEventLoop',
  'asyncio.events.get_event_loop': 'asyncio.AbstractEventLoop',
  'tornado.ioloop.IOLoop.current': 'tornado.ioloop.IOLoop',
  'tornado.ioloop.IOLoop.instance': 'tornado.ioloop.IOLoop',
  'livereload.Server': 'livereload.Server',
};

/**
 * Other names of catalog types, as annotations spell them (`f: BinaryIO`, `path: PosixPath`,
 * `transport: asyncio.BaseTransport`).
 */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'io.TextIOWrapper': 'file',
  'io.BufferedReader': 'file',
  'io.BufferedWriter': 'file',
  'io.BufferedRandom': 'file',
  'io.FileIO': 'file',
  'typing.IO': 'file',
  'typing.TextIO': 'file',
  'typing.BinaryIO': 'file',
  'pathlib.PosixPath': 'pathlib.Path',
  'pathlib.WindowsPath': 'pathlib.Path',
  'asyncio.BaseTransport': 'asyncio.Transport',
  'asyncio.WriteTransport': 'asyncio.Transport',
  'asyncio.DatagramTransport': 'asyncio.Transport',
  'asyncio.transports.Transport': 'asyncio.Transport',
  'asyncio.transports.BaseTransport': 'asyncio.Transport',
  'asyncio.transports.WriteTransport': 'asyncio.Transport',
  'sqlite3.Connection': 'db.Connection',
  'sqlite3.Cursor': 'db.Cursor',
};

/**
 * Classes whose instances the catalog types by what their constructor returns, named in an
 * annotation (`proc: multiprocessing.Process`, `pool: ThreadPoolExecutor`): the objects a coroutine
 * may join. Only annotations: a subclass of these is judged by its own methods.
 */
const ANNOTATION_ALIASES: Readonly<Record<string, string>> = {
  'multiprocessing.Process': 'threading.Thread',
  'multiprocessing.context.Process': 'threading.Thread',
  'concurrent.futures.ThreadPoolExecutor': 'pool:thread-pool',
  'concurrent.futures.thread.ThreadPoolExecutor': 'pool:thread-pool',
  'concurrent.futures.ProcessPoolExecutor': 'pool:process-pool',
  'concurrent.futures.process.ProcessPoolExecutor': 'pool:process-pool',
  'multiprocessing.pool.ThreadPool': 'pool:thread-pool',
  'multiprocessing.pool.Pool': 'pool:process-pool',
};

/**
 * Catalog types recognised by their use: a receiver whose type nothing says (a parameter, an
 * attribute set from one: a connection handed to `__init__`) on which one of these methods is
 * called is a value of that type. Only methods no other common type has are listed: `recv` is a
 * socket's, `cursor` a database connection's, `hgetall` a Redis client's; `get`, `send` or
 * `execute` say nothing. The first type in this order whose method is called wins, unless a method
 * it lacks is called too (`unlike`: a Redis pipeline's `execute`).
 */
export const TYPES_BY_USE: readonly (readonly [type: string, methods: ReadonlySet<string>, unlike?: ReadonlySet<string>])[] = [
  ['socket.socket', new Set(['recv', 'recv_into', 'recvfrom', 'sendall', 'sendto', 'setsockopt', 'getsockopt', 'getpeername', 'makefile'])],
  ['db.Cursor', new Set(['fetchone', 'fetchall', 'fetchmany'])],
  ['db.Connection', new Set(['cursor'])],
  [
    'redis.Redis',
    new Set(['hget', 'hset', 'hgetall', 'hmget', 'hmset', 'hdel', 'hincrby', 'lpush', 'rpush', 'lpop', 'rpop', 'lrange', 'llen', 'sadd', 'srem', 'smembers', 'sismember', 'zadd', 'zrange', 'zrangebyscore', 'zrem', 'zscore', 'setex', 'setnx', 'incrby', 'pexpire']),
    // a pipeline has the client's commands but only queues them: its execute() sends them all
    new Set(['execute']),
  ],
  ['memcache.Client', new Set(['get_multi', 'set_multi', 'delete_multi'])],
  ['queue.Queue', new Set(['get_nowait', 'put_nowait', 'task_done'])],
  ['threading.Condition', new Set(['notify', 'notify_all', 'notifyAll', 'wait_for'])],
  ['threading.Event', new Set(['is_set', 'isSet'])],
  ['future.filled-elsewhere', new Set(['set_result', 'set_exception'])],
];

/** The catalog type the methods called on a value say it has (TYPES_BY_USE), or undefined. */
export function typeByUse(methods: ReadonlySet<string>): string | undefined {
  for (const [type, distinctive, unlike] of TYPES_BY_USE) {
    if (unlike && [...methods].some((method) => unlike.has(method))) continue;
    for (const method of methods) if (distinctive.has(method)) return type;
  }
  return undefined;
}

/** The catalog type an annotation names (`typing.BinaryIO` → `file`), or undefined. */
export function catalogType(qualified: string): string | undefined {
  const name = TYPE_ALIASES[qualified] ?? qualified;
  return TYPES[name] || TYPE_DEFAULTS[name] ? name : undefined;
}

/** The catalog type an annotation names: a type, or a class whose instances have one. */
export function annotatedCatalogType(qualified: string): string | undefined {
  return catalogType(ANNOTATION_ALIASES[qualified] ?? qualified);
}

/** Attributes of catalog types that hold values of known types (`path.parent` is a Path). */
const TYPE_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'pathlib.Path': { parent: 'pathlib.Path' },
};

/** Types whose every attribute (and item: `client["shop"]`) is a value of another type. */
const ITEM_TYPES: Readonly<Record<string, string>> = {
  'pymongo.MongoClient': 'pymongo.Database',
  'pymongo.Database': 'pymongo.Collection',
};

export function attributeType(type: string, attribute: string): string | undefined {
  const attributes = TYPE_ATTRIBUTES[type];
  if (attributes && Object.prototype.hasOwnProperty.call(attributes, attribute)) return attributes[attribute];
  return attribute.startsWith('_') ? undefined : ITEM_TYPES[type];
}

/** The type of `value[key]` for a value of `type` (`client["shop"]` is a database). */
export function itemType(type: string): string | undefined {
  return ITEM_TYPES[type];
}

/** Types whose `/` operator makes another value of the same type (`root / "static"`). */
export const DIVISIBLE_TYPES: ReadonlySet<string> = new Set(['pathlib.Path']);

/** Looks a fully-qualified callable up: exact entry first, then the longest module prefix. */
export function lookupFunction(name: string): CallInfo | undefined {
  const qualifiedName = canonicalName(name);
  const exact = FUNCTIONS[qualifiedName];
  if (exact) return exact;
  let module = qualifiedName;
  for (let dot = module.lastIndexOf('.'); dot > 0; dot = module.lastIndexOf('.')) {
    module = module.slice(0, dot);
    const entry = MODULES[module];
    if (!entry) continue;
    // a module entry with members covers exactly those names: the rest of the module is unknown
    if (entry.members && !entry.members.has(qualifiedName.slice(module.length + 1))) return undefined;
    return entry;
  }
  return undefined;
}

/**
 * What any method of a type does, when they all do the same (every call of a cache client, every
 * request of an HTTP session; methods that do nothing aside): for a method picked at run time.
 */
export function uniformMethodEffect(type: string): CallInfo | undefined {
  const fallback = TYPE_DEFAULTS[type];
  if (fallback) return fallback;
  const effects = Object.values(TYPES[type] ?? {}).filter((info) => info.effect !== 'none');
  return effects.length > 0 && effects.every((info) => info.effect === effects[0].effect) ? effects[0] : undefined;
}

export function lookupMethod(type: string, method: string): CallInfo | undefined {
  const methods = TYPES[type];
  if (methods && Object.prototype.hasOwnProperty.call(methods, method)) return methods[method];
  return TYPE_DEFAULTS[type];
}
