/**
 * "Threadwise: Profile a Run"'s command lines, run for real: an npm script with the preloaded
 * inspector profiler (through NODE_OPTIONS, kept options included) and a Python file under cProfile each write a
 * profile Threadwise reads into the output folder.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readProfile } from '../../../src/core/profiles';
import { profilingCommand } from '../../../src/shared/profile-command';

function run(command: ReturnType<typeof profilingCommand>, cwd: string): void {
  for (const file of command.files) fs.writeFileSync(file.path, file.text);
  execFileSync(command.command, command.args, { cwd, env: { ...process.env, ...command.env }, stdio: 'ignore' });
}

describe('profiles: the command lines of a profiled run', function () {
  this.timeout(120_000);
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-run-'));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', scripts: { work: 'node work.js' } }));
  fs.writeFileSync(path.join(project, 'work.js'), 'let s = 0; for (let i = 0; i < 2e7; i++) s += i % 7; console.log(s);\n');
  fs.writeFileSync(path.join(project, 'work.py'), 'print(sum(i % 7 for i in range(200000)))\n');

  it('keeps the user\'s NODE_OPTIONS and quotes a folder with spaces', () => {
    const command = profilingCommand({ kind: 'npm-script', script: 'work' }, '/tmp/my profiles', { NODE_OPTIONS: '--max-old-space-size=4096' });
    assert.equal(command.env.NODE_OPTIONS, '--max-old-space-size=4096 --require "/tmp/my profiles/threadwise-profiler.cjs"');
    assert.equal(command.files[0].path, '/tmp/my profiles/threadwise-profiler.cjs');
    assert.deepEqual(command.args, ['run', 'work']);
  });

  it('an npm script writes a V8 profile of its node process into the folder (a folder with a space in its name)', async () => {
    const output = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise out '));
    run(profilingCommand({ kind: 'npm-script', script: 'work' }, output, process.env), project);
    const profiles = fs.readdirSync(output).filter((name) => name.endsWith('.cpuprofile'));
    assert.ok(profiles.length >= 1, 'npm and the script\'s node each write one');
    const read = await Promise.all(profiles.map((name) => readProfile(path.join(output, name))));
    const script = read.find((profile) => profile.frames.some((frame) => frame.file?.endsWith('/work.js')));
    assert.ok(script, 'one of them ran work.js');
    assert.equal(script!.threads[0].main, true, 'named as node --cpu-prof names a main thread\'s profile');
  });

  it('a Python file writes a cProfile file into the folder', async function () {
    try {
      execFileSync('python3', ['--version']);
    } catch {
      this.skip();
    }
    const output = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-out-'));
    run(profilingCommand({ kind: 'python-file', file: path.join(project, 'work.py') }, output), project);
    const profile = await readProfile(path.join(output, 'profile.prof'));
    assert.equal(profile.format, 'cprofile');
  });
});
