/**
 * The server answers while a workspace loads: the load yields between small batches, so a hover
 * and the open document's diagnostics come back before the load ends. Ordering, not timing: the
 * answers must arrive before the status that says the workspace is loaded.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lsp-client';

const LIBRARY_FILES = 300;

/** A module of a chain of ten: each step calls the previous one's, plus helpers of ordinary size. */
function libraryModule(index: number): string {
  const previous = index % 10 === 0 ? undefined : index - 1;
  const helpers = Array.from({ length: 8 }, (_, helper) => `
export function format${index}x${helper}(rows: { name: string; value: number }[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    if (row.value > ${helper * 10}) lines.push(\`\${row.name}: \${row.value.toFixed(2)}\`);
  }
  return lines.join('\\n');
}
`).join('');
  return `${previous === undefined ? '' : `import { step${previous} } from './m${previous}';\n`}
export function step${index}(items: number[]): number {
  let total = 0;
  for (const item of items) total += item * ${index};
  return total${previous === undefined ? '' : ` + step${previous}(items)`};
}
${helpers}`;
}

const APP = `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
export function loadTemplate(name: string): string {
  return readFileSync(name, 'utf8');
}
createServer((req, res) => {
  res.end(loadTemplate('page.html'));
}).listen(8080);
`;

function workspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-loading-')));
  fs.mkdirSync(path.join(root, 'lib'));
  fs.mkdirSync(path.join(root, 'src'));
  for (let index = 0; index < LIBRARY_FILES; index++) fs.writeFileSync(path.join(root, 'lib', `m${index}.ts`), libraryModule(index));
  fs.writeFileSync(path.join(root, 'src', 'app.ts'), APP);
  return root;
}

const isStatus = (busy: boolean) => (message: { method?: string; params?: unknown }) =>
  message.method === 'threadwise/status' && (message.params as { busy: boolean }).busy === busy;

describe('language server: answers while the workspace loads', function () {
  this.timeout(120_000);
  let root: string;
  let client: LspClient;
  beforeEach(() => {
    root = workspace();
    client = new LspClient();
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes the open document and answers a hover on it before the load ends', async () => {
    await client.initialize([root]);
    await client.waitFor(isStatus(true), 'a busy status');
    const loaded = () => client.notifications.some(isStatus(false));
    const file = path.join(root, 'src', 'app.ts');
    const uri = client.open(file, APP);
    const published = await client.waitForDiagnostics(uri);
    assert.ok(!loaded(), 'the open document was published only after the load ended');
    assert.ok(published.diagnostics.some((diagnostic) => diagnostic.code === 'blocking-sync-io'), JSON.stringify(published.diagnostics));
    const line = APP.split('\n').findIndex((text) => text.includes('function loadTemplate'));
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: APP.split('\n')[line].indexOf('loadTemplate') },
    });
    assert.ok(!loaded(), 'the hover was answered only after the load ended');
    assert.match(hover?.contents.value ?? '', /loadTemplate/);
    // the load is made long on purpose; on a busy machine it outlasts the default wait
    await client.waitUntilIdle(100_000);
  });
});
