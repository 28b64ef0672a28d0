#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The examples run and do what they say.
set -euo pipefail
BUILD=${BUILD:-build/san}
out=$("$BUILD/examples/drop-with-uui")
echo "$out" | grep -q '^  received UUI (pd 4, 18 octets): ticket 4711 closed$'
echo "$out" | grep -q '^call 1: drop done (success)$'
echo "$out" | grep -q '^caller after drop: idle, cause 16, chan 1$'
out=$("$BUILD/examples/conference")
[ "$(echo "$out" | grep -c ': idle$')" = 6 ]
echo "$out" | grep -q '^conference drop: success$'
out=$("$BUILD/examples/poll-loop")
echo "$out" | grep -q '^user: drop done$'
echo "$out" | grep -q '^network: drop done$'
echo "$out" | grep -q '^done in [0-9]* turns of one poll() loop$'
echo "examples: drop-with-uui, conference and poll-loop ran as documented"
