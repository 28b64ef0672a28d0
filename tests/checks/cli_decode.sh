#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel decode` as a user meets it: good input, --hex, and every kind of bad input
# must give a clear error naming the file and the problem, exit 2, and not crash.
set -uo pipefail
. "$(dirname "$0")/lib/cli.sh"

expect "missing file" 2 "tel: $tmp/nope.pcap: cannot read: No such file" -- "$TEL" decode "$tmp/nope.pcap"
printf 'hello world, not a pcap at all' > "$tmp/text.pcap"
expect "not pcap" 2 "tel: $tmp/text.pcap: .*(not a pcap|magic)" -- "$TEL" decode "$tmp/text.pcap"
head -c 10 tests/golden/call-uui.pcap > "$tmp/short.pcap"
expect "short header" 2 "tel: $tmp/short.pcap: .*" -- "$TEL" decode "$tmp/short.pcap"
size=$(stat -c %s tests/golden/call-uui.pcap)
head -c $((size - 3)) tests/golden/call-uui.pcap > "$tmp/cut.pcap"
expect "truncated record" 2 "tel: $tmp/cut.pcap: record [0-9]+ at offset [0-9]+: .*trunc" -- \
	"$TEL" decode "$tmp/cut.pcap"
# ethernet link type
printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x01\x00\x00\x00' > "$tmp/eth.pcap"
expect "wrong linktype" 2 "link type 1" -- "$TEL" decode "$tmp/eth.pcap"
expect "directory" 2 "tel: $tmp: cannot read" -- "$TEL" decode "$tmp"
expect "no args" 2 "give either a pcap file or --hex" -- "$TEL" decode
expect "bad option" 2 "unknown option '--bogus'" -- "$TEL" decode --bogus x.pcap
expect "bad hex" 2 "--hex: 'z' at column 4 is not a hex digit" -- "$TEL" decode --hex "08 z2"
expect "odd hex" 2 "--hex: odd number of hex digits" -- "$TEL" decode --hex "08 0"
expect "bad dir" 2 "--dir takes 'user' or 'net'" -- "$TEL" decode --dir sideways --hex 08
expect "unknown command" 2 "unknown command 'decod'" -- "$TEL" decod
expect "truncated q931" 0 "malformed Q.931" -- "$TEL" decode --hex "08 02"

# A DISCONNECT as hex: cause and binary UUI with 0x00 octets come out exactly.
"$TEL" decode --json --dir net --hex "08 02 80 01 45 08 02 81 90 7e 06 00 00 ff 00 10 00" > "$tmp/j" || fails=$((fails + 1))
python3 - "$tmp/j" <<'PY' || fails=$((fails + 1))
import json, sys
o = json.loads(open(sys.argv[1]).read())
q = o["q931"]
assert o["dir"] == "net", o
assert q["msg"] == "DISCONNECT" and q["cref"] == 1 and q["cref_flag"] == 1, q
assert q["cause"] == {"location": 1, "value": 16, "diag": ""}, q
assert q["uui"] == {"pd": 0, "hex": "00ff001000"}, q
assert "errors" not in q, q
PY
# Missing mandatory cause in DISCONNECT is reported as data.
"$TEL" decode --json --hex "08 02 00 01 45" > "$tmp/j2"
python3 -c 'import json,sys; q=json.load(open(sys.argv[1]))["q931"]; assert any("mandatory" in e for e in q["errors"]), q' "$tmp/j2" || fails=$((fails + 1))
# UUI over the --uui-max limit is reported, never cut.
"$TEL" decode --json --uui-max 2 --hex "08 02 00 01 45 08 02 81 90 7e 04 00 01 02 03" > "$tmp/j3"
python3 -c '
import json,sys; q=json.load(open(sys.argv[1]))["q931"]
assert q["uui"]["hex"] == "010203", q
assert any("user-user" in e.lower() or "uui" in e.lower() for e in q["errors"]), q' "$tmp/j3" || fails=$((fails + 1))

echo "cli: decode checks, $fails failed"
[ $fails -eq 0 ]
