#!/bin/sh
# Installs the pinned Debian 12 (bookworm) packages whose functions corpus.json labels.
# Needs root and the Debian archive; not run in CI. Sources land in /usr/lib/python3/dist-packages.
set -eu
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  python3-aiohttp=3.8.4-1+deb12u2 \
  python3-chardet=5.1.0+dfsg-2 \
  python3-ecdsa=0.18.0-3 \
  python3-markdown=3.4.1-2+deb12u1 \
  python3-paramiko=2.12.0-2 \
  python3-pymysql=1.0.2-2+deb12u1 \
  python3-redis=4.3.4-3 \
  python3-requests=2.28.1+dfsg-1 \
  python3-rsa=4.8-1 \
  python3-urllib3=1.26.12-1+deb12u4 \
  python3-yaml=6.0-3+b2
