#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind10/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind10 \
  python3-aiormq=6.4.2-1 \
  python3-amqp=5.1.1-1 \
  python3-filelock=3.9.0-1+deb12u1 \
  python3-hglib=2.6.2-1 \
  python3-jenkins=1.4.0-3 \
  python3-markdown2=2.4.1-1 \
  python3-pefile=2023.2.7-1 \
  python3-pyrad=2.1-3 \
  python3-rarfile=3.1-2 \
  python3-statsd=4.0.1-1
