#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `tel fw info|check` on a good image (header fields against Python's own
# reading of the file and zlib's CRC-32, --json parsed by Python) and on
# damaged ones (each refused with exit 1 and its reason), bad usage exit 2;
# and build/fwimage, which shares the code (tools/tel/fw.c), says the same.
set -uo pipefail
. "$(dirname "$0")/lib/cli.sh"
FWIMAGE=$BUILD/fwimage
make --no-print-directory -s BUILD="$BUILD" "$TEL" "$FWIMAGE" >/dev/null || exit 1

python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + i // 251) & 255 for i in range(3000)))' \
	> "$tmp/payload.bin"
"$FWIMAGE" pack --version 2.5.77 --load 0x08004000 "$tmp/payload.bin" "$tmp/good.img" || exit 1
crc=$(python3 -c 'import sys, zlib; print("0x%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' \
	"$tmp/payload.bin")

expect "info good" 0 "firmware       2.5.77$" -- "$TEL" fw info "$tmp/good.img"
grep -q "load address   0x08004000$" "$tmp/out" || { echo "cli_fw: info: no load address"; fails=$((fails + 1)); }
grep -q "payload        3000 octets, CRC-32 $crc$" "$tmp/out" ||
	{ echo "cli_fw: info: payload/CRC differ from zlib's $crc: $(cat "$tmp/out")"; fails=$((fails + 1)); }
expect "check good" 0 "^$tmp/good.img: good: firmware 2.5.77, 3000 octets at 0x08004000, CRC-32 $crc$" -- \
	"$TEL" fw check "$tmp/good.img"

# --json: one document whose fields are the file's own octets (read here by Python)
"$TEL" fw info "$tmp/good.img" --json > "$tmp/j" 2> "$tmp/e" || { echo "cli_fw: info --json exit $?"; fails=$((fails + 1)); }
python3 - "$tmp/j" "$tmp/good.img" <<'PY' || fails=$((fails + 1))
import json, struct, sys, zlib
d = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], "rb").read()
magic, hv, hl, ver, load, length, crc, flags, hcrc = struct.unpack("<IHHIIIIII", raw[:32])
want = {"magic": magic, "hdr_version": hv, "hdr_len": hl, "fw_version": "2.5.77",
        "fw_version_raw": ver, "load_addr": load, "length": length, "crc32": crc,
        "flags": flags, "hdr_crc32": hcrc}
assert d["good"] is True and "error" not in d, d
assert d["size"] == len(raw) == 3032, d
assert d["header"] == want, (d["header"], want)
assert crc == zlib.crc32(raw[32:]) and hcrc == zlib.crc32(raw[:28]), "header CRCs"
PY

# flip FILE OFFSET: xor one octet with 0x01
flip() { python3 -c 'import sys; p, o = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[o] ^= 1; open(p, "wb").write(b)' "$1" "$2"; }
cp "$tmp/good.img" "$tmp/crc.img"; flip "$tmp/crc.img" 1500
expect "damaged payload" 1 "tel: $tmp/crc.img: header says CRC-32 $crc, the payload gives 0x[0-9a-f]{8}: payload CRC-32 does not match" -- \
	"$TEL" fw check "$tmp/crc.img"
expect "damaged payload, info" 1 "firmware       2.5.77" -- "$TEL" fw info "$tmp/crc.img"
grep -q "payload is damaged" "$tmp/out" || { echo "cli_fw: info of a damaged image gives no reason"; fails=$((fails + 1)); }
"$TEL" fw info --json "$tmp/crc.img" > "$tmp/j" 2>/dev/null
rc=$?
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["good"] is False and "payload is damaged" in d["error"], d' "$tmp/j" && [ $rc = 1 ] ||
	{ echo "cli_fw: info --json of a damaged image: exit $rc, $(cat "$tmp/j")"; fails=$((fails + 1)); }
cp "$tmp/good.img" "$tmp/hdr.img"; flip "$tmp/hdr.img" 16
expect "damaged header" 1 "header CRC-32 does not match: the header is damaged" -- "$TEL" fw check "$tmp/hdr.img"
cp "$tmp/good.img" "$tmp/magic.img"; flip "$tmp/magic.img" 3
expect "bad magic" 1 "magic 0x4c574654, want 0x4d574654" -- "$TEL" fw check "$tmp/magic.img"
head -c 3031 "$tmp/good.img" > "$tmp/trunc.img"
expect "truncated" 1 "header says 3000 payload octets, the file has 2999 after the header: .*truncated" -- \
	"$TEL" fw check "$tmp/trunc.img"
head -c 31 "$tmp/good.img" > "$tmp/short.img"
expect "short" 1 "31 octets, too short for an image header" -- "$TEL" fw info "$tmp/short.img"
head -c 70000 /dev/zero > "$tmp/big.img"
expect "not an image at all" 1 "bad magic" -- "$TEL" fw check "$tmp/big.img"
expect "missing file" 1 "tel: $tmp/none.img: No such file" -- "$TEL" fw check "$tmp/none.img"
# fwimage says the same thing, with its own name
expect "fwimage: damaged payload" 1 "^fwimage: $tmp/crc.img: header says CRC-32 $crc" -- "$FWIMAGE" check "$tmp/crc.img"
expect "fwimage: good" 0 "good: firmware 2.5.77" -- "$FWIMAGE" info "$tmp/good.img"

# usage
expect "no subcommand" 2 "usage: tel fw info" -- "$TEL" fw
expect "bad subcommand" 2 "fw: unknown subcommand 'show'" -- "$TEL" fw show "$tmp/good.img"
expect "no file" 2 "fw check: no FILE given" -- "$TEL" fw check
expect "two files" 2 "one FILE only" -- "$TEL" fw check "$tmp/good.img" "$tmp/crc.img"
expect "--json on check" 2 "unknown option '--json'" -- "$TEL" fw check --json "$tmp/good.img"
expect "repeated --json" 2 "repeated option '--json'" -- "$TEL" fw info --json --json "$tmp/good.img"
expect "help" 0 "fw_version_raw" -- "$TEL" help fw

echo "cli_fw: fw info/check checks, $fails failed"
[ $fails -eq 0 ]
