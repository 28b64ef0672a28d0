// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the line codes and the cable (firmware/src/linecode.c,
 * firmware/src/cable.c).
 *
 * Input: data[0] picks the span kind, code and LOS window; data[1] the cable
 * (faults, bit error rate, slips, seed); data[2] % 8 + 1 = n chunk sizes
 * follow (each % 100 slots; 0 is an empty call); the rest is the payload. Checks:
 *  1. The payload as a pulse stream (even octets RPOS, odd RNEG) into a
 *     decoder in one call and into another in chunks of the given sizes
 *     (repacked from bit 0, junk in spare bits, exact-size buffers): no
 *     crash, no out-of-bounds access, and the same bits, counters and LOS;
 *     and a third decoder on the mark-by-mark path (struct fw_lc_dec.slow,
 *     no fast path) in one call: the same bits, counters and state.
 *  2. The payload as NRZ through the encoder (chunked) and a decoder: the
 *     same bits back, delayed by twice the latency, with no BPV (and no EXZ
 *     with HDB3/B8ZS).
 *  3. The pulse stream through the cable into exact-size buffers: the
 *     number of slots written is what the API says.
 * Any failure calls abort() so libFuzzer (or tests/fuzz/replay.c) reports it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fw/cable.h>
#include <fw/linecode.h>

static const struct {
	enum fw_span_kind kind;
	enum fw_linecode code;
	unsigned lo, hi;
} cases[] = {
	{ FW_SPAN_E1, FW_LINECODE_HDB3, FW_LC_LOS_E1_MIN, FW_LC_LOS_E1_MAX },
	{ FW_SPAN_T1, FW_LINECODE_B8ZS, FW_LC_LOS_T1_MIN, FW_LC_LOS_T1_MAX },
	{ FW_SPAN_E1, FW_LINECODE_AMI, FW_LC_LOS_E1_MIN, FW_LC_LOS_E1_MAX },
	{ FW_SPAN_T1, FW_LINECODE_AMI, FW_LC_LOS_T1_MIN, FW_LC_LOS_T1_MAX },
};

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

static uint8_t *xmalloc(size_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

/* Copies @len slots from @src at @pos into a fresh exact-size buffer, spare bits junk. */
static uint8_t *chunk_of(const uint8_t *src, size_t pos, size_t len)
{
	uint8_t *b = xmalloc((len + 7) / 8);

	memset(b, 0xC3, (len + 7) / 8);
	for (size_t j = 0; j < len; j++)
		putb(b, j, getb(src, pos + j));
	return b;
}

static void decode_both(int k, unsigned nwin, const uint8_t *p, const uint8_t *q, size_t n,
			const uint8_t *sz, size_t nsz)
{
	struct fw_span_counters c1 = { 0 }, c2 = { 0 }, c3 = { 0 };
	uint8_t *one = xmalloc((n + 7) / 8), *two = xmalloc((n + 7) / 8);
	uint8_t *three = xmalloc((n + 7) / 8);
	struct fw_lc_dec d1, d2, d3;
	size_t pos = 0, i = 0;

	if (fw_lc_dec_init(&d1, cases[k].kind, cases[k].code, nwin) ||
	    fw_lc_dec_init(&d2, cases[k].kind, cases[k].code, nwin) ||
	    fw_lc_dec_init(&d3, cases[k].kind, cases[k].code, nwin))
		abort();
	fw_lc_decode(&d1, p, q, n, one, &c1);
	d3.slow = true;
	fw_lc_decode(&d3, p, q, n, three, &c3);
	if (memcmp(one, three, (n + 7) / 8) || c1.bpv != c3.bpv || c1.exz != c3.exz ||
	    d1.los != d3.los || d1.los_in_block != d3.los_in_block ||
	    d1.los_raised != d3.los_raised || d1.zeros != d3.zeros || d1.last != d3.last ||
	    d1.win_left != d3.win_left || d1.win_marks != d3.win_marks ||
	    d1.h_empty != d3.h_empty || d1.h_double != d3.h_double || d1.h_viol != d3.h_viol ||
	    d1.h_first != d3.h_first || d1.q_nrz != d3.q_nrz || d1.q_bpv != d3.q_bpv)
		abort();		/* the fast path and the mark-by-mark walk differ */
	free(three);
	while (pos < n) {
		size_t len = sz[i++ % nsz] % 100;
		uint8_t *bp, *bq, *bo;

		if (!len) {		/* an empty call must be harmless; then move on a slot */
			uint8_t none[1] = { 0x5A };

			fw_lc_decode(&d2, none, none, 0, none, &c2);
			if (none[0] != 0x5A)
				abort();
			len = 1;
		}
		if (len > n - pos)
			len = n - pos;
		bp = chunk_of(p, pos, len);
		bq = chunk_of(q, pos, len);
		bo = xmalloc((len + 7) / 8);
		fw_lc_decode(&d2, bp, bq, len, bo, &c2);
		for (size_t j = 0; j < len; j++)
			putb(two, pos + j, getb(bo, j));
		if ((len & 7) && (bo[len / 8] & (0xFF >> (len & 7))))
			abort();		/* spare bits must be 0 */
		free(bp);
		free(bq);
		free(bo);
		pos += len;
	}
	for (size_t j = 0; j < n; j++)
		if (getb(one, j) != getb(two, j))
			abort();
	if (c1.bpv != c2.bpv || c1.exz != c2.exz || d1.los != d2.los ||
	    d1.los_raised != d2.los_raised || d1.zeros != d2.zeros)
		abort();
	free(one);
	free(two);
}

static void round_trip(int k, const uint8_t *nrz, size_t n, const uint8_t *sz, size_t nsz)
{
	struct fw_span_counters c = { 0 };
	uint8_t *tp = xmalloc((n + 7) / 8), *tn = xmalloc((n + 7) / 8), *out = xmalloc((n + 7) / 8);
	unsigned lat = 2 * fw_lc_latency(cases[k].code);
	struct fw_lc_enc e;
	struct fw_lc_dec d;
	size_t pos = 0, i = 0;

	if (fw_lc_enc_init(&e, cases[k].code) || fw_lc_dec_init(&d, cases[k].kind, cases[k].code, 0))
		abort();
	while (pos < n) {
		size_t len = 1 + sz[i++ % nsz] % 100;
		uint8_t *b, *op, *on;

		if (len > n - pos)
			len = n - pos;
		b = chunk_of(nrz, pos, len);
		op = xmalloc((len + 7) / 8);
		on = xmalloc((len + 7) / 8);
		fw_lc_encode(&e, b, len, op, on);
		for (size_t j = 0; j < len; j++) {
			putb(tp, pos + j, getb(op, j));
			putb(tn, pos + j, getb(on, j));
		}
		free(b);
		free(op);
		free(on);
		pos += len;
	}
	fw_lc_decode(&d, tp, tn, n, out, &c);
	for (size_t j = 0; j + lat < n; j++)
		if (getb(out, j + lat) != getb(nrz, j))
			abort();
	if (c.bpv || (cases[k].code != FW_LINECODE_AMI && c.exz))
		abort();
	free(tp);
	free(tn);
	free(out);
}

static void cable(int k, unsigned cfg, const uint8_t *p, const uint8_t *q, size_t n,
		  const uint8_t *sz, size_t nsz)
{
	static const uint32_t rates[4] = { 0, 100, 50000, FW_CABLE_PPM };
	struct fw_cable c;
	size_t pos = 0, i = 0, f = cases[k].kind == FW_SPAN_E1 ? 256 : 193;

	fw_cable_init(&c, cases[k].kind, cfg * 2654435761u);
	fw_cable_set_faults(&c, cfg & 3);
	if (fw_cable_set_ber(&c, rates[(cfg >> 2) & 3]))
		abort();
	fw_cable_slip(&c, (int)((cfg >> 4) & 7) - 4);
	while (pos < n) {
		size_t len = (size_t)sz[i++ % nsz] * 4 + 1, cap = len + ((cfg >> 7) ? f : 0), w;
		int32_t before = c.slips_pending;
		uint8_t *bp, *bq, *rp, *rq;

		if (len > n - pos)
			len = n - pos;
		if (cap < len)
			cap = len;
		bp = chunk_of(p, pos, len);
		bq = chunk_of(q, pos, len);
		rp = xmalloc((cap + 7) / 8);
		rq = xmalloc((cap + 7) / 8);
		w = fw_cable_carry(&c, bp, bq, len, rp, rq, cap);
		if (w > cap || (before == c.slips_pending && w != len) ||
		    (before > c.slips_pending && w != len + f) ||
		    (before < c.slips_pending && w != len - f))
			abort();
		if ((cfg & FW_CABLE_LOS) && w)
			for (size_t j = 0; j < (w + 7) / 8; j++)
				if (rp[j] | rq[j])
					abort();
		free(bp);
		free(bq);
		free(rp);
		free(rq);
		pos += len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t whole = 64;
	const uint8_t *sz = &whole, *pay;
	size_t nsz = 1, n;
	unsigned sel = 0, cfg = 0, nwin;
	int k;
	uint8_t *p, *q;

	if (size >= 3) {
		sel = data[0];
		cfg = data[1];
		nsz = data[2] % 8 + 1;
		if (size < 3 + nsz)
			return 0;
		sz = data + 3;
		pay = data + 3 + nsz;
		n = size - 3 - nsz;
	} else {
		pay = data;
		n = size;
	}
	k = (int)(sel % 4);
	nwin = (sel >> 2) % 2 ? 0 : cases[k].lo + (sel >> 3) * (cases[k].hi - cases[k].lo) / 31;

	/* even octets RPOS, odd RNEG */
	p = xmalloc((n + 1) / 2);
	q = xmalloc((n + 1) / 2);
	memset(q, 0, (n + 1) / 2);
	for (size_t i = 0; i < n; i++)
		(i & 1 ? q : p)[i / 2] = pay[i];
	decode_both(k, nwin, p, q, (n + 1) / 2 * 8, sz, nsz);
	round_trip(k, pay, n * 8, sz, nsz);
	cable(k, cfg, p, q, (n + 1) / 2 * 8, sz, nsz);
	free(p);
	free(q);
	return 0;
}
