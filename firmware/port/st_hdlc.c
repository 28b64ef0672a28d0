// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-test of the HDLC engine (fw/hdlc.h) on the card's CPU: frames from
 * the encoder over a "cable" (a bit buffer that can flip bits) into the
 * decoder, fed one octet at a time as a 64 kbit/s timeslot delivers them.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/hdlc.h>

#include "selftest.h"

#define MAX_INFO	260	/* Q.921 N201 */
#define LOOP_FRAMES	24
/* Two idle flags, then the worst case of the longest frame. */
#define LINE_OCTETS	((16 + hdlc_tx_worst_bits(MAX_INFO) + 7) / 8)

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* What the decoder delivered, against the frame in flight. */
struct loop {
	const uint8_t *want;
	size_t want_len;
	uint32_t delivered, matched;
};

static void on_frame(void *ctx, const uint8_t *p, size_t len)
{
	struct loop *l = ctx;
	size_t i;

	l->delivered++;
	if (len != l->want_len)
		return;
	for (i = 0; i < len; i++) {
		if (p[i] != l->want[i])
			return;
	}
	l->matched++;
}

/* Frame @i: short and long lengths, random, flag-like (stuffing) and zero contents. */
static size_t make_frame(uint8_t *fr, unsigned int i, uint32_t *seed)
{
	static const uint16_t lens[] = { 1, 2, 3, 5, 31, 64, 129, 200, 255, MAX_INFO };
	size_t len = lens[i % (sizeof(lens) / sizeof(lens[0]))], k;

	for (k = 0; k < len; k++) {
		switch (i % 3) {
		case 0:
			fr[k] = (uint8_t)xorshift32(seed);
			break;
		case 1:
			fr[k] = (k & 1) ? 0xFF : HDLC_FLAG;
			break;
		default:
			fr[k] = 0;
			break;
		}
	}
	return len;
}

/*
 * Sends @n frames through the cable into @rx, flipping @flips bits inside
 * each frame (between its flags). Returns 0, or -1 if the encoder refused.
 */
static int run_loop(struct hdlc_rx *rx, struct loop *l, unsigned int n, unsigned int flips,
		    uint32_t seed)
{
	uint8_t fr[MAX_INFO], line[LINE_OCTETS];
	struct hdlc_tx tx;
	unsigned int i, k;

	hdlc_tx_init(&tx);
	for (i = 0; i < n; i++) {
		struct hdlc_bitbuf bb = { line, sizeof(line), 0 };
		size_t len = make_frame(fr, i, &seed), body, end, off;

		if (hdlc_tx_flags(&tx, &bb, 2))
			return -1;
		body = bb.nbits + 8;
		if (hdlc_tx_frame(&tx, &bb, fr, len))
			return -1;
		end = bb.nbits - 8;
		for (k = 0; k < flips; k++) {
			size_t bit = body + xorshift32(&seed) % (end - body);

			line[bit >> 3] ^= (uint8_t)(1u << (bit & 7));
		}
		l->want = fr;
		l->want_len = len;
		for (off = 0; off < bb.nbits; off += 8)
			hdlc_rx_bits(rx, line + off / 8, bb.nbits - off < 8 ? bb.nbits - off : 8);
	}
	return 0;
}

bool st_hdlc_loop(struct st_fail *f)
{
	uint8_t buf[MAX_INFO + 2];
	struct loop l = { 0 };
	struct hdlc_rx rx;

	ST_EQ(f, hdlc_rx_init(&rx, buf, 3, sizeof(buf), on_frame, &l), 0, "hdlc_rx_init");
	ST_EQ(f, run_loop(&rx, &l, LOOP_FRAMES, FW_SELFTEST_CABLE_FLIPS, 0x1234567u), 0,
	      "encoder refused a frame");
	ST_EQ(f, l.delivered, LOOP_FRAMES, "frames delivered");
	ST_EQ(f, l.matched, LOOP_FRAMES, "frames byte-exact");
	ST_EQ(f, rx.stats.frames, LOOP_FRAMES, "decoder's frame count");
	ST_EQ(f, rx.stats.crc_errors + rx.stats.aborts + rx.stats.misaligned +
	      rx.stats.too_short + rx.stats.too_long, 0, "decoder's error counts");
	return true;
}

bool st_hdlc_errors(struct st_fail *f)
{
	uint8_t buf[MAX_INFO + 2];
	struct loop l = { 0 };
	struct hdlc_rx rx;
	uint32_t errors;

	ST_EQ(f, hdlc_rx_init(&rx, buf, 3, sizeof(buf), on_frame, &l), 0, "hdlc_rx_init");
	ST_EQ(f, run_loop(&rx, &l, LOOP_FRAMES, 1, 0xC0FFEEu), 0, "encoder refused a frame");
	/* Each frame keeps its flags, so each is judged on its own and none gets through. */
	ST_EQ(f, l.delivered, 0, "frames delivered despite a bit error");
	errors = rx.stats.crc_errors + rx.stats.aborts + rx.stats.misaligned + rx.stats.too_short +
		 rx.stats.too_long;
	ST_TRUE(f, errors >= LOOP_FRAMES, "every damaged frame counted as an error");
	ST_TRUE(f, rx.stats.crc_errors > 0, "bad-FCS frames counted");
	return true;
}

bool st_hdlc_abort_idle(struct st_fail *f)
{
	static const uint8_t info[] = { 0x02, 0x01, 0x7F, 0x08, 0x02, 0x00, 0x01, 0x05 };
	uint8_t buf[MAX_INFO + 2], line[64];
	struct hdlc_bitbuf bb = { line, sizeof(line), 0 };
	struct loop l = { info, sizeof(info), 0, 0 };
	struct hdlc_rx rx;
	struct hdlc_tx tx;

	ST_EQ(f, hdlc_rx_init(&rx, buf, 3, sizeof(buf), on_frame, &l), 0, "hdlc_rx_init");
	hdlc_tx_init(&tx);
	/* A frame cut off by an abort: an opening flag, some octets, seven 1s. */
	ST_EQ(f, hdlc_tx_flags(&tx, &bb, 1), 0, "hdlc_tx_flags");
	line[1] = line[2] = 0;	/* two zero octets of frame data */
	bb.nbits += 16;
	ST_EQ(f, hdlc_tx_abort(&tx, &bb), 0, "hdlc_tx_abort");
	hdlc_rx_bits(&rx, line, bb.nbits);
	ST_EQ(f, rx.stats.aborts, 1, "aborts counted");
	ST_EQ(f, l.delivered, 0, "frames delivered from an aborted frame");
	/* Sixteen 1s: the line goes idle. */
	line[0] = line[1] = 0xFF;
	hdlc_rx_bits(&rx, line, 16);
	ST_TRUE(f, hdlc_rx_is_idle(&rx), "idle after sixteen 1s");
	ST_EQ(f, rx.stats.idles, 1, "idle periods counted");
	/* A good frame after it gets through and ends the idle state. */
	bb.nbits = 0;
	ST_EQ(f, hdlc_tx_frame(&tx, &bb, info, sizeof(info)), 0, "hdlc_tx_frame");
	hdlc_rx_bits(&rx, line, bb.nbits);
	ST_TRUE(f, !hdlc_rx_is_idle(&rx), "idle ended by a flag");
	ST_EQ(f, l.matched, 1, "frame after idle byte-exact");
	return true;
}
