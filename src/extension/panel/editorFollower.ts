/**
 * Tracks the text editor the panel describes and tells the panel when it should look again.
 * Focus moving to the panel itself makes `activeTextEditor` undefined; the follower keeps the last
 * text editor instead, so buttons in the panel still act on the code the user was looking at.
 */
import * as vscode from 'vscode';

/** Cursor moves arrive in bursts (typing, arrow keys): wait for a pause before analysing. */
export const CURSOR_DEBOUNCE_MS = 250;
/** Edits trigger re-analysis in the language server too: give it a moment to catch up. */
export const EDIT_DEBOUNCE_MS = 600;

export class EditorFollower implements vscode.Disposable {
  private followed: vscode.TextEditor | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  /** `onChange(delayMs)` is called whenever what the panel shows may be out of date. */
  constructor(
    private readonly onChange: (delayMs: number) => void,
    extraTriggers: ReadonlyArray<vscode.Event<vscode.Uri>> = [],
  ) {
    this.followed = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor) return; // focus went to the panel or another non-text view: keep following
        this.followed = editor;
        this.onChange(0);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor !== this.followed) return;
        this.onChange(CURSOR_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && this.isFollowedDocument(event.document.uri)) this.onChange(EDIT_DEBOUNCE_MS);
      }),
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => this.isFollowedDocument(uri))) this.onChange(CURSOR_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.isFollowedDocument(document.uri)) {
          this.followed = undefined;
          this.onChange(0);
        }
      }),
      ...extraTriggers.map((trigger) =>
        trigger((uri) => {
          if (this.isFollowedDocument(uri)) this.onChange(CURSOR_DEBOUNCE_MS);
        }),
      ),
    );
  }

  /**
   * The followed editor if it is still usable. A TextEditor object dies when its tab is hidden;
   * then another visible editor on the same document takes its place.
   */
  get editor(): vscode.TextEditor | undefined {
    const followed = this.followed;
    if (!followed) return undefined;
    const visible = vscode.window.visibleTextEditors;
    if (visible.includes(followed)) return followed;
    const replacement = visible.find((editor) => editor.document.uri.toString() === followed.document.uri.toString());
    if (replacement) this.followed = replacement;
    return replacement;
  }

  private isFollowedDocument(uri: vscode.Uri): boolean {
    return this.followed?.document.uri.toString() === uri.toString();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
