/**
 * Invariance (#10.2): every variant the generator in test/invariance/python.ts writes of the
 * seeds "CPU-heavy work handed to threads, processes or map" and "a scan or parse of data nobody
 * sized" must get the worker's verdict `cpu` and exactly the findings of its dispatch (none for
 * the data-dependent seed), however the loop, the values, the callable and the dispatch are spelled;
 * "read, then parse" and "serialise, then send" are `mixed`, and (de)serialisation over an
 * in-memory stream is `cpu`, however the I/O, the kernel and its place are written; a round trip
 * or a wait on an object kept on `self` is `io`, however the object got there; and so is a wait on
 * a reply queue or a future another thread fills, however its module is imported (compatibility
 * imports in `try`/`except ImportError` included); a blocking HTTP round trip is `io` whether the
 * class inherits the client, keeps it on `self` (made there or in a base, handed in, annotated) or
 * uses a module-level one, through any number of its own thin wrappers; light work on every
 * item of the input (a count of the lines starting with an error mark) is `cpu` without a finding
 * however the loop is spelled (`for`, `while`, comprehensions, `sum(genexpr)`, `map` with a
 * lambda) and wherever the worker lives (another module included); a join of a thread,
 * process, pool or pool future in a coroutine is reported however the object is held, and quiet
 * once the code has seen the work end; a plain def request method of a tornado handler blocks
 * the IOLoop however the handler class is imported or subclassed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePythonFindings } from '../../../src/core/languages/python-findings';
import { pythonConnectionVariants, pythonHandlerVariants, pythonHttpClientVariants, pythonInMemoryVariants, pythonJoinVariants, pythonLightLoopVariants, pythonNoWaitVariants, pythonPrivateLoopVariants, pythonReadParseVariants, pythonScanVariants, pythonSendVariants, pythonThreadResultVariants, pythonVariants } from '../../invariance/python';
import { newPythonAnalyzer, scratchFolder } from '../support';

describe('Python invariance: equal code, equal verdicts', function () {
  this.timeout(300_000);

  it('every variant of the seeds gets the worker\'s verdict and the dispatch\'s findings', async () => {
    const analyzer = await newPythonAnalyzer();
    const file = path.join(scratchFolder('threadwise-invariance-'), 'variant.py');
    const failures: string[] = [];
    let count = 0;
    for (const variant of [...pythonVariants(), ...pythonScanVariants(), ...pythonReadParseVariants(), ...pythonSendVariants(), ...pythonInMemoryVariants(), ...pythonConnectionVariants(), ...pythonThreadResultVariants(), ...pythonHttpClientVariants(), ...pythonPrivateLoopVariants(), ...pythonNoWaitVariants(), ...pythonLightLoopVariants(), ...pythonJoinVariants(), ...pythonHandlerVariants()]) {
      count++;
      fs.writeFileSync(file, variant.code);
      const modules = Object.entries(variant.modules ?? {}).map(([name, text]) => ({ path: path.join(path.dirname(file), name), text }));
      for (const module of modules) fs.writeFileSync(module.path, module.text);
      const reports = analyzer.analyze([{ path: file, text: variant.code }, ...modules]).map((report) => analyzePythonFindings(analyzer, report));
      for (const module of modules) fs.rmSync(module.path);
      const worker = reports.flatMap((full) => full.functions).find((fn) => fn.name === variant.worker);
      const findings = reports.flatMap((full) => full.findings).map((finding) => finding.rule).sort();
      if (worker?.kind !== variant.expected.workerKind || JSON.stringify(findings) !== JSON.stringify([...variant.expected.findings].sort())) {
        failures.push(`${variant.name}: ${variant.worker} ${worker?.kind ?? 'missing'}, findings [${findings.join(', ')}]`);
      }
    }
    assert.ok(count >= 600, `only ${count} variants`);
    assert.deepEqual(failures, [], `${failures.length} of ${count} variants differ:\n${failures.slice(0, 40).join('\n')}`);
  });
});
