#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (a test tool's own browser download cannot be relied on).
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "Chromium not found; installing Debian's chromium package with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
