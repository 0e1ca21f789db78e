#!/usr/bin/env bash
# Peak RSS and CPU time of `redshift-preflight check` as the number of files
# grows (issue 13 point 2): generated migration folders (scripts/gencorpus.go)
# of 2,000, 10,000, 50,000 and 100,000 files, each run with /usr/bin/time.
# With BASE set, that binary runs too, alternating with PREFLIGHT run by run,
# so that both see the same machine load; each cell is the median of RUNS.
#
#   scripts/bench-memory.sh
#   BASE=/tmp/preflight-main FRACTIONS="0.05 1.0" scripts/bench-memory.sh
#
# Environment:
#   PREFLIGHT   binary measured (default: built from this repo with go build)
#   BASE        a second binary to compare with (optional)
#   SIZES       file counts (default "2000 10000 50000 100000")
#   FRACTIONS   fractions of files with credential statements (default 0.05)
#   FORMATS     check --format values (default "json text")
#   RUNS, SEED  runs per cell (default 3) and corpus seed (default 1)
#   KEEP        a directory to keep the corpora in between runs (optional;
#               otherwise a temp dir, removed on exit)
#
# CPU time is user + system seconds; "per 1k files" shows whether it is
# linear in the number of files. Timings are only comparable within one run.
set -euo pipefail

SIZES=${SIZES:-"2000 10000 50000 100000"}
FRACTIONS=${FRACTIONS:-0.05}
FORMATS=${FORMATS:-"json text"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-memory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
corpora=${KEEP:-$tmp}
mkdir -p "$corpora"

[ -x /usr/bin/time ] || { echo "bench-memory: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
if [ -z "${PREFLIGHT:-}" ]; then
	(cd "$root" && nice go build -o "$tmp/redshift-preflight" .)
	PREFLIGHT=$tmp/redshift-preflight
fi
(cd "$root" && nice go build -o "$tmp/gencorpus" scripts/gencorpus.go)

bins=("new=$PREFLIGHT")
[ -n "${BASE:-}" ] && bins=("base=$BASE" "${bins[@]}")

# measure BIN FORMAT DIR: "peak_kb cpu_s wall_s" of one run.
measure() {
	local out=$tmp/time.txt
	/usr/bin/time -o "$out" -f '%M %U %S %e' "$1" check --no-config --format "$2" "$3" >/dev/null 2>&1 || true
	# time writes "Command exited with non-zero status 1" first when it did.
	tail -n 1 "$out" | awk '{ printf "%d %.2f %.2f\n", $1, $2 + $3, $4 }'
}

# median of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); runs per cell: $RUNS (median)"
printf '\n| fraction | files | format | binary | peak RSS MB | CPU s | CPU ms per 1k files | wall s |\n'
printf '| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |\n'
for fraction in $FRACTIONS; do
	for n in $SIZES; do
		dir=$corpora/corpus-$n-$fraction-$SEED
		[ -d "$dir" ] || "$tmp/gencorpus" -n "$n" -fraction "$fraction" -seed "$SEED" -out "$dir" 2>/dev/null
		for format in $FORMATS; do
			rm -f "$tmp"/r.*
			for ((i = 0; i < RUNS; i++)); do
				for b in "${bins[@]}"; do
					measure "${b#*=}" "$format" "$dir" >>"$tmp/r.${b%%=*}"
				done
			done
			for b in "${bins[@]}"; do
				name=${b%%=*}
				rss=$(awk '{ print $1 }' "$tmp/r.$name" | median)
				cpu=$(awk '{ print $2 }' "$tmp/r.$name" | median)
				wall=$(awk '{ print $3 }' "$tmp/r.$name" | median)
				awk -v f="$fraction" -v n="$n" -v fmt="$format" -v b="$name" -v rss="$rss" -v cpu="$cpu" -v wall="$wall" 'BEGIN {
					printf "| %s | %d | %s | %s | %.0f | %.2f | %.1f | %.2f |\n", f, n, fmt, b, rss / 1024, cpu, cpu * 1e6 / n, wall
				}'
			done
		done
	done
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
