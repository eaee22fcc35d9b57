import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVAL } from './blind-corpus-checks';

// The shared installer of the blind Python corpora reads the pins from a corpus file. Run with a
// stand-in extract-debian.sh that prints its arguments, it must hand over exactly what the
// per-corpus scripts passed before they were folded into it (blind corpus 4's, verbatim).
describe('install-python-corpus.sh', () => {
  it('hands extract-debian.sh the corpus root and its pins in the corpus order', function () {
    this.timeout(60_000); // starts a shell and node on a loaded machine
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-install-'));
    try {
      fs.copyFileSync(path.join(EVAL, 'install-python-corpus.sh'), path.join(dir, 'install-python-corpus.sh'));
      fs.writeFileSync(path.join(dir, 'extract-debian.sh'), 'echo "$@"\n');
      const out = execFileSync('sh', [path.join(dir, 'install-python-corpus.sh'), path.join(EVAL, 'blind4', 'python', 'corpus.json')], { encoding: 'utf8' });
      assert.equal(
        out.trim(),
        '/var/cache/threadwise-blind4 python3-dotenv=0.21.0-1 python3-ftputil=5.0.4-1 python3-influxdb=5.3.1-3 python3-mistune=2.0.4-1 ' +
          'python3-ntplib=0.3.3-3 python3-png=0.20220715.0-1 python3-polib=1.1.1-1 python3-pyasn1=0.4.8-3+deb12u3 python3-tinydb=3.15.2-4',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
