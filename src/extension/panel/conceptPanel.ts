/**
 * The concept panel: one editor-side webview that explains the function under the cursor and
 * teaches the concepts behind the verdict. This class owns the WebviewPanel, follows the editor,
 * asks `deps` for the analysis, and handles the (validated) requests the webview sends.
 */
import os from 'node:os';
import * as vscode from 'vscode';
import { ruleDocsUrl } from '../../core/model';
import { resolveTopic } from './content/routing';
import { type Snippet, SNIPPETS, type SnippetId } from './content/snippets';
import type { TopicId } from './content/topics';
import { DemoController } from './demoController';
import { DEFAULT_SUPPORTED_LANGUAGES, type ConceptPanelDeps, type FunctionAnalysis } from './deps';
import { EditorFollower } from './editorFollower';
import { renderPanelHtml } from './html';
import {
  isFromPanelMessage,
  type AnalysisView,
  type EnvironmentView,
  type FromPanelMessage,
  type NoAnalysisReason,
  type PanelTab,
  type RenderedView,
  type ToPanelMessage,
} from './protocol';
import { applyCodeAction, findThreadwiseFixes } from './quickFixes';
import { describeRejected } from '../../shared/validate';
import { baseName, runtimeOf, toAnalysisView } from './viewModel';
import { placeSnippet, untitledLanguageFor } from './snippetPlacement';

export const CONCEPT_PANEL_VIEW_TYPE = 'threadwise.conceptPanel';
const PANEL_TITLE = 'Concurrency Guide';

type Logger = Pick<vscode.LogOutputChannel, 'warn' | 'error' | 'info'>;

/** What the webview reported after drawing the analysis (used by tests and for diagnostics). */
export interface RenderedReport {
  view: RenderedView;
  title: string;
  unexpectedElements: number;
}

interface CurrentAnalysis {
  view: AnalysisView;
  uri: vscode.Uri;
  /** document version the analysis and fixes were computed for: fixes are refused after an edit */
  documentVersion: number;
  analysis: FunctionAnalysis;
  fixes: vscode.CodeAction[][];
}

export interface PanelPaths {
  extensionUri: vscode.Uri;
  /** the only folders the webview may load from: media/panel and dist/webview */
  mediaRoot: vscode.Uri;
  webviewBundleRoot: vscode.Uri;
  script: vscode.Uri;
  style: vscode.Uri;
  codicons: vscode.Uri;
  icons: { light: vscode.Uri; dark: vscode.Uri };
  demoRunner: string;
}

/**
 * Where the panel's files are in the installed extension. The build (esbuild.js) produces
 * dist/webview/panel.js and dist/demo-runner.js and copies the codicons into dist/webview/codicons/.
 */
export function panelPaths(extensionUri: vscode.Uri): PanelPaths {
  const media = vscode.Uri.joinPath(extensionUri, 'media', 'panel');
  const webviewBundleRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const icons = vscode.Uri.joinPath(extensionUri, 'media', 'icons');
  return {
    extensionUri,
    mediaRoot: media,
    webviewBundleRoot,
    script: vscode.Uri.joinPath(webviewBundleRoot, 'panel.js'),
    style: vscode.Uri.joinPath(media, 'panel.css'),
    codicons: vscode.Uri.joinPath(webviewBundleRoot, 'codicons', 'codicon.css'),
    icons: {
      light: vscode.Uri.joinPath(icons, 'threadwise-light.svg'),
      dark: vscode.Uri.joinPath(icons, 'threadwise-dark.svg'),
    },
    demoRunner: vscode.Uri.joinPath(extensionUri, 'dist', 'demo-runner.js').fsPath,
  };
}

export class ConceptPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubscriptions: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly follower: EditorFollower;
  private readonly demo: DemoController;
  private webviewReady = false;
  /** where to go once the webview has loaded (a fresh panel cannot receive messages yet) */
  private pendingNavigation: Extract<ToPanelMessage, { type: 'showTopic' | 'showTab' }> | undefined;
  private current: CurrentAnalysis | undefined;
  private lastSentState: string | undefined;
  private version = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshCancellation: vscode.CancellationTokenSource | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedReport>();
  /** fires when the webview reports having drawn the analysis (or the empty state) */
  readonly onDidRender = this.rendered.event;
  lastRendered: RenderedReport | undefined;
  lastHtml: string | undefined;

  constructor(
    private readonly paths: PanelPaths,
    private deps: ConceptPanelDeps,
    private readonly log: Logger,
  ) {
    this.follower = new EditorFollower((delay) => this.scheduleRefresh(delay), deps.onDidChangeAnalysis ? [deps.onDidChangeAnalysis] : []);
    this.demo = new DemoController(paths.demoRunner, log);
    this.subscriptions.push(
      this.follower,
      this.demo,
      this.rendered,
      this.demo.onDidChange((demo) => this.post({ type: 'demo', demo })),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.postEnvironment()),
    );
  }

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  get currentAnalysis(): AnalysisView | undefined {
    return this.current?.view;
  }

  /** The demonstration's controller (tests shrink its workload and watch its state). */
  get demonstration(): DemoController {
    return this.demo;
  }

  /** Replaces the analysis source (tests inject a fake until the language client exists). */
  setDeps(deps: ConceptPanelDeps): void {
    this.deps = deps;
    this.lastSentState = undefined;
    this.scheduleRefresh(0);
  }

  /** Opens the panel beside the editor (or reveals it), at a topic or rule when given. */
  open(topicOrRuleId?: string): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        CONCEPT_PANEL_VIEW_TYPE,
        PANEL_TITLE,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { ...this.webviewOptions(), enableFindWidget: true, retainContextWhenHidden: false },
      );
      this.attach(panel);
    }
    // "Open Concurrency Guide" is about the code at the cursor; "Learn more" links are about a topic
    if (topicOrRuleId) this.showTopic(resolveTopic(topicOrRuleId));
    else this.showTab('function');
  }

  /** Adopts a panel (new, or restored by the serializer after a reload). */
  attach(panel: vscode.WebviewPanel): void {
    this.detach();
    this.panel = panel;
    this.webviewReady = false;
    this.lastSentState = undefined;
    panel.iconPath = this.paths.icons;
    panel.webview.options = this.webviewOptions();
    this.panelSubscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.scheduleRefresh(0);
      }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.detach();
      }),
    );
    panel.webview.html = this.lastHtml = renderPanelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(this.paths.script).toString(),
      styleUri: panel.webview.asWebviewUri(this.paths.style).toString(),
      codiconsUri: panel.webview.asWebviewUri(this.paths.codicons).toString(),
    });
  }

  showTopic(topicId: TopicId): void {
    if (this.webviewReady) void this.post({ type: 'showTopic', topicId });
    else this.pendingNavigation = { type: 'showTopic', topicId };
  }

  showTab(tab: PanelTab): void {
    if (this.webviewReady) void this.post({ type: 'showTab', tab });
    else this.pendingNavigation = { type: 'showTab', tab };
  }

  /** Handles a message from the webview, or (in tests) one built to look like it. */
  async receive(message: unknown): Promise<void> {
    if (!isFromPanelMessage(message)) {
      this.log.warn(`Threadwise panel: rejected a message from the webview: ${describeRejected(message)}`);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`Threadwise panel: ${message.type} failed: ${String(error)}`);
      void this.post({ type: 'notice', level: 'error', text: `That did not work: ${errorMessage(error)}` });
    }
  }

  private async handle(message: FromPanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.onWebviewReady();
      case 'revealFunction':
        return this.revealFunction(message.version);
      case 'revealEvidence':
        return this.revealEvidence(message.version, message.evidenceIndex);
      case 'applyFix':
        return this.applyFix(message.version, message.findingIndex, message.fixIndex);
      case 'insertSnippet':
        return this.insertSnippet(message.snippetId);
      case 'openRuleDocs':
        await vscode.env.openExternal(vscode.Uri.parse(ruleDocsUrl(message.ruleId)));
        return;
      case 'runDemo':
        return this.runDemo();
      case 'cancelDemo':
        return this.demo.cancel();
      case 'rendered':
        this.lastRendered = { view: message.view, title: message.title, unexpectedElements: message.unexpectedElements };
        if (message.unexpectedElements > 0) {
          this.log.warn(`Threadwise panel: ${message.unexpectedElements} unexpected element(s) in the rendered analysis`);
        }
        this.rendered.fire(this.lastRendered);
        return;
    }
  }

  private onWebviewReady(): void {
    this.webviewReady = true;
    this.lastSentState = undefined;
    this.postEnvironment();
    void this.post({ type: 'demo', demo: this.demo.view });
    if (this.pendingNavigation) {
      void this.post(this.pendingNavigation);
      this.pendingNavigation = undefined;
    }
    this.scheduleRefresh(0);
  }

  // -------------------------------------------------------------------------------------------
  // Following the editor

  private scheduleRefresh(delayMs: number): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Re-analyses the function under the cursor and sends it, unless nothing changed. */
  async refresh(): Promise<void> {
    if (!this.panel || !this.webviewReady || !this.panel.visible) return;
    this.refreshCancellation?.cancel();
    const cancellation = (this.refreshCancellation = new vscode.CancellationTokenSource());
    const editor = this.follower.editor;
    if (!editor) return this.showNothing('no-editor');
    const document = editor.document;
    const supports = this.deps.supportsDocument ?? ((doc: vscode.TextDocument) => DEFAULT_SUPPORTED_LANGUAGES.has(doc.languageId));
    if (!supports(document)) return this.showNothing('unsupported-language', document.uri);
    try {
      const analysis = await this.deps.getAnalysisAt(document.uri, editor.selection.active, cancellation.token);
      if (cancellation.token.isCancellationRequested) return;
      if (!analysis) return this.showNothing('no-function', document.uri);
      const fixes = await Promise.all(
        analysis.findings.map((finding) => findThreadwiseFixes(document.uri, finding).catch(() => [])),
      );
      if (cancellation.token.isCancellationRequested) return;
      this.showAnalysis({ uri: document.uri, documentVersion: document.version, analysis, fixes }, document.languageId);
    } catch (error) {
      if (cancellation.token.isCancellationRequested) return;
      this.log.error(`Threadwise panel: analysis failed: ${String(error)}`);
      this.showNothing('analysis-failed', document.uri);
    }
  }

  private showAnalysis(current: Omit<CurrentAnalysis, 'view'>, languageId: string): void {
    const fixesByFinding = current.fixes.map((actions) =>
      actions.map((action, index) => ({ index, title: action.title, isPreferred: action.isPreferred === true })),
    );
    const build = (version: number): AnalysisView =>
      toAnalysisView({ analysis: current.analysis, filePath: current.uri.fsPath, languageId, version, fixesByFinding });
    // Cursor moves inside one function produce the same view: skip the re-render, keep the version.
    const state = JSON.stringify(build(0));
    if (state === this.lastSentState && this.current) {
      this.current = { ...current, view: this.current.view };
      return;
    }
    this.lastSentState = state;
    this.version += 1;
    this.current = { ...current, view: build(this.version) };
    void this.post({ type: 'analysis', analysis: this.current.view });
  }

  private showNothing(reason: NoAnalysisReason, uri?: vscode.Uri): void {
    this.current = undefined;
    const state = `${reason}:${uri?.toString() ?? ''}`;
    if (state === this.lastSentState) return;
    this.lastSentState = state;
    void this.post({ type: 'noAnalysis', reason, ...(uri ? { fileLabel: baseName(uri.fsPath) } : {}) });
  }

  // -------------------------------------------------------------------------------------------
  // Requests from the webview

  /** The analysis a request refers to, or undefined (with a notice) when it is out of date. */
  private analysisFor(version: number): CurrentAnalysis | undefined {
    if (this.current && this.current.view.version === version) return this.current;
    this.refuseStaleRequest();
    return undefined;
  }

  private refuseStaleRequest(): void {
    void this.post({ type: 'notice', level: 'info', text: 'The code changed since this was shown; the panel has been refreshed.' });
    this.lastSentState = undefined;
    this.scheduleRefresh(0);
  }

  private async revealFunction(version: number): Promise<void> {
    const current = this.analysisFor(version);
    if (!current) return;
    await this.revealLocation(current.uri, current.analysis.function.nameRange.line);
  }

  private async revealEvidence(version: number, evidenceIndex: number): Promise<void> {
    const current = this.analysisFor(version);
    const evidence = current?.analysis.function.evidence[evidenceIndex];
    if (!current || !evidence) return;
    const uri = evidence.file ? vscode.Uri.file(evidence.file) : current.uri;
    await this.revealLocation(uri, evidence.line);
  }

  /** Shows a 1-based line in the editor column the panel follows (not in the panel's column). */
  private async revealLocation(uri: vscode.Uri, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const position = new vscode.Position(Math.min(Math.max(0, line - 1), document.lineCount - 1), 0);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: this.follower.editor?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async applyFix(version: number, findingIndex: number, fixIndex: number): Promise<void> {
    const current = this.analysisFor(version);
    const action = current?.fixes[findingIndex]?.[fixIndex];
    if (!current || !action) return;
    const document = await vscode.workspace.openTextDocument(current.uri);
    if (document.version !== current.documentVersion) return this.refuseStaleRequest(); // fix computed for older text
    await applyCodeAction(action);
    void this.post({ type: 'notice', level: 'info', text: `Applied: ${action.title}` });
  }

  private async insertSnippet(snippetId: SnippetId): Promise<void> {
    const editor = this.follower.editor;
    if (!editor) {
      void this.post({ type: 'notice', level: 'info', text: 'Open a file first: the snippet goes below its cursor.' });
      return;
    }
    const snippet = SNIPPETS[snippetId];
    const document = editor.document;
    const lines = Array.from({ length: document.lineCount }, (_, line) => document.lineAt(line).text);
    const placement = placeSnippet(snippet.code, snippet.language, document.languageId, lines, editor.selection.active.line);
    if (placement.kind === 'mismatch') return this.offerUntitledFile(snippet, baseName(document.fileName));
    const position = placement.line < document.lineCount
      ? new vscode.Position(placement.line, 0)
      : document.lineAt(document.lineCount - 1).range.end;
    const inserted = await editor.edit((builder) => builder.insert(position, placement.text));
    if (!inserted) throw new Error('the editor refused the insertion');
    await vscode.window.showTextDocument(document, { viewColumn: editor.viewColumn, preserveFocus: false });
  }

  /** A snippet never goes into a file of another language; it can open in a new untitled file. */
  private offerUntitledFile(snippet: Snippet, fileName: string): void {
    const language = snippet.language === 'python' ? 'Python' : 'JavaScript';
    const text = `This snippet is ${language}; ${fileName} is not, so it was not inserted there.`;
    void this.post({ type: 'notice', level: 'info', text });
    const openAction = `Open in a New ${language} File`;
    void vscode.window.showInformationMessage(text, openAction).then(async (choice) => {
      if (choice !== openAction) return;
      const untitled = await vscode.workspace.openTextDocument({ language: untitledLanguageFor(snippet.language), content: snippet.code });
      await vscode.window.showTextDocument(untitled, { preview: false });
    });
  }

  private runDemo(): void {
    if (!vscode.workspace.isTrusted) {
      void this.post({
        type: 'notice',
        level: 'info',
        text: 'The demonstration starts processes and threads, so it is off in Restricted Mode. Trust this folder to run it.',
      });
      return;
    }
    this.demo.start();
  }

  // -------------------------------------------------------------------------------------------

  private postEnvironment(): void {
    const editor = this.follower.editor;
    const environment: EnvironmentView = {
      isTrusted: vscode.workspace.isTrusted,
      availableParallelism: os.availableParallelism(),
      ...(editor ? { editorRuntime: runtimeOf(editor.document.languageId) } : {}),
    };
    void this.post({ type: 'environment', environment });
  }

  private async post(message: ToPanelMessage): Promise<void> {
    if (!this.panel || !this.webviewReady) return;
    await this.panel.webview.postMessage(message);
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [this.paths.mediaRoot, this.paths.webviewBundleRoot],
    };
  }

  private detach(): void {
    for (const subscription of this.panelSubscriptions) subscription.dispose();
    this.panelSubscriptions = [];
    this.panel = undefined;
    this.webviewReady = false;
    this.current = undefined;
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshCancellation?.cancel();
    const panel = this.panel;
    this.detach();
    panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
