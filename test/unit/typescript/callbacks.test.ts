/**
 * A callback that a callee runs is part of the call: its computation reaches the caller as a
 * direct callee's would, whether the callback also does I/O or not.
 */
import { analyzeSources, assertKinds } from '../support';

describe('callbacks a callee runs count as part of the call', () => {
  it('a writer that serialises the data, run through a helper that prepares it, makes the caller mixed', async () => {
    const reports = await analyzeSources({
      'save.mjs': `import { promises as fs } from 'node:fs';
async function writeDocument(file, document, indent) {
  const text = JSON.stringify(document, null, indent);
  await fs.writeFile(file, text + '\\n');
}
function withDefaults(write, file, document, options = {}) {
  const indent = options.indent ?? 2;
  return write(file, document, indent);
}
export async function saveDocument(file, document, options) {
  await fs.mkdir(options.dir, { recursive: true });
  return withDefaults(writeDocument, file, document, options);
}
export async function touch(file) {
  await fs.mkdir(file + '.d', { recursive: true });
  return withDefaults(async (target) => fs.writeFile(target, ''), file, null);
}
`,
    });
    assertKinds(reports, 'save.mjs', { writeDocument: 'mixed', saveDocument: 'mixed', touch: 'io' });
  });
});
