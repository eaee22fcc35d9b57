/**
 * Per-item work over a function's input data is CPU work that grows with what the caller hands in
 * (README "What a verdict means": cpu = computation over the parameters or data, data-dependent when
 * the size is unknown). Loops over the object's own bookkeeping, over settings, or over the arguments
 * of a function that then waits on I/O are not. The size is a guess, so none of this makes a finding.
 */
import { strict as assert } from 'node:assert';
import { analyzePythonSnippet, functionNamed } from '../support';

const DECODERS = `
from concurrent.futures import ThreadPoolExecutor


def decode_hex(data):
    out = bytearray()
    pair = ""
    i = 0
    while True:
        if i >= len(data):
            raise ValueError("missing end marker")
        char = data[i]
        i += 1
        if char == ">":
            break
        if char.isspace():
            continue
        pair += char
        if len(pair) == 2:
            out.append(int(pair, 16))
            pair = ""
    return bytes(out)


def parse_settings(text):
    settings = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or "=" not in line:
            continue
        key, _, value = line.partition("=")
        settings[key.strip().lower()] = value.strip().strip('"')
    return settings


def load_settings(text):
    return parse_settings(text)


def decode_all(blobs):
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(decode_hex, blobs))
`;

const NOT_INPUT_SIZED = `
import socket


class Registry:
    def __init__(self):
        self.handlers = []

    def describe(self):
        parts = []
        for handler in self.handlers:
            parts.append(f"{handler.name.strip().lower()}={str(handler.level).upper()}")
        return ", ".join(parts)


def column_name(index, letters="ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    name = ""
    while True:
        index, rest = divmod(index, 26)
        name = letters[rest] + name
        if not index:
            return name
        index -= 1


def send_fields(host, fields):
    lines = []
    for key, value in fields.items():
        lines.append(f"{key.strip().lower()}: {str(value).strip()}")
    payload = "\\r\\n".join(lines).encode("ascii")
    with socket.create_connection((host, 80)) as conn:
        conn.sendall(payload)
`;

const POSITIONAL = `
def read_words(data):
    words = []
    pos = 0
    while pos < len(data):
        words.append(data[pos:pos + 4])
        pos += 4
    return words


class Tokenizer:
    def __init__(self, source):
        self.source = source
        self.pos = 0

    def commas(self):
        found = []
        while self.pos < len(self.source):
            if self.source[self.pos] == ",":
                found.append(self.pos)
            self.pos += 1
        return found


def popcount(n):
    count = 0
    while n:
        count += n & 1
        n >>= 1
    return count


def preview(data):
    return " ".join(["%02x" % data[i] for i in range(min(len(data), 8))])


def send_rest(out, data):
    while data:
        sent = out.push(data)
        data = data[sent:]


def rename_all(names, prefix):
    renamed = []
    for name in names:
        renamed.append(prefix + name)
    return renamed
`;

describe('python analyser: per-item work over input data', function () {
  this.timeout(30_000);

  it('a decoder indexing its input in a while-True loop, a parser over the lines of its input: cpu, data-dependent', async () => {
    const report = await analyzePythonSnippet(DECODERS);
    for (const name of ['decode_hex', 'parse_settings']) {
      const fn = functionNamed(report, name);
      assert.equal(fn.kind, 'cpu', name);
      assert.equal(fn.cost.dataDependent, true, name);
      assert.ok(fn.confidence < 0.9, `${name}: a guessed size lowers the confidence`);
      assert.match(fn.evidence[0].message, /operations per item of its input data/, name);
    }
  });

  it('the direct caller of an input-sized parser is cpu too', async () => {
    const report = await analyzePythonSnippet(DECODERS);
    assert.equal(functionNamed(report, 'load_settings').kind, 'cpu');
  });

  it('an assumed size makes no finding: the decoder runs in threads with blobs nobody sized', async () => {
    const report = await analyzePythonSnippet(DECODERS);
    assert.deepEqual(report.findings, []);
  });

  it('a loop reading its input by position, also the input a parser object was made over: cpu, data-dependent', async () => {
    const report = await analyzePythonSnippet(POSITIONAL);
    for (const name of ['read_words', 'Tokenizer.commas']) {
      const fn = functionNamed(report, name);
      assert.equal(fn.kind, 'cpu', name);
      assert.equal(fn.cost.dataDependent, true, name);
    }
    assert.deepEqual(report.findings, []);
  });

  it('a loop halving what it tests, a bounded preview, the rest of a buffer sent: not cpu', async () => {
    const report = await analyzePythonSnippet(POSITIONAL);
    for (const name of ['popcount', 'preview', 'send_rest']) assert.equal(functionNamed(report, name).kind, 'none', name);
  });

  it('a concatenation per name of a list handed in is little work, but done for every name: cpu, data-dependent', async () => {
    const fn = functionNamed(await analyzePythonSnippet(POSITIONAL), 'rename_all');
    assert.equal(fn.kind, 'cpu');
    assert.equal(fn.cost.dataDependent, true);
  });

  it('loops over the object\'s own collection, over a setting, or over arguments before a send: not cpu', async () => {
    const report = await analyzePythonSnippet(NOT_INPUT_SIZED);
    assert.equal(functionNamed(report, 'Registry.describe').kind, 'none');
    assert.equal(functionNamed(report, 'column_name').kind, 'none');
    assert.equal(functionNamed(report, 'send_fields').kind, 'io');
  });
});
