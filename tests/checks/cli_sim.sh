#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel sim` without a kernel: bad arguments exit 2 naming the argument and its
# range, before anything is written; on a stand-in of the sysfs/debugfs tree
# (TEL_SIM_SYS, TEL_SIM_DEBUG: plain files) each command writes exactly the
# text telsim.ko reads, to the right file; a missing module, missing debugfs,
# a missing device or span, and a port of the wrong kind exit 1 with the fix.
# (tests/kernel/test_tel_sim.sh runs the same commands on the real module.)
# Also tel genconf's usage errors and its message without DAHDI.
set -uo pipefail
. "$(dirname "$0")/lib/cli.sh"
make --no-print-directory -s BUILD="$BUILD" "$TEL" >/dev/null || exit 1
S=$tmp/sys
D=$tmp/dbg
export TEL_SIM_SYS=$S TEL_SIM_DEBUG=$D

# nothing there yet: the module is not loaded
expect "no module" 1 "not loaded .*modprobe telsim" -- "$TEL" sim new 1 e1 1
expect "no module, status" 1 "modprobe telsim" -- "$TEL" sim status

mkdir -p "$S/devices"
: > "$S/new_device"; : > "$S/del_device"; : > "$S/link"; : > "$S/unlink"
# card 1: E1 with 2 spans; card 3: FXS with 2 ports; card 4: FXO with 1 port
mkdir -p "$S/devices/telsim1" "$S/devices/telsim3" "$S/devices/telsim4"
echo 0.1.0 > "$S/devices/telsim1/firmware_version"
expect "no debugfs" 1 "debugfs is not mounted .*mount -t debugfs" -- "$TEL" sim fault 1:1 los 1
for s in 1 2; do
	mkdir -p "$D/1/span$s"
	printf 'kind E1 framing crc4 linecode hdb3 sig ccs dchan 15 linked %s\nalarms 0x0001 LOS\n' \
		"$([ $s = 1 ] && echo yes || echo no)" > "$D/1/span$s/status"
	for k in los ais lof ber slips dchan_cut_ms bad_fcs; do echo 0 > "$D/1/span$s/$k"; done
done
echo 0 > "$D/1/clock_ppm"
mkdir -p "$D/3/port1" "$D/3/port2" "$D/4/port1"
echo idle > "$D/3/port1/phone"; echo idle > "$D/3/port2/phone"; echo idle > "$D/4/port1/co"

# ok NAME -- CMD...: the command exits 0 and prints nothing
ok() {
	local name=$1
	shift 2
	if ! "$@" > "$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
		echo "cli_sim: $name: exit $? or output: $(cat "$tmp/out")"
		fails=$((fails + 1))
	fi
}

# written FILE TEXT: FILE holds exactly TEXT (and a newline); then emptied
written() {
	if [ "$(cat "$1")" != "$2" ]; then
		echo "cli_sim: $1 has '$(cat "$1")', want '$2'"
		fails=$((fails + 1))
	fi
	: > "$1"
}

# --- usage errors: exit 2, nothing written ----------------------------------------
expect "no subcommand" 2 "usage: tel sim new" -- "$TEL" sim
expect "bad subcommand" 2 "unknown subcommand 'make'" -- "$TEL" sim make 1 e1 1
expect "new: type" 2 "TYPE 'e3': want e1, t1, fxs or fxo" -- "$TEL" sim new 5 e3 1
expect "new: spans" 2 "N \(spans for a e1 card\) '9': want a whole number 1..8" -- "$TEL" sim new 5 e1 9
expect "new: ports" 2 "N \(ports for a fxs card\) '0': want a whole number 1..24" -- "$TEL" sim new 5 fxs 0
expect "new: id" 2 "device ID 'x': want a whole number 0..4294967295" -- "$TEL" sim new x e1 1
expect "new: id too big" 2 "device ID '4294967296'" -- "$TEL" sim new 4294967296 e1 1
expect "new: args" 2 "want ID e1\|t1\|fxs\|fxo N" -- "$TEL" sim new 5 e1
expect "link: end" 2 "'1-1': want ID:S" -- "$TEL" sim link 1-1 2:1
expect "link: span 0" 2 "span or port '0': want a whole number 1..24" -- "$TEL" sim link 1:0 2:1
expect "link: itself" 2 "1:1 to itself" -- "$TEL" sim link 1:1 1:1
expect "unlink: args" 2 "want ID:S" -- "$TEL" sim unlink
expect "fault: knob" 2 "fault 'noise': want los, ais, lof, ber, slips, dchan_cut_ms or bad_fcs" -- \
	"$TEL" sim fault 1:1 noise 1
expect "fault: los 2" 2 "los VALUE \(1 on, 0 off\) '2': want a whole number 0..1" -- "$TEL" sim fault 1:1 los 2
expect "fault: ber" 2 "ber VALUE .* '1000001': want a whole number 0..1000000" -- "$TEL" sim fault 1:1 ber 1000001
expect "fault: slips" 2 "slips VALUE .*'-1001': want a whole number -1000..1000" -- "$TEL" sim fault 1:1 slips -1001
expect "fault: dchan_cut_ms" 2 "0..3600000" -- "$TEL" sim fault 1:1 dchan_cut_ms 3600001
expect "fault: span 9" 2 "span '9': want a whole number 1..8" -- "$TEL" sim fault 1:9 los 1
expect "fault: slips read" 2 "slips has no state to read" -- "$TEL" sim fault 1:1 slips
expect "phone: action" 2 "action 'pickup': want offhook, onhook, flash or dial DIGITS" -- "$TEL" sim phone 3:1 pickup
expect "phone: digits" 2 "dial DIGITS '12a': want 1 to 32 digits 0-9" -- "$TEL" sim phone 3:1 dial 12a
expect "phone: no digits" 2 "dial DIGITS '': want 1 to 32" -- "$TEL" sim phone 3:1 dial
expect "phone: 33 digits" 2 "want 1 to 32 digits" -- "$TEL" sim phone 3:1 dial 123456789012345678901234567890123
expect "co: action" 2 "action 'pickup': want ring, answer, hangup or reverse" -- "$TEL" sim co 4:1 pickup
expect "clock: range" 2 "PPM .* '501': want a whole number -500..500" -- "$TEL" sim clock 1 501
expect "status: two ids" 2 "one ID at most" -- "$TEL" sim status 1 2
for f in new_device del_device link unlink; do
	[ ! -s "$S/$f" ] || { echo "cli_sim: a usage error wrote $f: $(cat "$S/$f")"; fails=$((fails + 1)); }
done
[ "$(cat "$D/1/span1/los")" = 0 ] || { echo "cli_sim: a usage error wrote los"; fails=$((fails + 1)); }

# --- what is written -------------------------------------------------------------
ok "new" -- "$TEL" sim new 2 t1 4;		written "$S/new_device" "2 t1 4"
expect "new: exists" 1 "device 1 exists already \(tel sim del 1 first\)" -- "$TEL" sim new 1 e1 1
ok "del" -- "$TEL" sim del 3;			written "$S/del_device" "3"
expect "del: none" 1 "device 7 does not exist" -- "$TEL" sim del 7
ok "link" -- "$TEL" sim link 1:2 4:1;		written "$S/link" "1:2 4:1"
expect "link: no device" 1 "device 9 does not exist \(tel sim new 9 e1 1\)" -- "$TEL" sim link 1:1 9:1
ok "unlink" -- "$TEL" sim unlink 1:1;		written "$S/unlink" "1:1"
ok "fault los" -- "$TEL" sim fault 1:2 los 1;	written "$D/1/span2/los" 1
ok "fault ais off" -- "$TEL" sim fault 1:1 ais off;	written "$D/1/span1/ais" 0
ok "fault slips" -- "$TEL" sim fault 1:1 slips -3;	written "$D/1/span1/slips" -3
ok "fault ber" -- "$TEL" sim fault 1:1 ber 100;	written "$D/1/span1/ber" 100
echo 250 > "$D/1/span1/ber"
expect "fault read one" 0 "^250$" -- "$TEL" sim fault 1:1 ber
expect "fault read all" 0 "^ber +250$" -- "$TEL" sim fault 1:1
expect "fault: span 3 of 2" 1 "device 1 has spans 1..2, not 3" -- "$TEL" sim fault 1:3 los 1
expect "fault: no device" 1 "device 5 does not exist \(tel sim new 5 e1 1\)" -- "$TEL" sim fault 5:1 los 1
expect "fault: analog" 1 "device 3 is an FXS card: fault knobs are on E1/T1 spans" -- "$TEL" sim fault 3:1 los 1
ok "phone dial" -- "$TEL" sim phone 3:2 dial 0123;	written "$D/3/port2/phone" "dial 0123"
ok "phone offhook" -- "$TEL" sim phone 3:1 offhook;	written "$D/3/port1/phone" "offhook"
echo ringing > "$D/3/port1/phone"
expect "phone state" 0 "^ringing$" -- "$TEL" sim phone 3:1
expect "phone on FXO" 1 "device 4 is an FXO card: a phone hangs on an FXS port" -- "$TEL" sim phone 4:1 offhook
expect "phone port 3" 1 "device 3 has ports 1..2, not 3" -- "$TEL" sim phone 3:3 offhook
ok "co ring" -- "$TEL" sim co 4:1 ring;		written "$D/4/port1/co" "ring"
echo idle > "$D/4/port1/co"
expect "co on FXS" 1 "device 3 is an FXS card: the CO line is on an FXO port" -- "$TEL" sim co 3:1 ring
ok "clock" -- "$TEL" sim clock 1 -20;		written "$D/1/clock_ppm" "-20"
expect "clock on FXO" 1 "device 4 is an FXO card: only E1/T1 cards have a line clock" -- "$TEL" sim clock 4 5
expect "status" 0 "device 1: E1 card, 2 spans, firmware 0.1.0" -- "$TEL" sim status
grep -q "device 4: FXO card, 1 ports" "$tmp/out" || { echo "cli_sim: status lacks device 4"; fails=$((fails + 1)); }
"$TEL" sim status --json > "$tmp/j" || fails=$((fails + 1))
python3 - "$tmp/j" <<'PY' || fails=$((fails + 1))
import json, sys
d = json.load(open(sys.argv[1]))["devices"]
assert [x["id"] for x in d] == [1, 3, 4], d
e1 = d[0]
assert e1["kind"] == "E1" and e1["count"] == 2 and e1["firmware"] == "0.1.0", e1
assert e1["spans"][0]["linked"] is True and e1["spans"][1]["linked"] is False, e1
assert e1["spans"][0]["alarms"] == ["LOS"] and e1["spans"][0]["faults"]["ber"] == 250, e1
assert d[1]["kind"] == "FXS" and d[1]["ports"][0] == {"port": 1, "phone": "ringing"}, d[1]
assert d[2]["ports"][0]["co"] == "idle", d[2]
PY
expect "status one" 0 "device 3: FXS card" -- "$TEL" sim status 3
expect "status none" 1 "device 8 does not exist" -- "$TEL" sim status 8
expect "help" 0 "tel sim fault ID:S" -- "$TEL" help sim
# a file the kernel would refuse to write: the error names the action and the reason
chmod 000 "$D/1/span1/lof"
if [ "$(id -u)" != 0 ]; then
	expect "refused" 1 "sim: fault 1:1 lof 1: cannot open .*Permission denied" -- "$TEL" sim fault 1:1 lof 1
fi

# tel genconf's usage, and no DAHDI (tests/kernel/test_tel_sim.sh runs it on spans)
expect "genconf: option" 2 "genconf: unknown option '--bogus'" -- "$TEL" genconf --bogus
expect "genconf: timing" 2 "--timing 'sometimes': want first or order" -- "$TEL" genconf --timing sometimes
expect "genconf: dchan" 2 "--dchan 'hdlc': want hardhdlc or dchan" -- "$TEL" genconf --dchan hdlc
expect "genconf: zone" 2 "--zone 'U S': want a tone zone name" -- "$TEL" genconf --zone "U S"
expect "genconf: conf value" 2 "--conf needs a value" -- "$TEL" genconf --conf
TEL_DAHDI_CTL=$tmp/no-ctl expect "genconf: no DAHDI" 1 "no-ctl: No such file or directory \(is DAHDI loaded\? modprobe dahdi" -- \
	"$TEL" genconf --dry-run
expect "genconf: help" 0 "fxoks= for a port that drives a phone" -- "$TEL" help genconf

echo "cli_sim: sim checks, $fails failed"
[ $fails -eq 0 ]
