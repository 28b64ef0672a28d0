#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Regenerate the golden files after an intended change; review `git diff` before committing.
set -euo pipefail
cd "$(dirname "$0")/../.."
make --no-print-directory build/tests/golden/gen_golden build/tel >/dev/null
build/tests/golden/gen_golden tests/golden
for pcap in tests/golden/*.pcap; do
	name=${pcap%.pcap}
	build/tel decode "$pcap" > "$name.txt"
	build/tel decode --json "$pcap" > "$name.jsonl"
done
echo "updated; review: git diff tests/golden"
