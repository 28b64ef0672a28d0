#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tel status and tel maint over DAHDI's real core, inside the test VM
# (tests/kernel/vm-run tests/kernel/test_tel_status.sh; on the host first:
# make all modules).
#
# Two linked simulated E1 cards (two_linked_e1): the JSON of tel status
# field by field; LOS injected on span 1 and cleared (span 1 RED LOS, span 2
# YELLOW, then none); FAS errors sent with tel maint inject counted by the
# far span; a local loopback read back (LOOPBACK) and ended; counters reset;
# --watch in tmux (the table, a counter that moved in reverse video, q ends
# it); errors (no such span: exit 1 and the fix; bad arguments: exit 2).
# Then the same tel status on DAHDI's own dahdi_dynamic_loc spans, a driver
# we did not write: nothing of it depends on ours.
# vm-timeout: 300
set -uo pipefail
. "$(dirname "$(realpath "$0")")/lib.sh"
TEL=${TEL:-$T/build/tel}
[ -x "$TEL" ] || fail "$TEL not built (on the host: make all)"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

# jq-like checks in python: pyjson 'EXPR' evaluates EXPR with d = the document on stdin
pyjson() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
sp = {s["span"]: s for s in d["spans"]} if "spans" in d else None
ok = eval("(" + sys.argv[1] + ")")
if not ok:
    print("     | " + json.dumps(d)[:1500], file=sys.stderr)
sys.exit(0 if ok else 1)' "$1"
}
st() { "$TEL" status --json "$@"; }

# wait_json SECONDS EXPR [SPAN...]: tel status --json satisfies EXPR within SECONDS
json_is() { st "${@:2}" 2>/dev/null | pyjson "$1" 2>/dev/null; }
wait_json() {
	local s=$1 e=$2
	shift 2
	wait_for "$s" json_is "$e" "$@" || st "$@" | pyjson "$e"
}

load_modules
two_linked_e1
wait_alarm 1 OK 10
wait_alarm 2 OK 10

# --- the document ------------------------------------------------------------
out=$(st)
check "status --json: one document, spans 1 and 2" \
	pyjson 'sorted(sp) == [1, 2] and len(d) == 1' <<<"$out"
check "span 1: E1, CRC4/HDB3/CCS, its name and description" pyjson '
sp[1]["type"] == "E1" and sp[1]["spantype"] == "E1" and sp[1]["framing"] == "CRC4" and
sp[1]["coding"] == "HDB3" and sp[1]["signalling"] == "CCS" and
sp[1]["lineconfig"] == "CCS/HDB3/CRC4" and sp[1]["name"] == "TELSIM/1/1" and
sp[1]["description"] == "TELSIM/1 E1 1"' <<<"$out"
# span 1 has timing priority 1: its card takes the clock from it; span 2's card runs
# free (priority 0). DAHDI's core picks its own master span (the one whose ticks run
# the pseudo channels) a moment after any span's alarms change, and 2.11 takes the
# first eligible span that is not the current master, so which of two good spans it
# is depends on how many alarm changes it saw: exactly one of them, never both.
check "timing: span 1 syncsrc 1, span 2 syncsrc 0; exactly one span is DAHDI's master" wait_json 5 '
sp[1]["syncsrc"] == 1 and sp[2]["syncsrc"] == 0 and
[sp[1]["master"], sp[2]["master"]].count(True) == 1 and
all(isinstance(sp[s]["master"], bool) for s in sp)'
check "alarms [] and every counter a number" pyjson '
all(sp[s]["alarms"] == [] for s in sp) and
all(set(sp[s]["counters"]) >= {"fas","crc4","ebit","bpv","cv","errsec","slips"} for s in sp) and
all(isinstance(v, int) for s in sp for v in sp[s]["counters"].values())' <<<"$out"
check "channels: 31, 16 HARDHDLC (D-channel), the rest CLEAR, none in use" pyjson '
len(sp[1]["channels"]) == 31 and sp[1]["channels_total"] == 31 and
[c["signalling"] for c in sp[1]["channels"] if c["position"] == 16] == ["HARDHDLC"] and
all(c["signalling"] == "CLEAR" for c in sp[1]["channels"] if c["position"] != 16) and
all(c["in_use"] is False for c in sp[1]["channels"]) and
[c["channel"] for c in sp[2]["channels"]][:2] == [32, 33]' <<<"$out"
check "simulated card: firmware version and the cable (sim)" pyjson '
sp[1]["sim"]["card"] == 1 and sp[2]["sim"]["card"] == 2 and sp[1]["sim"]["span"] == 1 and
len(sp[1]["sim"]["firmware"].split(".")) == 3 and sp[1]["sim"]["linked"] is True' <<<"$out"
check "SPAN arguments: only those" pyjson 'sorted(sp) == [2]' <<<"$(st 2)"
txt=$("$TEL" status 1)
check "text: the span's line, counters and channel ranges" \
	grep -q 'span 1  TELSIM/1/1.*E1  CCS/HDB3/CRC4' <<<"$txt"
grep -q '1-15,17-31: CLEAR' <<<"$txt" && grep -q '16: HARDHDLC' <<<"$txt" ||
	bad "text channels: $txt"

# a channel in use while a program holds it open
exec 7<>/dev/dahdi/chan/001/001
check "in_use: true while channel 1 is open" \
	pyjson '[c["in_use"] for c in sp[1]["channels"]][:2] == [True, False]' <<<"$(st 1)"
exec 7>&-

# --- LOS on span 1's cable, then cleared ---------------------------------------
echo 1 > /sys/kernel/debug/telsim/1/span1/los
check "LOS: span 1 alarms [RED, LOS], span 2 [YELLOW]" wait_json 10 '
sp[1]["alarms"] == ["RED", "LOS"] and sp[2]["alarms"] == ["YELLOW"]'
echo 0 > /sys/kernel/debug/telsim/1/span1/los
check "LOS cleared: alarms [] on both" wait_json 15 '
sp[1]["alarms"] == [] and sp[2]["alarms"] == []'

# --- reset-counters, inject --------------------------------------------------
"$TEL" maint 2 reset-counters >/tmp/reset.txt
rc=$?
check "maint 2 reset-counters: exit 0, shows the counters at 0" \
	grep -q 'counters:  fas 0  crc4 0  ebit 0  bpv 0  cv 0  errsec 0' /tmp/reset.txt
[ $rc = 0 ] || bad "reset-counters exit $rc"
# Under TCG on a busy host the card's tick can fall behind (DAHDI's IRQ
# misses) and the skipped frames count as errors too: wait for a quiet line,
# and ask for exactly 3 only when no tick was missed meanwhile.
settle() { # counters of span 2 unchanged for a second (at most 15 s)
	local a b i
	for i in $(seq 1 15); do
		a=$(st 2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["spans"][0]["counters"])')
		sleep 1
		b=$(st 2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["spans"][0]["counters"])')
		[ "$a" = "$b" ] && return 0
	done
	echo "     span 2's counters never settled: $b"
}
settle
"$TEL" maint 2 reset-counters >/dev/null || bad "reset-counters"
miss0=$(st 2 | python3 -c 'import json,sys; print(json.load(sys.stdin)["spans"][0]["counters"]["irqmisses"])')
for i in 1 2 3; do
	"$TEL" maint 1 inject fas >/tmp/inject.txt || bad "maint 1 inject fas: exit $?"
done
check "inject says what was sent and shows span 1" \
	grep -q 'span 1: sent one FAS .*far end' /tmp/inject.txt
check "3 x inject fas on span 1: span 2 counts fas 3" wait_json 5 'sp[2]["counters"]["fas"] >= 3' 2
sleep 1
st 2 > /tmp/fas.json
if pyjson "sp[2]['counters']['irqmisses'] == $miss0" </tmp/fas.json 2>/dev/null; then
	check "... exactly 3 (no tick missed)" pyjson 'sp[2]["counters"]["fas"] == 3' </tmp/fas.json
else
	echo "     (the card missed ticks meanwhile: fas $(python3 -c 'import json,sys; print(json.load(sys.stdin)["spans"][0]["counters"]["fas"])' </tmp/fas.json), 3 or more)"
fi
"$TEL" maint 2 reset-counters --json >/tmp/reset.json
check "reset-counters --json: the span's counters 0 (fas 3 before)" pyjson '
d["maint"] == "reset-counters" and d["span"]["span"] == 2 and
all(d["span"]["counters"][k] == 0 for k in ("fas","crc4","ebit","bpv","cv","errsec"))' </tmp/reset.json

# --- loopback read back --------------------------------------------------------
"$TEL" maint 1 loopback local >/tmp/loop.txt
check "loopback local: exit 0, alarms show LOOPBACK" grep -q 'alarms: .*LOOPBACK' /tmp/loop.txt
check "loopback local: status --json alarms have LOOPBACK" wait_json 3 '"LOOPBACK" in sp[1]["alarms"]' 1
"$TEL" maint 1 loopback off --json >/tmp/off.json
check "loopback off: LOOPBACK gone at once (read back)" \
	pyjson 'd["maint"] == "loopback off" and "LOOPBACK" not in d["span"]["alarms"]' </tmp/off.json
check "loopback off: alarms [] again on both spans" wait_json 15 '
sp[1]["alarms"] == [] and sp[2]["alarms"] == []'

# --- errors --------------------------------------------------------------------
"$TEL" status 9 >/tmp/o.txt 2>/tmp/e.txt
rc=$?
check "status 9: exit 1 naming span 9 and the fix" \
	bash -c "[ $rc = 1 ] && grep -q 'span 9: no such span (spans present: 1 2;.*dahdi_span_assignments' /tmp/e.txt"
"$TEL" maint 9 reset-counters 2>/tmp/e.txt
check "maint 9: exit 1" bash -c "[ $? = 1 ] && grep -q 'span 9: no such span' /tmp/e.txt"
for args in "1 loopback sideways" "1 inject" "1 fly" "x reset-counters" "1" "1 reset-counters 2"; do
	# shellcheck disable=SC2086
	"$TEL" maint $args >/dev/null 2>/tmp/e.txt
	rc=$?
	[ $rc = 2 ] && [ -s /tmp/e.txt ] || bad "maint $args: exit $rc (want 2 with a message)"
done
ok "bad maint arguments: exit 2 with a message"
"$TEL" status --watch 0 2>/dev/null; [ $? = 2 ] || bad "status --watch 0: want exit 2"

# --- --watch through tmux --------------------------------------------------------
export TERM=xterm
tmux -f /dev/null new-session -d -s w -x 150 -y 60 \
	"$TEL status --watch 0.5; echo \$? > /tmp/watch.rc" || fail "tmux new-session"
seen=
for i in $(seq 1 50); do
	tmux capture-pane -p -t w > /tmp/pane.txt 2>/dev/null
	grep -q 'span 2  TELSIM/2/1' /tmp/pane.txt && { seen=1; break; }
	sleep 0.1
done
check "--watch: the table in the pane" test -n "$seen"
grep -q 'q quits' /tmp/pane.txt || bad "--watch: no heading"
# every byte tel writes to the pane also goes to a log, so a redraw that shows the
# highlight is seen even if the VM is too busy to sample the pane while it is up
tmux pipe-pane -t w -o 'cat >> /tmp/pane.log'
"$TEL" maint 2 reset-counters >/dev/null
sleep 1.2	# a redraw or two with the counters at (about) 0
: > /tmp/pane.log
"$TEL" maint 1 inject fas >/dev/null
# frames start at "ESC[H ESC[2J"; in one of them span 2's fas moved (0 -> 1 on a
# quiet line) and is shown in reverse video (SGR 7)
hl_frame() {
	python3 -c '
import re, sys
log = open("/tmp/pane.log", "rb").read().decode("utf-8", "replace")
for f in log.split("\x1b[H\x1b[2J"):
    i = f.find("span 2  TELSIM/2/1")
    if i >= 0 and re.search(r"\x1b\[7mfas [1-9]", f[i:f.find("channels", i)]):
        sys.exit(0)
sys.exit(1)'
}
hl=
wait_for 10 hl_frame && hl=1
tmux capture-pane -p -e -t w > /tmp/pane.txt
check "--watch: span 2's fas counter highlighted after an injected error" test -n "$hl"
[ -n "$hl" ] || sed 's/^/     | /' /tmp/pane.txt | cat -v | head -30
tmux send-keys -t w q
for i in $(seq 1 30); do [ -s /tmp/watch.rc ] && break; sleep 0.1; done
check "--watch: q ends it, exit 0" bash -c '[ "$(cat /tmp/watch.rc 2>/dev/null)" = 0 ]'
tmux kill-server 2>/dev/null

"$TEL" status --watch 0.2 --json > /tmp/lines.json &
wpid=$!
sleep 1.5
kill -INT $wpid
wait $wpid
rc=$?
check "--watch --json: JSON Lines (>= 3 documents), Ctrl-C ends it with exit 0" python3 -c '
import json, sys
docs = [json.loads(l) for l in open("/tmp/lines.json")]
sys.exit(0 if len(docs) >= 3 and all(sorted(s["span"] for s in d["spans"]) == [1, 2] for d in docs) and '"$rc"' == 0 else 1)'

# --- DAHDI's own dahdi_dynamic_loc: nothing depends on our driver ----------------
echo 1 > /sys/bus/telsim/del_device || fail "del_device 1"
echo 2 > /sys/bus/telsim/del_device || fail "del_device 2"
rmmod telsim tel_core || fail "rmmod telsim tel_core"
"$TEL" status --json | pyjson 'd == {"spans": []}' || bad "no spans: {\"spans\": []}"
insmod "$M/dahdi_dynamic.ko" || fail "insmod dahdi_dynamic"
insmod "$M/dahdi_dynamic_loc.ko" || fail "insmod dahdi_dynamic_loc"
cat > /tmp/system.conf <<-'EOF'
dynamic=loc,1:0,31,0
dynamic=loc,1:1,31,0
bchan=1-15,17-31,32-46,48-62
dchan=16,47
EOF
dahdi_cfg -c /tmp/system.conf || fail "dahdi_cfg (dynamic_loc)"
out=$(st)
check "dynamic_loc: two spans, type E1 (31 channels, spantype DYNAM), no sim" pyjson '
len(sp) == 2 and all(s["type"] == "E1" and s["spantype"] == "DYNAM" and "sim" not in s and
s["name"].startswith("DYN/loc/") for s in sp.values())' <<<"$out"
check "dynamic_loc: channels 16 HDLCFCS (dchan=), 1 CLEAR, counters present" pyjson '
all(len(s["channels"]) == 31 and
[c["signalling"] for c in s["channels"] if c["position"] in (1, 16)] == ["CLEAR", "HDLCFCS"] and
s["counters"]["fas"] == 0 and s["counters"]["slips"] is None for s in sp.values())' <<<"$out"
"$TEL" status >/tmp/dyn.txt || bad "dynamic_loc: tel status exit $?"
grep -q 'span 1  DYN/loc/1:0' /tmp/dyn.txt || { bad "dynamic_loc text"; cat /tmp/dyn.txt; }
first=$(python3 -c 'import json,sys; print(min(s["span"] for s in json.load(sys.stdin)["spans"]))' <<<"$out")
"$TEL" maint "$first" loopback local 2>/tmp/e.txt
rc=$?
check "dynamic_loc: maint loopback: exit 1, the driver does not do it" \
	bash -c "[ $rc = 1 ] && grep -q 'its driver does not do loopback local' /tmp/e.txt"
cat /tmp/e.txt

if [ $fails -gt 0 ]; then
	echo "test_tel_status: $fails FAILED"
	exit 1
fi
echo "test_tel_status: all passed"
