/**
 * The knowledge catalog: look-ups by import specifier (with and without `node:`), member paths,
 * `*.member` entries on values derived from a module, wildcards and their cheap members, globals,
 * and the naming conventions used for calls the analyser cannot resolve.
 */
import * as assert from 'node:assert/strict';
import {
  FS_ASYNC_METHODS, FS_SYNC_METHODS, STREAM_EVENTS, STREAM_RECEIVER, allModuleEntries, isKnownModule,
  lookupGlobalCall, lookupModuleCall, normalizeModule,
} from '../../src/core/catalog';

describe('catalog', () => {
  describe('specifiers', () => {
    it('drops the node: prefix and keeps subpaths', () => {
      assert.equal(normalizeModule('node:fs'), 'fs');
      assert.equal(normalizeModule('node:fs/promises'), 'fs/promises');
      assert.equal(normalizeModule('lodash/fp'), 'lodash/fp');
    });

    it('finds the same entry with and without node:', () => {
      const plain = lookupModuleCall('fs', 'readFileSync');
      const prefixed = lookupModuleCall('node:fs', 'readFileSync');
      assert.ok(plain);
      assert.equal(prefixed, plain);
      assert.equal(plain.effect, 'blocking-io');
      assert.equal(plain.asyncTwin, 'fs/promises#readFile');
    });

    it('knows modules by their root package, and subpaths with their own entries', () => {
      assert.equal(isKnownModule('pg'), true);
      assert.equal(isKnownModule('@aws-sdk/client-s3/dist-cjs/index.js'), true);
      assert.equal(isKnownModule('node:crypto'), true);
      assert.equal(isKnownModule('left-pad'), false);
      assert.equal(lookupModuleCall('fs/promises', 'readFile')?.effect, 'async-io');
      assert.equal(lookupModuleCall('node:fs/promises', 'anything')?.effect, 'async-io', 'fs/promises is a wildcard module');
    });

    it('knows a package named for the Fetch API it implements as an HTTP client', () => {
      for (const specifier of ['@buttercup/fetch', 'minipass-fetch', 'undici-fetch', '@acme/node-fetch/dist/index.js']) {
        assert.equal(lookupModuleCall(specifier, 'fetch')?.effect, 'async-io', specifier);
        assert.equal(lookupModuleCall(specifier, 'default')?.effect, 'async-io', specifier);
      }
      for (const specifier of ['prefetch', 'fetchy', 'make-fetch-happen-not']) assert.equal(lookupModuleCall(specifier, 'default'), undefined, specifier);
    });

    it('describes nothing for an unknown package', () => {
      assert.equal(lookupModuleCall('left-pad', 'default'), undefined);
    });
  });

  describe('members', () => {
    it('distinguishes blocking, non-blocking and offloaded members of one module', () => {
      assert.equal(lookupModuleCall('fs', 'readFile')?.effect, 'async-io');
      assert.equal(lookupModuleCall('fs', 'promises.readFile')?.effect, 'async-io');
      assert.equal(lookupModuleCall('child_process', 'execSync')?.effect, 'blocking-io');
      assert.equal(lookupModuleCall('child_process', 'spawn')?.effect, 'spawn-process');
      assert.equal(lookupModuleCall('crypto', 'pbkdf2')?.effect, 'offloaded');
      assert.equal(lookupModuleCall('zlib', 'gzipSync')?.effect, 'cpu');
    });

    it('scales CPU entries by an argument when one is given', () => {
      const entry = lookupModuleCall('crypto', 'pbkdf2Sync');
      assert.equal(entry?.effect, 'cpu');
      // priced in pbkdf2 iterations (a calibrated primitive), the third argument being their count
      assert.deepEqual(entry?.cost, { unit: 'js.pbkdf2-sha256-iteration', base: 100_000, scaleArg: 2 });
    });

    it('marks work proportional to the data as such (hashing a message)', () => {
      const update = lookupModuleCall('crypto', 'createHash.update');
      assert.equal(update?.effect, 'cpu');
      assert.equal(update?.cost?.proportional, true);
      assert.equal(lookupModuleCall('crypto', 'createHash.digest'), undefined, 'digest of an updated hash is constant work');
    });

    it('matches *.member on any value derived from the module', () => {
      assert.equal(lookupModuleCall('http', 'request.write')?.effect, 'async-io');
      assert.equal(lookupModuleCall('net', 'createConnection.write')?.effect, 'async-io');
      assert.equal(lookupModuleCall('http', 'createServer.listen')?.effect, 'async-io');
      assert.equal(lookupModuleCall('net', 'Socket.connect')?.effect, 'async-io');
      assert.equal(lookupModuleCall('http', 'write'), undefined, '*.write needs a receiver');
    });
  });

  describe('wildcards and cheap members', () => {
    it('treats any call on a client library as I/O', () => {
      assert.equal(lookupModuleCall('pg', 'Pool.query')?.effect, 'async-io');
      assert.equal(lookupModuleCall('ioredis', 'default.get')?.effect, 'async-io');
      assert.equal(lookupModuleCall('mongodb', 'MongoClient.db.collection.insertOne')?.effect, 'async-io');
    });

    it('leaves configuration and builder members out of the wildcard', () => {
      assert.equal(lookupModuleCall('pg', 'Pool'), undefined);
      assert.equal(lookupModuleCall('mongodb', 'MongoClient.db.collection'), undefined);
      assert.equal(lookupModuleCall('knex', 'default.select'), undefined);
      assert.equal(lookupModuleCall('ioredis', 'default.on'), undefined);
    });

    it('lets HTTP clients keep get() as a request while create() only configures', () => {
      assert.equal(lookupModuleCall('axios', 'get')?.effect, 'async-io');
      assert.equal(lookupModuleCall('axios', 'create'), undefined);
      assert.equal(lookupModuleCall('axios', 'create.get')?.effect, 'async-io');
    });
  });

  describe('globals', () => {
    it('knows fetch, timers, Atomics.wait and browser request objects', () => {
      assert.equal(lookupGlobalCall('fetch')?.effect, 'async-io');
      assert.equal(lookupGlobalCall('setTimeout')?.effect, 'timer');
      assert.equal(lookupGlobalCall('Atomics.wait')?.effect, 'blocking-io');
      assert.equal(lookupGlobalCall('XMLHttpRequest')?.effect, 'async-io');
      assert.equal(lookupGlobalCall('Math.max'), undefined);
    });

    it('knows the built-in kernels whose time grows with the data passed', () => {
      for (const name of ['JSON.parse', 'JSON.stringify', 'structuredClone']) {
        const entry = lookupGlobalCall(name);
        assert.equal(entry?.effect, 'cpu', name);
        assert.equal(entry?.cost?.proportional, true, name);
      }
    });
  });

  describe('libraries by kind', () => {
    it('knows parsers, schema validators, big-number maths, compression, templates, DB drivers and queues', () => {
      const cases: [string, string, string][] = [
        ['js-yaml', 'dump', 'cpu'], ['sax', 'parser.write', 'cpu'], ['htmlparser2', 'parseDocument', 'cpu'],
        ['csv-parse', 'parse', 'cpu'], ['commonmark', 'Parser.parse', 'cpu'], ['ajv', 'Ajv.compile', 'cpu'],
        ['bn.js', 'default.mul', 'cpu'], ['tweetnacl', 'sign', 'cpu'], ['lz-string', 'compress', 'cpu'],
        ['handlebars', 'compile', 'cpu'], ['ejs', 'render', 'cpu'],
        ['better-sqlite3', 'prepare.all', 'blocking-io'], ['cassandra-driver', 'Client.execute', 'async-io'],
        ['@elastic/elasticsearch', 'Client.search', 'async-io'], ['bee-queue', 'createJob', 'async-io'],
      ];
      for (const [module, member, effect] of cases) assert.equal(lookupModuleCall(module, member)?.effect, effect, `${module} ${member}`);
    });

    it('tells computation over the data from a fixed cost', () => {
      assert.equal(lookupModuleCall('js-yaml', 'dump')?.cost?.proportional, true);
      assert.equal(lookupModuleCall('bn.js', 'default.toString'), undefined, 'a data method of a big number is not a library call');
    });
  });

  describe('conventions', () => {
    it('lists distinctive file-system method names only', () => {
      assert.ok(FS_SYNC_METHODS.has('mkdirSync'));
      assert.ok(FS_SYNC_METHODS.has('lstatSync'));
      assert.ok(!FS_SYNC_METHODS.has('writeSync'), 'zlib handles have writeSync too');
      assert.ok(FS_ASYNC_METHODS.has('readdir'));
      assert.ok(FS_ASYNC_METHODS.has('statAsync'));
      assert.ok(!FS_ASYNC_METHODS.has('open'), 'too generic');
    });

    it('recognises stream events and stream-holding names', () => {
      assert.ok(STREAM_EVENTS.has('data'));
      assert.ok(!STREAM_EVENTS.has('error'), 'every emitter has errors');
      assert.match('stream', STREAM_RECEIVER);
      assert.match('_socket', STREAM_RECEIVER);
      assert.match('readStream', STREAM_RECEIVER);
      assert.doesNotMatch('res', STREAM_RECEIVER);
    });
  });

  it('every entry is well formed', () => {
    for (const entry of allModuleEntries()) {
      assert.ok(entry.modules.length > 0 && entry.members.length > 0, JSON.stringify(entry));
      assert.ok(entry.modules.every((module) => !module.startsWith('node:')), `${entry.modules} must not carry node:`);
      if (entry.effect === 'cpu') assert.ok(entry.cost, `${entry.modules[0]} ${entry.members[0]} needs a cost`);
      else assert.equal(entry.cost, undefined);
    }
  });
});
