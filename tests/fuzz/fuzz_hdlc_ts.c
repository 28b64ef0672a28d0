// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for HDLC on a timeslot (firmware/src/hdlc_ts.c) and the
 * decoder's fast path (firmware/src/hdlc.c).
 *
 * Input: data[0] picks the rate (bit 0: 56k), the FCS option (bit 1), how
 * often the reader drains the queue (bits 2..3) and the block size (bits
 * 4..7: 1..16 octets); the rest is received timeslot octets. Checks:
 *  1. hdlc_ts_rx() on them in blocks: no crash, no out-of-bounds access,
 *     every frame handed over within its bounds, the counters consistent.
 *  2. The same octets as an LSB-first stream through hdlc_rx_bits() (fast
 *     path) and hdlc_rx_bits_ref() (bit-serial): the same frames and state.
 * Any failure calls abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fw/hdlc.h>
#include <fw/hdlc_ts.h>

struct sink {
	uint32_t n, hash;
};

static void sink_cb(void *ctx, const uint8_t *p, size_t len)
{
	struct sink *s = ctx;
	size_t i;

	s->n++;
	s->hash = s->hash * 31 + (uint32_t)len;
	for (i = 0; i < len; i++)
		s->hash = s->hash * 31 + p[i];
}

static void differential(const uint8_t *p, size_t n)
{
	uint8_t *ba = malloc(40), *bb = malloc(40);
	struct sink sa = { 0, 0 }, sb = { 0, 0 };
	struct hdlc_rx a, b;

	if (!ba || !bb || hdlc_rx_init(&a, ba, 3, 40, sink_cb, &sa) ||
	    hdlc_rx_init(&b, bb, 3, 40, sink_cb, &sb))
		abort();
	hdlc_rx_bits(&a, p, n * 8);
	hdlc_rx_bits_ref(&b, p, n * 8);
	if (sa.n != sb.n || sa.hash != sb.hash || a.ones != b.ones || a.in_frame != b.in_frame ||
	    a.overflow != b.overflow || a.idle != b.idle || a.shreg != b.shreg ||
	    a.nbits != b.nbits || a.len != b.len || a.stats.frames != b.stats.frames ||
	    a.stats.crc_errors != b.stats.crc_errors || a.stats.aborts != b.stats.aborts ||
	    a.stats.too_short != b.stats.too_short || a.stats.too_long != b.stats.too_long ||
	    a.stats.misaligned != b.stats.misaligned || a.stats.idles != b.stats.idles)
		abort();
	free(ba);
	free(bb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hdlc_ts *ts;
	struct hdlc_ts_counters c;
	unsigned int mode, drain, block;
	uint32_t handed = 0;
	size_t pos = 0;

	if (size < 1)
		return 0;
	mode = data[0];
	data++;
	size--;
	differential(data, size);

	ts = malloc(sizeof(*ts));
	if (!ts || hdlc_ts_init(ts, mode & 1 ? HDLC_TS_56K : HDLC_TS_64K, mode & 2 ? HDLC_TS_F_RX_FCS : 0,
				0))
		abort();
	drain = (mode >> 2) & 3;
	block = 1 + (mode >> 4);
	while (pos < size) {
		size_t k = size - pos < block ? size - pos : block;

		hdlc_ts_rx(ts, data + pos, k);
		pos += k;
		if (drain && (pos / block) % drain == 0) {
			uint8_t buf[HDLC_TS_FRAME_MAX + 2];
			unsigned int st;
			int len;

			while ((len = hdlc_ts_rx_frame(ts, buf, sizeof(buf), &st)) >= 0) {
				if (len < HDLC_TS_FRAME_MIN || len > HDLC_TS_FRAME_MAX + 2 || st > 15)
					abort();
				handed++;
			}
			if (len != HDLC_TS_EEMPTY)
				abort();
		}
	}
	hdlc_ts_get_counters(ts, &c);
	if (hdlc_ts_rx_pending(ts) > HDLC_TS_RX_FRAMES ||
	    c.rx_frames != handed + hdlc_ts_rx_pending(ts) + c.rx_overrun)
		abort();
	free(ts);
	return 0;
}
