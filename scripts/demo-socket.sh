#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The demo without hardware or a VM (tests/checks/demo.sh runs it on every
# build): the bundled trace of a call cleared with UUI, decoded; then a live
# call between `tel call` (user side) and `tel answer` (network side) over a
# socketpair, dropped with cause 16 and UUI, and its trace decoded. `make
# demo` runs the same call on the simulated card instead (scripts/demo.sh).
set -euo pipefail
BUILD=${BUILD:-build}
TEL=$BUILD/tel

echo "== 1. tel decode tests/golden/call-uui.pcap (a call cleared with UUI)"
"$TEL" decode tests/golden/call-uui.pcap
echo
echo "== 2. a live call: tel call (user) -> tel answer (network), EuroISDN E1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$TEL" "$out" <<'PY'
import socket, subprocess, sys
tel, out = sys.argv[1], sys.argv[2]
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
net = subprocess.Popen([tel, "answer", "--link", f"fd:{b.fileno()}", "--side", "network",
                        "--switch", "euroisdn", "--count", "1", "--uui-text", "hello from the network"],
                       pass_fds=[b.fileno()], stdout=subprocess.PIPE, text=True)
user = subprocess.run([tel, "call", "--link", f"fd:{a.fileno()}", "--side", "user",
                       "--switch", "euroisdn", "--from", "1234", "--to", "5678", "--hold", "0.5",
                       "--cause", "16", "--uui-text", "goodbye", "--pcap", f"{out}/call.pcap"],
                      pass_fds=[a.fileno()], capture_output=True, text=True)
a.close(); b.close()
net_out = net.communicate()[0]
print("-- tel call (user side):")
print(user.stdout, end="")
print("-- tel answer (network side):")
print(net_out, end="")
sys.exit(user.returncode or net.returncode)
PY
echo
echo "== 3. the user side's trace: tel decode call.pcap"
"$TEL" decode "$out/call.pcap"
