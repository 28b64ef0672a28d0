#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo, inside the test VM (scripts/demo.sh boots it): two simulated E1
# cards linked by a cable (tel sim), configured with dahdi_cfg; a PRI call
# from one span to the other with tel call / tel answer on the hardhdlc
# D-channels, dropped with cause 16 and UUI, while tel trace watches span 2's
# D-channel live; tel status; LOS injected for a moment (tel sim fault), the
# alarms both sides raise and clear; the trace with the DISCONNECT and its
# UUI. Exits 0 only if every step did what it said.
set -u
T=$(dirname "$(realpath "$0")")/..
M=$T/build/modules
TEL=$T/build/tel
DBG=/sys/kernel/debug/telsim
step() { printf '\n== %s\n' "$*"; }
die() { echo "demo: FAILED: $*"; exit 1; }
# span N's alarms in words, from DAHDI's sysfs
alarms() {
	local a w=
	a=$(($(cat /sys/bus/dahdi_spans/devices/span-$1/alarms)))
	(( a & 2 )) && w+="LOOPBACK "
	(( a & 4 )) && w+="YELLOW "
	(( a & 8 )) && w+="RED "
	(( a & 16 )) && w+="BLUE "
	(( a & 256 )) && w+="LOS "
	(( a & 512 )) && w+="LFA "
	w=${w% }
	echo "${w:-OK}"
}
wait_alarms() {
	local i
	for i in $(seq 1 50); do [ "$(alarms $1)" = "$2" ] && return 0; sleep 0.1; done
	die "span $1 shows '$(alarms $1)', expected '$2'"
}
status() { $TEL status 1 2 | sed 's/^/  /'; }

step "load DAHDI, the tel driver core and the simulated card; two E1 cards linked by a cable"
insmod $M/dahdi.ko auto_assign_spans=1 && insmod $M/tel_core.ko && insmod $M/telsim.ko || die "insmod"
$TEL sim new 1 e1 1 && $TEL sim new 2 e1 1 || die "tel sim new"
$TEL sim link 1:1 2:1 || die "tel sim link"
echo "  cards: $(cat /sys/bus/telsim/devices/telsim1/firmware_version 2>/dev/null | sed 's/^/firmware /'), spans:"
dahdi_scan | awk -F= '/^\[/{s=$0} /^description=/{print "  " s " " $2}'

step "dahdi_cfg: E1 PRI, CRC-4, HDB3, hardhdlc D-channel on timeslot 16"
cat > /etc/dahdi/system.conf <<EOC
span=1,1,0,ccs,hdb3,crc4
bchan=1-15,17-31
hardhdlc=16
span=2,0,0,ccs,hdb3,crc4
bchan=32-46,48-62
hardhdlc=47
EOC
sed 's/^/  /' /etc/dahdi/system.conf
dahdi_cfg || die "dahdi_cfg"
wait_alarms 1 OK; wait_alarms 2 OK
status

step "a PRI call: tel answer (network side, span 2) <- tel call (user side, span 1), dropped with cause 16 and UUI; tel trace on span 2"
$TEL trace --span 2 --pcap /tmp/trace.pcap > /tmp/trace.out 2>&1 &
trace=$!
sleep 0.5
$TEL answer --chan /dev/dahdi/chan/002/016 --side network --switch euroisdn --count 1 \
	--uui-text "hello from span 2" > /tmp/answer.out 2>&1 &
ans=$!
$TEL call --chan /dev/dahdi/chan/001/016 --side user --switch euroisdn --from 1234 --to 5678 \
	--hold 1 --cause 16 --uui-text "goodbye from span 1" --pcap /tmp/call.pcap > /tmp/call.out 2>&1
rc=$?
wait $ans; arc=$?
echo "-- tel call (span 1, user side), exit $rc:"; sed 's/^/  /' /tmp/call.out
echo "-- tel answer (span 2, network side), exit $arc:"; sed 's/^/  /' /tmp/answer.out
[ $rc = 0 ] && [ $arc = 0 ] || die "the call did not end as asked"
sleep 0.3
kill -INT $trace; wait $trace || die "tel trace did not end cleanly on SIGINT"
grep -q "goodbye from span 1" /tmp/answer.out || die "tel answer did not show the caller's UUI"

step "span status after the call"
status

step "LOS on span 1's receive for a moment (tel sim fault 1:1 los 1): span 1 RED/LOS, span 2 YELLOW (the far end's RAI)"
$TEL sim fault 1:1 los 1 || die "tel sim fault"
wait_alarms 1 "RED LOS"; wait_alarms 2 "YELLOW"
status
$TEL sim fault 1:1 los 0 || die "tel sim fault"
wait_alarms 1 OK; wait_alarms 2 OK
echo "  cleared:"
status

step "the live D-channel trace of span 2 (tel trace --span 2), as it printed during the call"
sed 's/^/  /' /tmp/trace.out
grep -q "DISCONNECT" /tmp/trace.out && grep -q "goodbye from span 1" /tmp/trace.out ||
	die "no DISCONNECT with its UUI in the trace"
grep -A3 "DISCONNECT" /tmp/trace.out | grep -q "Cause: 16" || die "the DISCONNECT does not carry cause 16"
$TEL decode /tmp/trace.pcap > /tmp/decode.out || die "tel decode of the trace's pcap"
echo "  (its pcap, /tmp/trace.pcap: $(grep -c '^#' /tmp/decode.out) frames; tel decode, tshark and Wireshark read it)"
printf '\ndemo: every step did what it said\n'
