// The real-world triage projects (test/triage/projects.json): where each one is installed, how
// to install it, and which half (dev | blind | blind2 | blind3 | blind4 | blind5 | blind6 | blind7 | blind8 | blind9 | blind10 | blind11) it belongs to. Third-party code goes into the
// ignored folder .cache/triage/ and is never committed; only names, versions and judgements are.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from './seeded-random.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROJECTS_FILE = join(ROOT, 'test', 'triage', 'projects.json');
export const TRIAGE_CACHE = join(ROOT, '.cache', 'triage');
const NPM_PREFIX = join(TRIAGE_CACHE, 'npm');
const DEBIAN_ROOT = join(TRIAGE_CACHE, 'debian');
const DEB_DOWNLOADS = join(DEBIAN_ROOT, 'downloads');

/**
 * @typedef {{ id: string, ecosystem: 'npm' | 'debian', name: string, version: string,
 *             half: 'dev' | 'blind' | 'blind2' | 'blind3' | 'blind4' | 'blind5' | 'blind6' | 'blind7' | 'blind8' | 'blind9' | 'blind10' | 'blind11' | undefined }} Project
 */

/**
 * The halves of `split`, in the order they were added: `dev` and `blind` were drawn from the seed;
 * `blind2` to `blind11` hold projects added later for a second, third, fourth, fifth, sixth, seventh, eighth, ninth, tenth and eleventh blind measurement
 * (placed by hand, judged only after the last analysis change of the session that added them).
 */
export const HALVES = ['dev', 'blind', 'blind2', 'blind3', 'blind4', 'blind5', 'blind6', 'blind7', 'blind8', 'blind9', 'blind10', 'blind11'];

export function readProjectsFile(file = PROJECTS_FILE) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every project of the file, with its half as recorded in the file's `split`. */
export function listProjects(data = readProjectsFile()) {
  const projects = [];
  for (const ecosystem of /** @type {const} */ (['npm', 'debian'])) {
    for (const [name, version] of Object.entries(data[ecosystem] ?? {})) {
      projects.push({ id: `${name}@${version}`, ecosystem, name, version, half: halfOf(data.split, name) });
    }
  }
  return projects;
}

function halfOf(split, name) {
  return HALVES.find((half) => split?.[half]?.includes(name));
}

// ---------------------------------------------------------------------------------------------
// the seeded split

/**
 * Splits each ecosystem's projects (sorted by name, then shuffled with the seed) into a dev half
 * (the first ceil(n/2)) and a blind half, so both halves hold npm and Debian projects alike.
 */
export function seededSplit(data) {
  const random = mulberry32(data.seed);
  const split = { dev: [], blind: [] };
  for (const ecosystem of ['npm', 'debian']) {
    const names = Object.keys(data[ecosystem] ?? {}).sort();
    for (let i = names.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [names[i], names[j]] = [names[j], names[i]];
    }
    const devCount = Math.ceil(names.length / 2);
    split.dev.push(...names.slice(0, devCount));
    split.blind.push(...names.slice(devCount));
  }
  return split;
}

/** Every project must be in exactly one half; a project added later must be placed by hand. */
export function checkSplit(data) {
  const problems = [];
  for (const half of Object.keys(data.split ?? {})) {
    if (!HALVES.includes(half)) problems.push(`split.${half} is not a half (${HALVES.join(', ')})`);
  }
  for (const project of listProjects(data)) {
    const halves = HALVES.filter((half) => data.split?.[half]?.includes(project.name));
    if (halves.length !== 1) problems.push(`${project.name} must be in exactly one of ${HALVES.map((h) => `split.${h}`).join(', ')}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// where each project lives

/** The folder the analyser is run on for a project. */
export function analysisRoot(project) {
  if (project.ecosystem === 'npm') return join(NPM_PREFIX, 'node_modules', ...project.name.split('/'));
  return join(debianDir(project), 'usr', 'lib', 'python3', 'dist-packages');
}

function debianDir(project) {
  return join(DEBIAN_ROOT, `${project.name}_${project.version}`);
}

function installedNpmVersion(project) {
  try {
    return JSON.parse(readFileSync(join(analysisRoot(project), 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function isInstalled(project) {
  if (project.ecosystem === 'npm') return installedNpmVersion(project) === project.version;
  return existsSync(join(debianDir(project), '.extracted'));
}

// ---------------------------------------------------------------------------------------------
// installing

const log = (message) => process.stderr.write(message + '\n');

/** npm packages, all in one `npm install --ignore-scripts` so shared dependencies are deduped. */
function installNpm(projects) {
  const missing = projects.filter((p) => !isInstalled(p));
  if (missing.length === 0) return [];
  mkdirSync(NPM_PREFIX, { recursive: true });
  const manifest = join(NPM_PREFIX, 'package.json');
  if (!existsSync(manifest)) {
    writeFileSync(manifest, JSON.stringify({ name: 'threadwise-triage', private: true }, null, 2) + '\n');
  }
  log(`triage: npm install ${missing.map((p) => p.id).join(' ')}`);
  execFileSync(
    'npm',
    ['install', '--prefix', NPM_PREFIX, '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact',
      ...projects.map((p) => `${p.name}@${p.version}`)],
    { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT },
  );
  return missing;
}

/**
 * Debian packages, without touching the system: `apt-get download` of the pinned version, then
 * `dpkg -x` into a folder of its own. Dependencies are not fetched: each project is analysed alone.
 */
function installDebian(projects) {
  const missing = projects.filter((p) => !isInstalled(p));
  if (missing.length === 0) return [];
  mkdirSync(DEB_DOWNLOADS, { recursive: true });
  log(`triage: apt-get download ${missing.map((p) => `${p.name}=${p.version}`).join(' ')}`);
  execFileSync('apt-get', ['download', ...missing.map((p) => `${p.name}=${p.version}`)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: DEB_DOWNLOADS,
  });
  for (const project of missing) {
    const deb = findDeb(project);
    const target = debianDir(project);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    execFileSync('dpkg', ['-x', join(DEB_DOWNLOADS, deb), target], { stdio: 'inherit' });
    if (!existsSync(analysisRoot(project))) throw new Error(`triage: ${project.id} has no usr/lib/python3/dist-packages`);
    writeFileSync(join(target, '.extracted'), `${project.id}\n`);
  }
  return missing;
}

/** apt-get download names files name_version_arch.deb, with ':' in the version escaped as %3a. */
function findDeb(project) {
  const prefix = `${project.name}_${project.version.replace(/:/g, '%3a')}_`;
  const deb = readdirSync(DEB_DOWNLOADS).find((file) => file.startsWith(prefix) && file.endsWith('.deb'));
  if (!deb) throw new Error(`triage: apt-get download left no ${prefix}*.deb in ${DEB_DOWNLOADS}`);
  return deb;
}

/** Installs every project that is not installed yet; returns the ones installed now. */
export function installProjects(projects = listProjects()) {
  return [
    ...installNpm(projects.filter((p) => p.ecosystem === 'npm')),
    ...installDebian(projects.filter((p) => p.ecosystem === 'debian')),
  ];
}
