/**
 * Invariance (#10.2): the same work written another way gets the same verdict. Each family of
 * equivalent variants (one generator per file in this folder) is analysed in one project, and
 * every variant's functions must get the verdicts the family promises.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFolder, writeSources } from '../support/analysis';
import { generateVariants } from './variants';
import { generateReadVariants } from './read-then-compute';
import { generateScanVariants } from './input-scans';
import { generateRecordVariants } from './record-fields';
import { generateStoreVariants } from './store-io';
import { generateHandOffVariants } from './promise-handoff';
import { generateWrapperVariants } from './request-wrapper';
import { generateHeldClientVariants } from './held-client';
import { generateLoopOverReadVariants, listerKind } from './loop-over-read';
import { generateParseOptionVariants } from './parse-option';
import { generateModeFlagVariants } from './mode-flag';

type Where = { file: string; name: string };
type Kinds<K extends string> = Record<K, string | undefined>;

/**
 * Analyses all variants in one project (each variant's files side by side) and gives, per
 * variant, the kind of each function `pick` names (undefined when it is not reported).
 */
async function kindsOf<V extends { files: Record<string, string> }, K extends string>(
  variants: readonly V[],
  pick: (variant: V) => Record<K, Where>,
): Promise<{ variant: V; kinds: Kinds<K> }[]> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-invariance-'));
  try {
    const files = variants.flatMap((variant) => Object.keys(variant.files));
    writeSources(folder, Object.assign({}, ...variants.map((variant) => variant.files)));
    const reports = await analyzeFolder(folder, files);
    const kindOf = (where: Where): string | undefined => reports.get(where.file)?.functions.find((fn) => fn.name === where.name)?.kind;
    return variants.map((variant) => {
      const named = Object.entries(pick(variant)) as [K, Where][];
      return { variant, kinds: Object.fromEntries(named.map(([role, where]) => [role, kindOf(where)])) as Kinds<K> };
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** One family of equivalent variants and the verdicts all of them must get. */
interface InvarianceFamily<V extends { id: string; files: Record<string, string> }, K extends string> {
  /** what stays the same however the code is written */
  title: string;
  variants: readonly V[];
  /** the generator must make at least this many variants */
  minimum: number;
  /** where each role's function is in a variant */
  roles: (variant: V) => Record<K, Where>;
  /** the verdict each role must get; a role left out is checked by `consistent` only */
  expected: (variant: V) => Partial<Record<NoInfer<K>, string>>;
  /** roles whose verdict must be one and the same across all variants, whatever it is */
  consistent?: readonly NoInfer<K>[];
}

/** Describes one family: it is generated, and every variant gets the verdicts the family promises. */
function describeInvariance<V extends { id: string; files: Record<string, string> }, K extends string>(family: InvarianceFamily<V, K>): void {
  describe(`invariance: ${family.title} (TypeScript/JavaScript)`, function () {
    this.timeout(300_000);
    let outcomes: { variant: V; kinds: Kinds<K> }[] = [];

    before(async () => {
      outcomes = await kindsOf(family.variants, family.roles);
    });

    it(`generates at least ${family.minimum} variants, each with its own id (${family.variants.length})`, () => {
      assert.ok(family.variants.length >= family.minimum, `${family.variants.length} variants`);
      assert.equal(new Set(family.variants.map((variant) => variant.id)).size, family.variants.length, 'variant ids are unique');
    });

    it('gives every variant the same verdicts', () => {
      const differing = outcomes.flatMap(({ variant, kinds }) => {
        const wanted = Object.entries(family.expected(variant)) as [K, string][];
        const wrong = wanted.filter(([role, kind]) => kinds[role] !== kind);
        return wrong.length === 0 ? [] : [`${variant.id}: ${wrong.map(([role, kind]) => `${role} ${kinds[role] ?? 'missing'} (want ${kind})`).join(', ')}`];
      });
      for (const role of family.consistent ?? []) {
        const seen = new Set(outcomes.map(({ kinds }) => kinds[role]));
        if (seen.size !== 1 || seen.has(undefined)) differing.push(`${role}: several verdicts or a missing one across variants: ${[...seen].join(', ')}`);
      }
      if (process.env.THREADWISE_INVARIANCE_REPORT) {
        console.log(`invariant: ${outcomes.length - differing.length}/${outcomes.length}`);
        for (const line of differing) console.log(`  ${line}`);
      }
      assert.deepEqual(differing, [], `${differing.length} of ${outcomes.length} variants differ`);
    });
  });
}

describeInvariance({
  title: 'the same work written another way gets the same verdict',
  variants: generateVariants(),
  minimum: 600,
  roles: (variant) => ({ kernel: variant.kernel, caller: variant.caller }),
  expected: (variant) => variant.seed.expected,
});

describeInvariance({
  title: 'a read whose data reaches computation is mixed however it is written',
  variants: generateReadVariants(),
  minimum: 600,
  roles: (variant) => ({ reader: variant.reader, parser: variant.parser }),
  expected: () => ({ reader: 'mixed' }),
  consistent: ['parser'],
});

describeInvariance({
  title: 'computation over the input data is cpu however it is written, bounded work none',
  variants: generateScanVariants(),
  minimum: 300,
  roles: (variant) => ({ scanner: variant.scanner, caller: variant.caller }),
  expected: (variant) => ({ scanner: variant.seed.expected, caller: variant.seed.expected }),
});

describeInvariance({
  title: 'going over the fields of an options object or the arguments written is bounded however it is written',
  variants: generateRecordVariants(),
  minimum: 120,
  roles: (variant) => ({ normaliser: variant.normaliser, caller: variant.caller }),
  expected: () => ({ normaliser: 'none', caller: 'none' }),
});

describeInvariance({
  title: 'a store that reads and parses, serialises and writes is mixed however it reaches the file system',
  variants: generateStoreVariants(),
  minimum: 150,
  roles: (variant) => ({ loader: variant.loader, saver: variant.saver }),
  expected: () => ({ loader: 'mixed', saver: 'mixed' }),
});

describeInvariance({
  title: 'a request handed to a promise is io however the hand-off is written',
  variants: generateHandOffVariants(),
  minimum: 70,
  roles: (variant) => ({ sender: variant.sender }),
  expected: () => ({ sender: 'io' }),
});

describeInvariance({
  title: 'a request wrapper is io however its helpers join the URL and merge the headers',
  variants: generateWrapperVariants(),
  minimum: 120,
  roles: (variant) => ({ wrapper: variant.wrapper }),
  expected: () => ({ wrapper: 'io' }),
});

describeInvariance({
  title: 'a query on a client the object holds is io however the client got there and the call waits on it',
  variants: generateHeldClientVariants(),
  minimum: 48,
  roles: (variant) => ({ query: variant.query, describe: variant.describe }),
  expected: () => ({ query: 'io', describe: 'none' }),
});

describeInvariance({
  title: 'a loop over the lines of what was read is mixed however it is written, one over a listing\'s names stays I/O',
  variants: generateLoopOverReadVariants(),
  minimum: 300,
  roles: (variant) => ({ reader: variant.reader, lister: variant.lister }),
  expected: (variant) => ({ reader: 'mixed', lister: listerKind(variant.read) }),
});

describeInvariance({
  title: 'a read parsed by the parser an option names is mixed however the option is taken and the read handed off',
  variants: generateParseOptionVariants(),
  minimum: 150,
  roles: (variant) => ({ loader: variant.loader, caller: variant.caller }),
  expected: () => ({ loader: 'mixed', caller: 'mixed' }),
});

describeInvariance({
  title: 'a function that blocks only in the mode its caller asks for waits by default however the flag is tested and left off',
  variants: generateModeFlagVariants(),
  minimum: 300,
  roles: (variant) => ({ dual: variant.dual, waiting: variant.waiting, blocking: variant.blocking }),
  expected: () => ({ dual: 'io', waiting: 'io', blocking: 'io-sync' }),
});
