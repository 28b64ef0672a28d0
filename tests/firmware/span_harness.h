/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test bench of tests/firmware/test_span_*.c: spans (fw/span_link.h)
 * joined by cables (fw/cable.h), run 1 ms (8 frames) at a time. A
 * direction is tx span -> cable -> rx span; a loop uses one span at both
 * ends, a pair two directions crossed. Every frame sent carries its number
 * (6 + 6 bits in the first two voice timeslots, in bits 2-7: no octet
 * looks like a FAS, and a robbed bit 8 does not touch them) and a "calm" pattern of it in the others, so each received
 * frame is checked on its own, slips or not.
 */
#ifndef SPAN_HARNESS_H
#define SPAN_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fw/cable.h"
#include "fw/span_link.h"

#define SH_FRAMES	8	/* per step: 1 ms */
#define SH_MAXSLOTS	((SH_FRAMES + 1) * FW_E1_FRAME_BITS)

static const uint8_t sh_calm[13] = { 0xD5, 0xB5, 0xAD, 0xAB, 0xDB, 0xB7, 0xED,
				     0xF5, 0xFF, 0xDD, 0xBB, 0xD7, 0xEB };

struct sh_dir;
/* Changes the slots on the line after the cable (fault injection); returns how many it did. */
typedef unsigned (*sh_mangle_fn)(struct sh_dir *d, uint8_t *rpos, uint8_t *rneg, size_t n);

struct sh_dir {
	struct fw_span_link *tx, *rx;
	struct fw_cable cab;
	uint32_t k;			/* frames sent */
	bool zero_payload;		/* all voice timeslots 0 (long zero runs) */
	sh_mangle_fn mangle;
	unsigned mangle_arg;
	unsigned injected;		/* what mangle did */
	uint32_t frames, good, bad;	/* received frames, payload checked right / wrong */
	uint16_t seen;			/* alarms at the end of any step (OR) */
	uint32_t dch_idle;		/* E1 frames whose TS16 read 0xFF (the sender never sends it) */
	size_t skip;			/* slots dropped once from the next block (start offset) */
	unsigned restart;		/* E1: tx span re-initialised after restart - 1 frames of the next step */
	struct fw_span_counters c0;	/* the rx span's counters at sh_clear_seen() */
};

/* How much counter @f of @d's rx span grew since sh_clear_seen(). */
#define SH_D(d, f)	(fw_span_link_counters((d)->rx)->f - (d)->c0.f)

static inline size_t sh_nts(const struct fw_span_link *s)
{
	return s->cfg.kind == FW_SPAN_T1 ? FW_T1_TIMESLOTS : FW_E1_TIMESLOTS;
}

/* The first voice timeslot's index in a frame's octets (E1 TS1, T1 TS1). */
static inline size_t sh_first(const struct fw_span_link *s)
{
	return s->cfg.kind == FW_SPAN_T1 ? 0 : 1;
}

static inline uint8_t sh_octet(const struct fw_span_link *s, uint32_t k, size_t i)
{
	size_t f = sh_first(s);

	if (s->cfg.kind == FW_SPAN_E1 && i == 16)
		return 0x3C;	/* an E1 D-channel octet that is never HDLC idle (0xFF) */
	/* bit 1 set, the low bit clear (a robbed bit, and odd 0x1B is no E1 FAS) */
	if (i == f)
		return (uint8_t)(0x80 | (k & 0x3F) << 1);
	if (i == f + 1)
		return (uint8_t)(0x80 | ((k >> 6) & 0x3F) << 1);
	return sh_calm[((k & 0xFFF) * 7 + i * 3) % 13];
}

static inline void sh_check(struct sh_dir *d, const union fw_span_frame *fr)
{
	const struct fw_span_link *s = d->rx;
	bool t1 = s->cfg.kind == FW_SPAN_T1, cas = s->cfg.sig == FW_SIG_CAS;
	const uint8_t *ts = t1 ? fr->t1.ts : fr->e1.ts;
	size_t f = sh_first(s), i;
	uint32_t k = (ts[f] >> 1 & 0x3Fu) | (uint32_t)(ts[f + 1] >> 1 & 0x3F) << 6;
	/* robbed bits: bit 8 of every channel in signalling frames */
	uint8_t mask = t1 && cas && fr->t1.frame % 6 == 0 ? 0xFE : 0xFF;

	d->frames++;
	if (!t1 && ts[16] == 0xFF)
		d->dch_idle++;
	if (d->zero_payload)
		return;
	for (i = f; i < sh_nts(s); i++) {
		if (!t1 && i == 16)
			continue;
		if ((ts[i] & mask) != (sh_octet(s, k, i) & mask)) {
			d->bad++;
			return;
		}
	}
	d->good++;
}

static inline void sh_dir_init(struct sh_dir *d, struct fw_span_link *tx, struct fw_span_link *rx,
			       uint32_t seed)
{
	memset(d, 0, sizeof(*d));
	d->tx = tx;
	d->rx = rx;
	fw_cable_init(&d->cab, tx->cfg.kind, seed);
}

static inline void sh_link(struct fw_span_link *s, enum fw_span_kind kind, enum fw_framing framing,
			   enum fw_linecode lc, enum fw_signalling sig)
{
	struct fw_span_link_config c = { kind, framing, lc, sig, 0, 0 };

	assert_int_equal(fw_span_link_init(s, &c), 0);
}

/* One step of @d: 8 frames out of its tx span, over the cable, into its rx span. */
static inline void sh_step(struct sh_dir *d)
{
	static uint8_t ts[SH_FRAMES * FW_E1_TIMESLOTS];
	static uint8_t tp[SH_MAXSLOTS / 8], tn[SH_MAXSLOTS / 8], rp[SH_MAXSLOTS / 8],
		rn[SH_MAXSLOTS / 8];
	static union fw_span_frame fr[FW_SPAN_RX_FRAMES_MAX(SH_MAXSLOTS)];
	size_t nts = sh_nts(d->tx), fb = FW_SPAN_FRAME_SLOTS(d->tx->cfg.kind), n, i, j;
	ptrdiff_t got;

	for (i = 0; i < SH_FRAMES; i++, d->k++)
		for (j = 0; j < nts; j++)
			ts[i * nts + j] = d->zero_payload ? 0 : sh_octet(d->tx, d->k, j);
	if (d->restart && d->tx->cfg.kind == FW_SPAN_E1) {	/* a restart inside the block */
		size_t at = d->restart - 1;
		struct fw_span_link_config c = d->tx->cfg;

		d->restart = 0;
		fw_span_link_tx(d->tx, ts, at, tp, tn);
		assert_int_equal(fw_span_link_init(d->tx, &c), 0);
		fw_span_link_tx(d->tx, ts + at * FW_E1_TIMESLOTS, SH_FRAMES - at,
				tp + at * FW_E1_TIMESLOTS, tn + at * FW_E1_TIMESLOTS);
	} else {
		fw_span_link_tx(d->tx, ts, SH_FRAMES, tp, tn);
	}
	n = fw_cable_carry(&d->cab, tp, tn, SH_FRAMES * fb, rp, rn, SH_MAXSLOTS);
	assert_true(n > 0);
	if (d->mangle)
		d->injected += d->mangle(d, rp, rn, n);
	if (d->skip) {		/* start the receiver d->skip slots into the stream */
		size_t s0 = d->skip;

		d->skip = 0;
		for (i = 0; i + s0 < n; i++) {
			size_t a = i + s0;
			uint8_t m = (uint8_t)(0x80u >> (i & 7));

			rp[i >> 3] = (uint8_t)((rp[i >> 3] & ~m) | (((rp[a >> 3] << (a & 7)) & 0x80) ? m : 0));
			rn[i >> 3] = (uint8_t)((rn[i >> 3] & ~m) | (((rn[a >> 3] << (a & 7)) & 0x80) ? m : 0));
		}
		n -= s0;
	}
	got = fw_span_link_rx(d->rx, rp, rn, n, fr, sizeof(fr) / sizeof(fr[0]));
	assert_true(got >= 0);
	for (i = 0; i < (size_t)got; i++)
		sh_check(d, &fr[i]);
	d->seen |= fw_span_link_alarms(d->rx);
}

/* @ms steps of one direction (a loop, or one way). */
static inline void sh_run(struct sh_dir *d, unsigned ms)
{
	while (ms--)
		sh_step(d);
}

/* @ms steps of a pair, both directions each ms. */
static inline void sh_run2(struct sh_dir *a, struct sh_dir *b, unsigned ms)
{
	while (ms--) {
		sh_step(a);
		sh_step(b);
	}
}

static inline void sh_clear_seen(struct sh_dir *d)
{
	d->seen = 0;
	d->good = d->bad = d->frames = 0;
	d->c0 = *fw_span_link_counters(d->rx);
}

/* --- injections after the cable ------------------------------------------ */

static inline unsigned sh_getb(const uint8_t *p, size_t i)
{
	return (p[i >> 3] >> (7 - (i & 7))) & 1u;
}

static inline void sh_putb(uint8_t *p, size_t i, unsigned v)
{
	if (v)
		p[i >> 3] |= (uint8_t)(0x80u >> (i & 7));
	else
		p[i >> 3] &= (uint8_t)~(0x80u >> (i & 7));
}

/*
 * Every mangle_arg-th step, empties the first marked slot from slot 100 of
 * the block on (inside the first frame's voice timeslots): one line error,
 * one errored CRC block, the blocks far apart.
 */
static inline unsigned sh_drop_mark(struct sh_dir *d, uint8_t *rp, uint8_t *rn, size_t n)
{
	size_t i;

	if (d->k / SH_FRAMES % d->mangle_arg)
		return 0;
	for (i = 100; i < n && i < 180; i++) {
		if (sh_getb(rp, i) || sh_getb(rn, i)) {
			sh_putb(rp, i, 0);
			sh_putb(rn, i, 0);
			return 1;
		}
	}
	return 0;
}

/*
 * Every mangle_arg-th step, a bipolar violation: an empty slot right after a
 * mark (so not a HDB3/B8ZS substitution pattern: those have empty slots
 * before the violation) gets a mark of the same polarity, from slot 100 on.
 */
static inline unsigned sh_add_bpv(struct sh_dir *d, uint8_t *rp, uint8_t *rn, size_t n)
{
	size_t i;

	if (d->k / SH_FRAMES % d->mangle_arg)
		return 0;
	for (i = 101; i + 1 < n && i < 180; i++) {
		unsigned p = sh_getb(rp, i - 1), q = sh_getb(rn, i - 1);

		if ((p ^ q) && !sh_getb(rp, i) && !sh_getb(rn, i)) {
			sh_putb(p ? rp : rn, i, 1);
			return 1;
		}
	}
	return 0;
}

#endif /* SPAN_HARNESS_H */
