/**
 * Libraries that parse, hash, compress or decode in JavaScript compute over the data passed: a
 * call over data of unknown size is computation, next to the read that brought it `mixed`, and
 * over a literal a small constant.
 */
import { analyzeSources, assertKinds } from '../support';

describe('catalogued kernels of libraries work over the data passed', () => {
  it('parsing a document with a parser library is cpu; reading it then parsing it is mixed', async () => {
    const reports = await analyzeSources({
      'config.mjs': `import { promises as fs } from 'node:fs';
import yaml from 'js-yaml';
import { marked } from 'marked';
import pako from 'pako';
function parseConfig(text) {
  return yaml.load(text);
}
export async function loadConfig(file) {
  return parseConfig(await fs.readFile(file, 'utf8'));
}
export function renderNotes(markdown) {
  return marked.parse(markdown);
}
export function renderBanner() {
  return marked.parse('# Release notes');
}
export function packSnapshot(bytes) {
  return pako.deflate(bytes);
}
export { parseConfig };
`,
    });
    assertKinds(reports, 'config.mjs', { parseConfig: 'cpu', loadConfig: 'mixed', renderNotes: 'cpu', renderBanner: 'none', packSnapshot: 'cpu' });
  });
});
