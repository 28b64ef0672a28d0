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
 * its marks, latency slots late. B8ZS and AMI: which polarity the marks of
 * an octet must have is a table lookup: the first, third, ... mark of the
 * octet (in time order) is of the polarity opposite to the reference, the
 * others of the same one.
 *
 * HDB3 works on four octets at a time (32 slots) and bit-parallel, with no
 * table and no branch on where marks and violations are (dec_fast_hdb3()):
 * slots whose violations are all substitutions (a violation after two empty
 * slots, 000V or B00V) are clean too but for clearing them: the V and the
 * slot three before it decode as 0. Random data has one in about every
 * fourth octet, so a branch on them was mispredicted all the time.
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

/*
 * What every fast run writes back after taking octets @base to @i - 1
 * (@i > @base): the doubles and first-mark registers shifted (the fast path
 * takes neither), and the BPVs still waiting in the delay register, which
 * the first fast octet delivered, counted once.
 */
static void fast_end(struct fw_lc_dec *d, size_t base, size_t i, struct fw_span_counters *c)
{
	uint32_t q = d->q_bpv;

	d->h_double = shl_octets(d->h_double, i - base);
	d->h_first = shl_octets(d->h_first, i - base);
	if (q) {
		unsigned k = 0;

		for (; q; q &= q - 1)
			k++;
		fw_count_add(&c->bpv, k);
		d->q_bpv = 0;
	}
}

/*
 * B8ZS and AMI: clean octets from @i on, the decoder state in registers,
 * written back at the first octet that is not (or the end). Returns that
 * octet's index. Inlined into one function for each code, @lat and (but
 * for AMI) @fail constant.
 */
static inline __attribute__((__always_inline__)) size_t
dec_clean(struct fw_lc_dec *d, const uint8_t *restrict rpos, const uint8_t *restrict rneg,
	  size_t i, size_t noct, uint8_t *restrict nrz, struct fw_span_counters *c,
	  const unsigned lat, const unsigned fail)
{
	uint32_t w = d->q_nrz, hm;
	unsigned z = d->zeros, inv = d->last == POL_NEG ? 0xFFu : 0;
	const size_t base = i;
	size_t j;

	for (; i < noct; i++) {
		unsigned p = rpos[i], n = rneg[i], m = p | n;
		unsigned e = octet_tab[m].alt ^ (m & inv);	/* n, if all alternate */
		unsigned zr = z + octet_tab[m].zr;

		if (((n ^ e) | (p & n)) || (zr & fail))
			break;
		w = w << 8 | m;
		nrz[i] = (uint8_t)(w >> lat);
		inv ^= octet_tab[m].flip;
		z = zr >> 11;
	}
	if (i == base)
		return i;
	/* the empty history from the last four octets taken */
	hm = ~d->h_empty;
	for (j = i - base > 4 ? i - 4 : base; j < i; j++)
		hm = hm << 8 | rpos[j] | rneg[j];
	d->h_empty = ~hm;
	d->h_viol = shl_octets(d->h_viol, i - base);
	d->q_nrz = w & ((1u << lat) - 1);
	d->zeros = z;
	d->last = inv ? POL_NEG : POL_POS;
	fast_end(d, base, i, c);
	return i;
}

static __attribute__((__noinline__)) size_t
dec_fast_b8zs(struct fw_lc_dec *d, const uint8_t *restrict rpos, const uint8_t *restrict rneg,
	      size_t i, size_t noct, uint8_t *restrict nrz, struct fw_span_counters *c)
{
	return dec_clean(d, rpos, rneg, i, noct, nrz, c, 4, FAIL_MASK(FW_LC_EXZ_B8ZS));
}

static __attribute__((__noinline__)) size_t
dec_fast_ami(struct fw_lc_dec *d, const uint8_t *restrict rpos, const uint8_t *restrict rneg,
	     size_t i, size_t noct, uint8_t *restrict nrz, struct fw_span_counters *c, unsigned lim)
{
	return dec_clean(d, rpos, rneg, i, noct, nrz, c, 0, FAIL_MASK(lim));
}

/* What the HDB3 fast path keeps in registers while it runs. */
struct hdb3 {
	uint64_t x;	/* the marks of the slots so far, the last in bit 0 */
	uint32_t w;	/* decoded bits, the low 3 of them not yet delivered */
	uint32_t hv;	/* h_viol */
	uint32_t neg;	/* ~0: the last mark was negative, else 0 */
};

/*
 * HDB3: the next @k slots (8 or 32: one octet or four), right-aligned in @p
 * and @n, the first one highest. If they hold no double, no run of 4 empty
 * slots (with those before them) and no violation that is not a
 * substitution, decodes them into @s and sets *@out to @k decoded bits
 * (the last 3 slots' bits wait in s->w); else returns false, @s unchanged.
 * Bit-parallel, no branch on where the marks and violations are: random
 * data has a substitution in about every fourth octet.
 *
 * Polarities are taken relative to the last mark before the slots: r = the
 * marks of the other polarity. Filled forward over the empty slots (gaps
 * are at most 3 here: two steps reach) and shifted by one, they put beside
 * each mark the relative polarity of the mark before it (0 for the first
 * one: the reference itself). A violation is a mark equal to the mark
 * before it. Bit 0 of the fill is the last mark's, the next reference.
 *
 * A violation with two empty slots before it is a substitution (000V or
 * B00V): it and the slot three before it (the B, if marked) decode as 0.
 * The B slot holds no double: the HDB3 fast path starts only with none in
 * the last three slots (fw_lc_dec_octets()) and takes no slots with one.
 */
static inline __attribute__((__always_inline__)) bool
hdb3_step(struct hdb3 *s, uint32_t p, uint32_t n, const unsigned k, uint32_t *out)
{
	const uint32_t all = k == 32 ? ~0u : (1u << k) - 1;
	const uint32_t m = p | n;
	const uint64_t x = s->x << k | m, g = ~x, gg = g & g >> 1;
	uint32_t r = (n ^ s->neg) & m, f, viol, dec;

	f = r | (r >> 1 & (uint32_t)g);		/* each empty slot: the mark before it */
	f |= f >> 2 & (uint32_t)gg;
	viol = ~(r ^ f >> 1) & m;
	if ((p & n) | ((uint32_t)(gg & gg >> 2) & all) | (viol & (uint32_t)(x >> 1 | x >> 2)))
		return false;
	dec = m & ~(viol | viol << 3);		/* the V and the B slot */
	*out = (s->w & 7u & ~(viol >> (k - 3))) << (k - 3) | dec >> 3;
	s->w = dec;
	s->x = x;
	s->hv = k == 32 ? viol : s->hv << k | viol;
	s->neg ^= 0u - (f & 1u);
	return true;
}

static inline uint32_t load_be32(const uint8_t *q)
{
	return (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
}

static inline void store_be32(uint8_t *q, uint32_t v)
{
	q[0] = (uint8_t)(v >> 24);
	q[1] = (uint8_t)(v >> 16);
	q[2] = (uint8_t)(v >> 8);
	q[3] = (uint8_t)v;
}

/*
 * HDB3 from octet @i on: four octets at a time, one at a time at the end
 * and where four do not pass at once (up to the octet that does not pass).
 * Returns the first octet not taken, after writing back the decoder state
 * (h_empty and the zero run from the marks kept in s.x).
 */
static __attribute__((__noinline__)) size_t
dec_fast_hdb3(struct fw_lc_dec *d, const uint8_t *restrict rpos, const uint8_t *restrict rneg,
	      size_t i, size_t noct, uint8_t *restrict nrz, struct fw_span_counters *c)
{
	struct hdb3 s = { ~d->h_empty, d->q_nrz, d->h_viol, d->last == POL_NEG ? ~0u : 0 };
	const size_t base = i;
	uint32_t o;

	for (;;) {
		size_t end;

		for (; noct - i >= 4; i += 4) {
			if (!hdb3_step(&s, load_be32(rpos + i), load_be32(rneg + i), 32, &o))
				break;
			store_be32(nrz + i, o);
		}
		end = noct - i >= 4 ? i + 4 : noct;
		for (; i < end; i++) {
			if (!hdb3_step(&s, rpos[i], rneg[i], 8, &o))
				break;
			nrz[i] = (uint8_t)o;
		}
		if (i < end || i == noct)
			break;
	}
	if (i == base)
		return i;
	d->h_empty = ~(uint32_t)s.x;
	d->h_viol = s.hv;
	d->q_nrz = s.w & 7u;
	d->zeros = (uint32_t)__builtin_ctz((uint32_t)s.x);	/* a mark in the last 4 slots */
	d->last = s.neg ? POL_NEG : POL_POS;
	fast_end(d, base, i, c);
	return i;
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
		 * long run of empty slots coming in; with HDB3, no double in
		 * the last three slots (a B slot of the octet's first slots);
		 * with B8ZS, no violation in the last slot (a 000VB0VB whose
		 * last B begins the octet is found by its violations before it).
		 */
		if (!d->los && d->last != POL_NONE && d->zeros <= lim) {
			if (d->code == FW_LINECODE_HDB3) {
				if (!(d->h_double & 7u))
					i = dec_fast_hdb3(d, rpos, rneg, i, noct, nrz, c);
			} else if (d->code == FW_LINECODE_AMI) {
				i = dec_fast_ami(d, rpos, rneg, i, noct, nrz, c, lim);
			} else if (!(d->h_viol & 1u)) {
				i = dec_fast_b8zs(d, rpos, rneg, i, noct, nrz, c);
			}
		}
		if (i < noct) {
			nrz[i] = (uint8_t)fw_lc_dec_octet(d, rpos[i], rneg[i], c);
			i++;
		}
	}
}
