/**
 * A minimal LSP client over stdio for tests: starts the language server from source (tsx), frames
 * JSON-RPC messages, answers the server's requests it is told to (configuration, capability
 * registration) and records everything else it receives: published diagnostics, status,
 * messages for the user. Capabilities are the test's to choose, so clients that lack a feature
 * (no `window/showMessageRequest`, no configuration) can be played too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { URI } from 'vscode-uri';

const SERVER = path.resolve(__dirname, '../../../src/server/server.ts');

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number } }; message: string; code?: string; severity?: number; data?: unknown }[];
}

export interface ClientOptions {
  /** what `workspace/configuration` answers for the `threadwise` section (undefined: the client lacks the capability) */
  settings?: Record<string, unknown>;
  /** does the client answer `window/showMessageRequest`? (a client that does not answers "method not found") */
  showMessageRequest?: boolean;
  /** a built server bundle (dist/server.js) to run instead of the sources; the benchmark measures the bundle */
  serverBundle?: string;
  /** the server's environment (default: this process's, without the type checker, which tests do not need) */
  env?: NodeJS.ProcessEnv;
}

export class LspClient {
  private readonly server: ChildProcess;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error & { code?: number }) => void }>();
  private readonly listeners: ((message: Message) => void)[] = [];
  /** the latest diagnostics published per URI */
  readonly diagnostics = new Map<string, PublishedDiagnostics>();
  /** every notification received, in order */
  readonly notifications: Message[] = [];
  /** messages shown to the user (notifications and requests) */
  readonly shownMessages: string[] = [];
  exitCode: number | null | undefined;
  stderr = '';

  constructor(private readonly options: ClientOptions = {}) {
    const command = options.serverBundle ? [options.serverBundle, '--stdio'] : ['--import', 'tsx', SERVER, '--stdio'];
    this.server = spawn(process.execPath, command, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? { ...process.env, THREADWISE_NO_TYPES: '1' },
    });
    this.server.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.server.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.server.on('exit', (code) => {
      this.exitCode = code;
      for (const { reject } of this.pending.values()) reject(new Error(`server exited with ${code}: ${this.stderr}`));
      this.pending.clear();
    });
  }

  /** The server's process id (its memory is read from /proc by the benchmark). */
  get pid(): number | undefined {
    return this.server.pid;
  }

  async initialize(roots: readonly string[], capabilities: Record<string, unknown> = {}): Promise<unknown> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri: roots[0] ? URI.file(roots[0]).toString() : null,
      workspaceFolders: roots.map((root) => ({ uri: URI.file(root).toString(), name: path.basename(root) })),
      capabilities: {
        workspace: { configuration: this.options.settings !== undefined, workspaceFolders: true },
        window: this.options.showMessageRequest ? { showMessage: {} } : {},
        ...capabilities,
      },
    });
    this.notify('initialized', {});
    return result;
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Writes raw bytes (for malformed frames). */
  writeRaw(bytes: string): void {
    this.server.stdin!.write(bytes);
  }

  open(file: string, text: string, version = 1): string {
    const uri = URI.file(file).toString();
    const languageId = file.endsWith('.py') ? 'python' : file.endsWith('.js') ? 'javascript' : 'typescript';
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  change(uri: string, version: number, text: string): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** How many notifications have arrived: pass it to the waits to ignore what came before. */
  mark(): number {
    return this.notifications.length;
  }

  /** Resolves with the first message `accept` takes, among those received since `since` and those to come. */
  waitFor(accept: (message: Message) => boolean, what: string, since = 0, timeoutMs = 20_000): Promise<Message> {
    const seen = this.notifications.slice(since).find(accept);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (message: Message) => {
        if (!accept(message)) return;
        clearTimeout(timer);
        this.stopListening(listener);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.stopListening(listener);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.listeners.push(listener);
    });
  }

  private stopListening(listener: (message: Message) => void): void {
    const index = this.listeners.indexOf(listener);
    if (index !== -1) this.listeners.splice(index, 1);
  }

  /** Forgets the notifications received so far (marks start again at 0): a long soak keeps no history. */
  forget(): void {
    this.notifications.length = 0;
  }

  /** Waits until the server's status says it is idle (no folder loading); a long load may pass a longer `timeoutMs`. */
  waitUntilIdle(timeoutMs?: number): Promise<Message> {
    return this.waitFor((message) => message.method === 'threadwise/status' && !(message.params as { busy: boolean }).busy, 'an idle status', 0, timeoutMs);
  }

  /** Waits for diagnostics of `uri` published for `version` (any version when omitted), since the mark `since`. */
  async waitForDiagnostics(uri: string, version?: number, since = 0): Promise<PublishedDiagnostics> {
    const message = await this.waitFor((candidate) => candidate.method === 'textDocument/publishDiagnostics'
      && (candidate.params as PublishedDiagnostics).uri === uri
      && (version === undefined || (candidate.params as PublishedDiagnostics).version === version), `diagnostics of ${uri} v${version}`, since);
    return message.params as PublishedDiagnostics;
  }

  /** Waits until the server logs that it analysed this version of the file (after publishing its results). */
  async analysed(uri: string, version: number, since = 0): Promise<void> {
    const line = `analysed ${path.basename(URI.parse(uri).fsPath)} (v${version})`;
    await this.waitFor((message) => message.method === 'window/logMessage' && (message.params as { message: string }).message.startsWith(line), line, since);
  }

  /** Resolves when the server process has exited. */
  exited(): Promise<void> {
    return new Promise((resolve) => {
      if (this.exitCode !== undefined) resolve();
      else this.server.on('exit', () => resolve());
    });
  }

  async shutdown(): Promise<void> {
    if (this.exitCode === undefined) {
      await this.request('shutdown', null).catch(() => undefined);
      this.notify('exit', null);
    }
    await new Promise<void>((resolve) => {
      if (this.exitCode !== undefined) resolve();
      else this.server.on('exit', () => resolve());
      setTimeout(() => {
        this.server.kill();
        resolve();
      }, 3000).unref();
    });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.server.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin!.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) return this.answer(message);
    if (message.id !== undefined) {
      const waiting = this.pending.get(Number(message.id));
      this.pending.delete(Number(message.id));
      if (message.error) waiting?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else waiting?.resolve(message.result);
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params as PublishedDiagnostics;
      this.diagnostics.set(params.uri, params);
    }
    if (message.method === 'window/showMessage') this.shownMessages.push((message.params as { message: string }).message);
    this.notifications.push(message);
    for (const listener of [...this.listeners]) listener(message);
  }

  /** Requests from the server. */
  private answer(message: Message): void {
    const reply = (result: unknown, error?: Message['error']) => this.send({ jsonrpc: '2.0', id: message.id, ...(error ? { error } : { result }) });
    switch (message.method) {
      case 'workspace/configuration': {
        const items = (message.params as { items: unknown[] }).items;
        return reply(items.map(() => this.options.settings ?? null));
      }
      case 'client/registerCapability':
      case 'window/workDoneProgress/create':
        return reply(null);
      case 'window/showMessageRequest':
        this.shownMessages.push((message.params as { message: string }).message);
        if (this.options.showMessageRequest) return reply(null);
        return reply(undefined, { code: -32601, message: 'Unhandled method window/showMessageRequest' });
      default:
        return reply(undefined, { code: -32601, message: `Unhandled method ${message.method}` });
    }
  }
}
