#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Each public header compiles on its own, as C (strict warnings) and as C++.
set -euo pipefail
BUILD=${BUILD:-build/san}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for h in libtel/include/libtel/*.h; do
	name=${h#libtel/include/}
	printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$name" "$name" > "$tmp/t.c"
	gcc -std=c99 -Wall -Wextra -Werror -pedantic -Ilibtel/include -c "$tmp/t.c" -o "$tmp/t.o"
	if command -v g++ >/dev/null; then
		cp "$tmp/t.c" "$tmp/t.cc"
		g++ -Wall -Wextra -Werror -Ilibtel/include -c "$tmp/t.cc" -o "$tmp/t.o"
	fi
	n=$((n + 1))
done
echo "headers: $n public headers compile alone"
