#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The card's E1 receive path (bench/bench_e1rx.c): E1 spans per core on A-law
# idle and on random payload, and instructions per E1 frame under callgrind
# ((I(N2 frames) - I(N1 frames)) / (N2 - N1): the set-up cancels out).
#
#   bench/e1rx.sh [BUILD]        (default build; BENCH_TIME seconds, default 3)
set -eu
BUILD=${1:-build}
OUT=$BUILD/bench
BIN=$OUT/bench_e1rx
mkdir -p "$OUT"
${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -O2 -g -Ifirmware/include -o "$BIN" \
	bench/bench_e1rx.c "$BUILD/libtelfw.a"
"$BIN" --time "${BENCH_TIME:-3}"
"$BIN" --time "${BENCH_TIME:-3}" --random
ir() {
	valgrind --tool=callgrind --callgrind-out-file="$OUT/e1rx.$1.out" "$BIN" --frames "$1" \
		>/dev/null 2>&1
	awk '/^summary:/ { print $2 }' "$OUT/e1rx.$1.out"
}
a=$(ir 8000)
b=$(ir 48000)
echo "  $(( (b - a) / 40000 )) instructions per E1 frame (callgrind; 32 octets of pulses in, frame and HDLC out)"
