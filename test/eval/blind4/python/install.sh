#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind4/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind4 \
  python3-dotenv=0.21.0-1 \
  python3-ftputil=5.0.4-1 \
  python3-influxdb=5.3.1-3 \
  python3-mistune=2.0.4-1 \
  python3-ntplib=0.3.3-3 \
  python3-png=0.20220715.0-1 \
  python3-polib=1.1.1-1 \
  python3-pyasn1=0.4.8-3+deb12u3 \
  python3-tinydb=3.15.2-4
