/**
 * The invariance generator for I/O handed to a promise (#10.1, `io`): a client method that sends
 * a command through a callback-style call (a socket write, a database query, a file append) and
 * hands back a promise of its completion. The same request is written with an inline executor,
 * the callback-style method bound as the executor (`new Promise(this.conn.query.bind(this.conn,
 * sql))`), `util.promisify` of a bound method or of the library's own member, a method whose key
 * is a symbol, or an `await` of a promisified call; as a class method or a prototype function. The
 * client method must be `io` in every variant.
 */
import { combinations, LANGUAGES, variantId, type Language } from './variants';

export type IoTarget = 'socket' | 'database' | 'file';
export type HandOff = 'inline executor' | 'bound executor' | 'promisify bound method' | 'promisify library member' | 'symbol-keyed method' | 'await promisified';
export type ClientStyle = 'class' | 'prototype';

export const IO_TARGETS: readonly IoTarget[] = ['socket', 'database', 'file'];
export const HAND_OFFS: readonly HandOff[] = ['inline executor', 'bound executor', 'promisify bound method', 'promisify library member', 'symbol-keyed method', 'await promisified'];
export const CLIENT_STYLES: readonly ClientStyle[] = ['class', 'prototype'];

export interface HandOffVariant {
  id: string;
  target: IoTarget;
  handOff: HandOff;
  style: ClientStyle;
  language: Language;
  files: Record<string, string>;
  sender: { file: string; name: string };
}

/** How the client is set up and how one callback-style call of the target reads (receiver, member, extra arguments). */
function targetParts(target: IoTarget): { imports: string[]; setup: string; receiver: string; member: string; library: string } {
  switch (target) {
    case 'socket': return { imports: ['net'], setup: 'this.sock = net.connect(port);', receiver: 'this.sock', member: 'write', library: 'this.sock.write' };
    case 'database': return { imports: ['mysql'], setup: 'this.conn = mysql.createConnection({ port });', receiver: 'this.conn', member: 'query', library: 'this.conn.query' };
    case 'file': return { imports: ['fs'], setup: 'this.file = \'/var/log/commands-\' + port + \'.log\';', receiver: 'fs', member: 'appendFile', library: 'fs.appendFile' };
  }
}

/** The callback-style call of the target with `command` and `callback` (a file append names its file first). */
function targetCall(target: IoTarget, command: string, callback: string): string {
  const { receiver, member } = targetParts(target);
  return target === 'file' ? `${receiver}.${member}(this.file, ${command}, ${callback})` : `${receiver}.${member}(${command}, ${callback})`;
}

/** The sender's body for a hand-off form, with the helper methods it needs (as [name, params, body]). */
function handOffParts(handOff: HandOff, target: IoTarget, ts: boolean): { body: string; helpers: [string, string, string][]; asyncSender: boolean } {
  const anyType = ts ? ': any' : '';
  const callbackType = ts ? ': (err: Error | null, result?: unknown) => void' : '';
  const library = targetParts(target).library;
  const receiver = targetParts(target).receiver;
  switch (handOff) {
    case 'inline executor': return {
      body: `return new Promise((resolve, reject) => this._send(command, (err${anyType}, result${anyType}) => (err ? reject(err) : resolve(result))));`,
      helpers: [['_send', `command${ts ? ': string' : ''}, callback${callbackType}`, `${targetCall(target, 'command + \'\\r\\n\'', 'callback')};`]],
      asyncSender: false,
    };
    case 'bound executor': return {
      body: 'return new Promise(this._sendSettled.bind(this, command));',
      helpers: [['_sendSettled', `command${ts ? ': string' : ''}, resolve${anyType}, reject${anyType}`, `${targetCall(target, 'command + \'\\r\\n\'', `(err${anyType}, result${anyType}) => (err ? reject(err) : resolve(result))`)};`]],
      asyncSender: false,
    };
    case 'promisify bound method': return {
      body: 'const send = promisify(this._send.bind(this));\n    return send(command);',
      helpers: [['_send', `command${ts ? ': string' : ''}, callback${callbackType}`, `${targetCall(target, 'command + \'\\r\\n\'', 'callback')};`]],
      asyncSender: false,
    };
    case 'promisify library member': return {
      body: target === 'file'
        ? 'const append = promisify(fs.appendFile);\n    return append(this.file, command + \'\\r\\n\');'
        : `const send = promisify(${library}).bind(${receiver});\n    return send(command + '\\r\\n');`,
      helpers: [],
      asyncSender: false,
    };
    case 'symbol-keyed method': return {
      body: `return new Promise((resolve, reject) => this[kSend](command, (err${anyType}) => (err ? reject(err) : resolve(undefined))));`,
      helpers: [['[kSend]', `command${ts ? ': string' : ''}, callback${callbackType}`, `${targetCall(target, 'command + \'\\r\\n\'', 'callback')};`]],
      asyncSender: false,
    };
    case 'await promisified': return {
      body: 'const send = promisify(this._send.bind(this));\n    const reply = await send(command);\n    return reply;',
      helpers: [['_send', `command${ts ? ': string' : ''}, callback${callbackType}`, `${targetCall(target, 'command + \'\\r\\n\'', 'callback')};`]],
      asyncSender: true,
    };
  }
}

function render(variant: Omit<HandOffVariant, 'id' | 'files' | 'sender'>, index: number): Pick<HandOffVariant, 'files' | 'sender'> {
  const ts = variant.language === 'ts';
  const cls = `CommandClient_h${index}`;
  const parts = targetParts(variant.target);
  const handOff = handOffParts(variant.handOff, variant.target, ts);
  const file = `h${index}/client.${variant.language}`;
  const imports = [
    ...parts.imports.map((name) => (ts ? `import * as ${name} from '${name}';` : `const ${name} = require('${name}');`)),
    ts ? 'import { promisify } from \'util\';' : 'const { promisify } = require(\'util\');',
    'const kSend = Symbol(\'send\');',
  ].join('\n');
  const command = `command${ts ? ': string' : ''}`;
  const sender = `${handOff.asyncSender ? 'async ' : ''}send(${command})`;
  let body: string;
  if (variant.style === 'class') {
    const fields = ts ? '  [key: string]: any;\n\n' : '';
    const helpers = handOff.helpers.map(([name, params, code]) => `  ${name}(${params}) {\n    ${code}\n  }`).join('\n\n');
    body = `${ts ? 'export ' : ''}class ${cls} {\n${fields}  constructor(port${ts ? ': number' : ''}) {\n    ${parts.setup}\n  }\n\n  ${sender} {\n    ${handOff.body}\n  }\n${helpers ? `\n${helpers}\n` : ''}}`;
  } else {
    const self = ts ? 'this: any, ' : '';
    const helpers = handOff.helpers.map(([name, params, code]) => {
      const key = name.startsWith('[') ? name : `.${name}`;
      return `${cls}.prototype${key} = function (${self}${params}) {\n  ${code}\n};`;
    }).join('\n\n');
    const asyncWord = handOff.asyncSender ? 'async ' : '';
    body = `${ts ? 'export ' : ''}function ${cls}(${ts ? 'this: any, ' : ''}port${ts ? ': number' : ''}) {\n  ${parts.setup}\n}\n\n${cls}.prototype.send = ${asyncWord}function (${self}${command}) {\n  ${handOff.body.replace(/\n {4}/g, '\n  ')}\n};\n\n${helpers}`;
  }
  const exportLine = ts ? '' : `\nmodule.exports = { ${cls} };\n`;
  return {
    files: { [file]: `${ts ? '' : '\'use strict\';\n'}${imports}\n\n${body}\n${exportLine}` },
    sender: { file, name: `${cls}.send` },
  };
}

/** Every hand-off variant. */
export function generateHandOffVariants(): HandOffVariant[] {
  return combinations({ target: IO_TARGETS, handOff: HAND_OFFS, style: CLIENT_STYLES, language: LANGUAGES })
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
