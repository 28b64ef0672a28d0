#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# libtel.a exports only the public tel_* symbols: a program that links it
# statically may define the library's internal names itself (line_new,
# timer_init, cc_rx, ...), and libpri beside it links too.
set -euo pipefail
BUILD=${BUILD:-build/san}
LIBA=$BUILD/libtel.a
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
bad=$(nm -g --defined-only "$LIBA" | awk 'NF == 3 && $3 !~ /^tel_/ {print $3}')
if [ -n "$bad" ]; then
	echo "static_symbols: libtel.a defines non-public global symbols:" $bad
	exit 1
fi
n=$(nm -g --defined-only "$LIBA" | awk 'NF == 3' | wc -l)
want=$(grep -cE '^[[:space:]]*tel_[A-Za-z0-9_]*;' libtel/libtel.map)
if [ "$n" -ne "$want" ]; then
	echo "static_symbols: libtel.a defines $n global symbols, the version script lists $want"
	exit 1
fi
cat > "$stage/app.c" <<'C'
#include <libtel/tel.h>
#include <libpri.h>
#include <stdio.h>

/* names libtel uses inside: the application's own now */
int line_new(void);
int timer_init(void);
int cc_rx(void);
int lapd_init(void);
int line_new(void) { return 1; }
int timer_init(void) { return 2; }
int cc_rx(void) { return 3; }
int lapd_init(void) { return 4; }

static uint64_t now;
static uint64_t clk(void *u) { (void)u; return now; }

int main(void)
{
	struct tel_ctx_opts o = { .clock_ms = clk };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	tel_ctx *ctx;
	tel_line *a, *b;

	n.side = TEL_SIDE_NETWORK;
	if (tel_ctx_new(&ctx, &o) || tel_line_pair(ctx, &u, &n, &a, &b))
		return 1;
	for (int i = 0; i < 10; i++, now += 100)
		tel_ctx_run(ctx, 0);
	if (!tel_line_up(a) || line_new() + timer_init() + cc_rx() + lapd_init() != 10)
		return 1;
	printf("static_symbols: libtel %s linked statically beside libpri (%s) and the application's own line_new/timer_init/cc_rx/lapd_init\n",
	       tel_version(), pri_node2str(PRI_NETWORK));
	tel_ctx_free(ctx);
	return 0;
}
C
flags=""
all=$(nm "$LIBA")
if grep -q __asan_ <<<"$all"; then flags="-fsanitize=address,undefined"; fi	# the make check build
gcc -std=gnu11 -Wall -Werror $flags -Ilibtel/include "$stage/app.c" "$LIBA" -lpri -o "$stage/app"
"$stage/app"
