#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The installed library: only tel_* symbols exported (version script), and a
# program built with `pkg-config --cflags --libs libtel` links and runs.
set -euo pipefail
BUILD=${BUILD:-build/san}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
bad=$(nm -D --defined-only "$BUILD/libtel.so" | awk '$2 ~ /[TDBR]/ && $3 !~ /^tel_/ && $3 !~ /^LIBTEL_/ {print $3}')
if [ -n "$bad" ]; then
	echo "library: libtel.so exports private symbols: $bad"
	exit 1
fi
nm -D --defined-only "$BUILD/libtel.so" | grep -q ' tel_strerror@@LIBTEL_0.1' ||
	{ echo "library: tel_strerror is not versioned LIBTEL_0.1"; exit 1; }
make --no-print-directory -s BUILD="$BUILD" SAN=1 PREFIX=/opt/libtel DESTDIR="$stage" install >/dev/null
export PKG_CONFIG_PATH="$stage/opt/libtel/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
flags=$(pkg-config --cflags --libs libtel)
cat > "$stage/consumer.c" <<'C'
#include <libtel/tel.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
	if (strcmp(tel_strerror(TEL_EUUITOOBIG), "user-user information too big for the line"))
		return 1;
	printf("libtel %s via pkg-config\n", tel_version());
	return 0;
}
C
gcc -fsanitize=address,undefined "$stage/consumer.c" $flags -o "$stage/consumer"
LD_LIBRARY_PATH="$stage/opt/libtel/lib" "$stage/consumer"
