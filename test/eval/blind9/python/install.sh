#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind9/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind9 \
  python3-aiopg=1.4.0-1 \
  python3-aioredis=1.3.1-2 \
  python3-caldav=0.11.0-1 \
  python3-etcd=0.4.5-4 \
  python3-fs=2.4.16-2 \
  python3-jsonpatch=1.32-2 \
  python3-mpd=3.0.5-1 \
  python3-msgpack=1.0.3-2+b1 \
  python3-vobject=0.9.6.1-2
