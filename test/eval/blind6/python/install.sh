#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind6/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind6 \
  python3-cachecontrol=0.12.12-2 \
  python3-h11=0.14.0-1.1~deb12u1 \
  python3-hpack=4.0.0-2 \
  python3-isodate=0.6.1-1 \
  python3-jmespath=1.0.1-1 \
  python3-paho-mqtt=1.6.1-1 \
  python3-pg8000=1.10.6-3 \
  python3-sqlitedict=2.1.0-1 \
  python3-stomp=8.0.0-1 \
  python3-tomli=2.0.1-2
