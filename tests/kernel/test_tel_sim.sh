#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tel sim, tel genconf and tel fw on the real simulated card, inside the test
# VM (tests/kernel/vm-run tests/kernel/test_tel_sim.sh; make all modules first):
#  - tel sim new/link makes two linked E1 cards and an FXS card linked to an
#    FXO card; tel genconf --dry-run prints system.conf for them (PRI with
#    hardhdlc D-channels, fxoks/fxsks), tel genconf writes it, dahdi_cfg takes
#    it and a PRI call tel call -> tel answer --chan clears with cause 16;
#  - tel sim fault 1:1 los 1 raises RED on span 1 (and YELLOW on span 2), 0
#    clears it; tel sim phone/co drive and read the phone and the CO line;
#  - bad arguments exit 2 and the kernel's refusals exit 1 with a readable
#    message (the kernel's own line where it logged one);
#  - tel sim status [--json] shows the cards, the links, the firmware version
#    (the one tel fw info reads from the image the card loaded); tel sim del.
# vm-timeout: 240
set -uo pipefail
. "$(dirname "$(realpath "$0")")/lib.sh"
TEL=${TEL:-$T/build/tel}
[ -x "$TEL" ] || fail "$TEL not built (make all)"
W=$(mktemp -d)
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
# expect NAME RC PATTERN -- CMD...: CMD exits RC and its output matches PATTERN (ERE)
expect() {
	local name=$1 want=$2 pat=$3
	shift 4
	"$@" > "$W/out" 2>&1
	local rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$pat" "$W/out"; then
		ok "$name: exit $rc: $(head -c 300 "$W/out" | tr '\n' ' ')"
	else
		bad "$name: exit $rc (want $want, /$pat/):"
		sed 's/^/     | /' "$W/out"
	fi
}

# quiet NAME -- CMD...: CMD exits 0 and prints nothing
quiet() {
	local name=$1
	shift 2
	"$@" > "$W/out" 2>&1
	local rc=$?
	if [ $rc = 0 ] && [ ! -s "$W/out" ]; then ok "$name"; else
		bad "$name: exit $rc:"; sed 's/^/     | /' "$W/out"; fi
}

# the module not loaded yet: the message says how to load it
expect "no module" 1 "not loaded.*modprobe telsim" -- "$TEL" sim new 1 e1 1
load_modules

# --- cards and cables through tel sim ------------------------------------------------
quiet "new 1 e1 1" -- "$TEL" sim new 1 e1 1
quiet "new 2 e1 1" -- "$TEL" sim new 2 e1 1
quiet "new 3 fxs 1" -- "$TEL" sim new 3 fxs 1
quiet "new 4 fxo 1" -- "$TEL" sim new 4 fxo 1
quiet "link 1:1 2:1" -- "$TEL" sim link 1:1 2:1
quiet "link 3:1 4:1" -- "$TEL" sim link 3:1 4:1
[ -d /sys/bus/telsim/devices/telsim4 ] && ok "four cards on the bus" || bad "cards not made"

# --- usage errors (exit 2) and the kernel's refusals (exit 1) -------------------------
expect "bad type" 2 "TYPE 'e2': want e1, t1, fxs or fxo" -- "$TEL" sim new 5 e2 1
expect "too many spans" 2 "want a whole number 1..8" -- "$TEL" sim new 5 e1 9
expect "bad knob value" 2 "los VALUE .* '5': want a whole number 0..1" -- "$TEL" sim fault 1:1 los 5
expect "bad ber" 2 "0..1000000" -- "$TEL" sim fault 1:1 ber 2000000
expect "bad digits" 2 "want 1 to 32 digits 0-9" -- "$TEL" sim phone 3:1 dial 12x
expect "bad co action" 2 "want ring, answer, hangup or reverse" -- "$TEL" sim co 4:1 lift
expect "new: exists" 1 "device 1 exists already \(tel sim del 1 first\)" -- "$TEL" sim new 1 e1 1
expect "del: none" 1 "device 9 does not exist" -- "$TEL" sim del 9
expect "fault: no device" 1 "device 9 does not exist \(tel sim new 9 e1 1\)" -- "$TEL" sim fault 9:1 los 1
expect "fault: no span 2" 1 "device 1 has spans 1..1, not 2" -- "$TEL" sim fault 1:2 los 1
expect "link E1 to FXS (kernel refuses)" 1 \
	"link 1:1 3:1: .*\(kernel: telsim: link: 1:1 and 3:1: an analog port links only FXS to FXO\)" -- \
	"$TEL" sim link 1:1 3:1
expect "link a linked span (kernel: busy)" 1 "linked already.*kernel: telsim:" -- "$TEL" sim link 2:1 1:1
expect "unlink: no port 5 (kernel)" 1 "unlink 3:5: .*kernel: telsim: unlink: device 3 has ports 1..1, not 5" -- \
	"$TEL" sim unlink 3:5
expect "phone on a linked port (kernel: busy)" 1 \
	"phone 3:1 offhook: .*kernel: telsim: telsim3 port 1 phone: the port is linked to an FXO port" -- \
	"$TEL" sim phone 3:1 offhook
quiet "new 5 t1 2" -- "$TEL" sim new 5 t1 2
quiet "clock 5" -- "$TEL" sim clock 5 -100
expect "clock 5 read" 0 "^-100$" -- "$TEL" sim clock 5
quiet "del 5" -- "$TEL" sim del 5
[ ! -e /sys/bus/telsim/devices/telsim5 ] && ok "card 5 gone" || bad "card 5 still there"

# --- genconf -------------------------------------------------------------------------
sleep 0.5
expect "genconf --dry-run" 0 "hardhdlc=16" -- "$TEL" genconf --dry-run
cp "$W/out" "$W/dry"
for l in "span=1,1,0,ccs,hdb3,crc4" "bchan=1-15,17-31" "hardhdlc=16" "span=2,0,0,ccs,hdb3,crc4" \
	 "bchan=32-46,48-62" "hardhdlc=47" "fxoks=63" "fxsks=64" "loadzone=us" "defaultzone=us" \
	 "telsim1 +1:1:1" "telsim2 +1:2:32" "telsim3 +1:3:63" "telsim4 +1:4:64"; do
	grep -Eqx -- "$l" "$W/dry" && ok "dry run has '$l'" || bad "dry run lacks '$l'"
done
sed 's/^/     | /' "$W/dry"
expect "genconf writes" 0 "wrote $W/system.conf \(4 spans\)" -- \
	"$TEL" genconf --conf "$W/system.conf" --assigned "$W/assigned-spans.conf"
diff <(sed -n '/^# --- .*system.conf/,/^# --- /p' "$W/dry" | sed '1d;$d' | sed '$d') "$W/system.conf" >/dev/null &&
	ok "the written system.conf is the dry run's" || bad "written system.conf differs from the dry run"
if dahdi_cfg -c "$W/system.conf" > "$W/cfg" 2>&1; then ok "dahdi_cfg took it"; else bad "dahdi_cfg refused it"; sed 's/^/     | /' "$W/cfg"; fi
# the assignments file is one dahdi_span_assignments reads: it matches every span
SPAN_ASSIGNMENTS_KEY=hwid DAHDIASSIGNEDSPANSCONF="$W/assigned-spans.conf" \
	dahdi_span_assignments matched > "$W/matched" 2>&1
[ "$(grep -c . "$W/matched")" -ge 4 ] && ok "dahdi_span_assignments matches 4 devices: $(tr '\n' ' ' < "$W/matched")" ||
	{ bad "dahdi_span_assignments matched:"; sed 's/^/     | /' "$W/matched"; }

# a PRI call on the configuration genconf wrote, cleared with cause 16 (once both
# spans are in sync: CRC-4 multiframe found at both ends)
wait_alarm 1 OK 10
wait_alarm 2 OK 10
timeout 60 "$TEL" answer --chan /dev/dahdi/chan/002/016 --side network --switch euroisdn --count 1 \
	--json > "$W/a" 2> "$W/a.err" &
pa=$!
sleep 0.3
timeout 60 "$TEL" call --chan /dev/dahdi/chan/001/016 --side user --switch euroisdn --to 4711 \
	--hold 0.3 --cause 16 --json > "$W/c" 2> "$W/c.err"
crc=$?
wait $pa
arc=$?
if [ $crc = 0 ] && [ $arc = 0 ] && grep -q '"state":"disconnected"' "$W/a" && grep -q '"value":16' "$W/a"; then
	ok "PRI call on genconf's system.conf: cleared with cause 16"
else
	bad "PRI call: call exit $crc, answer exit $arc"
	sed 's/^/     | /' "$W/c" "$W/c.err" "$W/a" "$W/a.err" | head -40
fi

# genconf --cas: the two E1 spans as CAS (TS16 signalling, E&M), hook signalling across
"$TEL" genconf --cas 1-2 --conf "$W/cas.conf" --assigned "$W/cas-assigned.conf" > "$W/out" 2>&1 ||
	bad "genconf --cas: $(cat "$W/out")"
grep -q "^span=1,1,0,cas,hdb3$" "$W/cas.conf" && grep -q "^e&me1=1-15,17-31$" "$W/cas.conf" &&
	grep -q "^span=2,0,0,cas,hdb3$" "$W/cas.conf" && ! grep -q "hardhdlc" "$W/cas.conf" &&
	ok "genconf --cas 1-2: E1 CAS spans with e&me1 channels" || { bad "genconf --cas:"; sed 's/^/     | /' "$W/cas.conf"; }
if dahdi_cfg -c "$W/cas.conf" > "$W/cfg" 2>&1; then ok "dahdi_cfg took the CAS configuration"
else bad "dahdi_cfg refused the CAS configuration"; sed 's/^/     | /' "$W/cfg"; fi
wait_alarm 1 OK 10
wait_alarm 2 OK 10
if python3 "$T/tests/kernel/cas_check.py" /dev/dahdi/chan/001/001 /dev/dahdi/chan/002/001 > "$W/cas" 2>&1; then
	ok "CAS on genconf's configuration: hook signalling both ways"
else
	bad "CAS hook signalling:"; sed 's/^/     | /' "$W/cas"
fi
expect "genconf --cas bad list" 2 "want all, or span numbers" -- "$TEL" genconf --cas 0 --dry-run
# back to the PRI configuration for what follows
dahdi_cfg -c "$W/system.conf" >/dev/null 2>&1 || bad "dahdi_cfg back to PRI"
wait_alarm 1 OK 10
wait_alarm 2 OK 10

# --- faults --------------------------------------------------------------------------
quiet "fault 1:1 los 1" -- "$TEL" sim fault 1:1 los 1
wait_alarm 1 "RED LOS" && ok "span 1 RED LOS ($(cat /sys/bus/dahdi_spans/devices/span-1/alarms))"
wait_alarm 2 "YEL" && ok "span 2 YEL"
expect "fault read" 0 "^los +1$" -- "$TEL" sim fault 1:1
quiet "fault 1:1 los 0" -- "$TEL" sim fault 1:1 los off
wait_alarm 1 "OK" 10 && ok "span 1 clear"
wait_alarm 2 "OK" 10 && ok "span 2 clear"

# --- the phone and the CO line ------------------------------------------------------
quiet "unlink 4:1" -- "$TEL" sim unlink 4:1
expect "unlink again (kernel: not linked)" 1 "not linked.*kernel: telsim: unlink: 4:1 is not linked" -- \
	"$TEL" sim unlink 4:1
quiet "phone offhook" -- "$TEL" sim phone 3:1 offhook
sleep 0.2
expect "phone state" 0 "^offhook$" -- "$TEL" sim phone 3:1
quiet "phone dial" -- "$TEL" sim phone 3:1 dial 42
expect "phone dial while dialling (kernel: busy)" 1 "still dialling" -- "$TEL" sim phone 3:1 dial 7
quiet "phone onhook" -- "$TEL" sim phone 3:1 onhook
quiet "co ring" -- "$TEL" sim co 4:1 ring
expect "co state" 0 "^ringing" -- "$TEL" sim co 4:1
expect "co ring again (kernel: busy)" 1 "off hook or ringing already" -- "$TEL" sim co 4:1 ring
quiet "co hangup" -- "$TEL" sim co 4:1 hangup

# --- status and firmware --------------------------------------------------------------
fwv=$("$TEL" fw info --json "$M/firmware/tel/telcard.fw" | python3 -c 'import json,sys; print(json.load(sys.stdin)["header"]["fw_version"])')
expect "status" 0 "device 1: E1 card, 1 spans, firmware $fwv" -- "$TEL" sim status
grep -q "linked yes" "$W/out" && ok "status shows span 1 linked" || bad "status: no link shown"
"$TEL" sim status --json > "$W/j" || bad "status --json exit $?"
python3 - "$W/j" "$fwv" <<'PY' && ok "status --json: 4 cards, kinds, firmware $fwv, links" || bad "status --json: $(cat "$W/j")"
import json, sys
d = json.load(open(sys.argv[1]))["devices"]
assert [(x["id"], x["kind"], x["count"]) for x in d] == [(1, "E1", 1), (2, "E1", 1), (3, "FXS", 1), (4, "FXO", 1)], d
assert all(x["firmware"] == sys.argv[2] for x in d), d
assert d[0]["spans"][0]["linked"] and d[0]["spans"][0]["faults"]["los"] == 0, d[0]
assert d[2]["ports"][0]["phone"] == "idle", d[2]
PY
dahdi_cfg -s -c "$W/system.conf" >/dev/null 2>&1
quiet "del 4" -- "$TEL" sim del 4
expect "del 4 again" 1 "device 4 does not exist" -- "$TEL" sim del 4
for id in 1 2 3; do "$TEL" sim del $id || bad "del $id"; done
rmmod telsim tel_core dahdi || bad "rmmod"
echo "test_tel_sim: $fails failed"
[ $fails -eq 0 ]
