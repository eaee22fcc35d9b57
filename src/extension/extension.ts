/**
 * The VS Code client: a thin adapter. It starts the Threadwise language server (a separate Node
 * process: all analysis happens there), forwards settings, and registers the commands and the
 * concept panel. Nothing here parses or analyses code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  type LanguageClientOptions, LanguageClient, type ServerOptions, TransportKind, type Middleware, State,
} from 'vscode-languageclient/node';
import {
  ANALYSIS_CHANGED_NOTIFICATION, type AnalysisChangedParams, ANALYZE_WORKSPACE_REQUEST, type AnalyzeWorkspaceResult,
  FUNCTION_AT_REQUEST, type FunctionAtResult, LOAD_PROFILES_REQUEST, type LoadProfilesResult, PROGRESS_NOTIFICATION,
  type ProgressParams, type ServerStatus,
  STATUS_NOTIFICATION,
} from '../shared/protocol';
import { registerConceptPanel } from './panel';
import { profileRun } from './profileRun';
import type { ConceptPanelDeps } from './panel/deps';

export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python'];
const TRUSTED_COMMANDS = ['threadwise.openPanel', 'threadwise.openPanelAt'];

let client: LanguageClient | undefined;

export interface ThreadwiseApi {
  /** the running language client (tests use it to wait for the server) */
  readonly client: LanguageClient;
  /** milliseconds from activation start to the language server being ready */
  readonly activationMs: Promise<number>;
  /** the server's latest status (is it still loading the workspace?) */
  readonly status: () => ServerStatus | undefined;
  readonly onDidChangeStatus: vscode.Event<ServerStatus>;
}

export async function activate(context: vscode.ExtensionContext): Promise<ThreadwiseApi> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Threadwise', { log: true });
  context.subscriptions.push(log);
  client = createClient(context, log);
  const analysisChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(analysisChanged);
  client.onNotification(ANALYSIS_CHANGED_NOTIFICATION, (params: AnalysisChangedParams) => {
    for (const uri of params.uris) analysisChanged.fire(vscode.Uri.parse(uri));
  });
  const status = trackServerStatus(context, client);
  registerCommands(context, log);
  registerConceptPanel(context, panelDeps(analysisChanged.event, log));
  const ready = client.start().then(() => {
    const ms = performance.now() - started;
    log.info(`Language server ready ${ms.toFixed(0)} ms after activation started`);
    return ms;
  });
  ready.catch((error: unknown) => log.error(`Language server failed to start: ${String(error)}`));
  return { client, activationMs: ready, ...status };
}

/** A language status item (the `{}` in the status bar) that says whether the workspace is still loading. */
function trackServerStatus(context: vscode.ExtensionContext, running: LanguageClient): Pick<ThreadwiseApi, 'status' | 'onDidChangeStatus'> {
  const item = vscode.languages.createLanguageStatusItem('threadwise.status', LANGUAGES);
  item.name = 'Threadwise';
  item.text = 'Threadwise: starting';
  item.busy = true;
  item.command = { title: 'Show Log', command: 'threadwise.showLog' };
  const changed = new vscode.EventEmitter<ServerStatus>();
  let latest: ServerStatus | undefined;
  context.subscriptions.push(item, changed, running.onNotification(STATUS_NOTIFICATION, (status: ServerStatus) => {
    latest = status;
    item.busy = status.busy;
    item.text = `Threadwise: ${status.message}`;
    item.severity = status.problem ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    item.detail = status.problem ?? (status.busy ? 'Calls into files not loaded yet are followed once loading ends' : undefined);
    changed.fire(status);
  }));
  return { status: () => latest, onDidChangeStatus: changed.event };
}

export async function deactivate(): Promise<void> {
  if (client && client.state === State.Running) await client.stop();
}

function createClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    synchronize: {
      configurationSection: 'threadwise',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/{*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,*.py,package.json}'),
        // the project's calibration (threadwise calibrate --from-profile --write): estimates rest on it
        vscode.workspace.createFileSystemWatcher('**/.threadwise/calibration.json'),
      ],
    },
    outputChannel: log,
    middleware: clientMiddleware(),
    diagnosticCollectionName: 'threadwise',
  };
  return new LanguageClient('threadwise', 'Threadwise', serverOptions, clientOptions);
}

/** The server's plain severity icons (any LSP client can show them) → VS Code's own codicons. */
const SEVERITY_CODICONS: ReadonlyArray<[string, string]> = [['⛔', '$(error)'], ['⚠️', '$(warning)'], ['ℹ️', '$(info)'], ['💡', '$(lightbulb)']];

/**
 * Hovers link to the concept panel: allow exactly those commands and nothing else. Severity icons
 * become codicons, which render in every theme and need no emoji font.
 */
function clientMiddleware(): Middleware {
  return {
    provideHover: async (document, position, token, next) => {
      const hover = await next(document, position, token);
      if (!hover) return hover;
      const contents = hover.contents.map((content) => {
        if (!(content instanceof vscode.MarkdownString)) return content;
        const value = SEVERITY_CODICONS.reduce((text, [emoji, codicon]) => text.split(emoji).join(codicon), content.value);
        const trusted = new vscode.MarkdownString(value, /* supportThemeIcons */ true);
        trusted.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
        return trusted;
      });
      return new vscode.Hover(contents, hover.range);
    },
  };
}

function registerCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('threadwise.analyzeWorkspace', () => analyzeWorkspace(log)),
    vscode.commands.registerCommand('threadwise.showLog', () => log.show()),
    vscode.commands.registerCommand('threadwise.loadProfile', (files?: vscode.Uri[]) => loadProfile(log, files)),
    vscode.commands.registerCommand('threadwise.profileRun', () => profileRun((files) => loadProfile(log, files))),
  );
}

/**
 * "Threadwise: Load CPU Profile": pick profile files (or take them from the caller) and hand them
 * to the server, which measures the analysed functions with them; says what changed.
 */
async function loadProfile(log: vscode.LogOutputChannel, given?: vscode.Uri[]): Promise<LoadProfilesResult | undefined> {
  if (!client) return undefined;
  // Called with a list (even an empty one, which unloads the profiles), no dialog; from the palette, pick files.
  const files = Array.isArray(given) ? given : await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Load CPU Profile',
    title: 'Threadwise: CPU profiles (node --cpu-prof, DevTools, speedscope/py-spy, cProfile)',
    filters: { 'CPU profiles': ['cpuprofile', 'json', 'prof', 'pstats', 'txt'], 'All files': ['*'] },
  });
  if (!files || (files.length === 0 && !Array.isArray(given))) return undefined;
  const result = await client.sendRequest<LoadProfilesResult>(LOAD_PROFILES_REQUEST, { files: files.map((uri) => uri.fsPath) });
  for (const profile of result.loaded) for (const thread of profile.threads) log.info(`Profile ${path.basename(profile.file)}: ${thread}`);
  for (const failure of result.failed) void vscode.window.showErrorMessage(`Threadwise: ${failure.error}`);
  if (result.loaded.length > 0) {
    const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
    void vscode.window.showInformationMessage(`Threadwise: ${plural(result.loaded.length, 'profile')} measured ${plural(result.measured, 'function')}: `
      + `${result.confirmed} confirmed, ${result.lowered} lowered to hints, ${plural(result.added, 'finding')} added.`);
  }
  return result;
}

async function analyzeWorkspace(log: vscode.LogOutputChannel): Promise<AnalyzeWorkspaceResult | undefined> {
  if (!client) return undefined;
  const running = client;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Threadwise: analysing the workspace', cancellable: true },
    async (progress, token) => {
      let last = 0;
      const subscription = running.onNotification(PROGRESS_NOTIFICATION, (params: ProgressParams) => {
        const percent = params.total === 0 ? 100 : (params.done / params.total) * 100;
        progress.report({ message: params.message, increment: Math.max(0, percent - last) });
        last = percent;
      });
      try {
        const result = await running.sendRequest<AnalyzeWorkspaceResult>(ANALYZE_WORKSPACE_REQUEST, token);
        const summary = `${result.files} files, ${result.findings} findings, ${result.skipped} skipped, ${(result.milliseconds / 1000).toFixed(1)} s`;
        log.info(`Workspace analysis ${result.cancelled ? 'cancelled' : 'done'}: ${summary}`);
        if (result.failed) void vscode.window.showErrorMessage(`Threadwise: ${result.failed}. See Threadwise: Show Log.`);
        if (!result.cancelled) void vscode.window.showInformationMessage(`Threadwise: ${summary}. See the Problems view.`);
        return result;
      } finally {
        subscription.dispose();
      }
    },
  );
}

function panelDeps(onDidChangeAnalysis: vscode.Event<vscode.Uri>, log: vscode.LogOutputChannel): ConceptPanelDeps {
  return {
    onDidChangeAnalysis,
    log,
    async getAnalysisAt(uri, position, token) {
      if (!client || client.state !== State.Running) return undefined;
      const result = await client.sendRequest<FunctionAtResult | null>(
        FUNCTION_AT_REQUEST,
        { uri: uri.toString(), line: position.line, character: position.character },
        token,
      );
      return result ?? undefined;
    },
  };
}
