#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The socketpair demo works (scripts/demo-socket.sh; `make demo` on the
# simulated card is tests/kernel/test_demo.sh): the golden trace decodes, the
# live call connects and both sides see the other's cause and UUI, and the
# trace of the call decodes.
set -euo pipefail
BUILD=${BUILD:-build/san}
out=$(BUILD=$BUILD scripts/demo-socket.sh)
grep -q '^    User-user: pd 0 (user-specific), 7 octets: 00 ff 10 20 00 7e 42$' <<<"$out"
grep -q '^call 1: connected chan 1 uui "hello from the network"$' <<<"$out"
grep -q '^call 1: disconnected chan 1 cause 16 (normal, remote) location 0 uui "goodbye"$' <<<"$out"
grep -q 'RELEASE COMPLETE cref 1 from originator$' <<<"$out"
echo "demo: ran as documented"
