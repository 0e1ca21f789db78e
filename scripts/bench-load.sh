#!/usr/bin/env bash
# Whole-process benchmark of the pre-commit case: one migration checked
# against a 5,000-role (~16 MB) get-account-authorization-details export.
# Prints hyperfine's wall-time statistics and the peak RSS of one run.
# Needs hyperfine and GNU time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
go build -o "$tmp/redshift-preflight" .
go run scripts/genbigiam.go -out "$tmp/data"
cmd="$tmp/redshift-preflight check --iam $tmp/data/iam --cluster $tmp/data/cluster --db-user etl_user $tmp/data/V1__load.sql"
$cmd || true
hyperfine -N -i --warmup 3 --runs "${RUNS:-30}" "$cmd"
/usr/bin/time -v $cmd 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed" || true
