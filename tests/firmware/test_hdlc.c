// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tests for the firmware HDLC codec (firmware/src/hdlc.c).
 *
 * Expected values never come from the code under test: the FCS and the
 * bit-stuffed streams are checked against a deliberately naive bit-by-bit
 * reference in this file (one bit per byte, bitwise CRC), and against golden
 * values worked out separately with a few lines of bitwise Python.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fw/hdlc.h>

/* --- Helpers ------------------------------------------------------------ */

static uint32_t rng_next(uint32_t *s)
{
	/* xorshift32: fixed seeds make every run check the same streams. */
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static unsigned int rng_range(uint32_t *s, unsigned int lo, unsigned int hi)
{
	return lo + rng_next(s) % (hi - lo + 1);
}

/* Reference CRC-16/X.25, one bit at a time, straight from the definition. */
static uint16_t ref_crc(uint16_t crc, const uint8_t *p, size_t len)
{
	size_t i;
	int b;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (b = 0; b < 8; b++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0x8408) : (uint16_t)(crc >> 1);
	}
	return crc;
}

static uint16_t ref_fcs(const uint8_t *p, size_t len)
{
	return (uint16_t)(ref_crc(0xFFFF, p, len) ^ 0xFFFF);
}

/* A bit stream kept one bit per byte, so the reference code stays obvious. */
struct bs {
	uint8_t *bit;
	size_t n;
	size_t cap;
};

static void bs_init(struct bs *s, size_t cap)
{
	s->bit = malloc(cap);
	assert_non_null(s->bit);
	s->n = 0;
	s->cap = cap;
}

static void bs_free(struct bs *s)
{
	free(s->bit);
	s->bit = NULL;
}

static void bs_put(struct bs *s, unsigned int bit)
{
	assert_true(s->n < s->cap);
	s->bit[s->n++] = (uint8_t)(bit & 1);
}

static void bs_ones(struct bs *s, unsigned int n)
{
	while (n--)
		bs_put(s, 1);
}

static void bs_flags(struct bs *s, unsigned int n)
{
	unsigned int i;

	while (n--)
		for (i = 0; i < 8; i++)
			bs_put(s, (0x7E >> i) & 1);
}

/* Append @n bits of @v (LSB first) with zero insertion, continuing run @ones. */
static void bs_stuffed_bits(struct bs *s, uint32_t v, unsigned int n, unsigned int *ones)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unsigned int b = (v >> i) & 1;

		bs_put(s, b);
		*ones = b ? *ones + 1 : 0;
		if (*ones == 5) {
			bs_put(s, 0);
			*ones = 0;
		}
	}
}

/*
 * Reference frame: opening flag, @raw octets as given (the caller supplies
 * the FCS, right or deliberately wrong), @nextra more bits of @extra, all
 * stuffed, closing flag (left off if !@close).
 */
static void ref_frame_raw(struct bs *s, const uint8_t *raw, size_t n, unsigned int nextra,
			  uint32_t extra, bool close)
{
	unsigned int ones = 0;
	size_t i;

	bs_flags(s, 1);
	for (i = 0; i < n; i++)
		bs_stuffed_bits(s, raw[i], 8, &ones);
	bs_stuffed_bits(s, extra, nextra, &ones);
	if (close)
		bs_flags(s, 1);
}

/* Reference frame with its correct FCS; @flip (if >= 0) flips that bit of data+FCS. */
static void ref_frame(struct bs *s, const uint8_t *p, size_t len, long flip)
{
	uint8_t *raw = malloc(len + 2);
	uint16_t fcs = ref_fcs(p, len);

	assert_non_null(raw);
	if (len)
		memcpy(raw, p, len);
	raw[len] = (uint8_t)fcs;
	raw[len + 1] = (uint8_t)(fcs >> 8);
	if (flip >= 0)
		raw[flip / 8] ^= (uint8_t)(1u << (flip % 8));
	ref_frame_raw(s, raw, len + 2, 0, 0, true);
	free(raw);
}

/* Pack bits [from, from + n) of @s LSB-first into @out; spare bits get junk. */
static void bs_pack(const struct bs *s, size_t from, size_t n, uint8_t *out)
{
	size_t i;

	memset(out, 0xA5, (n + 7) / 8);
	for (i = 0; i < n; i++) {
		uint8_t m = (uint8_t)(1u << (i % 8));

		if (s->bit[from + i])
			out[i / 8] |= m;
		else
			out[i / 8] &= (uint8_t)~m;
	}
}

static void bs_from_packed(struct bs *s, const uint8_t *p, size_t nbits)
{
	size_t i;

	for (i = 0; i < nbits; i++)
		bs_put(s, (p[i / 8] >> (i % 8)) & 1);
}

/* Received frames, copied out of the callback. */
#define MAXF	64
#define MAXLEN	1100

struct rxlog {
	size_t count;
	size_t len[MAXF];
	uint8_t data[MAXF][MAXLEN];
};

static void rx_cb(void *ctx, const uint8_t *p, size_t len)
{
	struct rxlog *log = ctx;

	assert_true(len <= MAXLEN);
	if (log->count < MAXF) {
		log->len[log->count] = len;
		memcpy(log->data[log->count], p, len);
	}
	log->count++;
}

struct rig {
	struct hdlc_rx rx;
	uint8_t *buf;
	struct rxlog *log;
};

static void rig_init(struct rig *r, uint16_t min_len, uint16_t max_len)
{
	/* Exactly max_len octets, so ASan catches any write past the end. */
	r->buf = malloc(max_len);
	r->log = calloc(1, sizeof(*r->log));
	assert_non_null(r->buf);
	assert_non_null(r->log);
	assert_int_equal(hdlc_rx_init(&r->rx, r->buf, min_len, max_len, rx_cb, r->log), 0);
}

static void rig_free(struct rig *r)
{
	free(r->buf);
	free(r->log);
}

/* Feed the whole stream in one call. */
static void feed(struct hdlc_rx *rx, const struct bs *s)
{
	uint8_t *tmp = malloc(s->n / 8 + 1);

	assert_non_null(tmp);
	bs_pack(s, 0, s->n, tmp);
	hdlc_rx_bits(rx, tmp, s->n);
	free(tmp);
}

/* Feed the stream in chunks of @lo..@hi bits (at most 64), each repacked from bit 0. */
static void feed_chunked(struct hdlc_rx *rx, const struct bs *s, uint32_t *seed, unsigned int lo,
			 unsigned int hi)
{
	uint8_t tmp[8];
	size_t pos = 0;

	while (pos < s->n) {
		size_t c = rng_range(seed, lo, hi);

		if (c > s->n - pos)
			c = s->n - pos;
		bs_pack(s, pos, c, tmp);
		hdlc_rx_bits(rx, tmp, c);
		pos += c;
	}
}

static void assert_stats(const struct hdlc_stats *st, uint32_t frames, uint32_t crc,
			 uint32_t aborts, uint32_t shrt, uint32_t lng, uint32_t mis, uint32_t idles)
{
	assert_int_equal(st->frames, frames);
	assert_int_equal(st->crc_errors, crc);
	assert_int_equal(st->aborts, aborts);
	assert_int_equal(st->too_short, shrt);
	assert_int_equal(st->too_long, lng);
	assert_int_equal(st->misaligned, mis);
	assert_int_equal(st->idles, idles);
}

static void assert_frame(const struct rxlog *log, size_t i, const uint8_t *p, size_t len)
{
	assert_true(i < log->count);
	assert_int_equal(log->len[i], len);
	assert_memory_equal(log->data[i], p, len);
}

/* Golden LAPD frames (Q.921, SAPI 0, TEI 0) and a Q.931 SETUP in an I frame. */
static const uint8_t sabme_user[] = { 0x00, 0x01, 0x7F };	/* user command, P=1 */
static const uint8_t sabme_net[] = { 0x02, 0x01, 0x7F };	/* network command, P=1 */
static const uint8_t ua_net[] = { 0x00, 0x01, 0x73 };		/* network response, F=1 */
static const uint8_t disc_net[] = { 0x02, 0x01, 0x53 };	/* network command, P=1 */
static const uint8_t rr_user[] = { 0x00, 0x01, 0x01, 0x01 };	/* RR N(R)=0 P=1 */
static const uint8_t iframe_setup[] = {
	0x00, 0x01, 0x00, 0x00,			/* I, N(S)=0 N(R)=0 */
	0x08, 0x02, 0x00, 0x01, 0x05,		/* Q.931 SETUP, call ref 1 */
	0x04, 0x03, 0x80, 0x90, 0xA2,		/* bearer: speech, 64k, A-law */
	0x18, 0x03, 0xA9, 0x83, 0x81,		/* channel id: PRI, exclusive, B1 */
	0x70, 0x05, 0x81, 0x31, 0x32, 0x33, 0x34,	/* called party "1234" */
};

/* --- FCS ---------------------------------------------------------------- */

static void test_fcs_check_value(void **state)
{
	static const uint8_t check[] = "123456789";

	(void)state;
	assert_int_equal(hdlc_fcs(check, 9), 0x906E);
	assert_int_equal(hdlc_fcs_update(HDLC_FCS_INIT, check, 9) ^ 0xFFFF, 0x906E);
	/* Running update over pieces gives the same result as one pass. */
	assert_int_equal(hdlc_fcs_update(hdlc_fcs_update(HDLC_FCS_INIT, check, 4), check + 4, 5),
			 hdlc_fcs_update(HDLC_FCS_INIT, check, 9));
	assert_int_equal(hdlc_fcs(NULL, 0), 0x0000);
	assert_int_equal(ref_fcs(check, 9), 0x906E);
}

static void test_fcs_matches_bitwise(void **state)
{
	uint32_t seed = 0x1234567u;
	uint8_t buf[300];
	int iter;
	size_t i;

	(void)state;
	/* Every octet value in every register position the table can see. */
	for (i = 0; i < 256; i++) {
		uint8_t b = (uint8_t)i;

		assert_int_equal(hdlc_fcs_update(0x0000, &b, 1), ref_crc(0x0000, &b, 1));
		assert_int_equal(hdlc_fcs_update(0xFFFF, &b, 1), ref_crc(0xFFFF, &b, 1));
		assert_int_equal(hdlc_fcs_update(0x5AC3, &b, 1), ref_crc(0x5AC3, &b, 1));
	}
	for (iter = 0; iter < 200; iter++) {
		size_t len = rng_range(&seed, 0, sizeof(buf));

		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)rng_next(&seed);
		assert_int_equal(hdlc_fcs(buf, len), ref_fcs(buf, len));
	}
}

static void test_fcs_residue(void **state)
{
	uint32_t seed = 99;
	uint8_t buf[64];
	int iter;
	size_t i;

	(void)state;
	for (iter = 0; iter < 100; iter++) {
		size_t len = rng_range(&seed, 0, sizeof(buf) - 2);
		uint16_t fcs;

		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)rng_next(&seed);
		fcs = hdlc_fcs(buf, len);
		buf[len] = (uint8_t)fcs;		/* low octet first */
		buf[len + 1] = (uint8_t)(fcs >> 8);
		assert_int_equal(hdlc_fcs_update(HDLC_FCS_INIT, buf, len + 2), HDLC_FCS_GOOD);
		/* Sent high octet first, the residue is wrong (unless symmetric). */
		if ((fcs & 0xff) != (fcs >> 8)) {
			buf[len] = (uint8_t)(fcs >> 8);
			buf[len + 1] = (uint8_t)fcs;
			assert_int_not_equal(hdlc_fcs_update(HDLC_FCS_INIT, buf, len + 2),
					     HDLC_FCS_GOOD);
		}
	}
}

static void test_golden_lapd_fcs(void **state)
{
	/* FCS values computed separately (bitwise Python), as sent: low, high. */
	static const struct {
		const uint8_t *p;
		size_t len;
		uint8_t lo, hi;
	} g[] = {
		{ sabme_user, sizeof(sabme_user), 0x64, 0x54 },
		{ sabme_net, sizeof(sabme_net), 0xDC, 0xE1 },
		{ ua_net, sizeof(ua_net), 0x08, 0x9E },
		{ disc_net, sizeof(disc_net), 0xB2, 0x0A },
		{ rr_user, sizeof(rr_user), 0x53, 0xAE },
		{ iframe_setup, sizeof(iframe_setup), 0x7A, 0x26 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		uint16_t want = (uint16_t)(g[i].lo | g[i].hi << 8);

		assert_int_equal(ref_fcs(g[i].p, g[i].len), want);
		assert_int_equal(hdlc_fcs(g[i].p, g[i].len), want);
	}
}

/* --- Encoder ------------------------------------------------------------ */

/* Compare the first @nbits of @got with golden packed octets @want. */
static void assert_bits_equal(const uint8_t *got, const uint8_t *want, size_t nbits)
{
	size_t i;

	for (i = 0; i < nbits; i++)
		assert_int_equal((got[i / 8] >> (i % 8)) & 1, (want[i / 8] >> (i % 8)) & 1);
}

static void test_golden_encoded_streams(void **state)
{
	/*
	 * Worked out by hand / bitwise Python, LSB first.  FF FF + FCS FF FF is
	 * 32 ones: six stuffed 0s, 54 bits: 7E | DF F7 7D DF B7 | 1F (6 bits).
	 * SABME 00 01 7F: the 7F needs one stuffed 0, so 57 bits.
	 */
	static const uint8_t ffff[] = { 0xFF, 0xFF };
	static const uint8_t ffff_bits[] = { 0x7E, 0xDF, 0xF7, 0x7D, 0xDF, 0xB7, 0x1F };
	static const uint8_t sabme_bits[] = { 0x7E, 0x00, 0x01, 0xDF, 0xC8, 0xA8, 0xFC, 0x00 };
	static const uint8_t ua_bits[] = { 0x7E, 0x00, 0x01, 0x73, 0x08, 0x9E, 0x7E };
	static const uint8_t setup_bits[] = {
		0x7E, 0x00, 0x01, 0x00, 0x00, 0x08, 0x02, 0x00, 0x01, 0x05, 0x04, 0x03, 0x80,
		0x90, 0xA2, 0x18, 0x03, 0xA9, 0x83, 0x81, 0x70, 0x05, 0x81, 0x31, 0x32, 0x33,
		0x34, 0x7A, 0x26, 0x7E,
	};
	uint8_t buf[64];
	struct hdlc_bitbuf out = { buf, sizeof(buf), 0 };
	struct hdlc_tx tx;

	(void)state;
	hdlc_tx_init(&tx);

	memset(buf, 0x55, sizeof(buf));
	assert_int_equal(hdlc_tx_frame(&tx, &out, ffff, 2), 0);
	assert_int_equal(out.nbits, 54);
	assert_bits_equal(buf, ffff_bits, 54);

	out.nbits = 0;
	assert_int_equal(hdlc_tx_frame(&tx, &out, sabme_user, 3), 0);
	assert_int_equal(out.nbits, 57);
	assert_bits_equal(buf, sabme_bits, 57);

	out.nbits = 0;
	assert_int_equal(hdlc_tx_frame(&tx, &out, ua_net, 3), 0);
	assert_int_equal(out.nbits, 56);
	assert_bits_equal(buf, ua_bits, 56);

	out.nbits = 0;
	assert_int_equal(hdlc_tx_frame(&tx, &out, iframe_setup, sizeof(iframe_setup)), 0);
	assert_int_equal(out.nbits, 240);
	assert_bits_equal(buf, setup_bits, 240);
}

static void test_tx_flags_and_abort(void **state)
{
	static const uint8_t want[] = { 0x7E, 0x7E, 0x7E, 0x7F };	/* + 7 ones */
	uint8_t buf[8];
	struct hdlc_bitbuf out = { buf, sizeof(buf), 0 };
	struct hdlc_tx tx;

	(void)state;
	hdlc_tx_init(&tx);
	/* Junk in the buffer must be overwritten both ways, 0 and 1. */
	memset(buf, 0x81, sizeof(buf));
	assert_int_equal(hdlc_tx_flags(&tx, &out, 3), 0);
	assert_int_equal(out.nbits, 24);
	assert_int_equal(hdlc_tx_abort(&tx, &out), 0);
	assert_int_equal(out.nbits, 31);
	assert_bits_equal(buf, want, 31);
	/* Bits past the end are left alone. */
	assert_int_equal(buf[3] & 0x80, 0x80);
	assert_int_equal(buf[4], 0x81);
	assert_int_equal(hdlc_tx_flags(&tx, &out, 0), 0);
	assert_int_equal(out.nbits, 31);
}

static void test_tx_matches_reference(void **state)
{
	uint32_t seed = 777;
	uint8_t data[300];
	uint8_t buf[512];
	struct hdlc_tx tx;
	int iter;
	size_t i;

	(void)state;
	hdlc_tx_init(&tx);
	for (iter = 0; iter < 300; iter++) {
		size_t len = rng_range(&seed, 0, 300);
		size_t off = rng_range(&seed, 0, 15);
		unsigned int kind = rng_range(&seed, 0, 3);
		struct hdlc_bitbuf out = { buf, sizeof(buf), off };
		struct bs got, want;

		for (i = 0; i < len; i++) {
			uint8_t r = (uint8_t)rng_next(&seed);

			/* Plenty of long runs of 1s, where stuffing gets tricky. */
			data[i] = kind == 0 ? 0xFF : kind == 1 ? (r | 0x7E) : r;
		}
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)rng_next(&seed);
		assert_int_equal(hdlc_tx_frame(&tx, &out, data, len), 0);
		assert_true(out.nbits - off <= hdlc_tx_worst_bits(len));

		bs_init(&want, 4096);
		bs_init(&got, 4096);
		ref_frame(&want, data, len, -1);
		bs_from_packed(&got, buf, out.nbits);
		assert_int_equal(got.n - off, want.n);
		assert_memory_equal(got.bit + off, want.bit, want.n);
		bs_free(&got);
		bs_free(&want);
	}
}

static void test_zero_insertion(void **state)
{
	uint32_t seed = 4242;
	uint8_t data[200];
	uint8_t buf[400];
	struct hdlc_tx tx;
	int iter;

	(void)state;
	hdlc_tx_init(&tx);
	for (iter = 0; iter < 200; iter++) {
		size_t len = rng_range(&seed, 0, sizeof(data));
		struct hdlc_bitbuf out = { buf, sizeof(buf), 0 };
		uint8_t raw[202];
		size_t i, nraw = 0, run = 0;
		unsigned int acc = 0, nacc = 0;
		uint16_t fcs;

		for (i = 0; i < len; i++)
			data[i] = (iter & 1) ? 0xFF : (uint8_t)(rng_next(&seed) | 0x3C);
		assert_int_equal(hdlc_tx_frame(&tx, &out, data, len), 0);
		/* Flags at both ends, exactly. */
		assert_int_equal(buf[0], 0x7E);
		for (i = 0; i < 8; i++) {
			size_t b = out.nbits - 8 + i;

			assert_int_equal((buf[b / 8] >> (b % 8)) & 1, (0x7E >> i) & 1);
		}
		/*
		 * Between them: never six 1s in a row, a 0 after every five,
		 * and dropping those 0s gives back data + FCS low octet first.
		 */
		for (i = 8; i < out.nbits - 8; i++) {
			unsigned int b = (buf[i / 8] >> (i % 8)) & 1;

			if (run == 5) {
				assert_int_equal(b, 0);
				run = 0;
				continue;
			}
			run = b ? run + 1 : 0;
			assert_true(run < 6);
			acc |= b << nacc;
			if (++nacc == 8) {
				assert_true(nraw < sizeof(raw));
				raw[nraw++] = (uint8_t)acc;
				acc = 0;
				nacc = 0;
			}
		}
		assert_int_equal(nacc, 0);
		assert_int_equal(nraw, len + 2);
		assert_memory_equal(raw, data, len);
		fcs = ref_fcs(data, len);
		assert_int_equal(raw[len], fcs & 0xff);
		assert_int_equal(raw[len + 1], fcs >> 8);
	}
}

static void test_tx_no_room(void **state)
{
	static const uint8_t ones[40] = {
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
		0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	};
	uint8_t buf[64], copy[64];
	struct hdlc_bitbuf out = { buf, 7, 0 };
	struct hdlc_tx tx;
	size_t len;

	(void)state;
	hdlc_tx_init(&tx);
	memset(buf, 0x3C, sizeof(buf));
	memcpy(copy, buf, sizeof(buf));

	/* SABME needs 57 bits: 56 is one short, and nothing may be written. */
	assert_int_equal(hdlc_tx_frame(&tx, &out, sabme_user, 3), -1);
	assert_int_equal(out.nbits, 0);
	assert_memory_equal(buf, copy, sizeof(buf));
	out.cap = 8;
	assert_int_equal(hdlc_tx_frame(&tx, &out, sabme_user, 3), 0);
	assert_int_equal(out.nbits, 57);

	/* 7 bits left: an abort fits, then no flag does. */
	assert_int_equal(hdlc_tx_flags(&tx, &out, 1), -1);
	assert_int_equal(out.nbits, 57);
	assert_int_equal(hdlc_tx_abort(&tx, &out), 0);
	assert_int_equal(out.nbits, 64);
	assert_int_equal(hdlc_tx_abort(&tx, &out), -1);
	assert_int_equal(hdlc_tx_flags(&tx, &out, 0), 0);

	/* Bad arguments. */
	assert_int_equal(hdlc_tx_frame(&tx, NULL, sabme_user, 3), -1);
	assert_int_equal(hdlc_tx_frame(&tx, &out, NULL, 3), -1);
	assert_int_equal(hdlc_tx_flags(NULL, &out, 1), -1);

	/* The worst case the header promises is enough for the most stuffing. */
	for (len = 0; len <= sizeof(ones); len++) {
		size_t worst = hdlc_tx_worst_bits(len);
		struct hdlc_bitbuf w = { buf, (worst + 7) / 8, 0 };

		assert_true(w.cap <= sizeof(buf));
		assert_int_equal(hdlc_tx_frame(&tx, &w, ones, len), 0);
		assert_true(w.nbits <= worst);
		assert_true(w.nbits >= 16 + (len + 2) * 8);
	}
}

/* --- Decoder ------------------------------------------------------------ */

static void test_rx_init_args(void **state)
{
	struct hdlc_rx rx;
	uint8_t buf[16];
	int ctx;

	(void)state;
	assert_int_equal(hdlc_rx_init(NULL, buf, 3, 16, rx_cb, &ctx), -1);
	assert_int_equal(hdlc_rx_init(&rx, NULL, 3, 16, rx_cb, &ctx), -1);
	assert_int_equal(hdlc_rx_init(&rx, buf, 3, 16, NULL, &ctx), -1);
	assert_int_equal(hdlc_rx_init(&rx, buf, 2, 16, rx_cb, &ctx), -1);
	assert_int_equal(hdlc_rx_init(&rx, buf, 0, 16, rx_cb, &ctx), -1);
	assert_int_equal(hdlc_rx_init(&rx, buf, 10, 9, rx_cb, &ctx), -1);

	/* A dirty structure comes out clean. */
	memset(&rx, 0xFF, sizeof(rx));
	assert_int_equal(hdlc_rx_init(&rx, buf, 3, 3, rx_cb, &ctx), 0);
	assert_int_equal(rx.min_len, 3);
	assert_int_equal(rx.max_len, 3);
	assert_ptr_equal(rx.buf, buf);
	assert_ptr_equal(rx.cb_ctx, &ctx);
	assert_false(rx.in_frame);
	assert_false(hdlc_rx_is_idle(&rx));
	assert_int_equal(rx.ones, 0);
	assert_stats(&rx.stats, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(hdlc_rx_init(&rx, buf, 3, 16, rx_cb, NULL), 0);

	/* No bits, or no buffer, is harmless. */
	hdlc_rx_bits(&rx, NULL, 100);
	hdlc_rx_bits(&rx, buf, 0);
	assert_false(rx.in_frame);
}

static void test_rx_golden_frames(void **state)
{
	struct rig r;
	struct bs s;

	(void)state;
	rig_init(&r, 3, 64);
	bs_init(&s, 4096);
	ref_frame(&s, sabme_user, 3, -1);
	ref_frame(&s, ua_net, 3, -1);
	ref_frame(&s, disc_net, 3, -1);
	ref_frame(&s, rr_user, 4, -1);
	ref_frame(&s, iframe_setup, sizeof(iframe_setup), -1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 5, 0, 0, 0, 0, 0, 0);
	assert_frame(r.log, 0, sabme_user, 3);
	assert_frame(r.log, 1, ua_net, 3);
	assert_frame(r.log, 2, disc_net, 3);
	assert_frame(r.log, 3, rr_user, 4);
	assert_frame(r.log, 4, iframe_setup, sizeof(iframe_setup));
	bs_free(&s);
	rig_free(&r);
}

static void test_round_trip_random(void **state)
{
	uint32_t seed = 20240611u;
	static uint8_t frames[16][260];
	size_t lens[16];
	unsigned int next_len = 3;
	uint32_t total = 0, idles = 0;
	size_t cap = 16 * (hdlc_tx_worst_bits(260) / 8 + 8) + 64;
	uint8_t *buf = malloc(cap);
	struct hdlc_tx tx;
	struct rig r;
	int batch;

	(void)state;
	assert_non_null(buf);
	hdlc_tx_init(&tx);
	rig_init(&r, 3, 262);

	/* Every length 3..260 once, then random ones. */
	for (batch = 0; batch < 24; batch++) {
		struct hdlc_bitbuf out = { buf, cap, 0 };
		struct bs s;
		size_t n = 16, i, j;

		for (i = 0; i < cap; i++)
			buf[i] = (uint8_t)rng_next(&seed);
		/*
		 * The first batch starts with 0..7 junk bits, so the flags land
		 * at any offset; later ones continue the stream where the last
		 * left off (in a frame after flags, where junk would count).
		 */
		out.nbits = batch ? 0 : rng_range(&seed, 0, 7);
		r.log->count = 0;
		for (i = 0; i < n; i++) {
			unsigned int kind = rng_range(&seed, 0, 7);

			lens[i] = next_len <= 260 ? next_len++ : rng_range(&seed, 3, 260);
			for (j = 0; j < lens[i]; j++) {
				uint8_t v = (uint8_t)rng_next(&seed);

				frames[i][j] = kind == 0 ? 0xFF : kind == 1 ? 0x7E : v;
			}
			assert_int_equal(hdlc_tx_frame(&tx, &out, frames[i], lens[i]), 0);
			/* Between frames: 0..3 more flags, or idle 1s (7..20). */
			if (rng_range(&seed, 0, 3)) {
				unsigned int nf = rng_range(&seed, 0, 3);

				assert_int_equal(hdlc_tx_flags(&tx, &out, nf), 0);
			} else {
				unsigned int k = rng_range(&seed, 7, 20);

				if (k >= 15)
					idles++;
				while (k--) {
					assert_true(out.nbits < cap * 8);
					buf[out.nbits / 8] |= (uint8_t)(1u << (out.nbits % 8));
					out.nbits++;
				}
				/* The next frame brings its opening flag. */
			}
		}
		bs_init(&s, out.nbits);
		bs_from_packed(&s, buf, out.nbits);
		if (batch & 1)
			feed_chunked(&r.rx, &s, &seed, 1, 64);
		else
			feed_chunked(&r.rx, &s, &seed, 1, 13);
		bs_free(&s);

		total += (uint32_t)n;
		assert_int_equal(r.log->count, n);
		for (i = 0; i < n; i++)
			assert_frame(r.log, i, frames[i], lens[i]);
		assert_stats(&r.rx.stats, total, 0, 0, 0, 0, 0, idles);
	}
	assert_true(next_len > 260);
	rig_free(&r);
	free(buf);
}

static void test_split_chunks(void **state)
{
	uint32_t seed = 31337;
	unsigned int c;
	struct bs s;

	(void)state;
	bs_init(&s, 4096);
	bs_flags(&s, 2);
	ref_frame(&s, iframe_setup, sizeof(iframe_setup), -1);
	ref_frame(&s, sabme_net, 3, -1);
	bs_flags(&s, 1);
	ref_frame(&s, rr_user, 4, -1);

	/* Fixed chunk sizes 1..13 bits, then 60 random mixes of them. */
	for (c = 1; c <= 13 + 60; c++) {
		struct rig r;

		rig_init(&r, 3, 64);
		if (c <= 13)
			feed_chunked(&r.rx, &s, &seed, c, c);
		else
			feed_chunked(&r.rx, &s, &seed, 1, 13);
		assert_stats(&r.rx.stats, 3, 0, 0, 0, 0, 0, 0);
		assert_frame(r.log, 0, iframe_setup, sizeof(iframe_setup));
		assert_frame(r.log, 1, sabme_net, 3);
		assert_frame(r.log, 2, rr_user, 4);
		rig_free(&r);
	}
	bs_free(&s);
}

static void test_shared_flag(void **state)
{
	uint8_t buf[64], buf2[64];
	struct hdlc_bitbuf out = { buf, sizeof(buf), 0 };
	struct hdlc_bitbuf out2 = { buf2, sizeof(buf2), 0 };
	struct hdlc_tx tx;
	struct rig r;
	struct bs s;
	size_t i;

	(void)state;
	/* Reference stream: flag A flag B flag C flag, one flag between frames. */
	rig_init(&r, 3, 64);
	bs_init(&s, 4096);
	ref_frame_raw(&s, NULL, 0, 0, 0, false);
	{
		struct bs t;

		bs_init(&t, 1024);
		ref_frame(&t, ua_net, 3, -1);
		for (i = 8; i < t.n; i++)	/* drop its opening flag */
			bs_put(&s, t.bit[i]);
		t.n = 0;
		ref_frame(&t, disc_net, 3, -1);
		for (i = 8; i < t.n; i++)
			bs_put(&s, t.bit[i]);
		t.n = 0;
		ref_frame(&t, sabme_user, 3, -1);
		for (i = 8; i < t.n; i++)
			bs_put(&s, t.bit[i]);
		bs_free(&t);
	}
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 3, 0, 0, 0, 0, 0, 0);
	assert_frame(r.log, 0, ua_net, 3);
	assert_frame(r.log, 1, disc_net, 3);
	assert_frame(r.log, 2, sabme_user, 3);
	rig_free(&r);

	/* Same with the encoder's output: the second frame's opening flag cut off. */
	rig_init(&r, 3, 64);
	hdlc_tx_init(&tx);
	assert_int_equal(hdlc_tx_frame(&tx, &out, rr_user, 4), 0);
	assert_int_equal(hdlc_tx_frame(&tx, &out2, sabme_net, 3), 0);
	s.n = 0;
	bs_from_packed(&s, buf, out.nbits);
	for (i = 8; i < out2.nbits; i++)
		bs_put(&s, (buf2[i / 8] >> (i % 8)) & 1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 2, 0, 0, 0, 0, 0, 0);
	assert_frame(r.log, 0, rr_user, 4);
	assert_frame(r.log, 1, sabme_net, 3);
	bs_free(&s);
	rig_free(&r);
}

static void test_back_to_back_flags(void **state)
{
	struct rig r;
	struct bs s;
	int i;

	(void)state;
	rig_init(&r, 3, 64);
	bs_init(&s, 4096);
	bs_flags(&s, 20);
	/* Flags sharing their 0s: 0111111011111101111110... */
	bs_put(&s, 0);
	for (i = 0; i < 10; i++) {
		bs_ones(&s, 6);
		bs_put(&s, 0);
	}
	bs_flags(&s, 3);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 0, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.log->count, 0);
	assert_true(r.rx.in_frame);

	/* ... and a frame after them still decodes. */
	s.n = 0;
	ref_frame(&s, ua_net, 3, -1);
	bs_flags(&s, 2);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, 0, 0, 0, 0, 0, 0);
	assert_frame(r.log, 0, ua_net, 3);
	bs_free(&s);
	rig_free(&r);
}

static void test_abort(void **state)
{
	uint8_t buf[128];
	struct hdlc_bitbuf out = { buf, sizeof(buf), 0 };
	struct hdlc_tx tx;
	struct rig r;
	struct bs s;

	(void)state;
	/* Half a SETUP, seven 1s, then a good frame. */
	rig_init(&r, 3, 64);
	bs_init(&s, 4096);
	ref_frame_raw(&s, iframe_setup, 10, 0, 0, false);
	bs_ones(&s, 7);
	ref_frame(&s, ua_net, 3, -1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, 0, 1, 0, 0, 0, 0);
	assert_frame(r.log, 0, ua_net, 3);
	assert_int_equal(r.log->count, 1);

	/* Abort right after a flag: no data, nothing counted. */
	s.n = 0;
	bs_flags(&s, 1);
	bs_ones(&s, 7);
	bs_put(&s, 0);
	bs_flags(&s, 1);
	bs_ones(&s, 8);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, 0, 1, 0, 0, 0, 0);

	/* One data bit before the abort is a frame in progress. */
	s.n = 0;
	bs_flags(&s, 1);
	bs_put(&s, 0);
	bs_ones(&s, 7);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, 0, 2, 0, 0, 0, 0);
	assert_false(r.rx.in_frame);

	/* Bits after an abort are ignored until a flag: no misaligned junk. */
	s.n = 0;
	bs_put(&s, 0);
	bs_put(&s, 1);
	bs_put(&s, 0);
	bs_ones(&s, 3);
	bs_put(&s, 0);
	ref_frame(&s, sabme_user, 3, -1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 2, 0, 2, 0, 0, 0, 0);
	assert_frame(r.log, 1, sabme_user, 3);
	rig_free(&r);

	/* The encoder's abort: cut a frame short, abort, send another. */
	rig_init(&r, 3, 64);
	hdlc_tx_init(&tx);
	assert_int_equal(hdlc_tx_frame(&tx, &out, iframe_setup, sizeof(iframe_setup)), 0);
	out.nbits = 100;
	assert_int_equal(hdlc_tx_abort(&tx, &out), 0);
	assert_int_equal(hdlc_tx_frame(&tx, &out, rr_user, 4), 0);
	s.n = 0;
	bs_from_packed(&s, buf, out.nbits);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, 0, 1, 0, 0, 0, 0);
	assert_frame(r.log, 0, rr_user, 4);
	bs_free(&s);
	rig_free(&r);
}

static void test_idle(void **state)
{
	struct rig r;
	struct bs s;
	uint8_t one = 1;
	int i;

	(void)state;
	rig_init(&r, 3, 64);
	bs_init(&s, 4096);

	/* 14 ones: an abort, not idle yet; the 15th makes the line idle. */
	bs_flags(&s, 1);
	bs_ones(&s, 14);
	feed(&r.rx, &s);
	assert_false(hdlc_rx_is_idle(&r.rx));
	assert_stats(&r.rx.stats, 0, 0, 0, 0, 0, 0, 0);
	hdlc_rx_bits(&r.rx, &one, 1);
	assert_true(hdlc_rx_is_idle(&r.rx));
	assert_stats(&r.rx.stats, 0, 0, 0, 0, 0, 0, 1);

	/* Staying idle, even across a stray 0, is one idle period. */
	s.n = 0;
	bs_ones(&s, 1000);
	bs_put(&s, 0);
	bs_ones(&s, 30);
	feed(&r.rx, &s);
	assert_true(hdlc_rx_is_idle(&r.rx));
	assert_stats(&r.rx.stats, 0, 0, 0, 0, 0, 0, 1);

	/* A flag ends it; frames decode; the next idle counts again. */
	s.n = 0;
	ref_frame(&s, sabme_user, 3, -1);
	feed(&r.rx, &s);
	assert_false(hdlc_rx_is_idle(&r.rx));
	assert_stats(&r.rx.stats, 1, 0, 0, 0, 0, 0, 1);
	s.n = 0;
	bs_ones(&s, 15);
	feed(&r.rx, &s);
	assert_true(hdlc_rx_is_idle(&r.rx));
	assert_stats(&r.rx.stats, 1, 0, 0, 0, 0, 0, 2);

	/* Idle in the middle of a frame: that frame is aborted as well. */
	s.n = 0;
	ref_frame_raw(&s, iframe_setup, 5, 0, 0, false);
	bs_ones(&s, 40);
	feed(&r.rx, &s);
	assert_true(hdlc_rx_is_idle(&r.rx));
	assert_stats(&r.rx.stats, 1, 0, 1, 0, 0, 0, 3);

	/* A very long idle does not wrap the 1s count into a flag. */
	s.n = 0;
	bs_ones(&s, 4000);
	for (i = 0; i < 5; i++)
		feed(&r.rx, &s);
	s.n = 0;
	bs_put(&s, 0);
	ref_frame(&s, ua_net, 3, -1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 2, 0, 1, 0, 0, 0, 3);
	assert_frame(r.log, 1, ua_net, 3);

	/*
	 * 2^32 ones take ~17 hours at 64 kb/s, so fake the state: a count
	 * that wrapped would see "six 1s and a 0" here, a false flag, and
	 * then count the junk after it as a misaligned frame.
	 */
	s.n = 0;
	bs_ones(&s, 20);
	feed(&r.rx, &s);
	assert_true(hdlc_rx_is_idle(&r.rx));
	r.rx.ones = UINT_MAX - 5;
	s.n = 0;
	bs_ones(&s, 12);
	bs_put(&s, 0);
	bs_put(&s, 1);
	bs_flags(&s, 1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 2, 0, 1, 0, 0, 0, 4);
	bs_free(&s);
	rig_free(&r);
}

static void test_min_max_len(void **state)
{
	uint8_t data[600];
	struct rig r;
	struct bs s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	rig_init(&r, 5, 10);		/* 3..8 octets of data */
	bs_init(&s, 16384);

	ref_frame(&s, data, 2, -1);	/* 4 with FCS: too short */
	ref_frame(&s, data, 3, -1);	/* 5: fits */
	ref_frame(&s, data, 8, -1);	/* 10: fits exactly */
	ref_frame(&s, data, 9, -1);	/* 11: too long */
	ref_frame(&s, data, 0, -1);	/* 2 (FCS only): too short */
	ref_frame_raw(&s, data, 1, 0, 0, true);	/* 1 octet: too short */
	ref_frame(&s, data, 600, -1);	/* far too long */
	ref_frame(&s, data, 4, -1);	/* 6: fits */
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 3, 0, 0, 3, 2, 0, 0);
	assert_int_equal(r.log->count, 3);
	assert_frame(r.log, 0, data, 3);
	assert_frame(r.log, 1, data, 8);
	assert_frame(r.log, 2, data, 4);
	bs_free(&s);
	rig_free(&r);
}

static void test_overlong_stays_in_buf(void **state)
{
	uint32_t seed = 5;
	uint8_t data[1000];
	uint8_t mem[16 + 64];
	struct hdlc_rx rx;
	struct rxlog *log = calloc(1, sizeof(*log));
	struct bs s;
	size_t i;

	(void)state;
	assert_non_null(log);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rng_next(&seed);
	/* A 16-octet decoder buffer followed by guard octets. */
	memset(mem, 0xA5, sizeof(mem));
	assert_int_equal(hdlc_rx_init(&rx, mem, 3, 16, rx_cb, log), 0);
	bs_init(&s, 16384);
	ref_frame(&s, data, 14, -1);	/* exactly 16 */
	ref_frame(&s, data, 15, -1);	/* 17 */
	ref_frame(&s, data, 1000, -1);
	/* Overlong, misaligned and never closed by a flag but by an abort. */
	ref_frame_raw(&s, data, 900, 3, 5, false);
	bs_ones(&s, 7);
	feed(&rx, &s);
	for (i = 16; i < sizeof(mem); i++)
		assert_int_equal(mem[i], 0xA5);
	assert_stats(&rx.stats, 1, 0, 1, 0, 2, 0, 0);
	assert_frame(log, 0, data, 14);
	bs_free(&s);
	free(log);
}

static void test_crc_errors(void **state)
{
	struct rig r;
	struct bs s;
	long bit;

	(void)state;
	rig_init(&r, 3, 64);
	bs_init(&s, 1 << 17);
	/* Every single-bit error in a SETUP frame (data and FCS) is caught. */
	for (bit = 0; bit < (long)(sizeof(iframe_setup) + 2) * 8; bit++)
		ref_frame(&s, iframe_setup, sizeof(iframe_setup), bit);
	ref_frame(&s, iframe_setup, sizeof(iframe_setup), -1);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, (sizeof(iframe_setup) + 2) * 8, 0, 0, 0, 0, 0);
	assert_int_equal(r.log->count, 1);
	assert_frame(r.log, 0, iframe_setup, sizeof(iframe_setup));

	/* FCS sent high octet first is an error too. */
	s.n = 0;
	{
		uint8_t raw[5] = { 0x00, 0x01, 0x7F, 0x54, 0x64 };

		ref_frame_raw(&s, raw, 5, 0, 0, true);
	}
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, (sizeof(iframe_setup) + 2) * 8 + 1, 0, 0, 0, 0, 0);
	bs_free(&s);
	rig_free(&r);
}

static void test_misaligned(void **state)
{
	uint8_t raw[5];
	uint16_t fcs = ref_fcs(sabme_user, 3);
	unsigned int extra;
	struct rig r;
	struct bs s;

	(void)state;
	memcpy(raw, sabme_user, 3);
	raw[3] = (uint8_t)fcs;
	raw[4] = (uint8_t)(fcs >> 8);
	rig_init(&r, 3, 64);
	bs_init(&s, 4096);
	/* A good frame plus 1..7 stray bits is misaligned; plus 8 is a CRC error. */
	for (extra = 1; extra <= 8; extra++)
		ref_frame_raw(&s, raw, 5, extra, 0x5A, true);
	/* Short misaligned frames too: 1 and 7 bits, 2 octets + 3 bits. */
	ref_frame_raw(&s, raw, 0, 1, 1, true);
	ref_frame_raw(&s, raw, 0, 7, 0x15, true);
	ref_frame_raw(&s, raw, 2, 3, 0, true);
	ref_frame_raw(&s, raw, 5, 0, 0, true);
	feed(&r.rx, &s);
	assert_stats(&r.rx.stats, 1, 1, 0, 0, 0, 10, 0);
	assert_frame(r.log, 0, sabme_user, 3);
	bs_free(&s);
	rig_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fcs_check_value),
		cmocka_unit_test(test_fcs_matches_bitwise),
		cmocka_unit_test(test_fcs_residue),
		cmocka_unit_test(test_golden_lapd_fcs),
		cmocka_unit_test(test_golden_encoded_streams),
		cmocka_unit_test(test_tx_flags_and_abort),
		cmocka_unit_test(test_tx_matches_reference),
		cmocka_unit_test(test_zero_insertion),
		cmocka_unit_test(test_tx_no_room),
		cmocka_unit_test(test_rx_init_args),
		cmocka_unit_test(test_rx_golden_frames),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_split_chunks),
		cmocka_unit_test(test_shared_flag),
		cmocka_unit_test(test_back_to_back_flags),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_min_max_len),
		cmocka_unit_test(test_overlong_stays_in_buf),
		cmocka_unit_test(test_crc_errors),
		cmocka_unit_test(test_misaligned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
