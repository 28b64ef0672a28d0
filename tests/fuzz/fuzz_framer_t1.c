// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the T1 framer's receive path (firmware/src/framer_t1.c).
 *
 * Input: data[0] = flags (bit 0: ESF, bit 1: round trip, bits 2..7: seed),
 * data[1] % 8 + 1 = n, then n chunk sizes (each 1..255 bits, cycled), then
 * the payload.
 *  - Raw: the payload, as an NRZ bit stream, goes to one receiver in chunks
 *    (each repacked from bit 0, junk in the spare bits) and to another in one
 *    call. Neither may crash or read out of bounds, every delivered frame
 *    must be sane, and both must end in the same state with the same frames:
 *    chunking must not change results.
 *  - Round trip: a transmitter sends frames (pseudo-random payload seeded by
 *    the input, robbed bits, a 56k TS24, yellow, FDL from the payload) after
 *    junk bits; the receiver must align within its bound and deliver every
 *    later frame exactly, with no F-bit or CRC-6 error. Payload bytes that
 *    are 0xEE flip a bit (stream position from the next two bytes): then
 *    only the no-crash and chunking checks apply.
 * Any failure calls abort() so libFuzzer (or tests/fuzz/replay.c) reports it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fw/t1.h>

#define FB FW_T1_FRAME_BITS

struct run {
	struct fw_t1_rx rx;
	struct fw_span_counters cnt;
	struct fw_second sec;
	size_t frames;
	uint32_t sum;
	size_t first_end;
	size_t bad;		/* round trip: frames not as sent */
};

struct rt {			/* round trip expectations */
	int on;
	size_t offset;		/* stream bit of transmitted frame 0 */
	uint32_t seed;
	uint32_t rbs, ch56k;
};

static uint8_t pay(uint32_t seed, size_t fi, unsigned ch)
{
	uint32_t x = seed ^ (uint32_t)(fi * 0x9E3779B1u) ^ (ch * 0x85EBCA77u);

	x ^= x >> 15;
	x *= 0x2C1B3C6Du;
	x ^= x >> 12;
	x *= 0x297A2D39u;
	x ^= x >> 15;
	return (uint8_t)x;
}

static void frame_seen(struct run *r, const struct rt *t, const struct fw_t1_frame *fr,
		       size_t end, bool esf)
{
	unsigned n = esf ? 24 : 12, c;

	if (fr->frame < 1 || fr->frame > n)
		abort();
	if (esf ? (fr->frame % 4 == 0 ? fr->fkind != FW_T1_F_FPS
				      : fr->frame % 2 == 0 ? fr->fkind != FW_T1_F_CRC
							   : fr->fkind != FW_T1_F_FDL)
		: fr->fkind != (fr->frame % 2 ? FW_T1_F_FT : FW_T1_F_FS))
		abort();
	if (fr->fbit > 1 || (fr->sig_update && fr->frame != n))
		abort();
	for (c = 0; c < FW_T1_TIMESLOTS; c++)
		r->sum = r->sum * 31 + fr->ts[c];
	r->sum = r->sum * 31 + fr->frame * 2 + fr->fbit;
	if (!r->frames)
		r->first_end = end;
	r->frames++;
	if (t->on) {
		size_t fi;

		if (end < t->offset + FB || (end - t->offset) % FB) {
			r->bad++;
			return;
		}
		fi = (end - t->offset) / FB - 1;
		for (c = 0; c < FW_T1_TIMESLOTS; c++) {
			uint8_t want = pay(t->seed, fi, c), got = fr->ts[c];

			if ((t->ch56k >> c) & 1)
				want |= 1;
			if ((t->rbs >> c) & 1 && fr->frame % 6 == 0) {
				want &= 0xFE;
				got &= 0xFE;
			}
			if (want != got)
				r->bad++;
		}
	}
}

static void run_init(struct run *r, const struct fw_t1_config *cfg)
{
	memset(r, 0, sizeof(*r));
	if (fw_t1_rx_init(&r->rx, cfg, &r->cnt, &r->sec))
		abort();
}

/* Feeds @nbits of @p in chunks of sizes cycled from @sz (0 = all at once). */
static void feed(struct run *r, const struct rt *t, const uint8_t *p, size_t nbits,
		 const uint8_t *sz, size_t nsz, bool esf)
{
	uint8_t tmp[33];
	size_t at = 0, k = 0;

	while (at < nbits) {
		size_t c = nsz ? (size_t)sz[k++ % nsz] : nbits - at, i, pos = 0;
		const uint8_t *q = p;
		size_t base = at;
		struct fw_t1_frame fr;

		if (nsz) {
			if (c == 0)
				c = 1;
			if (c > nbits - at)
				c = nbits - at;
			memset(tmp, 0xC3, sizeof(tmp));
			for (i = 0; i < c; i++) {
				size_t b = at + i;
				uint8_t m = (uint8_t)(0x80 >> (i & 7));

				if ((p[b >> 3] >> (7 - (b & 7))) & 1)
					tmp[i >> 3] |= m;
				else
					tmp[i >> 3] &= (uint8_t)~m;
			}
			q = tmp;
			base = at;
			pos = 0;
		} else {
			pos = at;
			base = 0;
			c = nbits;
		}
		while (fw_t1_rx(&r->rx, q, c, &pos, &fr)) {
			if (pos > c || (r->rx.alarms & FW_ALARM_LOF) || !fw_t1_rx_in_frame(&r->rx))
				abort();
			frame_seen(r, t, &fr, base + pos, esf);
		}
		if (pos != c)
			abort();
		at = nsz ? at + c : nbits;
	}
}

static void same(const struct run *a, const struct run *b)
{
	const struct fw_t1_rx *x = &a->rx, *y = &b->rx;

	if (a->frames != b->frames || a->sum != b->sum || a->first_end != b->first_end ||
	    memcmp(&a->cnt, &b->cnt, sizeof(a->cnt)) || memcmp(&a->sec, &b->sec, sizeof(a->sec)))
		abort();
	if (x->alarms != y->alarms || x->state != y->state || x->nfr != y->nfr ||
	    x->pos != y->pos || x->fill != y->fill || x->frame != y->frame ||
	    x->ferr != y->ferr || x->crc_run != y->crc_run || x->crc_prev != y->crc_prev ||
	    x->crc_ok != y->crc_ok || x->ais_zeros != y->ais_zeros ||
	    x->ais_frames != y->ais_frames || x->y_sr != y->y_sr || x->y_win != y->y_win ||
	    memcmp(x->sig, y->sig, sizeof(x->sig)) ||
	    memcmp(x->hist, y->hist, sizeof(x->hist)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fw_t1_config cfg = { 0 };
	struct rt t = { 0 };
	const uint8_t *sz, *pay_in;
	size_t nsz, n;
	struct run *r1, *r2;
	bool esf;

	if (size < 2)
		return 0;
	nsz = data[1] % 8 + 1;
	if (size < 2 + nsz)
		return 0;
	esf = data[0] & 1;
	cfg.framing = esf ? FW_FRAMING_T1_ESF : FW_FRAMING_T1_SF;
	sz = data + 2;
	pay_in = data + 2 + nsz;
	n = size - 2 - nsz;
	r1 = malloc(sizeof(*r1));
	r2 = malloc(sizeof(*r2));
	if (!r1 || !r2)
		abort();

	if (!(data[0] & 2)) {
		run_init(r1, &cfg);
		run_init(r2, &cfg);
		feed(r1, &t, pay_in, n * 8, sz, nsz, esf);
		feed(r2, &t, pay_in, n * 8, NULL, 0, esf);
		same(r1, r2);
	} else {
		/* round trip */
		const size_t nframes = 240;
		size_t cap = (nframes * FB + 256) / 8 + 2, junk = n ? pay_in[0] % FB : 0, fi, i;
		uint8_t *bits = calloc(1, cap);
		struct fw_t1_bitbuf out = { bits, cap, 0 };
		struct fw_t1_tx tx;
		bool flipped = false;
		unsigned ch;

		if (!bits)
			abort();
		t.seed = (uint32_t)(data[0] >> 2) * 0x01000193u;
		for (i = 0; i < n; i++)
			t.seed = (t.seed ^ pay_in[i]) * 0x01000193u;
		cfg.rbs = n > 1 && (pay_in[1] & 1) ? FW_T1_ALL_CHANNELS & ~FW_T1_CHANNEL(24) : 0;
		cfg.ch56k = n > 1 && (pay_in[1] & 2) ? FW_T1_CHANNEL(24) : 0;
		t.on = 1;
		t.rbs = cfg.rbs;
		t.ch56k = cfg.ch56k;
		t.offset = junk;
		if (fw_t1_tx_init(&tx, &cfg))
			abort();
		tx.frame = (uint8_t)(t.seed % (esf ? 24 : 12));
		for (ch = 1; ch <= 24; ch++)
			fw_t1_tx_set_sig(&tx, ch, (uint8_t)(t.seed >> ch));
		for (i = 0; i < junk; i++)	/* junk: bits of the seed */
			bits[i >> 3] |= (uint8_t)(((t.seed >> (i % 32)) & 1) << (7 - (i & 7)));
		out.nbits = junk;
		for (fi = 0; fi < nframes; fi++) {
			uint8_t ts[FW_T1_TIMESLOTS];

			for (ch = 0; ch < FW_T1_TIMESLOTS; ch++)
				ts[ch] = pay(t.seed, fi, ch);
			if (fw_t1_tx_frame(&tx, ts, n ? (pay_in[fi % n] >> (fi % 8)) & 1 : 1, &out))
				abort();
		}
		/* bit flips asked for by the input */
		for (i = 0; i + 2 < n; i++)
			if (pay_in[i] == 0xEE) {
				size_t at = ((size_t)pay_in[i + 1] << 8 | pay_in[i + 2]) * 3 % out.nbits;

				bits[at >> 3] ^= (uint8_t)(0x80 >> (at & 7));
				flipped = true;
			}
		run_init(r1, &cfg);
		run_init(r2, &cfg);
		feed(r1, &t, bits, out.nbits, sz, nsz, esf);
		feed(r2, &t, bits, out.nbits, NULL, 0, esf);
		same(r1, r2);
		if (!flipped) {
			size_t limit = esf ? 120 : 50;

			if (!r1->frames || r1->bad || r1->cnt.fas || r1->cnt.crc ||
			    (r1->first_end - junk) / FB > limit || r1->rx.alarms)
				abort();
		}
		free(bits);
	}
	free(r1);
	free(r2);
	return 0;
}
