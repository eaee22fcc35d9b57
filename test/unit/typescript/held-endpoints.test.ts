/**
 * I/O behind a value the object holds (#10): a client, a connection or a pool stored on `this`
 * from a parameter, a factory or a library the catalog does not describe. When nothing resolves
 * the method, how it is used says it is an endpoint: awaited, handed a Node-style completion
 * callback, or made a promise's executor. That is weaker evidence (lower confidence) and never
 * comes from the method's name alone: the same call not awaited and without a callback stays
 * unknown, and a lock or a hook awaited is not I/O. A method of a constant table of keys
 * (`this[PRIVATE.SEND](req)` beside `async [PRIVATE.SEND](req) {}`) is that method.
 */
import { strict as assert } from 'node:assert';
import { analyzeSources, assertKinds, functionIn } from '../support';

const BROKER = `const PRIVATE = { SEND_REQUEST: Symbol('private:Broker:sendRequest') };

class Broker {
  constructor({ connectionPool, logger }) {
    this.connectionPool = connectionPool;
    this.logger = logger;
    this.lock = makeLock();
  }

  async disconnect() {
    await this.connectionPool.destroy();
  }

  async heartbeat({ groupId, memberId }) {
    const request = { apiKey: 12, groupId, memberId };
    return await this[PRIVATE.SEND_REQUEST](request);
  }

  async [PRIVATE.SEND_REQUEST](request) {
    try {
      return await this.connectionPool.send(request);
    } catch (e) {
      if (e.name === 'ConnectionClosed') await this.disconnect();
      throw e;
    }
  }

  describe() {
    return this.connectionPool.describe();
  }

  async guarded(work) {
    await this.lock.acquire();
    try {
      return work();
    } finally {
      this.lock.release();
    }
  }
}

function makeLock() {
  return { acquire: () => Promise.resolve(), release: () => undefined };
}

module.exports = Broker;
`;

const SESSION = `'use strict';

class Session {
  #conn;

  constructor(conn) {
    this.#conn = conn;
  }

  commit() {
    const param = { sql: 'COMMIT' };
    return new Promise(this.#conn.changeTransaction.bind(this.#conn, param));
  }

  ping(done) {
    const self = this;
    self.#conn.ping({ timeout: 1000 }, (err, reply) => {
      if (err) return done(err);
      done(null, reply === 'PONG');
    });
  }

  get threadId() {
    return this.#conn.threadId;
  }

  label() {
    return this.#conn.describe('session');
  }
}

module.exports = Session;
`;

describe('I/O behind values the object holds', () => {
  it('an awaited call on a held client is io; through a constant-table key too; not awaited, or a lock, it is not', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({ 'broker.js': BROKER });
    assertKinds(reports, 'broker.js', {
      'Broker.disconnect': 'io',
      'Broker.heartbeat': 'io',
      'Broker.describe': 'none',
      'Broker.guarded': 'none',
    });
    const disconnect = functionIn(reports, 'broker.js', 'Broker.disconnect');
    // weaker evidence than a catalog entry or a naming convention
    assert.ok(disconnect.confidence < 0.75, `confidence ${disconnect.confidence}`);
    assert.match(disconnect.evidence[0].message, /this\.connectionPool/);
  });

  it("a held connection's method given a completion callback or made a promise's executor is io", async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({ 'session.js': SESSION });
    assertKinds(reports, 'session.js', {
      'Session.commit': 'io',
      'Session.ping': 'io',
      'Session.label': 'none',
    });
  });

  it('a project method of that name is the better answer', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({
      'store.js': `class MemoryBackend {
  send(request) {
    return { ok: true, request };
  }
}

class Store {
  constructor() {
    this.backend = new MemoryBackend();
    this.other = pick();
  }

  async put(request) {
    return await this.other.send(request);
  }
}

function pick() {
  return new MemoryBackend();
}

module.exports = { Store, MemoryBackend };
`,
    });
    assertKinds(reports, 'store.js', { 'Store.put': 'none' });
  });
});
