#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make install PREFIX=/usr DESTDIR=...: libtel.so.VERSION with soname
# libtel.so.0 and its symlinks, libtel.a, headers, libtel.pc, tel, the man
# pages, bash completion, the firmware image as /lib/firmware/tel/telcard.fw
# and the modules' source with dkms.conf in /usr/src/tel-VERSION; the
# installed tel runs. make uninstall removes every file again and leaves the
# files of others (and the directories they share) alone.
set -euo pipefail
BUILD=${BUILD:-build/san}
SAN=; [ "$BUILD" = build/san ] && SAN=1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail=0
bad() { echo "install: $*"; fail=1; }
ver=$(sed -n 's/^VERSION *:= *//p' Makefile)
d=$stage/root
mkdir -p "$d/usr/bin" "$d/usr/share/man/man1"
echo other > "$d/usr/bin/other"			# someone else's files
echo other > "$d/usr/share/man/man1/other.1"

mk() { make --no-print-directory -s BUILD="$BUILD" SAN=$SAN PREFIX=/usr DESTDIR="$d" "$@" > "$stage/log" 2>&1 ||
	{ cat "$stage/log"; bad "make $* failed"; exit 1; }; }
mk install

for f in usr/lib/libtel.so.$ver usr/lib/libtel.a usr/lib/pkgconfig/libtel.pc \
	 usr/include/libtel/tel.h usr/include/libtel/decode.h usr/bin/tel \
	 usr/share/man/man1/tel.1 usr/share/man/man3/libtel.3 usr/share/man/man4/telsim.4 \
	 usr/share/bash-completion/completions/tel lib/firmware/tel/telcard.fw \
	 usr/src/tel-$ver/dkms.conf usr/src/tel-$ver/dkms/dkms-build usr/src/tel-$ver/scripts/build-dahdi \
	 usr/src/tel-$ver/kernel/Kbuild usr/src/tel-$ver/kernel/Makefile \
	 usr/src/tel-$ver/kernel/core/tel_core.c usr/src/tel-$ver/kernel/sim/telsim.c \
	 usr/src/tel-$ver/firmware/src/framer_e1.c usr/src/tel-$ver/firmware/include/fw/span.h; do
	[ -f "$d/$f" ] || bad "/$f not installed"
done
[ "$(readlink "$d/usr/lib/libtel.so.0")" = "libtel.so.$ver" ] || bad "libtel.so.0 is not a symlink to libtel.so.$ver"
[ "$(readlink "$d/usr/lib/libtel.so")" = libtel.so.0 ] || bad "libtel.so is not a symlink to libtel.so.0"
soname=$(readelf -d "$d/usr/lib/libtel.so.$ver" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = libtel.so.0 ] || bad "libtel.so.$ver has soname '$soname', not libtel.so.0"
grep -q "^PACKAGE_VERSION=\"$ver\"" "$d/usr/src/tel-$ver/dkms.conf" || bad "dkms.conf has no PACKAGE_VERSION=\"$ver\""
cmp -s "$d/lib/firmware/tel/telcard.fw" "$BUILD/firmware/tel-fw.img" || bad "telcard.fw is not $BUILD/firmware/tel-fw.img"
[ -x "$d/usr/src/tel-$ver/dkms/dkms-build" ] || bad "dkms-build is not executable"
# every file the kernel build compiles in is there: Kbuild's objects and the firmware sources they include
for o in $(grep -oE '[a-z_]+/[a-z_/]+\.o' kernel/Kbuild); do
	[ -f "$d/usr/src/tel-$ver/kernel/${o%.o}.c" ] || bad "DKMS source lacks kernel/${o%.o}.c (kernel/Kbuild builds it)"
	inc=$(sed -n 's|^#include "../../../\(firmware/src/[a-z_]*\.c\)"|\1|p' "kernel/${o%.o}.c")
	[ -z "$inc" ] || [ -f "$d/usr/src/tel-$ver/$inc" ] || bad "DKMS source lacks $inc (kernel/${o%.o}.c includes it)"
done
out=$(LD_LIBRARY_PATH="$d/usr/lib" "$d/usr/bin/tel" --version 2>&1) || bad "installed tel --version failed: $out"
grep -q "$ver" <<<"$out" || bad "installed tel --version says '$out'"
out=$("$d/usr/bin/tel" decode tests/golden/call-uui.pcap | diff - tests/golden/call-uui.txt) ||
	bad "installed tel decode differs from tests/golden/call-uui.txt: $out"
nfiles=$(find "$d" -type f -o -type l | wc -l)

mk uninstall
left=$(cd "$d" && find . \( -type f -o -type l \) ! -path ./usr/bin/other ! -path ./usr/share/man/man1/other.1)
[ -z "$left" ] || bad "make uninstall left: $left"
[ -f "$d/usr/bin/other" ] && [ -f "$d/usr/share/man/man1/other.1" ] || bad "make uninstall removed others' files"
for x in usr/include/libtel lib/firmware/tel usr/src/tel-$ver; do
	[ ! -e "$d/$x" ] || bad "make uninstall left the directory /$x"
done

[ $fail = 0 ] || exit 1
echo "install: $nfiles files and links installed (soname libtel.so.0, DKMS source, firmware), tel runs from them; make uninstall removed them all"
