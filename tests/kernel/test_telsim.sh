#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Smoke test of tel_core + telsim inside a test VM (make kernel-check runs it
# through tests/kernel/vm-run after `make modules`). Loads dahdi, tel_core, telsim; creates E1, T1,
# FXS and FXO cards; checks channel nodes, alarms, bad-input errors, that the
# tick moves data, dahdi_cfg, delete with a channel open, 20 create/delete
# cycles and rmmod with cards present. Writes /etc/dahdi/system.conf (the VM's
# root is a throw-away overlay).
set -u
T=$(dirname "$(realpath "$0")")/../..
K=$T/build/modules
D=$T/build/modules
fail() { echo "FAIL: $*"; dmesg | tail -20; exit 1; }
insmod $D/dahdi.ko auto_assign_spans=1 || fail "insmod dahdi"
insmod $K/tel_core.ko || fail "insmod tel_core"
insmod $K/telsim.ko || fail "insmod telsim"
ls /sys/bus/telsim
echo "1 e1 2" > /sys/bus/telsim/new_device || fail "new_device 1 e1 2"
echo "2 t1 1" > /sys/bus/telsim/new_device || fail "new_device 2 t1 1"
echo "3 fxs 4" > /sys/bus/telsim/new_device || fail "new_device 3 fxs 4"
echo "4 fxo 2" > /sys/bus/telsim/new_device || fail "new_device 4 fxo 2"
sleep 1
ls /dev/dahdi/chan/ /dev/dahdi/chan/001 | head -40
n=$(ls /dev/dahdi/chan/*/* | wc -l)
echo "channel nodes: $n (want 31*2+24+4+2=92)"
[ "$n" -eq 92 ] || fail "channel count $n"
dahdi_scan
cat /proc/dahdi/1 | head -8
for s in 1 2 3 4 5; do echo "span $s: $(cat /sys/bus/dahdi_spans/devices/span-$s/alarms 2>/dev/null) $(cat /sys/bus/dahdi_spans/devices/span-$s/name 2>/dev/null)"; done
dahdi_scan | grep -q 'alarms=RED' || fail "no RED alarm on an E1 span"
# bad input
for bad in "1 e1 1" "5 e3 1" "5 e1 0" "5 e1 9" "5 fxs 25" "x" "5 e1 1 junk"; do
	if echo "$bad" > /sys/bus/telsim/new_device 2>/tmp/err; then fail "accepted '$bad'"; fi
	echo "new_device '$bad' -> $(cat /tmp/err)"
done
if echo 9 > /sys/bus/telsim/del_device 2>/tmp/err; then fail "del 9 accepted"; fi
echo "del_device 9 -> $(cat /tmp/err)"
dmesg | grep telsim: | tail -8
# a configured E1 CCS span: dahdi_cfg with dchan (soft HDLC via CLEAR) and bchans
cat > /etc/dahdi/system.conf <<EOC
span=1,1,0,ccs,hdb3,crc4
bchan=1-15,17-31
dchan=16
span=3,0,0,esf,b8zs
bchan=63-85
dchan=86
fxoks=87-90
fxsks=91-92
loadzone=us
defaultzone=us
EOC
dahdi_cfg -vv 2>&1 | tail -5; echo "dahdi_cfg rc=${PIPESTATUS[0]}"
cat /proc/dahdi/1 | head -6
# the tick moves data: a clear E1 channel receives A-law idle (0xd5) from the card
got=$(head -c 80 /dev/dahdi/chan/001/001 | od -An -tx1 -v | tr -s ' \n' '\n' | sort -u | tr '\n' ' ')
echo "chan 1 received octets: $got"
[ "$got" = " d5 " ] || fail "chan 1 read '$got', want only d5"
timeout 8 dahdi_test -c 3 2>&1 | tail -2
# open a channel while deleting its device
exec 3</dev/dahdi/chan/001/001 || fail "open chan 1"
echo 1 > /sys/bus/telsim/del_device && echo "del 1 with chan open: ok"
exec 3<&-
echo 2 > /sys/bus/telsim/del_device || fail "del 2"
for i in $(seq 1 20); do echo "9 e1 1" > /sys/bus/telsim/new_device && echo 9 > /sys/bus/telsim/del_device || fail "cycle $i"; done
echo "20 create/delete cycles ok"
dahdi_scan | grep -c '^\[' 
rmmod telsim || fail "rmmod telsim with devices 3,4 present"
rmmod tel_core || fail "rmmod tel_core"
rmmod dahdi || fail "rmmod dahdi"
echo ALL OK
