/**
 * Which files are skipped before parsing: minified or generated code is, a hand-written file
 * holding a few long lines of literal data (an entity table, a generated character class, as in
 * HTML entity codecs and Unicode tables) is not.
 */
import * as assert from 'node:assert/strict';
import { skipReason } from '../../src/core/files';
import { analyzeSources, assertKinds } from './support';

const LIMIT = 10 * 1024 * 1024;

/** A hand-written module with an entity table and a generated character class, each on one long line. */
function entityCodec(entries: number): string {
  const table = Array.from({ length: entries }, (_, i) => `'e${i}':'\\u${(0x2000 + (i % 4000)).toString(16).padStart(4, '0')}'`).join(',');
  const alternatives = Array.from({ length: entries }, (_, i) => `e${i}`).join('|');
  return [
    `'use strict';`,
    `var decodeMap = {${table}};`,
    `var regexDecode = /&(${alternatives});/g;`,
    ...Array.from({ length: 40 }, (_, i) => `// notes on the codec, line ${i}`),
    `function decode(html) {`,
    `  return html.replace(regexDecode, function ($0, name) {`,
    `    return decodeMap[name];`,
    `  });`,
    `}`,
    `function hexEscape(codePoint) {`,
    `  return '&#x' + codePoint.toString(16).toUpperCase() + ';';`,
    `}`,
    `module.exports = { decode: decode, hexEscape: hexEscape };`,
    '',
  ].join('\n');
}

/** Minified code: statements run together on one long line. */
function minified(functions: number): string {
  const body = Array.from({ length: functions }, (_, i) => `function f${i}(a,b){if(a>b){return a-b}for(var i=0;i<a;i++){b+=i}return this.g(b)}`).join(';');
  return `/*! lib v1.0 | MIT */\n!function(){${body}}();\n`;
}

describe('skipped files', () => {
  it('reads long lines of literal data in a hand-written file as a table, not as minified code', () => {
    const text = entityCodec(3000);
    assert.ok(text.split('\n').some((line) => line.length > 10_000), 'the table is on a line over 10,000 characters');
    assert.equal(skipReason(text, LIMIT), undefined);
  });

  it('still skips minified code, on one line or on a few', () => {
    assert.match(skipReason(minified(400), LIMIT) ?? '', /minified/);
    const severalLines = Array.from({ length: 6 }, () => minified(60)).join('');
    assert.match(skipReason(severalLines, LIMIT) ?? '', /minified/);
  });

  it('still skips a bundle whose modules are code in strings (eval per module)', () => {
    const module = (i: number) => `/***/ "./src/m${i}.js": ((module) => { eval("function m${i}(x) { var t = 0; for (var i = 0; i < x; i++) { t += i; } return t; };\\n${'module.exports = m; '.repeat(600)}"); })`;
    const text = Array.from({ length: 4 }, (_, i) => module(i)).join(',\n') + '\n';
    assert.match(skipReason(text, LIMIT) ?? '', /minified/);
  });

  it('classifies the functions of a file with a data table', async function () {
    this.timeout(20_000);
    const reports = await analyzeSources({ 'codec.js': entityCodec(3000) });
    // a global regular expression replaced over the input is cpu; formatting one number is not
    assertKinds(reports, 'codec.js', { decode: 'cpu', hexEscape: 'none' });
  });
});
