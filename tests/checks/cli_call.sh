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
expect "not a socket fd" 2 "fd:99: cannot open line: not an open file descriptor" -- "$TEL" call --link fd:99 --side user --switch euroisdn --to 1
# A far end that never answers: the link does not come up, exit 1 with the reason.
python3 - "$TEL" > "$tmp/out" 2>&1 <<'PY'
import socket, subprocess, sys
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
p = subprocess.run([sys.argv[1], "call", "--link", f"fd:{a.fileno()}", "--side", "user",
                    "--switch", "euroisdn", "--to", "1"], pass_fds=[a.fileno()],
                   capture_output=True, text=True, timeout=60)
print(p.stderr)
sys.exit(p.returncode)
PY
rc=$?
if [ $rc != 1 ] || ! grep -q "data link did not come up within 10 s" "$tmp/out"; then
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
