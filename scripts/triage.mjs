#!/usr/bin/env node
// Real-world triage: how many findings the analyser reports on third-party code nobody here
// wrote, and how many of them a senior engineer would keep.
//
//   npm run triage                         # dev half: findings per rule / per 10k lines, precision
//   npm run triage -- --half blind         # the blind half (only after the last analysis change)
//   npm run triage -- --half blind2        # the second blind half (projects added later; same rule)
//   npm run triage -- --half blind3        # the third blind half (likewise)
//   npm run triage -- --half blind4        # the fourth blind half (likewise)
//   npm run triage -- --half blind5        # the fifth blind half (likewise)
//   npm run triage -- --half blind6        # the sixth blind half (likewise)
//   npm run triage -- --half blind7        # the seventh blind half (likewise)
//   npm run triage -- --half blind8        # the eighth blind half (likewise)
//   npm run triage -- --half blind9        # the ninth blind half (likewise)
//   npm run triage -- --half blind10       # the tenth blind half (likewise)
//   npm run triage -- --half blind11       # the eleventh blind half (likewise)
//   npm run triage -- --unjudged           # list unjudged findings with code context + stubs
//   npm run triage -- --unjudged --per-rule 12 --stubs /tmp/stubs.jsonl
//
// Projects are pinned in test/triage/projects.json and installed by scripts/triage-install.mjs
// into .cache/triage/ (never committed). Judgements (test/triage/judgements.json) say, per
// finding, whether it is worth changing for concurrency reasons: true | false | debatable, with a
// one-line reason, made by reading the code. A judgement matches a current finding of the same
// project, file and rule when the enclosing function is the same and the line moved by at most
// FUNCTION_LINE_TOLERANCE, or the line moved by at most LINE_TOLERANCE; so small edits to the
// analysis (or a message rewording) do not lose judgements. Stubs also record the column, so two
// findings of one rule on one line each get a judgement of their own.
//
// Options:
//   --cli <path>           analyser CLI (default dist/cli.js; env THREADWISE_CLI too)
//   --half dev|blind|blind2|blind3|blind4|blind5|blind6|blind7|blind8|blind9|blind10|blind11|all   which projects (default dev)
//   --project <name>       only this project (repeatable; name without version)
//   --judgements <file>    judgement file (default test/triage/judgements.json)
//   --missed <file>        known real problems to catch (default test/triage/missed.json)
//   --reuse-output         reuse the analyser output of the previous run with the same CLI
//   --jobs <n>             analyser processes at a time (default 2)
//   --timeout <seconds>    per project (default 600)
//   --json                 machine-readable report on stdout
//   --unjudged             list the current findings no judgement matches, with code context
//   --per-rule <n>         with --unjudged: at most n per rule, picked evenly across projects
//   --context <n>          lines of code either side of an unjudged finding (default 3)
//   --stubs <file>         with --unjudged: also write one judgement stub per finding (JSON lines)
//   --merge <file>         add judged stubs (verdict and reason filled in) to the judgement file; no analysis
//   --rule <id>            only findings of this rule (repeatable)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HALVES, ROOT, TRIAGE_CACHE, analysisRoot, checkSplit, installProjects, listProjects, readProjectsFile } from './lib/triage-projects.mjs';
import { caughtMisses, isTestPath, matchJudgements, mergeJudgements, readJudgements, readMissed } from './lib/triage-judgements.mjs';

const OUTPUT_CACHE = join(TRIAGE_CACHE, 'output');

function parseArgs(argv) {
  const opts = {
    cli: process.env.THREADWISE_CLI || join(ROOT, 'dist', 'cli.js'),
    half: 'dev',
    projects: [],
    rules: [],
    judgements: join(ROOT, 'test', 'triage', 'judgements.json'),
    missed: join(ROOT, 'test', 'triage', 'missed.json'),
    reuse: false,
    jobs: 2,
    timeout: 600,
    json: false,
    unjudged: false,
    perRule: Infinity,
    context: 3,
    stubs: undefined,
    merge: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--cli': opts.cli = resolve(value()); break;
      case '--half': opts.half = value(); break;
      case '--project': opts.projects.push(value()); break;
      case '--rule': opts.rules.push(value()); break;
      case '--judgements': opts.judgements = resolve(value()); break;
      case '--missed': opts.missed = resolve(value()); break;
      case '--reuse-output': opts.reuse = true; break;
      case '--jobs': opts.jobs = positiveNumber(flag, value()); break;
      case '--timeout': opts.timeout = positiveNumber(flag, value()); break;
      case '--json': opts.json = true; break;
      case '--unjudged': opts.unjudged = true; break;
      case '--per-rule': opts.perRule = positiveNumber(flag, value()); break;
      case '--context': opts.context = Number(value()); break;
      case '--stubs': opts.stubs = resolve(value()); break;
      case '--merge': opts.merge = resolve(value()); break;
      case '-h': case '--help': usage(); break;
      default: usage(`unknown option ${argv[i]}`);
    }
  }
  if (![...HALVES, 'all'].includes(opts.half)) usage(`--half must be one of ${[...HALVES, 'all'].join(', ')}, not ${opts.half}`);
  return opts;
}

function positiveNumber(flag, text) {
  const n = Number(text);
  if (!(n > 0)) usage(`${flag} needs a positive number, not ${text}`);
  return n;
}

function usage(problem) {
  const help = readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).slice(0, 40);
  if (problem) console.error(`triage: ${problem}`);
  console.error(help.map((l) => l.slice(3)).join('\n'));
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// running the analyser

/** Output files are kept per CLI build, so --reuse-output never mixes two builds' findings. */
function outputDir(cli) {
  const stamp = `${cli}:${statSync(cli).mtimeMs}`;
  return join(OUTPUT_CACHE, createHash('sha1').update(stamp).digest('hex').slice(0, 12));
}

function runAnalyser(opts, project, outFile) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [opts.cli, 'analyze', '.', '--format', 'json', '--output', outFile], {
      cwd: analysisRoot(project),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      // Exit 1 only means error-level findings were reported.
      const failed = signal ? `killed by ${signal} after ${seconds.toFixed(0)} s` : code > 1 ? `exit ${code}: ${stderr.trim().slice(0, 500)}` : undefined;
      resolvePromise({ seconds, failed });
    });
  });
}

async function analyseAll(opts, projects) {
  const dir = outputDir(opts.cli);
  mkdirSync(dir, { recursive: true });
  const results = new Map();
  const queue = [...projects];
  const worker = async () => {
    for (let project = queue.shift(); project; project = queue.shift()) {
      const outFile = join(dir, `${project.id.replace(/[^\w.@+-]/g, '_')}.json`);
      let run = { seconds: 0, reused: true };
      if (!opts.reuse || !existsSync(outFile)) {
        if (!opts.json) process.stderr.write(`triage: analysing ${project.id}\n`);
        run = await runAnalyser(opts, project, outFile);
      }
      const report = run.failed ? undefined : JSON.parse(readFileSync(outFile, 'utf8'));
      results.set(project.id, { ...run, report });
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, projects.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// findings

/** The innermost function of the report whose range holds the line: the finding's function. */
function enclosingFunction(functions, line) {
  let best;
  for (const fn of functions ?? []) {
    if (fn.line <= line && line <= fn.endLine && (!best || fn.endLine - fn.line <= best.endLine - best.line)) best = fn;
  }
  return best?.name ?? '(module)';
}

function countLines(file) {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  } catch {
    return 0;
  }
}

/** Findings and size of one project's report. */
function collect(project, report) {
  const root = analysisRoot(project);
  const findings = [];
  let lines = 0;
  let files = 0;
  let skipped = 0;
  for (const file of report.files) {
    if (file.skipped) {
      skipped++;
      continue;
    }
    files++;
    lines += countLines(join(root, file.path));
    for (const d of file.diagnostics ?? []) {
      findings.push({
        project: project.id,
        file: file.path,
        line: d.line,
        column: d.column,
        rule: d.rule,
        severity: d.severity,
        function: enclosingFunction(file.functions, d.line),
        message: d.message,
        inTest: isTestPath(file.path),
      });
    }
  }
  return { findings, lines, files, skipped };
}

// ---------------------------------------------------------------------------------------------
// the report

const per10k = (count, lines) => (lines ? (count * 10000) / lines : 0);
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const ratio = (t, f) => (t + f ? t / (t + f) : NaN);

function tally(findings) {
  const t = { findings: findings.length, inTests: 0, true: 0, false: 0, debatable: 0, unjudged: 0 };
  for (const f of findings) {
    if (f.inTest) t.inTests++;
    if (f.judgement) t[f.judgement.verdict]++;
    else t.unjudged++;
  }
  t.precision = ratio(t.true, t.false);
  return t;
}

function byKey(findings, key) {
  const groups = new Map();
  for (const f of findings) {
    if (!groups.has(f[key])) groups.set(f[key], []);
    groups.get(f[key]).push(f);
  }
  return groups;
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '))
    .join('\n');
}

function printReport(summary) {
  const out = [];
  out.push(`Real-world triage — ${summary.half} half, CLI ${summary.cli}`);
  out.push('');
  const projectRows = [['project', 'half', 'files', 'lines', 'findings', '/10k', 'in tests', 'T', 'F', 'D', 'precision', 'unjudged', 'seconds']];
  for (const p of summary.projects) {
    if (p.failed) {
      projectRows.push([p.id, p.half, '–', '–', 'FAILED', '', '', '', '', '', '', '', fmt(p.seconds)]);
      continue;
    }
    const t = p.tally;
    projectRows.push([p.id, p.half, p.files, p.lines, t.findings, fmt(per10k(t.findings, p.lines)), t.inTests, t.true, t.false, t.debatable, fmt(t.precision, 2), t.unjudged, p.reused ? 'reused' : fmt(p.seconds)]);
  }
  const o = summary.overall;
  projectRows.push(['overall', '', summary.files, summary.lines, o.findings, fmt(per10k(o.findings, summary.lines)), o.inTests, o.true, o.false, o.debatable, fmt(o.precision, 2), o.unjudged, fmt(summary.seconds)]);
  out.push(table(projectRows));
  out.push('');
  const ruleRows = [['rule', 'findings', '/10k', 'in tests', 'T', 'F', 'D', 'precision', 'unjudged']];
  for (const [rule, t] of Object.entries(summary.rules)) {
    ruleRows.push([rule, t.findings, fmt(per10k(t.findings, summary.lines), 2), t.inTests, t.true, t.false, t.debatable, fmt(t.precision, 2), t.unjudged]);
  }
  ruleRows.push(['overall', o.findings, fmt(per10k(o.findings, summary.lines), 2), o.inTests, o.true, o.false, o.debatable, fmt(o.precision, 2), o.unjudged]);
  out.push(table(ruleRows));
  out.push('');
  out.push(`Findings in test files: ${o.inTests} of ${o.findings} (${fmt((100 * o.inTests) / (o.findings || 1))}%).`);
  out.push(`Precision = true / (true + false) over judged findings that still appear; debatable ones are counted apart.`);
  out.push(`Judgements of these projects that match no current finding (the finding is gone or moved too far): ${summary.staleJudgements}.`);
  if (summary.missed.length) {
    const caught = summary.missed.filter((m) => m.caughtBy);
    out.push('');
    out.push(`Known real problems (${relative(ROOT, summary.missedFile)}) reported: ${caught.length} of ${summary.missed.length}.`);
    for (const m of summary.missed) out.push(`  ${m.caughtBy ? 'caught ' : 'missed '} ${m.project} ${m.file}:${m.line} ${m.rules.join('|')}  ${m.reason}`);
  }
  if (summary.badJudgements.length) out.push(`Invalid judgements ignored:\n  ${summary.badJudgements.join('\n  ')}`);
  console.log(out.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// unjudged findings, for judging

function codeContext(project, finding, radius) {
  let lines;
  try {
    lines = readFileSync(join(analysisRoot(project), finding.file), 'utf8').split('\n');
  } catch {
    return '    (file not readable)';
  }
  const from = Math.max(1, finding.line - radius);
  const to = Math.min(lines.length, finding.line + radius);
  const shown = [];
  for (let n = from; n <= to; n++) shown.push(`${n === finding.line ? '>' : ' '}${String(n).padStart(6)}  ${lines[n - 1].slice(0, 160)}`);
  return shown.join('\n');
}

/** A fixed pseudo-random order of findings (by a hash of where they are), for unbiased picks. */
function shuffled(findings) {
  const key = (f) => createHash('sha1').update(`${f.project}:${f.file}:${f.line}:${f.rule}`).digest('hex');
  return findings.map((f) => [key(f), f]).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, f]) => f);
}

/** Up to n findings per rule, taken round-robin across projects so no project dominates. */
function pickPerRule(findings, n) {
  if (!Number.isFinite(n)) return findings;
  const picked = [];
  for (const ruleFindings of byKey(findings, 'rule').values()) {
    const queues = [...byKey(ruleFindings, 'project').values()].map(shuffled);
    for (let taken = 0; taken < n && queues.some((q) => q.length); ) {
      for (const queue of queues) {
        if (queue.length && taken < n) {
          picked.push(queue.shift());
          taken++;
        }
      }
    }
  }
  return picked;
}

function judgementStub(finding) {
  return { project: finding.project, file: finding.file, line: finding.line, column: finding.column, rule: finding.rule, function: finding.function, verdict: '?', reason: '' };
}

function printUnjudged(opts, projectsById, findings) {
  const unjudged = pickPerRule(findings.filter((f) => !f.judgement), opts.perRule);
  const blocks = unjudged.map((f, i) =>
    [
      `[${i + 1}/${unjudged.length}] ${f.project} ${f.file}:${f.line}:${f.column} ${f.rule} (${f.severity}) in ${f.function}${f.inTest ? '  [test file]' : ''}`,
      `  ${f.message}`,
      codeContext(projectsById.get(f.project), f, opts.context),
      `  stub: ${JSON.stringify(judgementStub(f))}`,
    ].join('\n'),
  );
  console.log(blocks.join('\n\n'));
  console.log(`\n${unjudged.length} unjudged finding(s) listed of ${findings.filter((f) => !f.judgement).length}.`);
  if (opts.stubs) {
    writeFileSync(opts.stubs, unjudged.map((f) => JSON.stringify(judgementStub(f))).join('\n') + '\n');
    console.log(`Stubs written to ${opts.stubs}: set verdict (true | false | debatable) and reason, then npm run triage -- --merge <that file>.`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.merge) {
    const { added, replaced, problems } = mergeJudgements(opts.judgements, readFileSync(opts.merge, 'utf8'));
    console.log(`${opts.judgements}: ${added} judgement(s) added, ${replaced} replaced.`);
    if (problems.length) {
      console.error(`Left out:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    }
    return;
  }
  if (!existsSync(opts.cli)) usage(`no analyser CLI at ${opts.cli} (run npm run build, or pass --cli)`);
  const data = readProjectsFile();
  const splitProblems = checkSplit(data);
  if (splitProblems.length) usage(splitProblems.join('; '));
  let projects = listProjects(data).filter((p) => opts.half === 'all' || p.half === opts.half);
  if (opts.half !== 'dev') {
    process.stderr.write('triage: blind halves are judged once, after the last analysis change; their findings must not guide analysis work.\n');
  }
  if (opts.projects.length) {
    const unknown = opts.projects.filter((name) => !projects.some((p) => p.name === name));
    if (unknown.length) usage(`not a project of the ${opts.half} half: ${unknown.join(', ')}`);
    projects = projects.filter((p) => opts.projects.includes(p.name));
  }
  installProjects(projects);

  const started = performance.now();
  const runs = await analyseAll(opts, projects);
  const seconds = (performance.now() - started) / 1000;

  const { judgements, problems: badJudgements } = readJudgements(opts.judgements);
  const summaries = [];
  const findings = [];
  for (const project of projects) {
    const run = runs.get(project.id);
    if (!run.report) {
      summaries.push({ id: project.id, half: project.half, failed: run.failed, seconds: run.seconds });
      continue;
    }
    const collected = collect(project, run.report);
    const kept = collected.findings.filter((f) => !opts.rules.length || opts.rules.includes(f.rule));
    summaries.push({ id: project.id, half: project.half, files: collected.files, skipped: collected.skipped, lines: collected.lines, seconds: run.seconds, reused: run.reused, findings: kept });
    findings.push(...kept);
  }
  const ids = new Set(projects.map((p) => p.id));
  const relevant = judgements.filter((j) => ids.has(j.project) && (!opts.rules.length || opts.rules.includes(j.rule)));
  const { stale } = matchJudgements(relevant, findings);

  if (opts.unjudged) {
    printUnjudged(opts, new Map(projects.map((p) => [p.id, p])), findings);
    return;
  }
  const rules = {};
  for (const [rule, list] of [...byKey(findings, 'rule')].sort((a, b) => b[1].length - a[1].length)) rules[rule] = tally(list);
  const okProjects = summaries.filter((p) => !p.failed);
  const summary = {
    cli: opts.cli,
    half: opts.half,
    seconds,
    files: okProjects.reduce((n, p) => n + p.files, 0),
    lines: okProjects.reduce((n, p) => n + p.lines, 0),
    projects: summaries.map(({ findings: list, ...p }) => (list ? { ...p, tally: tally(list) } : p)),
    rules,
    overall: tally(findings),
    staleJudgements: stale.length,
    badJudgements,
    missed: caughtMisses(readMissed(opts.missed).filter((m) => ids.has(m.project)), findings),
    missedFile: opts.missed,
  };
  if (opts.json) console.log(JSON.stringify({ ...summary, findings }, null, 2));
  else printReport(summary);
  if (summaries.some((p) => p.failed)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(2);
});
