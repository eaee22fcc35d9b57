/**
 * The Threadwise language server. It runs in its own process (the extension host never loads
 * ts-morph), keeps one Project per workspace folder, re-analyses an edited document after a
 * debounce, drops results that a newer edit has made stale, and publishes diagnostics for open
 * documents (and for the whole workspace when asked). Any editor with an LSP client can use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CodeAction, type CodeActionParams, createConnection, DidChangeConfigurationNotification, FileChangeType,
  type Hover, type HoverParams, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { readTextIfExists } from '../core/files';
import type { FileReport, Finding, FunctionReport, Range } from '../core/model';
import { fixFor } from '../fixes';
import {
  ANALYSIS_CHANGED_NOTIFICATION, ANALYZE_WORKSPACE_REQUEST, type AnalyzeWorkspaceResult, type DiagnosticData,
  FUNCTION_AT_REQUEST, type FunctionAtParams, type FunctionAtResult, PROGRESS_NOTIFICATION, type ServerStatus,
  STATUS_NOTIFICATION, type ThreadwiseSettings,
} from '../shared/protocol';
import { findingFor, QUICKFIX_KIND, SOURCE, toCodeAction, toDiagnostic, toWorkspaceEdit } from './convert';
import { hoverFor } from './hover';
import { Project } from './project';
import { DEFAULT_SETTINGS, toConfig, withDefaults } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** The WASM grammar files are copied next to the bundle (dist/). */
const WASM_DIR = __dirname;

let folderRoots: string[] = [];
let projects = new Map<string, Project>();
/** Settles when the projects for the current settings exist (requests wait for it). */
let projectsReady: Promise<void> = Promise.resolve();
/** URIs whose diagnostics are published although closed (after "Analyse workspace"). */
const workspacePublished = new Set<string>();
const pendingTimers = new Map<string, NodeJS.Timeout>();
let supportsConfiguration = false;
/** Set when the first build of the projects starts (settings are read then). */
let startedUp = false;
/** Loads running right now: folders' background scans, batches of files changed on disk. */
let runningLoads = 0;

// ------------------------------------------------------------------ lifecycle

connection.onInitialize((params) => {
  folderRoots = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
  if (folderRoots.length === 0 && params.rootUri) folderRoots = [URI.parse(params.rootUri).fsPath];
  supportsConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [QUICKFIX_KIND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'threadwise', version: typeof THREADWISE_VERSION === 'string' ? THREADWISE_VERSION : 'dev' },
  };
});

declare const THREADWISE_VERSION: string | undefined;

connection.onInitialized(async () => {
  if (supportsConfiguration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'threadwise' });
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const removed = new Set(event.removed.map((folder) => URI.parse(folder.uri).fsPath));
    folderRoots = [...folderRoots.filter((root) => !removed.has(root)), ...event.added.map((folder) => URI.parse(folder.uri).fsPath)];
    void guard('workspace folders', rebuildProjects);
  });
  startedUp = true;
  await guard('start-up', rebuildProjects);
});

connection.onDidChangeConfiguration(() => void guard('settings', rebuildIfSettingsChanged));

/**
 * VS Code announces configuration changes that change nothing of ours (the client's first sync,
 * another extension's settings): rebuilding then would reload every folder for nothing.
 */
async function rebuildIfSettingsChanged(): Promise<void> {
  if (!startedUp) return; // the start-up build has yet to read the settings: it will read these
  await projectsReady;
  for (const root of folderRoots) {
    const current = projects.get(root);
    if (!current || JSON.stringify(current.settings) !== JSON.stringify(await settingsFor(root))) return rebuildProjects();
  }
}

async function settingsFor(root: string | undefined): Promise<ThreadwiseSettings> {
  if (!supportsConfiguration) return DEFAULT_SETTINGS;
  const raw = await connection.workspace.getConfiguration({ scopeUri: root ? URI.file(root).toString() : undefined, section: 'threadwise' });
  return withDefaults(raw as Partial<ThreadwiseSettings>);
}

/** Settings changed (or folders did): start over with fresh projects, then re-analyse open files. */
function rebuildProjects(): Promise<void> {
  projectsReady = (async () => {
    const fresh = new Map<string, Project>();
    for (const root of folderRoots) fresh.set(root, await createProject(root, true));
    projects = fresh;
  })();
  return projectsReady.then(() => {
    for (const document of documents.all()) scheduleAnalysis(document, 0);
    for (const project of projects.values()) void guard(`scan of ${project.root}`, () => backgroundScan(project));
    if (runningLoads === 0) sendStatus(); // no folder to load: say so, or the status would stay "starting"
  });
}

async function createProject(root: string, isWorkspaceFolder: boolean): Promise<Project> {
  const settings = await settingsFor(isWorkspaceFolder ? root : folderRoots[0]);
  const { config, problems } = toConfig(settings);
  for (const problem of problems) connection.window.showWarningMessage(`Threadwise settings: ${problem}. Using the default instead.`);
  return new Project(root, settings, config, isWorkspaceFolder, WASM_DIR);
}

/** Loads the whole folder so calls into closed files can be followed; then refreshes open files. */
async function backgroundScan(project: Project): Promise<void> {
  const started = Date.now();
  // Settings changed (a new project replaced this one): stop loading files nobody will use.
  const replaced = { get isCancellationRequested() { return projects.get(project.root) !== project; } };
  const folder = path.basename(project.root);
  runningLoads++;
  sendStatus(`Loading the files of ${folder}`);
  try {
    const { files, cancelled } = await project.scan(replaced, (done, total) => sendStatus(`Loading ${done}/${total} files of ${folder}`));
    if (cancelled) return;
    connection.console.info(`Loaded ${files.length} files of ${project.root} in ${Date.now() - started} ms`);
    if (project.isWorkspaceFolder && files.length > 0 && files.length <= project.settings.workspaceDiagnosticsMaxFiles) {
      await publishWholeFolder(project, files, replaced);
    }
  } finally {
    runningLoads--;
    sendStatus();
  }
  for (const document of documents.all()) {
    if (project.contains(pathOf(document.uri) ?? '')) scheduleAnalysis(document, 0);
  }
}

/**
 * Shows the findings of closed files too, as ESLint's and TypeScript's extensions do for projects
 * of a reasonable size (threadwise.workspaceDiagnosticsMaxFiles). Verdicts are computed in small
 * batches that yield, so edits and hovers are served meanwhile.
 */
async function publishWholeFolder(project: Project, files: readonly string[], replaced: { isCancellationRequested: boolean }): Promise<void> {
  const BATCH = 25;
  const folder = path.basename(project.root);
  for (let start = 0; start < files.length; start += BATCH) {
    if (replaced.isCancellationRequested) return;
    sendStatus(`Checking ${start}/${files.length} files of ${folder}`);
    const reports = files.slice(start, start + BATCH)
      .map((file) => project.report(file))
      .filter((report): report is FileReport => report !== undefined);
    for (const report of reports) workspacePublished.add(URI.file(report.path).toString());
    publish(reports);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Tells the client whether folders are still loading (its status item shows it; tests wait on it). */
function sendStatus(loading?: string): void {
  const files = [...projects.values()].reduce((sum, project) => sum + project.analyzer.trackedFiles().length, 0);
  const status: ServerStatus = {
    busy: runningLoads > 0,
    files,
    message: loading ?? (runningLoads > 0 ? 'Loading the workspace' : `${files} file${files === 1 ? '' : 's'} loaded`),
  };
  void connection.sendNotification(STATUS_NOTIFICATION, status);
}

// ------------------------------------------------------------------ documents

function pathOf(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

/** The project a file belongs to: the innermost workspace folder, or a loose project for its folder. */
async function projectFor(file: string): Promise<Project> {
  await projectsReady;
  const owner = [...projects.values()]
    .filter((project) => project.contains(file))
    .sort((a, b) => b.root.length - a.root.length)[0];
  if (owner) return owner;
  const root = path.dirname(file);
  let loose = projects.get(root);
  if (!loose) {
    loose = await createProject(root, false);
    projects.set(root, loose);
  }
  return loose;
}

documents.onDidOpen((event) => scheduleAnalysis(event.document, 0));
documents.onDidChangeContent((event) => {
  if (event.document.version > 1) scheduleAnalysis(event.document);
});
documents.onDidClose((event) => void guard('close', () => onClose(event.document.uri)));

function scheduleAnalysis(document: TextDocument, delay?: number): void {
  const uri = document.uri;
  clearTimeout(pendingTimers.get(uri));
  const file = pathOf(uri);
  if (!file) return;
  void projectFor(file).then((project) => {
    const wait = delay ?? project.settings.debounceMs;
    clearTimeout(pendingTimers.get(uri));
    pendingTimers.set(uri, setTimeout(() => {
      pendingTimers.delete(uri);
      void guard(`analysis of ${file}`, () => analyzeDocument(uri, project, file));
    }, wait));
  });
}

async function analyzeDocument(uri: string, project: Project, file: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  if (!project.accepts(file)) {
    connection.sendDiagnostics({ uri, diagnostics: [] });
    return;
  }
  const version = document.version;
  const started = performance.now();
  const reports = await project.update(file, document.getText(), isShown);
  // A newer edit arrived while we worked: its own run will publish; these results are stale.
  if (documents.get(uri)?.version !== version || pendingTimers.has(uri)) return;
  const elapsed = performance.now() - started;
  publish(reports);
  connection.console.log(`analysed ${path.basename(file)} (v${version}) in ${elapsed.toFixed(1)} ms; ${reports.length} report(s) updated`);
}

/** Is this file's analysis shown to the user (open, or published by "Analyse Workspace")? */
function isShown(file: string): boolean {
  const uri = URI.file(file).toString();
  return documents.get(uri) !== undefined || workspacePublished.has(uri);
}

function publish(reports: readonly FileReport[]): void {
  const changed: string[] = [];
  for (const report of reports) {
    const uri = URI.file(report.path).toString();
    const document = documents.get(uri);
    if (!document && !workspacePublished.has(uri)) continue;
    if (report.skipped && document) connection.console.log(`${path.basename(report.path)} not analysed: ${report.skipped}`);
    connection.sendDiagnostics({ uri, version: document?.version, diagnostics: report.findings.map(toDiagnostic) });
    changed.push(uri);
  }
  if (changed.length > 0) void connection.sendNotification(ANALYSIS_CHANGED_NOTIFICATION, { uris: changed });
}

async function onClose(uri: string): Promise<void> {
  clearTimeout(pendingTimers.get(uri));
  pendingTimers.delete(uri);
  const file = pathOf(uri);
  if (!file) return;
  const project = await projectFor(file);
  const onDisk = readTextIfExists(file);
  // The analysis goes back to what is saved; unsaved edits must not leak into other files' verdicts.
  const reports = onDisk === undefined ? [] : await project.update(file, onDisk, isShown);
  if (onDisk === undefined) project.analyzer.removeFile(file);
  if (!workspacePublished.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
  publish(reports.filter((report) => report.path !== file));
}

/**
 * Files changed on disk (not through the editor). A checkout or a code generator can change
 * hundreds at once: reload them per project in one batch, then refresh what is shown once.
 */
connection.onDidChangeWatchedFiles((params) => void guard('file changes', async () => {
  const changedByProject = new Map<Project, string[]>();
  for (const change of params.changes) {
    const file = pathOf(change.uri);
    if (!file || documents.get(change.uri)) continue; // open documents are tracked through the editor
    const project = await projectFor(file);
    if (path.basename(file) === 'package.json') {
      project.forgetDependencies();
    } else if (change.type === FileChangeType.Deleted) {
      project.analyzer.removeFile(file);
      workspacePublished.delete(change.uri);
      connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
    } else {
      changedByProject.set(project, [...(changedByProject.get(project) ?? []), file]);
    }
  }
  for (const [project, files] of changedByProject) {
    runningLoads++;
    sendStatus(`Loading ${files.length} changed file${files.length === 1 ? '' : 's'}`);
    try {
      await project.reload(files);
    } finally {
      runningLoads--;
      sendStatus();
    }
    const shown = project.analyzer.trackedFiles().filter(isShown);
    publish(shown.map((file) => project.report(file)).filter((report): report is FileReport => report !== undefined));
  }
}));


// ------------------------------------------------------------------ requests

async function currentReport(uri: string): Promise<{ report: FileReport; project: Project; file: string } | undefined> {
  const file = pathOf(uri);
  if (!file) return undefined;
  const project = await projectFor(file);
  const report = project.report(file);
  return report && !report.skipped ? { report, project, file } : undefined;
}

function contains(range: Range, line: number, character: number): boolean {
  const afterStart = line > range.line - 1 || (line === range.line - 1 && character >= range.column - 1);
  const beforeEnd = line < range.endLine - 1 || (line === range.endLine - 1 && character <= range.endColumn - 1);
  return afterStart && beforeEnd;
}

/** The innermost function whose `pick` range contains the position. */
function innermost(report: FileReport, line: number, character: number, pick: (fn: FunctionReport) => Range): FunctionReport | undefined {
  return report.functions
    .filter((fn) => contains(pick(fn), line, character))
    .sort((a, b) => (a.range.endLine - a.range.line) - (b.range.endLine - b.range.line))[0];
}

function findingsOf(report: FileReport, fn: FunctionReport): Finding[] {
  return report.findings.filter((finding) => finding.functionId === fn.id || contains(fn.range, finding.range.line - 1, finding.range.column - 1));
}

connection.onHover((params: HoverParams): Promise<Hover | null> => guard('hover', async () => {
  const current = await currentReport(params.textDocument.uri);
  if (!current) return null;
  const fn = innermost(current.report, params.position.line, params.position.character, (candidate) => candidate.nameRange);
  return fn ? hoverFor(fn, findingsOf(current.report, fn), current.project.root) : null;
}, null));

connection.onRequest(FUNCTION_AT_REQUEST, (params: FunctionAtParams): Promise<FunctionAtResult | null> => guard('functionAt', async () => {
  const current = await currentReport(params.uri);
  if (!current) return null;
  const fn = innermost(current.report, params.line, params.character, (candidate) => candidate.range);
  return fn ? { function: fn, findings: findingsOf(current.report, fn) } : null;
}, null));

connection.onCodeAction((params: CodeActionParams): Promise<CodeAction[]> => guard('code actions', async () => {
  const only = params.context.only;
  if (only && !only.some((kind) => QUICKFIX_KIND.startsWith(kind) || kind.startsWith(QUICKFIX_KIND))) return [];
  const document = documents.get(params.textDocument.uri);
  const current = await currentReport(params.textDocument.uri);
  if (!document || !current) return [];
  const actions: CodeAction[] = [];
  // Fixes that rewrite call sites in other files need the project-wide view (TypeScript's).
  const project = current.project.analyzer.fixProject(current.report.path);
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const finding = findingFor(current.report, diagnostic.data as DiagnosticData | undefined);
    if (!finding) continue;
    for (const fixId of finding.fixes) {
      const result = fixFor(finding, fixId)?.compute({
        finding,
        report: current.report,
        text: document.getText(),
        readFile: (file) => documents.get(URI.file(file).toString())?.getText() ?? readTextIfExists(file),
        fileExists: (file) => fs.existsSync(file),
        dependencies: current.project.dependencies(),
        project,
      });
      if (result) actions.push(toCodeAction(result, diagnostic, toWorkspaceEdit(result, documents)));
    }
  }
  return actions;
}, []));

connection.onRequest(ANALYZE_WORKSPACE_REQUEST, (token: CancellationToken): Promise<AnalyzeWorkspaceResult> => guard('workspace analysis', async () => {
  const started = Date.now();
  let cancelled = false;
  const all: FileReport[] = [];
  for (const project of [...projects.values()].filter((candidate) => candidate.isWorkspaceFolder)) {
    const scan = await project.scan(token, (done, total) => {
      void connection.sendNotification(PROGRESS_NOTIFICATION, { done, total, message: `${done}/${total} files of ${path.basename(project.root)}` });
    });
    cancelled ||= scan.cancelled;
    if (scan.cancelled) break;
    for (const file of scan.files) {
      const report = project.report(file);
      if (report) all.push(report);
    }
  }
  if (!cancelled) {
    for (const report of all) workspacePublished.add(URI.file(report.path).toString());
    publish(all);
  }
  return {
    files: all.length,
    findings: all.reduce((sum, report) => sum + report.findings.length, 0),
    skipped: all.filter((report) => report.skipped).length,
    milliseconds: Date.now() - started,
    cancelled,
  };
}, { files: 0, findings: 0, skipped: 0, milliseconds: 0, cancelled: true }));

/**
 * Runs a handler; an exception is logged and answered with `fallback` instead of crashing the
 * server (a crash would take every diagnostic away from the user).
 */
async function guard<T>(what: string, work: () => Promise<T>, fallback?: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    connection.console.error(`${what} failed: ${(error as Error).stack ?? String(error)}`);
    return fallback as T;
  }
}

documents.listen(connection);
connection.listen();
