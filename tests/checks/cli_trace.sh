#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel trace` without a kernel: its usage errors; --tap on a stream of the
# tap's records (<tel/tap.h>, made here from the golden call's frames, with a
# frame lost on the line and frames dropped by the tap) gives the golden
# frames as text, JSON Lines and pcap (file and '-'); --follow on a pcap that
# grows while it is followed shows every frame, appended ones included, and
# ends cleanly on SIGINT.
set -uo pipefail
. "$(dirname "$0")/lib/cli.sh"
G=tests/golden/call-uui.pcap

expect "no source" 2 "give one of --span N, --chan PATH, --follow FILE or --tap FILE" -- "$TEL" trace
expect "two sources" 2 "give one of" -- "$TEL" trace --span 1 --follow "$G"
expect "bad span" 2 "--span takes a DAHDI span number" -- "$TEL" trace --span x
expect "span 0" 2 "--span takes a DAHDI span number" -- "$TEL" trace --span 0
expect "bad side" 2 "--side takes 'user' or 'network'" -- "$TEL" trace --tap "$G" --side up
expect "json and pcap -" 2 "both want standard output" -- "$TEL" trace --tap "$G" --json --pcap -
expect "side with follow" 2 "--side does not go with --follow" -- "$TEL" trace --follow "$G" --side user
expect "stray argument" 2 "unexpected argument 'x'" -- "$TEL" trace --span 1 x
expect "unknown option" 2 "unknown option '--bogus'" -- "$TEL" trace --bogus
expect "missing follow" 1 "nope.pcap: cannot read: No such file.*--pcap FILE first" -- \
	"$TEL" trace --follow "$tmp/nope.pcap"
expect "not a pcap" 1 "not a pcap file" -- "$TEL" trace --follow tests/checks/cli_trace.sh
expect "help" 0 "usage: tel trace --span N" -- "$TEL" help trace
if [ ! -e /dev/dahdi/ctl ]; then
	expect "no DAHDI" 1 "/dev/dahdi/ctl: .*modprobe dahdi" -- "$TEL" trace --span 1
fi

# The golden call as the tap of the user side's span would give it: records of
# the frames (sent: TX, received: RX), a bad-FCS frame lost on the line after
# the third, and 5 frames the tap dropped before the fourth.
python3 - "$G" "$tmp/recs" <<'PY' || fails=$((fails + 1))
import struct, sys
b = open(sys.argv[1], 'rb').read()
off, out, n = 24, b'', 0
while off < len(b):
    sec, usec, cap, orig = struct.unpack_from('<IIII', b, off)
    ph = b[off + 16:off + 32]
    by_net = (struct.unpack_from('>H', ph, 0)[0] == 4) == (ph[6] != 0)
    frame = b[off + 32:off + 16 + cap]
    n += 1
    ts = (sec * 1000000 + usec) * 1000
    out += struct.pack('<QIHBB', ts, 5 if n == 4 else 0, len(frame), 0 if by_net else 1, 0) + frame
    if n == 3:
        out += struct.pack('<QIHBB', ts + 1000, 0, 0, 0, 1)
    off += 16 + cap
open(sys.argv[2], 'wb').write(out)
PY
"$TEL" decode "$G" > "$tmp/golden.txt"
"$TEL" trace --tap "$tmp/recs" --pcap "$tmp/t.pcap" > "$tmp/t.txt" 2> "$tmp/t.err"
rc=$?
[ $rc = 0 ] || { echo "cli: trace --tap: exit $rc"; cat "$tmp/t.err"; fails=$((fails + 1)); }
grep -q "5 frames dropped by the tap" "$tmp/t.err" ||
	{ echo "cli: trace --tap: drops not reported"; cat "$tmp/t.err"; fails=$((fails + 1)); }
grep -q "1 lost on the line, 5 dropped by the tap" "$tmp/t.err" ||
	{ echo "cli: trace --tap: no closing count"; cat "$tmp/t.err"; fails=$((fails + 1)); }
grep -Eq '^#- [0-9.]+ net->user frame lost on the line: bad_fcs$' "$tmp/t.txt" ||
	{ echo "cli: trace --tap: lost frame not shown"; fails=$((fails + 1)); }
# the text is tel decode's, frame for frame, with the lost frame's line besides
grep -v '^#- ' "$tmp/t.txt" > "$tmp/t.frames"
if ! cmp -s "$tmp/t.frames" "$tmp/golden.txt"; then
	echo "cli: trace --tap: text differs from tel decode of the golden call:"
	diff "$tmp/golden.txt" "$tmp/t.frames" | head -5 | sed 's/^/    /'
	fails=$((fails + 1))
fi
# its pcap decodes as the golden call (same frames, directions and times)
"$TEL" decode "$tmp/t.pcap" > "$tmp/t.decode" 2>&1
cmp -s "$tmp/t.decode" "$tmp/golden.txt" ||
	{ echo "cli: trace --tap --pcap: pcap does not decode as the golden call"; fails=$((fails + 1)); }
# '-': the pcap on standard output, nothing else there; tshark reads it
"$TEL" trace --tap "$tmp/recs" --pcap - 2> /dev/null > "$tmp/stdout.pcap"
cmp -s "$tmp/stdout.pcap" "$tmp/t.pcap" ||
	{ echo "cli: trace --pcap -: stdout is not the pcap"; fails=$((fails + 1)); }
if command -v tshark > /dev/null; then
	"$TEL" trace --tap "$tmp/recs" --pcap - 2> /dev/null | tshark -n -r - -Y q931 > "$tmp/ts.txt" 2>&1
	grep -q DISCONNECT "$tmp/ts.txt" ||
		{ echo "cli: trace --pcap - | tshark: no DISCONNECT"; cat "$tmp/ts.txt"; fails=$((fails + 1)); }
fi
# --json: tel decode --json's lines, and the lost frame as its own object
"$TEL" decode --json "$G" > "$tmp/golden.json"
"$TEL" trace --tap "$tmp/recs" --json > "$tmp/t.json" 2> /dev/null
python3 - "$tmp/t.json" "$tmp/golden.json" <<'PY' || fails=$((fails + 1))
import json, sys
t = [json.loads(l) for l in open(sys.argv[1])]
g = [json.loads(l) for l in open(sys.argv[2])]
lost = [o for o in t if "lost" in o]
assert lost == [{"ts": lost[0]["ts"], "dir": "net", "lost": "bad_fcs"}], lost
assert [o for o in t if "lost" not in o] == g, "frames differ from tel decode --json"
PY
# --side network: the same stream seen from the other side: every direction turns
"$TEL" trace --tap "$tmp/recs" --side network --json > "$tmp/n.json" 2> /dev/null
python3 - "$tmp/n.json" "$tmp/golden.json" <<'PY' || fails=$((fails + 1))
import json, sys
t = [json.loads(l) for l in open(sys.argv[1]) if "lost" not in l]
g = [json.loads(l) for l in open(sys.argv[2])]
assert [o["dir"] for o in t] == [{"user": "net", "net": "user"}[o["dir"]] for o in g]
PY
# a stream that is no tap's
printf 'garbage that is not a tap record stream' > "$tmp/junk"
expect "junk tap" 1 "not a tap record at offset 0|ends inside a record" -- "$TEL" trace --tap "$tmp/junk"

# --follow on a pcap that grows: the first 3 records are there at the start,
# the rest come in pieces (one cut inside a record header); SIGINT ends it.
python3 - "$G" "$tmp/grow.pcap" "$tmp/rest" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
off = 24
for _ in range(3):
    off += 16 + struct.unpack_from('<I', b, off + 8)[0]
open(sys.argv[2], 'wb').write(b[:off])
open(sys.argv[3], 'wb').write(b[off:])
PY
"$TEL" trace --follow "$tmp/grow.pcap" > "$tmp/f.txt" 2> "$tmp/f.err" &
fpid=$!
sleep 0.5
head -c 10 "$tmp/rest" >> "$tmp/grow.pcap"
sleep 0.3
tail -c +11 "$tmp/rest" | head -c 200 >> "$tmp/grow.pcap"
sleep 0.3
tail -c +211 "$tmp/rest" >> "$tmp/grow.pcap"
sleep 0.5
kill -INT $fpid
wait $fpid
rc=$?
[ $rc = 0 ] || { echo "cli: trace --follow: exit $rc after SIGINT"; cat "$tmp/f.err"; fails=$((fails + 1)); }
if ! cmp -s "$tmp/f.txt" "$tmp/golden.txt"; then
	echo "cli: trace --follow: differs from tel decode of the whole file:"
	diff "$tmp/golden.txt" "$tmp/f.txt" | head -5 | sed 's/^/    /'
	fails=$((fails + 1))
fi
# a pcap rewritten shorter (a new run of the writer) is followed from its start
"$TEL" trace --follow "$tmp/grow.pcap" > "$tmp/f2.txt" 2> "$tmp/f2.err" &
fpid=$!
sleep 0.5
cp "$G" "$tmp/g2" && head -c 100 "$tmp/g2" > "$tmp/grow.pcap"
sleep 0.5
kill -INT $fpid
wait $fpid
grep -q "following it from its start again" "$tmp/f2.err" ||
	{ echo "cli: trace --follow: a file cut shorter was not noticed"; cat "$tmp/f2.err"; fails=$((fails + 1)); }

[ $fails = 0 ] && echo "cli_trace: ok"
exit $((fails > 0))
