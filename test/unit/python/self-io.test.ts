/**
 * I/O on an object kept on `self` or handed in (README "What a verdict means": io = waiting on
 * I/O): a connection handed to `__init__` by the code that makes the object, a parameter typed
 * only by a method its type alone has, a worker's queue, event or condition. The wait is found
 * however many of the object's own methods lie between the caller and the call; a value of
 * another type handed in elsewhere, or a method every type has, types nothing.
 */
import { strict as assert } from 'node:assert';
import { analyzePythonSnippet, analyzeSources, functionNamed } from '../support';

const INJECTED = `
import queue
import socket
import threading

import redis


class Client:
    def __init__(self, sock):
        self._sock = sock

    def _write(self, data):
        self._sock.send(data)

    def _send(self, command):
        self._write(command.encode())

    def ping(self):
        self._send("PING")


class Store:
    def __init__(self, conn):
        self.conn = conn

    def get(self, key):
        return self.conn.get(key)


class Repo:
    def __init__(self, db):
        self.db = db

    def count(self):
        cur = self.db.cursor()
        cur.execute("select count(*) from t")
        return cur.fetchone()[0]


class Pump:
    def __init__(self, jobs, stop):
        self.jobs = jobs
        self.stop = stop
        self.ready = threading.Condition()

    def next_job(self):
        return self.jobs.get()

    def wait_stopped(self):
        self.stop.wait()

    def wait_ready(self):
        with self.ready:
            self.ready.wait_for(lambda: self.stop.is_set())


def make_client(host):
    return Client(socket.create_connection((host, 6379)))


def make_store():
    return Store(redis.Redis())


def make_pump():
    return Pump(queue.Queue(), threading.Event())
`;

const NOT_TYPED = `
import asyncio

import redis


class Holder:
    def __init__(self, value):
        self.value = value

    def fetch(self, key):
        return self.value.get(key)


def make_a():
    return Holder(redis.Redis())


def make_b(mapping):
    return Holder(mapping)


def lookup(table, key):
    return table.get(key)


class AsyncPump:
    def __init__(self, jobs):
        self.jobs = jobs

    async def next(self):
        job = await self.jobs.get()
        self.jobs.task_done()
        return job


async def read_ready(pipe):
    while not pipe.poll():
        await asyncio.sleep(0.01)
    return pipe.recv()


def sizes(client, keys):
    with client.pipeline() as pipe:
        for key in keys:
            pipe = pipe.llen(key)
        return pipe.execute()
`;

const SESSION_FACTORIES = `
import ftplib
import json

default_session_factory = ftplib.FTP


class Host:
    def __init__(self, *args, **kwargs):
        self._args = args
        self._kwargs = kwargs
        self._session = self._make_session()

    def _make_session(self):
        kwargs = self._kwargs.copy()
        factory = kwargs.pop("session_factory", default_session_factory)
        session = factory(*self._args, **kwargs)
        return session

    def chdir(self, path):
        self._session.cwd(path)

    def mkdir(self, path):
        self._session.mkd(path)
        self._cached = path


class Mirror:
    def __init__(self, host, **options):
        connect = options.get("connect", ftplib.FTP_TLS)
        self.ftp = connect(host)

    def listing(self, path):
        return self.ftp.nlst(path)


def probe(host):
    opener = default_session_factory
    session = opener(host)
    return session.getwelcome()


class Plugin:
    def __init__(self, **kwargs):
        hook = kwargs.pop("hook", None)
        self.hook = hook(self) if hook else None

    def run(self, item):
        return self.hook.send(item)


class Codec:
    def encode(self, value, compact=False):
        dump = json.dumps
        if compact:
            dump = repr
        return dump(value)
`;

describe('python analyser: I/O on objects kept on self or handed in', function () {
  this.timeout(30_000);

  it('a socket, a Redis client and a DB connection handed to __init__ make their calls io, two self-calls up too', async () => {
    const report = await analyzePythonSnippet(INJECTED);
    for (const name of ['Client._write', 'Client._send', 'Client.ping', 'Store.get', 'Repo.count']) {
      assert.equal(functionNamed(report, name).kind, 'io', name);
    }
    assert.match(functionNamed(report, 'Client.ping').evidence[0].message, /Client\._send\(\).*Client\._write\(\).*self\._sock\.send\(\)/);
  });

  it('a queue and an event handed in, a condition made in __init__: their waits are io', async () => {
    const report = await analyzePythonSnippet(INJECTED);
    for (const name of ['Pump.next_job', 'Pump.wait_stopped', 'Pump.wait_ready']) assert.equal(functionNamed(report, name).kind, 'io', name);
  });

  it('call sites that disagree, or a method every type has, type nothing', async () => {
    const report = await analyzePythonSnippet(NOT_TYPED);
    assert.equal(functionNamed(report, 'Holder.fetch').kind, 'none');
    assert.equal(functionNamed(report, 'lookup').kind, 'none');
  });

  it('an awaited queue is asyncio\'s; a type told by a method name is a guess, never a finding', async () => {
    const report = await analyzePythonSnippet(NOT_TYPED);
    assert.equal(functionNamed(report, 'AsyncPump.next').kind, 'io');
    assert.equal(functionNamed(report, 'read_ready').kind, 'io');
    assert.deepEqual(report.findings, []);
  });

  it('a Redis pipeline queues the commands it is given: no wait per command, no sequential-io-loop', async () => {
    const report = await analyzePythonSnippet(NOT_TYPED);
    assert.equal(functionNamed(report, 'sizes').kind, 'none');
    assert.deepEqual(report.findings, []);
  });

  it('a class of another module that extends a catalogued client, or keeps one on self in its __init__, lends its subclasses that client\'s methods', async () => {
    const reports = await analyzeSources({
      'pkg/__init__.py': '',
      'pkg/base.py': [
        'import requests',
        '',
        '',
        'class Session(requests.Session):',
        '    def __init__(self, root):',
        '        super().__init__()',
        '        self.root = root',
        '',
        '',
        'class Holder:',
        '    def __init__(self):',
        '        self.http = requests.Session()',
        '',
      ].join('\n'),
      'pkg/api.py': [
        'from .base import Holder, Session',
        '',
        '',
        'class Api(Session):',
        '    def user(self, uid):',
        '        return self.get(self.root + "/users/" + uid)',
        '',
        '',
        'class Keeper(Holder):',
        '    def user(self, uid):',
        '        return self.http.get("/users/" + uid)',
        '',
        '',
        'def first_user():',
        '    return Api("https://api").get("/users/1")',
        '',
      ].join('\n'),
    });
    const report = reports.get('pkg/api.py')!;
    for (const name of ['Api.user', 'Keeper.user', 'first_user']) assert.equal(functionNamed(report, name).kind, 'io', name);
    assert.match(functionNamed(report, 'Api.user').evidence[0].message, /self\.get\(\)/);
  });

  it('a method its class only declares (raise NotImplementedError) runs as the subclass in another module implements it', async () => {
    const reports = await analyzeSources({
      'vault/adapters.py': [
        'from abc import ABCMeta, abstractmethod',
        '',
        'import requests',
        '',
        '',
        'class Adapter(metaclass=ABCMeta):',
        '    def __init__(self, base_uri, session=None):',
        '        self.base_uri = base_uri',
        '        self.session = session or requests.Session()',
        '',
        '    def get(self, url, **kwargs):',
        '        return self.request("get", url, **kwargs)',
        '',
        '    def login(self, url, use_token=True, **kwargs):',
        '        response = self.post(url, **kwargs)',
        '        return response["auth"]["client_token"] if use_token else response',
        '',
        '    def post(self, url, **kwargs):',
        '        return self.request("post", url, **kwargs)',
        '',
        '    @abstractmethod',
        '    def request(self, method, url, headers=None, **kwargs):',
        '        """Sends the request to the server; subclasses implement it."""',
        '        raise NotImplementedError',
        '',
        '    def on_close(self):',
        '        pass',
        '',
        '    def close(self):',
        '        self.on_close()',
      ].join('\n'),
      'vault/json_adapter.py': [
        'from vault.adapters import Adapter',
        '',
        '',
        'class RawAdapter(Adapter):',
        '    def request(self, method, url, headers=None, **kwargs):',
        '        response = self.session.request(method, self.base_uri + url, headers=headers, **kwargs)',
        '        response.raise_for_status()',
        '        return response',
        '',
        '    def on_close(self):',
        '        self.closed = True',
      ].join('\n'),
    });
    const report = reports.get('vault/adapters.py')!;
    for (const name of ['Adapter.get', 'Adapter.post', 'Adapter.login']) assert.equal(functionNamed(report, name).kind, 'io', name);
    assert.match(functionNamed(report, 'Adapter.get').evidence[0].message, /RawAdapter\.request\(\)/);
    // a hook the subclass fills with bookkeeping stays cheap
    assert.equal(functionNamed(report, 'Adapter.close').kind, 'none');
  });

  it('a session made by a factory named once (module alias, kwargs.pop default, local alias) makes the session\'s calls io', async () => {
    const report = await analyzePythonSnippet(SESSION_FACTORIES);
    for (const name of ['Host.__init__', 'Host._make_session', 'Host.chdir', 'Host.mkdir', 'Mirror.listing', 'probe']) {
      assert.equal(functionNamed(report, name).kind, 'io', name);
    }
    assert.match(functionNamed(report, 'Host.chdir').evidence[0].message, /self\._session\.cwd\(\)/);
  });

  it('a factory with no callable default, or a name assigned twice, types nothing', async () => {
    const report = await analyzePythonSnippet(SESSION_FACTORIES);
    for (const name of ['Plugin.run', 'Codec.encode']) assert.equal(functionNamed(report, name).kind, 'none', name);
    assert.deepEqual(report.findings, []);
  });
});
