#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Wireshark cross-check: tshark must read our golden pcaps as LAPD + Q.931 and
# find in every Q.931 frame the message type, cause value, UUI protocol
# discriminator and UUI octets that our encoder wrote (NAME.expect), and the
# direction that our pseudo-header claims.
set -euo pipefail
BUILD=${BUILD:-build/san}
command -v tshark >/dev/null || { echo "tshark: not installed (run scripts/install-deps)"; exit 1; }
rc=0
for pcap in tests/golden/*.pcap; do
	python3 tests/checks/tshark_compare.py "$pcap" "${pcap%.pcap}.expect" "$BUILD/tel" || rc=1
done
exit $rc
