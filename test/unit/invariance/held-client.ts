/**
 * The invariance generator for I/O behind a value an object holds (#10, `io`): a repository
 * class keeps a database client it was given and runs a query on it. Nothing says what the
 * client is; how the call uses it does: the query is awaited, handed a Node-style completion
 * callback, or made a promise's executor. The client reaches the object from a constructor
 * parameter, a destructured option, a factory of a package the catalog does not describe, or a
 * private field; the call names it through `this` or an alias of it. The query must be `io` in
 * every variant, and a method that only reads a property of the client (`describe`) `none`.
 */
import { combinations, LANGUAGES, variantId, type Language } from './variants';

/** How the client reaches the object. */
export type ClientSource = 'constructor parameter' | 'destructured option' | 'package factory' | 'private field';
/** How the query uses it. */
export type EndpointUse = 'awaited' | 'completion callback' | 'promise executor';
/** How the call names the object. */
export type ReceiverForm = 'this' | 'alias of this';

export const CLIENT_SOURCES: readonly ClientSource[] = ['constructor parameter', 'destructured option', 'package factory', 'private field'];
export const ENDPOINT_USES: readonly EndpointUse[] = ['awaited', 'completion callback', 'promise executor'];
export const RECEIVER_FORMS: readonly ReceiverForm[] = ['this', 'alias of this'];

export interface HeldClientVariant {
  id: string;
  source: ClientSource;
  use: EndpointUse;
  receiver: ReceiverForm;
  language: Language;
  files: Record<string, string>;
  query: { file: string; name: string };
  describe: { file: string; name: string };
}

/** The field the client is kept in, the constructor that keeps it, and what the file imports. */
function clientField(source: ClientSource, ts: boolean): { field: string; declare: string; constructor: string; imports: string } {
  const any = ts ? ': any' : '';
  switch (source) {
    case 'constructor parameter': return { field: 'db', declare: ts ? '  db: any;\n\n' : '', constructor: `  constructor(db${any}) {\n    this.db = db;\n  }`, imports: '' };
    case 'destructured option': return { field: 'db', declare: ts ? '  db: any;\n  table: string;\n\n' : '', constructor: `  constructor({ db, table = 'users' }${any}) {\n    this.db = db;\n    this.table = table;\n  }`, imports: '' };
    case 'package factory': return {
      field: 'db',
      declare: ts ? '  db: any;\n\n' : '',
      constructor: `  constructor(url${ts ? ': string' : ''}) {\n    this.db = createClient({ url });\n  }`,
      imports: ts ? "import { createClient } from '@acme/dbclient';" : "const { createClient } = require('@acme/dbclient');",
    };
    case 'private field': return { field: '#db', declare: `  #db${any};\n\n`, constructor: `  constructor(db${any}) {\n    this.#db = db;\n  }`, imports: '' };
  }
}

/** The query method's body: the client's `query` used as an endpoint. */
function queryBody(use: EndpointUse, client: string, ts: boolean): { body: string; isAsync: boolean } {
  const any = ts ? ': any' : '';
  const sql = "const sql = 'SELECT * FROM users WHERE id = ?';";
  switch (use) {
    case 'awaited': return { isAsync: true, body: `${sql}\n    const rows = await ${client}.query(sql, [id]);\n    return rows[0];` };
    case 'completion callback': return {
      isAsync: false,
      body: `${sql}\n    ${client}.query(sql, [id], (err${any}, rows${any}) => {\n      if (err) return done(err);\n      done(null, rows[0]);\n    });`,
    };
    case 'promise executor': return { isAsync: false, body: `const param = { sql: 'SELECT * FROM users WHERE id = ?', values: [id] };\n    return new Promise(${client}.query.bind(${client}, param));` };
  }
}

function render(variant: Omit<HeldClientVariant, 'id' | 'files' | 'query' | 'describe'>, index: number): Pick<HeldClientVariant, 'files' | 'query' | 'describe'> {
  const ts = variant.language === 'ts';
  const { field, declare, constructor, imports } = clientField(variant.source, ts);
  const alias = variant.receiver === 'alias of this';
  const client = alias ? `self.${field}` : `this.${field}`;
  const prelude = alias ? 'const self = this;\n    ' : '';
  const { body, isAsync } = queryBody(variant.use, client, ts);
  const params = variant.use === 'completion callback' ? `id${ts ? ': number' : ''}, done${ts ? ': (err: unknown, row?: unknown) => void' : ''}` : `id${ts ? ': number' : ''}`;
  const cls = `UserRepository_h${index}`;
  const source = `${ts ? '' : "'use strict';\n"}${imports}

${ts ? 'export ' : ''}class ${cls} {
${declare}${constructor}

  ${isAsync ? 'async ' : ''}findUser(${params}) {
    ${prelude}${body}
  }

  describe() {
    return 'users on ' + this.${field}.host;
  }
}
${ts ? '' : `\nmodule.exports = { ${cls} };\n`}`;
  const file = `h${index}/repository.${variant.language}`;
  return { files: { [file]: source }, query: { file, name: `${cls}.findUser` }, describe: { file, name: `${cls}.describe` } };
}

/** Every held-client variant. */
export function generateHeldClientVariants(): HeldClientVariant[] {
  return combinations({ source: CLIENT_SOURCES, use: ENDPOINT_USES, receiver: RECEIVER_FORMS, language: LANGUAGES })
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
