#!/bin/sh
# Installs the pinned Debian 12 (bookworm) packages whose functions corpus.json labels.
# Needs root and the Debian archive; not run in CI. Sources land in /usr/lib/python3/dist-packages.
set -eu
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  python3-aiofiles=23.1.0-1 \
  python3-aiosqlite=0.17.0-2 \
  python3-diff-match-patch=20200713-2 \
  python3-feedparser=6.0.10-1 \
  python3-httplib2=0.20.4-3+deb12u1 \
  python3-jinja2=3.1.2-1+deb12u3 \
  python3-ldap3=2.9.1-2 \
  python3-mutagen=1.46.0-1 \
  python3-openpyxl=3.0.9-1 \
  python3-pika=1.2.0-1 \
  python3-pygments=2.14.0+dfsg-1 \
  python3-pymemcache=3.5.2-1 \
  python3-sqlparse=0.4.2-1+deb12u1 \
  python3-starlette=0.26.1-1+deb12u2 \
  python3-toml=0.10.2-1 \
  python3-waitress=2.1.2-2+deb12u1 \
  python3-websocket=1.2.3-1
