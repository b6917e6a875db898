#!/usr/bin/env bash
# Sourced by .ci/run (which uses `set -euo pipefail`): Debian's chromium for the browser tests
# (tests/test_view_browser.py) and the tests that print pages to PDF (tests/test_formats_print.py).
# Installs chromium and its fonts from Debian packages when any is missing, then exports
# CQC_CHROMIUM. Idempotent: a second run changes nothing. The tests start chromium themselves
# through Playwright (tests/chromium.py; the `playwright` package comes with the test extras,
# `pip install '.[test]'`, and its wheel carries its own driver): headless, --no-sandbox as root,
# a fresh profile each run, over a pipe, so nothing is downloaded and no network is needed.
# Never `playwright install`: the tests use this browser (executable_path), not Playwright's builds.
#
# By hand: bash -c 'set -euo pipefail; source .ci/chromium.sh; .venv/bin/python -m pytest tests/test_view_browser.py'

# fonts: chromium only recommends them, and a page without fonts screenshots as blank boxes
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
for package in fonts-liberation fonts-dejavu-core; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "chromium.sh: installing ${missing[*]} from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: /usr/bin/chromium not found after install" >&2
  return 1
fi
export CQC_CHROMIUM=/usr/bin/chromium
echo "chromium.sh: $("$CQC_CHROMIUM" --version 2>/dev/null || echo 'chromium (version unknown)')" >&2
