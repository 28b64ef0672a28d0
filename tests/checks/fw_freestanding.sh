#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every firmware source is freestanding C, as the kernel's simulated card and
# the Cortex-M4 image need it: it compiles with -ffreestanding -nostdlib and
# warnings as errors for the host, and calls nothing outside firmware/src but
# the memcpy/memset/memmove a freestanding GCC may emit (the image and the
# kernel provide them). A source that includes a libc header or calls libc fails.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FLAGS=(-std=gnu11 -ffreestanding -nostdlib -nostdinc -isystem "$(gcc -print-file-name=include)"
       -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
       -Wno-missing-field-initializers -Ifirmware/include -O2 -c)
n=0
for src in firmware/src/*.c; do
	obj="$tmp/$(basename "$src" .c).o"
	if ! gcc "${FLAGS[@]}" -o "$obj" "$src" 2>"$tmp/err"; then
		echo "fw_freestanding: $src does not build freestanding (only the compiler's own" \
		     "headers, no libc):" >&2
		head -n 5 "$tmp/err" >&2
		exit 1
	fi
	n=$((n + 1))
done
# what the objects need from outside them all
ld -r -o "$tmp/all.o" "$tmp"/*.o
bad=$(nm -u "$tmp/all.o" | awk '{print $2}' | grep -vxE 'memcpy|memset|memmove' || true)
if [ -n "$bad" ]; then
	echo "fw_freestanding: firmware/src calls outside itself: $(echo $bad) (no libc in firmware)" >&2
	exit 1
fi
echo "fw_freestanding: $n firmware sources build with -ffreestanding -nostdlib (compiler headers" \
     "only) and call no libc"
