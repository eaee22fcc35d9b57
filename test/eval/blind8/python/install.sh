#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind8/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind8 \
  python3-aiomysql=0.1.1-2 \
  python3-cbor2=5.4.6-1+b1 \
  python3-configobj=5.0.8-1 \
  python3-consul=0.7.1-2 \
  python3-docker=5.0.3-1 \
  python3-hvac=0.11.2-1 \
  python3-olefile=0.46-3 \
  python3-srt=3.5.2-5 \
  python3-tomlkit=0.11.7-1
