#!/usr/bin/env bash
# Times `redshift-preflight check` against squawk 2.66.0 on two synthetic
# Redshift migration folders of 2,000 files each (credential fraction 1.0 and
# 0.05), with hyperfine (--warmup 2 --runs 10), and reports one preflight
# run's peak RSS.
#
#   scripts/bench-vs-squawk.sh
#
# Environment:
#   PREFLIGHT      binary to time (default: built from this repo with go build)
#   SQUAWK         squawk's native binary (default: squawk-cli@2.66.0 from npm,
#                  installed once under SQUAWK_PREFIX)
#   SQUAWK_PREFIX  npm prefix for that install
#                  (default: ${XDG_CACHE_HOME:-$HOME/.cache}/redshift-preflight/squawk-2.66.0)
#   N, SEED        corpus size and seed (default 2000 and 1)
#   RUNS, WARMUP   hyperfine settings (default 10 and 2)
#   RESULTS_DIR    if set, hyperfine's JSON/markdown/CSV exports are copied there
#
# It installs, when missing: squawk-cli from npm, and hyperfine, time (and npm)
# with apt-get. It reaches no other network. Its temp dir is removed on exit.
#
# Why there are two copies of each corpus: squawk 2.66.0 panics ("the parser
# seems stuck", exit 101, ~2 s and ~1.8 GB for each panic's backtrace) on
# files holding `WITH CREDENTIALS` or a `\'` escape followed later by
# `WITH NO SCHEMA BINDING`, so a run over the generated corpus measures its
# crash handler, not its linting. Both tools are therefore timed on the
# -squawk-safe copy (the same files with those spellings rewritten into
# equivalents Redshift reads the same way); preflight is timed on the
# unmodified corpus too.
set -euo pipefail

SQUAWK_VERSION=2.66.0
N=${N:-2000}
SEED=${SEED:-1}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-vs-squawk.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '%s\n' "$*" >&2; }
die() { log "bench-vs-squawk: $*"; exit 1; }

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

apt_updated=
apt_install() {
	command -v apt-get >/dev/null 2>&1 || die "$1 is missing and apt-get is not available; install it by hand"
	if [ -z "$apt_updated" ]; then
		log "apt-get update"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
		apt_updated=1
	fi
	log "apt-get install $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# --- tools -----------------------------------------------------------------

command -v go >/dev/null 2>&1 || die "go is required"
command -v hyperfine >/dev/null 2>&1 || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time

if [ -z "${SQUAWK:-}" ]; then
	prefix=${SQUAWK_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/redshift-preflight/squawk-$SQUAWK_VERSION}
	find_squawk() {
		# The npm package's bin is a node wrapper; time the native binary it ships.
		{ find "$prefix/node_modules/@squawk-cli" -path '*/bin/squawk' -type f 2>/dev/null || true; } | head -n 1
	}
	SQUAWK=$(find_squawk)
	if [ -z "$SQUAWK" ]; then
		command -v npm >/dev/null 2>&1 || apt_install npm
		log "npm install squawk-cli@$SQUAWK_VERSION into $prefix"
		mkdir -p "$prefix"
		npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "squawk-cli@$SQUAWK_VERSION" >&2
		SQUAWK=$(find_squawk)
		[ -n "$SQUAWK" ] || die "no native squawk binary under $prefix/node_modules/@squawk-cli (unsupported platform?)"
	fi
fi
[ -x "$SQUAWK" ] || die "SQUAWK=$SQUAWK is not executable"
squawk_version=$("$SQUAWK" --version 2>/dev/null || true)
case "$squawk_version" in
*"$SQUAWK_VERSION"*) ;;
*) log "warning: $SQUAWK reports '$squawk_version', not $SQUAWK_VERSION" ;;
esac

if [ -z "${PREFLIGHT:-}" ]; then
	log "go build redshift-preflight"
	(cd "$root" && go build -o "$tmp/redshift-preflight" .)
	PREFLIGHT=$tmp/redshift-preflight
fi
[ -x "$PREFLIGHT" ] || die "PREFLIGHT=$PREFLIGHT is not executable"

(cd "$root" && go build -o "$tmp/gencorpus" scripts/gencorpus.go)

# hyperfine >= 1.13 can run commands without an intermediate shell.
hf_shell=()
if hyperfine --help 2>/dev/null | grep -q -- '--shell=none'; then
	hf_shell=(-N)
fi

# --- corpora ---------------------------------------------------------------

corpora=(cred100:1.0 cred5:0.05)
for c in "${corpora[@]}"; do
	name=${c%%:*} fraction=${c#*:}
	"$tmp/gencorpus" -n "$N" -fraction "$fraction" -seed "$SEED" -out "$tmp/$name"
	"$tmp/gencorpus" -n "$N" -fraction "$fraction" -seed "$SEED" -squawk-safe -out "$tmp/$name-safe"
done

# One run of each tool first: a usage error or a crash would make the timings
# meaningless (hyperfine -i ignores every non-zero exit).
for c in "${corpora[@]}"; do
	name=${c%%:*}
	set +e
	"$SQUAWK" "$tmp/$name-safe/*.sql" >/dev/null 2>"$tmp/squawk.err"
	rc=$?
	"$PREFLIGHT" check --no-config "$tmp/$name" >/dev/null 2>"$tmp/preflight.err"
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
done

# --- timing ----------------------------------------------------------------

results=$tmp/results
mkdir -p "$results"
log "machine: $(nproc 2>/dev/null || echo '?') cores; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

for c in "${corpora[@]}"; do
	name=${c%%:*}
	log ""
	log "== $name"
	(
		cd "$tmp" # no .redshift-preflight.toml up from here, and --no-config anyway
		hyperfine ${hf_shell[@]+"${hf_shell[@]}"} -i --warmup "$WARMUP" --runs "$RUNS" --style basic \
			--export-json "$results/$name.json" \
			--export-markdown "$results/$name.md" \
			--export-csv "$results/$name.csv" \
			-n squawk "'$SQUAWK' '$tmp/$name-safe/*.sql'" \
			-n squawk-gcc "'$SQUAWK' --reporter gcc '$tmp/$name-safe/*.sql'" \
			-n preflight "'$PREFLIGHT' check --no-config '$tmp/$name-safe'" \
			-n preflight-unmodified "'$PREFLIGHT' check --no-config '$tmp/$name'"
	) >&2
done

# mean_s CSV NAME: the mean in seconds of the command named NAME.
mean_s() { awk -F, -v n="$2" '$1 == n { print $2 }' "$1"; }

bytes_of() { cat "$1"/*.sql | wc -c | tr -d ' '; }

printf '\n'
printf '| corpus | total MB | files | squawk mean ms | preflight mean ms | preflight/squawk | preflight MB/s | preflight files/s |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for c in "${corpora[@]}"; do
	name=${c%%:*} fraction=${c#*:}
	dir=$tmp/$name-safe
	bytes=$(bytes_of "$dir")
	files=$(find "$dir" -name '*.sql' | wc -l | tr -d ' ')
	sq=$(mean_s "$results/$name.csv" squawk)
	pf=$(mean_s "$results/$name.csv" preflight)
	awk -v name="$name (fraction $fraction)" -v b="$bytes" -v f="$files" -v sq="$sq" -v pf="$pf" 'BEGIN {
		mb = b / 1e6
		printf "| %s | %.2f | %d | %.1f | %.1f | %.3f | %.1f | %.0f |\n", name, mb, f, sq * 1000, pf * 1000, pf / sq, mb / pf, f / pf
	}'
done
printf '\nBoth tools on the same -squawk-safe files (MB = 10^6 bytes). Other means, in ms:\n'
for c in "${corpora[@]}"; do
	name=${c%%:*}
	awk -F, -v name="$name" 'NR > 1 && ($1 == "squawk-gcc" || $1 == "preflight-unmodified") {
		printf "  %s: %s %.1f ms\n", name, $1, $2 * 1000
	}' "$results/$name.csv"
done

# Peak RSS of one preflight run over the larger credential corpus.
/usr/bin/time -v "$PREFLIGHT" check --no-config "$tmp/cred100" >/dev/null 2>"$tmp/time.txt" || true
rss=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
printf '\npreflight peak RSS (one run, cred100, unmodified): %s KB (%.1f MB)\n' "${rss:-?}" "$(awk -v k="${rss:-0}" 'BEGIN { print k / 1024 }')"
printf 'load average after: %s (%s cores; other jobs on the machine skew these numbers)\n' \
	"$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" "$(nproc 2>/dev/null || echo '?')"

printf '\nhyperfine exports:\n'
for c in "${corpora[@]}"; do
	name=${c%%:*}
	printf '\n%s\n' "$name"
	cat "$results/$name.md"
done
if [ -n "${RESULTS_DIR:-}" ]; then
	mkdir -p "$RESULTS_DIR"
	cp "$results"/* "$RESULTS_DIR"/
	log "exports copied to $RESULTS_DIR"
fi
