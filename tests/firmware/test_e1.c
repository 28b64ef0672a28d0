// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The E1 framer (firmware/src/framer_e1.c): transmit -> bit pipe -> receive,
 * with and without CRC-4, against G.704/G.706 (see fw/e1.h for the clauses).
 * The pipe is a plain NRZ bit FIFO with a junk prefix (so frames start at any
 * bit) and bit errors injected by the test; line codes are not involved.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fw/e1.h"

#define FB FW_E1_FRAME_BITS
#define NTS FW_E1_TIMESLOTS

static uint32_t rng = 1;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Octets with no two zeros in a row, starting and ending with 1: no FAS imitation. */
static const uint8_t calm[13] = { 0xD5, 0xB5, 0xAD, 0xAB, 0xDB, 0xB7, 0xED,
				  0xF5, 0xFF, 0xDD, 0xBB, 0xD7, 0xEB };

static void calm_payload(uint8_t ts[NTS], unsigned k)
{
	unsigned n;

	for (n = 0; n < NTS; n++)
		ts[n] = calm[(k * 7 + n * 3) % 13];
}

static void random_payload(uint8_t ts[NTS])
{
	unsigned n;

	for (n = 0; n < NTS; n++)
		ts[n] = (uint8_t)rnd();
}

static unsigned getbit(const uint8_t *p, size_t i)
{
	return (p[i >> 3] >> (7 - (i & 7))) & 1;
}

static void putbit(uint8_t *p, size_t i, unsigned b)
{
	uint8_t m = (uint8_t)(0x80 >> (i & 7));

	if (b)
		p[i >> 3] |= m;
	else
		p[i >> 3] &= (uint8_t)~m;
}

/* --- a bit pipe: FIFO of NRZ bits ---------------------------------------- */

#define PIPE_BITS (1u << 16)
struct pipe {
	uint8_t b[PIPE_BITS / 8];
	uint64_t w, r;
};

static void pipe_put(struct pipe *p, const uint8_t *src, size_t nbits)
{
	size_t i;

	assert_true(p->w + nbits - p->r <= PIPE_BITS);
	for (i = 0; i < nbits; i++, p->w++)
		putbit(p->b, p->w % PIPE_BITS, getbit(src, i));
}

static void pipe_junk(struct pipe *p, size_t nbits)
{
	size_t i;

	for (i = 0; i < nbits; i++, p->w++)
		putbit(p->b, p->w % PIPE_BITS, rnd() & 1);
}

static size_t pipe_avail(const struct pipe *p)
{
	return (size_t)(p->w - p->r);
}

/* Delivered frames, appended by feed(). */
struct log {
	struct fw_e1_frame *f;
	size_t n, cap;
};

static void log_add(struct log *l, const struct fw_e1_frame *f, size_t n)
{
	if (!l || !n)
		return;
	if (l->n + n > l->cap) {
		l->cap = (l->n + n) * 2 + 64;
		l->f = realloc(l->f, l->cap * sizeof(*l->f));
		assert_non_null(l->f);
	}
	memcpy(l->f + l->n, f, n * sizeof(*f));
	l->n += n;
}

/* Feeds @nbits bits of @p to @e in one call (junk in the unused bits). Returns frames. */
static size_t feed(struct fw_e1 *e, struct pipe *p, size_t nbits, struct log *l)
{
	static uint8_t buf[PIPE_BITS / 8 + 1];
	static struct fw_e1_frame out[PIPE_BITS / FB + 1];
	size_t i;
	ptrdiff_t n;

	assert_true(nbits <= pipe_avail(p));
	memset(buf, 0xA5, nbits / 8 + 1);
	for (i = 0; i < nbits; i++, p->r++)
		putbit(buf, i, getbit(p->b, p->r % PIPE_BITS));
	n = fw_e1_rx(e, buf, nbits, out, FW_E1_RX_FRAMES_MAX(nbits));
	assert_true(n >= 0 && (size_t)n <= FW_E1_RX_FRAMES_MAX(nbits));
	log_add(l, out, (size_t)n);
	return (size_t)n;
}

/* Feeds all of @p in random chunks of 1..@maxc bits. */
static size_t feed_all(struct fw_e1 *e, struct pipe *p, size_t maxc, struct log *l)
{
	size_t n = 0;

	while (pipe_avail(p)) {
		size_t c = rnd() % maxc + 1;

		n += feed(e, p, c < pipe_avail(p) ? c : pipe_avail(p), l);
	}
	return n;
}

/* --- transmit ------------------------------------------------------------ */

/* CRC-4 of 2048 bits, bit by bit as G.704 2.3.3.5.2 describes it. */
static unsigned crc4_ref(const uint8_t *smf)
{
	unsigned r = 0, i;

	for (i = 0; i < 8 * FB; i++) {
		unsigned fb = ((r >> 3) ^ getbit(smf, i)) & 1;

		r = (r << 1) & 0xF;
		if (fb)
			r ^= 0x3;
	}
	return r;
}

static void test_tx_structure(void **state)
{
	static uint8_t fr[48][NTS];
	struct fw_e1 tx;
	uint8_t ts[NTS], smf[8 * NTS];
	unsigned k, s, i;

	(void)state;
	fw_e1_init(&tx, FW_E1_CRC4);
	fw_e1_tx_set_sa(&tx, 0x15);
	for (k = 0; k < 48; k++) {
		random_payload(ts);
		fw_e1_tx_frame(&tx, ts, fr[k]);
		assert_memory_equal(fr[k] + 1, ts + 1, NTS - 1);	/* D-channel untouched */
		if (k % 2 == 0) {
			assert_int_equal(fr[k][0] & 0x7F, 0x1B);	/* FAS */
		} else {
			unsigned fn = k % 16;

			assert_int_equal(fr[k][0] & 0x40, 0x40);	/* NFAS bit 2 */
			assert_int_equal(fr[k][0] & 0x20, 0x20);	/* A: our receiver has LOF */
			assert_int_equal(fr[k][0] & 0x1F, 0x15);	/* Sa4..Sa8 */
			if (fn <= 11)					/* MFAS 001011 */
				assert_int_equal(fr[k][0] >> 7, (0x0B >> (5 - fn / 2)) & 1);
			else						/* E: no MF alignment */
				assert_int_equal(fr[k][0] >> 7, 0);
		}
	}
	/* C1..C4 of SMF s+1 = CRC-4 of SMF s with its C bits at 0. */
	for (s = 0; s + 1 < 6; s++) {
		unsigned c = 0;

		for (i = 0; i < 8; i++) {
			memcpy(smf + i * NTS, fr[s * 8 + i], NTS);
			if (i % 2 == 0)
				smf[i * NTS] &= 0x7F;
			if (i % 2 == 0)
				c = c << 1 | fr[(s + 1) * 8 + i][0] >> 7;
		}
		assert_int_equal(c, crc4_ref(smf));
	}
	/* Without CRC-4 Si is 1; without auto RAI A follows the caller. */
	fw_e1_init(&tx, FW_E1_NO_AUTO_RAI);
	for (k = 0; k < 4; k++) {
		fw_e1_tx_frame(&tx, ts, fr[k]);
		assert_int_equal(fr[k][0], k % 2 ? 0xDF : 0x9B);
	}
	fw_e1_tx_set_rai(&tx, true);
	fw_e1_tx_frame(&tx, ts, fr[0]);
	fw_e1_tx_frame(&tx, ts, fr[1]);
	assert_int_equal(fr[1][0], 0xFF);
}

/* --- alignment from every bit offset -------------------------------------- */

static void align_every_offset(unsigned opts)
{
	enum { NF = 80 };
	static uint8_t s[NF * NTS];
	struct fw_e1 tx, rx;
	struct fw_e1_frame out[2];
	uint8_t ts[NTS];
	unsigned o, k;

	fw_e1_init(&tx, opts);
	for (k = 0; k < NF; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
	}
	for (o = 0; o < FB; o++) {
		size_t i, got = 0, bf = 0, mf = 0;
		unsigned j = o <= 1 ? 0 : 1;	/* first FAS word whose bits 2-8 are all here */
		unsigned first = 2 * j + 2;	/* the FAS that completes FAS-NFAS-FAS */

		fw_e1_init(&rx, opts);
		for (i = o; i < (size_t)NF * FB; i++) {
			uint8_t b = (uint8_t)(getbit(s, i) << 7);
			ptrdiff_t n = fw_e1_rx(&rx, &b, 1, out, 2);

			assert_true(n == 0 || n == 1);
			if (!bf && !(rx.alarms & FW_ALARM_LOF))
				bf = i + 1 - o;
			if (!mf && (opts & FW_E1_CRC4) && !(rx.alarms & FW_ALARM_LMFA))
				mf = i + 1 - o;
			if (n == 1) {
				/* frames come out in order, byte-exact, from the first aligned one */
				assert_memory_equal(out[0].ts, s + (first + got) * NTS, NTS);
				if (mf)
					assert_int_equal(out[0].crc_fn, (first + got) % 16);
				got++;
			}
			if (bf)
				assert_int_equal(rx.alarms & FW_ALARM_LOF, 0);
		}
		/* G.706 4.1.2 done as soon as the third TS0 of the sequence ends */
		assert_int_equal(bf, first * FB + 8 - o);
		assert_int_equal(got, NF - first);
		if (opts & FW_E1_CRC4) {
			/* G.706 4.2: the second MFAS (frame 11 of the second whole MF seen) */
			assert_int_equal(mf, 43 * FB + 8 - o);
			assert_true(mf - bf <= 64 * FB);	/* within 8 ms */
			assert_int_equal(rx.cnt.crc, 0);
			assert_true(rx.sec.blocks >= 2);
		}
		assert_int_equal(rx.cnt.fas, 0);
	}
}

static void test_align_every_offset(void **state)
{
	(void)state;
	align_every_offset(0);
}

static void test_align_every_offset_crc4(void **state)
{
	(void)state;
	align_every_offset(FW_E1_CRC4);
}

/* --- LOF ------------------------------------------------------------------ */

/* Feeds frames @s[from..to) bit by bit; @check(bit index from the start, alarms). */
static void lof_run(unsigned opts, const uint8_t *s, unsigned nf, size_t lof_at, size_t clear_at,
		    uint32_t fas_at_lof)
{
	struct fw_e1 rx;
	struct fw_e1_frame out[2];
	size_t i;

	fw_e1_init(&rx, opts);
	for (i = 0; i < (size_t)nf * FB; i++) {
		uint8_t b = (uint8_t)(getbit(s, i) << 7);
		bool lof;

		assert_true(fw_e1_rx(&rx, &b, 1, out, 2) >= 0);
		lof = rx.alarms & FW_ALARM_LOF;
		if (i + 1 < 2 * FB + 8)
			assert_true(lof);	/* not yet aligned */
		else if (i + 1 < lof_at)
			assert_false(lof);
		else if (i + 1 < clear_at)
			assert_true(lof);
		else
			assert_false(lof);
		if (i + 1 == lof_at)
			assert_int_equal(rx.cnt.fas, fas_at_lof);
	}
}

static void test_lof_three_bad_fas(void **state)
{
	enum { NF = 40 };
	static uint8_t s[NF * NTS];
	struct fw_e1 tx;
	uint8_t ts[NTS];
	unsigned k;

	(void)state;
	fw_e1_init(&tx, 0);
	for (k = 0; k < NF; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
	}
	/* two bad FAS words, a good one, then three bad: LOF at the end of the third */
	s[10 * NTS] ^= 0x01;
	s[12 * NTS] ^= 0x01;
	s[16 * NTS] ^= 0x01;
	s[18 * NTS] ^= 0x10;
	s[20 * NTS] ^= 0x01;
	/* then FAS(22) NFAS(23) FAS(24): aligned again at the end of TS0 of frame 24 */
	lof_run(0, s, NF, 20 * FB + 8, 24 * FB + 8, 5);
}

static void test_lof_nfas_bit2(void **state)
{
	enum { NF = 40 };
	static uint8_t s[NF * NTS];
	struct fw_e1 tx;
	uint8_t ts[NTS];
	unsigned k;

	(void)state;
	fw_e1_init(&tx, 0);
	for (k = 0; k < NF; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
	}
	s[11 * NTS] &= (uint8_t)~0x40;
	s[13 * NTS] &= (uint8_t)~0x40;
	s[15 * NTS] &= (uint8_t)~0x40;
	/* without the option: never lost */
	lof_run(0, s, NF, (size_t)NF * FB + 1, (size_t)NF * FB + 1, 0);
	/* with it: lost at the third, FAS(16) NFAS(17) FAS(18) realigns */
	lof_run(FW_E1_NFAS_LOF, s, NF, 15 * FB + 8, 18 * FB + 8, 0);
}

/* --- CRC-4 errors, E-bits ------------------------------------------------- */

struct link {
	struct fw_e1 a, b;
	struct pipe ab, ba;
	unsigned ka, kb;	/* frames sent */
};

static void link_init(struct link *l, unsigned opts_a, unsigned opts_b)
{
	memset(l, 0, sizeof(*l));
	fw_e1_init(&l->a, opts_a);
	fw_e1_init(&l->b, opts_b);
	pipe_junk(&l->ab, 77);	/* frames start mid-octet */
	pipe_junk(&l->ba, 3);
}

/* One frame each way; @err(frame, fn) may corrupt A's frame. Returns B's frames. */
static void link_frame(struct link *l, uint8_t a_ts[NTS], uint8_t b_ts[NTS], struct log *la,
		       struct log *lb)
{
	uint8_t f[NTS];

	fw_e1_tx_frame(&l->a, a_ts, f);
	pipe_put(&l->ab, f, FB);
	fw_e1_tx_frame(&l->b, b_ts, f);
	pipe_put(&l->ba, f, FB);
	feed_all(&l->b, &l->ab, 700, lb);
	feed_all(&l->a, &l->ba, 700, la);
}

static void test_crc4_errors_and_ebits(void **state)
{
	struct link *l = malloc(sizeof(*l));
	uint8_t ta[NTS], tb[NTS], f[NTS];
	unsigned k, injected = 0, fas_hits = 0, e_hits = 0;
	long next = 4200;

	(void)state;
	assert_non_null(l);
	rng = 12345;
	link_init(l, FW_E1_CRC4, FW_E1_CRC4);
	for (k = 0; k < 200; k++) {
		random_payload(ta);
		random_payload(tb);
		link_frame(l, ta, tb, NULL, NULL);
	}
	assert_int_equal(l->a.alarms, 0);	/* aligned, MF aligned, no RAI */
	assert_int_equal(l->b.alarms, 0);
	memset(&l->a.cnt, 0, sizeof(l->a.cnt));
	memset(&l->b.cnt, 0, sizeof(l->b.cnt));

	/* 8000 frames (1 s) with isolated errors on A -> B, 4200..12000 bits apart */
	for (k = 0; k < 8000 + 64; k++) {
		unsigned fn = l->a.tx.fn;

		random_payload(ta);
		random_payload(tb);
		fw_e1_tx_frame(&l->a, ta, f);
		if (k < 8000) {
			while (next < FB) {
				f[next / 8] ^= (uint8_t)(0x80 >> (next % 8));
				injected++;
				if (fn % 2 == 0 && next >= 1 && next <= 7)
					fas_hits++;
				if ((fn == 13 || fn == 15) && next == 0)
					e_hits++;
				next += 4200 + (long)(rnd() % 7800);
			}
			next -= FB;
		}
		pipe_put(&l->ab, f, FB);
		fw_e1_tx_frame(&l->b, tb, f);
		pipe_put(&l->ba, f, FB);
		feed_all(&l->b, &l->ab, 700, NULL);
		feed_all(&l->a, &l->ba, 700, NULL);
		assert_int_equal(l->b.alarms & (FW_ALARM_LOF | FW_ALARM_LMFA), 0);
	}
	assert_true(injected > 200);
	assert_int_equal(l->b.cnt.crc, injected);	/* one for one */
	assert_int_equal(l->b.cnt.fas, fas_hits);
	assert_int_equal(l->b.cnt.ebit, e_hits);
	assert_int_equal(l->a.cnt.crc, 0);
	assert_int_equal(l->a.cnt.ebit, injected);	/* B's E-bits report them all */
	free(l);
}

/* G.706 4.3.2: more than 914 errored SMFs in a second -> search again. */
static void crc_reframe(unsigned opts, bool expect_lof)
{
	struct fw_e1 tx, rx;
	struct pipe *p = malloc(sizeof(*p));
	uint8_t ts[NTS], f[NTS];
	unsigned k;
	bool lof = false;

	assert_non_null(p);
	memset(p, 0, sizeof(*p));
	fw_e1_init(&tx, FW_E1_CRC4);
	fw_e1_init(&rx, opts);
	for (k = 0; k < 8000; k++) {	/* the receiver's first second */
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		if (k >= 100 && k % 8 == 3)
			f[5] ^= 0x10;	/* every SMF errored */
		pipe_put(p, f, FB);
		feed(&rx, p, FB, NULL);
		if (!lof && (rx.alarms & FW_ALARM_LOF) && k >= 100) {
			lof = true;
			assert_int_equal(rx.cnt.crc, 915);
		}
		if (!lof && k >= 100)
			assert_true(rx.cnt.crc <= 914 || !expect_lof);
	}
	assert_true(lof == expect_lof);
	if (!expect_lof)
		assert_true(rx.cnt.crc > 950);
	free(p);
}

static void test_crc4_reframe_914(void **state)
{
	(void)state;
	crc_reframe(FW_E1_CRC4, true);
	crc_reframe(FW_E1_CRC4 | FW_E1_NO_CRC_REFRAME, false);
}

/* --- CRC-4 interworking (G.706 Annex B) ----------------------------------- */

static void test_crc4_interworking(void **state)
{
	struct fw_e1 far, rx;
	struct pipe *p = malloc(sizeof(*p));
	uint8_t ts[NTS], f[NTS];
	unsigned k;
	size_t got = 0;

	(void)state;
	assert_non_null(p);
	memset(p, 0, sizeof(*p));
	fw_e1_init(&far, 0);		/* non-CRC-4 equipment */
	fw_e1_init(&rx, FW_E1_CRC4);
	for (k = 0; k < 3300; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&far, ts, f);
		pipe_put(p, f, FB);
		got += feed(&rx, p, FB, NULL);
		if (k >= 2)
			assert_int_equal(rx.alarms & FW_ALARM_LOF, 0);	/* traffic all along */
		if (got && got < 3200) {
			assert_false(fw_e1_crc4_fallback(&rx));
			assert_true(rx.alarms & FW_ALARM_LMFA);
		} else if (got >= 3200) {	/* 400 ms after basic alignment */
			assert_true(fw_e1_crc4_fallback(&rx));
			assert_int_equal(rx.alarms & FW_ALARM_LMFA, 0);
		}
	}
	assert_int_equal(got, 3300 - 2);	/* frames 2..3299 */
	assert_int_equal(rx.cnt.crc, 0);
	/* our transmitter: CRC-4 multiframe still sent, E-bits at 0 */
	for (k = 0; k < 16; k++) {
		fw_e1_tx_frame(&rx, ts, f);
		if (rx.tx.fn == 14 || rx.tx.fn == 0)	/* just sent frame 13 or 15 */
			assert_int_equal(f[0] >> 7, 0);
		if (rx.tx.fn == 6)			/* frame 5: MFAS bit 3 = 1 */
			assert_int_equal(f[0] >> 7, 1);
	}

	/* without interworking: 8 ms without MF alignment is a false alignment */
	memset(p, 0, sizeof(*p));
	fw_e1_init(&far, 0);
	fw_e1_init(&rx, FW_E1_CRC4 | FW_E1_NO_INTERWORK);
	got = 0;
	for (k = 0; k < 200; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&far, ts, f);
		pipe_put(p, f, FB);
		got += feed(&rx, p, FB, NULL);
		if (k >= 2 && k < 2 + 63)
			assert_int_equal(rx.alarms & FW_ALARM_LOF, 0);
		if (k == 2 + 63)
			assert_true(rx.alarms & FW_ALARM_LOF);
		assert_false(fw_e1_crc4_fallback(&rx));
	}
	free(p);
}

/*
 * A timeslot imitating FAS/NFAS makes the search align on it first; CRC-4
 * finds no MFAS there, and the parallel search of Annex B moves to the true
 * alignment without interrupting traffic (no LOF).
 */
static void test_crc4_parallel_search(void **state)
{
	enum { NF = 250 };
	static uint8_t s[NF * NTS];
	struct fw_e1 tx, rx;
	struct log l = { 0 };
	struct pipe *p = malloc(sizeof(*p));
	uint8_t ts[NTS];
	unsigned k;
	size_t i, first = 0;

	(void)state;
	assert_non_null(p);
	memset(p, 0, sizeof(*p));
	fw_e1_init(&tx, FW_E1_CRC4 | FW_E1_NO_AUTO_RAI);
	for (k = 0; k < NF; k++) {
		calm_payload(ts, k);
		ts[5] = k % 2 ? 0x40 : 0x1B;	/* an imitation of TS0 without MFAS */
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
	}
	fw_e1_init(&rx, FW_E1_CRC4);
	pipe_put(p, s, NF * FB);
	p->r = 8;			/* start after TS0 of frame 0 */
	for (i = 8; i < (size_t)NF * FB; i += 256) {
		feed(&rx, p, (size_t)NF * FB - i < 256 ? (size_t)NF * FB - i : 256, &l);
		if (i > 3 * FB)
			assert_int_equal(rx.alarms & FW_ALARM_LOF, 0);
	}
	assert_true(l.n > 0);
	assert_int_equal(l.f[0].ts[0], 0x1B);	/* first aligned on TS5 */
	assert_int_equal(rx.alarms, 0);		/* in the end: aligned, MF aligned */
	for (i = 0; i < l.n && l.f[i].crc_fn == FW_E1_NOT_ALIGNED; i++)
		;
	assert_true(i < l.n);
	for (first = 0; first < NF && memcmp(s + first * NTS, l.f[i].ts, NTS); first++)
		;
	assert_true(first < NF);
	assert_true(first * FB <= 16 * 64 * FB);	/* well within the 400 ms */
	for (; i < l.n; i++, first++)
		assert_memory_equal(l.f[i].ts, s + first * NTS, NTS);
	assert_int_equal(first, NF);
	assert_int_equal(rx.cnt.crc, 0);
	free(l.f);
	free(p);
}

/* --- AIS, RAI ------------------------------------------------------------- */

static void feed_bits(struct fw_e1 *rx, const uint8_t *bits, size_t n)
{
	static struct fw_e1_frame out[1024];

	assert_true(fw_e1_rx(rx, bits, n, out, 1024) >= 0);
}

static void test_ais(void **state)
{
	struct fw_e1 rx, tx;
	uint8_t ones = 0xFF, blk[64], ts[NTS], f[NTS];
	unsigned i, k;

	(void)state;
	fw_e1_init(&rx, 0);
	for (i = 0; i < 1024; i++) {
		assert_int_equal(rx.alarms & FW_ALARM_AIS, 0);
		feed_bits(&rx, &ones, 1);
	}
	assert_true(rx.alarms & FW_ALARM_AIS);	/* 2 periods of 512 with < 3 zeros */
	assert_true(rx.alarms & FW_ALARM_LOF);
	/* two zeros per period keep it; three per period clear it after two periods */
	memset(blk, 0xFF, sizeof(blk));
	blk[10] = 0x7F;
	blk[40] = 0xFE;
	for (i = 0; i < 4; i++)
		feed_bits(&rx, blk, 512);
	assert_true(rx.alarms & FW_ALARM_AIS);
	blk[50] = 0xEF;
	feed_bits(&rx, blk, 512);
	assert_true(rx.alarms & FW_ALARM_AIS);
	feed_bits(&rx, blk, 512);
	assert_int_equal(rx.alarms & FW_ALARM_AIS, 0);
	/* two zeros per period after that: raised again after two periods */
	blk[50] = 0xFF;
	feed_bits(&rx, blk, 512);
	assert_int_equal(rx.alarms & FW_ALARM_AIS, 0);
	feed_bits(&rx, blk, 512);
	assert_true(rx.alarms & FW_ALARM_AIS);
	assert_true(rx.sec.defects & FW_ALARM_AIS);

	/* a framed signal clears AIS and aligns */
	fw_e1_init(&tx, 0);
	for (k = 0; k < 8; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		feed_bits(&rx, f, FB);
	}
	assert_int_equal(rx.alarms & (FW_ALARM_AIS | FW_ALARM_LOF), 0);
	/* all ones again while aligned: LOF after 3 FAS words, AIS after 2 periods */
	for (k = 0; k < 8; k++) {
		memset(f, 0xFF, NTS);
		feed_bits(&rx, f, FB);
	}
	assert_true(rx.alarms & FW_ALARM_AIS);
	assert_true(rx.alarms & FW_ALARM_LOF);
}

static void test_rai(void **state)
{
	struct link *l = malloc(sizeof(*l));
	uint8_t ts[NTS];
	unsigned k;

	(void)state;
	assert_non_null(l);
	/* auto RAI: B raises A's RAI while B's receiver is out of alignment */
	link_init(l, 0, 0);
	for (k = 0; k < 4; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&l->a, ts, ts);	/* A sends, B never listens */
		pipe_put(&l->ab, ts, FB);
	}
	l->ab.r = l->ab.w;
	for (k = 0; k < 20; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&l->b, ts, ts);
		pipe_put(&l->ba, ts, FB);
		feed_all(&l->a, &l->ba, 300, NULL);
	}
	assert_true(l->a.alarms & FW_ALARM_RAI);
	/* B aligns: its A bit goes to 0, A's RAI clears after 3 NFAS words */
	for (k = 0; k < 20; k++) {
		calm_payload(ts, k);
		link_frame(l, ts, ts, NULL, NULL);
	}
	assert_int_equal(l->a.alarms & FW_ALARM_RAI, 0);
	assert_int_equal(l->b.alarms & FW_ALARM_RAI, 0);

	/* the caller's RAI: raised at the third NFAS word with A = 1, frame by frame */
	fw_e1_tx_set_rai(&l->b, true);
	for (k = 0; k < 12; k++) {
		calm_payload(ts, k);
		link_frame(l, ts, ts, NULL, NULL);
	}
	assert_true(l->a.alarms & FW_ALARM_RAI);
	assert_true(l->a.sec.defects & FW_ALARM_RAI);
	fw_e1_tx_set_rai(&l->b, false);
	for (k = 0; k < 12; k++) {
		calm_payload(ts, k);
		link_frame(l, ts, ts, NULL, NULL);
	}
	assert_int_equal(l->a.alarms & FW_ALARM_RAI, 0);
	free(l);
}

/* RAI integration exactly: 3 NFAS words. */
static void test_rai_integration(void **state)
{
	enum { NF = 40 };
	static uint8_t s[NF * NTS];
	struct fw_e1 tx, rx;
	uint8_t ts[NTS];
	unsigned k;

	(void)state;
	fw_e1_init(&tx, FW_E1_NO_AUTO_RAI);
	for (k = 0; k < NF; k++) {
		calm_payload(ts, k);
		fw_e1_tx_set_rai(&tx, k >= 10 && k < 20);
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
	}
	s[13 * NTS] &= (uint8_t)~0x20;	/* a single A = 0 restarts the count */
	s[25 * NTS] |= 0x20;		/* a single A = 1 when clear: nothing */
	fw_e1_init(&rx, 0);
	for (k = 0; k < NF; k++) {
		feed_bits(&rx, s + k * NTS, 8);	/* TS0 of frame k */
		/* A = 1 in NFAS 11, (13 cleared), 15, 17, 19: raised at 19 */
		if (k >= 19 && k < 25)
			assert_true(rx.alarms & FW_ALARM_RAI);
		else if (k >= 25)
			/* A = 0 from 21: cleared at the third NFAS, frame 25 is A=1, so 27,29,31 */
			assert_true(!!(rx.alarms & FW_ALARM_RAI) == (k < 31));
		else
			assert_int_equal(rx.alarms & FW_ALARM_RAI, 0);
		feed_bits(&rx, s + k * NTS + 1, FB - 8);
	}
}

/* --- CAS -------------------------------------------------------------------- */

static void test_cas_abcd(void **state)
{
	struct link *l = malloc(sizeof(*l));
	struct log lb = { 0 };
	uint8_t ts[NTS];
	unsigned k, t, round;

	(void)state;
	assert_non_null(l);
	link_init(l, FW_E1_CAS | FW_E1_CRC4, FW_E1_CAS | FW_E1_CRC4);
	for (round = 0; round < 3; round++) {
		for (t = 1; t < NTS; t++) {
			if (t == 16)
				continue;
			/* channels 1-15 never 0000 (G.704), 16-30 any value */
			fw_e1_tx_set_abcd(&l->a, t, (uint8_t)(t < 16 ? (t * 7 + round) % 15 + 1
								    : (t * 5 + round * 3) & 15));
		}
		for (k = 0; k < 120; k++) {
			calm_payload(ts, k);
			link_frame(l, ts, ts, NULL, &lb);
		}
		assert_int_equal(l->b.alarms, 0);
		for (t = 1; t < NTS; t++)
			if (t != 16)
				assert_int_equal(fw_e1_rx_abcd(&l->b, t), l->a.tx.abcd[t]);
	}
	/* the frames' CAS frame numbers match TS16 */
	for (k = lb.n - 32; k < lb.n; k++) {
		const struct fw_e1_frame *f = &lb.f[k];

		assert_int_equal(f->cas_fn, (f[-1].cas_fn + 1) & 15);
		if (f->cas_fn == 0)
			assert_int_equal(f->ts[16], 0x0B);
		else
			assert_int_equal(f->ts[16], l->a.tx.abcd[f->cas_fn] << 4 |
							 l->a.tx.abcd[f->cas_fn + 16]);
	}

	/* Y bit: remote multiframe alarm after 2 multiframes */
	fw_e1_tx_set_y(&l->a, true);
	for (k = 0; k < 48; k++) {
		calm_payload(ts, k);
		link_frame(l, ts, ts, NULL, NULL);
	}
	assert_true(l->b.alarms & FW_ALARM_RMAI);
	fw_e1_tx_set_y(&l->a, false);
	for (k = 0; k < 48; k++) {
		calm_payload(ts, k);
		link_frame(l, ts, ts, NULL, NULL);
	}
	assert_int_equal(l->b.alarms & FW_ALARM_RMAI, 0);
	free(lb.f);
	free(l);
}

static void test_cas_mf_loss_and_mfais(void **state)
{
	struct fw_e1 tx, rx;
	uint8_t ts[NTS], f[NTS];
	unsigned k, bad = 0;

	(void)state;
	fw_e1_init(&tx, FW_E1_CAS | FW_E1_NO_AUTO_RAI);
	fw_e1_init(&rx, FW_E1_CAS);
	for (k = 1; k < NTS; k++)
		fw_e1_tx_set_abcd(&tx, k, 0x9);
	for (k = 0; k < 64; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		feed_bits(&rx, f, FB);
	}
	assert_int_equal(rx.alarms, 0);
	assert_int_equal(fw_e1_rx_abcd(&rx, 17), 0x9);
	/* one bad MFAS: kept; two consecutive: lost, ABCD 1111 */
	for (k = 64; k < 128; k++) {	/* MFAS bad at 64, good at 80, bad at 96 and 112 */
		bool mf0 = tx.tx.fn == 0;

		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		if (mf0 && k != 80) {
			f[16] |= 0x80;
			bad++;
		}
		feed_bits(&rx, f, FB);
		if (bad == 1)
			assert_int_equal(rx.alarms & FW_ALARM_LMFA, 0);
	}
	assert_true(rx.alarms & FW_ALARM_LMFA);
	assert_int_equal(fw_e1_rx_abcd(&rx, 17), 0xF);
	for (k = 0; k < 32; k++) {	/* realigns on the next good MFAS */
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		feed_bits(&rx, f, FB);
	}
	assert_int_equal(rx.alarms & FW_ALARM_LMFA, 0);
	assert_int_equal(fw_e1_rx_abcd(&rx, 17), 0x9);

	/* TS16 all zeros for a multiframe: lost */
	for (k = 0; k < 16; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		f[16] = 0;
		feed_bits(&rx, f, FB);
		assert_true(!!(rx.alarms & FW_ALARM_LMFA) == (k == 15));
	}
	/* TS16 all ones: MF-AIS after two 16-frame periods, and LMFA */
	for (k = 0; k < 48; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		f[16] = 0xFF;
		feed_bits(&rx, f, FB);
	}
	assert_true(rx.alarms & FW_ALARM_MFAIS);
	assert_true(rx.alarms & FW_ALARM_LMFA);
	assert_int_equal(rx.alarms & FW_ALARM_LOF, 0);
	for (k = 0; k < 64; k++) {
		calm_payload(ts, k);
		fw_e1_tx_frame(&tx, ts, f);
		feed_bits(&rx, f, FB);
	}
	assert_int_equal(rx.alarms, 0);
}

/* --- D-channel on TS16, chunking -------------------------------------------- */

static void dchannel(unsigned opts, size_t maxc)
{
	enum { NF = 2000 };
	uint8_t *s = malloc(NF * NTS);
	struct pipe *p = malloc(sizeof(*p));
	struct log l = { 0 };
	struct fw_e1 tx, rx;
	uint8_t ts[NTS];
	size_t k, i, first;

	assert_non_null(s);
	assert_non_null(p);
	memset(p, 0, sizeof(*p));
	fw_e1_init(&tx, opts);
	fw_e1_init(&rx, opts);
	pipe_junk(p, rnd() % 256);
	for (k = 0; k < NF; k++) {
		random_payload(ts);
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
		pipe_put(p, s + k * NTS, FB);
		feed_all(&rx, p, maxc, &l);
	}
	assert_int_equal(rx.alarms & (FW_ALARM_LOF | FW_ALARM_LMFA), 0);
	/* from frame 100 on, every frame, in order, byte-exact */
	assert_true(l.n > 1000);
	i = l.n - (NF - 100);
	for (first = 0; first < NF && memcmp(s + first * NTS, l.f[i].ts, NTS); first++)
		;
	assert_int_equal(first, 100);
	for (; i < l.n; i++, first++)
		assert_memory_equal(l.f[i].ts, s + first * NTS, NTS);
	assert_int_equal(first, NF);
	assert_int_equal(rx.cnt.fas + rx.cnt.crc, 0);
	free(l.f);
	free(p);
	free(s);
}

static void test_dchannel_bytes(void **state)
{
	(void)state;
	rng = 99;
	dchannel(0, 1);		/* bit by bit */
	dchannel(0, 700);
	dchannel(FW_E1_CRC4, 13);
	dchannel(FW_E1_CRC4, 4000);
}

/* The same stream cut differently gives the same frames, alarms and counters. */
static void test_chunking_invariance(void **state)
{
	enum { NF = 3000 };
	uint8_t *s = malloc(NF * NTS);
	struct fw_e1_frame *o1 = malloc(sizeof(*o1) * (NF + 1)), *o2 = malloc(sizeof(*o2) * (NF + 1));
	struct fw_e1 tx, r1, r2;
	uint8_t ts[NTS];
	size_t k, n1, n2 = 0, pos = 0;
	unsigned opts = FW_E1_CRC4 | FW_E1_CAS;

	(void)state;
	assert_non_null(s);
	assert_non_null(o1);
	assert_non_null(o2);
	rng = 7;
	fw_e1_init(&tx, opts);
	for (k = 0; k < NF; k++) {
		random_payload(ts);
		fw_e1_tx_frame(&tx, ts, s + k * NTS);
		if (k > 500 && rnd() % 4 == 0)		/* errors, some bursts */
			s[k * NTS + rnd() % NTS] ^= (uint8_t)rnd();
		if (k > 1500 && k < 1510)		/* a run of bad frames: LOF */
			memset(s + k * NTS, 0xFF, NTS);
	}
	fw_e1_init(&r1, opts);
	fw_e1_init(&r2, opts);
	n1 = (size_t)fw_e1_rx(&r1, s, (size_t)NF * FB, o1, NF + 1);
	while (pos < (size_t)NF * FB) {
		uint8_t tmp[128];
		size_t c = rnd() % 900 + 1, i;
		ptrdiff_t n;

		if (c > (size_t)NF * FB - pos)
			c = (size_t)NF * FB - pos;
		memset(tmp, 0x5A, sizeof(tmp));
		for (i = 0; i < c; i++)
			putbit(tmp, i, getbit(s, pos + i));
		n = fw_e1_rx(&r2, tmp, c, o2 + n2, FW_E1_RX_FRAMES_MAX(c));
		assert_true(n >= 0);
		n2 += (size_t)n;
		pos += c;
	}
	assert_true(n1 > NF / 2);
	assert_int_equal(n1, n2);
	assert_memory_equal(o1, o2, n1 * sizeof(*o1));
	assert_int_equal(r1.alarms, r2.alarms);
	assert_memory_equal(&r1.cnt, &r2.cnt, sizeof(r1.cnt));
	assert_true(r1.cnt.crc > 0);
	assert_true(r1.cnt.fas > 0);
	free(o1);
	free(o2);
	free(s);
}

/* --- random data, API -------------------------------------------------------- */

/* 2 s of random bits: never CRC-4 MF alignment, no basic alignment that lasts. */
static void test_random_no_false_alignment(void **state)
{
	struct fw_e1 rx;
	uint8_t buf[32];
	static struct fw_e1_frame out[2];
	unsigned k, i, run = 0, maxrun = 0;

	(void)state;
	rng = 4242;
	fw_e1_init(&rx, FW_E1_CRC4);
	for (k = 0; k < 16000; k++) {
		ptrdiff_t n;

		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)rnd();
		n = fw_e1_rx(&rx, buf, FB, out, 2);
		assert_true(n >= 0);
		if (n)
			assert_int_equal(out[0].crc_fn, FW_E1_NOT_ALIGNED);
		assert_true(rx.alarms & FW_ALARM_LMFA);
		assert_false(fw_e1_crc4_fallback(&rx));
		run = (rx.alarms & FW_ALARM_LOF) ? 0 : run + 1;
		if (run > maxrun)
			maxrun = run;
	}
	/* a chance FAS-NFAS-FAS holds until 3 bad FAS words (6 frames), rarely longer */
	assert_true(maxrun <= 16);
	assert_true(rx.cnt.lof_s == 2);	/* the receiver closed its two seconds */
}

static void test_api_errors(void **state)
{
	struct fw_e1 rx;
	struct fw_e1_frame out[4];
	uint8_t buf[128] = { 0 };

	(void)state;
	fw_e1_init(&rx, 0);
	assert_int_equal(fw_e1_rx(&rx, buf, 256, out, 1), -1);	/* room for 2 needed */
	assert_int_equal(fw_e1_rx(&rx, NULL, 8, out, 4), -1);
	assert_int_equal(fw_e1_rx(&rx, buf, 1024, out, 4), -1);
	assert_int_equal(rx.rx.sph, 0);				/* nothing taken */
	assert_int_equal(fw_e1_rx(&rx, buf, 768, out, 4), 0);
	assert_int_equal(fw_e1_rx(&rx, NULL, 0, out, 1), 0);
	fw_e1_set_los(&rx, true);
	assert_true(rx.alarms & FW_ALARM_LOS);
	fw_e1_set_los(&rx, false);
	assert_int_equal(rx.alarms & FW_ALARM_LOS, 0);
	assert_true(rx.sec.defects & FW_ALARM_LOS);
	assert_int_equal(fw_e1_rx_abcd(&rx, 40), 0xF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tx_structure),
		cmocka_unit_test(test_align_every_offset),
		cmocka_unit_test(test_align_every_offset_crc4),
		cmocka_unit_test(test_lof_three_bad_fas),
		cmocka_unit_test(test_lof_nfas_bit2),
		cmocka_unit_test(test_crc4_errors_and_ebits),
		cmocka_unit_test(test_crc4_reframe_914),
		cmocka_unit_test(test_crc4_interworking),
		cmocka_unit_test(test_crc4_parallel_search),
		cmocka_unit_test(test_ais),
		cmocka_unit_test(test_rai),
		cmocka_unit_test(test_rai_integration),
		cmocka_unit_test(test_cas_abcd),
		cmocka_unit_test(test_cas_mf_loss_and_mfais),
		cmocka_unit_test(test_dchannel_bytes),
		cmocka_unit_test(test_chunking_invariance),
		cmocka_unit_test(test_random_no_false_alignment),
		cmocka_unit_test(test_api_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
