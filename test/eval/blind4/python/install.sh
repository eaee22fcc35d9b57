#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind4/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages).
# apt-get download + dpkg -x: nothing is installed into the system and no dependency is pulled in;
# the analyser only reads the sources. Needs root (apt-get update) and the Debian archive; not run in CI.
set -eu
ROOT=/var/cache/threadwise-blind4
apt-get update
mkdir -p "$ROOT/debs" "$ROOT/root"
cd "$ROOT/debs"
apt-get download \
  python3-dotenv=0.21.0-1 \
  python3-ftputil=5.0.4-1 \
  python3-influxdb=5.3.1-3 \
  python3-mistune=2.0.4-1 \
  python3-ntplib=0.3.3-3 \
  python3-png=0.20220715.0-1 \
  python3-polib=1.1.1-1 \
  python3-pyasn1=0.4.8-3+deb12u3 \
  python3-tinydb=3.15.2-4
for deb in python3-dotenv_*.deb python3-ftputil_*.deb python3-influxdb_*.deb python3-mistune_*.deb \
  python3-ntplib_*.deb python3-png_*.deb python3-polib_*.deb python3-pyasn1_*.deb python3-tinydb_*.deb; do
  dpkg -x "$deb" "$ROOT/root"
done
echo "extracted into $ROOT/root/usr/lib/python3/dist-packages"
