# Shared by the whole-process benchmarks (scripts/bench-*.sh): installing
# what they time with, and finding squawk's native binary. Source it after
# setting `tmp`; it defines log, die, apt_install and squawk_binary.

SQUAWK_VERSION=2.66.0

log() { printf '%s\n' "$*" >&2; }
die() { log "${0##*/}: $*"; exit 1; }

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

# squawk_binary prints the path of squawk's native binary: $SQUAWK, else the
# one npm installed under SQUAWK_PREFIX (installing squawk-cli once). The
# npm package's bin is a node wrapper; the native binary is what is timed.
squawk_binary() {
	if [ -n "${SQUAWK:-}" ]; then
		[ -x "$SQUAWK" ] || die "SQUAWK=$SQUAWK is not executable"
		printf '%s\n' "$SQUAWK"
		return
	fi
	local prefix=${SQUAWK_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/redshift-preflight/squawk-$SQUAWK_VERSION} bin
	bin=$({ find "$prefix/node_modules/@squawk-cli" -path '*/bin/squawk' -type f 2>/dev/null || true; } | head -n 1)
	if [ -z "$bin" ]; then
		command -v npm >/dev/null 2>&1 || apt_install npm
		log "npm install squawk-cli@$SQUAWK_VERSION into $prefix"
		mkdir -p "$prefix"
		npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "squawk-cli@$SQUAWK_VERSION" >&2
		bin=$({ find "$prefix/node_modules/@squawk-cli" -path '*/bin/squawk' -type f 2>/dev/null || true; } | head -n 1)
		[ -n "$bin" ] || die "no native squawk binary under $prefix/node_modules/@squawk-cli (unsupported platform?)"
	fi
	case "$("$bin" --version 2>/dev/null || true)" in
	*"$SQUAWK_VERSION"*) ;;
	*) log "warning: $bin is not squawk $SQUAWK_VERSION" ;;
	esac
	printf '%s\n' "$bin"
}
