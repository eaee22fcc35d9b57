#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages that corpus.json lists (its "packages") under
# the root its sourceRoot names (/var/cache/threadwise-blind12), with the shared installer
# test/eval/install-python-corpus.sh: nothing is installed into the system. Needs root and the
# Debian archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../install-python-corpus.sh" "$(dirname "$0")/corpus.json"
