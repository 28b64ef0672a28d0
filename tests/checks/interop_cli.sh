#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel call` and `tel answer` against libpri (tests/integration/pri_peer_main)
# and against each other, over socketpair(AF_UNIX, SOCK_SEQPACKET) made in
# python3 and passed to both programs as inherited descriptors. Checks the
# `--json` events of tel and what libpri saw on the wire.
set -uo pipefail
BUILD=${BUILD:-build/san}
TEL=$BUILD/tel
PEER=$BUILD/tests/integration/pri_peer_main
for b in "$TEL" "$PEER"; do
	[ -x "$b" ] || { echo "interop_cli: $b not built (make BUILD=$BUILD all check-run)"; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

# pair NAME WANT_A -- CMD_A... -- CMD_B...: run both with the two ends of one socket
# pair; "{FD}" in an argument becomes that side's descriptor. Output goes to
# $work/NAME.a / NAME.b (stdout) and NAME.a.err / NAME.b.err. A's exit status
# must be WANT_A, B's 0.
pair() {
	local name=$1
	shift
	python3 - "$work/$name" "$@" <<'PY'
import socket, subprocess, sys
out, want_a, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
i = args.index('--')
j = args.index('--', i + 1)
cmds = [args[i + 1:j], args[j + 1:]]
socks = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
procs = []
for k, (cmd, s) in enumerate(zip(cmds, socks)):
    fd = s.fileno()
    tag = 'ab'[k]
    procs.append(subprocess.Popen([a.replace('{FD}', str(fd)) for a in cmd], pass_fds=[fd],
                                  stdin=subprocess.DEVNULL,
                                  stdout=open(f'{out}.{tag}', 'w'),
                                  stderr=open(f'{out}.{tag}.err', 'w')))
for s in socks:
    s.close()
rc = 0
for k, p in enumerate(procs):
    try:
        r = p.wait(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        r = 'timeout'
    if r != (want_a if k == 0 else 0):
        print(f'{out}.{"ab"[k]}: exit status {r}')
        rc = 1
sys.exit(rc)
PY
}

# expect NAME.a|NAME.b DESCRIPTION PYTHON-EXPR: EXPR over `ev`, the JSON lines.
# Helpers in EXPR: has(**kv) any event matching; st(name) the first tel state
# event in that state; hexs(text) text as hex. All expectations are checked in
# one python3 run at the end (its start-up is slow on small machines).
expect() {
	printf '%s\0%s\0%s\0' "$1" "$2" "$3" >> "$work/expects"
}

check_all() {
	python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
raw = open(os.path.join(work, 'expects')).read().split('\0')[:-1]
bad = 0
for name, what, expr in zip(raw[0::3], raw[1::3], raw[2::3]):
    path = os.path.join(work, name)
    ev = []
    try:
        for line in open(path):
            if line.strip():
                ev.append(json.loads(line))
    except (OSError, ValueError) as e:
        print(f'interop_cli: {name}: {e}')
    def match(e, kv):
        return all(e.get(k) == v for k, v in kv.items())
    def has(**kv):
        return any(match(e, kv) for e in ev)
    def st(s):
        return next((e for e in ev if e.get('event') == 'state' and e.get('state') == s), {})
    def hexs(t):
        return t.encode().hex()
    def other(suffix):
        return [json.loads(l) for l in open(path[:-1] + suffix) if l.strip()]
    try:
        ok = eval(expr)
    except Exception as e:
        ok = False
        print(f'interop_cli: {name}: {expr}: {e!r}')
    if not ok:
        bad += 1
        print(f'interop_cli: {name.rsplit(".", 1)[0]}: expected {what}')
        print(f'--- {name}:')
        for f in (path, path + '.err'):
            if os.path.exists(f):
                sys.stdout.write(open(f).read())
sys.exit(1 if bad else 0)
PY
}

run() {	# run NAME [--a-exit N] -- A -- B: an unexpected exit status is a failure too
	local name=$1 t0=$SECONDS want_a=0
	shift
	if [ "$1" = --a-exit ]; then
		want_a=$2
		shift 2
	fi
	if ! pair "$name" "$want_a" "$@"; then
		echo "interop_cli: $name: a program failed"
		cat "$work/$name.a.err" "$work/$name.b.err"
		fails=$((fails + 1))
	fi
	echo "interop_cli: $name: $((SECONDS - t0)) s"
}

# 1. tel call (user, EuroISDN) -> libpri network answers; tel's binary UUI goes in its
#    drop's DISCONNECT (TAPI lineDrop), libpri's IA5 UUI in ALERTING
run call_e1 -- "$TEL" call --link fd:{FD} --side user --switch euroisdn --to 4711 --from 100 \
		--hold 0.2 --uui-hex 00017ffe --uui-pd 0 --json \
	-- "$PEER" --fd {FD} --side network --switch euroisdn --answer --uui ringing
expect call_e1.a "link up" 'has(event="link", state="up")'
expect call_e1.a "dialing, proceeding, alerting, connected, idle in that order" \
	'[e["state"] for e in ev if e.get("event") == "state"] == ["dialing", "proceeding", "alerting", "connected", "idle"]'
expect call_e1.a "ALERTING's IA5 UUI from libpri" \
	'st("alerting").get("uui") == {"pd": 4, "hex": hexs("ringing")}'
expect call_e1.a "a B-channel when connected" 'st("connected").get("chan", 0) > 0'
expect call_e1.a "idle with cause 16 from local" \
	'st("idle").get("cause", {}).get("value") == 16 and st("idle")["cause"]["from"] == "local"'
expect call_e1.b "SETUP without UUI (tel call's UUI is for the drop)" \
	'has(event="rx", msg="SETUP") and not has(event="rx", msg="SETUP", uui_pd=0)'
expect call_e1.b "DISCONNECT cause 16 with the UUI" \
	'has(event="rx", msg="DISCONNECT", cause=16, uui_pd=0, uui_hex="00017ffe")'
expect call_e1.b "the call answered, cleared 16" \
	'has(event="end", dir="in", answered=True, cause=16, called="4711", calling="100")'

# 2. libpri user calls (NI-2) -> tel answer (network); libpri clears with IA5 UUI
run answer_ni2 -- "$TEL" answer --link fd:{FD} --side network --switch ni2 --count 1 \
		--uui-text "hello pri" --json \
	-- "$PEER" --fd {FD} --side user --switch ni2 --call 1 --to 5551234 --from 200 \
		--uui "from libpri" --hold 200 --hangup-uui goodbye
expect answer_ni2.a "link up" 'has(event="link", state="up")'
expect answer_ni2.a "offering with libpri's SETUP UUI" \
	'st("offering").get("uui") == {"pd": 4, "hex": hexs("from libpri")}'
expect answer_ni2.a "connected on a T1 channel" '1 <= st("connected").get("chan", 0) <= 23'
expect answer_ni2.a "disconnected, cause 16 from remote, with the DISCONNECT's UUI" \
	'st("disconnected").get("cause", {}).get("from") == "remote" and st("disconnected")["cause"]["value"] == 16 and st("disconnected").get("uui") == {"pd": 4, "hex": hexs("goodbye")}'
expect answer_ni2.a "idle" 'st("idle") != {}'
expect answer_ni2.b "CONNECT with our IA5 UUI, and libpri passed it up" \
	'has(event="rx", msg="CONNECT", uui_pd=4, uui_hex=hexs("hello pri")) and has(event="end", dir="out", answered=True, uui_answer="hello pri")'

# 3. libpri rejects tel's call (cause 21), then busy (17): the call did not end
#    as asked, so tel call exits 1
for c in 21 17; do
	mode=$([ $c = 21 ] && echo reject || echo busy)
	run reject_$c --a-exit 1 -- "$TEL" call --link fd:{FD} --side network --switch euroisdn --to 4711 --json \
		-- "$PEER" --fd {FD} --side user --switch euroisdn --reject $c --uui "no thanks"
	expect reject_$c.a "idle with cause $c from remote, mode $mode, never connected" \
		"st('idle').get('cause', {}).get('value') == $c and st('idle')['cause']['from'] == 'remote' and st('idle').get('mode') == '$mode' and st('connected') == {}"
	expect reject_$c.a "the reject's IA5 UUI" \
		'st("idle").get("uui") == {"pd": 4, "hex": hexs("no thanks")}'
	expect reject_$c.b "libpri cleared with $c" "has(event='end', answered=False, local_cause=$c)"
done

# 4. tel answer --reject (cause 21 default) and --reject --cause 17 against libpri's calls
for c in 21 17; do
	extra=$([ $c = 17 ] && echo "--cause 17")
	run tel_rejects_$c -- "$TEL" answer --link fd:{FD} --side user --switch euroisdn --count 1 \
			--reject $extra --json \
		-- "$PEER" --fd {FD} --side network --switch euroisdn --call 1 --to 300 --from 400
	expect tel_rejects_$c.a "offering, then idle with cause $c from local" \
		"st('offering') != {} and st('idle').get('cause', {}).get('value') == $c and st('idle')['cause']['from'] == 'local'"
	expect tel_rejects_$c.b "libpri saw cause $c, call not answered" \
		"has(event='end', dir='out', answered=False, cause=$c)"
done

# 5. tel call against tel answer, UUI both ways
run tel_tel -- "$TEL" call --link fd:{FD} --side user --switch euroisdn --to 123 --hold 0.2 \
		--uui-text "from caller" --json \
	-- "$TEL" answer --link fd:{FD} --side network --switch euroisdn --count 1 \
		--uui-hex 0a0b0c00 --uui-pd 0 --json
expect tel_tel.a "states dialing .. connected .. idle" \
	'[e["state"] for e in ev if e.get("event") == "state"][0] == "dialing" and st("connected") != {} and [e["state"] for e in ev if e.get("event") == "state"][-1] == "idle"'
expect tel_tel.a "the answer's binary UUI at connected" \
	'st("connected").get("uui") == {"pd": 0, "hex": "0a0b0c00"}'
expect tel_tel.a "idle cause 16 local" \
	'st("idle").get("cause", {}).get("value") == 16 and st("idle")["cause"]["from"] == "local"'
expect tel_tel.b "offering (no UUI: the caller's is for its drop)" \
	'st("offering") != {} and "uui" not in st("offering")'
expect tel_tel.b "disconnected by remote with cause 16 and the caller's drop UUI" \
	'st("disconnected").get("cause", {}).get("value") == 16 and st("disconnected")["cause"]["from"] == "remote" and st("disconnected").get("uui") == {"pd": 4, "hex": hexs("from caller")}'
expect tel_tel.b "the same B-channel on both ends" \
	'st("connected").get("chan") == next(e for e in other("a") if e.get("state") == "connected")["chan"]'

# 6. calling names on NI-2: tel call (network) names the caller to libpri (user), which
#    reports it; libpri (network) names its caller to tel answer (user). The Display
#    carries the display type 0xB1 before the text.
run name_out -- "$TEL" call --link fd:{FD} --side network --switch ni2 --to 4711 --from 100 \
		--from-name "Tel Caller" --hold 0.2 --json \
	-- "$PEER" --fd {FD} --side user --switch ni2 --answer
expect name_out.b "SETUP's Display: 0xB1 and the name" \
	'has(event="rx", msg="SETUP", display_hex="b1" + hexs("Tel Caller"))'
expect name_out.b "libpri reported the calling name" \
	'has(event="end", dir="in", calling_name="Tel Caller", calling="100")'
run name_in -- "$TEL" answer --link fd:{FD} --side user --switch ni2 --count 1 --json \
	-- "$PEER" --fd {FD} --side network --switch ni2 --call 1 --to 200 --from 300 \
		--name "Libpri Caller" --hold 200
expect name_in.a "offering with libpri's calling name" \
	'st("offering").get("name") == "Libpri Caller"'

check_all || fails=$((fails + 1))
if [ $fails -ne 0 ]; then
	echo "interop_cli: $fails check(s) failed"
	exit 1
fi
echo "interop_cli: all checks passed"
