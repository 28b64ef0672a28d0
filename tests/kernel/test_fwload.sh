#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The simulated card's firmware image, and clean create/delete and
# load/unload cycles, inside the test VM (make kernel-check runs it through
# tests/kernel/vm-run after `make modules`; slub_debug=FZPU is on there and a
# kernel report in dmesg fails the run).
#
# - the image `make modules` installed (build/modules/firmware/tel/telcard.fw,
#   found through firmware_class.path) loads; firmware_version in sysfs is
#   the version in its header (read here with od, not with our code);
# - a missing, short, wrong-magic, damaged-header, truncated, overlong or
#   damaged-payload image (copies in /tmp, firmware_class.path pointed at
#   them) makes new_device fail with one kernel line naming the device, the
#   file, what is wrong and the fix; no device, span or sysfs entry is left
#   and the same id is then created with the good image;
# - 50 create/delete cycles, 20 refused creations and 20 load/unload cycles
#   of tel_core + telsim with devices present leave the kmalloc slab object
#   count where it was, but for DAHDI's own leak (see leak_check); kmemleak
#   is used too when the kernel has it (Debian's 6.1 has not).
# (Debian's firmware loader logs "firmware: direct-loading ..." or
# "firmware: failed to load ..." itself; those lines are not ours.)
set -u
T=$(cd "$(dirname "$(realpath "$0")")/../.." && pwd)
M=$T/build/modules
FW=$M/firmware/tel/telcard.fw
P=/sys/module/firmware_class/parameters/path
BUS=/sys/bus/telsim
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
die() { echo "FAIL $*"; dmesg | tail -20; exit 1; }
spans() { ls /sys/bus/dahdi_spans/devices 2>/dev/null | wc -l; }
# kmalloc objects in use, after the kernel dropped what it caches anyway
kmalloc_objs() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 0.5
	awk '/^kmalloc-/ { n += $2 } END { print n }' /proc/slabinfo
}
# DAHDI 2.11.1's span_sysfs_remove() zeroes span->span_device before it
# kfree()s it, so each span unregistered leaks its struct device (a
# kmalloc-1k object): DAHDI's, counted as KNOWN and taken off. A leak of ours
# of one object per cycle shows as CYCLES more; half that is allowed for noise.
leak_check() { # leak_check WHAT BEFORE AFTER CYCLES KNOWN
	local d=$(($3 - $2 - $5))
	echo "     $1: kmalloc objects $2 -> $3 ($(($3 - $2)) over $4 cycles, $5 of them DAHDI's span devices)"
	check "$1: no kmalloc growth of one object per cycle beyond DAHDI's ($d < $(($4 / 2)))" \
		[ "$d" -lt $(($4 / 2)) ]
}

[ -f "$FW" ] || die "$FW missing (run make modules)"
[ ! -e /lib/firmware/tel/telcard.fw ] || die "/lib/firmware/tel/telcard.fw exists: the missing-image case cannot be tested"
good=$(cat $P)
check "firmware_class.path is the build tree's ($good)" [ "$good" = "$M/firmware" ]

insmod "$M/dahdi.ko" auto_assign_spans=1 || die "insmod dahdi"
insmod "$M/tel_core.ko" || die "insmod tel_core"
insmod "$M/telsim.ko" || die "insmod telsim"

# --- the good image -----------------------------------------------------------
# header octets 8..11: patch (16 bits), minor, major (fw/image.h)
read -r p0 p1 mi ma < <(od -An -tu1 -j8 -N4 "$FW")
want=$ma.$mi.$((p0 + 256 * p1))
check "new_device 1 e1 1 with the built image" sh -c "echo '1 e1 1' > $BUS/new_device"
got=$(cat $BUS/devices/telsim1/firmware_version 2>&1)
check "firmware_version is '$got', the header says $want" [ "$got" = "$want" ]
check "firmware_version is read-only (0444)" [ "$(stat -c %a $BUS/devices/telsim1/firmware_version)" = 444 ]
if echo 9.9.9 2>/dev/null > $BUS/devices/telsim1/firmware_version; then bad "firmware_version accepted a write"; fi
base_spans=$(spans)

# --- bad images ---------------------------------------------------------------
fsize=$(stat -c %s "$FW")
mkbad() { # mkbad NAME: /tmp/fw-NAME/tel/telcard.fw, damaged as NAME says
	local d=/tmp/fw-$1/tel
	mkdir -p $d
	case $1 in
	missing) rmdir $d ;;
	short) head -c 20 "$FW" > $d/telcard.fw ;;
	magic) cp "$FW" $d/telcard.fw; printf 'X' | dd of=$d/telcard.fw bs=1 seek=0 conv=notrunc status=none ;;
	header) cp "$FW" $d/telcard.fw; printf '\377' | dd of=$d/telcard.fw bs=1 seek=18 conv=notrunc status=none ;;
	truncated) head -c $((fsize - 100)) "$FW" > $d/telcard.fw ;;
	overlong) { cat "$FW"; printf 'junk'; } > $d/telcard.fw ;;
	payload) cp "$FW" $d/telcard.fw
		b=$(od -An -tu1 -j1000 -N1 "$FW")
		printf "\\$(printf %03o $(((b ^ 0x10) & 255)))" |
			dd of=$d/telcard.fw bs=1 seek=1000 conv=notrunc status=none ;;
	esac
}
# the reason each case must name (fw_image_strerror) and the errno new_device gives
declare -A why=([missing]="cannot load firmware" [short]="too short" [magic]="bad magic"
	[header]="header CRC-32 does not match" [truncated]="truncated"
	[overlong]="trailing data" [payload]="payload CRC-32 does not match")
declare -A fix=([missing]="make modules" [short]="make firmware" [magic]="make firmware"
	[header]="make firmware" [truncated]="make firmware" [overlong]="make firmware"
	[payload]="make firmware")
declare -A errno=([missing]="No such file or directory" [short]="Exec format error"
	[magic]="Exec format error" [header]="Exec format error" [truncated]="Exec format error"
	[overlong]="Exec format error" [payload]="Exec format error")
for c in missing short magic header truncated overlong payload; do
	mkbad $c
	printf '%s' /tmp/fw-$c > $P
	n=$(dmesg | wc -l)
	if err=$(echo "2 e1 1" 2>&1 > $BUS/new_device); then
		bad "$c image: new_device 2 e1 1 accepted"
		echo 2 > $BUS/del_device
		continue
	fi
	ok "$c image: new_device refused: ${err##*: }"
	check "$c image: errno is '${errno[$c]}'" grep -q "${errno[$c]}" <<<"$err"
	line=$(dmesg | tail -n +$((n + 1)) | grep 'telsim telsim2: .*tel/telcard.fw' | grep -v 'telsim2: firmware: ')
	echo "     | $line"
	check "$c image: one kernel line" [ "$(grep -c . <<<"$line")" -eq 1 ]
	check "$c image: it says '${why[$c]}'" grep -qF "${why[$c]}" <<<"$line"
	check "$c image: it names the fix, '${fix[$c]}'" grep -qF "${fix[$c]}" <<<"$line"
	check "$c image: no telsim2 device left" [ ! -e $BUS/devices/telsim2 ]
	check "$c image: no DAHDI span added" [ "$(spans)" -eq "$base_spans" ]
done
printf '%s' "$good" > $P
check "the good image again: new_device 2 e1 1" sh -c "echo '2 e1 1' > $BUS/new_device"
check "telsim2 shows firmware_version $want" [ "$(cat $BUS/devices/telsim2/firmware_version)" = "$want" ]
echo 2 > $BUS/del_device

# --- cycles -------------------------------------------------------------------
# one of each first, so that whatever the kernel allocates once is not counted
echo "3 e1 2" > $BUS/new_device && echo 3 > $BUS/del_device
t0=$(date +%s)
before=$(kmalloc_objs)
i=0
while [ $i -lt 50 ]; do
	echo "3 e1 2" > $BUS/new_device || { bad "create/delete cycle $i: new_device"; break; }
	echo 3 > $BUS/del_device || { bad "create/delete cycle $i: del_device"; break; }
	i=$((i + 1))
done
check "50 create/delete cycles of an E1 card of 2 spans ($(($(date +%s) - t0)) s)" [ $i -eq 50 ]
leak_check "create/delete" "$before" "$(kmalloc_objs)" 50 $((50 * 2))

printf '%s' /tmp/fw-payload > $P
before=$(kmalloc_objs)
i=0
while [ $i -lt 20 ]; do
	if echo "3 e1 2" > $BUS/new_device 2>/dev/null; then bad "refused creation $i: accepted"; break; fi
	i=$((i + 1))
done
check "20 creations refused (damaged payload)" [ $i -eq 20 ]
leak_check "refused creations" "$before" "$(kmalloc_objs)" 20 0
printf '%s' "$good" > $P

echo 1 > $BUS/del_device
rmmod telsim || die "rmmod telsim"
rmmod tel_core || die "rmmod tel_core"
load_cycle() {
	insmod "$M/tel_core.ko" && insmod "$M/telsim.ko" &&
		echo "4 e1 2" > $BUS/new_device && echo "5 fxs 4" > $BUS/new_device &&
		rmmod telsim && rmmod tel_core
}
load_cycle || die "load/unload warm-up cycle"
t0=$(date +%s)
before=$(kmalloc_objs)
i=0
while [ $i -lt 20 ]; do
	load_cycle || { bad "load/unload cycle $i"; break; }
	i=$((i + 1))
done
check "20 load/unload cycles of tel_core + telsim with 2 devices present ($(($(date +%s) - t0)) s)" [ $i -eq 20 ]
leak_check "load/unload" "$before" "$(kmalloc_objs)" 20 $((20 * 3))
check "no DAHDI span left" [ "$(spans)" -eq 0 ]
check "no telsim bus left" [ ! -e $BUS ]

if [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak
	leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
	check "kmemleak: $leaks unreferenced objects" [ "$leaks" -eq 0 ]
else
	echo "note kmemleak: not in this kernel (/sys/kernel/debug/kmemleak absent; $(grep -h 'CONFIG_DEBUG_KMEMLEAK' /boot/config-"$(uname -r)" 2>/dev/null)); the kmalloc slab counts above stand in for it"
fi
rmmod dahdi || bad "rmmod dahdi"

[ $fails -eq 0 ] || { echo "$fails checks FAILED"; exit 1; }
echo "ALL OK"
