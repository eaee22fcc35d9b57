#!/bin/sh
# Usage: extract-debian.sh ROOT python3-name=version ...
# Downloads exactly the pinned Debian 12 (bookworm) packages into ROOT/debs and extracts each into
# ROOT/root (sources under ROOT/root/usr/lib/python3/dist-packages). apt-get download + dpkg -x:
# nothing is installed into the system and no dependency is pulled in; the analyser only reads the
# sources. Needs root (apt-get update) and the Debian archive. Called by install-python-corpus.sh,
# which reads the pins from a corpus file (the blind corpora's python/install.sh call that).
set -eu
ROOT=$1
shift
apt-get update
mkdir -p "$ROOT/debs" "$ROOT/root"
cd "$ROOT/debs"
apt-get download "$@"
for pin in "$@"; do
  dpkg -x "${pin%%=*}"_*.deb "$ROOT/root"
done
echo "extracted into $ROOT/root/usr/lib/python3/dist-packages"
