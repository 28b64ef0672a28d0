#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The line decoder on E1 HDB3 streams (bench/bench_linecode.c): M slots/s and
# instructions per octet (callgrind, fw_lc_decode() and what it calls, one
# E1 frame of 256 slots per call), the fast path against the mark-by-mark
# decoder (--slow). Needs the release build (make).
#
#   bench/linecode.sh              (BENCH_TIME=1 seconds per timing, FRAMES=2000 under callgrind)
set -eu

BUILD=${BUILD:-build}
BIN=$BUILD/bench/bench_linecode
[ -f "$BUILD/libtelfw.a" ] || { echo "linecode.sh: $BUILD/libtelfw.a missing (run make)" >&2; exit 1; }
mkdir -p "$BUILD/bench"
${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -O2 -g -Ifirmware/include -o "$BIN" \
	bench/bench_linecode.c "$BUILD/libtelfw.a"

for mode in random e1 e1idle e1busy; do
	"$BIN" --mode "$mode" --time "${BENCH_TIME:-1}"
	"$BIN" --mode "$mode" --time "${BENCH_TIME:-1}" --slow
done
command -v valgrind >/dev/null || { echo "linecode.sh: no valgrind, no instruction counts" >&2; exit 0; }
echo "instructions per octet (callgrind, --toggle-collect=fw_lc_decode)"
for mode in random e1 e1idle e1busy; do
	for path in fast slow; do
		flag=; [ $path = slow ] && flag=--slow
		valgrind --tool=callgrind --toggle-collect=fw_lc_decode \
			--callgrind-out-file="$BUILD/bench/callgrind.linecode.out" \
			"$BIN" --mode "$mode" --once --frames "${FRAMES:-2000}" $flag 2>&1 |
		awk -v m="$mode" -v p="$path" '/^octets/ { o = $2 } /Collected/ { c = $4 }
			END { printf "  %-7s %s %6.1f instructions/octet\n", m, p, c / o }'
	done
done
