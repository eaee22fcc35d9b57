import * as assert from 'node:assert/strict';
import { placeSnippet, snippetLanguageOf } from '../../../src/extension/panel/snippetPlacement';

const CODE = 'const a = 1;\n\nconsole.log(a);\n';

describe('snippet placement', () => {
  it('refuses a snippet of another language than the file', () => {
    assert.deepEqual(placeSnippet(CODE, 'python', 'typescript', ['let x = 1;'], 0), { kind: 'mismatch', fileLanguage: 'node' });
    assert.deepEqual(placeSnippet(CODE, 'node', 'python', ['x = 1'], 0), { kind: 'mismatch', fileLanguage: 'python' });
    assert.deepEqual(placeSnippet(CODE, 'node', 'markdown', ['# Notes'], 0), { kind: 'mismatch', fileLanguage: undefined });
  });

  it('knows which editors take which snippets', () => {
    for (const id of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact']) assert.equal(snippetLanguageOf(id), 'node');
    assert.equal(snippetLanguageOf('python'), 'python');
    assert.equal(snippetLanguageOf('json'), undefined);
  });

  it('never splits the cursor line: the snippet goes on the next line', () => {
    const placement = placeSnippet(CODE, 'node', 'javascript', ['function main() {', '  run();', '}'], 1);
    assert.deepEqual(placement, { kind: 'insert', line: 2, text: '  const a = 1;\n\n  console.log(a);\n' });
  });

  it('takes the place of a blank cursor line, indented like the code above it', () => {
    const placement = placeSnippet('x = 1\n', 'python', 'python', ['def main():', '    run()', '', 'main()'], 2);
    assert.deepEqual(placement, { kind: 'insert', line: 2, text: '    x = 1\n' });
  });

  it('at the end of a file without a final line break, starts a new line first', () => {
    const placement = placeSnippet('x = 1\n', 'python', 'python', ['print(1)'], 0);
    assert.deepEqual(placement, { kind: 'insert', line: 1, text: '\nx = 1\n' });
  });

  it('into an empty file, inserts at the top', () => {
    assert.deepEqual(placeSnippet('x = 1\n', 'python', 'python', [''], 0), { kind: 'insert', line: 0, text: 'x = 1\n' });
  });
});
