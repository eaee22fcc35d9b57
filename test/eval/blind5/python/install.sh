#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind5/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages).
# apt-get download + dpkg -x: nothing is installed into the system and no dependency is pulled in;
# the analyser only reads the sources. Needs root (apt-get update) and the Debian archive; not run in CI.
set -eu
ROOT=/var/cache/threadwise-blind5
apt-get update
mkdir -p "$ROOT/debs" "$ROOT/root"
cd "$ROOT/debs"
apt-get download \
  python3-aiosmtplib=2.0.0-1 \
  python3-diskcache=5.4.0-1 \
  python3-gnupg=0.4.9-1 \
  python3-memcache=1.59-5 \
  python3-pysolr=3.8.1-1.1 \
  python3-tabulate=0.8.9-1 \
  python3-u-msgpack=2.3.0-3 \
  python3-unidiff=0.7.3-1 \
  python3-xmltodict=0.13.0-1.1~deb12u1
for deb in python3-aiosmtplib_*.deb python3-diskcache_*.deb python3-gnupg_*.deb python3-memcache_*.deb \
  python3-pysolr_*.deb python3-tabulate_*.deb python3-u-msgpack_*.deb python3-unidiff_*.deb python3-xmltodict_*.deb; do
  dpkg -x "$deb" "$ROOT/root"
done
echo "extracted into $ROOT/root/usr/lib/python3/dist-packages"
