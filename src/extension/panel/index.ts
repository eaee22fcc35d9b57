/**
 * Entry point of the concept panel, called from the extension's `activate`:
 *
 *   const conceptPanel = registerConceptPanel(context, deps);
 *
 * Registers `threadwise.openPanel`, `threadwise.openPanelAt` (topic id or rule id, for hovers and
 * diagnostics) and the serializer that restores the panel after a window reload.
 *
 * Why one editor-side WebviewPanel and no sidebar view: the guide needs width (Node and Python side
 * by side, the comparison table, the chart); opened beside the code with preserveFocus it follows
 * the cursor without taking focus from the editor; and a single instance means one state to persist
 * and one surface to test. It stays readable when dragged into a narrow editor group.
 */
import * as vscode from 'vscode';
import { TOPIC_IDS } from './content/topics';
import { CONCEPT_PANEL_VIEW_TYPE, ConceptPanel, panelPaths, type RenderedReport } from './conceptPanel';
import type { ConceptPanelDeps } from './deps';
import type { DemoRunOptions } from '../../demo/protocol';
import type { AnalysisView, DemoView, PanelTab } from './protocol';

export type { ConceptPanelDeps, FunctionAnalysis } from './deps';
export { CONCEPT_PANEL_VIEW_TYPE } from './conceptPanel';

export const OPEN_PANEL_COMMAND = 'threadwise.openPanel';
export const OPEN_PANEL_AT_COMMAND = 'threadwise.openPanelAt';
/** Registered only when the extension runs under a test runner (ExtensionMode.Test). */
export const TEST_HOOKS_COMMAND = 'threadwise.panel.testHooks';

/** What integration tests may touch. Not an API for other extensions. */
export interface ConceptPanelTestHooks {
  setDeps(deps: ConceptPanelDeps): void;
  /** puts back the analysis the extension registered (the language server) after setDeps */
  restoreDeps(): void;
  /** delivers a message exactly as if the webview had sent it (same validation and handling) */
  receiveFromWebview(message: unknown): Promise<void>;
  /** resolves with the first render report (already received or future) that satisfies `predicate` */
  waitForRender(predicate: (report: RenderedReport) => boolean, timeoutMs?: number): Promise<RenderedReport>;
  /** switches the webview to a tab (for screenshots) */
  showTab(tab: PanelTab): void;
  /** shrinks the demonstration's workload for the next run */
  setDemoOptions(options: DemoRunOptions): void;
  readonly demoView: DemoView;
  readonly panel: vscode.WebviewPanel | undefined;
  readonly currentAnalysis: AnalysisView | undefined;
  readonly lastHtml: string | undefined;
}

export interface ConceptPanelHandle extends vscode.Disposable {
  /** opens the panel (or reveals it), at a topic id or rule id when given */
  open(topicOrRuleId?: string): void;
  readonly testHooks: ConceptPanelTestHooks;
}

export function registerConceptPanel(context: vscode.ExtensionContext, deps: ConceptPanelDeps): ConceptPanelHandle {
  const log = deps.log ?? consoleLogger;
  const panel = new ConceptPanel(panelPaths(context.extensionUri), deps, log);
  const testHooks = createTestHooks(panel, deps);
  const disposables: vscode.Disposable[] = [
    panel,
    vscode.commands.registerCommand(OPEN_PANEL_COMMAND, () => panel.open()),
    vscode.commands.registerCommand(OPEN_PANEL_AT_COMMAND, (topicOrRuleId?: unknown) =>
      panel.open(typeof topicOrRuleId === 'string' ? topicOrRuleId : undefined),
    ),
    vscode.window.registerWebviewPanelSerializer(CONCEPT_PANEL_VIEW_TYPE, {
      // The webview restores its own tab and topic from getState(); we only re-attach the panel.
      deserializeWebviewPanel: async (webviewPanel) => panel.attach(webviewPanel),
    }),
  ];
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    disposables.push(vscode.commands.registerCommand(TEST_HOOKS_COMMAND, () => testHooks));
  }
  context.subscriptions.push(...disposables);
  return {
    open: (topicOrRuleId) => panel.open(topicOrRuleId),
    testHooks,
    dispose: () => disposables.forEach((disposable) => disposable.dispose()),
  };
}

/** Topic ids `threadwise.openPanelAt` accepts besides rule ids (for hover links and docs). */
export const PANEL_TOPIC_IDS = TOPIC_IDS;

function createTestHooks(panel: ConceptPanel, registeredDeps: ConceptPanelDeps): ConceptPanelTestHooks {
  return {
    setDeps: (deps) => panel.setDeps(deps),
    restoreDeps: () => panel.setDeps(registeredDeps),
    receiveFromWebview: (message) => panel.receive(message),
    waitForRender: (predicate, timeoutMs = 10_000) =>
      new Promise<RenderedReport>((resolve, reject) => {
        if (panel.lastRendered && predicate(panel.lastRendered)) return resolve(panel.lastRendered);
        const timer = setTimeout(() => {
          subscription.dispose();
          reject(new Error(`no matching render within ${timeoutMs} ms (last: ${JSON.stringify(panel.lastRendered)})`));
        }, timeoutMs);
        const subscription = panel.onDidRender((report) => {
          if (!predicate(report)) return;
          clearTimeout(timer);
          subscription.dispose();
          resolve(report);
        });
      }),
    showTab: (tab) => panel.showTab(tab),
    setDemoOptions: (options) => panel.demonstration.setOptions(options),
    get demoView() {
      return panel.demonstration.view;
    },
    get panel() {
      return panel.webviewPanel;
    },
    get currentAnalysis() {
      return panel.currentAnalysis;
    },
    get lastHtml() {
      return panel.lastHtml;
    },
  };
}

const consoleLogger = {
  info: (message: string) => console.log(message),
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
