// SPDX-License-Identifier: GPL-2.0-only
/*
 * AMI, HDB3 and B8ZS encode and decode (fw/linecode.h).
 *
 * The decoder works on up to eight slots at a time (one input octet, or the
 * tail of the last one): the marks of the chunk are walked in time order for
 * the polarity reference, the zero runs (EXZ, LOS); the substitutions are
 * then found with masks over the last slots kept in shift registers, and the
 * decoded bits and the violations wait latency slots in two more registers,
 * long enough for a substitution found at its last slot to clear its earlier
 * slots before they are delivered. Working slot by slot in order, the result
 * cannot depend on where the caller splits the stream.
 *
 * Freestanding: no libc, no allocation, no globals but const tables.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/linecode.h>
#include <fw/span.h>

#include "linecode_int.h"

static const uint8_t nibble_ones[16] = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };

static unsigned ones8(unsigned x)
{
	return nibble_ones[x & 15] + nibble_ones[(x >> 4) & 15];
}

unsigned fw_lc_latency(enum fw_linecode code)
{
	switch (code) {
	case FW_LINECODE_HDB3:
		return 3;	/* B00V: the B is three slots before the V */
	case FW_LINECODE_B8ZS:
		return 4;	/* 000VB0VB: the first V is four slots before the end */
	default:
		return 0;
	}
}

/* --- encoder ------------------------------------------------------------- */

int fw_lc_enc_init(struct fw_lc_enc *e, enum fw_linecode code)
{
	if (code != FW_LINECODE_AMI && code != FW_LINECODE_HDB3 && code != FW_LINECODE_B8ZS)
		return -1;
	e->code = (uint8_t)code;
	e->latency = (uint8_t)fw_lc_latency(code);
	e->last_neg = 1;	/* so that the first mark is positive */
	e->odd = 0;
	e->zeros = 0;
	e->qpos = e->qneg = 0;
	return 0;
}

/* Puts a mark of polarity @neg into queue slot @slot (0 = the newest). */
static void enc_mark(struct fw_lc_enc *e, unsigned slot, unsigned neg)
{
	if (neg)
		e->qneg |= (uint8_t)(1u << slot);
	else
		e->qpos |= (uint8_t)(1u << slot);
}

/* One NRZ bit in; returns the slot sent: bit 1 = positive mark, bit 0 = negative. */
static unsigned enc_slot(struct fw_lc_enc *e, unsigned bit)
{
	unsigned l = e->latency, out;

	e->qpos = (uint8_t)(e->qpos << 1);
	e->qneg = (uint8_t)(e->qneg << 1);
	if (bit) {
		e->last_neg ^= 1;
		enc_mark(e, 0, e->last_neg);
		e->odd ^= 1;
		e->zeros = 0;
	} else if (e->zeros < 255) {
		e->zeros++;
		if (e->code == FW_LINECODE_HDB3 && e->zeros == 4) {
			if (!e->odd) {		/* B00V: B follows the AMI rule */
				e->last_neg ^= 1;
				enc_mark(e, 3, e->last_neg);
			}
			enc_mark(e, 0, e->last_neg);	/* V: the polarity of the mark before */
			e->odd = 0;
			e->zeros = 0;
		} else if (e->code == FW_LINECODE_B8ZS && e->zeros == 8) {
			unsigned x = e->last_neg;	/* 000VB0VB */

			enc_mark(e, 4, x);
			enc_mark(e, 3, !x);
			enc_mark(e, 1, !x);
			enc_mark(e, 0, x);
			e->zeros = 0;
		}
	}
	out = ((e->qpos >> l) & 1u) << 1 | ((e->qneg >> l) & 1u);
	e->qpos &= (uint8_t)((1u << l) - 1);
	e->qneg &= (uint8_t)((1u << l) - 1);
	return out;
}

void fw_lc_encode(struct fw_lc_enc *e, const uint8_t *nrz, size_t nbits, uint8_t *tpos,
		  uint8_t *tneg)
{
	size_t i;

	for (i = 0; i * 8 < nbits; i++) {
		unsigned k = nbits - i * 8 < 8 ? (unsigned)(nbits - i * 8) : 8;
		unsigned in = nrz[i], p = 0, n = 0, j;

		for (j = 0; j < k; j++) {
			unsigned s = enc_slot(e, (in >> (7 - j)) & 1u);

			p = p << 1 | s >> 1;
			n = n << 1 | (s & 1u);
		}
		tpos[i] = (uint8_t)(p << (8 - k));
		tneg[i] = (uint8_t)(n << (8 - k));
	}
}

/* --- decoder ------------------------------------------------------------- */

int fw_lc_dec_init(struct fw_lc_dec *d, enum fw_span_kind kind, enum fw_linecode code,
		   unsigned los_slots)
{
	unsigned lo, hi;

	if (kind == FW_SPAN_E1) {
		if (code != FW_LINECODE_HDB3 && code != FW_LINECODE_AMI)
			return -1;
		lo = FW_LC_LOS_E1_MIN;
		hi = FW_LC_LOS_E1_MAX;
		if (!los_slots)
			los_slots = FW_LC_LOS_E1_DEFAULT;
	} else if (kind == FW_SPAN_T1) {
		if (code != FW_LINECODE_B8ZS && code != FW_LINECODE_AMI)
			return -1;
		lo = FW_LC_LOS_T1_MIN;
		hi = FW_LC_LOS_T1_MAX;
		if (!los_slots)
			los_slots = FW_LC_LOS_T1_DEFAULT;
	} else {
		return -1;
	}
	if (los_slots < lo || los_slots > hi)
		return -1;
	d->code = (uint8_t)code;
	d->latency = (uint8_t)fw_lc_latency(code);
	d->exz_limit = code == FW_LINECODE_HDB3 ? FW_LC_EXZ_HDB3 :
		       code == FW_LINECODE_B8ZS ? FW_LC_EXZ_B8ZS : FW_LC_EXZ_AMI;
	d->los_slots = (uint8_t)los_slots;
	d->h_empty = ~(uint32_t)0;	/* before init: nothing on the line */
	d->h_double = d->h_viol = d->h_first = 0;
	d->q_nrz = d->q_bpv = 0;
	d->last = POL_NONE;
	d->marked = false;
	d->los = false;
	d->los_in_block = false;
	d->zeros = 0;
	d->win_left = d->win_marks = 0;
	d->los_raised = 0;
	d->slow = false;
	return 0;
}

/* The LOS clearing window ends: clear LOS if it held 12.5% marks. */
static void los_window_end(struct fw_lc_dec *d)
{
	if (8u * d->win_marks >= d->los_slots)
		d->los = false;
	d->win_left = 0;
}

/* @g empty slots. */
static void dec_zeros(struct fw_lc_dec *d, uint32_t g, struct fw_span_counters *c)
{
	uint32_t z = d->zeros;

	if (!g)
		return;
	if (d->marked && z <= d->exz_limit && z + g > d->exz_limit)
		fw_count_add(&c->exz, 1);
	if (d->win_left) {
		if (g >= d->win_left)
			los_window_end(d);
		else
			d->win_left = (uint16_t)(d->win_left - g);
	}
	z = z > UINT32_MAX - g ? UINT32_MAX : z + g;
	if (!d->los && z >= d->los_slots) {
		d->los = true;
		d->los_in_block = true;
		fw_count_add(&d->los_raised, 1);
	}
	d->zeros = z;
}

/* A mark (either rail, or both). */
static void dec_mark(struct fw_lc_dec *d)
{
	d->zeros = 0;
	d->marked = true;
	if (d->los) {
		if (!d->win_left) {		/* a mark opens a window of N slots */
			d->win_left = d->los_slots;
			d->win_marks = 0;
		}
		d->win_marks++;
		if (--d->win_left == 0)
			los_window_end(d);
	}
}

/*
 * The common case of a whole octet, bit-parallel: not in LOS, a polarity
 * reference already, and no zero run reaching the LOS window. Returns false
 * (having changed nothing) if the octet needs the mark-by-mark walk.
 *
 * Polarity: number the single marks and let s = polarity xor the parity of
 * the number of marks from the octet's start up to it (the reference mark
 * before the octet has s = its polarity). Marks alternate exactly where s
 * stays the same, so a violation is a mark whose s differs from the s of
 * the mark before it, which a fill over the gaps brings alongside.
 */
static inline bool dec_fast(struct fw_lc_dec *d, uint32_t p, uint32_t n, uint32_t *violp,
		     struct fw_span_counters *c)
{
	uint32_t m = p | n, ms = p ^ n, z = d->zeros, lead;

	if (d->los || d->last == POL_NONE)
		return false;
	lead = m ? (uint32_t)__builtin_clz(m) - 24 : 8;
	if (z + lead >= d->los_slots)
		return false;
	if (d->marked && z <= d->exz_limit && z + lead > d->exz_limit)
		fw_count_add(&c->exz, 1);
	*violp = 0;
	if (!m) {
		d->zeros = z + 8;
		return true;
	}
	if (d->exz_limit < 7) {		/* a run of limit + 1 between two marks of the octet */
		uint32_t lo = m & -m, span = ((1u << (31 - __builtin_clz(m))) - 1) & ~(lo | (lo - 1));
		uint32_t g = ~m & span, run = g;

		for (unsigned i = 0; i < d->exz_limit; i++)
			run &= g >> (i + 1);
		if (run)
			fw_count_add(&c->exz, 1);
	}
	d->zeros = (uint32_t)__builtin_ctz(m);	/* the run the octet ends with */
	if (d->zeros > d->exz_limit)
		fw_count_add(&c->exz, 1);
	d->marked = true;
	if (ms) {
		uint32_t par = ms, s, f, g = ~ms & 0xFFu;

		par ^= par >> 1;	/* bit i: parity of the single marks at i and before */
		par ^= par >> 2;
		par ^= par >> 4;
		s = (n ^ par) & ms;
		f = s | (uint32_t)(d->last == POL_NEG) << 8;
		f |= (f >> 1) & g;	/* each slot gets the s of the mark before it */
		g &= g >> 1;
		f |= (f >> 2) & g;
		g &= g >> 2;
		f |= (f >> 4) & g;
		*violp = (s ^ f >> 1) & ms;
		d->last = (n & ms & -ms) ? POL_NEG : POL_POS;
	}
	return true;
}

/* @k (1..8) slots, right-aligned in @p/@n, oldest highest; returns @k decoded bits so. */
static inline __attribute__((__always_inline__)) unsigned
dec_step(struct fw_lc_dec *d, unsigned p, unsigned n, unsigned k, struct fw_span_counters *c)
{
	uint32_t kmask = (1u << k) - 1, lmask = (1u << d->latency) - 1;
	uint32_t m = (p | n) & kmask, dbl = p & n & kmask, viol = 0, first = 0, rest = m;
	uint32_t e, v, dd, out, bpv;
	unsigned next = k;	/* the slot after the last one walked */
	bool fast = k == 8 && !d->slow && dec_fast(d, p, n, &viol, c);

	if (fast)
		rest = 0;
	while (rest) {		/* marks in time order */
		unsigned b = 31u - (unsigned)__builtin_clz(rest);
		uint32_t bit = 1u << b;

		dec_zeros(d, next - 1 - b, c);
		rest &= ~bit;
		if (!(dbl & bit)) {
			uint8_t pol = (p & bit) ? POL_POS : POL_NEG;

			if (pol == d->last)
				viol |= bit;
			else if (d->last == POL_NONE)
				first |= bit;
			d->last = pol;
		}
		dec_mark(d);
		next = b;
	}
	if (!fast)
		dec_zeros(d, next, c);

	d->h_empty = e = d->h_empty << k | (~m & kmask);
	d->h_double = dd = d->h_double << k | dbl;
	d->h_viol = v = d->h_viol << k | viol;
	d->h_first = d->h_first << k | first;
	d->q_nrz = d->q_nrz << k | m;
	d->q_bpv = d->q_bpv << k | viol | dbl;

	if (d->code == FW_LINECODE_HDB3 && viol) {
		/* 000V or B00V: a violation after two empty slots (B not a double) */
		uint32_t sub = viol & e >> 1 & e >> 2 & ~(dd >> 3);

		d->q_nrz &= ~(sub | sub << 3);
		d->q_bpv &= ~sub;
	} else if (d->code == FW_LINECODE_B8ZS && (v & 0xFFEu)) {
		/* 000VB0VB, found at its last B; the first mark after init may be the first V */
		uint32_t s = ~e & ~dd, vf = v | d->h_first;
		uint32_t end = s & ~v & v >> 1 & e >> 2 & s >> 3 & ~(v >> 3) & s >> 4 & vf >> 4 &
			       e >> 5 & e >> 6 & e >> 7 & kmask;

		d->q_nrz &= ~(end | end << 1 | end << 3 | end << 4);
		d->q_bpv &= ~(end << 1 | end << 4);
	}

	out = (d->q_nrz >> d->latency) & kmask;
	bpv = ones8((d->q_bpv >> d->latency) & kmask);
	if (bpv)
		fw_count_add(&c->bpv, bpv);
	d->q_nrz &= lmask;
	d->q_bpv &= lmask;
	return out;
}

/* Out of line: the fast path (linecode_fast.c) calls it for the octets it leaves. */
__attribute__((__noinline__)) unsigned fw_lc_dec_octet(struct fw_lc_dec *d, unsigned p, unsigned n,
						   struct fw_span_counters *c)
{
	return dec_step(d, p, n, 8, c);
}

void fw_lc_decode(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t nslots,
		  uint8_t *nrz, struct fw_span_counters *c)
{
	size_t i, full = nslots / 8;
	unsigned rem = (unsigned)(nslots % 8);

	d->los_in_block = d->los;
	if (!d->slow)
		fw_lc_dec_octets(d, rpos, rneg, full, nrz, c);
	else
		for (i = 0; i < full; i++)
			nrz[i] = (uint8_t)dec_step(d, rpos[i], rneg[i], 8, c);
	if (rem)
		nrz[full] = (uint8_t)(dec_step(d, (unsigned)rpos[full] >> (8 - rem),
					       (unsigned)rneg[full] >> (8 - rem), rem, c)
				      << (8 - rem));
}
