// SPDX-License-Identifier: GPL-2.0-only
/*
 * Self-test of whole spans (fw/span_link.h) on the card's CPU: an E1 span
 * with CRC-4 over HDB3 and a T1 ESF span over B8ZS, each in a loop through
 * the cable (fw/cable.h): aligned, payload exact and nothing counted; then
 * dropped pulses in separate CRC blocks counted one for one (E1: and the
 * E-bits coming back over the loop), and a cable slip counted without loss
 * of frame. HDLC frames (fw/hdlc_ts.h) go over the D-channel (E1 TS16,
 * T1 TS24) meanwhile and come back byte-exact.
 *
 * The span (2.6 KiB for T1) and the line buffers are static: the stack is
 * 4 KiB. One span serves both checks, one after the other.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/cable.h>
#include <fw/hdlc_ts.h>
#include <fw/span_link.h>

#include "selftest.h"

#define FRAMES		8	/* per step: 1 ms */
#define MAXSLOTS	((FRAMES + 1) * FW_E1_FRAME_BITS)

static struct fw_span_link st_span;
static struct fw_cable st_cable;
static uint8_t st_ts[FRAMES * FW_E1_TIMESLOTS];
static uint8_t st_tp[MAXSLOTS / 8], st_tn[MAXSLOTS / 8], st_rp[MAXSLOTS / 8], st_rn[MAXSLOTS / 8];
static union fw_span_frame st_fr[FW_SPAN_RX_FRAMES_MAX(MAXSLOTS)];
static struct hdlc_ts st_hts;	/* the D-channel, both ways */
static uint8_t st_hframe[HDLC_TS_FRAME_MAX];

#define HDLC_FRAMES	4
static const uint16_t hlen[HDLC_FRAMES] = { 3, 21, 130, 260 };

/* D-channel frame @n: its length and contents, flag- and abort-like octets included. */
static size_t hdlc_frame(unsigned n, uint8_t *p)
{
	size_t i;

	for (i = 0; i < hlen[n]; i++)
		p[i] = (uint8_t)(i % 3 == 0 ? 0x7E : i % 3 == 1 ? 0xFF : n * 31 + i);
	return hlen[n];
}

struct run {
	uint32_t k;		/* frames sent */
	uint32_t good, bad;	/* frames received with the payload right / wrong */
	uint32_t dropped;	/* pulses taken off the line */
	uint32_t hdlc_good, hdlc_bad;	/* D-channel frames back byte-exact / not */
	uint16_t seen;		/* alarms at the end of any step */
};

/* Octets with no two zeros in a row: no B8ZS/HDB3 substitution, so a dropped pulse is a bit error. */
static const uint8_t calm[13] = { 0xD5, 0xB5, 0xAD, 0xAB, 0xDB, 0xB7, 0xED,
				  0xF5, 0xFF, 0xDD, 0xBB, 0xD7, 0xEB };

/* Octet @i of frame @k: its number in two octets, a pattern of it in the others. */
static uint8_t octet(uint32_t k, unsigned i, unsigned first)
{
	if (i == first)
		return (uint8_t)(0x80 | (k & 0x3F) << 1);
	if (i == first + 1)
		return (uint8_t)(0x80 | (k >> 6 & 0x3F) << 1);
	return calm[(k * 7 + i * 3) % 13];
}

/* The D-channel's octets: E1 TS16, T1 TS24 (index 23 of TS1..TS24). */
static unsigned dch(void)
{
	return st_span.cfg.kind == FW_SPAN_T1 ? FW_T1_TIMESLOTS - 1 : 16;
}

static void hdlc_back(struct run *r)
{
	int len;

	while ((len = hdlc_ts_rx_frame(&st_hts, st_hframe, sizeof(st_hframe), NULL)) >= 0) {
		uint8_t want[HDLC_TS_FRAME_MAX];
		size_t n = hdlc_frame(r->hdlc_good + r->hdlc_bad, want), i;
		bool same = (size_t)len == n;

		for (i = 0; same && i < n; i++)
			same = st_hframe[i] == want[i];
		if (same)
			r->hdlc_good++;
		else
			r->hdlc_bad++;
		if (r->hdlc_good + r->hdlc_bad >= HDLC_FRAMES)
			break;
	}
}

static void check(struct run *r, const uint8_t *ts, unsigned nts, unsigned first)
{
	uint32_t k = (ts[first] >> 1 & 0x3Fu) | (uint32_t)(ts[first + 1] >> 1 & 0x3F) << 6;
	unsigned i;

	hdlc_ts_rx(&st_hts, ts + dch(), 1);
	for (i = first; i < nts; i++) {
		if (i == dch())
			continue;
		if (ts[i] != octet(k, i, first)) {
			r->bad++;
			return;
		}
	}
	r->good++;
}

/* One ms through the loop; @drop: take the first pulse after slot 100 off the line. */
static bool step(struct run *r, bool drop)
{
	bool t1 = st_span.cfg.kind == FW_SPAN_T1;
	unsigned nts = t1 ? FW_T1_TIMESLOTS : FW_E1_TIMESLOTS, first = t1 ? 0 : 1, i, j;
	size_t fb = FW_SPAN_FRAME_SLOTS(st_span.cfg.kind), n;
	ptrdiff_t got;

	for (i = 0; i < FRAMES; i++, r->k++) {
		for (j = 0; j < nts; j++)
			st_ts[i * nts + j] = octet(r->k & 0xFFF, j, first);
		hdlc_ts_tx(&st_hts, &st_ts[i * nts + dch()], 1);
	}
	fw_span_link_tx(&st_span, st_ts, FRAMES, st_tp, st_tn);
	n = fw_cable_carry(&st_cable, st_tp, st_tn, FRAMES * fb, st_rp, st_rn, MAXSLOTS);
	if (!n)
		return false;
	for (i = 100; drop && i < 180; i++) {
		uint8_t m = (uint8_t)(0x80u >> (i & 7));

		if ((st_rp[i >> 3] | st_rn[i >> 3]) & m) {
			st_rp[i >> 3] &= (uint8_t)~m;
			st_rn[i >> 3] &= (uint8_t)~m;
			r->dropped++;
			break;
		}
	}
	got = fw_span_link_rx(&st_span, st_rp, st_rn, n, st_fr, sizeof(st_fr) / sizeof(st_fr[0]));
	if (got < 0)
		return false;
	for (i = 0; i < (unsigned)got; i++)
		check(r, t1 ? st_fr[i].t1.ts : st_fr[i].e1.ts, nts, first);
	hdlc_back(r);
	r->seen |= fw_span_link_alarms(&st_span);
	return true;
}

static bool run_ms(struct run *r, unsigned ms, unsigned drop_every)
{
	unsigned i;

	for (i = 0; i < ms; i++)
		if (!step(r, drop_every && i % drop_every == 0))
			return false;
	return true;
}

/* The span, configured, in a loop: aligned, then clean, dropped pulses, a slip. */
static bool span_loop(struct st_fail *f, const struct fw_span_link_config *cfg, unsigned align_ms)
{
	const struct fw_span_counters *c;
	struct fw_span_counters c0;
	struct hdlc_ts_counters hc;
	struct run r = { 0 };
	unsigned n;

	ST_EQ(f, fw_span_link_init(&st_span, cfg), 0, "fw_span_link_init");
	ST_EQ(f, hdlc_ts_init(&st_hts, HDLC_TS_64K, 0, 0), HDLC_TS_OK, "hdlc_ts_init");
	c = fw_span_link_counters(&st_span);	/* the kind's, after init */
	fw_cable_init(&st_cable, cfg->kind, 0x5EEDu);
	ST_TRUE(f, run_ms(&r, align_ms, 0), "span refused a block");
	ST_EQ(f, fw_span_link_alarms(&st_span), 0, "alarms after alignment");

	c0 = *c;
	r.good = r.bad = 0;
	r.seen = 0;
	for (n = 0; n < HDLC_FRAMES; n++)
		ST_EQ(f, hdlc_ts_tx_frame(&st_hts, st_hframe, hdlc_frame(n, st_hframe)), HDLC_TS_OK,
		      "D-channel frame queued");
	ST_TRUE(f, run_ms(&r, 80, 0), "span refused a block");	/* 414 octets at 8 per ms */
	ST_EQ(f, r.seen, 0, "alarms on a clean loop");
	ST_TRUE(f, r.good >= 80 * FRAMES - 4, "frames received on a clean loop");
	ST_EQ(f, r.hdlc_good, HDLC_FRAMES, "D-channel frames back byte-exact");
	ST_EQ(f, r.hdlc_bad, 0, "D-channel frames back wrong");
	hdlc_ts_get_counters(&st_hts, &hc);
	ST_EQ(f, hc.rx_bad_fcs + hc.rx_aborts + hc.rx_too_short + hc.rx_too_long, 0,
	      "D-channel errors on a clean loop");
	ST_EQ(f, r.bad, 0, "frames with a wrong payload on a clean loop");
	ST_EQ(f, c->fas - c0.fas + c->crc - c0.crc + c->bpv - c0.bpv + c->slips - c0.slips, 0,
	      "FAS, CRC, BPV and slip counts on a clean loop");

	/* 5 dropped pulses, 4 ms apart: each its own CRC-4 submultiframe / CRC-6 superframe */
	ST_TRUE(f, run_ms(&r, 20, 4), "span refused a block");
	ST_TRUE(f, run_ms(&r, 10, 0), "span refused a block");	/* the last CRC bits home */
	ST_EQ(f, r.dropped, 5, "pulses dropped");
	ST_EQ(f, c->crc - c0.crc, 5, "CRC errors counted for 5 dropped pulses");
	if (cfg->kind == FW_SPAN_E1)
		ST_EQ(f, c->ebit - c0.ebit, 5, "E-bits back over the loop for 5 CRC-4 errors");

	fw_cable_slip(&st_cable, 1);
	ST_TRUE(f, run_ms(&r, 10, 0), "span refused a block");
	ST_EQ(f, c->slips - c0.slips, 1, "slips counted for one cable slip");
	ST_EQ(f, r.seen & (FW_ALARM_LOF | FW_ALARM_LOS), 0, "loss of frame or signal in the run");
	ST_EQ(f, c->fas - c0.fas, 0, "framing errors in the run");
	return true;
}

bool st_span_e1_loop(struct st_fail *f)
{
	const struct fw_span_link_config cfg = { FW_SPAN_E1, FW_FRAMING_E1_CRC4, FW_LINECODE_HDB3,
						 FW_SIG_CCS, 0, 0 };

	return span_loop(f, &cfg, 20);
}

bool st_span_t1_loop(struct st_fail *f)
{
	const struct fw_span_link_config cfg = { FW_SPAN_T1, FW_FRAMING_T1_ESF, FW_LINECODE_B8ZS,
						 FW_SIG_CCS, 0, 0 };

	return span_loop(f, &cfg, 30);
}
