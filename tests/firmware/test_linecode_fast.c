// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The line decoder's fast path (firmware/src/linecode_fast.c) against the
 * mark-by-mark decoder (struct fw_lc_dec.slow): seeded random lines (clean
 * HDB3/B8ZS/AMI from the encoder, then violations, doubles, lost and extra
 * marks, long zero runs, LOS windows, sparse stretches near the 12.5% LOS
 * clearing density, and noise) cut into random blocks (0 to 300 slots, any
 * bit alignment), both decoders fed the same blocks: after every block the
 * same NRZ bits (spare bits 0), BPV and EXZ counts and the very same decoder
 * state (LOS, los_in_block, los_raised, the polarity reference, the zero run,
 * the substitution and delay registers), for every code and several LOS
 * windows. Also the golden case of each fast-path branch by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fw/linecode.h"
#include "fw/span.h"

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

struct code_case {
	enum fw_span_kind kind;
	enum fw_linecode code;
	unsigned los[3];	/* LOS windows to try (0: the default) */
};

static const struct code_case cases[] = {
	{ FW_SPAN_E1, FW_LINECODE_HDB3, { 0, FW_LC_LOS_E1_MIN, FW_LC_LOS_E1_MAX } },
	{ FW_SPAN_T1, FW_LINECODE_B8ZS, { 0, FW_LC_LOS_T1_MIN, FW_LC_LOS_T1_MAX } },
	{ FW_SPAN_E1, FW_LINECODE_AMI, { 0, FW_LC_LOS_E1_MIN, 15 } },
	{ FW_SPAN_T1, FW_LINECODE_AMI, { 0, FW_LC_LOS_T1_MIN, FW_LC_LOS_T1_MAX } },
};

/* NRZ for the encoder: stretches of random octets, idle 0xD5, HDLC flags, sparse data, zeros. */
static void make_nrz(uint8_t *nrz, size_t octets)
{
	size_t i = 0;

	while (i < octets) {
		uint32_t r = rnd();
		size_t len = 1 + (r >> 8) % 200;

		for (; len && i < octets; len--, i++) {
			switch (r % 6) {
			case 0:
			case 1:
				nrz[i] = (uint8_t)rnd();
				break;
			case 2:
				nrz[i] = 0xD5;
				break;
			case 3:
				nrz[i] = 0x7E;
				break;
			case 4:		/* sparse: long zero runs for the substitutions */
				nrz[i] = (uint8_t)(rnd() % 8 ? 0 : 1u << (rnd() % 8));
				break;
			default:
				nrz[i] = 0;
				break;
			}
		}
	}
}

/* Impairs the clean line @p/@q of @n slots: the faults the decoder must count or survive. */
static void impair(uint8_t *p, uint8_t *q, size_t n, unsigned rate)
{
	size_t i = 0;

	while (i < n) {
		uint32_t r = rnd();
		size_t at = i + (r >> 4) % rate, k;

		if (at >= n)
			break;
		switch (r % 9) {
		case 0:		/* a mark of the wrong polarity: a violation */
		case 1:
			if (getb(p, at) != getb(q, at)) {
				unsigned pos = getb(p, at);

				putb(p, at, !pos);
				putb(q, at, pos);
			}
			break;
		case 2:		/* a double */
			putb(p, at, 1);
			putb(q, at, 1);
			break;
		case 3:		/* a lost mark */
			putb(p, at, 0);
			putb(q, at, 0);
			break;
		case 4:		/* an extra mark */
			putb(rnd() & 1 ? p : q, at, 1);
			break;
		case 5:		/* a dead line: 4 to 599 empty slots (LOS, EXZ) */
			k = 4 + rnd() % 596;
			for (size_t j = at; j < at + k && j < n; j++) {
				putb(p, j, 0);
				putb(q, j, 0);
			}
			at += k;
			break;
		case 6:		/* sparse marks, about the LOS clearing density */
			k = 50 + rnd() % 500;
			for (size_t j = at; j < at + k && j < n; j++) {
				unsigned m = rnd() % 8 == 0;

				putb(p, j, m && (j & 1));
				putb(q, j, m && !(j & 1));
			}
			at += k;
			break;
		case 7:		/* noise */
			k = 1 + rnd() % 40;
			for (size_t j = at; j < at + k && j < n; j++) {
				uint32_t s = rnd();

				putb(p, j, (s & 3) == 1 || (s & 15) == 3);
				putb(q, j, (s & 3) == 2 || (s & 15) == 3);
			}
			at += k;
			break;
		default:	/* a polarity swap of the whole rest: violations at once */
			for (size_t j = at; j < at + 64 && j < n; j++) {
				unsigned a = getb(p, j), b = getb(q, j);

				putb(p, j, b);
				putb(q, j, a);
			}
			at += 64;
			break;
		}
		i = at + 1;
	}
}

static void assert_same_state(const struct fw_lc_dec *a, const struct fw_lc_dec *b)
{
	assert_int_equal(a->los, b->los);
	assert_int_equal(a->los_in_block, b->los_in_block);
	assert_int_equal(a->los_raised, b->los_raised);
	assert_int_equal(a->last, b->last);
	assert_int_equal(a->marked, b->marked);
	assert_int_equal(a->zeros, b->zeros);
	assert_int_equal(a->win_left, b->win_left);
	assert_int_equal(a->win_marks, b->win_marks);
	assert_int_equal(a->h_empty, b->h_empty);
	assert_int_equal(a->h_double, b->h_double);
	assert_int_equal(a->h_viol, b->h_viol);
	assert_int_equal(a->h_first, b->h_first);
	assert_int_equal(a->q_nrz, b->q_nrz);
	assert_int_equal(a->q_bpv, b->q_bpv);
}

/*
 * Both decoders over @p/@q in the same random blocks; returns the fast one's
 * counters, adds the times LOS was raised to @raised.
 */
static struct fw_span_counters run_both(const struct code_case *cc, unsigned los, const uint8_t *p,
					const uint8_t *q, size_t n, uint32_t *raised)
{
	struct fw_span_counters cf = { 0 }, cs = { 0 };
	struct fw_lc_dec df, ds;
	uint8_t bp[40], bq[40], of[40], os[40];
	size_t i = 0;

	assert_int_equal(fw_lc_dec_init(&df, cc->kind, cc->code, los), 0);
	assert_int_equal(fw_lc_dec_init(&ds, cc->kind, cc->code, los), 0);
	assert_false(df.slow);
	ds.slow = true;
	while (i < n) {
		uint32_t r = rnd();
		size_t len = r % 4 ? (r >> 8) % 301 : 8 * ((r >> 8) % 38);	/* often whole octets */

		if (len > n - i)
			len = n - i;
		memset(bp, 0xA5, sizeof(bp));
		memset(bq, 0x5A, sizeof(bq));
		for (size_t j = 0; j < len; j++) {
			putb(bp, j, getb(p, i + j));
			putb(bq, j, getb(q, i + j));
		}
		memset(of, 0xEE, sizeof(of));
		memset(os, 0x77, sizeof(os));
		fw_lc_decode(&df, bp, bq, len, of, &cf);
		fw_lc_decode(&ds, bp, bq, len, os, &cs);
		assert_memory_equal(of, os, OCTETS(len));
		if (len & 7)
			assert_int_equal(of[len / 8] & (0xFF >> (len & 7)), 0);
		assert_int_equal(of[OCTETS(len)], 0xEE);	/* nothing written past */
		assert_int_equal(cf.bpv, cs.bpv);
		assert_int_equal(cf.exz, cs.exz);
		assert_same_state(&df, &ds);
		i += len;
	}
	*raised += df.los_raised;
	return cf;
}

static void test_random_lines(void **state)
{
	const size_t n = 120000;
	uint8_t *nrz = malloc(OCTETS(n)), *p = malloc(OCTETS(n)), *q = malloc(OCTETS(n));
	static const unsigned rates[] = { 20000, 2000, 200 };	/* one fault per so many slots */
	uint32_t bpv = 0, exz = 0, raised = 0;

	(void)state;
	assert_non_null(nrz);
	assert_non_null(p);
	assert_non_null(q);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		for (unsigned seed = 1; seed <= 3; seed++) {
			const struct code_case *cc = &cases[k];
			struct fw_lc_enc e;

			rs = 0x2545F491u * (unsigned)(k * 8 + seed);
			make_nrz(nrz, OCTETS(n));
			assert_int_equal(fw_lc_enc_init(&e, cc->code), 0);
			fw_lc_encode(&e, nrz, n, p, q);
			impair(p, q, n, rates[seed - 1]);
			for (size_t w = 0; w < 3; w++) {
				struct fw_span_counters c = run_both(cc, cc->los[w], p, q, n,
								     &raised);

				bpv += c.bpv;
				exz += c.exz;
			}
		}
	}
	/* the lines did hold what the fast path must hand over */
	assert_true(bpv > 10000);
	assert_true(exz > 1000);
	assert_true(raised > 100);
	free(nrz);
	free(p);
	free(q);
}

/* Clean lines only: decoded right (twice the latency late), nothing counted, both paths alike. */
static void test_clean_lines(void **state)
{
	const size_t n = 64000;
	uint8_t *nrz = malloc(OCTETS(n)), *p = malloc(OCTETS(n)), *q = malloc(OCTETS(n));
	uint8_t *out = malloc(OCTETS(n)), *slow = malloc(OCTETS(n));

	(void)state;
	assert_non_null(nrz);
	assert_non_null(p);
	assert_non_null(q);
	assert_non_null(out);
	assert_non_null(slow);
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct code_case *cc = &cases[k];
		unsigned lat = 2 * fw_lc_latency(cc->code);
		struct fw_span_counters c = { 0 }, cs = { 0 };
		struct fw_lc_enc e;
		struct fw_lc_dec d, ds;

		rs = 77 + (uint32_t)k;
		make_nrz(nrz, OCTETS(n));
		/* AMI: no long zero runs, so that nothing is counted */
		if (cc->code == FW_LINECODE_AMI)
			for (size_t i = 0; i < OCTETS(n); i++)
				nrz[i] |= 0x11;
		assert_int_equal(fw_lc_enc_init(&e, cc->code), 0);
		fw_lc_encode(&e, nrz, n, p, q);
		assert_int_equal(fw_lc_dec_init(&d, cc->kind, cc->code, 0), 0);
		assert_int_equal(fw_lc_dec_init(&ds, cc->kind, cc->code, 0), 0);
		ds.slow = true;
		fw_lc_decode(&d, p, q, n, out, &c);
		fw_lc_decode(&ds, p, q, n, slow, &cs);
		for (size_t j = 0; j + lat < n; j++)
			if (getb(out, j + lat) != getb(nrz, j))
				fail_msg("code %d: bit %zu decoded wrong", cc->code, j);
		assert_memory_equal(out, slow, OCTETS(n));
		assert_int_equal(c.bpv, 0);
		assert_int_equal(c.exz, 0);
		assert_int_equal(cs.exz, 0);
		assert_false(d.los);
		assert_same_state(&d, &ds);
	}
	free(nrz);
	free(p);
	free(q);
	free(out);
	free(slow);
}

/* A line given as a string: + - 0 D (a double), spaces ignored. */
static size_t line_from(const char *s, uint8_t *p, uint8_t *q)
{
	size_t i = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		putb(p, i, *s == '+' || *s == 'D');
		putb(q, i, *s == '-' || *s == 'D');
		i++;
	}
	return i;
}

static void decode_str(const char *line, enum fw_span_kind kind, enum fw_linecode code,
		       bool slow, char *bits, struct fw_span_counters *c, struct fw_lc_dec *d)
{
	uint8_t p[32] = { 0 }, q[32] = { 0 }, out[32];
	size_t n = line_from(line, p, q), i;

	assert_int_equal(fw_lc_dec_init(d, kind, code, 0), 0);
	d->slow = slow;
	*c = (struct fw_span_counters){ 0 };
	fw_lc_decode(d, p, q, n, out, c);
	for (i = 0; i < n; i++)
		bits[i] = (char)('0' + getb(out, i));
	bits[i] = 0;
}

/* Each branch of the fast path by hand, and the same from the slow one. */
static void test_branches(void **state)
{
	static const struct {
		enum fw_span_kind kind;
		enum fw_linecode code;
		const char *line, *bits;
		uint32_t bpv, exz;
	} v[] = {
		/* clean octets: alternating marks, runs up to 3 */
		{ FW_SPAN_E1, FW_LINECODE_HDB3, "+-+-+-+- +0-0+-0+ -000+-+- +-+-+-+-",
		  "000" "11111111" "10101101" "10001111" "11111", 0, 0 },
		/* B00V across the octet boundary, then 000V inside one */
		{ FW_SPAN_E1, FW_LINECODE_HDB3, "+-+-+-+- +-+-+-00 -+-+000+ -+-+-+-+",
		  "000" "11111111" "11111000" "01110000" "11111", 0, 0 },
		/* B00V with a double for its B: no substitution, two BPVs */
		{ FW_SPAN_E1, FW_LINECODE_HDB3, "+-+-+-+- +-+-+D00 +-+-+-+- +-+-+-+-",
		  "000" "11111111" "11111100" "11111111" "11111", 2, 0 },
		/* a violation that is no substitution: a BPV */
		{ FW_SPAN_E1, FW_LINECODE_HDB3, "+-+-+-+- +-++-+-+ -+-+-+-+ -+-+-+-+",
		  "000" "11111111" "11111111" "11111111" "11111", 1, 0 },
		/* a double: one BPV, decoded as a 1 */
		{ FW_SPAN_E1, FW_LINECODE_HDB3, "+-+-+-+- +-+D-+-+ -+-+-+-+ -+-+-+-+",
		  "000" "11111111" "11111111" "11111111" "11111", 1, 0 },
		/* four empty slots: EXZ */
		{ FW_SPAN_E1, FW_LINECODE_HDB3, "+-+-+-+- +0000-+- +-+-+-+- +-+-+-+-",
		  "000" "11111111" "10000111" "11111111" "11111", 0, 1 },
		/* B8ZS: 000VB0VB ending at the first slot of an octet */
		{ FW_SPAN_T1, FW_LINECODE_B8ZS, "+-+-+-+- +000+-0- +-+-+-+- +-+-+-+-",
		  "0000" "11111111" "10000000" "01111111" "1111", 0, 0 },
		/* AMI: a violation is a BPV */
		{ FW_SPAN_T1, FW_LINECODE_AMI, "+-+-+-+- +-+--+-+ -+-+-+-+ -+-+-+-+",
		  "11111111" "11111111" "11111111" "11111111", 1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		for (int slow = 0; slow < 2; slow++) {
			struct fw_span_counters c;
			struct fw_lc_dec d;
			char bits[300];

			decode_str(v[i].line, v[i].kind, v[i].code, slow, bits, &c, &d);
			if (strcmp(bits, v[i].bits))
				fail_msg("vector %zu (%s): got %s, want %s", i,
					 slow ? "slow" : "fast", bits, v[i].bits);
			assert_int_equal(c.bpv, v[i].bpv);
			assert_int_equal(c.exz, v[i].exz);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_branches),
		cmocka_unit_test(test_clean_lines),
		cmocka_unit_test(test_random_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
