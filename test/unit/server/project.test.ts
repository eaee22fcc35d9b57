/** A workspace folder's project: what a scan loads when files change under it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import { Project } from '../../../src/server/project';
import { DEFAULT_SETTINGS } from '../../../src/server/settings';

/** A project whose listing of the folder is taken before a file is deleted (as during a checkout). */
class ListedBeforeDeletion extends Project {
  constructor(root: string, private readonly listed: string[]) {
    super(root, DEFAULT_SETTINGS, DEFAULT_CONFIG, true, undefined);
  }

  override workspaceFiles(): string[] {
    return this.listed;
  }
}

describe('server project', () => {
  it('a file deleted between the folder listing and its loading is not kept as a phantom entry', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-project-'));
    const kept = path.join(root, 'kept.ts');
    fs.writeFileSync(kept, 'export const kept = 1;\n');
    const project = new ListedBeforeDeletion(root, [kept, path.join(root, 'deleted.ts')]);
    const { files } = await project.scan(undefined);
    assert.deepEqual(files, [kept]);
    assert.deepEqual(project.analyzer.trackedFiles(), [kept]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a Python workspace loaded in batches reports what one analysis of all its files reports', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-project-')));
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(root, name), text);
      return path.join(root, name);
    };
    // the caller comes first and its callee last, batches apart (a batch holds at most 40 Python files)
    const caller = write('handler.py', 'from crunch import crunch\n\n\ndef handle(items):\n    return crunch(items)\n');
    const fillers = Array.from({ length: 45 }, (_, index) => write(`filler_${index}.py`, `def value_${index}():\n    return ${index}\n`));
    const callee = write('crunch.py', 'def crunch(items):\n    total = 0\n    for item in items:\n        for k in range(1000):\n            total += item * k % 7\n    return total\n');
    const listed = [caller, ...fillers, callee];
    const project = new ListedBeforeDeletion(root, listed);
    await project.scan(undefined);
    const fresh = await new Analyzer({ root, config: DEFAULT_CONFIG }).analyzeFiles(listed);
    assert.deepEqual(listed.map((file) => project.report(file)), fresh);
    assert.equal(project.report(caller)?.functions.find((fn) => fn.name === 'handle')?.kind, 'cpu');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
