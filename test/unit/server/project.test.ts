/** A workspace folder's project: what a scan loads when files change under it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
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
});
