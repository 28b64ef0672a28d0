#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The fast part of the packaging check (`make deb` builds the packages, runs
# lintian and the unpacked tools: about 2 minutes, so not part of make check):
# debian/control declares the five binary packages by their binding names with
# debhelper-compat 13, each has an .install file whose paths `make install`
# produces, and debian/changelog's version is the Makefile's.
set -euo pipefail
BUILD=${BUILD:-build/san}
SAN=; [ "$BUILD" = build/san ] && SAN=1
fail=0
bad() { echo "debian: $*"; fail=1; }
want="libtel0 libtel-dev tel tel-dkms tel-firmware"
have=$(sed -n 's/^Package: *//p' debian/control | sort | tr '\n' ' ')
[ "$have" = "$(tr ' ' '\n' <<<"$want" | sort | tr '\n' ' ')" ] || bad "debian/control declares: $have (want: $want)"
grep -q 'debhelper-compat (= 13)' debian/control || bad "debian/control does not build-depend on debhelper-compat (= 13)"
[ -x debian/rules ] || bad "debian/rules is not executable"
ver=$(sed -n 's/^VERSION *:= *//p' Makefile)
cv=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$cv" = "$ver" ] || bad "debian/changelog is version $cv, the Makefile $ver"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
make --no-print-directory -s BUILD="$BUILD" SAN=$SAN PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu \
	DESTDIR="$stage" install > "$stage.log" 2>&1 || { cat "$stage.log"; rm -f "$stage.log"; bad "make install failed"; exit 1; }
rm -f "$stage.log"
for p in $want; do
	[ -f "debian/$p.install" ] || { bad "no debian/$p.install"; continue; }
	while read -r path; do
		[ -n "$path" ] || continue
		# shellcheck disable=SC2086
		ls -d "$stage"/$path >/dev/null 2>&1 || bad "debian/$p.install: $path is not installed by make install"
	done < "debian/$p.install"
done
[ $fail = 0 ] || exit 1
echo "debian: control declares $want (debhelper-compat 13); every .install path is installed; version $ver"
