#!/bin/sh
# Installs the pinned Debian 12 (bookworm) packages whose functions corpus.json labels.
# Needs root and the Debian archive; not run in CI. Sources land in /usr/lib/python3/dist-packages.
set -eu
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  python3-dnspython=2.3.0-1+deb12u1 \
  python3-networkx=2.8.8-1 \
  python3-passlib=1.7.4-3 \
  python3-psutil=5.9.4-1+b1 \
  python3-pyaes=1.6.1-4 \
  python3-pymongo=3.11.0-1+deb12u2 \
  python3-pypdf=3.4.1-1+deb12u1 \
  python3-serial=3.5-1.1 \
  python3-xlrd=1.2.0-3
