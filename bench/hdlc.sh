#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# HDLC decode: builds bench/bench_hdlc.c against build/libtelfw.a, DAHDI's
# fasthdlc.h (from the installed dahdi-source: /usr/src/dahdi*/ or the
# /usr/src/dahdi*.tar.* tarball, extracted into build/bench/; bench time
# only, never part of the product) and libosmocore, then prints Mbit/s with
# ratios and, under callgrind, instructions per line octet and per decoded
# data octet ((I(2 passes) - I(1 pass)) / octets: set-up cancels out).
#
#   bench/hdlc.sh [BUILD]        (default build; BENCH_TIME seconds, default 3)
set -eu
BUILD=${1:-build}
OUT=$BUILD/bench
mkdir -p "$OUT"

inc=
for d in /usr/src/dahdi*/include /usr/src/dahdi*/linux/include /usr/include; do
	[ -f "$d/dahdi/fasthdlc.h" ] && { inc=$d; break; }
done
if [ -z "$inc" ]; then
	tb=$(ls /usr/src/dahdi*.tar.* 2>/dev/null | head -n 1 || true)
	[ -n "$tb" ] || { echo "bench/hdlc.sh: no dahdi/fasthdlc.h: install dahdi-source" >&2; exit 1; }
	tar -xf "$tb" -C "$OUT" --wildcards '*/include/dahdi/fasthdlc.h'
	inc=$(dirname "$(dirname "$(find "$OUT" -path '*/include/dahdi/fasthdlc.h' | head -n 1)")")
fi
pkg-config --exists libosmocore ||
	{ echo "bench/hdlc.sh: libosmocore not found: apt-get install libosmocore-dev" >&2; exit 1; }

${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -O2 -g -Ifirmware/include -I"$inc" \
	-o "$OUT/bench_hdlc" bench/bench_hdlc.c "$BUILD/libtelfw.a" $(pkg-config --libs libosmocore)
"$OUT/bench_hdlc" --time "${BENCH_TIME:-3}"

command -v valgrind >/dev/null || { echo "bench/hdlc.sh: valgrind not found, no instruction counts"; exit 0; }
ir() {	# ir NAME PASSES
	f="$OUT/callgrind/hdlc.$1.$2.out"
	mkdir -p "$OUT/callgrind"
	valgrind --tool=callgrind --callgrind-out-file="$f" "$OUT/bench_hdlc" --one "$1" --reps "$2" \
		>"$f.txt" 2>"$f.log" || { echo "bench/hdlc.sh: callgrind $1 failed, see $f.log" >&2; exit 1; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p; s/^totals: *\([0-9]*\).*/\1/p' "$f" | head -n 1
}
echo
printf '%-10s %16s %18s %10s\n' decoder 'instr/line octet' 'instr/data octet' 'x fasthdlc'
ref=
for impl in fasthdlc tel tel_ts osmo; do
	a=$(ir $impl 1)
	b=$(ir $impl 2)
	line=$(sed -n 's/.*: \([0-9]*\) line octets, [0-9]* frames, \([0-9]*\) data octets.*/\1 \2/p' \
		"$OUT/callgrind/hdlc.$impl.1.out.txt")
	set -- $line
	per=$(awk -v d=$((b - a)) -v n=$1 'BEGIN { printf "%.2f", d / n }')
	perd=$(awk -v d=$((b - a)) -v n=$2 'BEGIN { printf "%.2f", d / n }')
	[ -n "$ref" ] || ref=$per
	printf '%-10s %16s %18s %10s\n' $impl $per $perd $(awk -v r=$ref -v p=$per 'BEGIN { printf "%.2f", r / p }')
done
