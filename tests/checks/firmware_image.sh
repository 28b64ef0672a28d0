#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The card's firmware image, made and booted for real:
#  1. fwimage (tools/fwimage.c on firmware/src/image.c) packs a payload into an
#     image whose header matches Python's zlib CRC-32, shows it, and refuses a
#     bad magic, a too-short file, a truncated one, trailing data and a damaged
#     payload, each with its own message and exit status 1.
#  2. make firmware cross-builds the Cortex-M4 image (64 KiB flash / 16 KiB RAM
#     budget); QEMU boots it on mps2-an386 and its self-test must pass every
#     check and exit 0. The same image built with a cable that flips a bit in
#     every HDLC frame (FW_SELFTEST_CABLE_FLIPS=1) must report "not ok" and
#     make QEMU exit 1: a failing self-test fails this check.
# Part 2 is skipped, with a message, only if arm-none-eabi-gcc or
# qemu-system-arm is missing (scripts/install-deps installs both).
set -euo pipefail
BUILD=${BUILD:-build/san}
FWIMAGE=$BUILD/fwimage
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
	echo "firmware_image: $*"
	exit 1
}

# --- 1. the image file and its tool ------------------------------------------
make --no-print-directory -s BUILD="$BUILD" "$FWIMAGE" >/dev/null

# A payload of 5,000 octets that is not all alike.
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 131 + i // 256) & 255 for i in range(5000)))' \
	> "$tmp/payload.bin"
"$FWIMAGE" pack --version 1.2.3 --load 0x00000000 "$tmp/payload.bin" "$tmp/good.img" ||
	fail "fwimage pack failed"
[ "$(stat -c %s "$tmp/good.img")" -eq 5032 ] || fail "image is not 32 + 5000 octets"
want_crc=$(python3 -c 'import sys, zlib; print("0x%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' \
	"$tmp/payload.bin")
"$FWIMAGE" info "$tmp/good.img" > "$tmp/info.txt" || fail "fwimage info refused a good image"
grep -q "firmware       1.2.3$" "$tmp/info.txt" || fail "info does not show version 1.2.3"
grep -q "load address   0x00000000$" "$tmp/info.txt" || fail "info does not show the load address"
grep -q "payload        5000 octets, CRC-32 $want_crc$" "$tmp/info.txt" ||
	fail "info's length/CRC differ from zlib's ($want_crc): $(grep payload "$tmp/info.txt")"
"$FWIMAGE" check "$tmp/good.img" | grep -q ": good: firmware 1.2.3, 5000 octets" ||
	fail "fwimage check did not call the good image good"

# expect_refused NAME FILE MESSAGE: fwimage check exits 1 and says MESSAGE.
expect_refused() {
	local rc=0
	"$FWIMAGE" check "$2" > "$tmp/out.txt" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || fail "$1: fwimage check exited $rc, want 1: $(cat "$tmp/out.txt")"
	grep -q -- "$3" "$tmp/out.txt" || fail "$1: message lacks '$3': $(cat "$tmp/out.txt")"
}
# flip_octet FILE OFFSET: xor one octet of FILE with 0x01
flip_octet() {
	python3 -c 'import sys; p = sys.argv[1]; o = int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[o] ^= 1; open(p, "wb").write(b)' "$1" "$2"
}

cp "$tmp/good.img" "$tmp/magic.img"
flip_octet "$tmp/magic.img" 0
expect_refused "bad magic" "$tmp/magic.img" "magic 0x4d574655, want 0x4d574654 (\"TFWM\"): bad magic"
expect_refused "an ELF file" "$FWIMAGE" "bad magic: not a tel firmware image"
head -c 10 "$tmp/good.img" > "$tmp/short.img"
expect_refused "10 octets" "$tmp/short.img" "10 octets, too short for an image header"
head -c 5031 "$tmp/good.img" > "$tmp/trunc.img"
expect_refused "truncated" "$tmp/trunc.img" "header says 5000 payload octets, the file has 4999 after the header: .*truncated"
{ cat "$tmp/good.img"; printf 'x'; } > "$tmp/long.img"
expect_refused "trailing octet" "$tmp/long.img" "the file has 5001 after the header: .*wrong length"
cp "$tmp/good.img" "$tmp/crc.img"
flip_octet "$tmp/crc.img" 4000
expect_refused "damaged payload" "$tmp/crc.img" "header says CRC-32 $want_crc, the payload gives 0x.*payload is damaged"
cp "$tmp/good.img" "$tmp/hdr.img"
flip_octet "$tmp/hdr.img" 12
expect_refused "damaged header" "$tmp/hdr.img" "header is damaged"
expect_refused "missing file" "$tmp/none.img" "No such file"
echo "firmware_image: fwimage packs, shows and checks images; refuses bad magic, short, truncated, long, damaged payload and header"

# --- 2. the Cortex-M4 image in QEMU -------------------------------------------
missing=
command -v arm-none-eabi-gcc >/dev/null || missing+=" arm-none-eabi-gcc (gcc-arm-none-eabi)"
command -v qemu-system-arm >/dev/null || missing+=" qemu-system-arm"
if [ -n "$missing" ]; then
	echo "firmware_image: SKIPPED booting the image: not installed:$missing (run scripts/install-deps)"
	exit 0
fi

QEMU=(qemu-system-arm -M mps2-an386 -nographic -monitor none
      -semihosting-config enable=on,target=native -kernel)

# boot ELF LOG: the exit status of QEMU running ELF, its console in LOG.
boot() {
	local rc=0
	timeout "$QEMU_TIMEOUT" "${QEMU[@]}" "$1" < /dev/null > "$2" 2>&1 || rc=$?
	[ "$rc" -ne 124 ] || fail "$1 did not exit within $QEMU_TIMEOUT s (hung?): $(cat "$2")"
	return "$rc"
}

fw=$BUILD/firmware
make --no-print-directory -s BUILD="$BUILD" firmware > "$tmp/make.txt" 2>&1 ||
	fail "make firmware failed: $(cat "$tmp/make.txt")"
grep '^firmware:' "$tmp/make.txt"
"$FWIMAGE" check "$fw/tel-fw.img" >/dev/null || fail "make firmware wrote a bad image"
cmp -s <(tail -c +33 "$fw/tel-fw.img") "$fw/tel-fw.bin" || fail "the image's payload is not tel-fw.bin"

start=$(date +%s%N)
rc=0
boot "$fw/tel-fw.elf" "$tmp/boot.txt" || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
sed 's/^/  /' "$tmp/boot.txt"
[ "$rc" -eq 0 ] || fail "the image's self-test failed (QEMU exit $rc)"
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tmp/boot.txt")
[ -n "$plan" ] || fail "no TAP plan line in the image's output"
oks=$(grep -c '^ok [0-9]* - ' "$tmp/boot.txt" || true)
[ "$oks" -eq "$plan" ] || fail "$oks of $plan checks said ok, yet QEMU exited 0"
! grep -q '^not ok' "$tmp/boot.txt" || fail "a check said not ok, yet QEMU exited 0"

# The same image with a faulty cable under its HDLC loop must fail, and say where.
make --no-print-directory -s BUILD="$BUILD" FW_BUILD="$BUILD/firmware-cable-flips" \
	FW_DEFS=-DFW_SELFTEST_CABLE_FLIPS=1 firmware > "$tmp/make2.txt" 2>&1 ||
	fail "make firmware with FW_SELFTEST_CABLE_FLIPS=1 failed: $(cat "$tmp/make2.txt")"
rc=0
boot "$BUILD/firmware-cable-flips/tel-fw.elf" "$tmp/broken.txt" || rc=$?
[ "$rc" -eq 1 ] || fail "an image whose self-test fails made QEMU exit $rc, want 1: $(cat "$tmp/broken.txt")"
grep -q '^not ok 2 - hdlc frames over a loop, byte-exact # frames delivered: got 0, want 24' \
	"$tmp/broken.txt" || fail "the broken image did not report its failing check: $(cat "$tmp/broken.txt")"

echo "firmware_image: the image booted on mps2-an386 in $ms ms and passed $oks of $plan checks;" \
	"with bit errors injected it reported 'not ok 2' and QEMU exited 1"
