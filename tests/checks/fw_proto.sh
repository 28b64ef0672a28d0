#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The protocol codec builds where it has to run, and its header where it is included:
#  - firmware/src/proto.c freestanding (-ffreestanding -nostdlib) for the host and for the
#    card (arm-none-eabi-gcc, Cortex-M4 Thumb), calling nothing but the memcpy/memset a
#    freestanding GCC may emit (the image provides them);
#  - fw/proto.h as the kernel sees it (__KERNEL__, no libc headers reachable: only
#    <linux/types.h> and <linux/stddef.h>, stood in for here), and alone in strict C11.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FLAGS=(-std=gnu11 -ffreestanding -nostdlib -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
       -Wmissing-prototypes -Ifirmware/include -c firmware/src/proto.c)

only_mem() {	# only_mem NM OBJECT WHERE
	local bad
	bad=$("$1" -u "$2" | awk '{print $2}' | grep -vxE 'memcpy|memset' || true)
	if [ -n "$bad" ]; then
		echo "fw_proto: proto.c for $3 calls outside itself: $bad (freestanding: no libc)" >&2
		exit 1
	fi
}

gcc "${FLAGS[@]}" -O2 -o "$tmp/host.o"
only_mem nm "$tmp/host.o" host

if ! command -v arm-none-eabi-gcc >/dev/null; then
	echo "fw_proto: arm-none-eabi-gcc not found (install gcc-arm-none-eabi: scripts/install-deps)" >&2
	exit 1
fi
arm-none-eabi-gcc "${FLAGS[@]}" -mcpu=cortex-m4 -mthumb -Os -o "$tmp/cm4.o"
only_mem arm-none-eabi-nm "$tmp/cm4.o" cortex-m4
text=$(arm-none-eabi-size "$tmp/cm4.o" | awk 'NR == 2 {print $1 + $2}')

mkdir -p "$tmp/k/linux"
cat > "$tmp/k/linux/types.h" <<'H'
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef __SIZE_TYPE__ size_t;
H
echo '#define offsetof(T, m) __builtin_offsetof(T, m)' > "$tmp/k/linux/stddef.h"
printf '#include <fw/proto.h>\n#include <fw/proto.h>\n' > "$tmp/h.c"
gcc -std=gnu11 -D__KERNEL__ -nostdinc -isystem "$tmp/k" -Ifirmware/include -Wall -Wextra -Werror \
	-c "$tmp/h.c" -o "$tmp/k.o"
gcc -std=c11 -pedantic -Wall -Wextra -Werror -Ifirmware/include -c "$tmp/h.c" -o "$tmp/u.o"
echo "fw_proto: proto.c freestanding for host and Cortex-M4 ($text octets of code and data);" \
	"proto.h compiles for the kernel and in strict C11"
