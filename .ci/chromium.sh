#!/usr/bin/env bash
# Sourced by .ci/run (which uses `set -euo pipefail`): Debian's chromium for the browser tests
# (tests/test_view_browser.py) and the tests that print pages to PDF (tests/test_formats_print.py).
# Installs the package when /usr/bin/chromium is missing, then exports CQC_CHROMIUM. Idempotent: a second run changes nothing. The tests start chromium
# themselves (headless, --no-sandbox as root, a fresh profile in a temporary folder each run).
#
# By hand: bash -c 'set -euo pipefail; source .ci/chromium.sh; .venv/bin/python -m pytest tests/test_view_browser.py'

if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: installing chromium from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # fonts: chromium only recommends them, and a page without fonts screenshots as blank boxes
  apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: /usr/bin/chromium not found after install" >&2
  return 1
fi
export CQC_CHROMIUM=/usr/bin/chromium
echo "chromium.sh: $("$CQC_CHROMIUM" --version 2>/dev/null || echo 'chromium (version unknown)')" >&2
