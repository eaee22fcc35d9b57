#!/bin/sh
# Extracts the pinned Debian 12 (bookworm) packages whose functions corpus.json labels into
# /var/cache/threadwise-blind7/root (the corpus's sourceRoot is its usr/lib/python3/dist-packages),
# with test/eval/extract-debian.sh: nothing is installed into the system. Needs root and the Debian
# archive; not run in CI.
set -eu
exec sh "$(dirname "$0")/../../extract-debian.sh" /var/cache/threadwise-blind7 \
  python3-asn1crypto=1.5.1-2 \
  python3-dateutil=2.8.2-2 \
  python3-dulwich=0.21.2-1+b1 \
  python3-elasticsearch=7.17.6-1 \
  python3-icalendar=4.0.3-5 \
  python3-kafka=2.0.2-3 \
  python3-kazoo=2.8.0-2 \
  python3-mako=1.2.4+ds-1 \
  python3-swiftclient=1:4.1.0-2
