import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FUNCTION_LINE_TOLERANCE,
  caughtMisses,
  LINE_TOLERANCE,
  isTestPath,
  matchJudgements,
  mergeJudgements,
  readJudgements,
  readMissed,
  type Judgement,
  type TriageFinding,
} from '../../../scripts/lib/triage-judgements.mjs';
import { checkSplit, listProjects, readProjectsFile, seededSplit, type ProjectsFile } from '../../../scripts/lib/triage-projects.mjs';
import { allRuleMetas } from '../../../src/core/rules';

const project = 'demo@1.0.0';

function finding(line: number, fn = 'handler', rule = 'blocking-sync-io', file = 'lib/server.js'): TriageFinding {
  return { project, file, line, rule, function: fn };
}

function judgement(line: number, verdict: Judgement['verdict'] = 'true', fn = 'handler', rule = 'blocking-sync-io'): Judgement {
  return { project, file: 'lib/server.js', line, rule, function: fn, verdict, reason: 'r' };
}

describe('triage: matching judgements to current findings', () => {
  it('matches a finding at the judged line', () => {
    const findings = [finding(10)];
    const { stale } = matchJudgements([judgement(10)], findings);
    assert.equal(stale.length, 0);
    assert.equal(findings[0].judgement?.verdict, 'true');
  });

  it('keeps a judgement when the line moved a little, whatever the function', () => {
    const findings = [finding(10 + LINE_TOLERANCE, 'renamed')];
    matchJudgements([judgement(10)], findings);
    assert.equal(findings[0].judgement?.line, 10);
  });

  it('keeps a judgement when the line moved further but the function is the same', () => {
    const findings = [finding(10 + FUNCTION_LINE_TOLERANCE)];
    matchJudgements([judgement(10)], findings);
    assert.ok(findings[0].judgement);
  });

  it('drops a judgement when the line moved further into another function', () => {
    const findings = [finding(10 + LINE_TOLERANCE + 5, 'other')];
    const { stale } = matchJudgements([judgement(10)], findings);
    assert.equal(findings[0].judgement, undefined);
    assert.equal(stale.length, 1);
  });

  it('never matches across rules or files', () => {
    const findings = [finding(10, 'handler', 'cpu-on-event-loop'), finding(10, 'handler', 'blocking-sync-io', 'lib/other.js')];
    const { stale } = matchJudgements([judgement(10)], findings);
    assert.deepEqual(findings.map((f) => f.judgement), [undefined, undefined]);
    assert.equal(stale.length, 1);
  });

  it('gives each of two findings on one line its own judgement', () => {
    const findings = [finding(10), finding(10)];
    const { stale } = matchJudgements([judgement(10, 'true'), judgement(10, 'false')], findings);
    assert.equal(stale.length, 0);
    assert.deepEqual(findings.map((f) => f.judgement?.verdict).sort(), ['false', 'true']);
  });

  it('tells two findings of one rule on one line apart by column, beside an older judgement without one', () => {
    const first = { ...finding(10), column: 5 };
    const second = { ...finding(10), column: 30 };
    const older = judgement(10, 'true'); // judged before the key had a column
    const newer = { ...judgement(10, 'debatable'), column: 30 };
    for (const order of [[older, newer], [newer, older]]) {
      const findings = [{ ...second }, { ...first }];
      const { stale } = matchJudgements(order, findings);
      assert.equal(stale.length, 0);
      assert.deepEqual(findings.map((f) => [f.column, f.judgement?.verdict]), [[30, 'debatable'], [5, 'true']]);
    }
  });

  it('keeps a judgement whose column moved when no other judgement claims the finding', () => {
    const findings = [{ ...finding(10), column: 9 }];
    const { stale } = matchJudgements([{ ...judgement(10), column: 5 }], findings);
    assert.equal(stale.length, 0);
    assert.equal(findings[0].judgement?.column, 5);
  });

  it('gives a finding with its own judgement that judgement, not a neighbour’s', () => {
    const findings = [finding(10), finding(12)];
    matchJudgements([judgement(12, 'false'), judgement(10, 'true')], findings);
    assert.equal(findings[0].judgement?.verdict, 'true');
    assert.equal(findings[1].judgement?.verdict, 'false');
  });
});

describe('triage: known real problems', () => {
  const known = { project, file: 'lib/server.js', line: 20, rules: ['blocking-sync-io'], reason: 'r' };

  it('counts a problem as caught by a finding of a listed rule near its line', () => {
    const [result] = caughtMisses([known], [finding(20 + LINE_TOLERANCE)]);
    assert.equal(result.caughtBy, `blocking-sync-io at line ${20 + LINE_TOLERANCE}`);
  });

  it('does not count a finding of another rule, file or place', () => {
    const findings = [finding(20, 'h', 'cpu-on-event-loop'), finding(20, 'h', 'blocking-sync-io', 'lib/other.js'), finding(20 + LINE_TOLERANCE + 1)];
    assert.equal(caughtMisses([known], findings)[0].caughtBy, undefined);
  });
});

describe('triage: the committed known-problem files', () => {
  const folder = join(__dirname, '..', '..', 'triage');
  const projects = listProjects(readProjectsFile());
  const languageOf = { npm: 'typescript', debian: 'python' } as const;

  for (const name of readdirSync(folder).filter((file) => /^missed(-\w+)?\.json$/.test(file))) {
    // missed.json is the dev half's; missed-<half>.json belongs to that half
    const half = name === 'missed.json' ? 'dev' : name.slice('missed-'.length, -'.json'.length);

    it(`${name} names pinned projects of the ${half} half and rules of their language`, () => {
      const missed = readMissed(join(folder, name));
      assert.ok(missed.length > 0);
      for (const m of missed) {
        const where = `${m.project} ${m.file}:${m.line}`;
        const project = projects.find((p) => p.id === m.project);
        assert.ok(project, `${where}: not a pinned project`);
        assert.equal(project.half, half, `${where}: not in the ${half} half`);
        assert.ok(Number.isInteger(m.line) && m.line > 0, `${where}: line`);
        assert.ok(m.rules.length > 0 && m.reason.trim().length > 0, `${where}: rules and reason`);
        const known = allRuleMetas().filter((meta) => meta.language === languageOf[project.ecosystem]).map((meta) => meta.id);
        for (const rule of m.rules) assert.ok(known.includes(rule), `${where}: ${rule} is not a ${languageOf[project.ecosystem]} rule`);
      }
    });
  }
});

describe('triage: the judgement file', () => {
  it('reports invalid entries instead of counting them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const file = join(dir, 'judgements.json');
    writeFileSync(file, JSON.stringify({ judgements: [judgement(1), { ...judgement(2), verdict: 'maybe' }, { ...judgement(3), reason: '' }] }));
    const { judgements, problems } = readJudgements(file);
    assert.equal(judgements.length, 1);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /verdict must be one of/);
    assert.match(problems[1], /missing reason/);
  });

  it('merges judged stubs, replaces a finding judged again, and leaves out unjudged stubs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const file = join(dir, 'judgements.json');
    writeFileSync(file, JSON.stringify({ about: 'kept', judgements: [judgement(1, 'false')] }));
    const stubs = [{ ...judgement(1), verdict: 'true' }, { ...judgement(2), verdict: '?' }, judgement(3, 'debatable')].map((j) => JSON.stringify(j)).join('\n');
    const result = mergeJudgements(file, stubs);
    assert.deepEqual([result.added, result.replaced, result.problems.length], [1, 1, 1]);
    const merged = readJudgements(file).judgements;
    assert.deepEqual(merged.map((j) => [j.line, j.verdict]), [[1, 'true'], [3, 'debatable']]);
    assert.match(readFileSync(file, 'utf8'), /"about": "kept"/);
  });

  it('merges the judgements of two findings of one rule on one line as two entries, keeping an older one without a column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const file = join(dir, 'judgements.json');
    writeFileSync(file, JSON.stringify({ judgements: [judgement(10, 'true')] }));
    const stubs = [{ ...judgement(10, 'false'), column: 5 }, { ...judgement(10, 'debatable'), column: 30 }].map((j) => JSON.stringify(j)).join('\n');
    assert.deepEqual(mergeJudgements(file, stubs), { added: 2, replaced: 0, problems: [] });
    const again = mergeJudgements(file, JSON.stringify({ ...judgement(10, 'true'), column: 30 }));
    assert.deepEqual([again.added, again.replaced], [0, 1]);
    const merged = readJudgements(file).judgements;
    assert.deepEqual(merged.map((j) => [j.column, j.verdict]), [[undefined, 'true'], [5, 'false'], [30, 'true']]);
    assert.match(readFileSync(file, 'utf8'), /"line":10,"column":30,"rule"/);
  });

  it('the committed judgements are all valid', () => {
    const { problems } = readJudgements(join(__dirname, '..', '..', 'triage', 'judgements.json'));
    assert.deepEqual(problems, []);
  });
});

describe('triage: test files by place', () => {
  it('recognises test folders and test file names of both languages', () => {
    for (const path of ['test/a.js', 'pkg/tests/b.py', 'src/__tests__/c.ts', 'x.spec.ts', 'y.test.mjs', 'test_z.py', 'z_test.py', 'a/conftest.py', 'fixtures/f.js', 'benchmark/b.js']) {
      assert.ok(isTestPath(path), path);
    }
  });

  it('leaves product code alone', () => {
    for (const path of ['lib/server.js', 'tornado/web.py', 'lib/testing-utils-are-not-a-folder.js', 'src/contest.py', 'latest/index.js']) {
      assert.ok(!isTestPath(path), path);
    }
  });
});

describe('triage: projects and their halves', () => {
  const data: ProjectsFile = { seed: 7, npm: { a: '1', b: '1', c: '1', d: '1' }, debian: { e: '1', f: '1', g: '1' } };

  it('splits each ecosystem in halves, the same way for the same seed', () => {
    const split = seededSplit(data);
    assert.deepEqual(seededSplit(data), split);
    assert.equal(split.dev.filter((n) => 'abcd'.includes(n)).length, 2);
    assert.equal(split.dev.filter((n) => 'efg'.includes(n)).length, 2);
    assert.deepEqual([...split.dev, ...split.blind].sort(), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('a different seed gives a different split', () => {
    const splits = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(seededSplit({ ...data, seed }))));
    assert.ok(splits.size > 1);
  });

  it('requires every project in exactly one half', () => {
    assert.deepEqual(checkSplit({ ...data, split: seededSplit(data) }), []);
    assert.equal(checkSplit({ ...data, split: { dev: ['a', 'b'], blind: ['b', 'c', 'd', 'e', 'f'] } }).length, 2);
  });

  it('places projects added later in the blind2 to blind11 halves, and rejects a half it does not know', () => {
    const later: ProjectsFile = { ...data, npm: { ...data.npm, h: '1' }, split: { ...seededSplit(data), blind2: ['h'] } };
    assert.deepEqual(checkSplit(later), []);
    assert.equal(listProjects(later).find((p) => p.name === 'h')?.half, 'blind2');
    assert.equal(checkSplit({ ...later, split: { ...later.split, blind2: ['h', 'a'] } } as ProjectsFile).length, 1);
    const third = { ...later, debian: { ...data.debian, k: '1' }, split: { ...later.split, blind3: ['k'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(third), []);
    assert.equal(listProjects(third).find((p) => p.name === 'k')?.half, 'blind3');
    assert.equal(checkSplit({ ...third, split: { ...third.split, blind3: ['k', 'h'] } } as ProjectsFile).length, 1);
    const fourth = { ...third, npm: { ...third.npm, m: '1' }, split: { ...third.split, blind4: ['m'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(fourth), []);
    assert.equal(listProjects(fourth).find((p) => p.name === 'm')?.half, 'blind4');
    assert.equal(checkSplit({ ...fourth, split: { ...fourth.split, blind4: ['m', 'k'] } } as ProjectsFile).length, 1);
    const fifth = { ...fourth, debian: { ...fourth.debian, n: '1' }, split: { ...fourth.split, blind5: ['n'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(fifth), []);
    assert.equal(listProjects(fifth).find((p) => p.name === 'n')?.half, 'blind5');
    assert.equal(checkSplit({ ...fifth, split: { ...fifth.split, blind5: ['n', 'm'] } } as ProjectsFile).length, 1);
    const sixth = { ...fifth, npm: { ...fifth.npm, o: '1' }, split: { ...fifth.split, blind6: ['o'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(sixth), []);
    assert.equal(listProjects(sixth).find((p) => p.name === 'o')?.half, 'blind6');
    assert.equal(checkSplit({ ...sixth, split: { ...sixth.split, blind6: ['o', 'n'] } } as ProjectsFile).length, 1);
    const seventh = { ...sixth, debian: { ...sixth.debian, p: '1' }, split: { ...sixth.split, blind7: ['p'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(seventh), []);
    assert.equal(listProjects(seventh).find((p) => p.name === 'p')?.half, 'blind7');
    assert.equal(checkSplit({ ...seventh, split: { ...seventh.split, blind7: ['p', 'o'] } } as ProjectsFile).length, 1);
    const eighth = { ...seventh, npm: { ...seventh.npm, q: '1' }, split: { ...seventh.split, blind8: ['q'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(eighth), []);
    assert.equal(listProjects(eighth).find((p) => p.name === 'q')?.half, 'blind8');
    assert.equal(checkSplit({ ...eighth, split: { ...eighth.split, blind8: ['q', 'p'] } } as ProjectsFile).length, 1);
    const ninth = { ...eighth, debian: { ...eighth.debian, r: '1' }, split: { ...eighth.split, blind9: ['r'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(ninth), []);
    assert.equal(listProjects(ninth).find((p) => p.name === 'r')?.half, 'blind9');
    assert.equal(checkSplit({ ...ninth, split: { ...ninth.split, blind9: ['r', 'q'] } } as ProjectsFile).length, 1);
    const tenth = { ...ninth, npm: { ...ninth.npm, s: '1' }, split: { ...ninth.split, blind10: ['s'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(tenth), []);
    assert.equal(listProjects(tenth).find((p) => p.name === 's')?.half, 'blind10');
    assert.equal(checkSplit({ ...tenth, split: { ...tenth.split, blind10: ['s', 'r'] } } as ProjectsFile).length, 1);
    const eleventh = { ...tenth, debian: { ...tenth.debian, t: '1' }, split: { ...tenth.split, blind11: ['t'] } } as ProjectsFile;
    assert.deepEqual(checkSplit(eleventh), []);
    assert.equal(listProjects(eleventh).find((p) => p.name === 't')?.half, 'blind11');
    assert.equal(checkSplit({ ...eleventh, split: { ...eleventh.split, blind11: ['t', 's'] } } as ProjectsFile).length, 1);
    const unknownHalf = { ...later, split: { ...later.split, holdout: [] } } as unknown as ProjectsFile;
    assert.match(checkSplit(unknownHalf).join('\n'), /split\.holdout is not a half/);
  });

  it('the committed projects hold at least ten of each ecosystem, each in one half', () => {
    const committed = readProjectsFile();
    assert.deepEqual(checkSplit(committed), []);
    const projects = listProjects(committed);
    assert.ok(projects.filter((p) => p.ecosystem === 'npm').length >= 10);
    assert.ok(projects.filter((p) => p.ecosystem === 'debian').length >= 10);
    for (const half of ['dev', 'blind', 'blind2', 'blind3', 'blind4', 'blind5', 'blind6', 'blind7', 'blind8', 'blind9', 'blind10', 'blind11'] as const) {
      assert.ok(projects.some((p) => p.half === half && p.ecosystem === 'npm'));
      assert.ok(projects.some((p) => p.half === half && p.ecosystem === 'debian'));
    }
    assert.ok(projects.filter((p) => p.half === 'blind2').length >= 10);
    assert.ok(projects.filter((p) => p.half === 'blind3').length >= 12);
    assert.ok(projects.filter((p) => p.half === 'blind4').length >= 14);
    assert.ok(projects.filter((p) => p.half === 'blind5').length >= 14);
    assert.ok(projects.filter((p) => p.half === 'blind6').length >= 14);
    assert.ok(projects.filter((p) => p.half === 'blind7').length >= 16);
    assert.ok(projects.filter((p) => p.half === 'blind8').length >= 16);
    assert.ok(projects.filter((p) => p.half === 'blind9').length >= 16);
    assert.ok(projects.filter((p) => p.half === 'blind10').length >= 16);
    assert.ok(projects.filter((p) => p.half === 'blind11').length >= 16);
  });
});
