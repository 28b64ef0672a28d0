#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The simulated card's analog ports through DAHDI: an FXS port's phone
# (off hook, ringing, pulse dialling, flash), an FXO port's CO line (ring,
# answer, far-end clear), an FXS port linked to an FXO port (seize, ring,
# answer, voice both ways, kewl), bad link requests, and unlink, del_device
# and rmmod with links present. Runs inside the test VM (tests/kernel/vm.sh).
set -u
T=$(dirname "$(realpath "$0")")/../..
K=$T/build/modules
D=$T/build/modules
fail() { echo "FAIL: $*"; dmesg | tail -30; exit 1; }
# refuse ERRNO FILE TEXT: writing TEXT to FILE fails with ERRNO's message
refuse() {
	local err
	if err=$(echo "$3" 2>&1 > "$2"); then fail "$2 accepted '$3'"; fi
	case "$err" in *"$1"*) ;; *) fail "$2 '$3': '$err', want '$1'" ;; esac
	echo "$(basename "$2") '$3' -> $1: $(dmesg | grep telsim: | tail -1 | sed 's/^\[[^]]*\] //')"
}

insmod $D/dahdi.ko auto_assign_spans=1 || fail "insmod dahdi"
insmod $K/tel_core.ko || fail "insmod tel_core"
insmod $K/telsim.ko || fail "insmod telsim"
echo "1 fxs 2" > /sys/bus/telsim/new_device || fail "new fxs"
echo "2 fxo 2" > /sys/bus/telsim/new_device || fail "new fxo"
echo "3 fxs 1" > /sys/bus/telsim/new_device || fail "new fxs 3"
echo "4 e1 1" > /sys/bus/telsim/new_device || fail "new e1"
sleep 0.5
cat > /etc/dahdi/system.conf <<EOC
fxoks=1-2
fxsks=3-4
fxoks=5
loadzone=us
defaultzone=us
EOC
dahdi_cfg -vv >/tmp/cfg.log 2>&1 || { cat /tmp/cfg.log; fail "dahdi_cfg"; }
ls /sys/kernel/debug/telsim/1 /sys/kernel/debug/telsim/2
# bad links: FXS to FXS, analog to E1, no such port, no such device
L=/sys/bus/telsim/link
refuse "Invalid argument" $L "1:1 3:1"
refuse "Invalid argument" $L "1:1 4:1"
refuse "No such file" $L "1:3 2:1"
refuse "No such file" $L "1:1 9:1"
refuse "No such file" /sys/bus/telsim/unlink "1:2"
echo "1:2 2:2" > $L || fail "link 1:2 2:2"
refuse "Device or resource busy" $L "3:1 2:2"
refuse "Device or resource busy" $L "1:2 2:1"
refuse "Device or resource busy" /sys/kernel/debug/telsim/1/port2/phone "offhook"
sleep 0.2
t0=$(date +%s.%N)
python3 $T/tests/kernel/analog_check.py phone_offhook phone_ring phone_dial co_ring \
	linked_seize linked_ring || fail "analog checks"
echo "analog checks: $(echo "$(date +%s.%N) - $t0" | bc 2>/dev/null || echo '?') s"
# unlink: the ports have their phone and CO line again
echo "2:2" > /sys/bus/telsim/unlink || fail "unlink 2:2"
echo offhook > /sys/kernel/debug/telsim/1/port2/phone || fail "phone after unlink"
[ "$(cat /sys/kernel/debug/telsim/1/port2/phone)" = offhook ] || fail "phone state after unlink"
echo onhook > /sys/kernel/debug/telsim/1/port2/phone
# delete a linked card with its channel open, then rmmod with a link present
echo "1:2 2:2" > $L || fail "relink"
echo "3:1 2:1" > $L || fail "link 3:1 2:1"
exec 3<>/dev/dahdi/chan/001/002 || fail "open chan 2"
echo 1 > /sys/bus/telsim/del_device || fail "del_device 1 with a link"
exec 3<&-
[ "$(cat /sys/kernel/debug/telsim/2/port2/co)" = idle ] || fail "co 2:2 after its peer went"
echo ring > /sys/kernel/debug/telsim/2/port2/co || fail "co 2:2 usable after its peer went"
sleep 0.3
rmmod telsim || fail "rmmod telsim with a link present"
rmmod tel_core || fail "rmmod tel_core"
rmmod dahdi || fail "rmmod dahdi"
echo "PASS test_analog"
