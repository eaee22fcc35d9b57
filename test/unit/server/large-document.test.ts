/**
 * A 20 MB document, with `maxFileBytes` raised to let it in: its parse and summary run in the
 * server's summary worker, within a time and memory budget, so no request waits on it (another
 * document is analysed and a hover on it answered meanwhile); over budget it is skipped with the
 * reason said to the user (log and message; no diagnostics), and the server's memory stays
 * bounded by the worker's budget (THREADWISE_SUMMARY_BUDGET sets it here).
 * What "blocks no request" means here, neither an ordering nor a timing (both depend on the load of
 * the machine: under load the worker may decide the big file before the server has analysed the
 * small one): the requests about the small file are answered while the big file is in the server,
 * with the results they would have without it, and the big file's parse never enters the server's
 * thread (its heap stays far below the size of that file's syntax tree), so nothing there can wait
 * on it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lsp-client';

const SMALL = `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
export function loadTemplate(name: string): string {
  return readFileSync(name, 'utf8');
}
createServer((req, res) => {
  res.end(loadTemplate('page.html'));
}).listen(8080);
`;

/** Ordinary code, many times over: a 20 MB generated module of small functions. */
function bigModule(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let index = 0; size < bytes; index++) {
    const part = `function format${index}(rows) {
  var lines = [];
  for (var i = 0; i < rows.length; i++) {
    if (rows[i].value > ${index % 100}) lines.push(rows[i].name + ': ' + rows[i].value.toFixed(2));
  }
  return lines.join('\\n');
}
`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** The process's peak resident memory in MB (Linux), or undefined elsewhere. */
function peakRssMB(pid: number | undefined): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** The server thread's own V8 heap in MB (its workers' heaps are their own). */
async function serverHeapMB(client: LspClient): Promise<number> {
  return (await client.request<{ heapUsedMB: number }>('threadwise/serverStats', {})).heapUsedMB;
}

const loggedNotAnalysed = (name: string) => (message: { method?: string; params?: unknown }) =>
  message.method === 'window/logMessage' && (message.params as { message: string }).message.startsWith(`${name} not analysed:`);

describe('language server: a 20 MB document', function () {
  this.timeout(300_000);
  let root: string;
  let client: LspClient;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-large-')));
    fs.writeFileSync(path.join(root, 'app.ts'), SMALL);
    // A heap budget the file certainly exceeds (its syntax tree alone is many times 20 MB) and a
    // time budget it never reaches, so the outcome does not depend on the machine's speed.
    client = new LspClient({
      settings: { maxFileBytes: 64_000_000, debounceMs: 0 },
      env: { ...process.env, THREADWISE_NO_TYPES: '1', THREADWISE_SUMMARY_BUDGET: 'memoryMb=384,timeMs=600000' },
    });
  });
  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('blocks no request, and is skipped over its budget with the reason said to the user', async () => {
    await client.initialize([root]);
    await client.waitUntilIdle();
    const big = path.join(root, 'bundle.js');
    const text = bigModule(20_000_000);
    const since = client.mark();
    const bigUri = client.open(big, text);
    const outcome = client.waitFor(loggedNotAnalysed('bundle.js'), 'the big file skipped', since, 280_000);

    const smallUri = client.open(path.join(root, 'app.ts'), SMALL);
    await client.analysed(smallUri, 1, since);
    const published = client.diagnostics.get(smallUri)!;
    assert.ok(published.diagnostics.some((diagnostic) => diagnostic.code === 'blocking-sync-io'), JSON.stringify(published.diagnostics));
    const line = SMALL.split('\n').findIndex((candidate) => candidate.includes('function loadTemplate'));
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: smallUri },
      position: { line, character: SMALL.split('\n')[line].indexOf('loadTemplate') },
    });
    assert.match(hover?.contents.value ?? '', /loadTemplate/);
    // The big file's tree is many times 20 MB (the in-thread analysis of such a file reached 3.7 GB):
    // a server thread that parsed or summarised it would hold it here or would just have done so.
    const heap = await serverHeapMB(client);
    assert.ok(heap < 600, `the server thread's heap is ${heap.toFixed(0)} MB`);

    const logged = (await outcome).params as { message: string };
    assert.match(logged.message, /per-file budget/);
    // the message to the user follows the log line on the wire: wait for it rather than race it
    const told = () => client.shownMessages.some((message) => message.includes('bundle.js') && message.includes('per-file budget'));
    for (let waited = 0; !told() && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(told(), client.shownMessages.join(' | '));
    // the big file's (empty) diagnostics are published after the log line too: wait for them as well
    const cleared = () => client.diagnostics.get(bigUri) !== undefined;
    for (let waited = 0; !cleared() && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(client.diagnostics.get(bigUri)?.diagnostics, []);
    const heapAfter = await serverHeapMB(client);
    assert.ok(heapAfter < 600, `the server thread's heap is ${heapAfter.toFixed(0)} MB after the big file`);
    // the worker's heap is capped: the in-thread analysis of such a file reached 3.7 GB
    const peak = peakRssMB(client.pid);
    if (peak !== undefined) assert.ok(peak < 1500, `peak RSS ${peak.toFixed(0)} MB`);
  });
});
