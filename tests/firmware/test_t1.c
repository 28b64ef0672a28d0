// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The T1 framer (fw/t1.h): transmit -> a perfect in-test NRZ bit pipe ->
 * receive, for SF and ESF: alignment from every bit offset, errors, OOF at
 * its threshold, CRC-6 counting, yellow, AIS, robbed bits, FDL, TS24, and no
 * false alignment on random bits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fw/t1.h"

#define FB FW_T1_FRAME_BITS

/* --- helpers ------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Deterministic payload and FDL bits of transmitted frame @fi. */
static uint8_t pay(uint32_t seed, size_t fi, unsigned ch)
{
	uint64_t x = (seed * 0x9E3779B97F4A7C15ull) ^ (fi * 0xBF58476D1CE4E5B9ull) ^ (ch * 0x94D049BB133111EBull);

	x ^= x >> 31;
	x *= 0xD6E8FEB86659FD93ull;
	x ^= x >> 32;
	return (uint8_t)x;
}

static unsigned fdl_bit(uint32_t seed, size_t fi)
{
	return pay(seed ^ 0x5A5A, fi, 99) & 1;
}

static struct fw_t1_bitbuf *bb_new(size_t frames)
{
	struct fw_t1_bitbuf *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->cap = (frames * FB + 7) / 8 + 64;
	b->buf = calloc(1, b->cap);
	assert_non_null(b->buf);
	return b;
}

static void bb_free(struct fw_t1_bitbuf *b)
{
	free(b->buf);
	free(b);
}

static unsigned getbit(const uint8_t *p, size_t i)
{
	return (p[i >> 3] >> (7 - (i & 7))) & 1;
}

static void putbit(struct fw_t1_bitbuf *b, unsigned v)
{
	uint8_t m = (uint8_t)(0x80 >> (b->nbits & 7));

	assert_true(b->nbits < b->cap * 8);
	if (v)
		b->buf[b->nbits >> 3] |= m;
	else
		b->buf[b->nbits >> 3] &= (uint8_t)~m;
	b->nbits++;
}

static void flip(struct fw_t1_bitbuf *b, size_t i)
{
	b->buf[i >> 3] ^= (uint8_t)(0x80 >> (i & 7));
}

static void random_bits(struct fw_t1_bitbuf *b, size_t n)
{
	while (n--)
		putbit(b, rnd() & 1);
}

/* Appends @n frames numbered from @fi of payload @seed (TS24 = @ts24 if >= 0). */
static void gen(struct fw_t1_tx *tx, struct fw_t1_bitbuf *b, size_t fi, size_t n, uint32_t seed,
		int ts24)
{
	uint8_t ts[FW_T1_TIMESLOTS];
	unsigned c;

	for (; n--; fi++) {
		for (c = 0; c < FW_T1_TIMESLOTS; c++)
			ts[c] = pay(seed, fi, c);
		if (ts24 >= 0)
			ts[23] = (uint8_t)ts24;
		assert_int_equal(fw_t1_tx_frame(tx, ts, fdl_bit(seed, fi), b), 0);
	}
}

struct span {
	struct fw_t1_config cfg;
	struct fw_t1_tx tx;
	struct fw_t1_rx rx;
	struct fw_span_counters cnt;
	struct fw_second sec;
};

static void span_init(struct span *s, enum fw_framing f, uint32_t rbs, uint32_t ch56k)
{
	memset(s, 0, sizeof(*s));
	s->cfg.framing = f;
	s->cfg.rbs = rbs;
	s->cfg.ch56k = ch56k;
	assert_int_equal(fw_t1_tx_init(&s->tx, &s->cfg), 0);
	assert_int_equal(fw_t1_rx_init(&s->rx, &s->cfg, &s->cnt, &s->sec), 0);
}

/* What the receiver saw while being fed. */
struct seen {
	size_t frames;
	size_t first_end;	/* stream bit just past the first delivered frame (0: none) */
	size_t last_end;
	size_t lof_rise;	/* stream bit at which LOF was first seen rising (0: never) */
	size_t sig_updates;
	struct fw_t1_frame last;
	/* optional check of every delivered frame against the transmitted payload */
	uint32_t seed;
	size_t offset;		/* stream bit where transmitted frame 0 starts */
	int check;
	int ts24;
	size_t mismatches;
	uint32_t rbs;		/* channels whose LSB is robbed in signalling frames */
};

static void check_frame(struct seen *w, const struct fw_t1_frame *fr, size_t end)
{
	size_t fi;
	unsigned c;

	if (!w->check)
		return;
	if (end < w->offset + FB || (end - w->offset) % FB) {
		w->mismatches++;
		return;
	}
	fi = (end - w->offset) / FB - 1;
	for (c = 0; c < FW_T1_TIMESLOTS; c++) {
		uint8_t want = (c == 23 && w->ts24 >= 0) ? (uint8_t)w->ts24 : pay(w->seed, fi, c);
		uint8_t got = fr->ts[c];

		if ((fr->frame % 6) == 0 && ((w->rbs >> c) & 1)) {
			want &= 0xFE;
			got &= 0xFE;
		}
		if (want != got)
			w->mismatches++;
	}
}

/* Feeds b[from..to) in chunks (repacked from bit 0, junk in the spare bits). */
static void feed(struct fw_t1_rx *rx, const struct fw_t1_bitbuf *b, size_t from, size_t to,
		 unsigned maxchunk, struct seen *w)
{
	uint8_t tmp[512];
	size_t at = from;

	assert_true(maxchunk >= 1 && maxchunk <= 8 * sizeof(tmp) - 8);
	while (at < to) {
		size_t c = maxchunk == 1 ? 1 : 1 + rnd() % maxchunk, i, pos = 0;
		struct fw_t1_frame fr;
		bool lof = rx->alarms & FW_ALARM_LOF;

		if (c > to - at)
			c = to - at;
		memset(tmp, 0xA5, (c + 7) / 8 + 1);
		for (i = 0; i < c; i++) {
			uint8_t m = (uint8_t)(0x80 >> (i & 7));

			if (getbit(b->buf, at + i))
				tmp[i >> 3] |= m;
			else
				tmp[i >> 3] &= (uint8_t)~m;
		}
		while (fw_t1_rx(rx, tmp, c, &pos, &fr)) {
			size_t end = at + pos;

			assert_true(pos <= c);
			assert_false(rx->alarms & FW_ALARM_LOF);
			if (!w->frames)
				w->first_end = end;
			w->frames++;
			w->last_end = end;
			w->last = fr;
			w->sig_updates += fr.sig_update;
			check_frame(w, &fr, end);
		}
		assert_int_equal(pos, c);
		if (!lof && (rx->alarms & FW_ALARM_LOF) && !w->lof_rise)
			w->lof_rise = at + c;
		at += c;
	}
}

/* Sets up a span, aligns it on @pre frames of payload @seed; returns the stream. */
static struct fw_t1_bitbuf *aligned(struct span *s, enum fw_framing f, size_t pre, size_t total,
				    uint32_t seed, struct seen *w)
{
	struct fw_t1_bitbuf *b = bb_new(total + 8);

	span_init(s, f, 0, 0);
	gen(&s->tx, b, 0, pre, seed, -1);
	memset(w, 0, sizeof(*w));
	w->check = 1;
	w->seed = seed;
	w->ts24 = -1;
	feed(&s->rx, b, 0, b->nbits, 300, w);
	assert_true(fw_t1_rx_in_frame(&s->rx));
	assert_int_equal(w->mismatches, 0);
	/* start the test from a clean second and zero counters */
	fw_second_end(&s->sec, &s->cnt);
	memset(&s->cnt, 0, sizeof(s->cnt));
	return b;
}

/* CRC-6 by long division over a bit array, from a zero register. */
static unsigned crc6_ref(const uint8_t *bits, size_t n)
{
	uint8_t *m = calloc(n + 6, 1);
	unsigned r = 0;
	size_t i;

	assert_non_null(m);
	memcpy(m, bits, n);
	for (i = 0; i < n; i++)
		if (m[i]) {
			m[i] ^= 1;		/* x^6 */
			m[i + 5] ^= 1;		/* x^1 */
			m[i + 6] ^= 1;		/* x^0 */
		}
	for (i = 0; i < 6; i++)
		r = (r << 1) | m[n + i];
	free(m);
	return r;
}

/* --- tests ------------------------------------------------------------- */

static void test_crc6_matches_long_division(void **state)
{
	uint8_t oct[64], bits[64 * 8];
	unsigned t, i;

	(void)state;
	rng_state = 1;
	for (t = 0; t < 200; t++) {
		unsigned n = 1 + rnd() % 64;

		for (i = 0; i < n; i++)
			oct[i] = (uint8_t)rnd();
		for (i = 0; i < n * 8; i++)
			bits[i] = (oct[i / 8] >> (7 - i % 8)) & 1;
		assert_int_equal(fw_t1_crc6(0, oct, n), crc6_ref(bits, n * 8));
	}
	/* x^7 . x^6 = x^13; x^6 = x + 1, x^12 = x^2 + 1, so x^13 = x^3 + x */
	oct[0] = 0x80;
	assert_int_equal(fw_t1_crc6(0, oct, 1), 0x0A);
}

/* The transmitted F bits: D4 pattern; ESF FPS and CRC-6 of the previous superframe (F = 1). */
static void test_tx_fbits(void **state)
{
	struct span s;
	struct fw_t1_bitbuf *b;
	size_t fi;

	(void)state;
	span_init(&s, FW_FRAMING_T1_SF, 0, 0);
	b = bb_new(48);
	gen(&s.tx, b, 0, 48, 7, -1);
	for (fi = 0; fi < 48; fi++)
		assert_int_equal(getbit(b->buf, fi * FB), "100011011100"[fi % 12] - '0');
	bb_free(b);

	span_init(&s, FW_FRAMING_T1_ESF, 0, 0);
	b = bb_new(72);
	gen(&s.tx, b, 0, 72, 7, -1);
	for (fi = 0; fi < 72; fi++) {
		unsigned k = fi % 24, f = getbit(b->buf, fi * FB);

		if (k % 4 == 3)
			assert_int_equal(f, "001011"[k / 4] - '0');
		else if (k % 2 == 0)
			assert_int_equal(f, fdl_bit(7, fi));
	}
	for (fi = 24; fi < 72; fi += 24) {
		static uint8_t sfbits[24 * FB];
		unsigned want, got = 0, i;

		for (i = 0; i < 24 * FB; i++)
			sfbits[i] = i % FB == 0 ? 1 : (uint8_t)getbit(b->buf, (fi - 24) * FB + i);
		want = crc6_ref(sfbits, 24 * FB);
		for (i = 0; i < 6; i++)
			got = (got << 1) | getbit(b->buf, (fi + 1 + 4 * i) * FB);
		assert_int_equal(got, want);
	}
	bb_free(b);
}

/* Alignment from every bit offset 0..192, with the right frames delivered. */
static void align_every_offset(enum fw_framing f, size_t limit_frames)
{
	size_t off, worst = 0, sum = 0;

	rng_state = 42;
	for (off = 0; off < FB; off++) {
		struct span s;
		struct seen w = { 0 };
		struct fw_t1_bitbuf *b = bb_new(200 + 2);
		size_t took;

		span_init(&s, f, 0, 0);
		/* the stream starts anywhere in the superframe too */
		s.tx.frame = (uint8_t)(off * 7 % (f == FW_FRAMING_T1_SF ? 12 : 24));
		random_bits(b, off);
		gen(&s.tx, b, 0, 200, (uint32_t)off + 1000, -1);
		w.check = 1;
		w.seed = (uint32_t)off + 1000;
		w.offset = off;
		w.ts24 = -1;
		feed(&s.rx, b, 0, b->nbits, 1 + off % 97, &w);
		assert_true(w.frames > 0);
		assert_int_equal(w.mismatches, 0);
		assert_int_equal(s.cnt.fas, 0);
		assert_int_equal(s.cnt.crc, 0);
		/* time from the first transmitted bit to the end of the first frame delivered */
		took = (w.first_end - off) / FB;
		if (getenv("T1_VERBOSE"))
			print_message("off %zu took %zu\n", off, took);
		if (took > worst)
			worst = took;
		sum += took;
		assert_true(took <= limit_frames || getenv("T1_VERBOSE"));
		assert_int_equal(w.frames, 200 - took + 1);
		bb_free(b);
	}
	print_message("  %s: aligned from all 193 offsets, mean %.2f ms, worst %.3f ms (bound %.3f ms)\n",
		      f == FW_FRAMING_T1_SF ? "SF" : "ESF", sum / 193.0 / 8, worst / 8.0,
		      limit_frames / 8.0);
}

static void test_align_every_offset_sf(void **state)
{
	(void)state;
	align_every_offset(FW_FRAMING_T1_SF, 50);	/* 48 F bits + 1 frame: 6.25 ms */
}

static void test_align_every_offset_esf(void **state)
{
	(void)state;
	/* 64-frame window, up to 21 frames to a superframe start, 24 + 22 for the CRC-6 */
	align_every_offset(FW_FRAMING_T1_ESF, 120);	/* 15 ms */
}

/* Isolated bit errors (one per 97 frames) never lose alignment; F-bit ones are counted. */
static void isolated_errors(enum fw_framing f)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b = aligned(&s, f, 200, 200 + 9700, 5, &w);
	size_t start = b->nbits, fi, fbit_errs = 0, crc_sf = 0, n = 0;

	gen(&s.tx, b, 200, 9700, 5, -1);
	for (fi = 200; fi + 97 < 9900; fi += 97) {
		size_t bit = (n % 3 == 0) ? 0 : 1 + rnd() % (FB - 1);	/* every third on the F bit */
		unsigned k = fi % (f == FW_FRAMING_T1_SF ? 12 : 24);

		flip(b, fi * FB + bit);
		n++;
		if (bit == 0) {
			if (f == FW_FRAMING_T1_SF || k % 4 == 3)
				fbit_errs++;
		}
		/* ESF: the CRC-6 sees payload and CRC-bit errors, not FPS/FDL (taken as 1) */
		if (bit != 0 || k % 4 == 1)
			crc_sf++;
	}
	w.check = 0;
	feed(&s.rx, b, start, b->nbits, 1000, &w);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	assert_int_equal(w.lof_rise, 0);
	assert_int_equal(s.cnt.fas, fbit_errs);
	if (f == FW_FRAMING_T1_ESF)
		assert_int_equal(s.cnt.crc, crc_sf);
	print_message("  %zu isolated errors, %zu on framing bits: fas %u, crc %u, no OOF\n", n,
		      fbit_errs, s.cnt.fas, s.cnt.crc);
	bb_free(b);
}

static void test_isolated_errors_sf(void **state)
{
	(void)state;
	rng_state = 3;
	isolated_errors(FW_FRAMING_T1_SF);
}

static void test_isolated_errors_esf(void **state)
{
	(void)state;
	rng_state = 4;
	isolated_errors(FW_FRAMING_T1_ESF);
}

/*
 * OOF at 2 errored framing bits (Ft / FPS) of 4 consecutive: not at 2 of 5,
 * raised exactly with the frame of the second error, cleared on realignment.
 */
static void oof_threshold(enum fw_framing f)
{
	const bool esf = f == FW_FRAMING_T1_ESF;
	const size_t n = esf ? 24 : 12, step = esf ? 4 : 2, first = esf ? 3 : 0;
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b = aligned(&s, f, 10 * n, 40 * n + 400, 9, &w);
	size_t start = b->nbits, base = 12 * n, e1, e2, fi;

	gen(&s.tx, b, 10 * n, 30 * n, 9, -1);
	/* 2 of 5 (framing bits m and m + 4): no OOF */
	flip(b, (base + first) * FB);
	flip(b, (base + first + 4 * step) * FB);
	/* one Fs error (SF) or one FDL/CRC F bit (ESF): no OOF */
	flip(b, (base + 6 * n + first + 1) * FB);
	/* then 2 of 4 (framing bits m and m + 3) */
	e1 = base + 10 * n + first;
	e2 = e1 + 3 * step;
	flip(b, e1 * FB);
	flip(b, e2 * FB);
	for (fi = 10 * n; fi < 40 * n; fi++) {
		w.check = 1;
		feed(&s.rx, b, fi * FB, (fi + 1) * FB, FB, &w);
		if (fi < e2)
			assert_true(fw_t1_rx_in_frame(&s.rx));
		else
			break;
	}
	assert_int_equal(fi, e2);
	assert_true(s.rx.alarms & FW_ALARM_LOF);
	assert_int_equal(w.lof_rise, (e2 + 1) * FB);
	assert_int_equal(s.cnt.fas, esf ? 4 : 5);	/* the Fs error counts in SF */
	/* cleared on realignment on the rest of the (clean) stream */
	w.check = 1;
	w.frames = 0;
	feed(&s.rx, b, (e2 + 1) * FB, start + 30 * n * FB, 100, &w);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	assert_false(s.rx.alarms & FW_ALARM_LOF);
	assert_true(w.frames > 0);
	assert_int_equal(w.mismatches, 0);
	bb_free(b);
}

static void test_oof_threshold_sf(void **state)
{
	(void)state;
	rng_state = 11;
	oof_threshold(FW_FRAMING_T1_SF);
}

static void test_oof_threshold_esf(void **state)
{
	(void)state;
	rng_state = 12;
	oof_threshold(FW_FRAMING_T1_ESF);
}

/* CRC-6 errors counted one for one per errored superframe; blocks counted. */
static void test_crc6_errors_counted(void **state)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b;
	size_t start, sf, injected = 0;
	uint32_t blocks0;

	(void)state;
	rng_state = 77;
	b = aligned(&s, FW_FRAMING_T1_ESF, 200, 200 + 24 * 300, 21, &w);
	start = b->nbits;
	blocks0 = s.sec.blocks;
	assert_int_equal(s.sec.errored_blocks, 0);
	gen(&s.tx, b, 200, 24 * 300, 21, -1);
	/* superframes are frames 24j..24j+23 of the stream (200 is not a multiple: start at 216) */
	for (sf = 9; sf < 9 + 290; sf += 3) {
		size_t fi = sf * 24 + rnd() % 24, bit = 1 + rnd() % (FB - 1);

		flip(b, fi * FB + bit);
		if (sf % 2)	/* a second error in the same superframe: still one errored block */
			flip(b, fi * FB + (bit == FB - 1 ? bit - 1 : bit + 1));
		injected++;
	}
	w.check = 0;
	feed(&s.rx, b, start, b->nbits, 4000, &w);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	assert_int_equal(s.cnt.crc, injected);
	assert_int_equal(s.sec.errored_blocks, injected);
	assert_int_equal(s.cnt.fas, 0);
	/* one block per superframe received: 300 (the last CRC-6 may be pending) */
	assert_in_range(s.sec.blocks - blocks0, 299, 300);
	print_message("  %zu errored superframes injected: crc %u, errored blocks %u of %u\n",
		      injected, s.cnt.crc, s.sec.errored_blocks, s.sec.blocks);
	fw_second_end(&s.sec, &s.cnt);
	assert_int_equal(s.cnt.es, 1);
	bb_free(b);
}

/* ESF: 320 errored CRC-6 blocks of 333 (1 s) mean a false alignment: OOF; 319 do not. */
static void test_crc6_excessive_reframe(void **state)
{
	size_t nbad;

	(void)state;
	for (nbad = 319; nbad <= 320; nbad++) {
		struct span s;
		struct seen w;
		struct fw_t1_bitbuf *b;
		size_t sf, r, done = 0;

		rng_state = 31 + nbad;
		b = aligned(&s, FW_FRAMING_T1_ESF, 216, 216 + 24 * 700, 22, &w);
		gen(&s.tx, b, 216, 24 * 700, 22, -1);
		/*
		 * Superframes 0..8 are in. The window has r checks left: those in
		 * superframes 9..8+r, of the payload of superframes 8..7+r (8 is in:
		 * errors go into 9..).
		 */
		r = 333 - s.rx.crc_win;
		assert_true(r >= 321);
		for (sf = 9; sf < 9 + nbad; sf++)
			flip(b, (sf * 24 + rnd() % 24) * FB + 1 + rnd() % (FB - 1));
		w.check = 0;
		for (sf = 9; sf <= 8 + r + 2 && !done; sf++) {
			feed(&s.rx, b, sf * 24 * FB, (sf + 1) * 24 * FB, 2000, &w);
			if (s.rx.alarms & FW_ALARM_LOF)
				done = sf;
		}
		if (nbad == 320) {
			assert_int_equal(done, 8 + r);
			assert_int_equal(s.cnt.crc, nbad);
			feed(&s.rx, b, (done + 1) * 24 * FB, b->nbits, 2000, &w);
			assert_true(fw_t1_rx_in_frame(&s.rx));
		} else {
			assert_int_equal(done, 0);
			feed(&s.rx, b, (8 + r + 3) * 24 * FB, b->nbits, 2000, &w);
			assert_int_equal(w.lof_rise, 0);
			assert_int_equal(s.cnt.crc, nbad);
		}
		bb_free(b);
	}
}

/* Yellow out and in, SF (bit 2) and ESF (FDL pattern), raised and cleared. */
static void yellow(enum fw_framing f, size_t set_max, size_t clear_max)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b = aligned(&s, f, 200, 200 + 2000, 31, &w);
	size_t fi = 200, on_at = 0, off_at = 0;

	/* a clean line: no yellow */
	gen(&s.tx, b, fi, 600, 31, -1);
	w.check = 0;
	feed(&s.rx, b, 200 * FB, b->nbits, 500, &w);
	fi += 600;
	assert_false(s.rx.alarms & FW_ALARM_RAI);

	fw_t1_tx_set_yellow(&s.tx, true);
	for (; fi < 1600 && !on_at; fi++) {
		size_t at = b->nbits;

		gen(&s.tx, b, fi, 1, 31, -1);
		if (f == FW_FRAMING_T1_SF) {
			unsigned c;

			for (c = 0; c < 24; c++)
				assert_int_equal(getbit(b->buf, at + 1 + 8 * c + 1), 0);
		}
		feed(&s.rx, b, at, b->nbits, FB, &w);
		if (s.rx.alarms & FW_ALARM_RAI)
			on_at = fi - 799;
	}
	assert_true(on_at > 0 && on_at <= set_max);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	/* it stays while sent */
	gen(&s.tx, b, fi, 100, 31, -1);
	feed(&s.rx, b, b->nbits - 100 * FB, b->nbits, 300, &w);
	fi += 100;
	assert_true(s.rx.alarms & FW_ALARM_RAI);
	fw_second_end(&s.sec, &s.cnt);
	assert_int_equal(s.cnt.rai_s, 1);
	assert_int_equal(s.cnt.es, 0);		/* RAI is no defect of this end */

	fw_t1_tx_set_yellow(&s.tx, false);
	for (size_t fi0 = fi; fi < 2200 && !off_at; fi++) {
		size_t at = b->nbits;

		gen(&s.tx, b, fi, 1, 31, -1);
		feed(&s.rx, b, at, b->nbits, FB, &w);
		if (!(s.rx.alarms & FW_ALARM_RAI))
			off_at = fi - fi0 + 1;
	}
	assert_true(off_at > 0 && off_at <= clear_max);
	print_message("  %s yellow: set %zu frames (%.1f ms) after it was sent\n",
		      f == FW_FRAMING_T1_SF ? "SF" : "ESF", on_at, on_at / 8.0);
	bb_free(b);
}

static void test_yellow_sf(void **state)
{
	(void)state;
	rng_state = 5;
	yellow(FW_FRAMING_T1_SF, 22, 22);
}

static void test_yellow_esf(void **state)
{
	(void)state;
	rng_state = 6;
	yellow(FW_FRAMING_T1_ESF, 16 * 32 + 32, 2 * 32 + 32);
}

/* Clearing times measured exactly: SF within 2 blocks of 256 channels, ESF within 3 intervals. */
static void yellow_clear_time(enum fw_framing f, size_t bound)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b = aligned(&s, f, 200, 200 + 1400, 41, &w);
	size_t fi = 200, cleared = 0;

	fw_t1_tx_set_yellow(&s.tx, true);
	gen(&s.tx, b, fi, 800, 41, -1);
	fi += 800;
	w.check = 0;
	feed(&s.rx, b, 200 * FB, b->nbits, 700, &w);
	assert_true(s.rx.alarms & FW_ALARM_RAI);
	fw_t1_tx_set_yellow(&s.tx, false);
	for (; fi < 1400; fi++) {
		size_t at = b->nbits;

		gen(&s.tx, b, fi, 1, 41, -1);
		feed(&s.rx, b, at, b->nbits, FB, &w);
		if (!(s.rx.alarms & FW_ALARM_RAI)) {
			cleared = fi - 1000 + 1;
			break;
		}
	}
	assert_true(cleared > 0 && cleared <= bound);
	print_message("  %s yellow cleared %zu frames after removal (bound %zu)\n",
		      f == FW_FRAMING_T1_SF ? "SF" : "ESF", cleared, bound);
	bb_free(b);
}

static void test_yellow_clear_sf(void **state)
{
	(void)state;
	rng_state = 7;
	yellow_clear_time(FW_FRAMING_T1_SF, 22);
}

static void test_yellow_clear_esf(void **state)
{
	(void)state;
	rng_state = 8;
	yellow_clear_time(FW_FRAMING_T1_ESF, 3 * 32);
}

/* SF yellow tolerates 2 stray ones per 256 channels, not 3. */
static void test_yellow_sf_tolerance(void **state)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b;
	size_t fi, start;

	(void)state;
	rng_state = 9;
	b = aligned(&s, FW_FRAMING_T1_SF, 200, 200 + 800, 51, &w);
	fw_t1_tx_set_yellow(&s.tx, true);
	start = b->nbits;
	gen(&s.tx, b, 200, 600, 51, -1);
	/* in frames 400..: one bit 2 set to 1 every 6 frames (24*6 = 144 channels): <= 2 per 256 */
	for (fi = 400; fi < 500; fi += 6)
		flip(b, fi * FB + 1 + 8 * (fi % 24) + 1);
	/* in frames 600..: every 2 frames (48 channels): >= 5 per 256 */
	for (fi = 600; fi < 800; fi += 2)
		flip(b, fi * FB + 1 + 8 * (fi % 24) + 1);
	w.check = 0;
	feed(&s.rx, b, start, 500 * FB, 500, &w);
	assert_true(s.rx.alarms & FW_ALARM_RAI);
	feed(&s.rx, b, 500 * FB, b->nbits, 500, &w);
	assert_false(s.rx.alarms & FW_ALARM_RAI);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	bb_free(b);
}

/* ESF yellow tolerates one bad 16-bit interval in 16, not two in a row. */
static void test_yellow_esf_tolerance(void **state)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b;
	size_t start, hit = 0;

	(void)state;
	rng_state = 10;
	b = aligned(&s, FW_FRAMING_T1_ESF, 200, 200 + 1600, 52, &w);
	fw_t1_tx_set_yellow(&s.tx, true);
	start = b->nbits;
	gen(&s.tx, b, 200, 1600, 52, -1);
	/* frame 1000 (index even: an FDL bit) wrong: one bad interval */
	flip(b, 1000 * FB);
	hit++;
	w.check = 0;
	feed(&s.rx, b, start, 1000 * FB, 500, &w);
	assert_true(s.rx.alarms & FW_ALARM_RAI);
	feed(&s.rx, b, 1000 * FB, 1100 * FB, 500, &w);	/* the interval is judged by 1032 */
	assert_true(s.rx.alarms & FW_ALARM_RAI);
	feed(&s.rx, b, 1100 * FB, 1600 * FB, 500, &w);
	assert_true(s.rx.alarms & FW_ALARM_RAI);
	/* two FDL bits wrong 32 frames (16 FDL bits) apart: two bad intervals */
	flip(b, 1600 * FB);
	flip(b, 1632 * FB);
	hit += 2;
	feed(&s.rx, b, 1600 * FB, 1700 * FB, 500, &w);
	assert_false(s.rx.alarms & FW_ALARM_RAI);
	assert_true(hit > 0);
	bb_free(b);
}

/* AIS (unframed all ones): LOF, then AIS within two 3 ms windows; cleared by a framed signal. */
static void ais(enum fw_framing f)
{
	struct span s;
	struct seen w;
	struct fw_t1_bitbuf *b = aligned(&s, f, 200, 200 + 100 + 200, 61, &w);
	size_t fi, start = b->nbits, ais_at = 0, back = 0;

	for (fi = 0; fi < 100; fi++)
		assert_int_equal(fw_t1_tx_ais(&s.tx, b), 0);
	w.check = 0;
	for (fi = 0; fi < 100 && !ais_at; fi++) {
		feed(&s.rx, b, start + fi * FB, start + (fi + 1) * FB, FB, &w);
		if (s.rx.alarms & FW_ALARM_AIS)
			ais_at = fi + 1;
	}
	assert_true(ais_at > 0 && ais_at <= 48);
	assert_true(s.rx.alarms & FW_ALARM_LOF);
	feed(&s.rx, b, start + ais_at * FB, start + 100 * FB, 300, &w);
	assert_true(s.rx.alarms & FW_ALARM_AIS);
	fw_second_end(&s.sec, &s.cnt);
	assert_int_equal(s.cnt.ais_s, 1);
	assert_int_equal(s.cnt.lof_s, 1);
	assert_int_equal(s.cnt.ses, 1);

	/* framed signal again */
	start = b->nbits;
	gen(&s.tx, b, 300, 200, 62, -1);
	for (fi = 0; fi < 200; fi++) {
		feed(&s.rx, b, start + fi * FB, start + (fi + 1) * FB, FB, &w);
		if (!back && !(s.rx.alarms & FW_ALARM_AIS))
			back = fi + 1;
	}
	assert_true(back > 0 && back <= 48);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	assert_int_equal(s.rx.alarms, 0);
	print_message("  %s AIS: set %zu frames after it began, cleared %zu frames after it ended\n",
		      f == FW_FRAMING_T1_SF ? "SF" : "ESF", ais_at, back);
	bb_free(b);
}

static void test_ais_sf(void **state)
{
	(void)state;
	rng_state = 13;
	ais(FW_FRAMING_T1_SF);
}

static void test_ais_esf(void **state)
{
	(void)state;
	rng_state = 14;
	ais(FW_FRAMING_T1_ESF);
}

/* A framed signal of all ones in the channels (ESF FDL all ones too) is not AIS. */
static void test_framed_all_ones_not_ais(void **state)
{
	struct span s;
	struct seen w = { 0 };
	struct fw_t1_bitbuf *b = bb_new(600);
	uint8_t ones[24];
	int i;

	(void)state;
	memset(ones, 0xFF, sizeof(ones));
	span_init(&s, FW_FRAMING_T1_ESF, 0, 0);
	for (i = 0; i < 600; i++)
		assert_int_equal(fw_t1_tx_frame(&s.tx, ones, 1, b), 0);
	feed(&s.rx, b, 0, b->nbits, 1000, &w);
	assert_true(fw_t1_rx_in_frame(&s.rx));
	assert_int_equal(s.rx.alarms, 0);
	bb_free(b);
}

/* Robbed bits per channel: AB in SF (C = A, D = B on receive), ABCD in ESF. */
static void rbs(enum fw_framing f)
{
	const bool esf = f == FW_FRAMING_T1_ESF;
	struct span s;
	struct seen w = { 0 };
	struct fw_t1_bitbuf *b = bb_new(800);
	unsigned ch, round;

	rng_state = 15;
	span_init(&s, f, FW_T1_ALL_CHANNELS & ~FW_T1_CHANNEL(24), 0);
	w.check = 1;
	w.seed = 71;
	w.ts24 = -1;
	w.rbs = FW_T1_ALL_CHANNELS & ~FW_T1_CHANNEL(24);
	for (round = 0; round < 2; round++) {
		uint8_t want[24];
		size_t start = b->nbits, fi0 = start / FB;

		for (ch = 1; ch <= 24; ch++) {
			uint8_t v = (uint8_t)((ch * 5 + round * 7) & 15);

			fw_t1_tx_set_sig(&s.tx, ch, v);
			if (!esf)
				v = (uint8_t)((v & 0xC) | (v & 0xC) >> 2);
			want[ch - 1] = v;
		}
		gen(&s.tx, b, fi0, 384, 71, -1);
		feed(&s.rx, b, start, b->nbits, 200, &w);
		assert_true(fw_t1_rx_in_frame(&s.rx));
		assert_true(w.sig_updates > 0);
		for (ch = 1; ch <= 23; ch++)
			assert_int_equal(s.rx.sig[ch - 1], want[ch - 1]);
		/* TS24 (no robbed bits configured) carries its payload LSB untouched */
		assert_int_equal(w.mismatches, 0);
	}
	bb_free(b);
}

static void test_rbs_sf(void **state)
{
	(void)state;
	rbs(FW_FRAMING_T1_SF);
}

static void test_rbs_esf(void **state)
{
	(void)state;
	rbs(FW_FRAMING_T1_ESF);
}

/* FDL bits round trip in ESF: received frame by frame where they were sent. */
static void test_fdl_roundtrip(void **state)
{
	struct span s;
	struct fw_t1_bitbuf *b = bb_new(1200);
	size_t pos = 0, nfdl = 0;
	struct fw_t1_frame fr;

	(void)state;
	span_init(&s, FW_FRAMING_T1_ESF, 0, 0);
	gen(&s.tx, b, 0, 1200, 81, -1);
	while (fw_t1_rx(&s.rx, b->buf, b->nbits, &pos, &fr)) {
		size_t fi = pos / FB - 1;

		assert_int_equal(pos % FB, 0);
		assert_int_equal(fr.frame, fi % 24 + 1);
		if (fr.frame % 2) {
			assert_int_equal(fr.fkind, FW_T1_F_FDL);
			assert_int_equal(fr.fbit, fdl_bit(81, fi));
			nfdl++;
		} else {
			assert_int_not_equal(fr.fkind, FW_T1_F_FDL);
		}
	}
	assert_true(nfdl > 500);
	bb_free(b);
}

/* D-channel octets on TS24 byte-exact at 64 kbit/s; at 56 kbit/s bits 1..7 exact, bit 8 = 1. */
static void dchannel(uint32_t ch56k)
{
	struct span s;
	struct fw_t1_bitbuf *b = bb_new(600);
	uint8_t ts[24] = { 0 };
	size_t fi, pos = 0, got = 0;
	struct fw_t1_frame fr;

	span_init(&s, FW_FRAMING_T1_ESF, 0, ch56k);
	for (fi = 0; fi < 600; fi++) {
		ts[23] = (uint8_t)(fi * 37 + (fi >> 3));	/* every octet value, LSB both ways */
		assert_int_equal(fw_t1_tx_frame(&s.tx, ts, 1, b), 0);
		assert_int_equal(getbit(b->buf, fi * FB + FB - 1), ch56k ? 1u : ts[23] & 1u);
	}
	while (fw_t1_rx(&s.rx, b->buf, b->nbits, &pos, &fr)) {
		uint8_t want;

		fi = pos / FB - 1;
		want = (uint8_t)(fi * 37 + (fi >> 3));
		if (ch56k)
			assert_int_equal(fr.ts[23] >> 1, want >> 1);
		else
			assert_int_equal(fr.ts[23], want);
		got++;
	}
	assert_true(got > 400);
	bb_free(b);
}

static void test_dchannel_ts24_64k(void **state)
{
	(void)state;
	dchannel(0);
}

static void test_dchannel_ts24_56k(void **state)
{
	(void)state;
	dchannel(FW_T1_CHANNEL(24));
}

/*
 * A periodic FDL that reads as the FPS pattern (ending in "frame 24" at frame
 * 15) at the true bit position, in the wrong phase: the mimic fails its
 * CRC-6 and the true alignment is still found in time.
 */
static void test_esf_fdl_mimics_fps(void **state)
{
	/* FDL bits of frame index k (even k); the mimic reads k = 14, 10, 6, 2, 22, 18 as 1,1,0,1,0,0 */
	static const uint8_t fdl[24] = { [0] = 1, [2] = 1, [4] = 1, [6] = 0, [8] = 1, [10] = 1,
					 [12] = 1, [14] = 1, [16] = 1, [18] = 0, [20] = 1, [22] = 0 };
	size_t off;

	(void)state;
	rng_state = 99;
	for (off = 0; off < FB; off += 8) {
		struct span s;
		struct seen w = { 0 };
		struct fw_t1_bitbuf *b = bb_new(300);
		uint8_t ts[24];
		size_t fi;
		unsigned c;

		span_init(&s, FW_FRAMING_T1_ESF, 0, 0);
		random_bits(b, off);
		for (fi = 0; fi < 300; fi++) {
			for (c = 0; c < 24; c++)
				ts[c] = pay(3, fi, c);
			assert_int_equal(fw_t1_tx_frame(&s.tx, ts, fdl[fi % 24], b), 0);
		}
		w.check = 1;
		w.seed = 3;
		w.offset = off;
		w.ts24 = -1;
		feed(&s.rx, b, 0, b->nbits, 1000, &w);
		assert_true(w.frames > 0);
		assert_int_equal(w.mismatches, 0);
		assert_true((w.first_end - off) / FB <= 120);
		assert_int_equal(s.cnt.crc, 0);
		bb_free(b);
	}
}

/* Random bits for 10 s: never aligned, never AIS. */
static void no_false_alignment(enum fw_framing f)
{
	struct span s;
	struct fw_t1_bitbuf *b = bb_new(8000);
	size_t round, pos;
	struct fw_t1_frame fr;

	span_init(&s, f, 0, 0);
	for (round = 0; round < 10; round++) {
		b->nbits = 0;
		random_bits(b, 8000 * FB);
		pos = 0;
		assert_false(fw_t1_rx(&s.rx, b->buf, b->nbits, &pos, &fr));
		assert_int_equal(pos, b->nbits);
		assert_int_equal(s.rx.alarms, FW_ALARM_LOF);
		assert_int_not_equal(s.rx.state, FW_T1_SYNC);
	}
	bb_free(b);
}

static void test_no_false_alignment_sf(void **state)
{
	(void)state;
	rng_state = 1234;
	no_false_alignment(FW_FRAMING_T1_SF);
}

static void test_no_false_alignment_esf(void **state)
{
	(void)state;
	rng_state = 4321;
	no_false_alignment(FW_FRAMING_T1_ESF);
}

/* Bad arguments and a full output buffer. */
static void test_api_edges(void **state)
{
	struct fw_t1_config cfg = { .framing = FW_FRAMING_E1 };
	struct fw_t1_tx tx;
	struct fw_t1_rx rx;
	struct fw_span_counters cnt;
	struct fw_second sec;
	uint8_t buf[25], ts[24] = { 0 };
	struct fw_t1_bitbuf out = { buf, sizeof(buf), 8 };

	(void)state;
	assert_int_equal(fw_t1_tx_init(&tx, &cfg), -1);
	assert_int_equal(fw_t1_rx_init(&rx, &cfg, &cnt, &sec), -1);
	cfg.framing = FW_FRAMING_T1_SF;
	assert_int_equal(fw_t1_rx_init(&rx, &cfg, NULL, &sec), -1);
	assert_int_equal(fw_t1_tx_init(&tx, &cfg), 0);
	assert_int_equal(fw_t1_rx_init(&rx, &cfg, &cnt, &sec), 0);
	assert_int_equal(rx.alarms, FW_ALARM_LOF);
	memset(buf, 0x5A, sizeof(buf));
	/* 200 bits of room minus 8 used: 192 < 193 */
	assert_int_equal(fw_t1_tx_frame(&tx, ts, 0, &out), -1);
	assert_int_equal(out.nbits, 8);
	assert_int_equal(buf[1], 0x5A);
	out.nbits = 7;
	assert_int_equal(fw_t1_tx_frame(&tx, ts, 0, &out), 0);
	assert_int_equal(out.nbits, 200);
	assert_int_equal(buf[0], 0x5B);		/* bit 7 kept, the F bit (1) appended */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc6_matches_long_division),
		cmocka_unit_test(test_tx_fbits),
		cmocka_unit_test(test_align_every_offset_sf),
		cmocka_unit_test(test_align_every_offset_esf),
		cmocka_unit_test(test_isolated_errors_sf),
		cmocka_unit_test(test_isolated_errors_esf),
		cmocka_unit_test(test_oof_threshold_sf),
		cmocka_unit_test(test_oof_threshold_esf),
		cmocka_unit_test(test_crc6_errors_counted),
		cmocka_unit_test(test_crc6_excessive_reframe),
		cmocka_unit_test(test_yellow_sf),
		cmocka_unit_test(test_yellow_esf),
		cmocka_unit_test(test_yellow_clear_sf),
		cmocka_unit_test(test_yellow_clear_esf),
		cmocka_unit_test(test_yellow_sf_tolerance),
		cmocka_unit_test(test_yellow_esf_tolerance),
		cmocka_unit_test(test_ais_sf),
		cmocka_unit_test(test_ais_esf),
		cmocka_unit_test(test_framed_all_ones_not_ais),
		cmocka_unit_test(test_rbs_sf),
		cmocka_unit_test(test_rbs_esf),
		cmocka_unit_test(test_fdl_roundtrip),
		cmocka_unit_test(test_dchannel_ts24_64k),
		cmocka_unit_test(test_dchannel_ts24_56k),
		cmocka_unit_test(test_esf_fdl_mimics_fps),
		cmocka_unit_test(test_no_false_alignment_sf),
		cmocka_unit_test(test_no_false_alignment_esf),
		cmocka_unit_test(test_api_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
