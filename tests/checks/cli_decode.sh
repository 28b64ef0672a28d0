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

# Streams: '-' is stdin, a pipe or a FIFO with data is decoded like the file.
G=tests/golden/call-uui.pcap
"$TEL" decode "$G" > "$tmp/ref" 2>&1 || fails=$((fails + 1))
expect "duplicate option" 2 "decode: --json given twice" -- "$TEL" decode --json --json "$G"
expect "trailing value option" 2 "decode: --hex needs a value" -- "$TEL" decode --hex
expect "bad wait" 2 "decode: --wait takes seconds" -- "$TEL" decode --wait nan "$G"
same() {	# same NAME: $tmp/out matches the file's decode
	if ! cmp -s "$tmp/out" "$tmp/ref"; then
		echo "cli: $1: output differs from decoding the file:"
		diff "$tmp/ref" "$tmp/out" | head -5 | sed 's/^/    /'
		fails=$((fails + 1))
	fi
}
cat "$G" | timeout 10 "$TEL" decode - > "$tmp/out" 2>&1
same "pipe on stdin"
timeout 10 "$TEL" decode - < "$G" > "$tmp/out" 2>&1
same "file on stdin"
timeout 10 "$TEL" decode <(cat "$G") > "$tmp/out" 2>&1
same "process substitution"
mkfifo "$tmp/fifo"
(cat "$G" > "$tmp/fifo" &)
timeout 10 "$TEL" decode "$tmp/fifo" > "$tmp/out" 2>&1
same "FIFO, writer first"
(sleep 0.3; cat "$G" > "$tmp/fifo") &
timeout 10 "$TEL" decode "$tmp/fifo" > "$tmp/out" 2>&1
same "FIFO, writer 0.3 s later"
wait
# A FIFO nobody writes to: a bounded wait, then a sentence (never a silent hang).
t0=$SECONDS
expect "FIFO without writer" 2 "tel: $tmp/fifo: a FIFO with no writer \(waited 0.5 s for one\); start the writer first, or give --wait SECONDS" -- \
	timeout 10 "$TEL" decode --wait 0.5 "$tmp/fifo"
[ $((SECONDS - t0)) -le 3 ] || { echo "cli: FIFO without writer took $((SECONDS - t0)) s"; fails=$((fails + 1)); }
# Record by record: a bad first record is reported at once, however much follows
# (3 GB sparse file; 2 GB more behind it in a pipe).
printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\xb1\x00\x00\x00' > "$tmp/big.pcap"
printf '\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00' >> "$tmp/big.pcap"
head -c 40 "$tmp/big.pcap" > "$tmp/head.pcap"
truncate -s 3G "$tmp/big.pcap"
bad="record 1 at offset 24: captured length 65536 exceeds the maximum 65535"
expect "3 GB, bad record 1" 2 "tel: $tmp/big.pcap: $bad" -- timeout 5 "$TEL" decode "$tmp/big.pcap"
expect "pipe, bad record 1" 2 "tel: stdin: $bad" -- \
	timeout 5 bash -c "{ cat '$tmp/head.pcap'; head -c 2G /dev/zero; } | '$TEL' decode -"
rm -f "$tmp/big.pcap"
# A bad record after good ones: the good ones are printed, then the error.
{ cat "$G"; printf '\x00\x00\x00\x00\x00\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00'; } > "$tmp/tail.pcap"
n=$(grep -c '^#' "$tmp/ref")
expect "bad record after good ones" 2 "record $((n + 1)) at offset $(stat -c %s "$G"): captured length 5 shorter than the 16-byte" -- "$TEL" decode "$tmp/tail.pcap"
grep -c '^#' "$tmp/out" | grep -qx "$n" || { echo "cli: bad record after good ones: the $n good records not all printed"; fails=$((fails + 1)); }

echo "cli: decode checks, $fails failed"
[ $fails -eq 0 ]
