#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel call` / `tel answer` as a user meets them when something is wrong:
# bad usage exits 2 naming the problem; a link that never comes up exits 1.
set -uo pipefail
. "$(dirname "$0")/lib/cli.sh"

L=(--link fd:0 --side user --switch euroisdn)
expect "no link" 2 "--link, --side and --switch are required" -- "$TEL" call --to 1
expect "no to" 2 "--to NUMBER is required" -- "$TEL" call "${L[@]}"
expect "bad link" 2 "--link takes fd:N" -- "$TEL" call --link /dev/x --side user --switch euroisdn --to 1
expect "bad side" 2 "--side takes user or network, not 'both'" -- "$TEL" call --link fd:0 --side both --switch euroisdn --to 1
expect "bad switch" 2 "--switch takes euroisdn or ni2, not '4ess'" -- "$TEL" call --link fd:0 --side user --switch 4ess --to 1
expect "bad cause" 2 "--cause takes a Q.850 cause value 1..127, not '200'" -- "$TEL" call "${L[@]}" --to 1 --cause 200
expect "two uui" 2 "not both" -- "$TEL" call "${L[@]}" --to 1 --uui-text a --uui-hex 00
expect "bad uui hex" 2 "--uui-hex: 'g' at column 2" -- "$TEL" call "${L[@]}" --to 1 --uui-hex 0g
long=$(printf 'x%.0s' $(seq 1 300))
expect "uui too long" 2 "--uui-text is 300 octets; a user-user IE holds at most 254" -- "$TEL" call "${L[@]}" --to 1 --uui-text "$long"
expect "reject on call" 2 "unknown option '--reject'" -- "$TEL" call "${L[@]}" --to 1 --reject
expect "bad count" 2 "--count takes a number of calls" -- "$TEL" answer "${L[@]}" --count 0
expect "missing value" 2 "--hold needs a value" -- "$TEL" answer "${L[@]}" --hold
long79=$(printf 'n%.0s' $(seq 1 79))
expect "name too long" 2 "--from-name is 80 octets; a calling name holds at most 79" -- "$TEL" call --link fd:0 --side network --switch ni2 --to 1 --from-name "${long79}x"
expect "name not IA5" 2 "--from-name takes IA5 .* octet 0xc3 at column 2" -- "$TEL" call --link fd:0 --side network --switch ni2 --to 1 --from-name "Jörg"
expect "name from a EuroISDN user" 2 "a EuroISDN user side sends no calling name" -- "$TEL" call "${L[@]}" --to 1 --from-name Al
expect "name on answer" 2 "unknown option '--from-name'" -- "$TEL" answer "${L[@]}" --from-name Al
expect "param not NAME=VALUE" 2 "--param takes NAME=VALUE, a value 0..3600000 .e.g. T309=30000., not 'T309'" -- "$TEL" call "${L[@]}" --to 1 --param T309
expect "param value not a number" 2 "--param takes NAME=VALUE.* not 'T309=6s'" -- "$TEL" call "${L[@]}" --to 1 --param T309=6s
expect "param unknown" 2 "cannot open line: line parameter .T999.: no such timer or counter .known: T200 T203 N200 k T301 T303" -- "$TEL" call "${L[@]}" --to 1 --param T999=5
expect "param out of range" 2 "cannot open line: line parameter T200 = 0: out of range 1..3600000 .ms.$" -- "$TEL" answer "${L[@]}" --param t200=0
# --chan: a DAHDI channel instead of --link (the rest in tests/kernel/test_tel_dahdi.sh)
expect "link and chan" 2 "give --link or --chan, not both" -- "$TEL" call "${L[@]}" --chan /dev/null --to 1
expect "chan empty" 2 "--chan takes a DAHDI channel path" -- "$TEL" answer --chan ""
expect "chan missing" 1 "/dev/dahdi/chan/077/001: no such channel .is the span assigned\? try: dahdi_span_assignments auto.$" -- "$TEL" call --chan /dev/dahdi/chan/077/001 --to 1
expect "chan not DAHDI" 2 "^tel: /dev/null: not a DAHDI channel .give a path like /dev/dahdi/chan/001/024.$" -- "$TEL" answer --chan /dev/null
expect "not a socket fd" 2 "fd:99: cannot open line: not an open file descriptor" -- "$TEL" call --link fd:99 --side user --switch euroisdn --to 1
# Checked at parsing, before the line is opened (fd:99 is not open: a check
# that came later would say so instead).
B=(--link fd:99 --side user --switch euroisdn)
for h in nan inf -1 1e3 abc "" " 1" 0x10 1. 86401; do
	expect "hold '$h'" 2 "--hold takes seconds \(0..86400, e.g. 2 or 0.5\), not '$h'" -- "$TEL" call "${B[@]}" --to 1 --hold "$h"
done
expect "hold nan on answer" 2 "--hold takes seconds" -- "$TEL" answer "${B[@]}" --hold NaN
for t in 0 -5 nan 1e9 x; do
	expect "ring-timeout '$t'" 2 "--ring-timeout takes seconds \(more than 0" -- "$TEL" call "${B[@]}" --to 1 --ring-timeout "$t"
	expect "link-timeout '$t'" 2 "--link-timeout takes seconds \(more than 0" -- "$TEL" answer "${B[@]}" --link-timeout "$t"
done
expect "ring-timeout on answer" 2 "unknown option '--ring-timeout'" -- "$TEL" answer "${B[@]}" --ring-timeout 5
d32=$(printf '1%.0s' $(seq 1 32))
expect "to over 31 digits" 2 "call: --to is 32 digits; a number here holds at most 31" -- "$TEL" call "${B[@]}" --to "$d32"
expect "to 31 digits is fine" 2 "fd:99: cannot open line: not an open file descriptor" -- "$TEL" call "${B[@]}" --to "${d32:1}"
expect "from over 31 digits" 2 "call: --from is 32 digits" -- "$TEL" call "${B[@]}" --to 1 --from "$d32"
expect "to 8-bit" 2 "--to takes digits 0-9, \* and #; octet 0xc3 at column 3 is not one" -- "$TEL" call "${B[@]}" --to "12ä"
expect "to letter" 2 "--to takes digits 0-9, \* and #; 'x' at column 2 is not one" -- "$TEL" call "${B[@]}" --to "1x"
expect "to newline" 2 "--to takes digits 0-9, \* and #; octet 0x0a at column 2" -- "$TEL" call "${B[@]}" --to $'1\n2'
expect "to empty" 2 "--to takes digits .0-9, \* and #., not an empty string" -- "$TEL" call "${B[@]}" --to ""
expect "from plus" 2 "--from takes digits 0-9, \* and #; '\+' at column 1" -- "$TEL" call "${B[@]}" --to 1 --from +4930
expect "star and hash" 2 "fd:99: cannot open line" -- "$TEL" call "${B[@]}" --to "*21#"
expect "to twice" 2 "call: --to given twice; give it once" -- "$TEL" call "${B[@]}" --to 1 --to 2
expect "json twice" 2 "answer: --json given twice" -- "$TEL" answer "${B[@]}" --json --json
expect "side twice" 2 "--side given twice" -- "$TEL" answer "${B[@]}" --side network
expect "param repeats" 2 "fd:99: cannot open line" -- "$TEL" answer "${B[@]}" --param T200=900 --param T203=9000
expect "trailing to" 2 "call: --to needs a value \(it is the last argument\)" -- "$TEL" call "${B[@]}" --to
expect "to then option" 2 "call: --to needs a value \('--json' that follows it is an option\)" -- "$TEL" call "${B[@]}" --to --json
expect "trailing unknown" 2 "answer: unknown option '--bogus'" -- "$TEL" answer "${B[@]}" --bogus
expect "uui text may start with -" 2 "fd:99: cannot open line" -- "$TEL" call "${B[@]}" --to 1 --uui-text "--x"
u129=$(printf 'u%.0s' $(seq 1 129))
expect "uui over the line's maximum" 2 "call: --uui-text is 129 octets; the line carries at most 128 \(--uui-max, default 128, raises it up to 254\)" -- "$TEL" call "${B[@]}" --to 1 --uui-text "$u129"
expect "uui hex over --uui-max" 2 "answer: --uui-hex is 3 octets; the line carries at most 2 \(--uui-max\)" -- "$TEL" answer "${B[@]}" --uui-max 2 --uui-hex 010203
expect "uui within --uui-max" 2 "fd:99: cannot open line" -- "$TEL" call "${B[@]}" --to 1 --uui-max 129 --uui-text "$u129"
expect "uui-max range" 2 "--uui-max takes 1..254 octets, not '255'" -- "$TEL" call "${B[@]}" --to 1 --uui-max 255
# --pcap names the file and the reason
expect "pcap not writable" 2 "--pcap $tmp/no/such/dir/x.pcap: cannot write the trace: No such file or directory" -- "$TEL" call --link fd:0 --side user --switch euroisdn --to 1 --pcap "$tmp/no/such/dir/x.pcap"
# tel help COMMAND: the options and the exit status rule
expect "help call" 0 "Exit status: 0 when every call ended as asked" -- "$TEL" help call
expect "help call ring" 0 "19 after --ring-timeout" -- "$TEL" help call
expect "help answer" 0 "Exit status: 0 when every call ended as asked" -- "$TEL" help answer
expect "help decode" 0 "FIFO" -- "$TEL" help decode
expect "help bogus" 2 "help: no command 'bogus'" -- "$TEL" help bogus
# A far end that never answers: the link does not come up, exit 1 with the reason.
python3 - "$TEL" > "$tmp/out" 2>&1 <<'PY'
import socket, subprocess, sys
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
p = subprocess.run([sys.argv[1], "call", "--link", f"fd:{a.fileno()}", "--side", "user",
                    "--switch", "euroisdn", "--to", "1", "--link-timeout", "1.5"],
                   pass_fds=[a.fileno()],
                   capture_output=True, text=True, timeout=60)
print(p.stderr)
sys.exit(p.returncode)
PY
rc=$?
if [ $rc != 1 ] || ! grep -q "data link did not come up within 1.5 s" "$tmp/out"; then
	echo "cli: silent far end: exit $rc (want 1)"
	sed 's/^/    /' "$tmp/out"
	fails=$((fails + 1))
fi
# --pcap: each side traces every frame; tel decode and tshark read the traces
# (the lines opened with --param values, which must be taken).
python3 - "$TEL" "$tmp" > "$tmp/out" 2>&1 <<'PY'
import json, socket, subprocess, sys
tel, tmp = sys.argv[1], sys.argv[2]
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
ans = subprocess.Popen([tel, "answer", "--link", f"fd:{b.fileno()}", "--side", "network",
                        "--switch", "euroisdn", "--count", "1", "--pcap", f"{tmp}/net.pcap",
                        "--param", "T200=2000"],
                       pass_fds=[b.fileno()], stdout=subprocess.DEVNULL)
cal = subprocess.run([tel, "call", "--link", f"fd:{a.fileno()}", "--side", "user",
                      "--switch", "euroisdn", "--to", "5678", "--cause", "16",
                      "--uui-hex", "00 ff 00", "--pcap", f"{tmp}/user.pcap",
                      "--param", "T309=30000", "--param", "k=3"],
                     pass_fds=[a.fileno()], stdout=subprocess.DEVNULL, timeout=60)
assert ans.wait(timeout=60) == 0 and cal.returncode == 0, "calls failed"
want = ["SETUP", "CONNECT", "CONNECT ACKNOWLEDGE", "DISCONNECT", "RELEASE", "RELEASE COMPLETE"]
for side in ("user", "net"):
    frames = [json.loads(l) for l in subprocess.run([tel, "decode", "--json", f"{tmp}/{side}.pcap"],
              check=True, capture_output=True, text=True).stdout.splitlines()]
    msgs = [f["q931"]["msg"] for f in frames if "q931" in f]
    assert msgs == want, (side, msgs)
    disc = [f for f in frames if f.get("q931", {}).get("msg") == "DISCONNECT"][0]
    assert disc["dir"] == "user" and disc["q931"]["uui"] == {"pd": 0, "hex": "00ff00"}, disc
    ts = subprocess.run(["tshark", "-r", f"{tmp}/{side}.pcap", "-T", "fields", "-e",
                         "q931.message_type"], check=True, capture_output=True, text=True)
    got = [int(x, 0) for x in ts.stdout.split()]
    assert got == [0x05, 0x07, 0x0f, 0x45, 0x4d, 0x5a], (side, got)
print("traces ok")
PY
rc=$?
if [ $rc != 0 ]; then
	echo "cli: --pcap traces:"
	sed 's/^/    /' "$tmp/out"
	fails=$((fails + 1))
fi
# --from-name: the name reaches the far end's offering event (JSON, and text) on NI-2
# from either side and on EuroISDN from the network side; the NI-2 SETUP's Display
# carries the display type 0xB1 (177) before the text.
python3 - "$TEL" "$tmp" "$long79" > "$tmp/out" 2>&1 <<'PY'
import json, socket, subprocess, sys
tel, tmp, long79 = sys.argv[1], sys.argv[2], sys.argv[3]
def call(switch, side, name, json_out=True):
    other = "network" if side == "user" else "user"
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    ans = subprocess.Popen([tel, "answer", "--link", f"fd:{b.fileno()}", "--side", other,
                            "--switch", switch, "--count", "1"] + (["--json"] if json_out else []),
                           pass_fds=[b.fileno()], stdout=subprocess.PIPE, text=True)
    cal = subprocess.run([tel, "call", "--link", f"fd:{a.fileno()}", "--side", side,
                          "--switch", switch, "--to", "5678", "--from", "100",
                          "--from-name", name, "--pcap", f"{tmp}/name.pcap"],
                         pass_fds=[a.fileno()], capture_output=True, text=True, timeout=60)
    out = ans.communicate(timeout=60)[0]
    assert ans.returncode == 0 and cal.returncode == 0, (switch, side, cal.stderr, out)
    return out
for switch, side, name in (("ni2", "user", 'Al "the" \\ Pal'), ("ni2", "network", long79),
                           ("euroisdn", "network", "Carol")):
    ev = [json.loads(l) for l in call(switch, side, name).splitlines()]
    offer = [e for e in ev if e.get("state") == "offering"]
    assert len(offer) == 1 and offer[0].get("name") == name, (switch, side, ev)
    assert all("name" not in e for e in ev if e.get("state") != "offering"), ev
    setup = [f["q931"] for f in (json.loads(l) for l in subprocess.run(
        [tel, "decode", "--json", f"{tmp}/name.pcap"], check=True, capture_output=True,
        text=True).stdout.splitlines()) if f.get("q931", {}).get("msg") == "SETUP"][0]
    assert setup.get("display") == name, setup
    assert setup.get("display_type") == (177 if switch == "ni2" else None), setup
text = call("ni2", "user", 'Q"x', json_out=False)
assert 'offering from "100" to "5678" name "Q\\x22x"' in text, text
print("names ok")
PY
rc=$?
if [ $rc != 0 ]; then
	echo "cli: --from-name:"
	sed 's/^/    /' "$tmp/out"
	fails=$((fails + 1))
fi
echo "cli: call/answer checks, $fails failed"
[ $fails -eq 0 ]
