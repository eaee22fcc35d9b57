/**
 * The `<Owner>.<member>` naming convention (documented in src/core/typescript/naming.ts), for
 * every syntax that defines a method.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources } from '../support';

async function namesOf(file: string, text: string): Promise<string[]> {
  const reports = await analyzeSources({ [file]: text });
  return reports.get(file)!.functions.map((fn) => fn.name);
}

describe('naming', () => {
  it('prototype methods drop the prototype step, however the prototype is filled', async () => {
    const names = await namesOf('body.js', `function Body() {}
Body.prototype = {
  text() { return ''; },
  json: function () { return {}; },
};
Body.prototype.arrayBuffer = function arrayBuffer() { return null; };
function Headers() {}
Object.assign(Headers.prototype, { get(name) { return name; } });
module.exports = { Body, Headers };
`);
    for (const name of ['Body.text', 'Body.json', 'Body.arrayBuffer', 'Headers.get']) assert.ok(names.includes(name), `${name} in ${names}`);
  });

  it('a named function assigned to a member is named by the member', async () => {
    const names = await namesOf('response.js', `var res = Object.create(null);
res.sendFile = function sendFile(path) { return path; };
exports.render = function renderView() { return ''; };
module.exports.listen = function listen() { return 1; };
`);
    assert.ok(names.includes('res.sendFile'), String(names));
    assert.ok(names.includes('render'), String(names));
    assert.ok(names.includes('listen'), String(names));
  });

  it('keeps the own name of a function expression in a declaration or as the module value', async () => {
    assert.ok((await namesOf('a.js', 'const f = function g() { return 1; };\n')).includes('g'));
    assert.ok((await namesOf('b.js', 'module.exports = function createApp() { return 1; };\n')).includes('createApp'));
  });

  it('names class-emulation methods after the variable the derived object is declared as', async () => {
    const names = await namesOf('core.js', `var C_lib = {}, C_pad = {};
var Base = { extend: function (o) { return Object.assign(Object.create(this), o); } };
var Hasher = C_lib.Hasher = Base.extend({
  update: function (data) { return this; },
  finalize() { return 0; },
});
var Pkcs7 = C_pad.Pkcs7 = {
  unpad: function (data) { return data; },
};
exports.Bar = Base.extend({ baz: function () { return 1; } });
`);
    for (const name of ['Hasher.update', 'Hasher.finalize', 'Pkcs7.unpad', 'Bar.baz', 'Base.extend']) assert.ok(names.includes(name), `${name} in ${names}`);
  });

  it('this.method = function in a constructor is a method of that constructor', async () => {
    const names = await namesOf('parser.js', `function Parser(config) {
  this.parse = function (input) { return input; };
}
class Encoder {
  constructor() {
    this.encode = function (image) { return image; };
  }
}
module.exports = { Parser, Encoder };
`);
    assert.ok(names.includes('Parser.parse'), String(names));
    assert.ok(names.includes('Encoder.encode'), String(names));
  });

  it('static assignments and class members', async () => {
    const names = await namesOf('png.ts', `export class PNG {
  static sync = { read(buffer: Uint8Array) { return buffer; } };
  static adjustGamma(src: PNG) { return src; }
  pack() { return this; }
}
export function Legacy() {}
Legacy.decode = function (data: string) { return data; };
`);
    for (const name of ['PNG.adjustGamma', 'PNG.pack', 'PNG.sync.read', 'Legacy.decode']) assert.ok(names.includes(name), `${name} in ${names}`);
  });
});
