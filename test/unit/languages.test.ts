/**
 * The language registry and the catalog's one effect vocabulary: every file language has exactly
 * one LanguageSupport, every registered rule is served by the support of its language, and
 * catalog entries keep the vocabulary's promises (the recipes of docs/ARCHITECTURE.md).
 */
import * as assert from 'node:assert/strict';
import * as fsPromises from 'node:fs/promises';
import { allModuleEntries, FILE_HANDLE_TWIN_MODULE, lookupModuleCall } from '../../src/core/catalog';
import { FUNCTIONS, MODULES, TYPES } from '../../src/core/catalog/python';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { PRIMITIVES } from '../../src/core/cost/time';
import { Languages } from '../../src/core/languages';
import type { Language } from '../../src/core/model';
import { allRuleMetas } from '../../src/core/rules';

const FILE_LANGUAGES: readonly Language[] = ['typescript', 'javascript', 'python'];

describe('language registry', () => {
  const languages = new Languages({ root: process.cwd(), config: DEFAULT_CONFIG });

  it('gives every file language exactly one support, which says it serves that language', () => {
    for (const language of FILE_LANGUAGES) {
      const serving = languages.all.filter((support) => support.languages.includes(language));
      assert.equal(serving.length, 1, `${language}: ${serving.length} supports`);
      assert.equal(languages.of(language), serving[0]);
    }
  });

  it('serves every registered rule by the support of its language, and only there', () => {
    const served = languages.all.flatMap((support) => support.rules.map((meta) => `${support.id}:${meta.id}`)).sort();
    const registered = allRuleMetas().map((meta) => `${meta.language}:${meta.id}`).sort();
    assert.deepEqual(served, registered);
  });
});

describe('catalog entries', () => {
  it('name async twins that exist and do not block', async () => {
    const handle = await fsPromises.open(__filename, 'r');
    const twins = allModuleEntries().flatMap((entry) => (entry.asyncTwin ? [entry.asyncTwin] : []));
    assert.ok(twins.length > 10, 'the fs entries name their promise twins');
    for (const twin of twins) {
      const [module, member] = twin.split('#');
      // a FileHandle method (closeSync → handle.close()) is checked against the class itself
      if (module === FILE_HANDLE_TWIN_MODULE) {
        assert.equal(typeof (handle as unknown as Record<string, unknown>)[member], 'function', `${twin} is not a FileHandle method`);
        continue;
      }
      const entry = lookupModuleCall(module, member);
      assert.ok(entry, `${twin} is not in the catalog`);
      assert.notEqual(entry.effect, 'blocking-io', `${twin} blocks`);
    }
    await handle.close();
  });

  it('give Python entries an effect, a price and a reason where the vocabulary asks for one', () => {
    const entries = [...Object.values(FUNCTIONS), ...Object.values(MODULES), ...Object.values(TYPES).flatMap((type) => Object.values(type))];
    for (const entry of entries) {
      if (entry.effect === 'cpu') {
        // priced in operations (`weight`) or in a calibrated primitive (`cost`), never both, never neither
        assert.ok(((entry.weight ?? 0) > 0) !== (entry.cost !== undefined && entry.cost.base > 0 && PRIMITIVES.includes(entry.cost.unit)), 'a cpu entry has a weight or a cost in a primitive');
      }
      if (entry.effect === 'async-io') assert.equal(entry.asyncAlternative, undefined, 'an awaitable needs no alternative');
    }
  });
});
