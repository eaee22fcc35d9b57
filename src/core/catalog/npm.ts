/**
 * The most used npm libraries, by what their calls do to the calling thread. `*` means every
 * call on the module or on anything derived from it (a client, a query builder) is I/O, except
 * the members listed in `CHEAP_MEMBERS` (configuration and builders do no I/O themselves).
 */
import type { CatalogEntry } from './types';

function io(modules: string[], description: string, members: string[] = ['*']): CatalogEntry {
  return { modules, members, effect: 'async-io', description };
}

function cpu(modules: string[], members: string[], description: string, base: number): CatalogEntry {
  return { modules, members, effect: 'cpu', description, cost: { base } };
}

/**
 * A JavaScript kernel over the data passed (parse a document, hash a message, inflate a buffer)
 * whose call on an input of ordinary size costs `base` operations: its time grows with that
 * data, so over data of unknown size it is computation by nature, like `cpuOverData`.
 */
function cpuKernel(modules: string[], members: string[], description: string, base: number): CatalogEntry {
  return { modules, members, effect: 'cpu', description, cost: { base, proportional: true } };
}

/**
 * Computation over the data passed (parse a document, render a template, multiply big numbers):
 * its time grows with that data, so the estimate is an ordinary input and marked data-dependent.
 */
function cpuOverData(modules: string[], members: string[], description: string): CatalogEntry {
  return { modules, members, effect: 'cpu', description, cost: { base: DATA_KERNEL_OPS, proportional: true } };
}

/**
 * Operations of one kernel call over an input of ordinary size (a few kilobytes). Kept below the
 * threshold even in a loop of guessed size: the kind says "computation", the magnitude stays unknown.
 */
const DATA_KERNEL_OPS = 5_000;

/** Members of I/O libraries that only configure or build values: calling them does no I/O. */
export const CHEAP_MEMBERS: ReadonlySet<string> = new Set([
  'create', 'extend', 'defaults', 'isAxiosError', 'isCancel', 'Pool', 'Client', 'createClient',
  'createPool', 'Schema', 'model', 'Types', 'escape', 'format', 'raw', 'sql', 'on', 'once', 'off',
  'emit', 'use', 'interceptors',
  'Redis', 'Cluster', 'MongoClient', 'ObjectId', 'db', 'collection', 'table', 'from', 'where',
  'select', 'orderBy', 'limit', 'offset', 'join', 'leftJoin', 'createTransport', 'pipeline', 'multi',
  'Sequelize', 'define', 'belongsTo', 'hasMany', 'PrismaClient', 'S3Client', 'DynamoDBClient',
  'GetObjectCommand', 'PutObjectCommand', 'Command', 'Storage', 'bucket', 'file', 'toString',
]);

/** HTTP clients whose `get` and `create`-derived calls are requests. */
export const HTTP_CLIENTS: ReadonlySet<string> = new Set([
  'axios', 'got', 'node-fetch', 'undici', 'superagent', 'ky', 'request', 'needle', 'phin', 'cross-fetch',
  'isomorphic-fetch', 'ofetch',
]);

export const NPM_ENTRIES: CatalogEntry[] = [
  io([...HTTP_CLIENTS], 'an HTTP request (network I/O)'),
  io(['pg', 'pg-pool', 'postgres', 'mysql', 'mysql2', 'mysql2/promise', 'mariadb', 'sqlite', 'tedious', 'oracledb', 'mssql'],
    'a database query (network I/O)'),
  io(['mongodb', 'mongoose'], 'a MongoDB operation (network I/O)'),
  io(['redis', 'ioredis', '@redis/client', 'memcached'], 'a cache operation (network I/O)'),
  io(['@prisma/client', 'typeorm', 'sequelize', 'knex', 'drizzle-orm', '@mikro-orm/core', 'objection'],
    'an ORM query (database I/O)'),
  io(['@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-sqs',
    '@aws-sdk/client-sns', '@aws-sdk/client-lambda', 'aws-sdk', '@google-cloud/storage',
    '@google-cloud/firestore', '@google-cloud/pubsub', '@azure/storage-blob', 'firebase-admin'],
    'a cloud SDK call (network I/O)', ['*.send', '*.promise', '*']),
  io(['nodemailer'], 'sends mail (network I/O)', ['*.sendMail', '*.verify']),
  io(['amqplib', 'kafkajs', 'nats', 'mqtt', 'bullmq', 'bull'], 'a message-broker operation (network I/O)'),
  io(['ws', 'socket.io', 'socket.io-client'], 'WebSocket I/O', ['*.send', '*.emit', 'connect']),
  io(['fs-extra'], 'file-system I/O (non-blocking)', [
    'copy', 'move', 'remove', 'ensureDir', 'ensureFile', 'outputFile', 'outputJson', 'readJson',
    'writeJson', 'pathExists', 'emptyDir', 'mkdirp', 'mkdirs',
  ]),
  {
    modules: ['fs-extra'],
    members: ['copySync', 'moveSync', 'removeSync', 'ensureDirSync', 'ensureFileSync', 'outputFileSync',
      'outputJsonSync', 'readJsonSync', 'writeJsonSync', 'pathExistsSync', 'emptyDirSync', 'mkdirpSync', 'mkdirsSync'],
    effect: 'blocking-io',
    description: 'blocks the thread until the file system answers',
  },
  io(['glob', 'fast-glob', 'globby', 'tinyglobby'], 'walks the file system (non-blocking)', ['glob', 'default', 'async', 'globby', 'stream']),
  {
    modules: ['glob', 'fast-glob', 'globby', 'tinyglobby'],
    members: ['sync', 'globSync', 'globbySync'],
    effect: 'blocking-io',
    description: 'walks the file system synchronously',
  },
  io(['rimraf', 'mkdirp', 'make-dir', 'del', 'cpy', 'move-file', 'graceful-fs'], 'file-system I/O (non-blocking)',
    ['default', 'rimraf', 'mkdirp', 'deleteAsync', 'makeDirectory']),
  {
    modules: ['rimraf', 'mkdirp', 'make-dir', 'del'],
    members: ['sync', 'rimrafSync', 'mkdirpSync', 'deleteSync', 'makeDirectorySync'],
    effect: 'blocking-io',
    description: 'changes the file system synchronously',
  },
  { modules: ['execa'], members: ['execa', 'default', '$', 'execaNode', 'execaCommand'], effect: 'spawn-process', description: 'runs a process (non-blocking)' },
  { modules: ['execa'], members: ['execaSync', 'sync', 'execaCommandSync'], effect: 'blocking-io', description: 'runs a process and blocks until it exits' },
  { modules: ['cross-spawn'], members: ['default', 'spawn'], effect: 'spawn-process', description: 'starts a child process' },
  { modules: ['cross-spawn'], members: ['sync'], effect: 'blocking-io', description: 'runs a process and blocks until it exits' },
  { modules: ['sharp', 'jimp'], members: ['*'], effect: 'offloaded', description: 'image processing on the libuv threadpool (non-blocking)' },
  cpu(['bcryptjs'], ['hashSync', 'compareSync', 'genSaltSync'], 'hashes a password in JavaScript on the calling thread', 20_000_000),
  { modules: ['bcrypt', 'bcryptjs', 'argon2'], members: ['hash', 'compare', 'genSalt', 'verify'], effect: 'offloaded', description: 'password hashing off the event loop' },
  cpu(['bcrypt'], ['hashSync', 'compareSync'], 'hashes a password on the calling thread', 20_000_000),
  cpuKernel(['pako', 'fflate'], ['deflate', 'inflate', 'gzip', 'ungzip', 'deflateSync', 'inflateSync', 'gzipSync', 'gunzipSync', 'zipSync', 'unzipSync'],
    'compresses or decompresses in JavaScript on the calling thread', 2_000_000),
  cpuKernel(['crypto-js', 'js-sha256', 'js-sha3', 'spark-md5', 'md5', 'sha1', 'object-hash', 'hash-wasm'], ['*'],
    'hashes in JavaScript on the calling thread', 200_000),
  cpuKernel(['pngjs', 'jpeg-js', 'upng-js'], ['*.parse', 'decode', 'encode', 'sync.read', 'sync.write', 'PNG.sync.read', 'PNG.sync.write'],
    'decodes or encodes an image in JavaScript on the calling thread', 5_000_000),
  cpuKernel(['marked', 'markdown-it', 'remark', 'unified'], ['parse', 'marked', 'render', '*.render', '*.parse', '*.process', '*.processSync'],
    'parses a document on the calling thread', 200_000),
  cpuKernel(['xlsx', 'exceljs', 'pdfkit', 'pdf-lib'], ['read', 'readFile', 'utils.*', 'write', 'writeFile'],
    'parses or writes a whole workbook or document on the calling thread', 5_000_000),
  cpuKernel(['fast-xml-parser', 'xml2js', 'papaparse', 'csv-parse/sync', 'yaml', 'js-yaml'], ['*.parse', 'parse', 'load', 'loadAll', 'parseDocument'],
    'parses a document on the calling thread', 200_000),
  // Libraries by kind. Their calls compute over the data passed, on the calling thread.
  // parsers and serialisers: YAML, TOML, JSON5, INI, CSV, XML/HTML, Markdown
  cpuOverData(['yaml', 'js-yaml', 'json5', 'toml', '@iarna/toml', 'smol-toml', 'ini', 'hjson'],
    ['stringify', 'dump', 'safeLoad', 'safeDump', 'parseAllDocuments', 'decode', 'encode', 'default.parse', 'default.stringify'],
    'parses or serialises a document on the calling thread (time grows with its size)'),
  cpuOverData(['csv-parse', 'csv-stringify/sync', 'csv-stringify', 'fast-csv', '@fast-csv/parse', 'd3-dsv', 'papaparse'],
    ['parse', 'parseString', 'stringify', 'unparse', 'csvParse', 'csvParseRows', 'csvFormat', 'tsvParse', 'dsvFormat'],
    'parses or writes CSV on the calling thread (time grows with the data)'),
  cpuOverData(['sax', 'saxes', 'htmlparser2', 'parse5', 'cheerio', 'node-html-parser', 'xmldom', '@xmldom/xmldom', 'libxmljs', 'xml-js', 'fast-xml-parser'],
    ['*.write', '*.parseFromString', '*.parse', 'parse', 'parseFragment', 'parseDocument', 'parseDOM', 'load', 'xml2js', 'xml2json', 'js2xml', 'parseXml', 'serialize', '*.build'],
    'parses or serialises XML/HTML on the calling thread (time grows with the document)'),
  cpuOverData(['commonmark', 'showdown', 'micromark', 'mdast-util-from-markdown', 'markdown-it', 'marked', 'snarkdown', 'remarkable'],
    ['*.makeHtml', '*.render', '*.parse', '*.renderInline', '*.parseInline', 'default', 'micromark', 'fromMarkdown', 'parse', 'marked'],
    'parses or renders Markdown on the calling thread (time grows with the text)'),
  // DOM emulation and HTML sanitisers: building a DOM and walking it node by node in JavaScript
  cpuOverData(['jsdom', 'linkedom', 'happy-dom'],
    ['JSDOM', 'JSDOM.fragment', '*.serialize', 'parseHTML', 'DOMParser', '*.parseFromString', 'Window'],
    'builds and walks a DOM in JavaScript on the calling thread (time grows with the document)'),
  cpuOverData(['dompurify', 'isomorphic-dompurify', 'sanitize-html', 'xss', 'insane', 'striptags', 'html-to-text'],
    ['default', 'sanitize', '*.sanitize', 'filterXSS', '*.process', 'convert', 'htmlToText', 'compile'],
    'parses and sanitises HTML in JavaScript on the calling thread (time grows with the document)'),
  // JSON schema validation and stable serialisation: compiling a schema and validating a document are computation
  cpuOverData(['ajv', 'jsonschema', 'z-schema', '@cfworker/json-schema', 'is-my-json-valid'],
    ['*.compile', '*.validate', '*.validateSchema', 'validate'],
    'compiles a schema or validates a document against it on the calling thread (time grows with the data)'),
  cpuOverData(['fast-json-stable-stringify', 'json-stable-stringify', 'safe-stable-stringify', 'fast-safe-stringify', 'fast-json-stringify', 'superjson', 'devalue', 'serialize-javascript', 'flatted'],
    ['default', 'stringify', 'parse', 'serialize', 'deserialize', 'uneval'],
    'serialises or parses a whole value on the calling thread (time grows with its size)'),
  // crypto and big-integer maths in JavaScript
  cpuOverData(['@noble/hashes', '@noble/hashes/sha256', '@noble/hashes/sha512', '@noble/curves', '@noble/ed25519', '@noble/secp256k1', 'tweetnacl', 'elliptic', 'node-forge', 'jsrsasign', 'hash.js', 'create-hash', 'sha.js', 'ripemd160', 'blakejs', 'xxhashjs', 'murmurhash', 'crc', 'crc-32', 'adler-32'],
    ['*'], 'hashes, signs or encrypts in JavaScript on the calling thread (time grows with the data)'),
  cpuOverData(['jsonwebtoken'], ['sign', 'verify', 'decode'], 'signs or verifies a token on the calling thread (synchronous without a callback)'),
  cpuOverData(['bn.js', 'big-integer', 'bignumber.js', 'decimal.js', 'big.js', 'jsbn', 'mathjs', 'fraction.js'],
    ['*.mul', '*.times', '*.multiply', '*.div', '*.divide', '*.pow', '*.mod', '*.sqrt', '*.toFixed', '*.toPrecision', '*.toString', '*.modPow', '*.exp', '*.ln', '*.log', 'evaluate', 'pow', 'sqrt'],
    'big-number arithmetic in JavaScript on the calling thread (time grows with the digits)'),
  // compression and images in JavaScript
  cpuOverData(['lz-string', 'lzutf8', 'lz4js', 'brotli', 'snappyjs', 'jszip', 'adm-zip', 'fzstd'],
    ['compress', 'decompress', 'compressToBase64', 'decompressFromBase64', 'compressToUTF16', 'decompressFromUTF16', 'compressToEncodedURIComponent', 'decompressFromEncodedURIComponent', '*.toBuffer', '*.extractAllTo', '*.getEntries', 'uncompress'],
    'compresses or decompresses in JavaScript on the calling thread (time grows with the data)'),
  cpuOverData(['gifenc', 'omggif', 'bmp-js', 'utif', 'image-js', 'qrcode', 'blurhash'],
    ['*.decode', '*.encode', 'decode', 'encode', 'GIFEncoder', 'quantize', 'applyPalette', 'toDataURL', 'toBuffer', 'toString'],
    'encodes or decodes an image in JavaScript on the calling thread (time grows with its pixels)'),
  // template engines: compiling and rendering are computation over the template and the data
  cpuOverData(['handlebars', 'ejs', 'pug', 'mustache', 'nunjucks', 'eta', 'dot', 'hogan.js', 'squirrelly', 'art-template', 'lodash.template', 'underscore.template'],
    ['compile', 'render', 'renderString', 'template', 'precompile', '*.compile', '*.render', '*.renderString', 'default'],
    'compiles or renders a template on the calling thread (time grows with the template and data)'),
  // DB drivers and their cursors, search and wide-column stores: queries are network I/O
  io(['sqlite3', 'pg-promise', 'slonik', 'kysely', '@planetscale/database', '@libsql/client', '@neondatabase/serverless',
    'cassandra-driver', 'neo4j-driver', '@elastic/elasticsearch', 'elasticsearch', 'couchbase', 'nano', 'pouchdb', 'rethinkdb', 'arangojs'],
  'a database query (network I/O)'),
  {
    modules: ['better-sqlite3'],
    members: ['*.run', '*.get', '*.all', '*.iterate', '*.exec', '*.pragma', '*.backup', '*.transaction', 'default'],
    effect: 'blocking-io',
    description: 'queries SQLite synchronously (blocks the thread until the disk answers)',
  },
  // caches, Redis clients, message queues and streams
  io(['@upstash/redis', 'redis-om', 'keyv', 'cache-manager', 'bee-queue', 'rhea', 'stompit', 'zeromq', 'amqp-connection-manager',
    'node-rdkafka', '@confluentinc/kafka-javascript', 'nsqjs', '@aws-sdk/client-kinesis', 'azure-service-bus', '@azure/service-bus',
    '@azure/event-hubs', 'pg-boss', 'agenda'],
  'a cache or message-broker operation (network I/O)'),
  // request and stream body readers: they wait for the whole body to arrive
  io(['raw-body', 'get-stream', 'stream-to-array', 'stream-to-promise', 'concat-stream', 'get-body', 'body'],
    'reads a whole request or stream body (waits on the network or the stream)', ['default', 'buffer', 'text', 'json', 'arrayBuffer', 'getStreamAsBuffer', 'getStreamAsArray']),
  // hardened and friendlier JSON parsers, query-string parsers: computation over the text passed
  cpuOverData(['@hapi/bourne', 'bourne', 'secure-json-parse', 'json-parse-even-better-errors', 'parse-json', 'destr', 'json-bigint', 'lossless-json'],
    ['parse', 'safeParse', 'scan', 'default', '*.parse'],
    'parses a whole JSON text on the calling thread (time grows with its size)'),
  cpuOverData(['qs', 'querystring', 'query-string'], ['parse', 'decode'],
    'parses a whole query string or form body on the calling thread (time grows with its size)'),
];
