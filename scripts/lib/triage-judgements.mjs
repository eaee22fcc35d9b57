// Judgements of real-world triage findings (test/triage/judgements.json) and how they are
// matched to the findings of the current analyser, so judgements survive small line moves.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const VERDICTS = ['true', 'false', 'debatable'];
/** A finding whose line moved at most this far is the same finding, whatever its function. */
export const LINE_TOLERANCE = 3;
/** ... and at most this far when it is still in the same function. */
export const FUNCTION_LINE_TOLERANCE = 40;

/**
 * Test code by place: folders named test/tests/__tests__/testing/spec, fixtures and benchmarks,
 * and the usual test-file names of both languages.
 */
export function isTestPath(path) {
  const p = path.replace(/\\/g, '/').toLowerCase();
  if (/(^|\/)(tests?|__tests__|testing|spec|specs|fixtures?|__fixtures__|bench|benchmarks?)\//.test(p)) return true;
  const base = p.slice(p.lastIndexOf('/') + 1);
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(base) || /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py';
}

/**
 * The judgement file: an array of {project, file, line, column?, rule, function, verdict, reason}.
 * Invalid entries are reported, not silently dropped into the figures.
 */
export function readJudgements(file) {
  if (!existsSync(file)) return { judgements: [], problems: [] };
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${error.message}`, { cause: error });
  }
  const list = Array.isArray(data) ? data : data.judgements;
  if (!Array.isArray(list)) throw new Error(`${file}: expected an array of judgements or {"judgements": [...]}`);
  const judgements = [];
  const problems = [];
  list.forEach((j, index) => {
    const missing = ['project', 'file', 'line', 'rule', 'verdict', 'reason'].filter((k) => j[k] === undefined || j[k] === '');
    if (missing.length) problems.push(`#${index + 1} ${j.project ?? ''} ${j.file ?? ''}:${j.line ?? ''}: missing ${missing.join(', ')}`);
    else if (!VERDICTS.includes(String(j.verdict))) problems.push(`#${index + 1} ${j.project} ${j.file}:${j.line}: verdict must be one of ${VERDICTS.join(', ')}, not ${j.verdict}`);
    else judgements.push({ ...j, verdict: String(j.verdict) });
  });
  return { judgements, problems };
}

/**
 * Attaches each judgement to at most one current finding (finding.judgement) of the same
 * project, file and rule: the nearest by line among those within LINE_TOLERANCE, or within
 * FUNCTION_LINE_TOLERANCE in the same enclosing function. Exact positions are matched first, so a
 * nearby judgement cannot take a finding that has its own. A judgement may also record the
 * finding's column, which tells two findings of one rule on one line apart: a judgement at the
 * finding's own column is preferred to one without a column, and both to one at another column
 * (a column that moved still matches when nothing closer claims the finding, like a moved line).
 * Returns the judgements left unmatched.
 */
export function matchJudgements(judgements, findings) {
  const byPlace = new Map();
  for (const f of findings) {
    const key = `${f.project}\u0000${f.file}\u0000${f.rule}`;
    if (!byPlace.has(key)) byPlace.set(key, []);
    byPlace.get(key).push(f);
  }
  const distance = (j, f) => Math.abs(j.line - f.line);
  const fits = (j, f) => distance(j, f) <= LINE_TOLERANCE || (j.function === f.function && distance(j, f) <= FUNCTION_LINE_TOLERANCE);
  const candidates = judgements.map((j) => (byPlace.get(`${j.project}\u0000${j.file}\u0000${j.rule}`) ?? []).filter((f) => fits(j, f)));
  // Greedy by closeness: all (judgement, finding) pairs sorted by line distance, then same
  // function, then same column (a judgement without a column sits between a match and a mismatch).
  const columnCost = (j, f) => (j.column === undefined || f.column === undefined ? 0.1 : j.column === f.column ? 0 : 0.2);
  const pairs = [];
  judgements.forEach((j, i) => {
    for (const f of candidates[i]) pairs.push({ i, f, cost: distance(j, f) + (j.function === f.function ? 0 : 0.5) + columnCost(j, f) });
  });
  pairs.sort((a, b) => a.cost - b.cost);
  const matched = new Set();
  for (const { i, f } of pairs) {
    if (matched.has(i) || f.judgement) continue;
    f.judgement = judgements[i];
    matched.add(i);
  }
  return { stale: judgements.filter((_, i) => !matched.has(i)) };
}

/** Known real problems the analyser should report (test/triage/missed.json): {project, file, line, rules, reason}. */
export function readMissed(file) {
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, 'utf8'));
  return Array.isArray(data) ? data : data.missed ?? [];
}

/** Each known problem, with the current finding that reports it (same file, a listed rule, within LINE_TOLERANCE) if any. */
export function caughtMisses(missed, findings) {
  return missed.map((m) => {
    const hit = findings.find((f) => f.project === m.project && f.file === m.file && m.rules.includes(f.rule) && Math.abs(f.line - m.line) <= LINE_TOLERANCE);
    return { ...m, caughtBy: hit ? `${hit.rule} at line ${hit.line}` : undefined };
  });
}

/** Writes the judgement file with one judgement per line, so diffs and reviews stay readable. */
export function writeJudgements(file, about, judgements) {
  const order = ['project', 'file', 'line', 'column', 'rule', 'function', 'verdict', 'reason'];
  const entries = judgements.map((j) => JSON.stringify(Object.fromEntries(order.filter((k) => j[k] !== undefined).map((k) => [k, j[k]]))));
  const body = entries.map((e, i) => `    ${e}${i < entries.length - 1 ? ',' : ''}`).join('\n');
  writeFileSync(file, `{\n  "about": ${JSON.stringify(about ?? '')},\n  "judgements": [\n${body}\n  ]\n}\n`);
}

/** The judgement key: two findings of one rule on one line differ by column (absent in older judgements). */
const sameFinding = (a, b) => ['project', 'file', 'line', 'column', 'rule', 'function'].every((k) => a[k] === b[k]);

/**
 * Adds judged stubs (JSON lines as written by --stubs, with verdict and reason filled in) to the
 * judgement file. Stubs still unjudged or invalid are reported and left out; a stub for a
 * finding already judged replaces that judgement.
 */
export function mergeJudgements(file, stubLines) {
  const data = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { judgements: [] };
  const judgements = Array.isArray(data) ? data : data.judgements;
  const problems = [];
  let added = 0;
  let replaced = 0;
  stubLines.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let stub;
    try {
      stub = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1}: not JSON`);
      return;
    }
    if (!VERDICTS.includes(String(stub.verdict)) || !stub.reason) {
      problems.push(`line ${index + 1}: ${stub.project} ${stub.file}:${stub.line} needs a verdict (${VERDICTS.join(' | ')}) and a reason`);
      return;
    }
    const existing = judgements.findIndex((j) => sameFinding(j, stub));
    if (existing >= 0) {
      judgements[existing] = stub;
      replaced++;
    } else {
      judgements.push(stub);
      added++;
    }
  });
  writeJudgements(file, Array.isArray(data) ? undefined : data.about, judgements);
  return { added, replaced, problems };
}
