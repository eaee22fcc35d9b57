#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind5/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind5 \
  python3-aiosmtplib=2.0.0-1 \
  python3-diskcache=5.4.0-1 \
  python3-gnupg=0.4.9-1 \
  python3-memcache=1.59-5 \
  python3-pysolr=3.8.1-1.1 \
  python3-tabulate=0.8.9-1 \
  python3-u-msgpack=2.3.0-3 \
  python3-unidiff=0.7.3-1 \
  python3-xmltodict=0.13.0-1.1~deb12u1
