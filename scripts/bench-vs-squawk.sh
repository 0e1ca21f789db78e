#!/usr/bin/env bash
# Times `redshift-preflight check` against squawk 2.66.0 and against a floor
# on two synthetic Redshift migration folders of 2,000 files each: every
# file with credential statements (cred100) and 5 % of them (cred5)
# (issue 13 point 1). On the same files it runs, in rounds, each command
# once, in an order that rotates from round to round:
#
#   squawk      squawk's native binary, --reporter gcc
#   rg          ripgrep counting iam_role: rg -c -i iam_role DIR (the floor:
#               reading every file and scanning it once)
#   json, text  redshift-preflight check --format json / --format text
#   base-json, base-text   the same with the BASE binary, when set
#
# and reports per command the median wall time and the median peak RSS
# (/usr/bin/time -f %M), and per pair of commands the median of the ratios
# of their times in the same round: the ratio is measured side by side,
# so that the load of other jobs on the machine cancels out.
#
#   scripts/bench-vs-squawk.sh
#   BASE=/tmp/preflight-main RUNS=21 scripts/bench-vs-squawk.sh
#
# Environment:
#   PREFLIGHT      binary to time (default: built from this repo with go build)
#   BASE           a second preflight binary (before a change), optional
#   SQUAWK         squawk's native binary (default: squawk-cli@2.66.0 from npm,
#                  installed once under SQUAWK_PREFIX)
#   SQUAWK_PREFIX  npm prefix for that install
#                  (default: ${XDG_CACHE_HOME:-$HOME/.cache}/redshift-preflight/squawk-2.66.0)
#   N, SEED        corpus size and seed (default 2000 and 1)
#   RUNS, WARMUP   measured rounds and rounds run first and dropped (default 15 and 2)
#   RESULTS_DIR    if set, the raw times (one line per run) are copied there
#
# It installs, when missing: squawk-cli from npm, and ripgrep, time (and
# npm) with apt-get. It reaches no other network. Its temp dir is removed
# on exit.
#
# Why the files are the -squawk-safe copy of each corpus: squawk 2.66.0
# panics ("the parser seems stuck", exit 101, ~2 s and ~1.8 GB for each
# panic's backtrace) on files holding `WITH CREDENTIALS` or a `\'` escape
# followed later by `WITH NO SCHEMA BINDING`, so a run over the generated
# corpus measures its crash handler, not its linting. Every command is
# therefore timed on the -squawk-safe copy (the same files with those
# spellings rewritten into equivalents Redshift reads the same way).
set -euo pipefail

N=${N:-2000}
SEED=${SEED:-1}
RUNS=${RUNS:-15}
WARMUP=${WARMUP:-2}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-squawk.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=lib/bench.sh
. "$root/scripts/lib/bench.sh" # log, die, apt_install, squawk_binary

# --- tools -----------------------------------------------------------------

command -v go >/dev/null 2>&1 || die "go is required"
command -v rg >/dev/null 2>&1 || apt_install ripgrep
[ -x /usr/bin/time ] || apt_install time

SQUAWK=$(squawk_binary)

if [ -z "${PREFLIGHT:-}" ]; then
	log "go build redshift-preflight"
	(cd "$root" && nice go build -o "$tmp/redshift-preflight" .)
	PREFLIGHT=$tmp/redshift-preflight
fi
[ -x "$PREFLIGHT" ] || die "PREFLIGHT=$PREFLIGHT is not executable"
[ -z "${BASE:-}" ] || [ -x "$BASE" ] || die "BASE=$BASE is not executable"

(cd "$root" && go build -o "$tmp/gencorpus" scripts/gencorpus.go)

# --- corpora ---------------------------------------------------------------

corpora=(cred100:1.0 cred5:0.05)
for c in "${corpora[@]}"; do
	name=${c%%:*} fraction=${c#*:}
	"$tmp/gencorpus" -n "$N" -fraction "$fraction" -seed "$SEED" -squawk-safe -out "$tmp/$name-safe"
done

# One run of each tool first: a usage error or a crash would make the
# timings meaningless (exit codes are not looked at while timing). With
# BASE, both binaries must print the same report.
for c in "${corpora[@]}"; do
	name=${c%%:*}
	set +e
	"$SQUAWK" --reporter gcc "$tmp/$name-safe/*.sql" >/dev/null 2>"$tmp/squawk.err"
	rc=$?
	"$PREFLIGHT" check --no-config --format json "$tmp/$name-safe" >"$tmp/preflight.json" 2>"$tmp/preflight.err"
	prc=$?
	set -e
	if [ "$rc" -gt 1 ]; then
		log "warning: squawk exited $rc on $name-safe (1 = violations found, more = crash):"
		head -n 5 "$tmp/squawk.err" >&2
	fi
	if [ "$prc" -gt 1 ]; then
		cat "$tmp/preflight.err" >&2
		die "redshift-preflight check exited $prc on $name"
	fi
	log "$name: $(tail -n 1 "$tmp/preflight.err")"
	if [ -n "${BASE:-}" ]; then
		"$BASE" check --no-config --format json "$tmp/$name-safe" >"$tmp/base.json" 2>/dev/null || true
		cmp -s "$tmp/base.json" "$tmp/preflight.json" || log "warning: BASE and PREFLIGHT print different JSON reports on $name"
	fi
done

# --- timing ----------------------------------------------------------------

results=$tmp/results
mkdir -p "$results"
log "machine: $(nproc 2>/dev/null || echo '?') cores; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

names=(squawk rg json text)
[ -n "${BASE:-}" ] && names+=(base-json base-text)

# set_commands DIR: the command line of each name, over the files of DIR.
set_commands() {
	cmd_squawk=("$SQUAWK" --reporter gcc "$1/*.sql")
	cmd_rg=(rg -c -i iam_role "$1")
	cmd_json=("$PREFLIGHT" check --no-config --format json "$1")
	cmd_text=("$PREFLIGHT" check --no-config --format text "$1")
	cmd_base_json=("${BASE:-}" check --no-config --format json "$1")
	cmd_base_text=("${BASE:-}" check --no-config --format text "$1")
}

# run_once NAME: one run of NAME's command; prints "wall_us peak_kb".
run_once() {
	local -n cmd=cmd_${1//-/_}
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tmp/rss" "${cmd[@]}" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000)) $(tail -n 1 "$tmp/rss")"
}

# median: of the numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# col FILE N: column N of a raw file.
col() { awk -v n="$2" '{ print $n }' "$1"; }

# paired NAME OTHER CORPUS: the median over rounds of time(NAME) / time(OTHER).
paired() { paste "$results/$3.$1" "$results/$3.$2" | awk '{ print $1 / $3 }' | median; }

k=${#names[@]}
for c in "${corpora[@]}"; do
	name=${c%%:*}
	set_commands "$tmp/$name-safe"
	log "== $name: $WARMUP + $RUNS rounds of ${names[*]}"
	for ((round = 0; round < WARMUP + RUNS; round++)); do
		for ((j = 0; j < k; j++)); do
			n=${names[(round + j) % k]}
			line=$(run_once "$n")
			((round < WARMUP)) || echo "$line" >>"$results/$name.$n"
		done
	done
done

printf '\n'
printf '| corpus | MB | files | command | median wall ms | median peak RSS MB | ×squawk | ×rg |\n'
printf '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n'
for c in "${corpora[@]}"; do
	name=${c%%:*}
	dir=$tmp/$name-safe
	mb=$(cat "$dir"/*.sql | wc -c | awk '{ printf "%.1f", $1 / 1e6 }')
	files=$(find "$dir" -name '*.sql' | wc -l | tr -d ' ')
	for n in "${names[@]}"; do
		wall=$(col "$results/$name.$n" 1 | median)
		rss=$(col "$results/$name.$n" 2 | median)
		awk -v c="$name" -v mb="$mb" -v f="$files" -v n="$n" -v w="$wall" -v r="$rss" -v sq="$(paired "$n" squawk "$name")" -v rg="$(paired "$n" rg "$name")" \
			'BEGIN { printf "| %s | %s | %d | %s | %.1f | %.1f | %.3f | %.2f |\n", c, mb, f, n, w / 1000, r / 1024, sq, rg }'
	done
done
if [ -n "${BASE:-}" ]; then
	printf '\nBASE against PREFLIGHT (median of the paired ratios, < 1: PREFLIGHT is faster):\n'
	for c in "${corpora[@]}"; do
		name=${c%%:*}
		printf '  %s: json %.3f, text %.3f\n' "$name" "$(paired json base-json "$name")" "$(paired text base-text "$name")"
	done
fi
printf '\n%d measured rounds of %d commands, order rotating; ×squawk and ×rg are medians of the ratios within a round.\n' "$RUNS" "$k"
printf 'load average after: %s (%s cores; other jobs on the machine skew single times, less so the ratios)\n' \
	"$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" "$(nproc 2>/dev/null || echo '?')"
if [ -n "${RESULTS_DIR:-}" ]; then
	mkdir -p "$RESULTS_DIR"
	cp "$results"/* "$RESULTS_DIR"/
	log "raw times copied to $RESULTS_DIR"
fi
