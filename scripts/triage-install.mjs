#!/usr/bin/env node
// Installs the real-world triage projects pinned in test/triage/projects.json into the ignored
// folder .cache/triage/ (npm: `npm install --ignore-scripts`; Debian: `apt-get download` +
// `dpkg -x`, the system is not touched). Idempotent.
//
//   node scripts/triage-install.mjs           # install what is missing
//   node scripts/triage-install.mjs --split   # print the split the file's seed gives (to record it)
import { checkSplit, installProjects, listProjects, readProjectsFile, seededSplit } from './lib/triage-projects.mjs';

const data = readProjectsFile();
if (process.argv.includes('--split')) {
  console.log(JSON.stringify(seededSplit(data), null, 2));
  process.exit(0);
}
const problems = checkSplit(data);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(2);
}
const installed = installProjects(listProjects(data));
console.log(installed.length ? `installed ${installed.map((p) => p.id).join(', ')}` : 'triage projects already installed');
