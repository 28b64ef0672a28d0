#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Two simulated E1 cards linked by a cable, and two T1 spans of one card:
# alarms clear once both ends are configured; HDLC frames cross the hardhdlc
# D-channels byte-exact; every fault knob raises the right alarm on the
# right side and clears; counters move one for one with injected errors;
# loopbacks. Runs inside the test VM (tests/kernel/vm.sh).
set -u
. "$(dirname "$(realpath "$0")")/lib.sh"
DBG=/sys/kernel/debug/telsim
# expect SPAN NAME VALUE
expect() {
	local v
	v=$(count $1 "$2")
	[ "$v" = "$3" ] || { cat /proc/dahdi/$1 | head -12; fail "span $1: $2 is $v, want $3"; }
	echo "span $1: $2 = $v"
}
# reset the counters of the spans given; the core reads the card's counters once a second
reset() { local s; for s in "$@"; do dahdi_maint -s $s -r >/dev/null || fail "dahdi_maint -s $s -r"; done; }
settle() { sleep 1.3; }

load_modules
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

# Timing: span 1 (priority 1) in sync gives card 1 its clock; card 2 runs free
sleep 1.2
[ "$(cat /sys/bus/dahdi_spans/devices/span-1/syncsrc 2>/dev/null || dahdi_scan | sed -n '/^\[1\]/,/^\[/s/^syncsrc=//p')" = 1 ] || { dahdi_scan | grep -E '^\[|syncsrc'; fail "span 1 is not card 1's sync source"; }
grep -q "ClockSource" /proc/dahdi/1 || fail "/proc/dahdi/1 shows no ClockSource"
echo 1 > $DBG/1/span1/los
wait_alarm 1 "RED LOS"; sleep 1.2
grep -q "ClockSource" /proc/dahdi/1 && fail "span 1 still the clock source in LOS"
echo 0 > $DBG/1/span1/los
wait_alarm 1 "OK"; wait_alarm 2 "OK"; sleep 1.2
grep -q "ClockSource" /proc/dahdi/1 || fail "span 1 not the clock source again"
echo "timing: span 1 is card 1's clock source while in sync, not during LOS"

# Counters move one for one with injected errors (dahdi_maint -i on span 1: span 2 counts)
settle; reset 1 2
for i in 1 2 3; do dahdi_maint -s 1 -i fas >/dev/null || fail "inject fas"; sleep 0.05; done
settle
expect 2 "FAS error count" 3
reset 1 2
for i in 1 2; do dahdi_maint -s 1 -i crc >/dev/null || fail "inject crc"; sleep 0.05; done
settle
expect 2 "CRC4 error count" 2
expect 1 "E-bit error count" 2
reset 1 2
for i in 1 2 3 4; do dahdi_maint -s 1 -i bipolar >/dev/null || fail "inject bipolar"; sleep 0.05; done
settle
expect 2 "BPV count" 4
reset 1 2
echo 5 > $DBG/2/span1/slips
settle
expect 2 "Timing slips" 5
expect 1 "Timing slips" 0
# bit errors on span 2's receive: its CRC errors come back to span 1 as E-bits, one for one
reset 1 2
echo 50 > $DBG/2/span1/ber
sleep 2
echo 0 > $DBG/2/span1/ber
settle; settle
crc=$(count 2 "CRC4 error count"); eb=$(count 1 "E-bit error count"); bpv=$(count 2 "BPV count")
echo "ber 50/million for 2 s: span 2 BPV $bpv, CRC-4 errors $crc; span 1 E-bits $eb"
[ "$bpv" -gt 50 ] && [ "$crc" -gt 5 ] || fail "bit errors not counted"
[ "$crc" = "$eb" ] || fail "span 2's $crc CRC errors came back as $eb E-bits"
[ "$(alarms 1)" = OK ] && [ "$(alarms 2)" = OK ] || fail "alarms after bit errors: $(alarms 1) / $(alarms 2)"

# Loopbacks: local (span 1 hears itself), network line and payload (span 2 sends span 1's signal back)
dahdi_maint -s 1 -l localhost >/dev/null || fail "loopback localhost"
wait_alarm 1 "LOOP"
python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/001/016 /dev/dahdi/chan/001/016 10 || fail "local loopback frames"
dahdi_maint -s 1 -l off >/dev/null; wait_alarm 1 "OK"
for lb in networkline networkpayload; do
	dahdi_maint -s 2 -l $lb >/dev/null || fail "loopback $lb"
	wait_alarm 2 "LOOP"
	python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/001/016 /dev/dahdi/chan/001/016 10 || fail "$lb loopback frames"
	dahdi_maint -s 2 -l off >/dev/null; wait_alarm 2 "OK"
done
python3 $T/tests/kernel/hdlc_xfer.py /dev/dahdi/chan/001/016 /dev/dahdi/chan/002/016 10 || fail "frames after the loopbacks"
echo "loopbacks: local, network line, network payload; cleared"

# Clocks: card 2 runs 100 ppm fast, card 1 -100. While card 1 takes its clock
# from span 1 both run at card 2's rate: no slips. Card 1 on its own clock
# (span 1 timing priority 0): 200 ppm apart, 1.6 frames a second slip each way.
echo 100 > $DBG/2/clock_ppm; echo -100 > $DBG/1/clock_ppm
[ "$(cat $DBG/1/clock_ppm)" = -100 ] || fail "clock_ppm: echo -100 not taken (reads $(cat $DBG/1/clock_ppm))"
reset 1 2; sleep 3; settle
expect 1 "Timing slips" 0
expect 2 "Timing slips" 0
sed -i 's/^span=1,1,0,ccs,hdb3,crc4/span=1,0,0,ccs,hdb3,crc4/' /etc/dahdi/system.conf
dahdi_cfg >/tmp/cfg.log 2>&1 || { cat /tmp/cfg.log; fail "dahdi_cfg, span 1 free running"; }
wait_alarm 1 OK; wait_alarm 2 OK; sleep 1.2
reset 1 2; sleep 6; s1=$(count 1 "Timing slips"); s2=$(count 2 "Timing slips")
# counters reach DAHDI once a second, and a loaded VM skips ticks: 5-6 s of ticks seen
echo "clocks 200 ppm apart for 6 s: span 1 slipped $s1, span 2 $s2 frames (up to 9.6)"
[ "$s1" -ge 3 ] && [ "$s1" -le 10 ] && [ "$s2" -ge 3 ] && [ "$s2" -le 10 ] || fail "slips $s1/$s2"
echo 0 > $DBG/2/clock_ppm; echo 0 > $DBG/1/clock_ppm
if echo 501 > $DBG/1/clock_ppm 2>/dev/null; then fail "clock_ppm 501 accepted"; fi
sed -i 's/^span=1,0,0,ccs,hdb3,crc4/span=1,1,0,ccs,hdb3,crc4/' /etc/dahdi/system.conf
dahdi_cfg >/tmp/cfg.log 2>&1 || fail "dahdi_cfg back"
wait_alarm 1 OK; wait_alarm 2 OK

# CAS: two E1 spans with TS16 signalling, E&M channels; T1 robbed bits likewise
echo "5 e1 1" > /sys/bus/telsim/new_device || fail "new e1 5"
echo "6 e1 1" > /sys/bus/telsim/new_device || fail "new e1 6"
echo "5:1 6:1" > /sys/bus/telsim/link || fail "link 5:1 6:1"
cat >> /etc/dahdi/system.conf <<EOC
span=5,0,0,cas,hdb3
e&me1=111-125,127-141
span=6,0,0,cas,hdb3
e&me1=142-156,158-172
EOC
dahdi_cfg >/tmp/cfg.log 2>&1 || { cat /tmp/cfg.log; fail "dahdi_cfg CAS"; }
wait_alarm 5 OK; wait_alarm 6 OK
python3 $T/tests/kernel/cas_check.py /dev/dahdi/chan/005/001 /dev/dahdi/chan/006/001 || fail "E1 CAS"
python3 $T/tests/kernel/cas_check.py /dev/dahdi/chan/005/031 /dev/dahdi/chan/006/031 || fail "E1 CAS ch 31"
echo "E1 CAS: hook signalling both ways"

# LMFA: span 6 reconfigured CCS sends no TS16 multiframe, so span 5 (CAS) loses
# its CAS multiframe alignment: RED + LMFA there (and the Y bit, not RAI, back:
# span 6 stays OK); span 6 CAS again clears it
sed -i 's/^span=6,0,0,cas,hdb3$/span=6,0,0,ccs,hdb3/; s/^e&me1=142-156,158-172$/bchan=142-156,158-172/' \
	/etc/dahdi/system.conf
dahdi_cfg >/tmp/cfg.log 2>&1 || { cat /tmp/cfg.log; fail "dahdi_cfg span 6 CCS"; }
wait_alarm 5 "RED LMFA"; wait_alarm 6 OK
$T/build/tel status 5 --json | python3 -c '
import json, sys
sys.exit(json.load(sys.stdin)["spans"][0]["alarms"] != ["RED", "LMFA"])' ||
	fail "tel status 5: alarms $($T/build/tel status 5 --json | grep -o '"alarms": [^]]*]')"
sed -i 's/^span=6,0,0,ccs,hdb3$/span=6,0,0,cas,hdb3/; s/^bchan=142-156,158-172$/e\&me1=142-156,158-172/' \
	/etc/dahdi/system.conf
dahdi_cfg >/tmp/cfg.log 2>&1 || { cat /tmp/cfg.log; fail "dahdi_cfg span 6 CAS again"; }
wait_alarm 5 OK; wait_alarm 6 OK
echo "LMFA: E1 CAS against a CCS far end: span 5 RED LMFA, span 6 OK; cleared when both are CAS"

timeout 20 dahdi_test -c 5 > /tmp/dt.log 2>&1
tail -3 /tmp/dt.log
fig=$(sed -n 's/.*Average: *\([0-9.]*\)%.*/\1/p; s/^--- Results after .*passes ---//' /tmp/dt.log | grep -E '^[0-9.]+$' | tail -1)
echo "dahdi_test timing: ${fig:-none}%"
[ -n "$fig" ] || fail "dahdi_test gave no figure"
dmesg | grep -iE "telsim|tel_core" | tail -5
echo ALL OK
