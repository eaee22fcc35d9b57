/**
 * A PyNode is a view of a node in its file's flat tree, made when a walk reaches it: two views of
 * the same node are different objects. Comparing nodes with `===`, finding one with `indexOf`
 * or keying a Map or Set by nodes would silently miss, so this reads the Python analysis with
 * the type checker and lists every such place (use `sameNode` and `NodeMap`).
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const PYTHON_SOURCES = ['src/core/python', 'src/core/rules/python', 'src/fixes/python'];
/** where identity is meant: the view, sameNode and NodeMap themselves */
const ALLOWED = new Set(['src/core/python/syntax.ts']);
const LOOKUPS = new Set(['indexOf', 'lastIndexOf', 'includes', 'has', 'get', 'set', 'add', 'delete']);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

function pythonSourceFiles(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('cannot read tsconfig.json');
  return config.fileNames.filter((file) => PYTHON_SOURCES.some((dir) => path.relative(ROOT, file).startsWith(dir + path.sep)));
}

function identityUses(): string[] {
  const files = pythonSourceFiles();
  const program = ts.createProgram(files, { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: [] });
  const checker = program.getTypeChecker();
  const isNode = (type: ts.Type): boolean => (type.isUnion() ? type.types.some(isNode) : ['PyNode', 'DerivedNode'].includes(type.getSymbol()?.name ?? ''));
  const found: string[] = [];
  for (const file of files) {
    const relative = path.relative(ROOT, file);
    if (ALLOWED.has(relative)) continue;
    const source = program.getSourceFile(file);
    if (!source) continue;
    const note = (node: ts.Node) => found.push(`${relative}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind) && isNode(checker.getTypeAtLocation(node.left)) && isNode(checker.getTypeAtLocation(node.right))) note(node);
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && LOOKUPS.has(node.expression.name.text) && node.arguments.length > 0) {
        const byNodeMap = checker.getNonNullableType(checker.getTypeAtLocation(node.expression.expression)).getSymbol()?.name === 'NodeMap';
        if (!byNodeMap && isNode(checker.getTypeAtLocation(node.arguments[0]))) note(node);
      }
      if (ts.isNewExpression(node)) {
        const type = checker.getTypeAtLocation(node);
        const keyed = ['Map', 'Set', 'WeakMap', 'WeakSet'].includes(type.getSymbol()?.name ?? '');
        if (keyed && checker.getTypeArguments(type as ts.TypeReference)[0] && isNode(checker.getTypeArguments(type as ts.TypeReference)[0])) note(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('python syntax trees: nodes are compared by sameNode, never by identity', function () {
  this.timeout(120_000);

  it('finds no ===, indexOf or Map/Set key on PyNode in the Python analysis, rules and fixes', () => {
    assert.deepEqual(identityUses(), []);
  });
});
