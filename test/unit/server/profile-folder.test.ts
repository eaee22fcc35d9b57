/**
 * The server's profile folder (threadwise.profileFolder): which files count as profiles, newest
 * first; a profile written later is noticed (no fixed sleeps: the test waits for the callback);
 * a folder that does not exist yet is awaited in its parent and never created by Threadwise.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileFolderOf, profilesIn, readProfiles, watchProfileFolder } from '../../../src/server/profiles';

describe('server: the profile folder', function () {
  this.timeout(20_000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-folder-'));

  it('lists profile files newest first and skips other files', () => {
    const folder = path.join(root, 'listed');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'old.cpuprofile'), '{}');
    fs.utimesSync(path.join(folder, 'old.cpuprofile'), new Date(2020, 1, 1), new Date(2020, 1, 1));
    fs.writeFileSync(path.join(folder, 'new.prof'), 'x');
    fs.writeFileSync(path.join(folder, 'notes.md'), '#');
    assert.deepEqual(profilesIn(folder).map((file) => path.basename(file)), ['new.prof', 'old.cpuprofile']);
    assert.deepEqual(profilesIn(path.join(root, 'missing')), []);
    assert.equal(profileFolderOf('', root), undefined);
    assert.equal(profileFolderOf('prof', root), path.join(root, 'prof'));
  });

  it('reads what it can and says why the rest failed', async () => {
    const folder = path.join(root, 'mixed');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'broken.cpuprofile'), '{"nodes": [');
    const load = await readProfiles([path.join(folder, 'broken.cpuprofile')]);
    assert.equal(load.profiles.length, 0);
    assert.match(load.failed[0].error, /broken\.cpuprofile: broken JSON/);
  });

  it('notices a profile written into the folder', async () => {
    const folder = path.join(root, 'watched');
    fs.mkdirSync(folder);
    let stop = () => {};
    const noticed = new Promise<void>((resolve) => {
      stop = watchProfileFolder(folder, resolve, 50);
    });
    fs.writeFileSync(path.join(folder, 'CPU.20261206.101500.1.0.001.cpuprofile'), '{}');
    await noticed;
    stop();
  });

  it('awaits a folder that does not exist yet without creating it', async () => {
    const folder = path.join(root, 'later');
    let stop = () => {};
    const noticed = new Promise<void>((resolve) => {
      stop = watchProfileFolder(folder, resolve, 50);
    });
    assert.equal(fs.existsSync(folder), false, 'Threadwise creates nothing in the workspace');
    fs.mkdirSync(folder);
    await noticed;
    stop();
  });
});
