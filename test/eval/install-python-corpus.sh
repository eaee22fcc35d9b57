#!/bin/sh
# Usage: install-python-corpus.sh CORPUS_JSON
# The one installer of the blind Python corpora (blind 4 onwards): reads the corpus file's pinned
# Debian 12 (bookworm) packages ({"debian": "python3-…", "version": "…"} under "packages") and its
# sourceRoot (ROOT/root/usr/lib/python3/dist-packages), then extracts exactly those packages into
# ROOT with extract-debian.sh (apt-get download + dpkg -x: nothing is installed into the system, no
# dependency is pulled in). Each corpus's python/install.sh calls this with its own corpus.json, so
# the pins live in one place. Needs root and the Debian archive; not run in CI.
set -eu
HERE=$(dirname "$0")
CORPUS=$1
# ROOT and the pins, one per line (ROOT first), read with node (the project's own runtime)
PLAN=$(node -e '
const corpus = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const suffix = "/root/usr/lib/python3/dist-packages";
if (!String(corpus.sourceRoot).endsWith(suffix)) throw new Error(`sourceRoot must end with ${suffix}`);
console.log(corpus.sourceRoot.slice(0, -suffix.length));
for (const info of Object.values(corpus.packages)) console.log(`${info.debian}=${info.version}`);
' "$CORPUS")
# shellcheck disable=SC2086 # one word per line: the root, then the pins
set -- $PLAN
exec sh "$HERE/extract-debian.sh" "$@"
