/**
 * The integration suite's entry point, run inside the extension host by either launcher
 * (run-code-server.mjs or run-electron.mjs). Mocha's TDD interface; one file per area.
 * `THREADWISE_GREP` narrows the run to matching tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, grep: process.env.THREADWISE_GREP });
  const suiteDir = path.join(__dirname, 'suite');
  for (const file of fs.readdirSync(suiteDir).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(suiteDir, file));
  }
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run((count) => resolve(count));
    runner.on('end', () => {
      const stats = runner.stats;
      console.log(`${stats?.passes ?? 0} passing`);
      console.log(`${stats?.failures ?? 0} failing`);
      console.log(`${stats?.pending ?? 0} pending`);
    });
  });
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
