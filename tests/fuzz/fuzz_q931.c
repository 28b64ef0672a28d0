// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the Q.931 codec. Decodes the input in both
 * directions (the decoder's fast path is held against the generic decoder
 * first); every error-free decode is encoded again, decoded again and
 * must give the same message (q931_msg_equal, plus a field check here), and
 * encoding that second decode must give the very same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libtel/tel.h"
#include "q931/q931.h"

#define BUF_MAX 4096

static void check(int cond)
{
	if (!cond)
		abort();
}

static void round_trip(const struct q931_codec *c, enum q931_dir dir, const struct q931_msg *m)
{
	static uint8_t out[BUF_MAX], out2[BUF_MAX];
	struct q931_msg m2, m3;
	int n, n2;

	n = q931_encode(c, dir, m, out, sizeof(out));
	check(n > 0);
	check(q931_decode(c, dir, out, (size_t)n, &m2) == 0);
	check(m2.nerr == 0 && !m2.err_overflow);
	check(q931_msg_equal(m, &m2) && q931_msg_equal(&m2, m));
	/* a few fields by hand, independently of q931_msg_equal() */
	check(m->type == m2.type && m->cref == m2.cref && m->present == m2.present);
	check(m->ncauses == m2.ncauses && m->nprogress == m2.nprogress && m->nraw == m2.nraw);
	if (Q931_HAS(m, Q931_I_USER_USER))
		check(m->uui.len == m2.uui.len &&
		      (!m->uui.len || !memcmp(m->uui.data, m2.uui.data, m->uui.len)));
	/* encoding is a function of the decoded message: same bytes again */
	n2 = q931_encode(c, dir, &m2, out2, sizeof(out2));
	check(n2 == n && !memcmp(out, out2, (size_t)n));
	/* too small a buffer is refused, never overrun */
	check(q931_encode(c, dir, &m2, out2, (size_t)n - 1) == TEL_ENOSPC);
	check(q931_decode(c, dir, out2, (size_t)n, &m3) == 0 && q931_msg_equal(&m2, &m3));
}

/* Where the decoder's fast path takes a message, the generic decoder finds it clean and equal. */
static void fast_vs_generic(const struct q931_codec *c, enum q931_dir dir, const uint8_t *data,
			    size_t size)
{
	static struct q931_msg f, g;

	if (!q931_decode_fast(c, dir, data, size, &f))
		return;
	check(q931_decode_generic(c, dir, data, size, &g) == 0);
	check(g.nerr == 0 && !g.err_overflow);
	check(q931_msg_equal(&f, &g) && q931_msg_equal(&g, &f));
	check(f.ncauses == g.ncauses && f.nprogress == g.nprogress && f.nraw == g.nraw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct q931_codec c;
	struct q931_msg m;
	int dir, rc;

	if (size > BUF_MAX / 2)
		return 0;
	q931_codec_init(&c);
	for (dir = Q931_NET_TO_USER; dir <= Q931_USER_TO_NET; dir++) {
		fast_vs_generic(&c, (enum q931_dir)dir, data, size);
		rc = q931_decode(&c, (enum q931_dir)dir, data, size, &m);
		check(rc == 0 || rc == TEL_EPROTO);
		check(m.nerr <= Q931_MAX_ERRORS);
		check(q931_msg_verdict(&m) >= 0);
		if (rc == 0 && m.nerr == 0 && !m.err_overflow)
			round_trip(&c, (enum q931_dir)dir, &m);
	}
	return 0;
}
