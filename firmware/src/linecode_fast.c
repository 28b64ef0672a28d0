// SPDX-License-Identifier: GPL-2.0-only
/*
 * The line decoder's fast path (fw_lc_decode(), linecode.c): whole octets
 * of RPOS/RNEG at a time while the line is clean.
 *
 * An octet is clean when its marks are all single (no mark on both rails),
 * they alternate in polarity starting from the reference (the mark before
 * the octet), and no run of empty slots reaches the code's excessive-zeros
 * limit or the LOS window, with LOS clear. Then nothing is counted, no
 * substitution ends in it and the LOS state cannot change: its NRZ bits are
 * its marks, latency slots late. Which polarity the marks of an octet must
 * have is a table lookup: the first, third, ... mark of the octet (in time
 * order) is of the polarity opposite to the reference, the others of the
 * same one.
 *
 * HDB3 only: an octet whose violations are all substitutions (a violation
 * after two empty slots, 000V or B00V, and no double three slots before it)
 * is clean too but for clearing them: the V and the slot three before it
 * decode as 0. Its violations come from the deviation from the expected
 * polarities: a violation flips the expectation for all marks after it,
 * so a mark is a violation where its deviation differs from that of the
 * mark before it (a fill over the gaps, which are at most 3 slots here).
 *
 * Any other octet goes to the general decoder (fw_lc_dec_octet()), after the
 * fast path has written back the state it keeps in registers: the decoder
 * state is then exactly what the general decoder alone would have made of
 * the same slots (tests/firmware/test_linecode_fast.c compares them).
 *
 * Freestanding: no libc, no allocation, no globals but a const table.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/linecode.h>
#include <fw/span.h>

#include "linecode_int.h"

/*
 * By the marks m of an octet (bit 7 the first slot):
 *   alt    the first, third, fifth and seventh mark of m
 *   flip   0xFF when m has an odd number of marks (its last one is then of
 *          the polarity opposite to the reference), else 0
 *   zr     bits 0-4: the empty slots before the first mark (8 for none);
 *          bits 5-9: the longest run of empty slots after the first mark
 *          (31 for no mark: an empty octet is never clean); bits 11-14:
 *          the empty slots after the last mark. Added to the empty slots
 *          before the octet (at most 15: the fast path starts only with
 *          a run up to its limit), the low fields do not carry.
 */
#define O(alt, flip, lead, run, trail) { alt, flip, (lead) | (run) << 5 | (trail) << 11 }
static const struct {
	uint8_t alt, flip;
	uint16_t zr;
} octet_tab[256] = {
	O(0x00, 0x00, 8, 31, 8), O(0x01, 0xFF, 7, 0, 0), O(0x02, 0xFF, 6, 1, 1), O(0x02, 0x00, 6, 0, 0),
	O(0x04, 0xFF, 5, 2, 2), O(0x04, 0x00, 5, 1, 0), O(0x04, 0x00, 5, 1, 1), O(0x05, 0xFF, 5, 0, 0),
	O(0x08, 0xFF, 4, 3, 3), O(0x08, 0x00, 4, 2, 0), O(0x08, 0x00, 4, 1, 1), O(0x09, 0xFF, 4, 1, 0),
	O(0x08, 0x00, 4, 2, 2), O(0x09, 0xFF, 4, 1, 0), O(0x0A, 0xFF, 4, 1, 1), O(0x0A, 0x00, 4, 0, 0),
	O(0x10, 0xFF, 3, 4, 4), O(0x10, 0x00, 3, 3, 0), O(0x10, 0x00, 3, 2, 1), O(0x11, 0xFF, 3, 2, 0),
	O(0x10, 0x00, 3, 2, 2), O(0x11, 0xFF, 3, 1, 0), O(0x12, 0xFF, 3, 1, 1), O(0x12, 0x00, 3, 1, 0),
	O(0x10, 0x00, 3, 3, 3), O(0x11, 0xFF, 3, 2, 0), O(0x12, 0xFF, 3, 1, 1), O(0x12, 0x00, 3, 1, 0),
	O(0x14, 0xFF, 3, 2, 2), O(0x14, 0x00, 3, 1, 0), O(0x14, 0x00, 3, 1, 1), O(0x15, 0xFF, 3, 0, 0),
	O(0x20, 0xFF, 2, 5, 5), O(0x20, 0x00, 2, 4, 0), O(0x20, 0x00, 2, 3, 1), O(0x21, 0xFF, 2, 3, 0),
	O(0x20, 0x00, 2, 2, 2), O(0x21, 0xFF, 2, 2, 0), O(0x22, 0xFF, 2, 2, 1), O(0x22, 0x00, 2, 2, 0),
	O(0x20, 0x00, 2, 3, 3), O(0x21, 0xFF, 2, 2, 0), O(0x22, 0xFF, 2, 1, 1), O(0x22, 0x00, 2, 1, 0),
	O(0x24, 0xFF, 2, 2, 2), O(0x24, 0x00, 2, 1, 0), O(0x24, 0x00, 2, 1, 1), O(0x25, 0xFF, 2, 1, 0),
	O(0x20, 0x00, 2, 4, 4), O(0x21, 0xFF, 2, 3, 0), O(0x22, 0xFF, 2, 2, 1), O(0x22, 0x00, 2, 2, 0),
	O(0x24, 0xFF, 2, 2, 2), O(0x24, 0x00, 2, 1, 0), O(0x24, 0x00, 2, 1, 1), O(0x25, 0xFF, 2, 1, 0),
	O(0x28, 0xFF, 2, 3, 3), O(0x28, 0x00, 2, 2, 0), O(0x28, 0x00, 2, 1, 1), O(0x29, 0xFF, 2, 1, 0),
	O(0x28, 0x00, 2, 2, 2), O(0x29, 0xFF, 2, 1, 0), O(0x2A, 0xFF, 2, 1, 1), O(0x2A, 0x00, 2, 0, 0),
	O(0x40, 0xFF, 1, 6, 6), O(0x40, 0x00, 1, 5, 0), O(0x40, 0x00, 1, 4, 1), O(0x41, 0xFF, 1, 4, 0),
	O(0x40, 0x00, 1, 3, 2), O(0x41, 0xFF, 1, 3, 0), O(0x42, 0xFF, 1, 3, 1), O(0x42, 0x00, 1, 3, 0),
	O(0x40, 0x00, 1, 3, 3), O(0x41, 0xFF, 1, 2, 0), O(0x42, 0xFF, 1, 2, 1), O(0x42, 0x00, 1, 2, 0),
	O(0x44, 0xFF, 1, 2, 2), O(0x44, 0x00, 1, 2, 0), O(0x44, 0x00, 1, 2, 1), O(0x45, 0xFF, 1, 2, 0),
	O(0x40, 0x00, 1, 4, 4), O(0x41, 0xFF, 1, 3, 0), O(0x42, 0xFF, 1, 2, 1), O(0x42, 0x00, 1, 2, 0),
	O(0x44, 0xFF, 1, 2, 2), O(0x44, 0x00, 1, 1, 0), O(0x44, 0x00, 1, 1, 1), O(0x45, 0xFF, 1, 1, 0),
	O(0x48, 0xFF, 1, 3, 3), O(0x48, 0x00, 1, 2, 0), O(0x48, 0x00, 1, 1, 1), O(0x49, 0xFF, 1, 1, 0),
	O(0x48, 0x00, 1, 2, 2), O(0x49, 0xFF, 1, 1, 0), O(0x4A, 0xFF, 1, 1, 1), O(0x4A, 0x00, 1, 1, 0),
	O(0x40, 0x00, 1, 5, 5), O(0x41, 0xFF, 1, 4, 0), O(0x42, 0xFF, 1, 3, 1), O(0x42, 0x00, 1, 3, 0),
	O(0x44, 0xFF, 1, 2, 2), O(0x44, 0x00, 1, 2, 0), O(0x44, 0x00, 1, 2, 1), O(0x45, 0xFF, 1, 2, 0),
	O(0x48, 0xFF, 1, 3, 3), O(0x48, 0x00, 1, 2, 0), O(0x48, 0x00, 1, 1, 1), O(0x49, 0xFF, 1, 1, 0),
	O(0x48, 0x00, 1, 2, 2), O(0x49, 0xFF, 1, 1, 0), O(0x4A, 0xFF, 1, 1, 1), O(0x4A, 0x00, 1, 1, 0),
	O(0x50, 0xFF, 1, 4, 4), O(0x50, 0x00, 1, 3, 0), O(0x50, 0x00, 1, 2, 1), O(0x51, 0xFF, 1, 2, 0),
	O(0x50, 0x00, 1, 2, 2), O(0x51, 0xFF, 1, 1, 0), O(0x52, 0xFF, 1, 1, 1), O(0x52, 0x00, 1, 1, 0),
	O(0x50, 0x00, 1, 3, 3), O(0x51, 0xFF, 1, 2, 0), O(0x52, 0xFF, 1, 1, 1), O(0x52, 0x00, 1, 1, 0),
	O(0x54, 0xFF, 1, 2, 2), O(0x54, 0x00, 1, 1, 0), O(0x54, 0x00, 1, 1, 1), O(0x55, 0xFF, 1, 0, 0),
	O(0x80, 0xFF, 0, 7, 7), O(0x80, 0x00, 0, 6, 0), O(0x80, 0x00, 0, 5, 1), O(0x81, 0xFF, 0, 5, 0),
	O(0x80, 0x00, 0, 4, 2), O(0x81, 0xFF, 0, 4, 0), O(0x82, 0xFF, 0, 4, 1), O(0x82, 0x00, 0, 4, 0),
	O(0x80, 0x00, 0, 3, 3), O(0x81, 0xFF, 0, 3, 0), O(0x82, 0xFF, 0, 3, 1), O(0x82, 0x00, 0, 3, 0),
	O(0x84, 0xFF, 0, 3, 2), O(0x84, 0x00, 0, 3, 0), O(0x84, 0x00, 0, 3, 1), O(0x85, 0xFF, 0, 3, 0),
	O(0x80, 0x00, 0, 4, 4), O(0x81, 0xFF, 0, 3, 0), O(0x82, 0xFF, 0, 2, 1), O(0x82, 0x00, 0, 2, 0),
	O(0x84, 0xFF, 0, 2, 2), O(0x84, 0x00, 0, 2, 0), O(0x84, 0x00, 0, 2, 1), O(0x85, 0xFF, 0, 2, 0),
	O(0x88, 0xFF, 0, 3, 3), O(0x88, 0x00, 0, 2, 0), O(0x88, 0x00, 0, 2, 1), O(0x89, 0xFF, 0, 2, 0),
	O(0x88, 0x00, 0, 2, 2), O(0x89, 0xFF, 0, 2, 0), O(0x8A, 0xFF, 0, 2, 1), O(0x8A, 0x00, 0, 2, 0),
	O(0x80, 0x00, 0, 5, 5), O(0x81, 0xFF, 0, 4, 0), O(0x82, 0xFF, 0, 3, 1), O(0x82, 0x00, 0, 3, 0),
	O(0x84, 0xFF, 0, 2, 2), O(0x84, 0x00, 0, 2, 0), O(0x84, 0x00, 0, 2, 1), O(0x85, 0xFF, 0, 2, 0),
	O(0x88, 0xFF, 0, 3, 3), O(0x88, 0x00, 0, 2, 0), O(0x88, 0x00, 0, 1, 1), O(0x89, 0xFF, 0, 1, 0),
	O(0x88, 0x00, 0, 2, 2), O(0x89, 0xFF, 0, 1, 0), O(0x8A, 0xFF, 0, 1, 1), O(0x8A, 0x00, 0, 1, 0),
	O(0x90, 0xFF, 0, 4, 4), O(0x90, 0x00, 0, 3, 0), O(0x90, 0x00, 0, 2, 1), O(0x91, 0xFF, 0, 2, 0),
	O(0x90, 0x00, 0, 2, 2), O(0x91, 0xFF, 0, 1, 0), O(0x92, 0xFF, 0, 1, 1), O(0x92, 0x00, 0, 1, 0),
	O(0x90, 0x00, 0, 3, 3), O(0x91, 0xFF, 0, 2, 0), O(0x92, 0xFF, 0, 1, 1), O(0x92, 0x00, 0, 1, 0),
	O(0x94, 0xFF, 0, 2, 2), O(0x94, 0x00, 0, 1, 0), O(0x94, 0x00, 0, 1, 1), O(0x95, 0xFF, 0, 1, 0),
	O(0x80, 0x00, 0, 6, 6), O(0x81, 0xFF, 0, 5, 0), O(0x82, 0xFF, 0, 4, 1), O(0x82, 0x00, 0, 4, 0),
	O(0x84, 0xFF, 0, 3, 2), O(0x84, 0x00, 0, 3, 0), O(0x84, 0x00, 0, 3, 1), O(0x85, 0xFF, 0, 3, 0),
	O(0x88, 0xFF, 0, 3, 3), O(0x88, 0x00, 0, 2, 0), O(0x88, 0x00, 0, 2, 1), O(0x89, 0xFF, 0, 2, 0),
	O(0x88, 0x00, 0, 2, 2), O(0x89, 0xFF, 0, 2, 0), O(0x8A, 0xFF, 0, 2, 1), O(0x8A, 0x00, 0, 2, 0),
	O(0x90, 0xFF, 0, 4, 4), O(0x90, 0x00, 0, 3, 0), O(0x90, 0x00, 0, 2, 1), O(0x91, 0xFF, 0, 2, 0),
	O(0x90, 0x00, 0, 2, 2), O(0x91, 0xFF, 0, 1, 0), O(0x92, 0xFF, 0, 1, 1), O(0x92, 0x00, 0, 1, 0),
	O(0x90, 0x00, 0, 3, 3), O(0x91, 0xFF, 0, 2, 0), O(0x92, 0xFF, 0, 1, 1), O(0x92, 0x00, 0, 1, 0),
	O(0x94, 0xFF, 0, 2, 2), O(0x94, 0x00, 0, 1, 0), O(0x94, 0x00, 0, 1, 1), O(0x95, 0xFF, 0, 1, 0),
	O(0xA0, 0xFF, 0, 5, 5), O(0xA0, 0x00, 0, 4, 0), O(0xA0, 0x00, 0, 3, 1), O(0xA1, 0xFF, 0, 3, 0),
	O(0xA0, 0x00, 0, 2, 2), O(0xA1, 0xFF, 0, 2, 0), O(0xA2, 0xFF, 0, 2, 1), O(0xA2, 0x00, 0, 2, 0),
	O(0xA0, 0x00, 0, 3, 3), O(0xA1, 0xFF, 0, 2, 0), O(0xA2, 0xFF, 0, 1, 1), O(0xA2, 0x00, 0, 1, 0),
	O(0xA4, 0xFF, 0, 2, 2), O(0xA4, 0x00, 0, 1, 0), O(0xA4, 0x00, 0, 1, 1), O(0xA5, 0xFF, 0, 1, 0),
	O(0xA0, 0x00, 0, 4, 4), O(0xA1, 0xFF, 0, 3, 0), O(0xA2, 0xFF, 0, 2, 1), O(0xA2, 0x00, 0, 2, 0),
	O(0xA4, 0xFF, 0, 2, 2), O(0xA4, 0x00, 0, 1, 0), O(0xA4, 0x00, 0, 1, 1), O(0xA5, 0xFF, 0, 1, 0),
	O(0xA8, 0xFF, 0, 3, 3), O(0xA8, 0x00, 0, 2, 0), O(0xA8, 0x00, 0, 1, 1), O(0xA9, 0xFF, 0, 1, 0),
	O(0xA8, 0x00, 0, 2, 2), O(0xA9, 0xFF, 0, 1, 0), O(0xAA, 0xFF, 0, 1, 1), O(0xAA, 0x00, 0, 0, 0),
};
#undef O

/* @x shifted left by @n octets (the history registers of 32 slots). */
static inline uint32_t shl_octets(uint32_t x, size_t n)
{
	return n >= 4 ? 0 : x << (8 * n);
}

/* The mask of the zr sums (octet_tab) with a run over @lim (2^k - 1, at most 15). */
#define FAIL_MASK(lim)	((~(unsigned)(lim) & 0x1Fu) * (1u + (1u << 5)))

/* What the fast path keeps in registers while it runs. */
struct run {
	uint32_t w;		/* decoded bits, the low lat of them not yet delivered */
	uint32_t hv;		/* h_viol as of octet vbase - 1 */
	unsigned z;		/* empty slots since the last mark */
	unsigned inv;		/* 0xFF: the last mark was negative, else 0 */
	size_t base, vbase;	/* the first octet of the run, and after the last with violations */
};

/*
 * HDB3: octet @i, which is not clean. If it has no double and no long run
 * of empty slots, its violations are where the deviation from the expected
 * polarity changes from mark to mark (gaps are at most 3 here). If all are
 * substitutions, decodes the octet into @r and returns its NRZ bits
 * (latency 3); else returns -1, @r unchanged.
 */
static __attribute__((noinline)) int
dec_subst(const struct fw_lc_dec *d, struct run *r, const uint8_t *rpos, const uint8_t *rneg,
	  size_t i)
{
	unsigned p = rpos[i], n = rneg[i], m = p | n, zr = r->z + octet_tab[m].zr;
	uint32_t dev = n ^ octet_tab[m].alt ^ (m & r->inv), g = ~m & 0xFFu, f, viol, x, sub;

	if ((p & n) || (zr & FAIL_MASK(FW_LC_EXZ_HDB3)))
		return -1;
	f = dev | ((dev >> 1) & g);
	f |= (f >> 2) & g & (g >> 1);
	viol = (dev ^ (f >> 1)) & m;
	x = (i > r->base ? (uint32_t)(rpos[i - 1] | rneg[i - 1]) : ~d->h_empty) << 8 | m;
	sub = viol & ~(x >> 1) & ~(x >> 2);
	if (i == r->base)	/* doubles only before the fast path */
		sub &= ~(d->h_double << 5);
	if (sub != viol)
		return -1;
	r->hv = shl_octets(r->hv, i - r->vbase) << 8 | viol;
	r->vbase = i + 1;
	r->w = (r->w << 8 | m) & ~(sub | sub << 3);	/* the V and the B slot */
	r->inv = (n & -m) ? 0xFFu : 0;	/* the last mark's polarity */
	r->z = zr >> 11;
	return (uint8_t)(r->w >> 3);
}

/*
 * Clean octets from @i on, the decoder state in registers, written back at
 * the first octet that is not (or the end). Returns that octet's index.
 * Inlined into one function for each code, @lat, @hdb3 and (but for AMI)
 * @fail constant.
 */
static inline __attribute__((always_inline)) size_t
dec_clean(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t i, size_t noct,
	  uint8_t *nrz, struct fw_span_counters *c, const unsigned lat, const bool hdb3,
	  const unsigned fail)
{
	struct run r = { d->q_nrz, d->h_viol, d->zeros, d->last == POL_NEG ? 0xFFu : 0, i, i };
	uint32_t w = r.w, q, hm;
	unsigned z = r.z, inv = r.inv;
	size_t j;

	for (;;) {
		unsigned p, n, m, e, zr;
		int o;

		for (; i < noct; i++) {
			p = rpos[i];
			n = rneg[i];
			m = p | n;
			e = octet_tab[m].alt ^ (m & inv);	/* n, if all alternate */
			zr = z + octet_tab[m].zr;
			if (((n ^ e) | (p & n)) || (zr & fail))
				break;
			w = w << 8 | m;
			nrz[i] = (uint8_t)(w >> lat);
			inv ^= octet_tab[m].flip;
			z = zr >> 11;
		}
		if (!hdb3 || i == noct)
			break;
		r.w = w;
		r.z = z;
		r.inv = inv;
		o = dec_subst(d, &r, rpos, rneg, i);
		if (o < 0)
			break;
		nrz[i++] = (uint8_t)o;
		w = r.w;
		z = r.z;
		inv = r.inv;
	}
	if (i == r.base)
		return i;
	/* write back what the general decoder keeps */
	hm = ~d->h_empty;
	for (j = i - r.base > 4 ? i - 4 : r.base; j < i; j++)
		hm = hm << 8 | rpos[j] | rneg[j];
	d->h_empty = ~hm;
	d->h_double = shl_octets(d->h_double, i - r.base);
	d->h_first = shl_octets(d->h_first, i - r.base);
	d->h_viol = shl_octets(r.hv, i - r.vbase);
	d->q_nrz = w & ((1u << lat) - 1);
	q = d->q_bpv;	/* BPVs the first fast octet delivered */
	if (q) {
		unsigned k = 0;

		for (; q; q &= q - 1)
			k++;
		fw_count_add(&c->bpv, k);
		d->q_bpv = 0;
	}
	d->zeros = z;
	d->last = inv ? POL_NEG : POL_POS;
	return i;
}

static __attribute__((noinline)) size_t
dec_clean_hdb3(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t i,
	       size_t noct, uint8_t *nrz, struct fw_span_counters *c)
{
	return dec_clean(d, rpos, rneg, i, noct, nrz, c, 3, true, FAIL_MASK(FW_LC_EXZ_HDB3));
}

static __attribute__((noinline)) size_t
dec_clean_b8zs(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t i,
	       size_t noct, uint8_t *nrz, struct fw_span_counters *c)
{
	return dec_clean(d, rpos, rneg, i, noct, nrz, c, 4, false, FAIL_MASK(FW_LC_EXZ_B8ZS));
}

static __attribute__((noinline)) size_t
dec_clean_ami(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t i,
	      size_t noct, uint8_t *nrz, struct fw_span_counters *c, unsigned lim)
{
	return dec_clean(d, rpos, rneg, i, noct, nrz, c, 0, false, FAIL_MASK(lim));
}

void fw_lc_dec_octets(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t noct,
		      uint8_t *nrz, struct fw_span_counters *c)
{
	unsigned lim = d->exz_limit;
	size_t i = 0;

	/*
	 * AMI: runs from the LOS window on leave the fast path too. The limit
	 * is rounded down to 2^k - 1 so that one mask tests the run into the
	 * octet and the runs in it at once (HDB3: 3, B8ZS: 7 already).
	 */
	if (lim >= d->los_slots)
		lim = d->los_slots - 1u;
	while (lim & (lim + 1))
		lim >>= 1;
	while (i < noct) {
		/*
		 * The fast path needs a polarity reference, LOS clear and no
		 * long run of empty slots coming in; with B8ZS, no violation
		 * in the last slot (a 000VB0VB whose last B begins the octet
		 * is found by its violations before it).
		 */
		if (!d->los && d->last != POL_NONE && d->zeros <= lim) {
			if (d->code == FW_LINECODE_HDB3)
				i = dec_clean_hdb3(d, rpos, rneg, i, noct, nrz, c);
			else if (d->code == FW_LINECODE_AMI)
				i = dec_clean_ami(d, rpos, rneg, i, noct, nrz, c, lim);
			else if (!(d->h_viol & 1u))
				i = dec_clean_b8zs(d, rpos, rneg, i, noct, nrz, c);
		}
		if (i < noct) {
			nrz[i] = (uint8_t)fw_lc_dec_octet(d, rpos[i], rneg[i], c);
			i++;
		}
	}
}
