/**
 * The parser's copy of tree-sitter's tree: what it keeps (every node the analysis reads, with
 * rows and columns in the one line model) and what it leaves out (comments, the pieces of string
 * literals), and that errors are counted in the whole tree, inside strings too.
 */
import { strict as assert } from 'node:assert';
import { PythonParser, copiesReadRuntimeDirectly } from '../../../src/core/python/parser';
import { NodeMap, type PyNode, childByField, descendants, rangeOf, sameNode, textOf } from '../../../src/core/python/syntax';

const SOURCE = [
  '# settings for the importer',
  'import json  # the parser',
  '',
  'def load(path, name="a\\tb"):',
  '    """Reads one file.\\n"""',
  '    with open(path) as f:  # closed on return',
  '        return json.loads(f"{f.read()}{name!r:>10}\\x41")',
  '',
].join('\n');

function nodesOfType(root: PyNode, type: string): PyNode[] {
  return [...descendants(root)].filter((node) => node.type === type);
}

describe('python parser: the copied tree', function () {
  this.timeout(30_000);
  let parser: PythonParser;

  before(async () => {
    parser = await PythonParser.create();
  });

  it('leaves out comments and the pieces of string literals, keeps strings whole', () => {
    const source = parser.parse('load.py', SOURCE);
    const types = new Set([...descendants(source.root)].map((node) => node.type));
    for (const dropped of ['comment', 'string_start', 'string_content', 'string_end', 'escape_sequence']) {
      assert.ok(!types.has(dropped), `${dropped} is not copied`);
    }
    const strings = nodesOfType(source.root, 'string').map((node) => textOf(source, node));
    assert.deepEqual(strings, ['"a\\tb"', '"""Reads one file.\\n"""', 'f"{f.read()}{name!r:>10}\\x41"']);
    assert.equal(source.parseErrors, 0);
  });

  it('keeps what an f-string runs: its interpolations and the calls in them', () => {
    const source = parser.parse('load.py', SOURCE);
    const interpolations = nodesOfType(source.root, 'interpolation');
    assert.equal(interpolations.length, 2);
    const calls = nodesOfType(source.root, 'call').map((call) => textOf(source, childByField(call, 'function') as PyNode));
    assert.deepEqual(calls, ['open', 'json.loads', 'f.read']);
    const read = nodesOfType(source.root, 'call').find((call) => textOf(source, call) === 'f.read()') as PyNode;
    assert.equal(read.parent?.type, 'interpolation');
  });

  it('places nodes by rows and columns of the text as given (CRLF and a lone CR end a line)', () => {
    const text = 'x = 1\r\ny = 2\rdef f():\r\n    return  g(x)\n';
    const source = parser.parse('lines.py', text);
    const call = nodesOfType(source.root, 'call')[0];
    assert.equal(textOf(source, call), 'g(x)');
    assert.deepEqual([call.startRow, call.startColumn, call.endRow, call.endColumn], [3, 12, 3, 16]);
    assert.deepEqual(rangeOf(call), { line: 4, column: 13, endLine: 4, endColumn: 17 });
    const definition = nodesOfType(source.root, 'function_definition')[0];
    assert.deepEqual([definition.startRow, definition.startColumn, definition.endRow], [2, 0, 3]);
  });

  it('counts errors inside strings and their interpolations, and ERROR nodes elsewhere', () => {
    assert.equal(parser.parse('ok.py', 'x = f"{a}"\n').parseErrors, 0);
    assert.ok(parser.parse('bad.py', 'x = f"{a +}"\n').parseErrors > 0);
    assert.ok(parser.parse('bad.py', 'def f(:\n    pass\n').parseErrors > 0);
  });

  it('a node derived from another (a name read as a call) keeps its place and parent', () => {
    const source = parser.parse('d.py', 'run = worker.start\nrun()\n');
    const attribute = nodesOfType(source.root, 'attribute')[0];
    const call = attribute.derive({ type: 'call', children: [attribute.derive({ field: 'function' })] });
    assert.equal(call.type, 'call');
    assert.equal(textOf(source, call), 'worker.start');
    assert.equal(childByField(call, 'function')?.type, 'attribute');
    assert.ok(sameNode(call.parent, attribute.parent));
    assert.deepEqual(rangeOf(call), rangeOf(attribute));
    assert.equal(attribute.field, 'right', 'the node it was derived from is unchanged');
  });

  it('holds a file\'s nodes in one flat tree: views of one node are the same node to sameNode and NodeMap', () => {
    const source = parser.parse('v.py', 'def f(x):\n    return g(x)\n');
    const call = nodesOfType(source.root, 'call')[0];
    const again = nodesOfType(source.root, 'call')[0];
    assert.notEqual(call, again, 'each walk makes its own views');
    assert.ok(sameNode(call, again));
    assert.ok(!sameNode(call, call.parent));
    assert.ok(sameNode(call.parent?.parent?.parent, nodesOfType(source.root, 'function_definition')[0]));
    assert.equal(call.tree.size, [...descendants(source.root)].length);
    const derived = call.derive({ type: 'call' });
    assert.ok(!sameNode(derived, call), 'a derived node is only itself');
    assert.ok(sameNode(derived, derived));
    const seen = new NodeMap<string>();
    seen.set(call, 'tree node');
    seen.set(derived, 'derived node');
    assert.equal(seen.get(again), 'tree node');
    assert.equal(seen.get(derived), 'derived node');
    assert.equal(seen.get(call.derive({ type: 'call' })), undefined);
    assert.equal(seen.get(call.parent as PyNode), undefined);
  });

  it('copies the same tree whether it reads the runtime directly or through web-tree-sitter\'s cursor', () => {
    const deep = `x = ${'('.repeat(60)}1${')'.repeat(60)}\n`;
    const texts = [
      SOURCE,
      'async def main(urls):\n    async with session() as s:\n        return [await s.get(u) for u in urls if u is not None and not u in seen]\n',
      'class A(B, metaclass=M):\n    @property\n    def f(self, *a, k=1, **kw) -> int:\n        return lambda n: n ** 2 if n else -n\n',
      'def f(:\n    x = f"{a +}"\n    return [\n',
      deep,
      '',
    ];
    assert.ok(copiesReadRuntimeDirectly(), 'this web-tree-sitter exports the cursor functions the copy calls');
    for (const text of texts) {
      const direct = parser.parse('same.py', text);
      const viaCursor = parser.parse('same.py', text, { direct: false });
      assert.equal(direct.parseErrors, viaCursor.parseErrors);
      assert.deepEqual(shape(direct.root), shape(viaCursor.root), text);
    }
  });
});

/** A tree as plain data (type, offsets, field, namedness, children), its parent links checked on the way. */
function shape(node: PyNode): unknown {
  for (const child of node.children) assert.ok(sameNode(child.parent, node));
  return [node.type, node.start, node.end, node.field, node.named, node.children.map(shape)];
}
