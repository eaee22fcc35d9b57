/**
 * Runs the live demonstration in a separate Node process (dist/demo-runner.js), never in the
 * extension host: the demo saturates every core on purpose, and a forked process keeps the editor
 * responsive, reports progress over IPC and is simply killed on Cancel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ScenarioResult } from '../../demo/measurements';
import { isFromRunnerMessage, type DemoRunOptions, type FromRunnerMessage, type ToRunnerMessage } from '../../demo/protocol';
import { describeRejected } from '../../shared/validate';
import type { DemoView } from './protocol';

/** A demo that has not finished by then is stuck; kill it rather than leave cores busy. */
const DEMO_TIME_LIMIT_MS = 3 * 60_000;
/** Grace period between SIGTERM and SIGKILL when cancelling. */
const KILL_GRACE_MS = 2_000;

type Logger = Pick<vscode.LogOutputChannel, 'warn' | 'error' | 'info'>;

export class DemoController implements vscode.Disposable {
  private current: DemoView = { state: 'idle' };
  private child: ChildProcess | undefined;
  private cancelRequested = false;
  private readonly changed = new vscode.EventEmitter<DemoView>();
  /** fires on every state change (progress included) */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly runnerPath: string,
    private readonly log: Logger,
    private options: DemoRunOptions = {},
  ) {}

  /** Overrides for the next run (tests use a tiny workload). */
  setOptions(options: DemoRunOptions): void {
    this.options = options;
  }

  get view(): DemoView {
    return this.current;
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  /** Starts the demonstration unless one is running; shows a cancellable progress notification. */
  start(): void {
    if (this.child) return;
    if (!existsSync(this.runnerPath)) {
      // a development build without the demo bundle: say so instead of "exited with code 1"
      this.update({ state: 'failed', message: `the demonstration runner is missing (${this.runnerPath}); run the build` });
      return;
    }
    this.cancelRequested = false;
    const child = this.forkRunner();
    this.child = child;
    this.update({ state: 'running', completed: 0, total: 0, label: 'Starting…', results: [] });
    const timeLimit = setTimeout(() => this.stop(child, 'the demonstration took too long and was stopped'), DEMO_TIME_LIMIT_MS);
    child.once('exit', () => clearTimeout(timeLimit));
    this.showProgressNotification(child);
    child.send({ type: 'start', options: this.options } satisfies ToRunnerMessage);
  }

  cancel(): void {
    if (!this.child) return;
    this.cancelRequested = true;
    this.stop(this.child);
  }

  dispose(): void {
    this.cancel();
    this.changed.dispose();
  }

  private forkRunner(): ChildProcess {
    const child = fork(this.runnerPath, [], {
      execArgv: [], // do not inherit the extension host's inspector or loader flags
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      // in desktop VS Code the extension host's execPath is the Electron binary: run it as Node
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => this.log.warn(`demo runner: ${text.trimEnd()}`));
    child.on('message', (message: unknown) => this.onRunnerMessage(message));
    child.on('error', (error) => this.finish(child, { state: 'failed', message: error.message }));
    child.on('exit', (code, signal) => this.onRunnerExit(child, code, signal));
    return child;
  }

  private onRunnerMessage(message: unknown): void {
    if (!isFromRunnerMessage(message)) {
      this.log.warn(`demo runner sent an invalid message (${describeRejected(message)}); stopping it`);
      if (this.child) this.stop(this.child, 'the demonstration sent an unexpected message');
      return;
    }
    this.apply(message);
  }

  private apply(message: FromRunnerMessage): void {
    switch (message.type) {
      case 'plan':
        return;
      case 'progress':
        return this.update({
          state: 'running',
          completed: message.completed,
          total: message.total,
          label: message.label,
          results: message.results,
        });
      case 'done':
        return this.update({ state: 'finished', report: message.report });
      case 'error':
        return this.update({ state: 'failed', message: message.message });
    }
  }

  private onRunnerExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.current.state !== 'running') return this.finish(child, this.current);
    if (this.cancelRequested) return this.finish(child, { state: 'cancelled', results: this.partialResults() });
    this.finish(child, { state: 'failed', message: `the demonstration process stopped unexpectedly (${signal ?? code})` });
  }

  private partialResults(): ScenarioResult[] {
    return this.current.state === 'running' ? this.current.results : [];
  }

  /** SIGTERM lets the runner stop its own workers and children; SIGKILL if it does not exit. */
  private stop(child: ChildProcess, failure?: string): void {
    if (failure) this.update({ state: 'failed', message: failure });
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    child.once('exit', () => clearTimeout(force));
  }

  private finish(child: ChildProcess, view: DemoView): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.update(view);
  }

  private update(view: DemoView): void {
    this.current = view;
    this.changed.fire(view);
  }

  private showProgressNotification(child: ChildProcess): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Threadwise demonstration', cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          token.onCancellationRequested(() => this.cancel());
          let reported = 0;
          const subscription = this.onDidChange((view) => {
            if (view.state === 'running' && view.total > 0) {
              const percent = (view.completed / view.total) * 100;
              progress.report({ message: view.label, increment: percent - reported });
              reported = percent;
            }
          });
          const done = (): void => {
            subscription.dispose();
            resolve();
          };
          child.once('exit', done);
          child.once('error', done); // a process that failed to start never exits

        }),
    );
  }
}
