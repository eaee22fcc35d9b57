/**
 * Functions declared apart and gathered into an object literal (a factory of methods) are that
 * object's methods: `this` in them holds the object's other members.
 */
import { analyzeSources, assertKinds } from '../support';

describe('methods gathered into an object literal by name', () => {
  it('this.member() in a function a factory puts into its object resolves to the sibling function', async () => {
    const reports = await analyzeSources({
      'scanner.js': `const tally = function (line) {
  let score = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    score = ((score << 5) - score + (code ^ 0x5f) * 31) | 0;
    score ^= (score >>> 13) & 0xff;
  }
  this.total += score;
};
const scanAll = function (text) {
  const lines = text.split('\\n');
  for (let i = 0; i < lines.length; i++) this.tally(lines[i]);
  return this.total;
};
function createScanner() {
  return { total: 0, tally: tally, scanAll: scanAll };
}
module.exports = { createScanner };
`,
    });
    assertKinds(reports, 'scanner.js', { tally: 'cpu', scanAll: 'cpu' });
  });
});
