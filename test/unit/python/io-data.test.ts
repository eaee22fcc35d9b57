/**
 * What a function does with the data its I/O produces or consumes (#10): a parse of what it read
 * and a serialisation of what it sends are the work beside the I/O (mixed); the same kernels over
 * an in-memory stream are computation (cpu); a method picked with getattr and a callable taken
 * from a parameter's default resolve to what they call.
 */
import * as assert from 'node:assert/strict';
import { analyzePythonSnippet, functionNamed } from '../support';

const CLIENT = `
import io
import json
import pickle
import re
import zlib

import requests


class Client:
    def __init__(self, url, decompressor=zlib.decompress, decoder=None):
        self.url = url
        self.decompressor = decompressor
        self.decoder = decoder or json.JSONDecoder()
        self.session = requests.Session()

    def call(self, method, path):
        send = getattr(self.session, method)
        return send(self.url + path)

    def fetch_blob(self, path):
        body = self.call("get", path).content
        return self.decompressor(body)

    def search(self, path):
        text = self.call("get", path).text
        return self.decoder.decode(text)

    def status(self, path):
        text = self.call("get", path).text
        return re.search(r"status: (\\w+)", text)

    def publish(self, path, document):
        payload = json.dumps(document)
        return self.session.post(self.url + path, data=payload)


def unpickle(raw):
    return pickle.load(io.BytesIO(raw))


def pack(rows):
    buffer = io.BytesIO()
    write_rows(rows, buffer)
    return buffer.getvalue()


def write_rows(rows, out):
    for row in rows:
        out.write(row)
`;

describe('python analyser: the data around I/O', function () {
  this.timeout(30_000);

  it('a method picked at run time with getattr on an HTTP session is a request: io', async () => {
    const report = await analyzePythonSnippet(CLIENT);
    assert.equal(functionNamed(report, 'Client.call').kind, 'io');
  });

  it('decompressing or decoding what was read, through a default callable or a decoder object, is mixed', async () => {
    const report = await analyzePythonSnippet(CLIENT);
    assert.equal(functionNamed(report, 'Client.fetch_blob').kind, 'mixed');
    assert.equal(functionNamed(report, 'Client.search').kind, 'mixed');
  });

  it('a regex search of a field in what was read is a glance: io', async () => {
    const report = await analyzePythonSnippet(CLIENT);
    assert.equal(functionNamed(report, 'Client.status').kind, 'io');
  });

  it('serialising what is sent is mixed', async () => {
    const report = await analyzePythonSnippet(CLIENT);
    assert.equal(functionNamed(report, 'Client.publish').kind, 'mixed');
  });

  it('unpickling from an io.BytesIO and writing rows to one are no I/O: cpu, none', async () => {
    const report = await analyzePythonSnippet(CLIENT);
    assert.equal(functionNamed(report, 'unpickle').kind, 'cpu');
    assert.equal(functionNamed(report, 'pack').kind, 'none');
    assert.equal(functionNamed(report, 'write_rows').kind, 'none');
  });

  it('makes no finding of a guessed size', async () => {
    const report = await analyzePythonSnippet(CLIENT);
    assert.deepEqual(report.findings, []);
  });
});
