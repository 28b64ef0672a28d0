#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# T309 on real DAHDI spans: a PRI call between two linked simulated E1 cards
# (tel call / tel answer --chan on the hardhdlc D-channels) while the
# D-channel is cut in both directions through debugfs (dchan_cut_ms; the
# framing and B-channels stay up, as when a far end's HDLC controller stops).
# T203 is 1 s on both sides, so the data link is found lost about 4 s into
# a cut (T203, then T200 x N200), and T309 starts then; T309 is 12 s, so a
# recovery that needs a re-establishment attempt or two (1 s apart, then
# 2, 4 ..., each up to T200 x N200 long) lands well inside it.
#  - a cut of 6 s (shorter than T309): the link is lost and comes back
#    before T309 runs out; the call survives and is dropped at the end of
#    its hold with cause 16 as asked (exit 0);
#  - a cut of 25 s (longer than T309 after the loss): T309 runs out; the
#    call is cleared with cause 27 (destination out of order) on both sides.
# vm-timeout: 300
set -u
. "$(dirname "$(realpath "$0")")/lib.sh"
TEL=$T/build/tel
DBG=/sys/kernel/debug/telsim
load_modules
two_linked_e1
sleep 1
# call CUT_MS HOLD: a call held HOLD s, the D-channel cut for CUT_MS ms from 1 s after
# the caller sees it connected
call() {
	: > /tmp/call.out
	$TEL answer --chan /dev/dahdi/chan/002/016 --side network --switch euroisdn --count 1 \
		--param T203=1000 --param T309=12000 > /tmp/ans.out 2>&1 &
	local ans=$!
	# the cut starts once the call is up (a busy VM may take seconds to get there)
	( wait_for 30 grep -q connected /tmp/call.out
	  sleep 1; echo "$1" > $DBG/1/span1/dchan_cut_ms; echo "$1" > $DBG/2/span1/dchan_cut_ms ) &
	$TEL call --chan /dev/dahdi/chan/001/016 --side user --switch euroisdn --to 100 \
		--hold "$2" --cause 16 --param T203=1000 --param T309=12000 --link-timeout 90 > /tmp/call.out 2>&1
	crc=$?
	wait $ans; arc=$?
	wait
	echo "-- cut $1 ms: tel call exit $crc:"; cat /tmp/call.out
	echo "-- tel answer exit $arc:"; cat /tmp/ans.out
}
call 6000 16
[ $crc = 0 ] || fail "cut of 6 s: the call did not survive (tel call exit $crc)"
grep -q "idle.*cause 16" /tmp/call.out || fail "cut of 6 s: no cause 16 at the end"
grep -q "link down" /tmp/call.out || fail "cut of 6 s: the link never went down (T309 not exercised)"
echo "T309: a 6 s cut, link lost and back within T309: the call survived"
sleep 1
call 25000 40
[ $crc = 1 ] || fail "cut of 25 s: tel call exit $crc, want 1 (call cleared by T309)"
grep -q "cause 27" /tmp/call.out || fail "cut of 25 s: the caller's call did not end with cause 27"
grep -q "cause 27" /tmp/ans.out || fail "cut of 25 s: the answerer's call did not end with cause 27"
echo "T309: a 25 s cut: the call cleared with cause 27 on both sides"
echo ALL OK
