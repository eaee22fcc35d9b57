/**
 * Request paths through a CommonJS module's own exports and into a view engine (#11 item 2):
 * a template engine's render function reads the template with a blocking read on every render,
 * and the render is reached per request however it is written — the module calling its own export
 * (`exports.renderFile(...)`, `module.exports.renderFile(...)`) or a local function, the engine
 * entered through Express's `exports.__express` protocol, registered with `app.engine('ext', fn)`,
 * or called from a route handler. Every variant must report the read (invariance family); what
 * only looks like it (another object's `__express`, a car's `engine()`, a render at start-up)
 * stays quiet. And a lookup a middleware factory picks among functions by a value (`dev ?
 * fromDisk : fromMemory`) reaches each of them from the request handler.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources } from '../support';

/** How the engine's entry reaches its file-reading render. */
type CallForm = 'exports.member' | 'module.exports.member' | 'local function' | 'exports alias';
/** How the render is put on a request path. */
type Entry = '__express export' | 'module.exports.__express' | 'app.engine by reference' | 'app.engine inline' | 'route handler';

const CALL_FORMS: readonly CallForm[] = ['exports.member', 'module.exports.member', 'local function', 'exports alias'];
const ENTRIES: readonly Entry[] = ['__express export', 'module.exports.__express', 'app.engine by reference', 'app.engine inline', 'route handler'];

interface EngineVariant {
  id: string;
  files: Record<string, string>;
  /** the file and line of the blocking read */
  read: { file: string; line: number };
}

/** The engine module: a template cache, a compile step and a render that reads the template file when it is not cached. */
function engineModule(form: CallForm, withExpressEntry: Entry | undefined): string {
  const call = {
    'exports.member': 'exports.renderTemplate(file, options)',
    'module.exports.member': 'module.exports.renderTemplate(file, options)',
    'local function': 'renderTemplate(file, options)',
    'exports alias': 'engine.renderTemplate(file, options)',
  }[form];
  const lines = [
    '\'use strict\';',
    'var fs = require(\'fs\');',
    'var engine = exports;',
    'var cache = {};',
    'function compileTemplate(text) {',
    '  return function (locals) { return text.replace(/#\\{(\\w+)\\}/g, function (_, key) { return String(locals[key]); }); };',
    '}',
    'function renderTemplate(file, options) {',
    '  if (options.cache && cache[file]) return cache[file](options);',
    '  var text = fs.readFileSync(file, \'utf8\');',
    '  var template = compileTemplate(text);',
    '  if (options.cache) cache[file] = template;',
    '  return template(options);',
    '}',
    'exports.renderTemplate = renderTemplate;',
    'exports.renderCallback = function (file, options, done) {',
    '  var html;',
    '  try {',
    `    html = ${call};`,
    '  } catch (error) {',
    '    return done(error);',
    '  }',
    '  done(null, html);',
    '};',
  ];
  if (withExpressEntry === '__express export') lines.push('exports.__express = function (file, options, done) {', '  exports.renderCallback(file, options, done);', '};');
  if (withExpressEntry === 'module.exports.__express') lines.push('module.exports.__express = function (file, options, done) {', '  engine.renderCallback(file, options, done);', '};');
  return `${lines.join('\n')}\n`;
}

/** The line of `fs.readFileSync` in engineModule (1-based). */
const READ_LINE = 10;

function appModule(entry: Entry): string | undefined {
  switch (entry) {
    case '__express export':
    case 'module.exports.__express':
      return undefined;
    case 'app.engine by reference':
      return 'const express = require(\'express\');\nconst views = require(\'./engine\');\nconst app = express();\napp.engine(\'tpl\', views.renderCallback);\napp.set(\'view engine\', \'tpl\');\nmodule.exports = app;\n';
    case 'app.engine inline':
      return 'const express = require(\'express\');\nconst views = require(\'./engine\');\nconst app = express();\napp.engine(\'tpl\', (file, options, done) => views.renderCallback(file, options, done));\nmodule.exports = app;\n';
    case 'route handler':
      return 'const express = require(\'express\');\nconst views = require(\'./engine\');\nconst app = express();\napp.get(\'/page\', (req, res) => {\n  views.renderCallback(\'views/page.tpl\', { name: req.query.name }, (error, html) => res.send(html));\n});\nmodule.exports = app;\n';
  }
}

function variants(): EngineVariant[] {
  const all: EngineVariant[] = [];
  for (const form of CALL_FORMS) {
    for (const entry of ENTRIES) {
      const dir = `v${all.length}`;
      const engineEntry = entry === '__express export' || entry === 'module.exports.__express' ? entry : undefined;
      const files: Record<string, string> = { [`${dir}/engine.js`]: engineModule(form, engineEntry) };
      const app = appModule(entry);
      if (app) files[`${dir}/app.js`] = app;
      all.push({ id: `${form} / ${entry}`, files, read: { file: `${dir}/engine.js`, line: READ_LINE } });
    }
  }
  return all;
}

describe('request paths: a view engine\'s render, through a module\'s own exports (invariance)', function () {
  this.timeout(120_000);

  it('reports the per-render blocking read in every variant', async () => {
    const family = variants();
    assert.equal(family.length, CALL_FORMS.length * ENTRIES.length);
    const reports = await analyzeSources(Object.assign({}, ...family.map((variant) => variant.files)));
    const missing = family.filter((variant) => {
      const findings = reports.get(variant.read.file)?.findings ?? [];
      return !findings.some((finding) => finding.rule === 'blocking-sync-io' && finding.range.line === variant.read.line);
    });
    assert.deepEqual(missing.map((variant) => variant.id), []);
  });

  it('stays quiet where nothing renders per request', async () => {
    const reports = await analyzeSources({
      // `__express` on an object that is not the module's exports
      'other/registry.js': '\'use strict\';\nvar fs = require(\'fs\');\nvar plugins = {};\nplugins.__express = function (file) {\n  return fs.readFileSync(file, \'utf8\');\n};\nmodule.exports = plugins;\n',
      // an `engine` method of something that is no web framework
      'other/car.js': '\'use strict\';\nvar fs = require(\'fs\');\nfunction Car() {}\nCar.prototype.engine = function (name, start) { this.starter = start; };\nvar car = new Car();\ncar.engine(\'v8\', function (file) { return fs.readFileSync(file, \'utf8\'); });\nmodule.exports = car;\n',
      // a module that renders its own export once, at start-up
      'other/banner.js': '\'use strict\';\nvar fs = require(\'fs\');\nexports.loadBanner = function (file) {\n  return fs.readFileSync(file, \'utf8\');\n};\nexports.banner = exports.loadBanner(__dirname + \'/banner.txt\');\n',
    });
    for (const file of ['other/registry.js', 'other/car.js', 'other/banner.js']) {
      assert.deepEqual(reports.get(file)?.findings.map((finding) => `${finding.rule}:${finding.range.line}`), [], file);
    }
  });
});

/** How a middleware factory picks its per-request lookup: one of two functions, held by a value. */
type Choice = 'conditional of binds' | 'conditional' | 'logical or' | 'if/else assignment';
const CHOICES: readonly Choice[] = ['conditional of binds', 'conditional', 'logical or', 'if/else assignment'];

function staticServer(choice: Choice): string {
  const pick = {
    'conditional of binds': 'const lookup = options.live ? fromDisk.bind(null, root) : fromMemory.bind(null, files);',
    'conditional': 'const lookup = options.live ? (name) => fromDisk(root, name) : (name) => fromMemory(files, name);',
    'logical or': 'const lookup = (options.live && ((name) => fromDisk(root, name))) || ((name) => fromMemory(files, name));',
    'if/else assignment': 'let lookup;\n  if (options.live) lookup = (name) => fromDisk(root, name);\n  else lookup = (name) => fromMemory(files, name);',
  }[choice];
  return [
    '\'use strict\';',
    'const fs = require(\'fs\');',
    'const path = require(\'path\');',
    'function fromDisk(root, name) {',
    '  const file = path.join(root, name);',
    '  if (!fs.existsSync(file)) return undefined;',
    '  return { file, size: fs.statSync(file).size };',
    '}',
    'function fromMemory(files, name) {',
    '  return files[name];',
    '}',
    'module.exports = function serveFiles(root, options) {',
    '  const files = {};',
    `  ${pick}`,
    '  return function (req, res, next) {',
    '    const found = lookup(req.url);',
    '    if (!found) return next();',
    '    res.setHeader(\'Content-Length\', found.size);',
    '    fs.createReadStream(found.file).pipe(res);',
    '  };',
    '};',
    '',
  ].join('\n');
}

describe('request paths: a lookup chosen among functions by a value reaches each of them (invariance)', function () {
  this.timeout(120_000);

  it('reports the blocking probe of the disk lookup in every way of choosing it', async () => {
    const sources = Object.fromEntries(CHOICES.map((choice, index) => [`s${index}/serve.js`, staticServer(choice)]));
    const reports = await analyzeSources(sources);
    const missing = CHOICES.filter((_choice, index) => !(reports.get(`s${index}/serve.js`)?.findings ?? []).some((finding) => finding.rule === 'blocking-sync-io' && finding.range.line === 6));
    assert.deepEqual(missing, []);
  });
});
