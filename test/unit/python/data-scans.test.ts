/**
 * Kernels that scan their input (README "What a verdict means"): a regular expression searched or
 * substituted over a parameter, a sort or a serialisation of it grows with what the caller hands
 * in, so the function is `cpu`, data-dependent, however cheap one call on a short value looks.
 * Single-pass string methods on short values (a path's `rfind`, a key's `lower`) stay `none`;
 * in a function that then waits, a scan of its arguments does not make it `mixed`; a tokenizer
 * over every item of what a function read does. The size is a guess: none of it makes a finding.
 */
import { strict as assert } from 'node:assert';
import { analyzePythonSnippet, functionNamed } from '../support';

const SCANNERS = `
import json
import re
from concurrent.futures import ThreadPoolExecutor

_LINE_BREAK = re.compile(r"\\r\\n|\\n|\\r")
_ESCAPE = r"\\\\([\\\\'\\"abfnrtv])"


class Cursor:
    def __init__(self, text):
        self.text = text
        self.lines = 0

    def consume(self, chunk):
        self.lines += len(_LINE_BREAK.findall(chunk))


def unescape(value):
    return re.sub(_ESCAPE, lambda match: match.group(1), value)


def sort_labels(labels):
    return sorted(labels, key=lambda label: label.lower())


def largest(sizes):
    return max(sizes)


def to_wire(record):
    return json.dumps(record, sort_keys=True)


def normalised(value):
    return unescape(value).strip()


def unescape_all(values):
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(unescape, values))
`;

const SHORT_VALUES = `
def base_name(path):
    index = path.rfind("/") + 1
    return path[index:]


def header_key(name):
    return name.strip().lower().replace("_", "-")


def bigger(a, b):
    return max(a, b)


def fixed_pattern():
    import re
    return re.findall(r"\\d+", "10 20 30")
`;

const WITH_IO = `
import re
import socket


def send_command(host, name, *args):
    line = re.sub(r"\\s+", " ", " ".join([name, *args]))
    with socket.create_connection((host, 6379)) as conn:
        conn.sendall(line.encode() + b"\\r\\n")


def route_command(host, name, *args):
    if not re.search(r"^[A-Z]+$", name):
        raise ValueError(name)
    with socket.create_connection((host, 6379)) as conn:
        conn.sendall(" ".join([name, *args]).encode() + b"\\r\\n")


def tokenize(stream):
    text = stream.read()
    tokens = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
            continue
        start = position
        while position < len(text) and not text[position].isspace():
            position += 1
        word = text[start:position]
        kind = "number" if word.isdigit() else "name" if word.isidentifier() else "symbol"
        tokens.append((kind, word, start, position, len(tokens), word.upper(), word.lower()))
    return tokens


def load_tokens(path):
    with open(path) as stream:
        return tokenize(stream)
`;

describe('python analyser: scanning kernels over input data', function () {
  this.timeout(30_000);

  it('regex searches and substitutions, sorts, reductions and serialisation of a parameter: cpu, data-dependent', async () => {
    const report = await analyzePythonSnippet(SCANNERS);
    for (const name of ['Cursor.consume', 'unescape', 'sort_labels', 'largest', 'to_wire']) {
      const fn = functionNamed(report, name);
      assert.equal(fn.kind, 'cpu', name);
      assert.equal(fn.cost.dataDependent, true, name);
      assert.ok(fn.confidence < 0.9, `${name}: a guessed size lowers the confidence`);
      assert.match(fn.evidence[0].message, /over its input data/, name);
    }
  });

  it('the caller of a scanning helper is cpu too', async () => {
    const report = await analyzePythonSnippet(SCANNERS);
    assert.equal(functionNamed(report, 'normalised').kind, 'cpu');
  });

  it('an assumed size makes no finding: the scanner runs in threads over values nobody sized', async () => {
    const report = await analyzePythonSnippet(SCANNERS);
    assert.deepEqual(report.findings, []);
  });

  it('single-pass string methods, max of two values, a regex over a literal: none', async () => {
    const report = await analyzePythonSnippet(SHORT_VALUES);
    for (const name of ['base_name', 'header_key', 'bigger', 'fixed_pattern']) {
      assert.equal(functionNamed(report, name).kind, 'none', name);
    }
  });

  it('a regex check of the arguments before a send is io; a rewrite of what is sent, and a tokenizer over what was read, are mixed, and so is its caller', async () => {
    const report = await analyzePythonSnippet(WITH_IO);
    assert.equal(functionNamed(report, 'route_command').kind, 'io');
    // the substitution makes the payload the send carries: the work beside the write
    assert.equal(functionNamed(report, 'send_command').kind, 'mixed');
    assert.equal(functionNamed(report, 'tokenize').kind, 'mixed');
    assert.equal(functionNamed(report, 'load_tokens').kind, 'mixed');
  });
});

const TEXTS = `
class Catalog(list):
    def done(self):
        return sum(1 for entry in self if entry.done)

    def render(self):
        return "".join(str(entry) for entry in self)


class Registry:
    def __init__(self):
        self._handlers = []

    def active(self):
        return sum(1 for handler in self._handlers if handler.active)


def escape(text, quote=True):
    text = text.replace("&", "&amp;")
    text = text.replace("<", "&lt;")
    text = text.replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    return text


def strip_marks(netloc):
    if not netloc or netloc.isascii():
        return netloc
    netloc = netloc.replace("@", "")
    netloc = netloc.replace(":", "")
    return netloc.replace("#", "")


def maybe_clean(value=None):
    if value is not None:
        value = value.replace("urn:", "").replace("uuid:", "").replace("-", "")
    return value
`;

describe('python analyser: text and containers as input data', function () {
  this.timeout(30_000);

  it('several whole-text passes over the input (an escape) are cpu; passes that may not run are not', async () => {
    const report = await analyzePythonSnippet(TEXTS);
    assert.equal(functionNamed(report, 'escape').kind, 'cpu');
    assert.match(functionNamed(report, 'escape').evidence[0].message, /passes over its input text/);
    assert.equal(functionNamed(report, 'maybe_clean').kind, 'none');
    assert.equal(functionNamed(report, 'strip_marks').kind, 'none', 'after an early return the passes may not run');
  });

  it('a class extending a container goes over its own items as data; over its bookkeeping it does not', async () => {
    const report = await analyzePythonSnippet(TEXTS);
    assert.equal(functionNamed(report, 'Catalog.done').kind, 'cpu');
    assert.equal(functionNamed(report, 'Catalog.render').kind, 'cpu');
    assert.equal(functionNamed(report, 'Registry.active').kind, 'none');
    assert.deepEqual(report.findings, []);
  });
});

const DIGESTS = `
import binascii
import gzip
import hashlib
import io
import os
import zlib


def checksum(data):
    return binascii.crc32(data) & 0xFFFFFFFF


def fingerprint(blob):
    digest = hashlib.sha256()
    digest.update(blob)
    return digest.hexdigest()


def digest_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            chunk = f.read(65536)
            if not chunk:
                break
            digest.update(chunk)
    return digest.hexdigest()


def cached(root, key):
    name = hashlib.sha1(key.encode()).hexdigest()
    with open(os.path.join(root, name), "rb") as f:
        return f.read()


def inflate(raw):
    stream = zlib.decompressobj()
    return stream.decompress(raw) + stream.flush()


def gzip_body(body):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as f:
        f.write(body)
    return buf.getvalue()


def gunzip_body(body):
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
        return f.read()
`;

describe('python analyser: digests, checksums and compression in memory', function () {
  this.timeout(30_000);

  it('a digest or checksum of the input is cpu, of what was read mixed; a hashed key naming a file leaves the reader io', async () => {
    const report = await analyzePythonSnippet(DIGESTS);
    assert.equal(functionNamed(report, 'checksum').kind, 'cpu');
    assert.equal(functionNamed(report, 'fingerprint').kind, 'cpu');
    assert.equal(functionNamed(report, 'digest_file').kind, 'mixed');
    assert.equal(functionNamed(report, 'cached').kind, 'io');
    assert.deepEqual(report.findings, []);
  });

  it('a decompressor object and a gzip stream over io.BytesIO compress or decompress what they are given: cpu, no I/O', async () => {
    const report = await analyzePythonSnippet(DIGESTS);
    for (const name of ['inflate', 'gzip_body', 'gunzip_body']) {
      assert.equal(functionNamed(report, name).kind, 'cpu', name);
      assert.ok(functionNamed(report, name).evidence.every((evidence) => !/blocking I\/O/.test(evidence.message)), name);
    }
  });
});
