/**
 * A unit's scope maps (locals, constants, bound names, variable types) and a class's maps start
 * as one shared empty map and get their own on the first write: a write to one function's map
 * must never show in another's.
 */
import { strict as assert } from 'node:assert';
import { PythonParser } from '../../../src/core/python/parser';
import { type FunctionUnit, type PyModule, summarizeModule } from '../../../src/core/python/summarize';

const SOURCE = `
LIMIT = 10

def quiet():
    return 1

def busy(items):
    size = 3
    for item in items:
        pass
    def helper(x):
        return x
    return helper(size)

class Plain:
    pass

class Store:
    def save(self):
        self.path = "x"
`;

describe('python scope maps: shared while empty, own once written', function () {
  this.timeout(30_000);
  let module: PyModule;
  const unit = (name: string) => module.units.find((candidate) => candidate.name === name) as FunctionUnit;

  before(async () => {
    const parser = await PythonParser.create();
    module = summarizeModule(parser.parse('scopes.py', SOURCE));
  });

  it("gives a function's names, constants and nested defs to that function alone", () => {
    assert.deepEqual([...unit('busy').bound].sort(), ['item', 'size']);
    assert.deepEqual([...unit('busy').constants.keys()].sort(), ['!item', 'size']);
    assert.deepEqual([...unit('busy').locals.keys()], ['helper']);
    assert.deepEqual([...unit('<module>').constants.keys()], ['LIMIT']);
    for (const name of ['quiet', 'Store.save', 'busy.helper']) {
      const other = unit(name);
      assert.equal(other.bound.size, 0, `${name} binds nothing`);
      assert.equal(other.constants.size, 0, `${name} has no constants`);
      assert.equal(other.locals.size, 0, `${name} has no nested defs`);
    }
  });

  it("gives a class's methods to that class alone", () => {
    assert.deepEqual([...(module.classes.get('Store')?.methods.keys() ?? [])], ['save']);
    assert.equal(module.classes.get('Plain')?.methods.size, 0);
  });
});
