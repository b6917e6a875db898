#!/usr/bin/env bash
# Sourced by .ci/run: Debian's chromium for the tests that print pages to PDF (headless).
# Installs it when /usr/bin/chromium is missing (idempotent) and exports CQC_CHROMIUM.
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: installing chromium from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export CQC_CHROMIUM=/usr/bin/chromium
