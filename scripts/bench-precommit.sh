#!/usr/bin/env bash
# The pre-commit case of issue 13, point 4: one small migration checked
#   (a) alone, (b) against a 5,000-role get-account-authorization-details
#   export (~18 MB), each timed side by side with squawk 2.66.0's native
#   binary on the same file (hyperfine, runs interleaved by round);
#   (c) against a 50,000-role export (~180 MB): wall time and peak RSS;
# and the start-up profile (GODEBUG=inittrace=1: package inits summed by
# module) of one run.
#
#   scripts/bench-precommit.sh
#
# Environment:
#   PREFLIGHT  binary to time (default: built from this checkout)
#   BASE       a second binary timed beside it (e.g. an older build), optional
#   SQUAWK     squawk's native binary (default: squawk-cli@2.66.0 from npm)
#   RUNS       hyperfine runs per command (default 40)
# Installs hyperfine and GNU time with apt-get when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=lib/bench.sh
. "$root/scripts/lib/bench.sh"

command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
squawk=$(squawk_binary)
if [ -z "${PREFLIGHT:-}" ]; then
	(cd "$root" && go build -o "$tmp/redshift-preflight" .)
	PREFLIGHT=$tmp/redshift-preflight
fi
(cd "$root" && go run scripts/genbigiam.go -out "$tmp/r5k" >&2 &&
	go run scripts/genbigiam.go -out "$tmp/r50k" -roles 50000 -policies 5000 >&2)
sql=$tmp/r5k/V1__load.sql
bins=("$PREFLIGHT")
[ -n "${BASE:-}" ] && bins+=("$BASE")

cmds=("$squawk --reporter gcc $sql")
for b in "${bins[@]}"; do
	cmds+=("$b check --no-config $sql")
	cmds+=("$b check --no-config --iam $tmp/r5k/iam --cluster $tmp/r5k/cluster --db-user etl_user $sql")
done
echo "## one migration file (hyperfine -N, ${RUNS:-40} runs each; ratios against squawk)"
hyperfine -N -i --warmup 3 --runs "${RUNS:-40}" --export-markdown "$tmp/pc.md" "${cmds[@]}" >/dev/null 2>&1
cat "$tmp/pc.md"

echo
echo "## 50,000-role export, one migration file (3 runs each, alternating; median wall, max RSS)"
echo "| binary | wall (s) | peak RSS (MB) |"
echo "|---|---|---|"
for b in "${bins[@]}"; do : >"$tmp/$(basename "$b").50k"; done
for _ in 1 2 3; do
	for b in "${bins[@]}"; do
		/usr/bin/time -f "%e %M" -a -o "$tmp/$(basename "$b").50k" "$b" check --no-config --iam "$tmp/r50k/iam" \
			--cluster "$tmp/r50k/cluster" --db-user etl_user "$tmp/r50k/V1__load.sql" >/dev/null 2>&1 || true
	done
done
for b in "${bins[@]}"; do
	grep -v '^Command' "$tmp/$(basename "$b").50k" | sort -n | awk -v b="$b" '{w[NR]=$1; if ($2>m) m=$2} END {printf "| %s | %s | %.0f |\n", b, w[2], m/1024}'
done

echo
echo "## start-up profile of $PREFLIGHT (one run, package inits summed by module, ms)"
GODEBUG=inittrace=1 "$PREFLIGHT" check --no-config "$sql" 2>&1 >/dev/null | awk '
	/^init / { p = $2; sub(/^github.com\/aws\/.*/, "github.com/aws/... (AWS SDK)", p)
		n = split(p, a, "/"); m = (a[1] ~ /\./ && n >= 3) ? a[1] "/" a[2] "/" a[3] : a[1]
		if (p ~ /AWS SDK/) m = p; t[m] += $5; all += $5 }
	END { for (k in t) printf "%8.3f  %s\n", t[k], k; printf "%8.3f  total\n", all }' | sort -rn | head -12
