#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# libtel and `tel` over DAHDI's real core, inside the test VM
# (run: tests/kernel/vm.sh tests/kernel/test_tel_dahdi.sh [DAHDI_DIR]).
#
# Two E1-sized spans (31 channels, D-channel on 16, B-channels 1-15 and
# 17-31) wired to each other; setup_spans() makes them and says which
# channel devices are the D-channels: SPANS=sim (the default) two linked
# E1 cards of our simulated card with hardhdlc D-channels (the card's HDLC
# controller, DAHDI's hardhdlc path) and an FXS card linked to an FXO card;
# SPANS=loc DAHDI's own dahdi_dynamic_loc (two local dynamic spans of one
# key, software HDLC in the core: dchan=; test_tel_dahdi_loc.sh).
#
# On the spans: a PRI call `tel call --chan` -> `tel answer --chan`, dropped
# with cause 16 and UUI both ways round; the same call against Debian's
# libpri on the far span (tests/kernel/pri_peer), both ways; layer 1 lost
# under a running `tel answer` (link down, reason alarm) and back (a call
# after); errors that name the
# channel and the fix (no such file, not configured, not a DAHDI channel,
# busy); two calls in a conference heard through DAHDI's conferencing
# (tests/kernel/tel_dahdi_conf). tel and the test programs are the host's
# binaries (build them first: make all build/tests/kernel/pri_peer
# build/tests/kernel/tel_dahdi_conf).
set -uo pipefail

dir=${1:-build/kernel/dahdi}/drivers/dahdi
BUILD=${BUILD:-build}
TEL=${TEL:-$BUILD/tel}
PEER=${PEER:-$BUILD/tests/kernel/pri_peer}
CONF=${CONF:-$BUILD/tests/kernel/tel_dahdi_conf}
SPANS=${SPANS:-sim}
MODS=${MODS:-build/modules}
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
show() { sed 's/^/     | /' "$@"; }
t0=$(date +%s%N)
stamp() { echo "$(( ($(date +%s%N) - t0) / 1000000 )) ms"; }

for b in "$TEL" "$PEER" "$CONF"; do
	[ -x "$b" ] || { echo "FAIL $b not built (on the host: make all $PEER $CONF)"; exit 1; }
done

# --- the spans -------------------------------------------------------------
# setup_spans_NAME: load what the spans need, configure two linked E1-sized
# spans with dahdi_cfg, and set DA and DB, the D-channel devices of the two
# ends, and CA, CB, the device of a B-channel of each (not a D-channel).
# Where the card has analog ports it also sets FXS and FXO, an FXS port
# (fxoks=: drives a phone) wired to an FXO port (fxsks=: on that line), and
# the analog part runs; dahdi_dynamic_loc has none. teardown_spans_NAME
# undoes it.
setup_spans_loc() {
	insmod "$dir/dahdi.ko" auto_assign_spans=1 || return 1
	insmod "$dir/dahdi_dynamic.ko" || return 1
	insmod "$dir/dahdi_dynamic_loc.ko" || return 1
	cat > /tmp/system.conf <<-'EOF'
	# two E1-sized local dynamic spans wired to each other (key 1, ids 0 and 1);
	# span 1 takes timing from... nobody: dahdi_dynamic runs its own tick
	dynamic=loc,1:0,31,0
	dynamic=loc,1:1,31,0
	bchan=1-15,17-31,32-46,48-62
	dchan=16,47
	EOF
	dahdi_cfg -c /tmp/system.conf || return 1
	DA=/dev/dahdi/chan/001/016
	DB=/dev/dahdi/chan/002/016
	CA=/dev/dahdi/chan/001/001
	CB=/dev/dahdi/chan/002/001
}
setup_spans_sim() {
	insmod "$MODS/dahdi.ko" auto_assign_spans=1 || return 1
	insmod "$MODS/tel_core.ko" && insmod "$MODS/telsim.ko" || return 1
	local c
	for c in "1 e1 1" "2 e1 1" "3 fxs 1" "4 fxo 1"; do
		echo "$c" > /sys/bus/telsim/new_device || return 1
	done
	echo "1:1 2:1" > /sys/bus/telsim/link && echo "3:1 4:1" > /sys/bus/telsim/link || return 1
	cat > /tmp/system.conf <<-'EOF'
	# two simulated E1 cards linked by a cable, PRI with hardhdlc D-channels;
	# an FXS port (drives a phone: fxoks) wired to an FXO port (fxsks)
	span=1,1,0,ccs,hdb3,crc4
	bchan=1-15,17-31
	hardhdlc=16
	span=2,0,0,ccs,hdb3,crc4
	bchan=32-46,48-62
	hardhdlc=47
	fxoks=63
	fxsks=64
	loadzone=us
	defaultzone=us
	EOF
	dahdi_cfg -c /tmp/system.conf || return 1
	DA=/dev/dahdi/chan/001/016
	DB=/dev/dahdi/chan/002/016
	CA=/dev/dahdi/chan/001/001
	CB=/dev/dahdi/chan/002/001
	FXS=/dev/dahdi/chan/003/001
	FXO=/dev/dahdi/chan/004/001
}
# span A's incoming cable loses its signal (debugfs los): RED there, RAI at B
cut_sim() { echo 1 > /sys/kernel/debug/telsim/1/span1/los; }
mend_sim() { echo 0 > /sys/kernel/debug/telsim/1/span1/los; }
teardown_spans_sim() {
	dahdi_cfg -s -c /tmp/system.conf >/dev/null 2>&1 || true
	rmmod telsim tel_core dahdi
}
# cut_NAME: make span A see layer 1 lost (a RED alarm) with nothing open on
# span B; mend_NAME: undo it, span B configured again as before. Here:
# destroy span B (DAHDI_DYNAMIC_DESTROY: span A then hears nothing and
# dahdi_dynamic raises RED within 2 s) and make it again with dahdi_cfg.
cut_loc() {
	python3 - <<-'PY'
	import fcntl, os, struct
	req = (1 << 30) | (72 << 16) | (0xDA << 8) | 81   # DAHDI_DYNAMIC_DESTROY
	fd = os.open("/dev/dahdi/ctl", os.O_RDWR)
	fcntl.ioctl(fd, req, struct.pack("20s40siii", b"loc", b"1:1", 31, 0, 0))
	PY
}
mend_loc() {
	cat > /tmp/span2.conf <<-'EOF'
	dynamic=loc,1:1,31,0
	bchan=32-46,48-62
	dchan=47
	EOF
	dahdi_cfg -c /tmp/span2.conf && [ -c "$DB" ]
}
teardown_spans_loc() {
	dahdi_cfg -s -c /tmp/system.conf >/dev/null 2>&1 || true	# -s exits 1 always
	rmmod dahdi_dynamic_loc dahdi_dynamic dahdi
}

[ ! -e /sys/module/dahdi ] || { echo "FAIL dahdi already loaded"; exit 1; }
if "setup_spans_$SPANS"; then ok "two linked spans ($SPANS): D-channels $DA $DB"
else bad "two linked spans ($SPANS)"; echo "test_tel_dahdi: $fails failed"; exit 1; fi
check "D-channel devices exist" test -c "$DA" -a -c "$DB"
grep -H . /proc/dahdi/* | grep -E 'HDLC|DCHAN|Span' | head -6 | show

W=$(mktemp -d)
L=(--side user --switch euroisdn)
N=(--side network --switch euroisdn)

# tel_pair NAME ARGS_ANSWER... -- ARGS_CALL...: tel answer on DB in the
# background, tel call on DA; outputs in $W/NAME.{a,c}[.err], statuses in
# $W/NAME.{a,c}.rc
tel_pair() {
	local name=$1 a=() c=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	c=("$@")
	timeout 60 "$TEL" answer --chan "$DB" "${a[@]}" > "$W/$name.a" 2> "$W/$name.a.err" &
	local pa=$!
	sleep 0.3	# DAHDI drops frames for a channel nobody has open
	timeout 60 "$TEL" call --chan "$DA" "${c[@]}" > "$W/$name.c" 2> "$W/$name.c.err"
	echo $? > "$W/$name.c.rc"
	wait $pa
	echo $? > "$W/$name.a.rc"
}
rc_is() { [ "$(cat "$W/$1.rc")" = "$2" ]; }
# a JSON line of tel with every "k":v given (strings quoted by the caller)
has() { local f=$1; shift; local l; while IFS= read -r l; do
	local all=1 kv; for kv in "$@"; do [[ $l == *"$kv"* ]] || { all=0; break; }; done
	[ $all = 1 ] && return 0; done < "$f"; return 1; }
# dump NAME: the outputs of a part that failed a check since the last dump
dumped=0
dump() {
	if [ "$fails" -gt "$dumped" ]; then
		local f
		for f in "$W/$1".*; do echo "   $f:"; show "$f" | head -60; done
	fi
	dumped=$fails
}
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }

# --- 1. tel call -> tel answer, drop with cause 16 and UUI ----------------------
s=$(date +%s%N)
tel_pair call1 "${N[@]}" --count 1 --json -- "${L[@]}" --to 4711 --from 100 --hold 0.3 \
	--cause 16 --uui-text "bye from A" --json
echo "     tel call/answer over DAHDI took $(( ($(date +%s%N) - s) / 1000000 )) ms"
check "tel call --chan exits 0" rc_is call1.c 0
check "tel answer --chan exits 0" rc_is call1.a 0
check "caller: link up" has "$W/call1.c" '"event":"link"' '"state":"up"'
check "caller: CONNECTED on a B-channel" has "$W/call1.c" '"state":"connected"'
check "answerer: OFFERING to 4711 from 100" has "$W/call1.a" '"state":"offering"' '"to":"4711"' '"from":"100"'
check "answerer: DISCONNECTED with cause 16 from the far end, UUI 'bye from A'" \
	has "$W/call1.a" '"state":"disconnected"' '"value":16' '"from":"remote"' "\"hex\":\"$(hex 'bye from A')\""
check "caller: IDLE" has "$W/call1.c" '"state":"idle"'
dump call1

# --- 2. the other way round: the answerer drops, with UUI in CONNECT and DISCONNECT
tel_pair call2 "${N[@]}" --count 1 --hold 0.3 --uui-text "hello" --json -- "${L[@]}" \
	--to 12 --hold 20 --json
check "call 2: both exit 0" rc_is call2.c 0
check "call 2: answer exits 0" rc_is call2.a 0
check "call 2: caller sees DISCONNECTED cause 16 from the far end" \
	has "$W/call2.c" '"state":"disconnected"' '"value":16' '"from":"remote"'
check "call 2: caller got the CONNECT's UUI 'hello'" has "$W/call2.c" '"state":"connected"' \
	"\"hex\":\"$(hex hello)\""
dump call2

# --- 3. tel call -> libpri on the far span --------------------------------------
s=$(date +%s%N)
timeout 60 "$PEER" --chan "$DB" --node network --answer --timeout 30 > "$W/pri.p" 2> "$W/pri.p.err" &
pp=$!
sleep 0.5	# DAHDI drops frames for a channel nobody has open: the peer first
timeout 60 "$TEL" call --chan "$DA" "${L[@]}" --to 5555 --hold 0.3 --cause 16 \
	--uui-text "to libpri" --json > "$W/pri.c" 2> "$W/pri.c.err"
echo $? > "$W/pri.c.rc"
wait $pp
echo $? > "$W/pri.p.rc"
echo "     tel call -> libpri over DAHDI took $(( ($(date +%s%N) - s) / 1000000 )) ms"
check "tel call --chan to libpri exits 0" rc_is pri.c 0
check "the libpri peer exits 0" rc_is pri.p 0
check "libpri: ring for 5555" grep -q '^ring to 5555' "$W/pri.p"
check "libpri: hangup with cause 16 and UUI 'to libpri'" grep -qx 'hangup cause 16 uui to libpri' "$W/pri.p"
dump pri

# --- 4. libpri calls tel answer (UUI in CONNECT), tel drops with cause 16 -------
timeout 60 "$PEER" --chan "$DA" --node cpe --call 777 --timeout 30 > "$W/pri2.p" 2> "$W/pri2.p.err" &
pp=$!
sleep 0.5
timeout 60 "$TEL" answer --chan "$DB" "${N[@]}" --count 1 --hold 0.3 --uui-text "from tel" \
	--json > "$W/pri2.a" 2> "$W/pri2.a.err"
echo $? > "$W/pri2.a.rc"
wait $pp
echo $? > "$W/pri2.p.rc"
check "libpri -> tel answer --chan exits 0" rc_is pri2.a 0
check "libpri caller exits 0" rc_is pri2.p 0
check "tel answer: OFFERING to 777" has "$W/pri2.a" '"state":"offering"' '"to":"777"'
check "libpri: answered with UUI 'from tel' (tel answer's UUI goes in CONNECT)" \
	grep -qx 'answer uui from tel' "$W/pri2.p"
check "libpri: tel answer cleared with cause 16" grep -qx 'hangup cause 16 uui ' "$W/pri2.p"
dump pri2

# --- 5. two calls in a DAHDI conference: call 2's far end hears call 1's ------
s=$(date +%s%N)
timeout 90 "$CONF" "$DA" "$DB" > "$W/conf.out" 2> "$W/conf.err"
echo $? > "$W/conf.rc"
show "$W/conf.out"
echo "     the conference run took $(( ($(date +%s%N) - s) / 1000000 )) ms"
check "a conference of two PRI calls joins their B-channels in DAHDI (tel_dahdi_conf)" rc_is conf 0
dump conf

# --- 6. layer 1 lost and back: link down (alarm), up again, a call after ------
timeout 90 "$TEL" answer --chan "$DA" "${L[@]}" --count 1 --link-timeout 60 --json \
	> "$W/alarm.a" 2> "$W/alarm.a.err" &
pa=$!
# the far end until A's link is up (30 s at most), then gone without a DISC
# (SIGKILL): the link stays up at A
"$TEL" answer --chan "$DB" "${N[@]}" > /dev/null 2>&1 &
pb=$!
for _ in $(seq 300); do has "$W/alarm.a" '"event":"link"' '"state":"up"' && break; sleep 0.1; done
sleep 0.5
{ kill -KILL "$pb"; wait "$pb"; } 2> /dev/null	# (bash reports the kill on stderr)
has "$W/alarm.a" '"event":"link"' '"state":"up"'; up1=$?
s=$(date +%s%N)
if "cut_$SPANS"; then
	for _ in $(seq 50); do has "$W/alarm.a" '"reason":"alarm"' && break; sleep 0.1; done
	echo "     link down (alarm) after $(( ($(date +%s%N) - s) / 1000000 )) ms"
	"mend_$SPANS" || bad "mend_$SPANS: span B back"
else
	bad "cut_$SPANS: span B cut"
fi
timeout 60 "$PEER" --chan "$DB" --node network --call 999 --hold 300 --timeout 30 \
	> "$W/alarm.p" 2> "$W/alarm.p.err"
echo $? > "$W/alarm.p.rc"
wait $pa
echo $? > "$W/alarm.a.rc"
check "alarm: the link was up before" test "$up1" = 0
check "alarm: layer 1 lost -> link down (reason alarm)" has "$W/alarm.a" '"state":"down"' '"reason":"alarm"'
check "alarm: back up after the alarm cleared, a call from libpri answered, exit 0" rc_is alarm.a 0
check "alarm: ... and that call connected" has "$W/alarm.a" '"state":"connected"'
dump alarm

# --- 7. errors name the channel and the fix -------------------------------------
# err NAME WANT_RC PATTERN ARGS...: tel's exit status and one line of stderr
err() {
	local name=$1 want=$2 pat=$3
	shift 3
	timeout 20 "$TEL" "$@" > "$W/$name.out" 2> "$W/$name.err"
	local rc=$?
	if [ "$rc" = "$want" ] && grep -Eq "$pat" "$W/$name.err"; then ok "$name: exit $rc, $(head -1 "$W/$name.err")"
	else bad "$name: exit $rc (want $want), stderr:"; show "$W/$name.err"; fi
}
err "no such channel" 1 "/dev/dahdi/chan/009/001: no such channel .*dahdi_span_assignments auto" \
	call --chan /dev/dahdi/chan/009/001 "${L[@]}" --to 1
err "not a DAHDI channel" 2 "/dev/null: not a DAHDI channel" call --chan /dev/null "${L[@]}" --to 1
err "a B-channel is no D-channel" 1 "$CA: signalling CLEAR is neither .*dahdi_cfg" \
	call --chan "$CA" "${L[@]}" --to 1
err "D-channel without --side" 2 "$DA: a PRI D-channel: give --side" call --chan "$DA" --to 1
exec 7<>"$DA"	# hold the D-channel open: DAHDI lets one program have it
err "busy channel" 1 "$DA: channel busy" call --chan "$DA" "${L[@]}" --to 1
exec 7>&-

# --- 8. analog: tel call on the FXS port rings, tel answer on the FXO port answers
if [ -n "${FXS:-}" ] && [ -n "${FXO:-}" ]; then
	timeout 60 "$TEL" answer --chan "$FXO" --count 1 --json > "$W/an.a" 2> "$W/an.a.err" &
	pa=$!
	sleep 0.3
	timeout 60 "$TEL" call --chan "$FXS" --to 1 --hold 1 --json > "$W/an.c" 2> "$W/an.c.err"
	echo $? > "$W/an.c.rc"
	wait $pa
	echo $? > "$W/an.a.rc"
	check "analog: tel call --chan FXS (no --side/--switch) exits 0" rc_is an.c 0
	check "analog: tel answer --chan FXO exits 0" rc_is an.a 0
	check "analog: the FXO port is offered the ringing and answers" has "$W/an.a" '"state":"connected"'
	check "analog: on hook at the FXS port ends the FXO call, cause 16 from the far end" \
		has "$W/an.a" '"state":"disconnected"' '"value":16' '"from":"remote"'
	dump an
	# and back: the FXO port seizes the line (tel call), the FXS port's phone line
	# sees it off hook: an offered call there, answered; the caller hangs up
	sleep 2.2	# DAHDI ignores an fxsks channel's ring for 2 s after a hang-up
	timeout 60 "$TEL" answer --chan "$FXS" --count 1 --json > "$W/bk.a" 2> "$W/bk.a.err" &
	pa=$!
	sleep 0.3
	timeout 60 "$TEL" call --chan "$FXO" --to 1 --hold 1 --json > "$W/bk.c" 2> "$W/bk.c.err"
	echo $? > "$W/bk.c.rc"
	wait $pa
	echo $? > "$W/bk.a.rc"
	check "analog back: tel call --chan FXO exits 0" rc_is bk.c 0
	check "analog back: tel answer --chan FXS exits 0" rc_is bk.a 0
	check "analog back: the FXS port is offered the seizure and answers" has "$W/bk.a" '"state":"connected"'
	check "analog back: on hook at the FXO port ends the FXS call" has "$W/bk.a" '"state":"disconnected"'
	dump bk
else
	echo "skip analog FXS -> FXO: the $SPANS spans have no analog ports"
fi

# --- the end --------------------------------------------------------------------
check "no DAHDI channel left open" test -z "$(grep -l 'open' /proc/dahdi/* 2>/dev/null)"
check "teardown ($SPANS)" "teardown_spans_$SPANS"
if dmesg | grep -Eq 'Oops|BUG[: ]|WARNING:|general protection fault|Call Trace:|UBSAN:'; then
	dmesg | grep -E -A10 'Oops|BUG[: ]|WARNING:|general protection fault|Call Trace:|UBSAN:' | head -40
	bad "dmesg free of Oops/BUG/WARNING"
else
	ok "dmesg free of Oops/BUG/WARNING"
fi
rm -rf "$W"
echo "test_tel_dahdi: $fails failed ($(stamp))"
[ "$fails" -eq 0 ]
