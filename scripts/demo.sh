#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: the whole stack on the simulated card, in a QEMU VM booting
# Debian's kernel with DAHDI's core and our driver (scripts/demo-vm.sh does
# the steps inside): two linked E1 cards, dahdi_cfg, a PRI call placed with
# `tel call` and answered with `tel answer` on the hardhdlc D-channels,
# dropped with cause 16 and UUI, the span status, LOS injected and cleared,
# and the decoded D-channel trace. With a real board, the same tel commands
# run on your own DAHDI spans (see the README).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
VM_QUIET=1 VM_TIMEOUT=${VM_TIMEOUT:-240} tests/kernel/vm-run scripts/demo-vm.sh
echo "demo: $(($(date +%s) - start)) s"
