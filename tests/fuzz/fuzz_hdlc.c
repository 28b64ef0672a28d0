// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the firmware HDLC codec (firmware/src/hdlc.c).
 *
 * Input: data[0] % 8 + 1 = n, then n chunk sizes (each % 65 bits, 0 allowed),
 * then the payload.  Two checks:
 *  1. The payload, taken as a raw bit stream, goes to a decoder with a small
 *     buffer in chunks of the given sizes (cycled).  It must not crash or
 *     write out of bounds, and a second decoder fed the same bits in one call
 *     must end in exactly the same state: chunking must not change results.
 *  2. The payload, taken as one frame, goes through the encoder and back
 *     through a decoder (same chunking) and must come out identical.
 * Any failure calls abort() so libFuzzer (or tests/fuzz/replay.c) reports it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fw/hdlc.h>

#define SMALL_MAX	64
#define FRAME_MAX	2048	/* longer payloads are cut for the round trip */

struct sink {
	size_t count;
	uint32_t sum;		/* touches every delivered octet for ASan */
	const uint8_t *want;	/* round trip: the frame expected back */
	size_t want_len;
	size_t max_len;		/* the decoder's, FCS included */
};

static void sink_cb(void *ctx, const uint8_t *p, size_t len)
{
	struct sink *s = ctx;
	size_t i;

	if (len + 2 > s->max_len || len < 1)
		abort();
	for (i = 0; i < len; i++)
		s->sum = s->sum * 31 + p[i];
	if (s->want && (len != s->want_len || memcmp(p, s->want, len)))
		abort();
	s->count++;
}

/* Feed @nbits bits of @p from bit 0, in chunks of sizes cycled from @sz. */
static void feed_chunked(struct hdlc_rx *rx, const uint8_t *p, size_t nbits, const uint8_t *sz,
			 size_t nsz)
{
	uint8_t tmp[9];
	size_t pos = 0, k = 0, i;

	while (pos < nbits) {
		size_t c = sz[k++ % nsz] % 65;

		if (!c) {
			/* An empty call must be harmless; then move on a bit. */
			hdlc_rx_bits(rx, tmp, 0);
			c = 1;
		}
		if (c > nbits - pos)
			c = nbits - pos;
		/* Repack from bit 0, with junk in the spare bits of the last octet. */
		memset(tmp, 0xC3, sizeof(tmp));
		for (i = 0; i < c; i++) {
			size_t b = pos + i;
			uint8_t m = (uint8_t)(1u << (i & 7));

			if ((p[b >> 3] >> (b & 7)) & 1)
				tmp[i >> 3] |= m;
			else
				tmp[i >> 3] &= (uint8_t)~m;
		}
		hdlc_rx_bits(rx, tmp, c);
		pos += c;
	}
}

static int same_state(const struct hdlc_rx *a, const struct hdlc_rx *b)
{
	const struct hdlc_stats *x = &a->stats, *y = &b->stats;

	return x->frames == y->frames && x->crc_errors == y->crc_errors &&
	       x->aborts == y->aborts && x->too_short == y->too_short &&
	       x->too_long == y->too_long && x->misaligned == y->misaligned &&
	       x->idles == y->idles && a->in_frame == b->in_frame && a->idle == b->idle &&
	       a->len == b->len && a->nbits == b->nbits && a->ones == b->ones;
}

static void raw_bits(const uint8_t *pay, size_t n, const uint8_t *sz, size_t nsz)
{
	struct sink s1 = { .max_len = SMALL_MAX }, s2 = { .max_len = SMALL_MAX };
	/* Exact-size heap buffers so ASan flags any write past max_len. */
	uint8_t *b1 = malloc(SMALL_MAX), *b2 = malloc(SMALL_MAX);
	struct hdlc_rx r1, r2;

	if (!b1 || !b2)
		abort();
	if (hdlc_rx_init(&r1, b1, 3, SMALL_MAX, sink_cb, &s1) ||
	    hdlc_rx_init(&r2, b2, 3, SMALL_MAX, sink_cb, &s2))
		abort();
	feed_chunked(&r1, pay, n * 8, sz, nsz);
	hdlc_rx_bits(&r2, pay, n * 8);
	if (!same_state(&r1, &r2) || s1.count != s2.count || s1.sum != s2.sum)
		abort();
	if (r1.len > SMALL_MAX || s1.count != r1.stats.frames)
		abort();
	free(b1);
	free(b2);
}

static void round_trip(const uint8_t *pay, size_t n, const uint8_t *sz, size_t nsz)
{
	size_t cap = hdlc_tx_worst_bits(n) / 8 + 4;
	uint8_t *bits = malloc(cap);
	size_t max_len = n + 2 < 3 ? 3 : n + 2;	/* the decoder's floor is 3 */
	uint8_t *rbuf = malloc(max_len), *sbuf = malloc(SMALL_MAX);
	struct hdlc_bitbuf out = { bits, cap, 0 };
	struct sink s = { .want = pay, .want_len = n, .max_len = max_len };
	struct sink small = { .want = pay, .want_len = n, .max_len = SMALL_MAX };
	struct hdlc_rx rx, rs;
	struct hdlc_tx tx;

	if (!bits || !rbuf || !sbuf)
		abort();
	hdlc_tx_init(&tx);
	/* Some fill before, so the frame does not start on an octet boundary. */
	if (hdlc_tx_abort(&tx, &out) || hdlc_tx_flags(&tx, &out, 1) ||
	    hdlc_tx_frame(&tx, &out, pay, n))
		abort();
	if (out.nbits > 15 + hdlc_tx_worst_bits(n))
		abort();

	if (hdlc_rx_init(&rx, rbuf, 3, (uint16_t)max_len, sink_cb, &s) ||
	    hdlc_rx_init(&rs, sbuf, 3, SMALL_MAX, sink_cb, &small))
		abort();
	feed_chunked(&rx, bits, out.nbits, sz, nsz);
	feed_chunked(&rs, bits, out.nbits, sz, nsz);
	if (n == 0) {
		/* Only an FCS: shorter than any decoder accepts. */
		if (s.count || rx.stats.too_short != 1 || rs.stats.too_short != 1)
			abort();
	} else {
		if (s.count != 1 || rx.stats.frames != 1)
			abort();
		if (n + 2 <= SMALL_MAX ? small.count != 1 : rs.stats.too_long != 1)
			abort();
	}
	if (rx.stats.crc_errors || rx.stats.aborts || rx.stats.misaligned || rx.stats.too_long)
		abort();
	free(bits);
	free(rbuf);
	free(sbuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t whole = 64;
	const uint8_t *sz = &whole, *pay;
	size_t nsz = 1, n;

	if (size >= 1) {
		nsz = data[0] % 8 + 1;
		if (size < 1 + nsz)
			return 0;
		sz = data + 1;
	}
	pay = size ? data + 1 + nsz : data;
	n = size ? size - 1 - nsz : 0;

	raw_bits(pay, n, sz, nsz);
	round_trip(pay, n > FRAME_MAX ? FRAME_MAX : n, sz, nsz);
	return 0;
}
