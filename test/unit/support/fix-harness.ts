/**
 * The proof harness for the fixes. TypeScript/JavaScript: a fixture project is copied to a
 * temporary folder (node_modules linked to the repository's), analysed with the real engine, a fix
 * is computed and applied to a second copy, and both copies are type-checked and built with the
 * TypeScript API and run with Node. A probe preloaded with `--require` records worker threads.
 * Type checking reuses parsed lib and @types files across programs, so a build costs ~0.3 s.
 * Python: the fixed code is run with the machine's python3 (`runPython`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport, Finding } from '../../../src/core/model';
import { applyTextEdits, type FixInput, type FixResult, type ProjectView } from '../../../src/fixes/fix';
import { fixById } from '../../../src/fixes/index';
import { fixturePath } from './analysis';

/** test/fixtures/fixes: the projects the TypeScript/JavaScript fixes are proven on */
export const FIX_PROJECTS = fixturePath('fixes');
const REPO_NODE_MODULES = path.resolve(__dirname, '../../../node_modules');
const PROBE = path.join(FIX_PROJECTS, 'worker-probe.cjs');
const SOURCE = /\.(?:[cm]?[jt]sx?|py)$/;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-fixes-'));
let counter = 0;

/** A fresh folder in this run's scratch directory. */
export function scratchFolder(label: string): string {
  const folder = path.join(scratch, `${String(++counter).padStart(3, '0')}-${label.replace(/[^\w.-]+/g, '_')}`);
  fs.mkdirSync(folder, { recursive: true });
  return folder;
}

export function cleanScratch(): void {
  fs.rmSync(scratch, { recursive: true, force: true });
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else fs.copyFileSync(source, target);
  }
}

/**
 * A fresh copy of a fixture project (or of another copy), with node_modules linked to the
 * repository's, plus the packages of `extraNodeModules` (another node_modules folder) when given.
 */
export function copyProject(from: string, label: string, extraNodeModules?: string): string {
  const root = path.join(scratch, `${String(++counter).padStart(3, '0')}-${label.replace(/[^\w.-]+/g, '_')}`);
  copyTree(from, root);
  const modules = path.join(root, 'node_modules');
  const existing = fs.existsSync(path.join(from, 'node_modules')) ? fs.realpathSync(path.join(from, 'node_modules')) : undefined;
  if (extraNodeModules || (existing && existing !== REPO_NODE_MODULES)) {
    fs.mkdirSync(modules);
    for (const source of [REPO_NODE_MODULES, extraNodeModules ?? existing!]) {
      for (const entry of fs.readdirSync(source)) {
        const target = path.join(modules, entry);
        if (entry.startsWith('.') || fs.existsSync(target)) continue; // the repository's packages win
        fs.symlinkSync(fs.realpathSync(path.join(source, entry)), target, 'dir');
      }
    }
  } else {
    fs.symlinkSync(REPO_NODE_MODULES, modules, 'dir');
  }
  return root;
}

export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

export interface Analysis {
  root: string;
  reports: Map<string, FileReport>;
  project: ProjectView;
}

/** Analyses every source file of the project with the real engine. */
export async function analyzeProject(root: string): Promise<Analysis> {
  const analyzer = new Analyzer({ root, config: DEFAULT_CONFIG });
  const reports = await analyzer.analyzeFiles(sourceFiles(root));
  return {
    root,
    reports: new Map(reports.map((report) => [path.relative(root, report.path).split(path.sep).join('/'), report])),
    project: viewByFile(analyzer),
  };
}

/**
 * The project view as the language server has it for a finding: each file's view covers the
 * files connected to it by imports (its component), so a question about a function goes to the
 * view of the function's own file.
 */
function viewByFile(analyzer: Analyzer): ProjectView {
  const fileOf = (id: string) => id.slice(0, id.lastIndexOf('#'));
  return {
    functionById: (id) => analyzer.fixProject(fileOf(id))?.functionById(id),
    functionAt: (file, offset) => analyzer.fixProject(file)?.functionAt(file, offset),
    callSitesOf: (id) => analyzer.fixProject(fileOf(id))?.callSitesOf(id) ?? [],
  };
}

export function findingAt(analysis: Analysis, file: string, rule: string, line: number): { report: FileReport; finding: Finding } {
  const report = analysis.reports.get(file);
  if (!report) throw new Error(`no report for ${file}`);
  const finding = report.findings.find((candidate) => candidate.rule === rule && candidate.range.line === line);
  if (!finding) {
    throw new Error(`no ${rule} finding at ${file}:${line}; found ${report.findings.map((f) => `${f.rule}@${f.range.line}`).join(', ') || 'none'}`);
  }
  return { report, finding };
}

function dependenciesOf(root: string): Set<string> {
  if (!fs.existsSync(path.join(root, 'package.json'))) return new Set();
  const json = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  return new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.devDependencies ?? {})]);
}

export function fixInput(root: string, report: FileReport, finding: Finding, options: { project?: ProjectView; text?: string } = {}): FixInput {
  return {
    finding,
    report,
    text: options.text ?? fs.readFileSync(report.path, 'utf8'),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    fileExists: (file) => fs.existsSync(file),
    dependencies: dependenciesOf(root),
    project: options.project,
  };
}

export function computeFix(fixId: string, input: FixInput): FixResult | undefined {
  const fix = fixById(fixId);
  if (!fix) throw new Error(`no fix ${fixId}`);
  return fix.compute(input);
}

/** The text of `file` after the fix's edits to it. */
export function applyTo(result: FixResult, file: string, text: string): string {
  return applyTextEdits(text, result.edits.filter((edit) => edit.path === file).flatMap((edit) => edit.edits));
}

/** Applies a fix result to a fresh copy of `root` (paths in the result are under `root`). */
export function applyToCopy(root: string, result: FixResult, label: string): string {
  const copy = copyProject(root, label);
  const move = (file: string) => path.join(copy, path.relative(root, file));
  for (const fileEdit of result.edits) {
    const target = move(fileEdit.path);
    fs.writeFileSync(target, applyTextEdits(fs.readFileSync(target, 'utf8'), fileEdit.edits));
  }
  for (const created of result.newFiles) {
    const target = move(created.path);
    if (fs.existsSync(target)) throw new Error(`the fix overwrites ${created.path}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, created.text);
  }
  return copy;
}

// ------------------------------------------------------------------------------------ building

const sharedFiles = new Map<string, ts.SourceFile>();

/** A compiler host that parses lib and node_modules declaration files once per test run. */
function cachedHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const shared = fileName.includes('/node_modules/');
    const key = `${fileName}|${JSON.stringify(languageVersion)}`;
    const cached = shared ? sharedFiles.get(key) : undefined;
    if (cached) return cached;
    const sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
    if (shared && sf) sharedFiles.set(key, sf);
    return sf;
  };
  return host;
}

/** Type-checks the project with its tsconfig and emits (unless noEmit); returns formatted errors. */
export function build(root: string): string[] {
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host: cachedHost(parsed.options) });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (!parsed.options.noEmit && diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined
      ? `${path.relative(root, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}: `
      : '';
    return `${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** lines the worker probe wrote: `worker-start <id> <file>`, `worker-running <id>`, `worker-reply <id>` */
  probe: string[];
}

export function runNode(root: string, entry: string): Run {
  const probeFile = path.join(scratch, `probe-${++counter}.log`);
  const result = spawnSync(process.execPath, ['--require', PROBE, entry], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: '', THREADWISE_PROBE: probeFile },
  });
  const probe = fs.existsSync(probeFile) ? fs.readFileSync(probeFile, 'utf8').split('\n').filter(Boolean) : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, probe };
}

/** A fix result as readable text, for assertion messages. */
export function describeResult(result: FixResult, root: string): string {
  const parts = [`title: ${result.title}`];
  for (const fileEdit of result.edits) {
    parts.push(`--- edits in ${path.relative(root, fileEdit.path)}`);
    for (const edit of fileEdit.edits) parts.push(`  [${edit.start},${edit.end}) → ${JSON.stringify(edit.newText)}`);
  }
  for (const created of result.newFiles) parts.push(`--- new ${path.relative(root, created.path)}\n${created.text}`);
  return parts.join('\n');
}

/** The text of every file the fix touched or created, after applying it. */
export function fixedSources(copy: string, root: string, result: FixResult): string {
  const files = [...result.edits.map((edit) => edit.path), ...result.newFiles.map((created) => created.path)];
  return files.map((file) => `=== ${path.relative(root, file)}\n${fs.readFileSync(path.join(copy, path.relative(root, file)), 'utf8')}`).join('\n');
}

/** Runs Python code with the machine's python3 in a fresh scratch folder. */
export function runPython(code: string, timeoutMs = 60_000): Omit<Run, 'probe'> {
  const dir = scratchFolder('python');
  const file = path.join(dir, 'main.py');
  fs.writeFileSync(file, code);
  const result = spawnSync('python3', [file], { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

// ------------------------------------------------------------------------------------ no new findings

/** A finding's identity across an edit: file, rule and message with numbers (lines, counts) blanked. */
function findingKey(file: string, finding: Finding): string {
  return `${file} ${finding.rule}: ${finding.message.replace(/\d[\d,._]*/g, '#')}`;
}

/**
 * The findings (of any rule) in the fixed code that the original did not have, once the finding the
 * fix addressed is taken away: a fix must never produce code Threadwise itself would report.
 * `before` and `after` map a file's project-relative path to its report.
 */
export function newFindings(before: ReadonlyMap<string, FileReport>, after: ReadonlyMap<string, FileReport>, fixed: Finding): string[] {
  const counts = new Map<string, number>();
  let fixedKey: string | undefined;
  for (const [file, report] of before) {
    for (const finding of report.findings) {
      const key = findingKey(file, finding);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (finding === fixed) fixedKey = key;
    }
  }
  if (fixedKey) counts.set(fixedKey, (counts.get(fixedKey) ?? 1) - 1);
  const added: string[] = [];
  for (const [file, report] of after) {
    for (const finding of report.findings) {
      const key = findingKey(file, finding);
      const left = counts.get(key) ?? 0;
      if (left > 0) counts.set(key, left - 1);
      else added.push(`${file}:${finding.range.line} ${finding.rule}: ${finding.message}`);
    }
  }
  return added;
}
