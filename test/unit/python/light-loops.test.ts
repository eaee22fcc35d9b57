/**
 * Light work on every item of the input (a comparison, a look-up, a method call per item) is
 * computation that grows with what the caller hands in (README "What a verdict means": a loop over
 * what a parameter holds is `cpu`, data-dependent, however small the usual input). It is the same
 * work whether the loop is a `for`, a comprehension or `map` with a lambda, and its size is a
 * guess, so it makes no finding. Loops over a literal, over the object's own settings or over
 * the values a call writes out (`*args`, `**kwargs`) are bounded by small constants: `none`; so
 * is a loop that only hands each item to a method of another object (`sink.publish(event)`): what
 * that costs is the other object's.
 */
import { strict as assert } from 'node:assert';
import { analyzePythonSnippet, functionNamed } from '../support';

const LOGS = `
from concurrent.futures import ThreadPoolExecutor


def count_errors(lines):
    errors = 0
    for line in lines:
        if line.startswith("ERROR"):
            errors += 1
    return errors


def index_by_id(records):
    return {record["id"]: record for record in records}


def find_user(users, name):
    for user in users:
        if user.name == name:
            return user
    return None


def entry_names(entries):
    return list(map(lambda entry: entry.name.strip(), entries))


def error_share(lines):
    return count_errors(lines) / max(len(lines), 1)


def count_all(logs):
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(count_errors, logs))


def format_call(name, *args, **kwargs):
    parts = [repr(arg) for arg in args]
    parts += ["%s=%r" % (key, value) for key, value in kwargs.items()]
    return "%s(%s)" % (name, ", ".join(parts))


def default_ports():
    return [port + 1 for port in (80, 443, 8080)]


def forward(events, sink):
    for event in events:
        sink.publish(event)


class Levels:
    def __init__(self):
        self.names = ["debug", "info", "warning", "error"]

    def upper_names(self):
        return [name.upper() for name in self.names]
`;

const REGROUP = `
def pair_up(old_items, new_items):
    groups = {}
    for item in old_items:
        groups.setdefault(item.key, ([], []))[0].append(item)
    for item in new_items:
        groups.setdefault(item.key, ([], []))[1].append(item)
    changed = []
    for old, new in groups.values():
        for a in old:
            for b in new:
                if a.key == b.key and a.value != b.value:
                    changed.append((a, b))
    return changed


async def refresh(store, new_items):
    old_items = await store.load()
    return pair_up(old_items, new_items)
`;

describe('python analyser: light work on every item of the input', function () {
  this.timeout(30_000);

  it('a count, an index, a linear search and a map with a lambda over what is handed in: cpu, data-dependent, lower confidence', async () => {
    const report = await analyzePythonSnippet(LOGS);
    for (const name of ['count_errors', 'index_by_id', 'find_user', 'entry_names']) {
      const fn = functionNamed(report, name);
      assert.equal(fn.kind, 'cpu', name);
      assert.equal(fn.cost.dataDependent, true, name);
      assert.ok(fn.confidence < 0.9, `${name}: a guessed size lowers the confidence`);
    }
    assert.match(functionNamed(report, 'entry_names').evidence[0].message, /on every item of its input data/);
  });

  it('the direct caller that hands its input on is cpu too', async () => {
    assert.equal(functionNamed(await analyzePythonSnippet(LOGS), 'error_share').kind, 'cpu');
  });

  it('an assumed size makes no finding, even when the counter runs in a thread pool', async () => {
    assert.deepEqual((await analyzePythonSnippet(LOGS)).findings, []);
  });

  it('loops over what a call writes out, over a literal or over the object\'s own settings, or handing each item on: none', async () => {
    const report = await analyzePythonSnippet(LOGS);
    for (const name of ['format_call', 'default_ports', 'Levels.upper_names', 'forward']) assert.equal(functionNamed(report, name).kind, 'none', name);
  });

  it('a loop over a dict the function fills, around loops over data nobody sized, is a guess too: cpu, no finding on the awaiting caller', async () => {
    const report = await analyzePythonSnippet(REGROUP);
    assert.equal(functionNamed(report, 'pair_up').kind, 'cpu');
    assert.equal(functionNamed(report, 'pair_up').cost.dataDependent, true);
    assert.deepEqual(report.findings, []);
  });
});
