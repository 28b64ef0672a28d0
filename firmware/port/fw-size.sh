#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# fw-size.sh NM ELF: prints the image's flash and RAM use against the card's
# budget (the MEMORY regions of mps2-an386.ld: 64 KiB flash, 16 KiB RAM) and
# fails if either is over. Flash: code, constants and the initial values of
# .data; RAM: .data, .bss and the reserved stack.
set -euo pipefail
nm=$1
elf=$2
declare -A sym
while read -r addr _ name; do
	sym[$name]=$((16#$addr))
done < <("$nm" "$elf" | grep -E ' (__flash_(origin|budget|end)|__ram_(origin|budget|end)|__data_(start|end)|__bss_(start|end)|__stack_(bottom|top))$')
for s in __flash_origin __flash_budget __flash_end __ram_origin __ram_budget __ram_end \
	 __data_start __data_end __bss_start __bss_end __stack_bottom __stack_top; do
	[ -n "${sym[$s]:-}" ] || { echo "fw-size: $elf has no symbol $s (not linked with mps2-an386.ld?)" >&2; exit 1; }
done
flash=$((sym[__flash_end] - sym[__flash_origin]))
ram=$((sym[__ram_end] - sym[__ram_origin]))
data=$((sym[__data_end] - sym[__data_start]))
bss=$((sym[__bss_end] - sym[__bss_start]))
stack=$((sym[__stack_top] - sym[__stack_bottom]))
fb=${sym[__flash_budget]}
rb=${sym[__ram_budget]}
printf 'firmware: %s: flash %d of %d octets (%d%%), RAM %d of %d octets (%d%%: data %d, bss %d, stack %d)\n' \
	"$elf" "$flash" "$fb" $((flash * 100 / fb)) "$ram" "$rb" $((ram * 100 / rb)) "$data" "$bss" "$stack"
rc=0
if [ "$flash" -gt "$fb" ]; then
	echo "firmware: flash use $flash octets is over the card's $fb: make the image smaller" >&2
	rc=1
fi
if [ "$ram" -gt "$rb" ]; then
	echo "firmware: RAM use $ram octets is over the card's $rb: fewer or smaller static buffers, or a smaller stack" >&2
	rc=1
fi
exit $rc
