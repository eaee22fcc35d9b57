/**
 * The Threadwise language server. It runs in its own process (the extension host never loads
 * ts-morph), keeps one Project per workspace folder, re-analyses an edited document after a
 * debounce, drops results that a newer edit has made stale, and publishes diagnostics for open
 * documents (and for the whole workspace when asked). Any editor with an LSP client can use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CodeAction, type CodeActionParams, createConnection, DidChangeConfigurationNotification, ErrorCodes, FileChangeType,
  type Hover, type HoverParams, MessageType, ProposedFeatures, ResponseError, ShowMessageNotification, StreamMessageReader,
  StreamMessageWriter, TextDocuments,
  TextDocumentSyncKind, type CancellationToken,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { readTextIfExists } from '../core/files';
import { isOverBudget, summaryBudgetFrom, SummaryWorkers } from '../core/typescript/summary-workers';
import type { FileReport, Finding, FunctionReport, Range } from '../core/model';
import { fixFor } from '../fixes';
import {
  ANALYSIS_CHANGED_NOTIFICATION, ANALYZE_WORKSPACE_REQUEST, type AnalyzeWorkspaceResult, type DiagnosticData,
  FUNCTION_AT_REQUEST, type FunctionAtParams, type FunctionAtResult, LOAD_PROFILES_REQUEST, type LoadProfilesParams,
  type LoadProfilesResult, PROGRESS_NOTIFICATION, SERVER_STATS_REQUEST, type ServerStats, type ServerStatus,
  STATUS_NOTIFICATION, type ThreadwiseSettings,
} from '../shared/protocol';
import { findingFor, QUICKFIX_KIND, SOURCE, toCodeAction, toDiagnostic, toWorkspaceEdit } from './convert';
import { hoverFor } from './hover';
import { profileFolderOf, profilesIn, readProfiles, watchProfileFolder } from './profiles';
import { Project } from './project';
import { describeThread, type ThreadSummary } from '../core/profiles';
import { describeProjectCalibration, loadProjectCalibration, PROJECT_CALIBRATION_FILE, ProjectCalibrationError, staleNote, type ProjectCalibration } from '../core/cost/project';
import { DEFAULT_SETTINGS, toConfig, withDefaults } from './settings';

const connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, stdioReader(), new StreamMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);

/**
 * Over stdio a malformed frame header leaves the stream unreadable: every later message would be
 * lost while the process looks alive. Exit instead, so the client sees it and can restart us.
 */
function stdioReader(): StreamMessageReader {
  const reader = new StreamMessageReader(process.stdin);
  reader.onError((error) => {
    process.stderr.write(`threadwise: unreadable message from the client (${error.message}); exiting\n`);
    process.exit(1);
  });
  return reader;
}
const documents = new TextDocuments(TextDocument);
/** The WASM grammar files are copied next to the bundle (dist/); run from source, the parser finds them in node_modules. */
const WASM_DIR = fs.existsSync(path.join(__dirname, 'tree-sitter-python.wasm')) ? __dirname : undefined;

/**
 * Where TypeScript files are parsed and summarised: a worker thread, so a hover or an edit never
 * waits for a large file's parse (a bundle of 500 KB takes most of a second), and a file beyond
 * its time or memory budget is skipped with the reason instead of holding every request.
 */
const summaryWorkers = new SummaryWorkers({ budget: summaryBudgetFrom(process.env.THREADWISE_SUMMARY_BUDGET) });

let folderRoots: string[] = [];
let projects = new Map<string, Project>();
/** Settles when the projects for the current settings exist (requests wait for it). */
let projectsReady: Promise<void> = Promise.resolve();
/** URIs whose diagnostics are published although closed (after "Analyse workspace"). */
const workspacePublished = new Set<string>();
const pendingTimers = new Map<string, NodeJS.Timeout>();
let supportsConfiguration = false;
/** Set by `initialize`: requests before it are refused, as the protocol says. */
let initialized = false;
/** Set when the first build of the projects starts (settings are read then). */
let startedUp = false;
/** Loads running right now: folders' background scans, batches of files changed on disk. */
let runningLoads = 0;
/** Profiles loaded with threadwise/loadProfiles ("Threadwise: Load CPU Profile"): kept across settings changes. */
let loadedProfileFiles: string[] = [];
/** Stops watching each project's profile folder. */
const profileWatchers = new Map<string, () => void>();
/** Folders whose latest scan failed, with what failed (shown in the status item). */
const scanProblems = new Map<string, string>();
/** The user is told about a failed scan once per session; the status item and the log keep saying it. */
let scanFailureNotified = false;

// ------------------------------------------------------------------ lifecycle

connection.onInitialize((params) => {
  initialized = true;
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
    for (const stop of profileWatchers.values()) stop();
    profileWatchers.clear();
    for (const project of fresh.values()) await watchProfiles(project);
  })();
  return projectsReady.then(() => {
    for (const document of documents.all()) scheduleAnalysis(document, 0);
    for (const project of projects.values()) void guard(`scan of ${project.root}`, () => backgroundScan(project));
    if (runningLoads === 0) sendStatus(); // no folder to load: say so, or the status would stay "starting"
  });
}

async function createProject(root: string, isWorkspaceFolder: boolean): Promise<Project> {
  const settings = await settingsFor(isWorkspaceFolder ? root : folderRoots[0]);
  const { config, problems, notes } = toConfig(settings);
  for (const problem of problems) tellUser(MessageType.Warning, `Threadwise settings: ${problem}. Using the default instead.`);
  for (const note of notes) tellUser(MessageType.Info, `Threadwise settings: ${note}.`);
  config.calibration = projectCalibrationOf(root);
  return new Project(root, settings, config, isWorkspaceFolder, WASM_DIR, openText, summaryWorkers);
}

/**
 * The project's own calibration (`.threadwise/calibration.json`, written by `threadwise calibrate
 * --from-profile`): estimates, thresholds and messages rest on it. A broken file is reported and
 * the bundled table is used.
 */
function projectCalibrationOf(root: string): ProjectCalibration | undefined {
  try {
    const calibration = loadProjectCalibration(root);
    if (calibration) {
      connection.console.log(`${root}: estimates on the project's calibration (${describeProjectCalibration(calibration)})`);
      const stale = staleNote(calibration);
      if (stale) tellUser(MessageType.Info, `Threadwise: ${stale}.`);
    }
    return calibration;
  } catch (error) {
    if (!(error instanceof ProjectCalibrationError)) throw error;
    tellUser(MessageType.Warning, `Threadwise: ${error.message}. Using the bundled calibration instead.`);
    return undefined;
  }
}

/** Whether a file is the calibration of a project root: a change to it rebuilds the projects. */
function isProjectCalibration(file: string): boolean {
  return folderRoots.some((root) => path.resolve(root, PROJECT_CALIBRATION_FILE) === file);
}

/**
 * The project's profiles: those loaded by command and those in its profile folder, which is
 * watched (a profiling run that writes there applies when it is done).
 */
async function watchProfiles(project: Project): Promise<void> {
  const folder = profileFolderOf(project.settings.profileFolder, project.root);
  if (folder && project.isWorkspaceFolder) {
    profileWatchers.set(project.root, watchProfileFolder(folder, () => void guard('profile folder', async () => {
      if (projects.get(project.root) !== project) return;
      await applyProfiles(project);
      republish(project);
    })));
  }
  await applyProfiles(project);
}

/** Reads the project's profiles and hands them to its analyzer; returns what was read. */
async function applyProfiles(project: Project): Promise<Awaited<ReturnType<typeof readProfiles>>> {
  const folder = profileFolderOf(project.settings.profileFolder, project.root);
  const files = [...new Set([...loadedProfileFiles, ...(folder ? profilesIn(folder) : [])])];
  const load = await readProfiles(files);
  for (const failure of load.failed) connection.console.warn(`Profile not loaded: ${failure.error}`);
  project.analyzer.setProfiles(load.profiles);
  if (load.profiles.length > 0) connection.console.log(`${load.profiles.length} CPU profile(s) applied to ${project.root}`);
  return load;
}

/** Publishes again the shown files of a project (their findings changed with its profiles). */
function republish(project: Project): void {
  const shown = project.analyzer.trackedFiles().filter((file) => isShown(file) && ownerOf(file) === project);
  publish(shown.map((file) => project.report(file)).filter((report): report is FileReport => report !== undefined));
}

/** An open document's text (unsaved edits included); undefined when the file is not open. */
function openText(file: string): string | undefined {
  return documents.get(URI.file(file).toString())?.getText();
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
    scanProblems.delete(project.root);
    connection.console.info(`Loaded ${files.length} files of ${project.root} in ${Date.now() - started} ms`);
    if (project.isWorkspaceFolder && files.length > 0 && files.length <= project.settings.workspaceDiagnosticsMaxFiles) {
      await publishWholeFolder(project, files, replaced);
    }
  } catch (error) {
    // Open files are still analysed (with what did load); the user is told, once, and the status item says so.
    reportScanFailure(project, error);
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

function reportScanFailure(project: Project, error: unknown): void {
  const reason = (error as Error)?.message ?? String(error);
  const problem = `Loading the files of ${path.basename(project.root)} failed: ${reason}`;
  scanProblems.set(project.root, problem);
  connection.console.error(`${problem}\n${(error as Error)?.stack ?? ''}`);
  if (scanFailureNotified) return;
  scanFailureNotified = true;
  tellUser(MessageType.Error, `Threadwise: ${problem}. Open files are still analysed; see Threadwise: Show Log.`);
}

/**
 * Shows a message to the user. A notification, not `window/showMessageRequest`: there is nothing
 * to choose, and a client that lacks the request would answer with an error nobody handles.
 */
function tellUser(type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

/** Tells the client whether folders are still loading (its status item shows it; tests wait on it). */
function sendStatus(loading?: string): void {
  const files = [...projects.values()].reduce((sum, project) => sum + project.analyzer.trackedFiles().length, 0);
  const problem = [...scanProblems.values()][0];
  const loaded = `${files} file${files === 1 ? '' : 's'} loaded${problem ? ' (loading failed)' : ''}`;
  const status: ServerStatus = {
    busy: runningLoads > 0,
    files,
    message: loading ?? (runningLoads > 0 ? 'Loading the workspace' : loaded),
    ...(problem ? { problem } : {}),
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
  const owner = ownerOf(file);
  if (owner) return owner;
  const root = path.dirname(file);
  let loose = projects.get(root);
  if (!loose) {
    loose = await createProject(root, false);
    projects.set(root, loose);
  }
  return loose;
}

/**
 * The project whose results for this file are published: the innermost workspace folder that
 * contains it, else the loose project of its folder. Enclosing folders analyse it too, for their
 * own files' sake, but never publish it.
 */
function ownerOf(file: string): Project | undefined {
  const enclosing = projectsContaining(file);
  return enclosing[0] ?? projects.get(path.dirname(file));
}

/** Every workspace folder's project that contains the file, innermost first (nested folders). */
function projectsContaining(file: string): Project[] {
  return [...projects.values()]
    .filter((project) => project.isWorkspaceFolder && project.contains(file))
    .sort((a, b) => b.root.length - a.root.length);
}

/**
 * Edits counted per document. Results are dropped as stale by this count, not by the LSP
 * version: a client may start at 0 or send a version twice or backwards, and each edit must
 * still be analysed and published exactly when it is the latest.
 */
const editCounts = new Map<string, number>();
/** Documents whose open event was seen: the content event that follows it is the same text. */
const justOpened = new Set<string>();

documents.onDidOpen((event) => {
  justOpened.add(event.document.uri);
  editCounts.set(event.document.uri, (editCounts.get(event.document.uri) ?? 0) + 1);
  scheduleAnalysis(event.document, 0);
});
documents.onDidChangeContent((event) => {
  if (justOpened.delete(event.document.uri)) return;
  editCounts.set(event.document.uri, (editCounts.get(event.document.uri) ?? 0) + 1);
  scheduleAnalysis(event.document);
});
documents.onDidClose((event) => void inTurn('close', () => onClose(event.document.uri)));

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
      void guard(`analysis of ${file}`, () => prepareThenAnalyze(uri, project, file));
    }, wait));
  });
}

/**
 * A large document's parse runs in the summary worker before its analysis takes its turn: the
 * analyses of other documents, which run one at a time, do not wait for it meanwhile.
 */
async function prepareThenAnalyze(uri: string, project: Project, file: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const edit = editCounts.get(uri);
  if (project.accepts(file)) {
    const text = document.getText();
    await Promise.all([...new Set([project, ...projectsContaining(file)])].map((analysing) => analysing.analyzer.prepareUpdate(file, text)));
  }
  // edited again meanwhile: the newer text's analysis comes next
  if (editCounts.get(uri) !== edit || pendingTimers.has(uri)) return;
  await inTurn(`analysis of ${file}`, () => analyzeDocument(uri, project, file));
}

async function analyzeDocument(uri: string, project: Project, file: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  if (!project.accepts(file)) {
    connection.sendDiagnostics({ uri, diagnostics: [] });
    return;
  }
  const version = document.version;
  const edit = editCounts.get(uri);
  const started = performance.now();
  const reports = await updateEverywhere(file, document.getText());
  // A newer edit arrived while we worked: its own run will publish; these results are stale.
  if (!documents.get(uri) || editCounts.get(uri) !== edit || pendingTimers.has(uri)) return;
  const elapsed = performance.now() - started;
  publish(reports);
  connection.console.log(`analysed ${path.basename(file)} (v${version}) in ${elapsed.toFixed(1)} ms; ${reports.length} report(s) updated`);
}

/**
 * Gives a file's new text to every project that analyses it (nested workspace folders each see
 * the edit); returns the changed reports each file's owner publishes.
 */
async function updateEverywhere(file: string, text: string): Promise<FileReport[]> {
  const owner = await projectFor(file);
  const analysing = new Set([owner, ...projectsContaining(file)]);
  const reports: FileReport[] = [];
  for (const project of analysing) {
    const owned = (candidate: string) => ownerOf(candidate) === project;
    const changed = await project.update(file, text, (candidate) => owned(candidate) && isShown(candidate));
    reports.push(...changed.filter((report) => owned(report.path)));
  }
  return reports;
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
    if (pendingTimers.has(uri)) continue; // edited meanwhile: its own analysis publishes, under its version
    if (report.skipped && document) tellSkipped(uri, report);
    connection.sendDiagnostics({ uri, version: document?.version, diagnostics: report.findings.map(toDiagnostic) });
    changed.push(uri);
  }
  if (changed.length > 0) void connection.sendNotification(ANALYSIS_CHANGED_NOTIFICATION, { uris: changed });
}

/** Open documents the user was told are over the per-file budget (told once per document and reason). */
const toldOverBudget = new Map<string, string>();

/**
 * An open document that is not analysed: the log says why; a document over the per-file budget
 * (one the user let in by raising maxFileBytes) is also said once in a message, as it has no
 * diagnostics to show that anything happened.
 */
function tellSkipped(uri: string, report: FileReport): void {
  const reason = report.skipped!;
  connection.console.log(`${path.basename(report.path)} not analysed: ${reason}`);
  if (!isOverBudget(reason) || toldOverBudget.get(uri) === reason) return;
  toldOverBudget.set(uri, reason);
  tellUser(MessageType.Warning, `Threadwise: ${path.basename(report.path)} is not analysed: it ${reason}. Other files are analysed as usual.`);
}

async function onClose(uri: string): Promise<void> {
  toldOverBudget.delete(uri);
  clearTimeout(pendingTimers.get(uri));
  pendingTimers.delete(uri);
  editCounts.delete(uri);
  justOpened.delete(uri);
  const file = pathOf(uri);
  if (!file) return;
  const onDisk = readTextIfExists(file);
  // The analysis goes back to what is saved; unsaved edits must not leak into other files' verdicts.
  const reports = onDisk === undefined ? [] : await updateEverywhere(file, onDisk);
  if (onDisk === undefined) for (const project of [await projectFor(file), ...projectsContaining(file)]) project.analyzer.removeFile(file);
  if (!workspacePublished.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
  publish(reports.filter((report) => report.path !== file));
}

/**
 * Files changed on disk (not through the editor). A checkout or a code generator can change
 * hundreds at once: reload them per project in one batch, then refresh what is shown once.
 */
connection.onDidChangeWatchedFiles((params) => void guard('file changes', async () => {
  if (params.changes.some((change) => isProjectCalibration(pathOf(change.uri) ?? ''))) {
    await rebuildProjects();
    return;
  }
  const changedByProject = new Map<Project, string[]>();
  for (const change of params.changes) {
    const file = pathOf(change.uri);
    if (!file || documents.get(change.uri)) continue; // open documents are tracked through the editor
    // Nested workspace folders each analyse the file: each reloads it.
    for (const project of new Set([await projectFor(file), ...projectsContaining(file)])) {
      if (path.basename(file) === 'package.json') {
        project.forgetDependencies();
      } else if (change.type === FileChangeType.Deleted) {
        project.analyzer.removeFile(file);
      } else {
        changedByProject.set(project, [...(changedByProject.get(project) ?? []), file]);
      }
    }
    if (change.type === FileChangeType.Deleted && path.basename(file) !== 'package.json') {
      workspacePublished.delete(change.uri);
      connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
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
    const shown = project.analyzer.trackedFiles().filter((file) => isShown(file) && ownerOf(file) === project);
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

/** Requests before `initialize` get ServerNotInitialized (-32002), not an answer about an empty workspace. */
function afterInitialize<T>(answer: () => Promise<T>): Promise<T> {
  if (!initialized) return Promise.reject(new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized: send "initialize" first'));
  return answer();
}

connection.onHover((params: HoverParams): Promise<Hover | null> => afterInitialize(() => guard('hover', async () => {
  const current = await currentReport(params.textDocument.uri);
  if (!current) return null;
  const fn = innermost(current.report, params.position.line, params.position.character, (candidate) => candidate.nameRange);
  return fn ? hoverFor(fn, findingsOf(current.report, fn), current.project.root) : null;
}, null)));

connection.onRequest(FUNCTION_AT_REQUEST, (params: FunctionAtParams): Promise<FunctionAtResult | null> => afterInitialize(() => guard('functionAt', async () => {
  const current = await currentReport(params.uri);
  if (!current) return null;
  const fn = innermost(current.report, params.line, params.character, (candidate) => candidate.range);
  return fn ? { function: fn, findings: findingsOf(current.report, fn) } : null;
}, null)));

connection.onCodeAction((params: CodeActionParams): Promise<CodeAction[]> => afterInitialize(() => guard('code actions', async () => {
  const only = params.context.only;
  if (only && !only.some((kind) => QUICKFIX_KIND.startsWith(kind) || kind.startsWith(QUICKFIX_KIND))) return [];
  const document = documents.get(params.textDocument.uri);
  const current = await currentReport(params.textDocument.uri);
  if (!document || !current) return [];
  // Findings are positions in the analysed text: while an edit waits for its analysis (the
  // debounce), a fix computed from them would land on the wrong line. Refuse until it is analysed.
  if (current.project.analyzer.textOf(current.file) !== document.getText()) return [];
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
}, [])));

connection.onRequest(ANALYZE_WORKSPACE_REQUEST, (token: CancellationToken): Promise<AnalyzeWorkspaceResult> => afterInitialize(() => guard('workspace analysis', async () => {
  const started = Date.now();
  let cancelled = false;
  const all: FileReport[] = [];
  let failed: string | undefined;
  for (const project of [...projects.values()].filter((candidate) => candidate.isWorkspaceFolder)) {
    let scan: { files: string[]; cancelled: boolean };
    try {
      scan = await project.scan(token, (done, total) => {
        void connection.sendNotification(PROGRESS_NOTIFICATION, { done, total, message: `${done}/${total} files of ${path.basename(project.root)}` });
      });
    } catch (error) {
      // One folder that cannot be loaded costs only its own results.
      failed ??= `loading the files of ${path.basename(project.root)} failed: ${(error as Error)?.message ?? String(error)}`;
      connection.console.error(`Workspace analysis: ${(error as Error)?.stack ?? String(error)}`);
      continue;
    }
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
    ...(failed ? { failed } : {}),
  };
}, { files: 0, findings: 0, skipped: 0, milliseconds: 0, cancelled: true })));

connection.onRequest(LOAD_PROFILES_REQUEST, (params: LoadProfilesParams): Promise<LoadProfilesResult> => afterInitialize(() => guard('loading profiles', async () => {
  await projectsReady;
  const files = Array.isArray(params?.files) ? params.files.filter((file): file is string => typeof file === 'string') : [];
  loadedProfileFiles = files;
  const result: LoadProfilesResult = { loaded: [], failed: [], confirmed: 0, lowered: 0, added: 0, measured: 0 };
  const summaries = new Map<string, ThreadSummary[]>();
  for (const project of new Set([...projects.values()])) {
    const load = await applyProfiles(project);
    for (const failure of load.failed) if (!result.failed.some((known) => known.file === failure.file)) result.failed.push(failure);
    for (const summary of project.analyzer.profileSummaries()) {
      const source = load.profiles.find((profile) => path.basename(profile.source) === summary.profile)?.source ?? summary.profile;
      summaries.set(source, [...(summaries.get(source) ?? []).filter((known) => known.thread !== summary.thread), summary]);
    }
    for (const file of project.analyzer.profiledFiles()) {
      const report = project.report(file);
      if (!report) continue;
      result.measured += report.functions.filter((fn) => fn.measured).length;
      for (const finding of report.findings) if (finding.measured) result[finding.measured.verdict]++;
    }
    republish(project);
  }
  result.loaded = [...summaries].map(([file, threads]) => ({ file, threads: threads.map(describeThread) }));
  return result;
}, { loaded: [], failed: [], confirmed: 0, lowered: 0, added: 0, measured: 0 })));

connection.onRequest(SERVER_STATS_REQUEST, (): Promise<ServerStats> => afterInitialize(async () => {
  // Started with --expose-gc (the soak benchmark), the heap is measured after a full collection:
  // what is still live, so a leak shows as a trend and not as garbage that happened to be there.
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const mb = (bytes: number) => bytes / (1024 * 1024);
  const files = [...projects.values()].reduce((sum, project) => sum + project.analyzer.trackedFiles().length, 0);
  return { heapUsedMB: mb(memory.heapUsed), heapTotalMB: mb(memory.heapTotal), rssMB: mb(memory.rss), files };
}));

/** The analyses of edits and closes, one at a time (see inTurn). */
let analysesInTurn: Promise<void> = Promise.resolve();

/**
 * Runs an analysis after the ones before it. Two interleaved analyses would publish one file's
 * results in the wrong order: one computed before another file's edit, published after it.
 */
function inTurn(what: string, work: () => Promise<void>): Promise<void> {
  analysesInTurn = analysesInTurn.then(() => guard(what, work));
  return analysesInTurn;
}

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
