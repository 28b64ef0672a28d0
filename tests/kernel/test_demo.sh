#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `make demo` works: scripts/demo-vm.sh (what make demo runs in the VM) does
# every step it says and shows the call's DISCONNECT with cause 16 and UUI,
# the alarms both sides raise and clear.
set -uo pipefail
T=$(dirname "$(realpath "$0")")/../..
out=$("$T/scripts/demo-vm.sh" 2>&1)
rc=$?
echo "$out"
[ $rc = 0 ] || { echo "FAIL: demo exit $rc"; exit 1; }
for want in 'call 1: connected chan 1 uui "hello from span 2"' \
	'call 1: disconnected chan 1 cause 16 (normal, remote) location 0 uui "goodbye from span 1"' \
	'User-user: pd 4 (IA5 characters), 19 octets: "goodbye from span 1"' \
	'demo: every step did what it said'; do
	grep -qF "$want" <<<"$out" || { echo "FAIL: the demo did not show: $want"; exit 1; }
done
echo "ALL OK"
