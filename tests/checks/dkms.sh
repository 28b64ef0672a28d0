#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# DKMS: the modules' source as `make install` puts it in /usr/src/tel-VERSION
# (into a temporary DESTDIR), `dkms add` and `dkms build` in a temporary DKMS
# tree against the installed Debian kernel headers (the kernel scripts/build-dahdi
# picks): tel_core.ko and telsim.ko, and DAHDI's core from dahdi-source, come
# out; `dkms remove` takes it away. Then the same with Debian's dahdi-dkms source
# beside tel's (its package from the mirror): DAHDI's core is dahdi-dkms's, tel's
# package has only tel_core and telsim. About 20-40 s on two cores.
set -euo pipefail
BUILD=${BUILD:-build/san}
SAN=; [ "$BUILD" = build/san ] && SAN=1
if ! command -v dkms >/dev/null; then
	echo "dkms: SKIPPED: ****** dkms is not installed (scripts/install-deps installs it) ******"
	exit 0
fi
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
ver=$(sed -n 's/^VERSION *:= *//p' Makefile)
kver=
for m in /lib/modules/*/; do	# as scripts/build-dahdi: headers and an image, newest
	v=$(basename "$m")
	[ -d "$m/build" ] && [ -f "/boot/vmlinuz-$v" ] && kver=$v
done
[ -n "$kver" ] || { echo "dkms: no kernel headers with a /boot/vmlinuz-* (install linux-headers-amd64 linux-image-amd64: scripts/install-deps)"; exit 1; }

make --no-print-directory -s BUILD="$BUILD" SAN=$SAN PREFIX=/usr DESTDIR="$stage/root" install > "$stage/log" 2>&1 ||
	{ cat "$stage/log"; echo "dkms: make install failed"; exit 1; }
src=$stage/root/usr/src
tree=$stage/dkms
mkdir -p "$tree" "$stage/inst"
opts=(--sourcetree "$src" --dkmstree "$tree" --installtree "$stage/inst")
out=$tree/tel/$ver/$kver/$(uname -m)/module
fail=0

# build_tel WHAT: dkms add and build tel for $kver (WHAT names the case in an
# error); sets took to the seconds it took
build_tel() {
	local start
	start=$(date +%s)
	if ! dkms add -m tel -v "$ver" "${opts[@]}" > "$stage/add.log" 2>&1; then
		cat "$stage/add.log"; echo "dkms: dkms add ($1) failed"; exit 1
	fi
	if ! dkms build -m tel -v "$ver" -k "$kver" "${opts[@]}" > "$stage/build.log" 2>&1; then
		cat "$stage/build.log"
		tail -30 "$tree/tel/$ver/build/make.log" 2>/dev/null
		echo "dkms: dkms build of tel $ver for $kver ($1) failed"
		exit 1
	fi
	took=$(($(date +%s) - start))
}

# built MODULE...: tel's package holds exactly these modules, each built for $kver
built() {
	local want have f vm
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	have=$(ls "$out" 2>/dev/null | sed 's/\.ko.*//' | sort | tr '\n' ' ' || true)
	[ "$have" = "$want" ] || { echo "dkms: tel's package has modules: $have(want $want)"; fail=1; }
	for f in "$out"/*.ko*; do
		[ -e "$f" ] || continue
		vm=$(modinfo -F vermagic "$f")
		[[ $vm == "$kver "* ]] || { echo "dkms: $f is not built for $kver ($vm)"; fail=1; }
	done
}

# remove_tel: dkms remove, and nothing of tel left in the DKMS tree
remove_tel() {
	dkms remove -m tel -v "$ver" --all "${opts[@]}" > "$stage/rm.log" 2>&1 ||
		{ cat "$stage/rm.log"; echo "dkms: dkms remove failed"; fail=1; }
	[ ! -e "$tree/tel" ] || { echo "dkms: dkms remove left $tree/tel"; fail=1; }
}

build_tel "DAHDI from dahdi-source"
built tel_core telsim dahdi dahdi_dynamic dahdi_dynamic_loc
deps=$(modinfo -F depends "$out/telsim.ko"*)
[[ $deps == *tel_core* ]] || { echo "dkms: telsim.ko does not depend on tel_core"; fail=1; }
status=$(dkms status -m tel "${opts[@]}" 2>&1)
grep -q "tel/$ver, $kver, .*: built" <<<"$status" || { echo "dkms: dkms status says: $status"; fail=1; }
remove_tel
[ $fail = 0 ] || exit 1
echo "dkms: tel $ver added and built for $kver in ${took} s (tel_core, telsim and DAHDI's core from dahdi-source), removed"

# With Debian's dahdi-dkms present (its source in the DKMS source tree), DAHDI's
# core is dahdi-dkms's: tel's package builds and installs only tel_core and
# telsim, built against DAHDI's core as dahdi-dkms's source builds it.
# The package comes from the Debian mirror (apt-get download, no root needed).
deb=$(ls /var/cache/apt/archives/dahdi-dkms_*.deb 2>/dev/null | tail -n 1 || true)
if [ -z "$deb" ]; then
	(cd "$stage" && apt-get download -q dahdi-dkms > "$stage/dl.log" 2>&1) || true
	deb=$(ls "$stage"/dahdi-dkms_*.deb 2>/dev/null | tail -n 1 || true)
fi
if [ -z "$deb" ]; then
	cat "$stage/dl.log" 2>/dev/null
	echo "dkms: with dahdi-dkms: FAILED: ****** apt-get download dahdi-dkms found no package (is the Debian mirror reachable?) ******"
	exit 1
fi
dpkg-deb -x "$deb" "$stage/ddkms"
ddir=$(ls -d "$stage"/ddkms/usr/src/dahdi-*/ | head -n 1)
[ -f "$ddir/dkms.conf" ] || { echo "dkms: $deb has no /usr/src/dahdi-*/dkms.conf"; exit 1; }
cp -a "${ddir%/}" "$src/"
build_tel "DAHDI from dahdi-dkms's source"
log=$tree/tel/$ver/$kver/$(uname -m)/log/make.log
grep -q "DAHDI's core from $src/dahdi-.*(Debian's dahdi-dkms)" "$log" ||
	{ tail -20 "$log"; echo "dkms: the build did not take DAHDI's core from dahdi-dkms's source"; fail=1; }
built tel_core telsim	# dahdi.ko is dahdi-dkms's
remove_tel
[ $fail = 0 ] || exit 1
echo "dkms: with $(basename "$deb"): tel $ver built for $kver in ${took} s, DAHDI's core from its source, only tel_core and telsim in tel's package; removed"
