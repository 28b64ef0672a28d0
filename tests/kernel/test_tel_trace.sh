#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tel trace on the D-channel tap of tel's driver (debugfs tel_core/<span>/dchan):
# two linked simulated E1 cards, a PRI call from span 1 (tel call, user side,
# --pcap: the library's own trace) to span 2 (tel answer, network side), dropped
# with cause 16 and UUI, while these run and are then ended by SIGINT:
#  - tel trace --span 1 --pcap /tmp/t.pcap: its frames are byte-exact the
#    library's (both directions, same order), its text is tel decode of its
#    pcap, tshark reads the pcap (q931 DISCONNECT);
#  - tel trace --chan /dev/dahdi/chan/002/016 --json: JSON Lines that parse, the
#    far end's view (the DISCONNECT received, cause 16 and the UUI);
#  - tel trace --span 1 --pcap - | tshark -i -: live into Wireshark's reader;
#  - tel trace --follow /tmp/lib.pcap: the library's pcap as it grows.
# Then a reader blocked on the tap ends (exit 0) when its card is deleted, and
# the modules unload (slub_debug catches what the tap would leak).
# vm-timeout: 240
set -u
. "$(dirname "$(realpath "$0")")/lib.sh"
TEL=$T/build/tel
export LC_ALL=C

load_modules
two_linked_e1
wait_alarm 1 OK 10
wait_alarm 2 OK 10
tap=/sys/kernel/debug/tel_core/TELSIM_1_1/dchan
[ -r $tap ] || fail "no tap: $(ls -R /sys/kernel/debug/tel_core 2>&1)"
echo "tap files: $(cd /sys/kernel/debug/tel_core && echo */dchan)"

$TEL trace --span 1 --pcap /tmp/t.pcap > /tmp/t.txt 2> /tmp/t.err &
tr1=$!
$TEL trace --chan /dev/dahdi/chan/002/016 --json --pcap /tmp/t2.pcap > /tmp/t2.json 2> /tmp/t2.err &
tr2=$!
sh -c 'echo $$ > /tmp/tr3.pid; exec "$0" trace --span 1 --pcap - 2> /tmp/t3.err' "$TEL" |
	tshark -l -n -i - -Y q931 > /tmp/live.txt 2> /tmp/live.err &
ts3=$!
# wait_tap PID: the process has a tel_core tap open (the trace is listening)
tap_open() { ls -l /proc/"$1"/fd 2>/dev/null | grep -q 'tel_core/.*/dchan'; }
wait_tap() {
	wait_for 30 tap_open "$1" ||
		fail "tel trace (pid $1) did not open its tap in 30 s: $(ls -l /proc/"$1"/fd 2>&1)"
}
wait_for 5 test -s /tmp/tr3.pid
wait_tap $tr1; wait_tap $tr2; wait_tap "$(cat /tmp/tr3.pid)"

# The answering side first (as make demo does). Span 2's trace and tel answer's
# pcap then start together: nothing is on the line before tel answer opens its
# D-channel. Span 1's tap sees the line, so it also has the SABMEs tel answer sent
# before tel call opened span 1's D-channel (DAHDI dropped them unread): they lead
# span 1's trace, and the library's frames follow them.
$TEL answer --chan /dev/dahdi/chan/002/016 --side network --switch euroisdn --count 1 \
	--uui-text "hello from span 2" --pcap /tmp/ans.pcap > /tmp/answer.out 2>&1 &
ans=$!
sleep 0.5
rm -f /tmp/lib.pcap
$TEL call --chan /dev/dahdi/chan/001/016 --side user --switch euroisdn --from 1234 --to 5678 \
	--hold 1 --cause 16 --uui-text "goodbye from span 1" --pcap /tmp/lib.pcap \
	> /tmp/call.out 2>&1 &
call=$!
for _ in $(seq 50); do [ -s /tmp/lib.pcap ] && break; sleep 0.1; done
$TEL trace --follow /tmp/lib.pcap > /tmp/follow.txt 2> /tmp/follow.err &
tr4=$!
follow_start=$(stat -c %s /tmp/lib.pcap)
wait $call; rc=$?
wait $ans; arc=$?
[ $rc = 0 ] && [ $arc = 0 ] || { cat /tmp/call.out /tmp/answer.out; fail "the call: exit $rc / $arc"; }
# frames(path): a LAPD pcap's records as (sent by the network side?, frame);
# a record still being written at the end is an error, or left out with partial
cat > /tmp/pcapf.py <<'PY'
import struct
def frames(path, partial=False):
    b = open(path, 'rb').read()
    assert struct.unpack_from('<IHHiIII', b, 0)[0] == 0xa1b2c3d4 and b[20] == 177, path
    off, out = 24, []
    while off < len(b):
        if off + 16 > len(b) or off + 16 + struct.unpack_from('<I', b, off + 8)[0] > len(b):
            assert partial, "%s: a record cut short at %d" % (path, off)
            break
        sec, usec, cap, orig = struct.unpack_from('<IIII', b, off)
        ph = b[off + 16:off + 32]
        cap_net = ph[6] != 0
        outgoing = struct.unpack_from('>H', ph, 0)[0] == 4
        out.append((outgoing == cap_net, b[off + 32:off + 16 + cap]))
        off += 16 + cap
    return out
PY
# the last frames (the link's release) reach the traces: wait until each trace
# has at least as many frames as the library wrote on its side
traces_caught_up() {
	python3 -c '
import sys
sys.path.insert(0, "/tmp")
from pcapf import frames
n = lambda p: len(frames(p, partial=True))
sys.exit(n("/tmp/t.pcap") < n("/tmp/lib.pcap") or n("/tmp/t2.pcap") < n("/tmp/ans.pcap"))' 2>/dev/null
}
wait_for 10 traces_caught_up
sleep 0.3	# and nothing more follows
kill -INT $tr1 $tr2 $tr4 "$(cat /tmp/tr3.pid)"
wait $tr1; r1=$?
wait $tr2; r2=$?
wait $tr4; r4=$?
wait $ts3
[ "$r1$r2$r4" = 000 ] || { cat /tmp/t.err /tmp/t2.err /tmp/follow.err; fail "tel trace exits $r1 $r2 $r4 after SIGINT (want 0)"; }
for e in /tmp/t.err /tmp/t2.err /tmp/t3.err /tmp/follow.err; do
	[ -s $e ] && { cat $e; fail "tel trace wrote to stderr ($e)"; }
done

# 1. the trace's frames are the library's, byte for byte, both ways, in order per direction
#    (span 1: after the SABMEs that reached it before tel call opened it)
cat > /tmp/cmp.py <<'PY'
import sys
from pcapf import frames
t, lib = frames(sys.argv[1]), frames(sys.argv[2])
lead = 0
if len(sys.argv) > 3:	# received SABMEs before the library's first frame
    while lead < len(t) and t[lead] != lib[0] and t[lead][0] and t[lead][1][2] & 0xef == 0x6f:
        lead += 1
    t = t[lead:]
print("%s: %d frames (%d SABMEs before the library opened), %s: %d frames" %
      (sys.argv[1], len(t), lead, sys.argv[2], len(lib)))
# each direction byte-exact and in order; between directions the order may differ
# where frames crossed (the tap stamps a received frame when the card has it,
# the library when it reads it, so a frame sent meanwhile can come first in one)
for way in (True, False):
    tw = [f for by, f in t if by == way]
    lw = [f for by, f in lib if by == way]
    for i, (a, b) in enumerate(zip(tw, lw)):
        if a != b:
            print("%s frame %d: trace %s, library %s" % ('net' if way else 'user', i + 1,
                  a.hex(), b.hex()))
            sys.exit(1)
    if len(tw) != len(lw):
        print("%s: trace %d frames, library %d" % ('net' if way else 'user', len(tw), len(lw)))
        sys.exit(1)
crossed = sum(a != b for a, b in zip(t, lib))
if crossed:
    print("  %d frames crossed in flight (order between directions differs)" % crossed)
assert any(by for by, _ in t) and any(not by for by, _ in t), "one direction only"
PY
python3 /tmp/cmp.py /tmp/t2.pcap /tmp/ans.pcap || fail "span 2's trace differs from tel answer's pcap"
python3 /tmp/cmp.py /tmp/t.pcap /tmp/lib.pcap lead || fail "span 1's trace differs from tel call's pcap"

# 2. the live text is tel decode of what the trace wrote; tshark reads the pcap
$TEL decode /tmp/t.pcap > /tmp/t.decode || fail "tel decode of the trace"
cmp -s /tmp/t.txt /tmp/t.decode || { diff /tmp/t.decode /tmp/t.txt | head; fail "live text differs from tel decode of its pcap"; }
grep -q "DISCONNECT" /tmp/t.txt && grep -q "goodbye from span 1" /tmp/t.txt || fail "no DISCONNECT with UUI in the text"
tshark -n -r /tmp/t.pcap -Y q931 > /tmp/tshark.txt 2>&1 || { cat /tmp/tshark.txt; fail "tshark -r"; }
grep -q "DISCONNECT" /tmp/tshark.txt || { cat /tmp/tshark.txt; fail "tshark shows no q931 DISCONNECT"; }
echo "tshark -r: $(grep -c . /tmp/tshark.txt) Q.931 messages"

# 3. --pcap - into tshark -i -
grep -q "DISCONNECT" /tmp/live.txt || { cat /tmp/live.txt /tmp/live.err; fail "tshark -i - saw no DISCONNECT"; }
echo "tshark -i -: $(grep -c . /tmp/live.txt) Q.931 messages"

# 4. --json from span 2's channel: every line parses; the far end got the DISCONNECT
python3 - /tmp/t2.json <<'PY' || fail "--json"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
objs = [json.loads(l) for l in lines]
assert len(objs) >= 10, len(objs)
for o in objs:
    assert {"ts", "dir", "len", "frame"} <= o.keys(), o
d = [o for o in objs if o.get("q931", {}).get("msg") == "DISCONNECT"]
assert len(d) == 1 and d[0]["dir"] == "user", d
assert d[0]["q931"]["cause"]["value"] == 16, d
assert bytes.fromhex(d[0]["q931"]["uui"]["hex"]) == b"goodbye from span 1", d
print("--json: %d lines" % len(objs))
PY

# 5. --follow: what was in the file when it started, then what was appended
$TEL decode /tmp/lib.pcap > /tmp/lib.decode || fail "tel decode lib.pcap"
cmp -s /tmp/follow.txt /tmp/lib.decode || { diff /tmp/lib.decode /tmp/follow.txt | head; fail "--follow differs from tel decode"; }
echo "--follow: started at $follow_start octets, $(stat -c %s /tmp/lib.pcap) at the end, $(grep -c '^#' /tmp/follow.txt) frames"
[ "$follow_start" -lt "$(stat -c %s /tmp/lib.pcap)" ] || fail "the pcap did not grow while followed"

# 6. a reader blocked on the tap when its card goes: end of file, exit 0
$TEL trace --span 2 > /tmp/t5.txt 2> /tmp/t5.err &
tr5=$!
wait_tap $tr5
echo 2 > /sys/bus/telsim/del_device || fail "del_device 2"
for _ in $(seq 50); do kill -0 $tr5 2> /dev/null || break; sleep 0.1; done
kill -0 $tr5 2> /dev/null && fail "tel trace still runs after its span was deleted"
wait $tr5 || { cat /tmp/t5.err; fail "tel trace after its span went: exit $?"; }
[ ! -e /sys/kernel/debug/tel_core/TELSIM_2_1 ] || fail "span 2's tap still there"

# 7. a tap held open by a reader that never reads while the card is deleted and the modules unload
exec 3< $tap
echo 1 > /sys/bus/telsim/del_device || fail "del_device 1"
[ ! -e /sys/kernel/debug/tel_core ] || fail "tel_core/ still in debugfs with no span"
exec 3<&-
rmmod telsim && rmmod tel_core && rmmod dahdi || fail "rmmod"
echo "test_tel_trace: ok"
