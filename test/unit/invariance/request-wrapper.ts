/**
 * The invariance generator for request wrappers (#10.1, `io`): an async client operation that
 * builds a URL from path segments, merges header objects, awaits the client's request core and
 * returns the response. Its helpers loop over what a call writes (the URL's parts, the header
 * objects passed, their fields): small constants beside a network round trip. The URL is joined
 * with a `reduce` over rest parts, a `for` loop, `Array.join` or a template; the headers merged
 * with `Object.assign`, a spread, a `for…in` loop or `Object.keys(…).forEach`; the request core is
 * awaited directly, through a hook runner the analyser cannot see into (`patcher.run('request',
 * (o) => core(o), options)`), through a retry helper of the project's, or by handing a fetch
 * package's `fetch` to a hook runner by reference. The wrapper must be `io` in every variant.
 */
import { combinations, LANGUAGES, variantId, type Language } from './variants';

export type UrlJoin = 'reduce over rest parts' | 'for loop over rest parts' | 'Array.join' | 'template';
export type HeaderMerge = 'Object.assign' | 'spread' | 'for-in loop' | 'Object.keys forEach';
export type CoreReach = 'direct await' | 'hook runner' | 'retry helper' | 'library fetch handed to a hook runner';

export const URL_JOINS: readonly UrlJoin[] = ['reduce over rest parts', 'for loop over rest parts', 'Array.join', 'template'];
export const HEADER_MERGES: readonly HeaderMerge[] = ['Object.assign', 'spread', 'for-in loop', 'Object.keys forEach'];
export const CORE_REACHES: readonly CoreReach[] = ['direct await', 'hook runner', 'retry helper', 'library fetch handed to a hook runner'];

export interface WrapperVariant {
  id: string;
  join: UrlJoin;
  merge: HeaderMerge;
  reach: CoreReach;
  language: Language;
  files: Record<string, string>;
  wrapper: { file: string; name: string };
}

/** `joinURL(...parts)`: the URL from its segments, slashes trimmed between them. */
function joinHelper(join: UrlJoin, ts: boolean): string {
  const parts = ts ? '...parts: string[]' : '...parts';
  const str = ts ? ': string' : '';
  switch (join) {
    case 'reduce over rest parts': return `function joinURL(${parts})${str} {
  return parts.reduce((url${str}, part${str}, index${ts ? ': number' : ''}) => (index === 0 ? part : url.replace(/\\/+$/, '') + '/' + part.replace(/^\\/+/, '')), '');
}`;
    case 'for loop over rest parts': return `function joinURL(${parts})${str} {
  let url = '';
  for (let i = 0; i < parts.length; i++) {
    const part = i === 0 ? parts[i] : parts[i].replace(/^\\/+/, '');
    url = i === 0 ? part : url.replace(/\\/+$/, '') + '/' + part;
  }
  return url;
}`;
    case 'Array.join': return `function joinURL(${parts})${str} {
  return parts.map((part${str}, index${ts ? ': number' : ''}) => (index === 0 ? part.replace(/\\/+$/, '') : part.replace(/^\\/+|\\/+$/g, ''))).join('/');
}`;
    case 'template': return `function joinURL(${parts})${str} {
  const [base, path] = parts;
  return \`\${base.replace(/\\/+$/, '')}/\${path.replace(/^\\/+/, '')}\`;
}`;
  }
}

/** `mergeHeaders(...sources)`: one header object from the client's and the call's. */
function mergeHelper(merge: HeaderMerge, ts: boolean): string {
  const record = ts ? 'Record<string, string>' : '';
  const sources = ts ? `...sources: ${record}[]` : '...sources';
  const out = ts ? `: ${record}` : '';
  switch (merge) {
    case 'Object.assign': return `function mergeHeaders(${sources})${out} {
  return Object.assign({}, ...sources);
}`;
    case 'spread': return `function mergeHeaders(${sources})${out} {
  let merged${out} = {};
  for (const source of sources) merged = { ...merged, ...source };
  return merged;
}`;
    case 'for-in loop': return `function mergeHeaders(${sources})${out} {
  const merged${out} = {};
  for (const source of sources) {
    for (const name in source) merged[name.toLowerCase()] = source[name];
  }
  return merged;
}`;
    case 'Object.keys forEach': return `function mergeHeaders(${sources})${out} {
  return sources.reduce((merged${out}, source${out}) => {
    Object.keys(source).forEach((name) => { merged[name.toLowerCase()] = source[name]; });
    return merged;
  }, {});
}`;
  }
}

/** The request core, and how the wrapper awaits it (with the helpers and imports that takes). */
function coreParts(reach: CoreReach, ts: boolean): { helpers: string; call: string; imports?: string } {
  const anyType = ts ? ': any' : '';
  const core = `async function send(options${anyType}) {
  const response = await fetch(options.url, { method: options.method, headers: options.headers });
  if (!response.ok) throw new Error('request failed: ' + response.status);
  return response;
}`;
  switch (reach) {
    case 'direct await': return { helpers: core, call: 'await send(options)' };
    case 'hook runner': return {
      helpers: `${core}\n\nfunction request(context${anyType}, options${anyType}) {\n  return context.patcher.run('request', (prepared${anyType}) => send(prepared), options);\n}`,
      call: 'await request(context, options)',
    };
    case 'retry helper': return {
      helpers: `${core}\n\nasync function retry(attempt${ts ? ': () => Promise<any>' : ''}, times = 3)${ts ? ': Promise<any>' : ''} {\n  try {\n    return await attempt();\n  } catch (error) {\n    if (times <= 1) throw error;\n    return retry(attempt, times - 1);\n  }\n}`,
      call: 'await retry(() => send(options))',
    };
    case 'library fetch handed to a hook runner': return {
      imports: ts ? 'import { fetch } from \'@acme/fetch\';' : 'const { fetch } = require(\'minipass-fetch\');',
      helpers: `function request(context${anyType}, options${anyType}) {\n  return context.patcher.patchInline('fetch', fetch, options.url, { method: options.method, headers: options.headers });\n}`,
      call: 'await request(context, options)',
    };
  }
}

function render(variant: Omit<WrapperVariant, 'id' | 'files' | 'wrapper'>, index: number): Pick<WrapperVariant, 'files' | 'wrapper'> {
  const ts = variant.language === 'ts';
  const anyType = ts ? ': any' : '';
  const core = coreParts(variant.reach, ts);
  const name = `deleteFile_w${index}`;
  const file = `w${index}/client.${variant.language}`;
  const wrapper = `${ts ? 'export ' : ''}async function ${name}(context${anyType}, filename${ts ? ': string' : ''}, userHeaders${anyType} = {}) {
  const options = {
    url: joinURL(context.remoteURL, encodeURIComponent(filename)),
    method: 'DELETE',
    headers: mergeHeaders(context.headers, userHeaders),
  };
  const response = ${core.call};
  return response.status;
}`;
  const exportLine = ts ? '' : `\nmodule.exports = { ${name} };\n`;
  const source = [ts ? '' : '\'use strict\';\n', core.imports ?? '', joinHelper(variant.join, ts), mergeHelper(variant.merge, ts), core.helpers, wrapper].join('\n\n');
  return { files: { [file]: `${source}\n${exportLine}` }, wrapper: { file, name } };
}

/** Every request-wrapper variant. */
export function generateWrapperVariants(): WrapperVariant[] {
  return combinations({ join: URL_JOINS, merge: HEADER_MERGES, reach: CORE_REACHES, language: LANGUAGES })
    .map((base, index) => ({ ...base, id: variantId(base), ...render(base, index) }));
}
