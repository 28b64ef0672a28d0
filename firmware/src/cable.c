// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cable between two spans, with injectable faults (fw/cable.h).
 *
 * A call builds the far end's block in three passes over the output: the
 * slots themselves (with a frame repeated or deleted for a slip), then the
 * fault (LOS empties, AIS overwrites with alternating marks), then the bit
 * errors slot by slot from the generator.
 *
 * Freestanding: no libc, no allocation, no globals.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/cable.h>
#include <fw/span.h>

static unsigned get_bit(const uint8_t *p, size_t pos)
{
	return (p[pos >> 3] >> (7 - (pos & 7))) & 1u;
}

static void put_bit(uint8_t *p, size_t pos, unsigned v)
{
	uint8_t m = (uint8_t)(0x80u >> (pos & 7));

	if (v)
		p[pos >> 3] |= m;
	else
		p[pos >> 3] &= (uint8_t)~m;
}

/* Copies @n slots from @src at @spos to @dst at @dpos. */
static void copy_bits(uint8_t *dst, size_t dpos, const uint8_t *src, size_t spos, size_t n)
{
	size_t i;

	if (!(dpos & 7) && !(spos & 7)) {
		for (i = 0; i < n / 8; i++)
			dst[dpos / 8 + i] = src[spos / 8 + i];
		dpos += n & ~(size_t)7;
		spos += n & ~(size_t)7;
		n &= 7;
	}
	for (i = 0; i < n; i++)
		put_bit(dst, dpos + i, get_bit(src, spos + i));
}

static uint32_t xorshift32(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

void fw_cable_init(struct fw_cable *c, enum fw_span_kind kind, uint32_t seed)
{
	c->frame_slots = kind == FW_SPAN_T1 ? FW_T1_FRAME_BITS : FW_E1_FRAME_BITS;
	c->faults = 0;
	c->last_neg = 1;
	c->ber_ppm = 0;
	c->rng = seed ? seed : 0x2545F491u;
	c->slips_pending = 0;
	c->errors = c->repeats = c->deletions = 0;
}

void fw_cable_set_faults(struct fw_cable *c, unsigned faults)
{
	c->faults = (uint8_t)(faults & (FW_CABLE_LOS | FW_CABLE_AIS));
}

int fw_cable_set_ber(struct fw_cable *c, uint32_t ppm)
{
	if (ppm > FW_CABLE_PPM)
		return -1;
	c->ber_ppm = ppm;
	return 0;
}

void fw_cable_slip(struct fw_cable *c, int n)
{
	int64_t s = (int64_t)c->slips_pending + n;

	c->slips_pending = s > INT32_MAX ? INT32_MAX : s < -INT32_MAX ? -INT32_MAX : (int32_t)s;
}

/* AIS: @n alternating marks, continuing from the last mark sent. */
static void send_ais(struct fw_cable *c, uint8_t *rpos, uint8_t *rneg, size_t n)
{
	/* slot 0 of each octet is its most significant bit; 8 slots keep the phase */
	uint8_t p = c->last_neg ? 0xAA : 0x55;
	size_t i;

	for (i = 0; i < (n + 7) / 8; i++) {
		rpos[i] = p;
		rneg[i] = (uint8_t)~p;
	}
}

/* Bit errors over @n slots, tracking the polarity of the last mark. */
static void add_errors(struct fw_cable *c, uint8_t *rpos, uint8_t *rneg, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned p = get_bit(rpos, i), q = get_bit(rneg, i);

		if (((uint64_t)xorshift32(&c->rng) * FW_CABLE_PPM >> 32) < c->ber_ppm) {
			if (p || q) {
				p = q = 0;
			} else if (c->last_neg) {
				q = 1;
			} else {
				p = 1;
			}
			put_bit(rpos, i, p);
			put_bit(rneg, i, q);
			fw_count_add(&c->errors, 1);
		}
		if (p != q)
			c->last_neg = (uint8_t)q;
	}
}

/* The polarity of the last single mark in @n slots, if any. */
static void note_last_mark(struct fw_cable *c, const uint8_t *rpos, const uint8_t *rneg, size_t n)
{
	size_t i = (n + 7) / 8;

	while (i--) {
		unsigned d = rpos[i] ^ rneg[i];		/* single marks */

		if (d) {
			unsigned b = d & -d;		/* the latest of them */

			c->last_neg = (rneg[i] & b) ? 1 : 0;
			return;
		}
	}
}

size_t fw_cable_carry(struct fw_cable *c, const uint8_t *tpos, const uint8_t *tneg,
		      size_t nslots, uint8_t *rpos, uint8_t *rneg, size_t cap)
{
	size_t f = c->frame_slots, out;

	if (cap < nslots)
		return 0;
	if (c->slips_pending > 0 && nslots >= f && cap - nslots >= f) {
		copy_bits(rpos, 0, tpos, 0, f);
		copy_bits(rneg, 0, tneg, 0, f);
		copy_bits(rpos, f, tpos, 0, nslots);
		copy_bits(rneg, f, tneg, 0, nslots);
		out = nslots + f;
		c->slips_pending--;
		fw_count_add(&c->repeats, 1);
	} else if (c->slips_pending < 0 && nslots >= f) {
		copy_bits(rpos, 0, tpos, f, nslots - f);
		copy_bits(rneg, 0, tneg, f, nslots - f);
		out = nslots - f;
		c->slips_pending++;
		fw_count_add(&c->deletions, 1);
	} else {
		copy_bits(rpos, 0, tpos, 0, nslots);
		copy_bits(rneg, 0, tneg, 0, nslots);
		out = nslots;
	}
	if (!out)
		return 0;

	if (c->faults & FW_CABLE_LOS) {
		size_t i;

		for (i = 0; i < (out + 7) / 8; i++)
			rpos[i] = rneg[i] = 0;
		return out;
	}
	if (c->faults & FW_CABLE_AIS)
		send_ais(c, rpos, rneg, out);
	if (out & 7) {		/* the spare bits of the last octet */
		uint8_t keep = (uint8_t)(0xFFu << (8 - (out & 7)));

		rpos[out / 8] &= keep;
		rneg[out / 8] &= keep;
	}
	if (c->ber_ppm)
		add_errors(c, rpos, rneg, out);
	else
		note_last_mark(c, rpos, rneg, out);
	return out;
}
