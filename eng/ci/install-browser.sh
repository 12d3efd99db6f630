#!/usr/bin/env bash
# Installs Debian's headless Chromium and its WebDriver for the dashboard browser test
# (tests/Sticky.Host.Tests/Dashboard). Idempotent: does nothing when both are already there.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]; then
  echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null || echo unknown)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "installing chromium needs root (apt-get); run as root or install chromium and chromium-driver" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
echo "installed: $(chromium --version 2>/dev/null || echo chromium)"
