#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden traces: our encoders must still write the committed pcaps byte for
# byte, and `tel decode` must still print the committed text and JSON Lines.
# To accept an intended change: tests/golden/update.sh, then review the diff.
set -euo pipefail
BUILD=${BUILD:-build/san}
out=$BUILD/golden
rm -rf "$out"
mkdir -p "$out"
"$BUILD/tests/golden/gen_golden" "$out"
rc=0
for pcap in tests/golden/*.pcap; do
	name=$(basename "$pcap" .pcap)
	for ext in pcap expect; do
		if [ -e "tests/golden/$name.$ext" ] && ! cmp "$out/$name.$ext" "tests/golden/$name.$ext"; then
			echo "golden: $name.$ext: our encoder now writes different bytes"
			rc=1
		fi
	done
	"$BUILD/tel" decode "$pcap" > "$out/$name.txt"
	"$BUILD/tel" decode --json "$pcap" > "$out/$name.jsonl"
	for ext in txt jsonl; do
		if ! diff -u "tests/golden/$name.$ext" "$out/$name.$ext"; then
			echo "golden: tel decode output for $name.$ext differs"
			rc=1
		fi
	done
	# every JSON line must parse
	python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$out/$name.jsonl" || rc=1
	echo "golden: $name checked"
done
exit $rc
