// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Line codes (fw/linecode.h) and the cable (fw/cable.h): golden HDB3/B8ZS
 * vectors, round trips over random data and long zero runs, BPVs counted one
 * for one and substitutions not counted, excessive zeros, LOS raised and
 * cleared at the window, the same result for any split of the stream, and
 * the cable's faults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fw/cable.h"
#include "fw/linecode.h"
#include "fw/span.h"

#define MAXSLOTS	(1u << 21)	/* 2 Mi slots, about a second of E1 */
#define OCTETS(n)	(((n) + 7) / 8)

static uint32_t rs = 1;

static uint32_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 17;
	rs ^= rs << 5;
	return rs;
}

static unsigned getb(const uint8_t *p, size_t i)
{
	return (p[i >> 3] >> (7 - (i & 7))) & 1u;
}

static void putb(uint8_t *p, size_t i, unsigned v)
{
	if (v)
		p[i >> 3] |= (uint8_t)(0x80u >> (i & 7));
	else
		p[i >> 3] &= (uint8_t)~(0x80u >> (i & 7));
}

/* A line built by hand: marks alternate unless told otherwise. */
struct line {
	uint8_t *p, *n;
	size_t len;
	unsigned last_neg;
};

static struct line *line_new(void)
{
	struct line *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	l->p = calloc(1, OCTETS(MAXSLOTS));
	l->n = calloc(1, OCTETS(MAXSLOTS));
	assert_non_null(l->p);
	assert_non_null(l->n);
	l->last_neg = 1;
	return l;
}

static void line_free(struct line *l)
{
	free(l->p);
	free(l->n);
	free(l);
}

static void line_gap(struct line *l, size_t k)
{
	l->len += k;
	assert_true(l->len <= MAXSLOTS);
}

static void line_mark(struct line *l, unsigned neg)
{
	putb(neg ? l->n : l->p, l->len++, 1);
	l->last_neg = neg;
}

static void line_ami(struct line *l)		/* a mark by the AMI rule */
{
	line_mark(l, !l->last_neg);
}

static void line_viol(struct line *l)		/* a mark of the last one's polarity */
{
	line_mark(l, l->last_neg);
}

static void line_double(struct line *l)
{
	putb(l->p, l->len, 1);
	putb(l->n, l->len++, 1);
}

static void encode(enum fw_linecode code, const uint8_t *nrz, size_t n, uint8_t *p, uint8_t *q)
{
	struct fw_lc_enc e;

	assert_int_equal(fw_lc_enc_init(&e, code), 0);
	fw_lc_encode(&e, nrz, n, p, q);
}

static void decode(struct fw_lc_dec *d, enum fw_span_kind kind, enum fw_linecode code,
		   const uint8_t *p, const uint8_t *q, size_t n, uint8_t *out,
		   struct fw_span_counters *c)
{
	assert_int_equal(fw_lc_dec_init(d, kind, code, 0), 0);
	fw_lc_decode(d, p, q, n, out, c);
}

static const char *slots_str(const uint8_t *p, const uint8_t *q, size_t n)
{
	static char s[128];
	size_t i;

	for (i = 0; i < n && i < sizeof(s) - 1; i++)
		s[i] = getb(p, i) ? (getb(q, i) ? 'D' : '+') : getb(q, i) ? '-' : '0';
	s[i] = 0;
	return s;
}

/* Bits given as a string of 0/1 into packed octets. */
static size_t bits_from(const char *s, uint8_t *out)
{
	size_t i;

	for (i = 0; s[i]; i++)
		putb(out, i, s[i] == '1');
	return i;
}

/* --- golden vectors -------------------------------------------------------- */

/*
 * Worked by hand from G.703 (HDB3: 000V after an odd number of marks since
 * the last V, B00V after an even one, V the polarity of the mark before) and
 * T1.102 (B8ZS: 000VB0VB), first mark positive; the first latency slots are
 * the encoder's delay.
 */
static void test_golden_vectors(void **state)
{
	uint8_t nrz[8] = { 0 }, p[8], q[8], back[8];
	struct fw_span_counters c = { 0 };
	struct fw_lc_dec d;
	size_t n;

	(void)state;
	n = bits_from("100001100000000" "000", nrz);
	encode(FW_LINECODE_HDB3, nrz, n, p, q);
	assert_string_equal(slots_str(p, q, n), "000" "+000+-+-00-+00+");
	decode(&d, FW_SPAN_E1, FW_LINECODE_HDB3, p, q, n, back, &c);
	for (size_t i = 0; i + 6 < n; i++)
		assert_int_equal(getb(back, i + 6), getb(nrz, i));
	assert_int_equal(c.bpv, 0);

	memset(nrz, 0, sizeof(nrz));
	n = bits_from("100000000100000000" "0000", nrz);
	encode(FW_LINECODE_B8ZS, nrz, n, p, q);
	assert_string_equal(slots_str(p, q, n), "0000" "+000+-0-+-000-+0+-");
	decode(&d, FW_SPAN_T1, FW_LINECODE_B8ZS, p, q, n, back, &c);
	for (size_t i = 0; i + 8 < n; i++)
		assert_int_equal(getb(back, i + 8), getb(nrz, i));
	assert_int_equal(c.bpv, 0);

	memset(nrz, 0, sizeof(nrz));
	n = bits_from("1100000000000000000101", nrz);
	encode(FW_LINECODE_AMI, nrz, n, p, q);
	assert_string_equal(slots_str(p, q, n), "+-00000000000000000+0-");
}

/* --- round trips ----------------------------------------------------------- */

struct code_case {
	enum fw_span_kind kind;
	enum fw_linecode code;
	unsigned max_run;	/* longest run of empty slots on a clean line; 0 = any */
};

static const struct code_case cases[] = {
	{ FW_SPAN_E1, FW_LINECODE_HDB3, 3 },
	{ FW_SPAN_T1, FW_LINECODE_B8ZS, 7 },
	{ FW_SPAN_T1, FW_LINECODE_AMI, 0 },
	{ FW_SPAN_E1, FW_LINECODE_AMI, 0 },
};

/* The slot's polarity: +1, -1, 0 (a double counts as 2). */
static int slot_of(const uint8_t *p, const uint8_t *q, size_t i)
{
	return getb(p, i) ? (getb(q, i) ? 2 : 1) : getb(q, i) ? -1 : 0;
}

/*
 * Checks a clean line: no doubles, runs within the code's limit, violations
 * only where the code puts them; returns the number of substitutions.
 */
static unsigned check_line(const struct code_case *cc, const uint8_t *p, const uint8_t *q,
			   size_t n)
{
	unsigned run = 0, subs = 0;
	int last = -1, last_v = 0;	/* +1 / -1; the encoder starts as after a negative mark */
	bool seen = false;

	for (size_t i = 0; i < n; i++) {
		int s = getb(p, i) ? 1 : getb(q, i) ? -1 : 0;

		assert_false(getb(p, i) && getb(q, i));
		if (!s) {
			run++;
			/* before the first mark: the encoder's delay, then data */
			if (cc->max_run && seen)
				assert_true(run <= cc->max_run);
			continue;
		}
		if (s == last) {		/* a violation */
			assert_int_not_equal(cc->code, FW_LINECODE_AMI);
			if (cc->code == FW_LINECODE_HDB3) {
				assert_true(i >= 3 && !getb(p, i - 1) && !getb(q, i - 1) &&
					    !getb(p, i - 2) && !getb(q, i - 2));
				/* successive Vs alternate (no DC) */
				assert_int_not_equal(s, last_v);
				last_v = s;
				subs++;
			} else {		/* B8ZS: the first V of 000VB0VB */
				assert_true(seen ? run == 3 : run >= 3);
				assert_true(i + 4 < n);
				assert_int_equal(slot_of(p, q, i + 1), -s);
				assert_int_equal(slot_of(p, q, i + 2), 0);
				assert_int_equal(slot_of(p, q, i + 3), -s);
				assert_int_equal(slot_of(p, q, i + 4), s);
				i += 4;
				subs++;
			}
		}
		last = s;
		run = 0;
		seen = true;
	}
	return subs;
}

static void round_trip(const struct code_case *cc, const uint8_t *nrz, size_t n,
		       unsigned *subs)
{
	uint8_t *p = calloc(1, OCTETS(n)), *q = calloc(1, OCTETS(n)), *back = calloc(1, OCTETS(n));
	struct fw_span_counters c = { 0 };
	unsigned lat = 2 * fw_lc_latency(cc->code);
	struct fw_lc_dec d;

	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(back);
	encode(cc->code, nrz, n, p, q);
	*subs = check_line(cc, p, q, n);
	decode(&d, cc->kind, cc->code, p, q, n, back, &c);
	for (size_t i = 0; i < lat; i++)
		assert_int_equal(getb(back, i), 0);
	for (size_t i = 0; i + lat < n; i++)
		if (getb(back, i + lat) != getb(nrz, i))
			fail_msg("code %d: bit %zu decoded %u, sent %u", cc->code, i,
				 getb(back, i + lat), getb(nrz, i));
	assert_int_equal(c.bpv, 0);
	if (cc->max_run) {
		assert_int_equal(c.exz, 0);
		assert_false(fw_lc_los(&d));
	}
	free(p);
	free(q);
	free(back);
}

static void test_round_trip_random(void **state)
{
	size_t n = 200000;
	uint8_t *nrz = malloc(OCTETS(n));
	unsigned subs;

	(void)state;
	assert_non_null(nrz);
	rs = 12345;
	for (size_t i = 0; i < OCTETS(n); i++)
		nrz[i] = (uint8_t)rnd();
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		round_trip(&cases[k], nrz, n, &subs);
		if (cases[k].code == FW_LINECODE_HDB3)
			assert_true(subs > n / 40);	/* about one in 30 bits */
		if (cases[k].code == FW_LINECODE_B8ZS)
			assert_true(subs > n / 600);	/* about one in 512 bits */
	}
	free(nrz);
}

/* Zero runs of every length 1..70 between single and double ones, and 10 000 zeros. */
static void test_round_trip_zero_runs(void **state)
{
	size_t n = 0;
	uint8_t *nrz = calloc(1, OCTETS(20000));
	unsigned subs;

	(void)state;
	assert_non_null(nrz);
	for (unsigned r = 1; r <= 70; r++) {
		putb(nrz, n++, 1);
		if (r & 1)
			putb(nrz, n++, 1);
		n += r;
	}
	putb(nrz, n++, 1);
	n += 10000;
	putb(nrz, n++, 1);
	n += 5;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		round_trip(&cases[k], nrz, n, &subs);
		if (cases[k].code == FW_LINECODE_HDB3)
			assert_true(subs > 2500);
		if (cases[k].code == FW_LINECODE_B8ZS)
			assert_true(subs > 1250);
	}
	/* and data that starts with zeros (no mark before the first substitution) */
	memset(nrz, 0, OCTETS(20000));
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		round_trip(&cases[k], nrz, 100, &subs);
	free(nrz);
}

/* --- violations ------------------------------------------------------------ */

/*
 * Injects violations into an encoded random line, each in an empty slot
 * right after a mark and at least 9 slots from any violation of the code
 * (so it can neither look like nor break a substitution): half a mark of the
 * last one's polarity, half a double. Each must count exactly one BPV.
 */
static void test_bpv_one_for_one(void **state)
{
	size_t n = 400000;
	uint8_t *nrz = malloc(OCTETS(n)), *p = calloc(1, OCTETS(n)), *q = calloc(1, OCTETS(n));
	uint8_t *back = malloc(OCTETS(n));

	(void)state;
	assert_non_null(nrz);
	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(back);
	rs = 777;
	for (size_t i = 0; i < OCTETS(n); i++)
		nrz[i] = (uint8_t)rnd();
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct code_case *cc = &cases[k];
		struct fw_span_counters c = { 0 };
		struct fw_lc_dec d;
		unsigned injected = 0;
		size_t last_inj = 0;
		int last = 0;
		unsigned char *is_v = calloc(1, n);

		assert_non_null(is_v);
		encode(cc->code, nrz, n, p, q);
		for (size_t i = 0; i < n; i++) {	/* where the code's own violations are */
			int s = slot_of(p, q, i);

			if (s && s == last)
				is_v[i] = 1;
			if (s)
				last = s;
		}
		last = 0;
		for (size_t i = 20; i + 20 < n; i++) {
			int s = slot_of(p, q, i);
			bool near_v = false;

			if (s)
				last = s;
			if (s || !slot_of(p, q, i - 1) || i - last_inj < 40)
				continue;
			for (size_t j = i - 9; j <= i + 9; j++)
				near_v |= is_v[j];
			if (near_v)
				continue;
			if (injected & 1) {
				putb(p, i, 1);
				putb(q, i, 1);
			} else {
				putb(last > 0 ? p : q, i, 1);
			}
			injected++;
			last_inj = i;
		}
		assert_true(injected > 1000);
		decode(&d, cc->kind, cc->code, p, q, n, back, &c);
		assert_int_equal(c.bpv, injected);
		free(is_v);
	}
	free(nrz);
	free(p);
	free(q);
	free(back);
}

/* The decoded data around a violation: AMI decodes the mark as a 1; HDB3 takes B00V apart. */
static void test_violation_decoding(void **state)
{
	struct line *l = line_new();
	struct fw_span_counters c = { 0 };
	uint8_t out[16];
	struct fw_lc_dec d;

	(void)state;
	/* HDB3: + - V(-) : no two empties before it, a BPV, decodes as 1 */
	line_ami(l);
	line_ami(l);
	line_viol(l);
	line_gap(l, 1);
	line_ami(l);
	/* + 0 0 V(+): B00V, no BPV, B and V decode as 0 */
	line_gap(l, 2);
	line_viol(l);
	line_ami(l);
	line_gap(l, 3);
	decode(&d, FW_SPAN_E1, FW_LINECODE_HDB3, l->p, l->n, l->len, out, &c);
	assert_string_equal(slots_str(l->p, l->n, l->len), "+--0+00+-000");
	/* 3 slots late: 111 0 0 000 1 */
	for (size_t i = 0; i < l->len - 3; i++)
		assert_int_equal(getb(out, i + 3), (unsigned)("111000001000"[i] - '0'));
	assert_int_equal(c.bpv, 1);
	/* a double: one BPV, decodes as 1, polarity reference unchanged */
	line_free(l);
	l = line_new();
	line_ami(l);
	line_double(l);
	line_ami(l);
	line_gap(l, 4);
	c.bpv = 0;
	decode(&d, FW_SPAN_E1, FW_LINECODE_HDB3, l->p, l->n, l->len, out, &c);
	assert_int_equal(c.bpv, 1);
	assert_int_equal(getb(out, 3), 1);
	assert_int_equal(getb(out, 4), 1);
	assert_int_equal(getb(out, 5), 1);
	/* HDB3: D00V is no substitution (the B of B00V is a single mark): two BPVs */
	line_free(l);
	l = line_new();
	line_ami(l);
	line_ami(l);
	line_double(l);
	line_gap(l, 2);
	line_viol(l);
	line_ami(l);
	line_gap(l, 4);
	c.bpv = 0;
	decode(&d, FW_SPAN_E1, FW_LINECODE_HDB3, l->p, l->n, l->len, out, &c);
	assert_string_equal(slots_str(l->p, l->n, l->len), "+-D00-+0000");
	assert_int_equal(c.bpv, 2);
	assert_int_equal(getb(out, 3 + 2), 1);
	assert_int_equal(getb(out, 3 + 5), 1);
	/* B8ZS: a half pattern 000V B0 0 0 is not a substitution: V counts */
	line_free(l);
	l = line_new();
	line_ami(l);
	line_gap(l, 3);
	line_viol(l);
	line_ami(l);
	line_gap(l, 3);
	line_ami(l);
	line_gap(l, 4);
	c.bpv = 0;
	decode(&d, FW_SPAN_T1, FW_LINECODE_B8ZS, l->p, l->n, l->len, out, &c);
	assert_int_equal(c.bpv, 1);
	line_free(l);
}

/* --- excessive zeros ------------------------------------------------------- */

static void exz_case(enum fw_span_kind kind, enum fw_linecode code, unsigned limit)
{
	struct line *l = line_new();
	struct fw_span_counters c = { 0 };
	uint8_t *out = malloc(OCTETS(MAXSLOTS));
	struct fw_lc_dec d;

	assert_non_null(out);
	line_gap(l, 40);		/* before the first mark: not counted */
	line_ami(l);
	line_gap(l, limit);		/* at the limit: fine */
	line_ami(l);
	line_gap(l, limit + 1);		/* one more: one EXZ */
	line_ami(l);
	line_gap(l, 3 * limit + 5);	/* a long run is still one */
	line_ami(l);
	line_gap(l, limit + 1);		/* and one more, which ends the line */
	decode(&d, kind, code, l->p, l->n, l->len, out, &c);
	assert_int_equal(c.exz, 3);
	assert_int_equal(c.bpv, 0);
	free(out);
	line_free(l);
}

static void test_excessive_zeros(void **state)
{
	(void)state;
	exz_case(FW_SPAN_E1, FW_LINECODE_HDB3, 3);
	exz_case(FW_SPAN_T1, FW_LINECODE_B8ZS, 7);
	exz_case(FW_SPAN_T1, FW_LINECODE_AMI, 15);
	exz_case(FW_SPAN_E1, FW_LINECODE_AMI, 15);
}

/* --- LOS ------------------------------------------------------------------- */

/* Feeds @l slot by slot from @from to its end; returns the slot index at which LOS changed last. */
static void feed(struct fw_lc_dec *d, const struct line *l, size_t from, size_t to,
		 struct fw_span_counters *c)
{
	uint8_t p[1], q[1], o[1];

	for (size_t i = from; i < to; i++) {
		p[0] = (uint8_t)(getb(l->p, i) << 7);
		q[0] = (uint8_t)(getb(l->n, i) << 7);
		fw_lc_decode(d, p, q, 1, o, c);
	}
}

static void los_case(enum fw_span_kind kind, enum fw_linecode code, unsigned nwin)
{
	struct line *l = line_new();
	struct fw_span_counters c = { 0 };
	struct fw_lc_dec d;
	unsigned need = (nwin + 7) / 8;	/* marks for 12.5% */
	size_t a, b;

	assert_int_equal(fw_lc_dec_init(&d, kind, code, nwin), 0);
	line_ami(l);
	line_gap(l, nwin - 1);
	a = l->len;
	line_gap(l, 1);				/* the N-th empty slot */
	line_gap(l, 500);
	feed(&d, l, 0, a, &c);
	assert_false(fw_lc_los(&d));
	feed(&d, l, a, a + 1, &c);
	assert_true(fw_lc_los(&d));
	assert_int_equal(d.los_raised, 1);
	feed(&d, l, a + 1, l->len, &c);
	assert_true(fw_lc_los(&d));

	/* a window with one mark too few: LOS stays */
	b = l->len;
	for (unsigned i = 0; i < need - 1; i++) {
		line_ami(l);
		line_gap(l, 2);
	}
	line_gap(l, nwin);	/* past the window */
	feed(&d, l, b, l->len, &c);
	assert_true(fw_lc_los(&d));
	assert_true(d.los_in_block);

	/* a window with enough: cleared at its last slot, not before */
	b = l->len;
	for (unsigned i = 0; i < need; i++) {
		line_ami(l);
		line_gap(l, 2);
	}
	a = b + nwin - 1;		/* the window's last slot */
	line_gap(l, a + 1 - l->len);
	for (unsigned i = 0; i < 50; i++)
		line_ami(l);
	feed(&d, l, b, a, &c);
	assert_true(fw_lc_los(&d));
	feed(&d, l, a, a + 1, &c);
	assert_false(fw_lc_los(&d));
	feed(&d, l, a + 1, l->len, &c);
	assert_false(fw_lc_los(&d));
	assert_int_equal(d.los_raised, 1);
	line_free(l);
}

static void test_los(void **state)
{
	struct fw_lc_dec d;

	(void)state;
	los_case(FW_SPAN_E1, FW_LINECODE_HDB3, FW_LC_LOS_E1_DEFAULT);
	los_case(FW_SPAN_E1, FW_LINECODE_HDB3, 10);
	los_case(FW_SPAN_E1, FW_LINECODE_AMI, 255);
	los_case(FW_SPAN_T1, FW_LINECODE_B8ZS, FW_LC_LOS_T1_DEFAULT);
	los_case(FW_SPAN_T1, FW_LINECODE_AMI, 100);
	los_case(FW_SPAN_T1, FW_LINECODE_B8ZS, 250);
	/* the default windows, and the ranges */
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_E1, FW_LINECODE_HDB3, 0), 0);
	assert_int_equal(d.los_slots, 32);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_T1, FW_LINECODE_B8ZS, 0), 0);
	assert_int_equal(d.los_slots, 175);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_E1, FW_LINECODE_HDB3, 9), -1);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_E1, FW_LINECODE_HDB3, 256), -1);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_T1, FW_LINECODE_AMI, 99), -1);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_T1, FW_LINECODE_AMI, 251), -1);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_T1, FW_LINECODE_HDB3, 0), -1);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_E1, FW_LINECODE_B8ZS, 0), -1);
	assert_int_equal(fw_lc_dec_init(&d, (enum fw_span_kind)7, FW_LINECODE_AMI, 0), -1);
}

/* --- streaming ------------------------------------------------------------- */

/* A random line: marks of either polarity, doubles, violations, runs of up to 300 empties. */
static size_t random_line(uint8_t *p, uint8_t *q, size_t n)
{
	size_t i = 0;

	memset(p, 0, OCTETS(n));
	memset(q, 0, OCTETS(n));
	while (i < n) {
		uint32_t r = rnd();

		switch (r % 16) {
		case 0:
			i += (r >> 8) % 300;		/* a long gap */
			break;
		case 1:
			putb(p, i, 1);
			putb(q, i++, 1);
			break;
		case 2: case 3: case 4: case 5:
			i += (r >> 8) % 9;		/* substitution-sized gaps */
			break;
		default:
			putb((r >> 8) & 1 ? p : q, i++, 1);
			break;
		}
		if (i > n)
			i = n;
	}
	return n;
}

static void test_streaming_splits(void **state)
{
	size_t n = 300000;
	uint8_t *p = malloc(OCTETS(n)), *q = malloc(OCTETS(n));
	uint8_t *one = malloc(OCTETS(n)), *split = calloc(1, OCTETS(n));
	uint8_t *ep1 = malloc(OCTETS(n)), *en1 = malloc(OCTETS(n));
	uint8_t *ep2 = calloc(1, OCTETS(n)), *en2 = calloc(1, OCTETS(n));

	(void)state;
	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(one);
	assert_non_null(split);
	assert_non_null(ep1);
	assert_non_null(en1);
	assert_non_null(ep2);
	assert_non_null(en2);
	rs = 4242;
	random_line(p, q, n);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct code_case *cc = &cases[k];
		struct fw_span_counters c1 = { 0 }, c2 = { 0 };
		struct fw_lc_dec d1, d2;
		struct fw_lc_enc e1, e2;
		uint8_t bp[16], bq[16], bo[16], bo2[16];
		unsigned los_changes = 0;

		decode(&d1, cc->kind, cc->code, p, q, n, one, &c1);
		assert_int_equal(fw_lc_dec_init(&d2, cc->kind, cc->code, 0), 0);
		assert_int_equal(fw_lc_enc_init(&e1, cc->code), 0);
		assert_int_equal(fw_lc_enc_init(&e2, cc->code), 0);
		fw_lc_encode(&e1, p, n, ep1, en1);	/* the line as data, for the encoder */
		for (size_t i = 0; i < n;) {
			size_t len = rnd() % 100;	/* 0..99 slots, repacked from bit 0 */
			bool before = fw_lc_los(&d2);

			if (len > n - i)
				len = n - i;
			memset(bp, 0xA5, sizeof(bp));
			memset(bq, 0x5A, sizeof(bq));
			for (size_t j = 0; j < len; j++) {
				putb(bp, j, getb(p, i + j));
				putb(bq, j, getb(q, i + j));
			}
			fw_lc_decode(&d2, bp, bq, len, bo, &c2);
			fw_lc_encode(&e2, bp, len, bo, bo2);
			for (size_t j = 0; j < len; j++) {
				putb(ep2, i + j, getb(bo, j));
				putb(en2, i + j, getb(bo2, j));
			}
			fw_lc_decode(&d2, bp, bq, 0, bo, &c2);	/* harmless */
			los_changes += before != fw_lc_los(&d2);
			i += len;
		}
		assert_int_equal(memcmp(ep1, ep2, n / 8), 0);
		assert_int_equal(memcmp(en1, en2, n / 8), 0);
		assert_int_equal(c1.bpv, c2.bpv);
		assert_int_equal(c1.exz, c2.exz);
		assert_true(c1.bpv > 1000);
		assert_true(c1.exz > 1000);
		assert_int_equal(d1.los, d2.los);
		assert_int_equal(d1.los_raised, d2.los_raised);
		assert_true(d1.los_raised > 10);
		assert_true(los_changes > 20);

		/* the decoded bits of a split run */
		assert_int_equal(fw_lc_dec_init(&d2, cc->kind, cc->code, 0), 0);
		for (size_t i = 0; i < n;) {
			size_t len = 1 + rnd() % 64;

			if (len > n - i)
				len = n - i;
			for (size_t j = 0; j < len; j++) {
				putb(bp, j, getb(p, i + j));
				putb(bq, j, getb(q, i + j));
			}
			fw_lc_decode(&d2, bp, bq, len, bo, &c2);
			for (size_t j = 0; j < len; j++)
				putb(split, i + j, getb(bo, j));
			/* spare bits of the last octet are 0 */
			if (len & 7)
				assert_int_equal(bo[len / 8] & (0xFF >> (len & 7)), 0);
			i += len;
		}
		assert_int_equal(memcmp(one, split, n / 8), 0);
	}
	free(p);
	free(q);
	free(one);
	free(split);
	free(ep1);
	free(en1);
	free(ep2);
	free(en2);
}

/* --- the cable ------------------------------------------------------------- */

static void test_cable_pass_los_ais(void **state)
{
	size_t n = 2048 * 20;		/* 20 ms of E1 */
	uint8_t *nrz = malloc(OCTETS(n)), *tp = malloc(OCTETS(n)), *tn = malloc(OCTETS(n));
	uint8_t *rp = malloc(OCTETS(n)), *rn = malloc(OCTETS(n)), *out = malloc(OCTETS(n));
	struct fw_span_counters c = { 0 };
	struct fw_lc_enc e;
	struct fw_lc_dec d;
	struct fw_cable cab;

	(void)state;
	assert_non_null(nrz);
	assert_non_null(tp);
	assert_non_null(tn);
	assert_non_null(rp);
	assert_non_null(rn);
	assert_non_null(out);
	rs = 99;
	for (size_t i = 0; i < OCTETS(n); i++)
		nrz[i] = (uint8_t)rnd();
	fw_cable_init(&cab, FW_SPAN_E1, 1);
	assert_int_equal(fw_lc_enc_init(&e, FW_LINECODE_HDB3), 0);
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_E1, FW_LINECODE_HDB3, 0), 0);

	/* pass-through: identical, in 1 ms blocks */
	fw_lc_encode(&e, nrz, n, tp, tn);
	for (size_t ms = 0; ms < 20; ms++)
		assert_int_equal(fw_cable_carry(&cab, tp + ms * 256, tn + ms * 256, 2048,
						rp + ms * 256, rn + ms * 256, 2048), 2048);
	assert_int_equal(memcmp(tp, rp, OCTETS(n)), 0);
	assert_int_equal(memcmp(tn, rn, OCTETS(n)), 0);
	fw_lc_decode(&d, rp, rn, n, out, &c);
	assert_int_equal(c.bpv, 0);
	assert_false(fw_lc_los(&d));

	/* LOS: nothing arrives; the decoder raises LOS within the first block */
	fw_cable_set_faults(&cab, FW_CABLE_LOS);
	fw_lc_encode(&e, nrz, 2048, tp, tn);
	assert_int_equal(fw_cable_carry(&cab, tp, tn, 2048, rp, rn, 2048), 2048);
	for (size_t i = 0; i < 256; i++)
		assert_true(rp[i] == 0 && rn[i] == 0);
	fw_lc_decode(&d, rp, rn, 2048, out, &c);
	assert_true(fw_lc_los(&d));
	assert_int_equal(d.los_raised, 1);

	/* AIS: all ones, alternating: LOS clears, no BPV, no EXZ, data all ones */
	fw_cable_set_faults(&cab, FW_CABLE_AIS);
	c.bpv = c.exz = 0;
	for (int k = 0; k < 3; k++) {
		fw_lc_encode(&e, nrz, 2048, tp, tn);
		assert_int_equal(fw_cable_carry(&cab, tp, tn, 2045, rp, rn, 2048), 2045);
		assert_int_equal(rp[255] & 0x07, 0);	/* spare bits */
		assert_int_equal(rn[255] & 0x07, 0);
		fw_lc_decode(&d, rp, rn, 2045, out, &c);
	}
	assert_false(fw_lc_los(&d));
	for (size_t i = 8; i < 2040; i++)
		assert_int_equal(getb(out, i), 1);
	assert_int_equal(c.bpv, 0);
	assert_int_equal(c.exz, 0);

	/* data again after AIS: no BPV at the change either way */
	fw_cable_set_faults(&cab, 0);
	fw_lc_encode(&e, nrz, 2048, tp, tn);
	assert_int_equal(fw_cable_carry(&cab, tp, tn, 2048, rp, rn, 2048), 2048);
	fw_lc_decode(&d, rp, rn, 2048, out, &c);
	assert_true(c.bpv <= 1);	/* the encoder's polarity vs the AIS's: at most one */
	free(nrz);
	free(tp);
	free(tn);
	free(rp);
	free(rn);
	free(out);
}

/* Bit errors: the rate within 4.5 standard deviations, deterministic by seed, BPVs seen. */
static void test_cable_ber(void **state)
{
	size_t n = 2000000, diff = 0;
	uint8_t *nrz = malloc(OCTETS(n)), *tp = malloc(OCTETS(n)), *tn = malloc(OCTETS(n));
	uint8_t *rp = malloc(OCTETS(n)), *rn = malloc(OCTETS(n));
	uint8_t *rp2 = malloc(OCTETS(n)), *rn2 = malloc(OCTETS(n)), *out = malloc(OCTETS(n));
	struct fw_span_counters c = { 0 };
	struct fw_cable a, b;
	struct fw_lc_dec d;

	(void)state;
	assert_non_null(nrz);
	assert_non_null(tp);
	assert_non_null(tn);
	assert_non_null(rp);
	assert_non_null(rn);
	assert_non_null(rp2);
	assert_non_null(rn2);
	assert_non_null(out);
	rs = 5;
	for (size_t i = 0; i < OCTETS(n); i++)
		nrz[i] = (uint8_t)(rnd() | 0x11);	/* AMI needs ones density */
	encode(FW_LINECODE_AMI, nrz, n, tp, tn);

	fw_cable_init(&a, FW_SPAN_T1, 2024);
	assert_int_equal(fw_cable_set_ber(&a, 1000001), -1);
	assert_int_equal(fw_cable_set_ber(&a, 1000), 0);	/* 1e-3 */
	assert_int_equal(fw_cable_carry(&a, tp, tn, n, rp, rn, n), n);
	/* expected 2000, standard deviation about 45 */
	assert_true(a.errors >= 1800 && a.errors <= 2200);
	for (size_t i = 0; i < n; i++)
		diff += getb(tp, i) != getb(rp, i) || getb(tn, i) != getb(rn, i);
	assert_int_equal(diff, a.errors);
	/* an added mark has the polarity of the mark before it on the far end's line */
	{
		size_t added = 0;
		int last = 0;

		for (size_t i = 0; i < n; i++) {
			int s = slot_of(rp, rn, i);

			if (s && !slot_of(tp, tn, i)) {
				assert_int_equal(s, last);
				added++;
			}
			if (s)
				last = s;
		}
		assert_true(added > a.errors / 4);
	}

	/* the same seed gives the same errors, in blocks of any size */
	fw_cable_init(&b, FW_SPAN_T1, 2024);
	assert_int_equal(fw_cable_set_ber(&b, 1000), 0);
	for (size_t i = 0; i < n; i += 193 * 8) {
		size_t len = n - i < 193 * 8 ? n - i : 193 * 8;

		assert_int_equal(fw_cable_carry(&b, tp + i / 8, tn + i / 8, len, rp2 + i / 8,
						rn2 + i / 8, len), len);
	}
	assert_int_equal(memcmp(rp, rp2, OCTETS(n)), 0);
	assert_int_equal(memcmp(rn, rn2, OCTETS(n)), 0);
	/* another seed other errors */
	fw_cable_init(&b, FW_SPAN_T1, 2025);
	assert_int_equal(fw_cable_set_ber(&b, 1000), 0);
	fw_cable_carry(&b, tp, tn, n, rp2, rn2, n);
	assert_int_not_equal(memcmp(rp, rp2, OCTETS(n)), 0);

	/* AMI: each error is one violation (a mark removed or one added), but for close pairs */
	assert_int_equal(fw_lc_dec_init(&d, FW_SPAN_T1, FW_LINECODE_AMI, 0), 0);
	fw_lc_decode(&d, rp, rn, n, out, &c);
	assert_true(c.bpv >= a.errors - a.errors / 20 && c.bpv <= a.errors);

	/* rate 0 and 1e6 */
	assert_int_equal(fw_cable_set_ber(&b, FW_CABLE_PPM), 0);
	b.errors = 0;
	fw_cable_carry(&b, tp, tn, 1000, rp2, rn2, 1000);
	assert_int_equal(b.errors, 1000);
	free(nrz);
	free(tp);
	free(tn);
	free(rp);
	free(rn);
	free(rp2);
	free(rn2);
	free(out);
}

static void slip_case(enum fw_span_kind kind)
{
	size_t f = kind == FW_SPAN_E1 ? 256 : 193, n = 8 * f, cap = n + f, w;
	uint8_t tp[256], tn[256], rp[300], rn[300];
	struct fw_cable c;

	rs = 31;
	for (size_t i = 0; i < sizeof(tp); i++) {
		tp[i] = (uint8_t)rnd();
		tn[i] = (uint8_t)(rnd() & ~tp[i]);
	}
	fw_cable_init(&c, kind, 3);
	fw_cable_slip(&c, 2);			/* two repeats */
	fw_cable_slip(&c, -1);			/* and one deletion less: net one repeat... */
	assert_int_equal(c.slips_pending, 1);
	fw_cable_slip(&c, 1);
	/* a block shorter than a frame: the slip waits */
	assert_int_equal(fw_cable_carry(&c, tp, tn, f - 1, rp, rn, cap), f - 1);
	/* no room for the extra frame: waits */
	assert_int_equal(fw_cable_carry(&c, tp, tn, n, rp, rn, n), n);
	assert_int_equal(fw_cable_carry(&c, tp, tn, n, rp, rn, n - 1), 0);	/* cap < n */
	for (int k = 0; k < 2; k++) {
		w = fw_cable_carry(&c, tp, tn, n, rp, rn, cap);
		assert_int_equal(w, n + f);
		for (size_t i = 0; i < f; i++) {
			assert_int_equal(getb(rp, i), getb(tp, i));
			assert_int_equal(getb(rn, i), getb(tn, i));
		}
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(getb(rp, f + i), getb(tp, i));
			assert_int_equal(getb(rn, f + i), getb(tn, i));
		}
	}
	assert_int_equal(c.repeats, 2);
	assert_int_equal(fw_cable_carry(&c, tp, tn, n, rp, rn, cap), n);	/* done */
	fw_cable_slip(&c, -3);
	for (int k = 0; k < 3; k++) {
		w = fw_cable_carry(&c, tp, tn, n, rp, rn, cap);
		assert_int_equal(w, n - f);
		for (size_t i = 0; i < n - f; i++) {
			assert_int_equal(getb(rp, i), getb(tp, f + i));
			assert_int_equal(getb(rn, i), getb(tn, f + i));
		}
	}
	assert_int_equal(c.deletions, 3);
	assert_int_equal(c.slips_pending, 0);
	assert_int_equal(fw_cable_carry(&c, tp, tn, n, rp, rn, cap), n);
	/* a frame exactly: deleted to nothing */
	fw_cable_slip(&c, -1);
	assert_int_equal(fw_cable_carry(&c, tp, tn, f, rp, rn, cap), 0);
	assert_int_equal(c.deletions, 4);
}

static void test_cable_slips(void **state)
{
	(void)state;
	slip_case(FW_SPAN_E1);
	slip_case(FW_SPAN_T1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_vectors),
		cmocka_unit_test(test_round_trip_random),
		cmocka_unit_test(test_round_trip_zero_runs),
		cmocka_unit_test(test_bpv_one_for_one),
		cmocka_unit_test(test_violation_decoding),
		cmocka_unit_test(test_excessive_zeros),
		cmocka_unit_test(test_los),
		cmocka_unit_test(test_streaming_splits),
		cmocka_unit_test(test_cable_pass_los_ais),
		cmocka_unit_test(test_cable_ber),
		cmocka_unit_test(test_cable_slips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
