#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Instructions per complete call, libtel against libpri, under callgrind.
#
# Each implementation runs twice, N=A and N=A+1000 calls after the same
# warm-up; (I(A+1000) - I(A)) / 1000 is what one call costs, with set-up,
# warm-up and teardown cancelled out. A is 200, or twice the calls in flight
# when that is more, so both runs reach the steady state (pools and queues
# grown to what that many calls in flight need) and only it is measured. When ours costs more than a fifth of
# libpri, the functions behind the difference are listed (self cost per call).
#
#   bench/callgrind.sh [BENCH_BINARY]     (default build/bench/bench_calls)
#   INFLIGHT=30 SOCKET=1 TOP=20 bench/callgrind.sh ...
set -eu

BENCH=${1:-build/bench/bench_calls}
INFLIGHT=${INFLIGHT:-1}
TOP=${TOP:-15}
SOCK= LINK=memory
if [ "${SOCKET:-0}" = 1 ]; then SOCK=--socket LINK=socket; fi
OUT=$(dirname "$BENCH")/callgrind
mkdir -p "$OUT"

command -v valgrind >/dev/null ||
	{ echo "callgrind.sh: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
[ -x "$BENCH" ] || { echo "callgrind.sh: $BENCH: no such program (run make bench)" >&2; exit 1; }

# total_ir IMPL N: run once, print the instructions the whole run executed
total_ir() {
	f="$OUT/$1.$2.out"
	valgrind --tool=callgrind --callgrind-out-file="$f" \
		"$BENCH" --one "$1" --calls "$2" --inflight "$INFLIGHT" $SOCK >/dev/null 2>"$f.log" ||
		{ echo "callgrind.sh: $1 N=$2 failed, see $f.log" >&2; exit 1; }
	sed -n 's/^summary: *\([0-9]*\).*/\1/p; s/^totals: *\([0-9]*\).*/\1/p' "$f" | head -n 1
}

# self_costs FILE: "instructions<TAB>function" for every function
self_costs() {
	callgrind_annotate --auto=no --threshold=100 --inclusive=no "$1" 2>/dev/null |
	awk '/PROGRAM TOTALS/ { next } /^ *[0-9][0-9,]* / {
		n = $1; gsub(/,/, "", n); $1 = "";
		sub(/^ *\([ 0-9.]*%\) */, ""); sub(/^ */, ""); sub(/ \[[^]]*\]$/, "");
		print n "\t" $0 }'
}

NA=200
[ $((2 * INFLIGHT)) -gt $NA ] && NA=$((2 * INFLIGHT))
NB=$((NA + 1000))
echo "instructions per complete call (callgrind; (I(N=$NB) - I(N=$NA)) / 1000;" \
     "$INFLIGHT in flight, $LINK)"
oursA=$(total_ir ours $NA)
oursB=$(total_ir ours $NB)
lpA=$(total_ir libpri $NA)
lpB=$(total_ir libpri $NB)

awk -v o1="$oursA" -v o2="$oursB" -v l1="$lpA" -v l2="$lpB" -v na=$NA -v nb=$NB 'BEGIN {
	o = (o2 - o1) / 1000; l = (l2 - l1) / 1000
	printf "  ours    %8.0f instructions/call  (N=%d: %d, N=%d: %d)\n", o, na, o1, nb, o2
	printf "  libpri  %8.0f instructions/call  (N=%d: %d, N=%d: %d)\n", l, na, l1, nb, l2
	printf "  ours/libpri = %.3f (libpri/ours = %.2fx; target ours <= 0.200)%s\n",
		o / l, l / o, o <= l / 5 ? "" : "  MISSED"
	exit !(o > l / 5)
}' && missed=1 || missed=0

if [ "$missed" = 1 ]; then
	echo
	echo "ours: top $TOP functions by own instructions per call (difference of the two runs)"
	self_costs "$OUT/ours.$NA.out" >"$OUT/ours.a.self"
	self_costs "$OUT/ours.$NB.out" >"$OUT/ours.b.self"
	awk -F '\t' '
		NR == FNR { a[$2] += $1; next }
		{ b[$2] += $1 }
		END {
			for (k in b) printf "%.0f\t%s\n", (b[k] - a[k]) / 1000, k
			for (k in a) if (!(k in b)) printf "%.0f\t%s\n", -a[k] / 1000, k
		}' "$OUT/ours.a.self" "$OUT/ours.b.self" |
	sort -t "$(printf '\t')" -k1,1nr | head -n "$TOP" |
	awk -F '\t' -v total="$(((oursB - oursA) / 1000))" \
		'{ printf "  %7d  %5.1f%%  %s\n", $1, 100 * $1 / total, $2 }'
	echo "  (profiles: $OUT/ours.*.out; callgrind_annotate --inclusive=yes for the call tree)"
fi
