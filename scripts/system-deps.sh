#!/usr/bin/env bash
# What the tests need from Debian's packages, installed when missing: a PostgreSQL server (the
# audit store's tests start one on a temporary directory and port) and Chromium (the dashboard's
# tests drive it with Playwright; never a downloaded browser) and tmux (the real terminal
# `veil init`'s prompts are tested in).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
test -x /usr/bin/chromium || missing+=(chromium)
command -v tmux >/dev/null || missing+=(tmux)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "veil's tests need Debian packages: ${missing[*]} (run as root, or install them)" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
