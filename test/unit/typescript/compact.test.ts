/**
 * A summary compacted once the walk is done (src/core/typescript/summarize/compact.ts) is the
 * same summary: equal in every field, with the same sharing (a name's lazy binding still looks up
 * the live scopes of its function), and it holds no string cut out of the file's text.
 */
import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { compactSummary } from '../../../src/core/typescript/summarize/compact';
import { FileSummarizer } from '../../../src/core/typescript/summarize/walk';
import type { Binding, FileSummary } from '../../../src/core/typescript/summary';

const SOURCE = `import { createHash } from 'node:crypto';
const { readFileSync } = require('fs');

export class ChecksumCalculator {
  constructor(algorithmName = 'sha256') { this.algorithmName = algorithmName; }
  checksumOfFile(configurationPath) {
    const contents = readFileSync(configurationPath, 'utf8');
    return this.checksumOfText(contents);
  }
  checksumOfText(text) {
    let total = 0;
    for (let index = 0; index < text.length; index++) total = (total * 31 + text.charCodeAt(index)) | 0;
    return createHash(this.algorithmName).update(String(total)).digest('hex');
  }
}

export function checksumEverything(listOfConfigurationPaths) {
  const calculator = new ChecksumCalculator();
  return listOfConfigurationPaths.map((path) => calculator.checksumOfFile(path) + formatChecksumForDisplay(path));
}

function padded(value) { return String(value).padStart(12, '0') + registeredFormatters.length; }
`;

function summarize(compact: boolean): FileSummary {
  const sf = ts.createSourceFile('/project/checksums.js', SOURCE, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const summary = new FileSummarizer(sf, { resolveModule: () => undefined }).summarize();
  if (compact) compactSummary(summary);
  return summary;
}

/** Every lazy binding reachable from the summary. */
function lazyBindings(summary: FileSummary): Extract<Binding, { kind: 'lazy' }>[] {
  const found: Extract<Binding, { kind: 'lazy' }>[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if ((value as Binding).kind === 'lazy') found.push(value as Extract<Binding, { kind: 'lazy' }>);
    if (value instanceof Map) for (const item of value.values()) visit(item);
    else if (value instanceof Set) for (const item of value) visit(item);
    else for (const item of Object.values(value)) visit(item);
  };
  visit(summary);
  return found;
}

describe('compacted summaries', () => {
  it('equal the summary the walk made, field by field', () => {
    assert.deepStrictEqual(summarize(true), summarize(false));
  });

  it('keep what is shared shared: a lazy name still looks in the live scope maps of its functions', () => {
    const summary = summarize(true);
    const lazies = lazyBindings(summary);
    const helper = lazies.find((binding) => binding.name === 'formatChecksumForDisplay');
    assert.ok(helper, 'a name declared nowhere in the file is looked up lazily');
    // the module scope is one map, seen by every lazy binding of the file, and still the live one
    const moduleScopes = new Set(lazies.map((binding) => binding.scopes.at(-1)));
    assert.equal(moduleScopes.size, 1);
    assert.equal(helper.scopes.at(-1)!.get('checksumEverything')?.kind, 'fn');
    assert.equal(helper.scopes.at(-1)!.get('padded')?.kind, 'fn');
  });

  it('leave the catalog entries every file shares untouched', () => {
    const plain = summarize(false);
    const compacted = summarize(true);
    const digest = (summary: FileSummary) => summary.functions.flatMap((fn) => fn.body.calls).find((call) => call.calleeText === 'readFileSync');
    const before = digest(plain);
    const after = digest(compacted);
    assert.ok(before?.callee.kind === 'catalog' && after?.callee.kind === 'catalog');
    assert.equal(after.callee.entry, before.callee.entry, 'the one catalog entry every file shares');
  });
});
