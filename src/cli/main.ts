/**
 * `threadwise analyze [paths...] [--format text|json|sarif] [--config file]`
 * `threadwise calibrate --from-profile <file>... [paths...] [--write[=<file>]] [--hold-out <n>]`
 * Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage error or unreadable input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_FILE_NAMES, ConfigError, deprecationNotes, parseConfig, type ThreadwiseConfig } from '../core/config';
import { Analyzer } from '../core/engine';
import { isOverBudget, summaryBudgetFrom } from '../core/typescript/summary-workers';
import { matchesAny } from '../core/globs';
import { jsonChunks } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { PLACES, type Place } from '../core/places';
import { collectFiles, explainNoFiles, MissingPathError, UnreadablePathError } from '../core/walk';
import { describeUnreported } from './output';
import { ProfileError, readProfile, type Profile } from '../core/profiles';
import { describeProfiles } from './profiles';
import { describeProjectCalibration, loadProjectCalibration, PROJECT_CALIBRATION_FILE, ProjectCalibrationError, staleNote } from '../core/cost/project';
import { compareEstimates, fitCorrection, holdOutCheck, projectCalibrationOf } from '../core/profiles/calibrate';
import { calibrationJson, calibrationTable, CalibrationWriteError, describeFit, describeWritten, writeProjectCalibration } from './calibration';
import { analysedBuildJson, skippedCopiesJson, relativePath } from './output';

declare const THREADWISE_VERSION: string | undefined;
declare const THREADWISE_BUILD: string | undefined;
const VERSION = typeof THREADWISE_VERSION === 'string' ? THREADWISE_VERSION : '0.0.0-dev';
/**
 * The analyser build the summary cache is keyed by (esbuild.js). Unbundled or watched code has
 * none that outlives the process: its cache entries are never reused by another process.
 */
const BUILD = typeof THREADWISE_BUILD === 'string' && THREADWISE_BUILD !== '' ? THREADWISE_BUILD : `${VERSION}+dev-${process.pid}-${Date.now()}`;

const USAGE = `Usage: threadwise analyze [paths...] [options]
       threadwise calibrate --from-profile <file>... [paths...] [options]

Classifies every function as CPU-bound, I/O-bound, blocking-sync, mixed or neither, and reports
the concurrency problems it finds.

Options:
  -f, --format <text|json|sarif>  output format (default: text)
  -c, --config <file>             configuration file (default: threadwise.config.json if present)
      --verdicts                  text format: also list every function's verdict
      --include-build             also walk build output folders (dist, build, out, …)
      --report-in <places>        also report findings in these places, comma-separated:
                                  tests, fixtures, benchmarks, examples, generated (or all)
      --profile <file>            a CPU profile of the program (repeatable): V8 .cpuprofile
                                  (node --cpu-prof, DevTools), speedscope JSON (py-spy), cProfile
                                  (binary via python3, or its text export). CPU findings are
                                  confirmed, lowered to hints or added from what it measured
      --calibration-report        with --profile: each function's estimate beside its measured
                                  time per call (text: a table after the report; json: a
                                  "calibration" section)
      --cache [<dir>]             reuse per-file summaries of earlier runs: unchanged files are
                                  not parsed again. The folder is --cache=<dir> or the word after
                                  --cache unless it starts with "-"; --cache last or before another
                                  option takes the default folder (node_modules/.cache/threadwise
                                  when node_modules exists, else .threadwise-cache). A folder that
                                  holds anything but cache entries is refused, so
                                  \`analyze --cache src\` never writes into src: write
                                  \`analyze src --cache\` to analyse src with the default folder
      --no-cache                  do not use or write the cache (the default)
      --no-color                  text format: no colours
  -o, --output <file>             write the report to a file instead of stdout
  -h, --help                      show this help

calibrate: fits this project's correction of the cost model from profiles with counted calls
(cProfile): per language, the median of measured ÷ estimated time per call over the functions
with firm estimates (at least 3), clamped to 0.1–10. Later analyses (CLI and editor) read
.threadwise/calibration.json and say "on this project's calibration".
      --from-profile <file>       a profile to fit from (repeatable)
      --write[=<file>]            save the fit (default: .threadwise/calibration.json)
      --hold-out <n>              hold out every n-th function: fit on the others and report
                                  how often the held-out estimates are within 3× before and after
  -v, --version                   show the version

Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage error or unreadable input.`;

export class UsageError extends Error {}

interface Options {
  command: 'analyze' | 'calibrate';
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  configFile?: string;
  verdicts: boolean;
  includeBuild: boolean;
  reportIn: Place[];
  color: boolean;
  output?: string;
  profiles: string[];
  /** the summary cache's folder, when --cache is given */
  cache?: string;
  calibrationReport: boolean;
  /** calibrate: where to save the fit, when --write is given */
  write?: string;
  /** calibrate: hold out every n-th function */
  holdOut?: number;
}

function parseOptions(argv: readonly string[]): Options | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: joinCacheFolder(argv).map((arg) => (arg === '--write' ? `--write=${PROJECT_CALIBRATION_FILE}` : arg)),
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      config: { type: 'string', short: 'c' },
      verdicts: { type: 'boolean', default: false },
      'include-build': { type: 'boolean', default: false },
      'report-in': { type: 'string' },
      color: { type: 'boolean', default: true },
      'no-color': { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      profile: { type: 'string', multiple: true },
      'from-profile': { type: 'string', multiple: true },
      'calibration-report': { type: 'boolean', default: false },
      write: { type: 'string' },
      'hold-out': { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...paths] = positionals;
  if (command !== 'analyze' && command !== 'calibrate') throw new UsageError(command ? `unknown command "${command}" (analyze or calibrate)` : 'missing command: analyze');
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
  const profiles = command === 'calibrate' ? [...(values['from-profile'] ?? []), ...(values.profile ?? [])] : values.profile ?? [];
  if (command === 'calibrate' && profiles.length === 0) throw new UsageError('calibrate needs --from-profile <file> (a cProfile profile of the program: its calls are counted)');
  if (command === 'analyze' && values['from-profile']) throw new UsageError('--from-profile is an option of calibrate; analyze takes --profile');
  if (values['calibration-report'] && profiles.length === 0) throw new UsageError('--calibration-report needs --profile <file>');
  if (values.write === '') throw new UsageError('--write= needs a file (or use --write alone for .threadwise/calibration.json)');
  return {
    command,
    paths: paths.length > 0 ? paths : ['.'],
    format,
    configFile: values.config,
    verdicts: values.verdicts,
    includeBuild: values['include-build'],
    reportIn: parsePlaces(values['report-in']),
    color: values.color && !values['no-color'],
    output: values.output,
    profiles,
    cache: values['no-cache'] ? undefined : values.cache,
    calibrationReport: values['calibration-report'],
    write: values.write,
    holdOut: parseHoldOut(values['hold-out']),
  };
}

function parseHoldOut(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const every = Number(value);
  if (!Number.isInteger(every) || every < 2) throw new UsageError(`--hold-out takes a whole number from 2 up (every n-th function is held out), not "${value}"`);
  return every;
}

/** Stands for "the default folder" until the working directory is known. */
const DEFAULT_CACHE = '\0default';

/**
 * `--cache` takes an optional folder, which parseArgs cannot express: `--cache <dir>` becomes
 * `--cache=<dir>` when the next word is not an option, and `--cache` alone (last, or before an
 * option) the default folder. Words after `--` are paths, never a folder.
 */
function joinCacheFolder(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--') {
      args.push(...argv.slice(index));
      break;
    }
    if (arg !== '--cache') {
      args.push(arg);
      continue;
    }
    const next = argv[index + 1];
    if (next !== undefined && !next.startsWith('-')) {
      args.push(`--cache=${next}`);
      index++;
    } else {
      args.push(`--cache=${DEFAULT_CACHE}`);
    }
  }
  return args;
}

/** The names the summary cache gives its entries (and their half-written temporaries). */
const CACHE_ENTRY = /^[0-9a-f]{24}\.bin(\.\d+\.tmp)?$/;

/**
 * A cache folder is missing, empty or holds only cache entries: anything else is a folder of the
 * user's (`analyze --cache src` meaning "analyse src"), which the cache must never write into.
 */
function checkCacheFolder(folder: string, given: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new UsageError(`--cache ${given}: ${given} is a file, not a cache folder (to analyse it with the default cache folder, write: analyze ${given} --cache)`);
    return; // unreadable: the cache notes it and results stay complete
  }
  const foreign = entries.find((name) => !CACHE_ENTRY.test(name));
  if (foreign !== undefined) {
    throw new UsageError(`--cache ${given}: ${given} holds files that are not cache entries (${foreign}); to analyse it with the default cache folder, write: analyze ${given} --cache`);
  }
}

/** Where `--cache` keeps summaries: beside other tools' caches when the project has node_modules. */
function cacheDirectory(cwd: string, given: string): string {
  if (given === '') throw new UsageError('--cache= needs a folder (or use --cache alone for the default)');
  if (given !== DEFAULT_CACHE) {
    const folder = path.resolve(cwd, given);
    checkCacheFolder(folder, given);
    return folder;
  }
  const modules = path.join(cwd, 'node_modules');
  return fs.existsSync(modules) ? path.join(modules, '.cache', 'threadwise') : path.join(cwd, '.threadwise-cache');
}

function parsePlaces(value: string | undefined): Place[] {
  if (value === undefined) return [];
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.includes('all')) return [...PLACES];
  const unknown = names.filter((name) => !PLACES.includes(name as Place));
  if (unknown.length > 0) throw new UsageError(`unknown place "${unknown[0]}" for --report-in (${PLACES.join(', ')} or all)`);
  return names as Place[];
}

/** The configuration, and notes about deprecated keys in it (said on stderr; the key still works). */
function loadConfig(cwd: string, configFile: string | undefined, note: (text: string) => void): ThreadwiseConfig {
  const candidates = configFile ? [path.resolve(cwd, configFile)] : CONFIG_FILE_NAMES.map((name) => path.join(cwd, name));
  for (const candidate of candidates) {
    if (!fs.existsSync(candidate)) {
      if (configFile) throw new UsageError(`config file not found: ${configFile}`);
      continue;
    }
    let raw: unknown;
    try {
      // Editors on Windows save JSON with a byte order mark; JSON.parse rejects it.
      raw = JSON.parse(fs.readFileSync(candidate, 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UsageError(`cannot read config ${path.relative(cwd, candidate)}: ${(error as Error).message}`);
    }
    try {
      // `null` is no configuration: say so rather than silently use the defaults.
      if (raw === null) throw new ConfigError('configuration must be a JSON object, not null');
      const config = parseConfig(raw);
      for (const text of deprecationNotes(raw)) note(`${path.relative(cwd, candidate)}: ${text}`);
      return config;
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`invalid config ${path.relative(cwd, candidate)}: ${error.message}`);
      throw error;
    }
  }
  return parseConfig(undefined);
}

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: Options | 'help' | 'version';
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.stderr(`threadwise: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  try {
    return options.command === 'calibrate' ? await calibrate(options, io) : await analyze(options, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof MissingPathError || error instanceof UnreadablePathError || error instanceof ProfileError
      || error instanceof ProjectCalibrationError || error instanceof CalibrationWriteError) {
      io.stderr(`threadwise: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The files analysed, read and measured by the loaded profiles: what analyze and calibrate share. */
async function analyzeWithProfiles(options: Options, io: CliIo, config: ThreadwiseConfig) {
  for (const place of options.reportIn) config.reportIn[place] = true;
  const isExcluded = (file: string) => matchesAny(path.relative(io.cwd, file), config.exclude);
  // THREADWISE_DUAL_BUILDS=all: every copy of a dual build (for the evaluation, whose labels name either copy)
  const allCopies = process.env.THREADWISE_DUAL_BUILDS === 'all';
  const collected = collectFiles(options.paths, io.cwd, { isExcluded, includeBuild: options.includeBuild, allCopies });
  const files = collected.files;
  if (files.length === 0) {
    const why = explainNoFiles(collected, io.cwd);
    io.stderr(`threadwise: no TypeScript, JavaScript or Python files to analyse${why ? `: ${why}` : ''}\n`);
  }
  const analysedBuild = analysedBuildJson(collected.analysedBuild, io.cwd);
  for (const { folder, files: count } of analysedBuild) {
    io.stderr(`threadwise: analysing ${count} file${count === 1 ? '' : 's'} under ${folder} as the package's code: it ships only build output (list it under "exclude" in the configuration to skip it)\n`);
  }
  const skippedCopies = skippedCopiesJson(collected.skippedTwins, io.cwd);
  for (const { skipped, files: count, kept, why } of skippedCopies) {
    io.stderr(`threadwise: skipping ${count} file${count === 1 ? '' : 's'} (${skipped}), a copy of ${kept}: ${why}\n`);
  }
  const buildOutput = [...analysedBuild, ...skippedCopies];
  if (io.isTty) io.stderr(`threadwise: analysing ${files.length} file${files.length === 1 ? '' : 's'}…\n`);
  // Profiles are read first: a bad one is a usage error before any analysis time is spent.
  const profiles: Profile[] = [];
  for (const file of options.profiles) profiles.push(await readProfile(path.resolve(io.cwd, file)));
  const cache = options.cache === undefined ? undefined : { directory: cacheDirectory(io.cwd, options.cache), version: BUILD };
  // THREADWISE_SUMMARY_BUDGET: the language server's variable (`timeMs=60000`); memory has no limit in one thread
  const summaryBudget = summaryBudgetFrom(process.env.THREADWISE_SUMMARY_BUDGET);
  const analyzer = new Analyzer({ root: io.cwd, config, cache, oneShot: true, summaryBudget });
  await analyzer.loadFiles(files);
  analyzer.setProfiles(profiles);
  const reports = files.map((file) => analyzer.report(file));
  return { analyzer, reports, profiles, buildOutput };
}

async function analyze(options: Options, io: CliIo): Promise<number> {
  const config = loadConfig(io.cwd, options.configFile, (text) => io.stderr(`threadwise: ${text}\n`));
  config.calibration = loadProjectCalibration(io.cwd);
  if (config.calibration) {
    io.stderr(`threadwise: estimates on this project's calibration (${relativePath(config.calibration.file ?? PROJECT_CALIBRATION_FILE, io.cwd)}: ${describeProjectCalibration(config.calibration)})\n`);
    const stale = staleNote(config.calibration);
    if (stale) io.stderr(`threadwise: ${stale}\n`);
  }
  const { analyzer, reports, profiles, buildOutput } = await analyzeWithProfiles(options, io, config);
  const summaries = analyzer.profileSummaries();
  const comparison = options.calibrationReport ? compareEstimates(reports) : undefined;
  const tool = { name: 'threadwise', version: VERSION };
  // JSON in pieces, one per file: a large run never holds the whole report as one string
  const rendered: Iterable<string> = options.format === 'json'
    ? jsonChunks(reports, io.cwd, tool, summaries, comparison && calibrationJson(comparison, io.cwd, config.calibration), buildOutput)
    : options.format === 'sarif'
      ? [formatSarif(reports, io.cwd, tool)]
      : [formatText(reports, io.cwd, { color: options.color && io.isTty && !options.output, verdicts: options.verdicts })
        + (comparison && options.format === 'text' ? `\n${calibrationTable(comparison, io.cwd, config.calibration ? "estimates on this project's calibration" : 'estimates on the bundled calibration')}` : '')];
  if (comparison && options.format === 'sarif') io.stderr('threadwise: --calibration-report is shown in the text and json formats, not in SARIF\n');
  if (profiles.length > 0 && options.format === 'text') io.stderr(describeProfiles(summaries, reports, analyzer.unanalysedProfileFiles(), io.cwd));
  if (options.output) writeOutput(path.resolve(io.cwd, options.output), options.output, [...rendered].join(''));
  else for (const chunk of rendered) io.stdout(chunk);
  for (const note of analyzer.cacheNotes()) io.stderr(`threadwise: ${note}\n`);
  const unreported = describeUnreported(reports);
  if (unreported) io.stderr(`threadwise: ${unreported}\n`);
  const overBudget = reports.filter((report) => report.skipped !== undefined && isOverBudget(report.skipped));
  if (overBudget.length > 0) {
    const named = overBudget.slice(0, 5).map((report) => path.relative(io.cwd, report.path)).join(', ');
    io.stderr(`threadwise: ${overBudget.length} file${overBudget.length === 1 ? '' : 's'} skipped: ${overBudget[0].skipped} (${named}${overBudget.length > 5 ? ', …' : ''}); THREADWISE_SUMMARY_BUDGET=timeMs=<ms> sets it\n`);
  }
  const unreadable = reports.filter((report) => report.skipped?.startsWith('unreadable'));
  for (const report of unreadable) io.stderr(`threadwise: ${path.relative(io.cwd, report.path)}: ${report.skipped}\n`);
  if (unreadable.length > 0) return 2;
  return reports.some((report) => report.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

/** Writes the report; a folder that cannot be written to is a usage error, not a crash. */
function writeOutput(absolute: string, given: string, rendered: string): void {
  try {
    fs.writeFileSync(absolute, rendered);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : (error as Error).message;
    throw new UsageError(`cannot write the report to ${given}: ${why}`);
  }
}

/**
 * `threadwise calibrate --from-profile <file>...`: estimates (on the bundled table, never on an
 * earlier project fit) against measured times per call, the fitted correction, optionally the
 * held-out check, and the file when --write is given.
 */
async function calibrate(options: Options, io: CliIo): Promise<number> {
  const config = loadConfig(io.cwd, options.configFile, (text) => io.stderr(`threadwise: ${text}\n`));
  const { reports, profiles } = await analyzeWithProfiles(options, io, config);
  const comparison = compareEstimates(reports);
  const fit = fitCorrection(comparison.compared);
  const holdOut = options.holdOut ? holdOutCheck(comparison.compared, options.holdOut) : undefined;
  const calibration = projectCalibrationOf(fit, profiles.map((profile) => path.basename(profile.source)));
  const fitted = Object.keys(calibration.languages).length > 0;
  const target = options.write === undefined ? undefined : path.resolve(io.cwd, options.write);
  if (target && fitted) writeProjectCalibration(target, calibration);
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ calibration: calibrationJson(comparison, io.cwd), fit, ...(holdOut ? { holdOut: { fitted: holdOut.fitted.length, heldOut: holdOut.heldOut.length, fit: holdOut.fit, within3x: holdOut.within3x } } : {}), ...(target && fitted ? { written: relativePath(target, io.cwd) } : {}) }, null, 2)}\n`);
  } else {
    io.stdout(`${calibrationTable(comparison, io.cwd, 'estimates on the bundled calibration')}\n${describeFit(fit, holdOut)}`);
    if (target && fitted) io.stdout(describeWritten(target, io.cwd, calibration));
  }
  if (target && !fitted) {
    io.stderr('threadwise: nothing written: no language had enough functions measured per call to fit on\n');
    return 1;
  }
  return 0;
}
