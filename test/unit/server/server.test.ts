/**
 * The language server over stdio, as any LSP client sees it: it stays up and says why on bad
 * settings, refuses requests before `initialize`, analyses every edit whatever the versions,
 * keeps unsaved buffers over the disk, and re-publishes the files an edit changes in either
 * direction (callers' request context flows down to callees).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lsp-client';

function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-lsp-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

const SYNC_READ = `import { readFileSync } from 'node:fs';
export function work(): string {
  return readFileSync('data.txt', 'utf8');
}
`;

const SERVER_CALLING_WORK = `import { createServer } from 'node:http';
import { work } from './a';
createServer((req, res) => {
  res.end(work());
}).listen(8080);
`;

const SERVER_NOT_CALLING_WORK = `import { createServer } from 'node:http';
import { work } from './a';
createServer((req, res) => {
  res.end('ok');
}).listen(8080);
export const unused = work;
`;

function severities(published: { diagnostics: { severity?: number; code?: string }[] }): string[] {
  return published.diagnostics.map((diagnostic) => `${diagnostic.code}:${diagnostic.severity}`);
}

describe('language server (stdio)', function () {
  this.timeout(60_000);
  const clients: LspClient[] = [];
  const started = (client: LspClient) => (clients.push(client), client);
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.shutdown()));
  });

  it('answers requests before initialize with ServerNotInitialized (-32002)', async () => {
    const client = started(new LspClient());
    await assert.rejects(
      client.request('textDocument/hover', { textDocument: { uri: 'file:///a.ts' }, position: { line: 0, character: 0 } }),
      (error: { code?: number }) => error.code === -32002,
    );
  });

  it('exits on a malformed frame header instead of staying up unable to read anything', async () => {
    const client = started(new LspClient());
    await client.initialize([]);
    client.writeRaw('Content-Length: abc\r\n\r\n{}');
    await client.exited();
    assert.equal(client.exitCode, 1);
    assert.match(client.stderr, /unreadable message from the client/);
  });

  for (const [setting, value] of [['cpuThresholdMs', -1], ['cpuThreshold', -1], ['exclude', ['']], ['maxFileBytes', 'big']] as const) {
    it(`stays up and says why with an invalid setting (${setting}: ${JSON.stringify(value)}), even for a client without showMessageRequest`, async () => {
      const root = workspace({ 'a.ts': SYNC_READ });
      const client = started(new LspClient({ settings: { [setting]: value }, showMessageRequest: false }));
      await client.initialize([root]);
      await client.waitUntilIdle();
      assert.ok(client.shownMessages.some((message) => message.includes(setting)), `a message names the setting: ${client.shownMessages.join(' | ')}`);
      const uri = client.open(path.join(root, 'a.ts'), SYNC_READ);
      await client.waitForDiagnostics(uri);
      assert.equal(client.exitCode, undefined, `the server is still running: ${client.stderr}`);
    });
  }

  it('a folder whose scan fails is shown (status item, one message) and the other folder keeps its results', async () => {
    const root = workspace({ 'a.ts': SYNC_READ.replace('export function', 'export async function') });
    const missing = path.join(root, 'deleted-folder');
    const client = started(new LspClient());
    await client.initialize([missing, root]);
    const status = await client.waitFor((message) => message.method === 'threadwise/status' && (message.params as { problem?: string }).problem !== undefined, 'a status naming the problem');
    assert.match((status.params as { problem: string }).problem, /Loading the files of deleted-folder failed/);
    await client.waitUntilIdle();
    assert.equal(client.shownMessages.filter((message) => message.includes('deleted-folder')).length, 1, 'the user is told once');
    const uri = client.open(path.join(root, 'a.ts'), SYNC_READ.replace('export function', 'export async function'));
    assert.deepEqual(severities(await client.waitForDiagnostics(uri, 1)), ['blocking-sync-io:2']);
  });

  it('analyses the first edit of a document opened at version 0, and an edit whose version goes backwards', async () => {
    const root = workspace({ 'a.ts': 'export const one = 1;\n' });
    const client = started(new LspClient());
    await client.initialize([root]);
    const uri = client.open(path.join(root, 'a.ts'), 'export const one = 1;\n', 0);
    assert.deepEqual((await client.waitForDiagnostics(uri, 0)).diagnostics, []);
    client.change(uri, 1, SYNC_READ.replace('export function', 'export async function'));
    assert.deepEqual(severities(await client.waitForDiagnostics(uri, 1)), ['blocking-sync-io:2']);
    const mark = client.mark();
    client.change(uri, 0, 'export const one = 1;\n');
    assert.deepEqual((await client.waitForDiagnostics(uri, 0, mark)).diagnostics, []);
  });

  it('re-publishes a callee when its caller stops calling it from a request handler (context flows down)', async () => {
    const root = workspace({ 'a.ts': SYNC_READ, 'server.ts': SERVER_CALLING_WORK });
    const client = started(new LspClient());
    await client.initialize([root]);
    await client.waitUntilIdle();
    const a = client.open(path.join(root, 'a.ts'), SYNC_READ);
    const server = client.open(path.join(root, 'server.ts'), SERVER_CALLING_WORK);
    await client.analysed(a, 1);
    await client.analysed(server, 1);
    assert.deepEqual(severities(client.diagnostics.get(a)!), ['blocking-sync-io:1'], 'inside a request path: an error');
    client.change(server, 2, SERVER_NOT_CALLING_WORK);
    await client.analysed(server, 2);
    assert.deepEqual(severities(client.diagnostics.get(a)!), [], 'a sync read outside async code and request paths is no finding');
  });

  it('Analyse Workspace keeps an unsaved buffer: its diagnostics are the buffer\'s, not the disk\'s', async () => {
    const root = workspace({ 'a.ts': 'export const one = 1;\n', 'b.ts': 'export const two = 2;\n' });
    const client = started(new LspClient());
    await client.initialize([root]);
    await client.waitUntilIdle();
    const unsaved = SYNC_READ.replace('export function', 'export async function');
    const a = client.open(path.join(root, 'a.ts'), unsaved, 3);
    assert.deepEqual(severities(await client.waitForDiagnostics(a, 3)), ['blocking-sync-io:2']);
    const result = await client.request<{ files: number }>('threadwise/analyzeWorkspace', null);
    assert.equal(result.files, 2);
    assert.deepEqual(severities(client.diagnostics.get(a)!), ['blocking-sync-io:2']);
  });

  it('nested workspace folders share one view of a file: an edit in the inner folder reaches the outer folder\'s files', async () => {
    const caller = `import { createServer } from 'node:http';\nimport { work } from './lib/a';\ncreateServer((req, res) => {\n  res.end(String(work()));\n}).listen(8080);\n`;
    const cheap = 'export function work(): number {\n  return 1;\n}\n';
    const heavy = 'export function work(): number {\n  let total = 0;\n  for (let i = 0; i < 50_000_000; i++) total += i % 7;\n  return total;\n}\n';
    const root = workspace({ 'lib/a.ts': cheap, 'main.ts': caller });
    const client = started(new LspClient());
    await client.initialize([root, path.join(root, 'lib')]);
    await client.waitUntilIdle();
    const main = client.open(path.join(root, 'main.ts'), caller);
    const a = client.open(path.join(root, 'lib/a.ts'), cheap);
    await client.analysed(a, 1);
    await client.analysed(main, 1);
    assert.deepEqual(client.diagnostics.get(main)?.diagnostics, []);
    client.change(a, 2, heavy);
    await client.analysed(a, 2);
    assert.deepEqual(severities(client.diagnostics.get(main)!), ['cpu-on-event-loop:1']);
  });

  it('refuses quick fixes while an edit waits for its analysis (they would land on the wrong line)', async () => {
    const root = workspace({});
    const client = started(new LspClient({ settings: { debounceMs: 5000 } }));
    await client.initialize([root]);
    const text = SYNC_READ.replace('export function', 'export async function');
    const uri = client.open(path.join(root, 'a.ts'), text);
    const published = await client.waitForDiagnostics(uri, 1);
    const diagnostic = published.diagnostics[0];
    const context = { diagnostics: [diagnostic] };
    const range = { start: diagnostic.range.start, end: diagnostic.range.start };
    const before = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range, context });
    assert.ok(before.length > 0, 'fixes are offered for an analysed text');
    client.change(uri, 2, `// one\n// two\n${text}`);
    const during = await client.request<unknown[]>('textDocument/codeAction', { textDocument: { uri }, range, context });
    assert.deepEqual(during, []);
  });
});
