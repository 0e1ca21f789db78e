#!/usr/bin/env bash
# Installs the oracle of the differential test (internal/differential):
# @cloud-copilot/iam-simulate, at the exact version of
# testdata/differential/oracle/package-lock.json, with npm ci into
# PREFLIGHT_ORACLE_DIR (default ~/.cache/redshift-preflight/iam-simulate),
# outside the Go module so that go tooling never walks its node_modules.
# It is AGPL-3.0-or-later and a test-time tool only: never vendored, never
# linked into the tool. A second run with the same lock file does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
src=testdata/differential/oracle
dir="${PREFLIGHT_ORACLE_DIR:-$HOME/.cache/redshift-preflight/iam-simulate}"
mkdir -p "$dir"
if cmp -s "$src/package-lock.json" "$dir/package-lock.json" &&
  [ -f "$dir/node_modules/@cloud-copilot/iam-simulate/package.json" ]; then
  echo "differential oracle: up to date in $dir"
  exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dir/"
# --ignore-scripts: no install scripts run; --prefer-offline: a warm npm
# cache installs without the network.
(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --prefer-offline)
echo "differential oracle: installed in $dir"
