// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The HDLC decoder's fast path (hdlc_rx_bits(), octet table and 4-octet
 * groups in firmware/src/hdlc.c) against the bit-serial reference
 * (hdlc_rx_bits_ref(), firmware/src/hdlc_ref.c): the generated table entry by
 * entry from the definition, then both decoders on the same random streams
 * (frames full of stuffing, flags, aborts, idle, junk, bit errors, overlong
 * frames, chunks of any size) must end in the same state and deliver the same
 * frames.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fw/hdlc.h>

/* The table itself, included here to check it (it is static const). */
#include "../../firmware/src/hdlc_table.h"

static uint32_t rng(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

static void test_table_from_definition(void **state)
{
	unsigned int ones0, v, i;

	(void)state;
	for (ones0 = 0; ones0 < HDLC_RX_STATES; ones0++) {
		for (v = 0; v < 256; v++) {
			unsigned int ones = ones0, data = 0, n = 0, at = 0;
			bool event = ones0 == HDLC_RX_STATES - 1;

			for (i = 0; i < 8 && !event; i++) {
				if ((v >> i) & 1) {
					if (ones == 5) {
						event = true;
						at = i;	/* data[] says where */
					} else {
						data |= 1u << n++;
					}
					ones++;
				} else {
					if (ones != 5)
						n++;	/* a data 0; after five 1s it is stuffed */
					ones = 0;
				}
			}
			assert_int_equal(hdlc_rx_tab.count[ones0 * 256 + v], event ? HDLC_RX_EVENT : n);
			assert_int_equal(hdlc_rx_tab.data[ones0 * 256 + v], event ? at : data);
		}
	}
	/* the next row: the run of 1s that ends an octet, 6 for six or more */
	for (v = 0; v < 256; v++) {
		unsigned int run = 0;

		while (run < 8 && (v >> (7 - run)) & 1)
			run++;
		assert_int_equal(hdlc_rx_tab.next_row[v], (run > 6 ? 6 : run) * 256);
	}
	/* the FCS slices: table k is the CRC of an octet followed by k zero octets */
	for (i = 0; i < 8; i++) {
		for (v = 0; v < 256; v++) {
			uint16_t crc = 0;
			unsigned int b, z;

			for (z = 0; z <= i; z++) {
				crc ^= z == 0 ? v : 0;
				for (b = 0; b < 8; b++)
					crc = crc & 1 ? (uint16_t)(crc >> 1 ^ 0x8408) : (uint16_t)(crc >> 1);
			}
			assert_int_equal(hdlc_rx_tab.fcs[i][v], crc);
		}
	}
}

/* What a decoder delivered: a running hash and the count. */
struct seen {
	uint32_t n;
	uint32_t hash;
	uint8_t *swap;		/* if set, the callback moves rx->buf here and back */
	struct hdlc_rx *rx;
	uint8_t *home;
};

static void seen_cb(void *ctx, const uint8_t *p, size_t len)
{
	struct seen *s = ctx;
	size_t i;

	s->n++;
	s->hash = s->hash * 16777619u ^ (uint32_t)len;
	for (i = 0; i < len; i++)
		s->hash = (s->hash ^ p[i]) * 16777619u;
	if (s->swap) {
		/* as hdlc_ts does: the next frame goes into another buffer */
		uint8_t *t = s->rx->buf == s->home ? s->swap : s->home;

		s->rx->buf = t;
	}
}

static void assert_same(const struct hdlc_rx *a, const struct hdlc_rx *b, const struct seen *sa,
			const struct seen *sb)
{
	assert_int_equal(sa->n, sb->n);
	assert_int_equal(sa->hash, sb->hash);
	assert_int_equal(a->stats.frames, b->stats.frames);
	assert_int_equal(a->stats.crc_errors, b->stats.crc_errors);
	assert_int_equal(a->stats.aborts, b->stats.aborts);
	assert_int_equal(a->stats.too_short, b->stats.too_short);
	assert_int_equal(a->stats.too_long, b->stats.too_long);
	assert_int_equal(a->stats.misaligned, b->stats.misaligned);
	assert_int_equal(a->stats.idles, b->stats.idles);
	assert_int_equal(a->ones, b->ones);
	assert_int_equal(a->in_frame, b->in_frame);
	assert_int_equal(a->overflow, b->overflow);
	assert_int_equal(a->idle, b->idle);
	assert_int_equal(a->shreg, b->shreg);
	assert_int_equal(a->nbits, b->nbits);
	assert_int_equal(a->len, b->len);
}

/* A random line: frames (some with errors), flags, aborts, idle, junk. */
static size_t make_line(uint8_t *buf, size_t cap, uint32_t *seed)
{
	struct hdlc_bitbuf out = { buf, cap, 0 };
	struct hdlc_tx tx;
	uint8_t f[300];
	size_t i;

	hdlc_tx_init(&tx);
	memset(buf, 0, cap);
	while (out.nbits + hdlc_tx_worst_bits(sizeof(f)) + 64 < cap * 8) {
		unsigned int what = rng(seed) % 16, kind = rng(seed) % 4, k;
		size_t len = rng(seed) % (what < 2 ? 300 : 40);

		for (i = 0; i < len; i++) {
			uint8_t r = (uint8_t)rng(seed);

			f[i] = kind == 0 ? 0xFF : kind == 1 ? (uint8_t)(r | 0x7E) : kind == 2 ? 0x3F : r;
		}
		if (what < 10) {
			assert_int_equal(hdlc_tx_frame(&tx, &out, f, len), 0);
		} else if (what < 12) {
			assert_int_equal(hdlc_tx_flags(&tx, &out, rng(seed) % 4), 0);
		} else if (what < 13) {
			assert_int_equal(hdlc_tx_abort(&tx, &out), 0);
		} else if (what < 14) {
			for (k = rng(seed) % 40; k; k--) {	/* idle 1s */
				buf[out.nbits / 8] |= (uint8_t)(1u << (out.nbits % 8));
				out.nbits++;
			}
		} else {
			for (k = rng(seed) % 20; k; k--) {	/* junk bits */
				if (rng(seed) & 1)
					buf[out.nbits / 8] |= (uint8_t)(1u << (out.nbits % 8));
				out.nbits++;
			}
		}
	}
	/* bit errors, now and then */
	for (i = rng(seed) % 8; i; i--) {
		size_t b = rng(seed) % out.nbits;

		buf[b / 8] ^= (uint8_t)(1u << (b % 8));
	}
	return out.nbits;
}

/* Feed @nbits of @line from bit @from in a call (repacked from bit 0). */
static void feed(struct hdlc_rx *rx, const uint8_t *line, size_t from, size_t nbits, bool ref)
{
	uint8_t tmp[520];
	size_t i;

	assert_true(nbits <= sizeof(tmp) * 8);
	memset(tmp, 0xA5, sizeof(tmp));
	for (i = 0; i < nbits; i++) {
		size_t b = from + i;
		uint8_t m = (uint8_t)(1u << (i % 8));

		if ((line[b / 8] >> (b % 8)) & 1)
			tmp[i / 8] |= m;
		else
			tmp[i / 8] &= (uint8_t)~m;
	}
	if (ref)
		hdlc_rx_bits_ref(rx, tmp, nbits);
	else
		hdlc_rx_bits(rx, tmp, nbits);
}

static void differential(uint32_t seed, unsigned int rounds, uint16_t max_len, bool swap)
{
	static uint8_t line[16384];
	unsigned int r;

	for (r = 0; r < rounds; r++) {
		size_t nbits = make_line(line, sizeof(line), &seed), pos = 0;
		uint8_t *ba = malloc(max_len), *bb = malloc(max_len), *bs = malloc(max_len);
		struct hdlc_rx fast, ref;
		struct seen sa = { 0, 0, NULL, NULL, NULL }, sb = { 0, 0, NULL, NULL, NULL };
		uint16_t min_len = (uint16_t)(3 + rng(&seed) % 3);

		assert_non_null(ba);
		assert_non_null(bb);
		assert_non_null(bs);
		if (swap) {
			sa.swap = bs;
			sa.rx = &fast;
			sa.home = ba;
		}
		assert_int_equal(hdlc_rx_init(&fast, ba, min_len, max_len, seen_cb, &sa), 0);
		assert_int_equal(hdlc_rx_init(&ref, bb, min_len, max_len, seen_cb, &sb), 0);
		while (pos < nbits) {
			/* chunks: mostly whole octets and long, sometimes odd */
			size_t c = rng(&seed) % 4 ? 8 * (1 + rng(&seed) % 512) : 1 + rng(&seed) % 4000;

			if (c > nbits - pos)
				c = nbits - pos;
			feed(&fast, line, pos, c, false);
			feed(&ref, line, pos, c, true);
			pos += c;
			assert_same(&fast, &ref, &sa, &sb);
		}
		free(ba);
		free(bb);
		free(bs);
	}
}

static void test_differential(void **state)
{
	(void)state;
	differential(1, 60, 262, false);
}

static void test_differential_small_buffer(void **state)
{
	/* max_len near the group size: the careful end of rx_groups() */
	(void)state;
	differential(2, 20, 5, false);
	differential(3, 20, 6, false);
	differential(4, 20, 7, false);
	differential(5, 20, 33, false);
}

static void test_differential_buffer_moves(void **state)
{
	/* a callback that moves rx->buf, as hdlc_ts does */
	(void)state;
	differential(6, 20, 262, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_from_definition),
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_differential_small_buffer),
		cmocka_unit_test(test_differential_buffer_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
