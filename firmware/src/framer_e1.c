/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * E1 framer, G.704/G.706: see fw/e1.h for the clauses and the choices.
 *
 * Receive runs in two modes. Out of alignment every bit goes through the
 * search: each of the 256 bit positions of a frame has a small state (FAS
 * seen / FAS then NFAS bit 2 seen), so the first FAS-NFAS-FAS sequence at
 * any position is found as soon as it ends. In alignment, whole input
 * octets are shifted into frame octets (one shift and one store each) and
 * the per-frame work (TS0, CRC-4 by a 256-entry table, AIS, TS16) runs once
 * per frame. Bit-by-bit work in alignment happens only for the trailing
 * bits of a call that does not end on an octet, and while the parallel
 * search of G.706 Annex B runs (at most 400 ms after an alignment).
 */
#include "fw/e1.h"

enum { RX_SEARCH, RX_ALIGNED };
enum { SEC_OFF, SEC_SEARCH, SEC_TRACK };

#define MF_SEARCH_FRAMES	64u	/* 8 ms: G.706 4.2 */
#define IW_FRAMES		3200u	/* 400 ms: G.706 Annex B */
#define CRC_REFRAME		914u	/* G.706 4.3.2: more than this many errored SMFs in 1 s */
#define BITS_PER_SECOND		2048000u
#define MFAS_PAIR		0x01010100u	/* an MFAS 2, 4 or 6 ms earlier (mfhist) */

/* ts0_step() results */
#define EV_FASERR	1
#define EV_LOST		2
#define EV_MF		4

/*
 * CRC-4, x^4 + x + 1 (G.704 2.3.3.5.2): the register after a message M is
 * M * x^4 mod G, G = x^4 + x + 1, the first bit the highest power. G divides
 * x^15 + 1, so a frame can first be reduced modulo x^60 + 1 (x^60 = 1) with
 * 64-bit shifts and XORs, then modulo x^15 + 1, and the last 15 bits
 * modulo G with two small tables: a few dozen operations per frame instead
 * of a lookup chain per octet.
 */
static const uint8_t crc4_mod_lo[256] = {	/* b(x) mod G */
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
	6, 7, 4, 5, 2, 3, 0, 1, 14, 15, 12, 13, 10, 11, 8, 9,
	5, 4, 7, 6, 1, 0, 3, 2, 13, 12, 15, 14, 9, 8, 11, 10,
	12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
	15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
	10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5,
	9, 8, 11, 10, 13, 12, 15, 14, 1, 0, 3, 2, 5, 4, 7, 6,
	11, 10, 9, 8, 15, 14, 13, 12, 3, 2, 1, 0, 7, 6, 5, 4,
	8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7,
	13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2,
	14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1,
	7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
	4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11,
	1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14,
	2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
};

static const uint8_t crc4_mod_hi[128] = {	/* h(x) * x^8 mod G */
	0, 5, 10, 15, 7, 2, 13, 8, 14, 11, 4, 1, 9, 12, 3, 6,
	15, 10, 5, 0, 8, 13, 2, 7, 1, 4, 11, 14, 6, 3, 12, 9,
	13, 8, 7, 2, 10, 15, 0, 5, 3, 6, 9, 12, 4, 1, 14, 11,
	2, 7, 8, 13, 5, 0, 15, 10, 12, 9, 6, 3, 11, 14, 1, 4,
	9, 12, 3, 6, 14, 11, 4, 1, 7, 2, 13, 8, 0, 5, 10, 15,
	6, 3, 12, 9, 1, 4, 11, 14, 8, 13, 2, 7, 15, 10, 5, 0,
	4, 1, 14, 11, 3, 6, 9, 12, 10, 15, 0, 5, 13, 8, 7, 2,
	11, 14, 1, 4, 12, 9, 6, 3, 5, 0, 15, 10, 2, 7, 8, 13,
};

static const uint8_t crc4_shift1[16] = {	/* r(x) * x mod G */
	0, 2, 4, 6, 8, 10, 12, 14, 3, 1, 7, 5, 11, 9, 15, 13,
};

#define M60	0x0FFFFFFFFFFFFFFFull

static inline uint64_t ld_be64(const uint8_t *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
	       (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	       (uint64_t)p[6] << 8 | p[7];
}

static inline void st_be64(uint8_t *p, uint64_t v)
{
	p[0] = (uint8_t)(v >> 56);
	p[1] = (uint8_t)(v >> 48);
	p[2] = (uint8_t)(v >> 40);
	p[3] = (uint8_t)(v >> 32);
	p[4] = (uint8_t)(v >> 24);
	p[5] = (uint8_t)(v >> 16);
	p[6] = (uint8_t)(v >> 8);
	p[7] = (uint8_t)v;
}

/* @v * x^@s modulo x^60 + 1, for @v of 60 bits. */
static inline uint64_t rot60(uint64_t v, unsigned s)
{
	return ((v << s) | (v >> (60 - s))) & M60;
}

/* The CRC-4 register @c after the 32 octets at @p, the first taken as @t0. */
static uint8_t crc4_frame(uint8_t c, const uint8_t *p, uint8_t t0)
{
	uint64_t s = 0, v;
	uint32_t h;
	unsigned m;

	for (m = 0; m < 4; m++) {
		v = ld_be64(p + 8 * m);
		if (!m)
			v = (v & 0x00FFFFFFFFFFFFFFull) | (uint64_t)t0 << 56;
		/* word m is worth x^(64 * (3 - m)), times x^4: 64 = 4 (mod 60) */
		s ^= rot60((v & M60) ^ (v >> 60), 16 - 4 * m);
	}
	h = (uint32_t)(s & 0x7FFF) ^ (uint32_t)(s >> 15 & 0x7FFF) ^ (uint32_t)(s >> 30 & 0x7FFF) ^
	    (uint32_t)(s >> 45);
	/* the register carried in is worth x^256 = x (mod x^15 + 1) */
	return crc4_shift1[c] ^ crc4_mod_lo[h & 0xFF] ^ crc4_mod_hi[h >> 8];
}

/*
 * Clears @n octets at @p. Not memset(): a bare-metal link may lack it, and
 * the empty asm keeps the compiler from turning the loop back into a call.
 */
static void e1_zero(void *p, size_t n)
{
	uint8_t *q = p;

	while (n--) {
		*q++ = 0;
		__asm__ volatile("" : "+r"(q));
	}
}

struct rxout {
	struct fw_e1_frame *out;
	size_t n;
};

static void set_alarm(struct fw_e1 *e, uint16_t bit, bool on)
{
	if (on) {
		e->alarms |= bit;
		e->sec.defects |= bit;
	} else {
		e->alarms &= (uint16_t)~bit;
	}
}

static void upd_lmfa(struct fw_e1 *e)
{
	const struct fw_e1_rx *r = &e->rx;
	bool l = ((e->opts & FW_E1_CRC4) && !r->crc_mfa && !r->crc_off) ||
		 ((e->opts & FW_E1_CAS) && !r->cas_mfa);

	set_alarm(e, FW_ALARM_LMFA, l);
}

/* A state that must leave @on only after @n consecutive observations against it. */
static void integrate(struct fw_e1 *e, uint16_t bit, bool seen, uint8_t *run, uint8_t n)
{
	if (seen != !!(e->alarms & bit)) {
		if (++*run >= n) {
			set_alarm(e, bit, seen);
			*run = 0;
		}
	} else {
		*run = 0;
	}
}

/* Zeros in @o added to *@z, counted only up to 3 (all the AIS rules need). */
static void count_zeros(uint8_t *z, uint8_t o)
{
	unsigned m = (uint8_t)~o;

	while (m && *z < 3) {
		m &= m - 1;
		(*z)++;
	}
}

void fw_e1_init(struct fw_e1 *e, unsigned opts)
{
	unsigned i;

	e1_zero(e, sizeof(*e));
	e->opts = opts;
	e->tx.sa = FW_E1_SA_IDLE;
	for (i = 0; i < FW_E1_TIMESLOTS; i++) {
		e->tx.abcd[i] = 0xD;	/* the usual idle ABCD (not 0000, G.704 5.1.3.2) */
		e->rx.abcd[i] = 0xF;
	}
	e->rx.acc = 0xFFFFFFFFu;	/* no FAS can be read from bits not yet received */
	e->rx.state = RX_SEARCH;
	set_alarm(e, FW_ALARM_LOF, true);
	upd_lmfa(e);
}

/* --- transmit ----------------------------------------------------------- */

void fw_e1_tx_set_rai(struct fw_e1 *e, bool on)
{
	e->tx.rai = on;
}

void fw_e1_tx_set_sa(struct fw_e1 *e, uint8_t sa4_8)
{
	e->tx.sa = sa4_8 & 0x1F;
}

void fw_e1_tx_set_y(struct fw_e1 *e, bool on)
{
	e->tx.y = on;
}

void fw_e1_tx_set_abcd(struct fw_e1 *e, unsigned ts, uint8_t abcd)
{
	if (ts && ts != 16 && ts < FW_E1_TIMESLOTS)
		e->tx.abcd[ts] = abcd & 0xF;
}

/* The next E-bit: 0 for each errored SMF received, all 0 without CRC-4 MF alignment. */
static unsigned tx_ebit(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;

	if (!r->crc_mfa)
		return 0;
	if (r->ebit_q) {
		r->ebit_q--;
		return 0;
	}
	return 1;
}

void fw_e1_tx_frame(struct fw_e1 *e, const uint8_t ts[FW_E1_TIMESLOTS],
		    uint8_t out[FW_E1_TIMESLOTS])
{
	struct fw_e1_tx *t = &e->tx;
	unsigned fn = t->fn, si = 1;
	bool crc4 = e->opts & FW_E1_CRC4;
	uint8_t t0;

	if (out != ts)
		__builtin_memcpy(out, ts, FW_E1_TIMESLOTS);
	if (!(fn & 1)) {
		if (crc4)	/* C1..C4 in frames 0,2,4,6 / 8,10,12,14 */
			si = (t->crc_prev >> (3 - ((fn >> 1) & 3))) & 1;
		t0 = (uint8_t)(si << 7 | FW_E1_FAS);
	} else {
		bool a = t->rai || (!(e->opts & FW_E1_NO_AUTO_RAI) &&
				    (e->alarms & (FW_ALARM_LOS | FW_ALARM_LOF | FW_ALARM_AIS)));

		if (crc4)	/* MFAS in frames 1..11, E-bits in 13 and 15 */
			si = fn < 12 ? (FW_E1_MFAS >> (5 - (fn >> 1))) & 1 : tx_ebit(e);
		t0 = (uint8_t)(si << 7 | 0x40 | (unsigned)a << 5 | t->sa);
	}
	out[0] = t0;
	if (e->opts & FW_E1_CAS) {
		if (fn == 0) {
			bool y = t->y || (!(e->opts & FW_E1_NO_AUTO_RAI) &&
					  (!e->rx.cas_mfa || (e->alarms & FW_ALARM_MFAIS)));

			out[16] = (uint8_t)(0x0B | (unsigned)y << 2);	/* 0000 X Y X X */
		} else {
			out[16] = (uint8_t)(t->abcd[fn] << 4 | t->abcd[fn + 16]);
		}
	}
	if (crc4) {
		uint8_t c = crc4_frame(t->crc, out, fn & 1 ? t0 : t0 & 0x7F);

		if ((fn & 7) == 7) {
			t->crc_prev = c;
			c = 0;
		}
		t->crc = c;
	}
	t->fn = (fn + 1) & 15;
}

/* --- receive: alignment ------------------------------------------------- */

/*
 * One step of the FAS / NFAS bit 2 / FAS search at one bit position, @acc
 * holding the last bits: 0 nothing, 1 FAS seen, 2 then NFAS bit 2 = 1.
 * Returns true when the sequence completes (G.706 4.1.2).
 */
static bool srch_step(uint8_t *st, uint32_t acc)
{
	bool fas = (acc & 0x7F) == FW_E1_FAS;

	switch (*st) {
	case 1:
		*st = (acc & 0x40) ? 2 : fas;
		return false;
	case 2:
		*st = 0;
		return fas;
	default:
		*st = fas;
		return false;
	}
}

static void ts0_init(struct fw_e1_ts0 *t)
{
	e1_zero(t, sizeof(*t));
	t->nfas = 1;	/* alignment is found on a FAS word */
	t->mfsr = 0x3F;	/* matches no MFAS until six bits were received */
}

/* The TS0 word @o at an alignment: FAS/NFAS checks and the MFAS search. */
static int ts0_step(struct fw_e1_ts0 *t, uint8_t o, bool mf_search, bool nfas_lof)
{
	int ev = 0;

	t->age++;
	if (!t->nfas) {
		if ((o & 0x7F) != FW_E1_FAS) {
			ev = EV_FASERR;
			if (++t->bad_fas >= 3)
				ev |= EV_LOST;
		} else {
			t->bad_fas = 0;
		}
	} else {
		if (!(o & 0x40)) {
			if (++t->bad_nfas >= 3 && nfas_lof)
				ev |= EV_LOST;
		} else {
			t->bad_nfas = 0;
		}
		if (mf_search) {
			t->mfsr = (uint8_t)(((t->mfsr << 1) | (o >> 7)) & 0x3F);
			t->mfhist <<= 1;
			if (t->mfsr == FW_E1_MFAS) {
				t->mfhist |= 1;
				if (t->mfhist & MFAS_PAIR)
					ev |= EV_MF;
			}
		}
	}
	t->nfas ^= 1;
	return ev;
}

static void cas_lost(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;
	unsigned i;

	r->cas_mfa = false;
	r->cas_bad = 0;
	r->y_run = 0;
	for (i = 0; i < FW_E1_TIMESLOTS; i++)
		r->abcd[i] = 0xF;
	set_alarm(e, FW_ALARM_RMAI, false);
	upd_lmfa(e);
}

/* Loss of frame alignment: search again from the next bit. */
static void rx_lof(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;

	r->state = RX_SEARCH;
	e1_zero(r->srch, sizeof(r->srch));
	r->sph = 0;
	r->fi = 0;
	r->nacc = 0;
	r->sec_state = SEC_OFF;
	r->crc_mfa = false;
	r->crc_off = false;
	r->mf_timer = 0;
	r->iw_timer = 0;
	r->rai_run = 0;
	set_alarm(e, FW_ALARM_RAI, false);
	set_alarm(e, FW_ALARM_LOF, true);
	if (e->opts & FW_E1_CAS)
		cas_lost(e);
	upd_lmfa(e);
}

/* The search found a FAS-NFAS-FAS sequence ending with the bit just taken. */
static void rx_found(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;

	r->state = RX_ALIGNED;
	r->fb[0] = (uint8_t)r->acc;
	r->fi = 1;
	r->nacc = 0;
	ts0_init(&r->pri);
	r->pri.nfas = 1;
	r->mf_timer = 0;
	r->iw_timer = 0;
	r->ais_bits = 0;	/* AIS periods now run on frame pairs */
	r->ais_zeros = 0;
	r->ts16_prev = 0;
	r->ts16_zero_run = 0;
	r->cas_bad = 0;
	set_alarm(e, FW_ALARM_LOF, false);
	upd_lmfa(e);
}

/* CRC-4 multiframe alignment: the frame being received is frame 11. */
static void crc_mf_found(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;

	r->crc_mfa = true;
	r->crc_off = false;	/* a fallen-back receiver resumes CRC-4 */
	r->iw_timer = 0;
	r->fn = 11;
	r->crc_started = false;
	r->crc_have_prev = false;
	r->crc = 0;
	r->crx = 0;
	r->ebit_q = 0;
	r->mfas_err = false;
	r->mfas_ok = true;	/* the word just found */
	r->mfas_bad = 0;
	r->sec_state = SEC_OFF;
	upd_lmfa(e);
}

/*
 * Two consecutive errored MFAS words: the far end's multiframe is not where
 * ours is (its transmitter restarted). CRC-4 checking stops and the
 * multiframe is searched again at the basic alignment held, the timers of
 * G.706 4.2 and Annex B started as at a basic alignment.
 */
static void crc_mf_lost(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;

	r->crc_mfa = false;
	r->pri.mfsr = 0x3F;	/* a new search: no MFAS from the bits before */
	r->pri.mfhist = 0;
	r->mf_timer = 0;
	r->iw_timer = 0;
	r->ebit_q = 0;
	upd_lmfa(e);
}

/* NFAS bit 1 @b of frame r->fn under CRC-4 MF alignment: MFAS check (1..11), E-bit (13, 15). */
static void crc_nfas_bit1(struct fw_e1 *e, unsigned b)
{
	struct fw_e1_rx *r = &e->rx;
	unsigned fn = r->fn;

	if (fn >= 13) {
		if (r->mfas_ok && !b)
			fw_count_add(&e->cnt.ebit, 1);
		return;
	}
	if (b != ((FW_E1_MFAS >> (5 - (fn >> 1))) & 1u))
		r->mfas_err = true;
	if (fn != 11)
		return;
	r->mfas_ok = !r->mfas_err;
	r->mfas_err = false;
	if (r->mfas_ok)
		r->mfas_bad = 0;
	else if (++r->mfas_bad >= 2)
		crc_mf_lost(e);
}

static void sec_start(struct fw_e1 *e)
{
	e->rx.sec_state = SEC_SEARCH;
	e1_zero(e->rx.srch, sizeof(e->rx.srch));
}

/* TS0 of the frame being received is complete (fb[0]). */
static void ts0_event(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;
	uint8_t o = r->fb[0];
	bool nfas = r->pri.nfas;
	/* after the fallback too: a far end that starts CRC-4 later is taken up */
	bool mf_search = (e->opts & FW_E1_CRC4) && !r->crc_mfa;
	int ev = ts0_step(&r->pri, o, mf_search, e->opts & FW_E1_NFAS_LOF);

	if (ev & EV_FASERR)
		fw_count_add(&e->cnt.fas, 1);
	if (ev & EV_LOST) {
		rx_lof(e);
		return;
	}
	if (nfas) {
		integrate(e, FW_ALARM_RAI, o & 0x20, &r->rai_run, 3);
		r->sa = o & 0x1F;
		if (r->crc_mfa && (r->fn & 1))
			crc_nfas_bit1(e, o >> 7);
	}
	if (ev & EV_MF)
		crc_mf_found(e);
}

/* End of a submultiframe under CRC-4 MF alignment; false if alignment was given up. */
static bool smf_end(struct fw_e1 *e)
{
	struct fw_e1_rx *r = &e->rx;

	if (r->crc_have_prev) {
		e->sec.blocks++;
		if ((r->crx & 0xF) != r->crc_prev) {
			fw_count_add(&e->cnt.crc, 1);
			e->sec.errored_blocks++;
			if (r->ebit_q < 0xFF)
				r->ebit_q++;
			if (++r->crc_err_sec > CRC_REFRAME && !(e->opts & FW_E1_NO_CRC_REFRAME)) {
				rx_lof(e);
				return false;
			}
		}
	}
	r->crc_have_prev = r->crc_started;
	r->crc_started = true;
	r->crc_prev = r->crc;
	r->crc = 0;
	r->crx = 0;
	return true;
}

/* TS16 of a frame in alignment; returns the frame's CAS frame number. */
static uint8_t cas_frame(struct fw_e1 *e, uint8_t v)
{
	struct fw_e1_rx *r = &e->rx;
	uint8_t f = FW_E1_NOT_ALIGNED;

	count_zeros(&r->mfais_zeros, v);	/* TS16 AIS on 16-frame periods */
	if (++r->mfais_n == 16) {
		integrate(e, FW_ALARM_MFAIS, r->mfais_zeros < 3, &r->mfais_run, 2);
		r->mfais_n = 0;
		r->mfais_zeros = 0;
	}
	if (v)
		r->ts16_zero_run = 0;
	else if (r->ts16_zero_run < 0xFF)
		r->ts16_zero_run++;

	if (r->cas_mfa) {
		f = r->cas_fn;
		if (f == 0) {
			if (v & 0xF0) {
				if (++r->cas_bad >= 2)
					cas_lost(e);
			} else {
				r->cas_bad = 0;
			}
		} else {
			r->abcd[f] = v >> 4;
			r->abcd[f + 16] = v & 0xF;
		}
		if (r->cas_mfa && r->ts16_zero_run >= 16)
			cas_lost(e);
		if (!r->cas_mfa)
			f = FW_E1_NOT_ALIGNED;
	} else if (!(v & 0xF0) && r->ts16_prev) {
		r->cas_mfa = true;	/* G.732 5.2 */
		r->cas_bad = 0;
		f = 0;
		upd_lmfa(e);
	}
	if (f == 0)
		integrate(e, FW_ALARM_RMAI, v & 0x04, &r->y_run, 2);
	if (r->cas_mfa)
		r->cas_fn = (uint8_t)((f + 1) & 15);
	r->ts16_prev = v;
	return f;
}

/* The frame in fb is complete: checks, then out to the caller. */
static void frame_event(struct fw_e1 *e, struct rxout *ro)
{
	struct fw_e1_rx *r = &e->rx;
	struct fw_e1_frame *fr = &ro->out[ro->n++];
	const uint8_t *p = r->fb;
	uint8_t fn = r->fn;
	unsigned i;

	r->fi = 0;
	__builtin_memcpy(fr->ts, p, FW_E1_TIMESLOTS);
	fr->crc_fn = r->crc_mfa ? fn : FW_E1_NOT_ALIGNED;
	fr->cas_fn = (e->opts & FW_E1_CAS) ? cas_frame(e, p[16]) : FW_E1_NOT_ALIGNED;

	for (i = 0; r->ais_zeros < 3 && i < FW_E1_TIMESLOTS; i++)
		count_zeros(&r->ais_zeros, p[i]);
	r->ais_bits += FW_E1_FRAME_BITS;
	if (r->ais_bits >= 2 * FW_E1_FRAME_BITS) {
		integrate(e, FW_ALARM_AIS, r->ais_zeros < 3, &r->ais_run, 2);
		r->ais_bits = 0;
		r->ais_zeros = 0;
	}

	if (r->crc_mfa) {
		uint8_t t0 = p[0];

		if (!(fn & 1)) {	/* C bit: kept, and taken as 0 in the CRC */
			r->crx = (uint8_t)(r->crx << 1 | t0 >> 7);
			t0 &= 0x7F;
		}
		r->crc = crc4_frame(r->crc, p, t0);
		r->fn = (fn + 1) & 15;
		if ((fn & 7) == 7)
			smf_end(e);
	} else if ((e->opts & FW_E1_CRC4) && !r->crc_off) {
		if (!(e->opts & FW_E1_NO_INTERWORK) && ++r->iw_timer >= IW_FRAMES) {
			r->crc_off = true;	/* non-CRC-4 far end (Annex B) */
			r->sec_state = SEC_OFF;
			upd_lmfa(e);
		} else if (++r->mf_timer >= MF_SEARCH_FRAMES) {
			r->mf_timer = 0;
			if (e->opts & FW_E1_NO_INTERWORK)
				rx_lof(e);	/* G.706 4.2: a spurious FAS */
			else if (r->sec_state == SEC_OFF)
				sec_start(e);
		}
	}
}

/* The parallel search at bit position @ph of our frame; true if it moved the alignment. */
static bool sec_bit(struct fw_e1 *e, uint8_t ph)
{
	struct fw_e1_rx *r = &e->rx;
	int ev;

	if (ph == 8)		/* the alignment in use */
		return false;
	if (r->sec_state == SEC_SEARCH) {
		if (srch_step(&r->srch[ph], r->acc)) {
			r->sec_state = SEC_TRACK;
			r->sec_phase = ph;
			ts0_init(&r->sec);
		}
		return false;
	}
	if (ph != r->sec_phase)
		return false;
	ev = ts0_step(&r->sec, (uint8_t)r->acc, true, e->opts & FW_E1_NFAS_LOF);
	if ((ev & EV_LOST) || r->sec.age > MF_SEARCH_FRAMES) {
		sec_start(e);
		return false;
	}
	if (!(ev & EV_MF))
		return false;
	/* The candidate has CRC-4 MF alignment: it replaces ours (Annex B). */
	r->pri = r->sec;
	r->fb[0] = (uint8_t)r->acc;
	r->fi = 1;
	r->nacc = 0;
	crc_mf_found(e);
	return true;
}

static void rx_bit(struct fw_e1 *e, unsigned b, struct rxout *ro)
{
	struct fw_e1_rx *r = &e->rx;

	r->acc = r->acc << 1 | b;
	if (r->state == RX_SEARCH) {
		if (!b && r->ais_zeros < 3)
			r->ais_zeros++;
		if (++r->ais_bits == 2 * FW_E1_FRAME_BITS) {
			integrate(e, FW_ALARM_AIS, r->ais_zeros < 3, &r->ais_run, 2);
			r->ais_bits = 0;
			r->ais_zeros = 0;
		}
		if (srch_step(&r->srch[r->sph++], r->acc))
			rx_found(e);
		return;
	}
	r->nacc++;
	if (r->sec_state != SEC_OFF && sec_bit(e, (uint8_t)(r->fi * 8 + r->nacc)))
		return;
	if (r->nacc == 8) {
		r->fb[r->fi++] = (uint8_t)r->acc;
		r->nacc = 0;
		if (r->fi == 1)
			ts0_event(e);
		else if (r->fi == FW_E1_TIMESLOTS)
			frame_event(e, ro);
	}
}

/* Gives the @sh newest bits of @acc back to rx_bit(), acc set to the bits before them. */
static void rx_refeed(struct fw_e1 *e, uint32_t acc, unsigned sh, struct rxout *ro)
{
	uint32_t pend = acc & ((1u << sh) - 1);

	e->rx.acc = acc >> sh;
	e->rx.nacc = 0;
	while (sh--)
		rx_bit(e, (pend >> sh) & 1, ro);
}

/*
 * In alignment with no parallel search: whole octets, eight at a time with
 * 64-bit shifts, up to the end of the frame. Returns the octets taken;
 * stops early when the mode changes, the bits after the event going back
 * through rx_bit().
 */
static size_t rx_fast(struct fw_e1 *e, const uint8_t *p, size_t n, struct rxout *ro)
{
	struct fw_e1_rx *r = &e->rx;
	size_t i = 0;

	while (i < n) {
		unsigned fi = r->fi, sh = r->nacc;
		size_t k = FW_E1_TIMESLOTS - fi, j = 0;
		uint8_t *d = r->fb + fi;
		uint32_t acc0 = r->acc, acc = acc0;

		if (k > n - i)
			k = n - i;
		for (; j + 8 <= k; j += 8) {
			uint64_t w = ld_be64(p + i + j);

			st_be64(d + j, w >> sh | (uint64_t)acc << (63 - sh) << 1);
			acc = (uint32_t)w;
		}
		for (; j < k; j++) {
			acc = acc << 8 | p[i + j];
			d[j] = (uint8_t)(acc >> sh);
		}
		r->acc = acc;
		r->fi = (uint8_t)(fi + k);
		if (fi == 0) {
			ts0_event(e);
			if (r->state != RX_ALIGNED) {
				/* lost at TS0: the search starts with the bits after it */
				rx_refeed(e, acc0 << 8 | p[i], sh, ro);
				return i + 1;
			}
		}
		i += k;
		if (fi + k == FW_E1_TIMESLOTS) {
			frame_event(e, ro);
			if (r->state != RX_ALIGNED || r->sec_state != SEC_OFF) {
				rx_refeed(e, acc, sh, ro);
				return i;
			}
		}
	}
	return i;
}

static void second_end(struct fw_e1 *e)
{
	fw_second_end(&e->sec, &e->cnt);
	e->sec.defects = e->alarms;
	e->rx.crc_err_sec = 0;
}

ptrdiff_t fw_e1_rx(struct fw_e1 *e, const uint8_t *bits, size_t nbits, struct fw_e1_frame *out,
		   size_t max)
{
	struct fw_e1_rx *r = &e->rx;
	struct rxout ro = { out, 0 };
	size_t nbytes = nbits >> 3, i = 0, left = nbits;
	unsigned k;

	if (max < FW_E1_RX_FRAMES_MAX(nbits) || (!bits && nbits) || (!out && max))
		return -1;
	while (i < nbytes) {
		uint8_t b;

		if (r->state == RX_ALIGNED && r->sec_state == SEC_OFF) {
			i += rx_fast(e, bits + i, nbytes - i, &ro);
			continue;
		}
		b = bits[i++];
		for (k = 8; k-- > 0;)
			rx_bit(e, (b >> k) & 1, &ro);
	}
	for (k = 0; k < (nbits & 7); k++)
		rx_bit(e, (bits[nbytes] >> (7 - k)) & 1, &ro);

	while (left >= BITS_PER_SECOND - r->bits_sec) {
		left -= BITS_PER_SECOND - r->bits_sec;
		r->bits_sec = 0;
		second_end(e);
	}
	r->bits_sec += (uint32_t)left;
	return (ptrdiff_t)ro.n;
}

void fw_e1_set_los(struct fw_e1 *e, bool on)
{
	set_alarm(e, FW_ALARM_LOS, on);
}

void fw_e1_rx_where(const struct fw_e1 *e, struct fw_e1_rx_where *w)
{
	const struct fw_e1_rx *r = &e->rx;

	w->bits = (uint16_t)(r->fi * 8u + r->nacc);
	w->nfas = r->pri.nfas;
	w->crc_fn = r->crc_mfa ? r->fn : FW_E1_NOT_ALIGNED;
	w->cas_fn = r->cas_mfa ? r->cas_fn : FW_E1_NOT_ALIGNED;
}

void fw_e1_rx_slip(struct fw_e1 *e, int n)
{
	struct fw_e1_rx *r = &e->rx;

	if (r->state != RX_ALIGNED || r->fi || r->nacc || !n)
		return;
	if (n & 1)
		r->pri.nfas ^= 1;
	r->fn = (uint8_t)((unsigned)(r->fn - n) & 15);
	if (r->cas_mfa)
		r->cas_fn = (uint8_t)((unsigned)(r->cas_fn - n) & 15);
	r->crc_started = false;
	r->crc_have_prev = false;
	r->crc = 0;
	r->crx = 0;
	r->mfas_err = false;	/* the word in progress spans the slip: not judged */
}
