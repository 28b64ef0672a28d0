#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The build users get (plain `make`: -O2, the library link-time optimised as
# one unit) works, not only the sanitizer build the other checks use: the
# static library is ordinary code a non-LTO program links, the shared
# library exports only tel_*, and the examples, `tel decode` and a tel-to-tel
# call over a socketpair behave exactly as in the sanitizer build.
set -euo pipefail
REL=${REL_BUILD:-build/release-check}
make --no-print-directory -s -j2 BUILD="$REL" SAN= all >/dev/null
if readelf -S -W "$REL/libtel.a" | grep -q '\.gnu\.lto_'; then
	echo "release: libtel.a still holds LTO bytecode: programs without -flto could not link it"
	exit 1
fi
bad=$(nm -D --defined-only "$REL/libtel.so" | awk '$2 ~ /[TDBR]/ && $3 !~ /^tel_/ && $3 !~ /^LIBTEL_/ {print $3}')
[ -z "$bad" ] || { echo "release: libtel.so exports private symbols: $bad"; exit 1; }
BUILD=$REL bash tests/checks/examples.sh >/dev/null
for name in call-uui reject errors; do
	"$REL/tel" decode "tests/golden/$name.pcap" | diff -u "tests/golden/$name.txt" - ||
		{ echo "release: tel decode of $name.pcap differs"; exit 1; }
done
BUILD=$REL bash tests/checks/demo.sh >/dev/null
echo "release: the -O2/LTO build runs the examples, decode and a live call as the tests expect"
