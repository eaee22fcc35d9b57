/**
 * Invariance (#10.2): the same work written another way gets the same verdict. Every variant of
 * every seed (test/unit/invariance/variants.ts) is analysed in one project, and the kernel's and
 * the caller's kinds must be the seed's.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFolder, writeSources } from '../support/analysis';
import { generateVariants, type Variant } from './variants';
import { generateReadVariants, type ReadVariant } from './read-then-compute';
import { generateScanVariants, type ScanVariant } from './input-scans';
import { generateRecordVariants, type RecordVariant } from './record-fields';
import { generateStoreVariants, type StoreVariant } from './store-io';
import { generateHandOffVariants, type HandOffVariant } from './promise-handoff';
import { generateWrapperVariants, type WrapperVariant } from './request-wrapper';

interface Outcome {
  variant: Variant;
  kernel: string | undefined;
  caller: string | undefined;
}

type Where = { file: string; name: string };

/**
 * Analyses all variants in one project (each variant's files side by side) and gives, per
 * variant, the kind of each function `pick` names (undefined when it is not reported).
 */
async function kindsOf<V extends { files: Record<string, string> }, K extends string>(
  variants: readonly V[],
  pick: (variant: V) => Record<K, Where>,
): Promise<{ variant: V; kinds: Record<K, string | undefined> }[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-invariance-'));
  try {
    const files = variants.flatMap((variant) => Object.keys(variant.files));
    writeSources(folder, Object.assign({}, ...variants.map((variant) => variant.files)));
    const reports = await analyzeFolder(folder, files);
    const kindOf = (where: Where): string | undefined => reports.get(where.file)?.functions.find((fn) => fn.name === where.name)?.kind;
    return variants.map((variant) => {
      const named = Object.entries(pick(variant)) as [K, Where][];
      return { variant, kinds: Object.fromEntries(named.map(([role, where]) => [role, kindOf(where)])) as Record<K, string | undefined> };
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** A generator made at least `minimum` variants, each with its own id. */
function assertGenerated(variants: readonly { id: string }[], minimum: number): void {
  assert.ok(variants.length >= minimum, `${variants.length} variants`);
  assert.equal(new Set(variants.map((variant) => variant.id)).size, variants.length, 'variant ids are unique');
}

async function analyseVariants(variants: readonly Variant[]): Promise<Outcome[]> {
  const results = await kindsOf(variants, (variant) => ({ kernel: variant.kernel, caller: variant.caller }));
  return results.map(({ variant, kinds }) => ({ variant, kernel: kinds.kernel, caller: kinds.caller }));
}

describe('invariance: the same work written another way gets the same verdict (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateVariants();
  let outcomes: Outcome[] = [];

  before(async () => {
    outcomes = await analyseVariants(variants);
  });

  it(`generates ${variants.length} variants of ${new Set(variants.map((v) => v.seed.name)).size} seeds`, () => {
    assertGenerated(variants, 600);
  });

  it('gives every variant its seed\'s verdicts', () => {
    const differing = outcomes.filter(({ variant, kernel, caller }) => kernel !== variant.seed.expected.kernel || caller !== variant.seed.expected.caller);
    const lines = differing.map(({ variant, kernel, caller }) =>
      `${variant.id}: kernel ${kernel ?? 'missing'} (want ${variant.seed.expected.kernel}), caller ${caller ?? 'missing'} (want ${variant.seed.expected.caller})`);
    if (process.env.THREADWISE_INVARIANCE_REPORT) {
      console.log(`invariant: ${outcomes.length - differing.length}/${outcomes.length}`);
      for (const line of lines) console.log(`  ${line}`);
    }
    assert.deepEqual(lines, [], `${differing.length} of ${outcomes.length} variants differ from their seed`);
  });
});

describe('invariance: a read whose data reaches computation is mixed however it is written (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateReadVariants();
  let outcomes: { variant: ReadVariant; reader: string | undefined; parser: string | undefined }[] = [];

  before(async () => {
    const results = await kindsOf(variants, (variant) => ({ reader: variant.reader, parser: variant.parser }));
    outcomes = results.map(({ variant, kinds }) => ({ variant, reader: kinds.reader, parser: kinds.parser }));
  });

  it(`generates ${variants.length} variants`, () => {
    assertGenerated(variants, 250);
  });

  it('finds every reader mixed, and every parser with one verdict', () => {
    if (process.env.THREADWISE_INVARIANCE_REPORT) for (const { variant, reader, parser } of outcomes) console.log(`${variant.id}: reader ${reader} parser ${parser}`);
    const parserKinds = new Set(outcomes.map(({ parser }) => parser));
    assert.equal(parserKinds.size, 1, `parsers get several verdicts: ${[...parserKinds].join(', ')}`);
    assert.ok(!parserKinds.has(undefined), 'every parser is reported');
    const differing = outcomes.filter(({ reader }) => reader !== 'mixed').map(({ variant, reader }) => `${variant.id}: reader ${reader ?? 'missing'}`);
    assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} readers are not mixed`);
  });
});

describe('invariance: computation over the input data is cpu however it is written, bounded work none (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateScanVariants();
  let outcomes: { variant: ScanVariant; scanner: string | undefined; caller: string | undefined }[] = [];

  before(async () => {
    const results = await kindsOf(variants, (variant) => ({ scanner: variant.scanner, caller: variant.caller }));
    outcomes = results.map(({ variant, kinds }) => ({ variant, scanner: kinds.scanner, caller: kinds.caller }));
  });

  it(`generates ${variants.length} variants`, () => {
    assertGenerated(variants, 300);
  });

  it('gives every scanner and its caller their seed\'s verdict', () => {
    const differing = outcomes
      .filter(({ variant, scanner, caller }) => scanner !== variant.seed.expected || caller !== variant.seed.expected)
      .map(({ variant, scanner, caller }) => `${variant.id}: scanner ${scanner ?? 'missing'}, caller ${caller ?? 'missing'} (want ${variant.seed.expected})`);
    assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} variants differ from their seed`);
  });
});

describe('invariance: going over the fields of an options object or the arguments written is bounded however it is written (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateRecordVariants();
  let outcomes: { variant: RecordVariant; normaliser: string | undefined; caller: string | undefined }[] = [];

  before(async () => {
    const results = await kindsOf(variants, (variant) => ({ normaliser: variant.normaliser, caller: variant.caller }));
    outcomes = results.map(({ variant, kinds }) => ({ variant, normaliser: kinds.normaliser, caller: kinds.caller }));
  });

  it(`generates ${variants.length} variants`, () => {
    assertGenerated(variants, 120);
  });

  it('finds every normaliser and its caller none', () => {
    const differing = outcomes
      .filter(({ normaliser, caller }) => normaliser !== 'none' || caller !== 'none')
      .map(({ variant, normaliser, caller }) => `${variant.id}: normaliser ${normaliser ?? 'missing'}, caller ${caller ?? 'missing'}`);
    assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} variants are not none`);
  });
});

describe('invariance: a store that reads and parses, serialises and writes is mixed however it reaches the file system (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateStoreVariants();
  let outcomes: { variant: StoreVariant; loader: string | undefined; saver: string | undefined }[] = [];

  before(async () => {
    const results = await kindsOf(variants, (variant) => ({ loader: variant.loader, saver: variant.saver }));
    outcomes = results.map(({ variant, kinds }) => ({ variant, loader: kinds.loader, saver: kinds.saver }));
  });

  it(`generates ${variants.length} variants`, () => {
    assertGenerated(variants, 150);
  });

  it('finds every loader and every saver mixed', () => {
    const differing = outcomes
      .filter(({ loader, saver }) => loader !== 'mixed' || saver !== 'mixed')
      .map(({ variant, loader, saver }) => `${variant.id}: loader ${loader ?? 'missing'}, saver ${saver ?? 'missing'}`);
    assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} variants are not mixed`);
  });
});

describe('invariance: a request handed to a promise is io however the hand-off is written (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateHandOffVariants();
  let outcomes: { variant: HandOffVariant; sender: string | undefined }[] = [];

  before(async () => {
    const results = await kindsOf(variants, (variant) => ({ sender: variant.sender }));
    outcomes = results.map(({ variant, kinds }) => ({ variant, sender: kinds.sender }));
  });

  it(`generates ${variants.length} variants`, () => {
    assertGenerated(variants, 70);
  });

  it('finds every sender io', () => {
    const differing = outcomes.filter(({ sender }) => sender !== 'io').map(({ variant, sender }) => `${variant.id}: sender ${sender ?? 'missing'}`);
    assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} senders are not io`);
  });
});

describe('invariance: a request wrapper is io however its helpers join the URL and merge the headers (TypeScript/JavaScript)', function () {
  this.timeout(300_000);
  const variants = generateWrapperVariants();
  let outcomes: { variant: WrapperVariant; wrapper: string | undefined }[] = [];

  before(async () => {
    const results = await kindsOf(variants, (variant) => ({ wrapper: variant.wrapper }));
    outcomes = results.map(({ variant, kinds }) => ({ variant, wrapper: kinds.wrapper }));
  });

  it(`generates ${variants.length} variants`, () => {
    assertGenerated(variants, 120);
  });

  it('finds every wrapper io', () => {
    const differing = outcomes.filter(({ wrapper }) => wrapper !== 'io').map(({ variant, wrapper }) => `${variant.id}: wrapper ${wrapper ?? 'missing'}`);
    assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} wrappers are not io`);
  });
});
