// SPDX-License-Identifier: GPL-2.0-only
/*
 * A span on the card: framer + line code, both directions, with the slip
 * detector between the line decoder and the framer (fw/span_link.h says
 * what it does and why).
 *
 * Receive keeps the decoded NRZ bits in a look-ahead buffer (la, bits
 * head..tail). Out of alignment (mode DIRECT) every bit goes on to the
 * framer at once. Once the framer is aligned, the bits up to the end of the
 * frame in progress follow (finish), then mode FRAMED: frame by frame, each
 * checked before the framer gets it.
 *
 * Freestanding: no libc, no allocation, no globals.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/e1.h>
#include <fw/linecode.h>
#include <fw/span.h>
#include <fw/span_link.h>
#include <fw/t1.h>

enum { MODE_DIRECT, MODE_FRAMED };

#define T1_BITS_PER_SECOND	1544000u
#define PIECE_BITS		256u	/* bits handed to the framer per call out of alignment */

/* The T1 F bits (fw/t1.h): SF frames 1..12, ESF FPS of frames 4, 8, .., 24. */
static const uint8_t sf_fbit[FW_T1_SF_FRAMES] = { 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0 };
static const uint8_t esf_fps[6] = { 0, 0, 1, 0, 1, 1 };

/* --- bits ---------------------------------------------------------------- */

static inline unsigned get_bit(const uint8_t *p, size_t i)
{
	return (p[i >> 3] >> (7 - (i & 7))) & 1u;
}

/* The 8 bits at bit @i; reads p[i/8 + 1] only when they straddle it. */
static inline uint8_t get8(const uint8_t *p, size_t i)
{
	const uint8_t *q = p + (i >> 3);
	unsigned off = i & 7;

	return off ? (uint8_t)(q[0] << off | q[1] >> (8 - off)) : q[0];
}

/* Copies @n bits from @src at bit @si to @dst at bit @di (no overlap). */
static void copy_bits(uint8_t *dst, size_t di, const uint8_t *src, size_t si, size_t n)
{
	while (n >= 8) {
		uint8_t v = get8(src, si);
		uint8_t *q = dst + (di >> 3);
		unsigned off = di & 7;

		if (!off) {
			*q = v;
		} else {
			q[0] = (uint8_t)((q[0] & (0xFF00u >> off)) | v >> off);
			q[1] = (uint8_t)((q[1] & (0xFFu >> off)) | (unsigned)v << (8 - off));
		}
		si += 8;
		di += 8;
		n -= 8;
	}
	while (n--) {
		uint8_t m = (uint8_t)(0x80u >> (di & 7));

		if (get_bit(src, si++))
			dst[di >> 3] |= m;
		else
			dst[di >> 3] &= (uint8_t)~m;
		di++;
	}
}

/* --- setup --------------------------------------------------------------- */

static bool is_t1(const struct fw_span_link *s)
{
	return s->cfg.kind == FW_SPAN_T1;
}

static unsigned frame_bits(const struct fw_span_link *s)
{
	return is_t1(s) ? FW_T1_FRAME_BITS : FW_E1_FRAME_BITS;
}

static struct fw_span_counters *counters(struct fw_span_link *s)
{
	return is_t1(s) ? &s->u.t1.cnt : &s->u.e1.cnt;
}

static void zero(void *p, size_t n)
{
	uint8_t *q = p;

	while (n--) {
		*q++ = 0;
		__asm__ volatile("" : "+r"(q));
	}
}

int fw_span_link_init(struct fw_span_link *s, const struct fw_span_link_config *cfg)
{
	if (!s || !cfg)
		return -1;
	zero(s, sizeof(*s));
	s->cfg = *cfg;
	if (cfg->kind == FW_SPAN_E1) {
		unsigned opts = cfg->e1_opts & ~(FW_E1_CRC4 | FW_E1_CAS);

		if (cfg->framing == FW_FRAMING_E1_CRC4)
			opts |= FW_E1_CRC4;
		else if (cfg->framing != FW_FRAMING_E1)
			return -1;
		if (cfg->sig == FW_SIG_CAS)
			opts |= FW_E1_CAS;
		fw_e1_init(&s->u.e1, opts);
	} else if (cfg->kind == FW_SPAN_T1) {
		struct fw_t1_config tc = {
			.framing = cfg->framing,
			.rbs = cfg->sig == FW_SIG_CAS ? FW_T1_ALL_CHANNELS : 0,
			.ch56k = 0,
		};

		if (fw_t1_tx_init(&s->u.t1.tx, &tc) ||
		    fw_t1_rx_init(&s->u.t1.rx, &tc, &s->u.t1.cnt, &s->u.t1.sec))
			return -1;
	} else {
		return -1;
	}
	if (fw_lc_enc_init(&s->enc, cfg->linecode) ||
	    fw_lc_dec_init(&s->dec, cfg->kind, cfg->linecode, cfg->los_slots))
		return -1;
	s->mode = MODE_DIRECT;
	return 0;
}

/* --- transmit ------------------------------------------------------------ */

int fw_span_link_inject(struct fw_span_link *s, unsigned what)
{
	bool crc, mf;

	if (what & ~(FW_INJECT_FAS | FW_INJECT_CRC | FW_INJECT_MFAS | FW_INJECT_CAS | FW_INJECT_BPV))
		return -1;
	if (is_t1(s)) {
		crc = s->cfg.framing == FW_FRAMING_T1_ESF;
		mf = s->cfg.framing == FW_FRAMING_T1_SF;
		if (what & FW_INJECT_CAS)
			return -1;
	} else {
		crc = mf = s->cfg.framing == FW_FRAMING_E1_CRC4;
		if ((what & FW_INJECT_CAS) && s->cfg.sig != FW_SIG_CAS)
			return -1;
	}
	if (((what & FW_INJECT_CRC) && !crc) || ((what & FW_INJECT_MFAS) && !mf))
		return -1;
	s->inject |= (uint8_t)what;
	return 0;
}

/* E1: a pending frame-level injection into the frame @fr about to be line coded. */
static void e1_inject(struct fw_span_link *s, uint8_t fr[FW_E1_TIMESLOTS])
{
	bool fas = (fr[0] & 0x7f) == FW_E1_FAS;

	if (fas && (s->inject & FW_INJECT_FAS)) {
		fr[0] ^= 0x01;
		s->inject &= (uint8_t)~FW_INJECT_FAS;
	} else if (fas && (s->inject & FW_INJECT_CRC)) {
		fr[0] ^= 0x80;		/* C bit */
		s->inject &= (uint8_t)~FW_INJECT_CRC;
	} else if (!fas && (fr[0] & 0x40) && (s->inject & FW_INJECT_MFAS)) {
		fr[0] ^= 0x80;		/* NFAS bit 1 */
		s->inject &= (uint8_t)~FW_INJECT_MFAS;
	}
	if ((s->inject & FW_INJECT_CAS) && (fr[16] & 0xf0) == 0 && (fr[16] & 0x0f) != 0) {
		fr[16] ^= 0x10;		/* the CAS MFAS nibble 0000 */
		s->inject &= (uint8_t)~FW_INJECT_CAS;
	}
}

/* T1: the same for the frame of 0-based number @fn whose F bit is bit @at of @nrz. */
static void t1_inject(struct fw_span_link *s, unsigned fn, uint8_t *nrz, size_t at)
{
	bool esf = s->cfg.framing == FW_FRAMING_T1_ESF;
	uint8_t *p = &nrz[at / 8];
	uint8_t m = (uint8_t)(0x80u >> (at % 8));

	if ((s->inject & FW_INJECT_FAS) && (!esf || fn % 4 == 3)) {
		*p ^= m;
		s->inject &= (uint8_t)~FW_INJECT_FAS;
	} else if ((s->inject & FW_INJECT_CRC) && esf && fn % 4 == 1) {
		*p ^= m;
		s->inject &= (uint8_t)~FW_INJECT_CRC;
	} else if ((s->inject & FW_INJECT_MFAS) && !esf && fn % 2 == 1) {
		*p ^= m;		/* an Fs bit */
		s->inject &= (uint8_t)~FW_INJECT_MFAS;
	}
}

/* One bipolar violation in the @nslots slots just coded, if a mark is followed by a space. */
static void bpv_inject(struct fw_span_link *s, uint8_t *tpos, uint8_t *tneg, size_t nslots)
{
	size_t i;

	for (i = 0; i + 1 < nslots; i++) {
		unsigned p = get_bit(tpos, i), n = get_bit(tneg, i);

		if ((p || n) && !get_bit(tpos, i + 1) && !get_bit(tneg, i + 1)) {
			uint8_t m = (uint8_t)(0x80u >> ((i + 1) % 8));

			if (p)
				tpos[(i + 1) / 8] |= m;
			else
				tneg[(i + 1) / 8] |= m;
			s->inject &= (uint8_t)~FW_INJECT_BPV;
			return;
		}
	}
}

void fw_span_link_tx(struct fw_span_link *s, const uint8_t *ts, size_t nframes, uint8_t *tpos,
		     uint8_t *tneg)
{
	size_t i;

	if (!is_t1(s)) {
		uint8_t fr[FW_E1_TIMESLOTS];

		for (i = 0; i < nframes; i++) {
			fw_e1_tx_frame(&s->u.e1, ts + i * FW_E1_TIMESLOTS, fr);
			if (s->inject & ~FW_INJECT_BPV)
				e1_inject(s, fr);
			fw_lc_encode(&s->enc, fr, FW_E1_FRAME_BITS, tpos + i * FW_E1_TIMESLOTS,
				     tneg + i * FW_E1_TIMESLOTS);
		}
		if ((s->inject & FW_INJECT_BPV) && nframes)
			bpv_inject(s, tpos, tneg, nframes * FW_E1_FRAME_BITS);
		return;
	}
	/* T1: groups of 8 frames are 193 octets, so each group starts on an octet */
	for (i = 0; i < nframes; i += 8) {
		uint8_t nrz[FW_T1_FRAME_BITS];
		struct fw_t1_bitbuf bb = { nrz, sizeof(nrz), 0 };
		size_t k, g = nframes - i < 8 ? nframes - i : 8;

		for (k = 0; k < g; k++) {
			size_t at = bb.nbits;
			unsigned fn = s->u.t1.tx.frame;

			fw_t1_tx_frame(&s->u.t1.tx, ts + (i + k) * FW_T1_TIMESLOTS, 1, &bb);
			if (s->inject & ~FW_INJECT_BPV)
				t1_inject(s, fn, nrz, at);
		}
		fw_lc_encode(&s->enc, nrz, bb.nbits, tpos + i / 8 * FW_T1_FRAME_BITS,
			     tneg + i / 8 * FW_T1_FRAME_BITS);
		if (s->inject & FW_INJECT_BPV)
			bpv_inject(s, tpos + i / 8 * FW_T1_FRAME_BITS,
				   tneg + i / 8 * FW_T1_FRAME_BITS, bb.nbits);
	}
}

void fw_span_link_set_rbs(struct fw_span_link *s, uint32_t mask)
{
	if (is_t1(s) && s->cfg.sig == FW_SIG_CAS)
		s->u.t1.tx.cfg.rbs = mask & FW_T1_ALL_CHANNELS;
}

void fw_span_link_set_rai(struct fw_span_link *s, bool on)
{
	if (is_t1(s))
		s->u.t1.yellow = on;
	else
		fw_e1_tx_set_rai(&s->u.e1, on);
}

/* E1 voice channel 1..30 to its timeslot, 0 if none. */
static unsigned e1_ts(unsigned ch)
{
	return ch >= 1 && ch <= 30 ? (ch < 16 ? ch : ch + 1) : 0;
}

void fw_span_link_set_abcd(struct fw_span_link *s, unsigned ch, uint8_t abcd)
{
	if (is_t1(s))
		fw_t1_tx_set_sig(&s->u.t1.tx, ch, abcd);
	else if (e1_ts(ch))
		fw_e1_tx_set_abcd(&s->u.e1, e1_ts(ch), abcd);
}

uint8_t fw_span_link_rx_abcd(const struct fw_span_link *s, unsigned ch)
{
	if (is_t1(s))
		return ch >= 1 && ch <= FW_T1_TIMESLOTS ? s->u.t1.rx.sig[ch - 1] : 0xF;
	return e1_ts(ch) ? fw_e1_rx_abcd(&s->u.e1, e1_ts(ch)) : 0xF;
}

/* --- status -------------------------------------------------------------- */

uint16_t fw_span_link_alarms(const struct fw_span_link *s)
{
	if (is_t1(s))
		return (uint16_t)(s->u.t1.rx.alarms | (s->u.t1.los ? FW_ALARM_LOS : 0));
	return fw_e1_alarms(&s->u.e1);
}

const struct fw_span_counters *fw_span_link_counters(const struct fw_span_link *s)
{
	return is_t1(s) ? &s->u.t1.cnt : &s->u.e1.cnt;
}

/* --- receive: the framer side ---------------------------------------------- */

struct rxout {
	union fw_span_frame *out;
	size_t n, max;
};

/* The framer has frame alignment and its multiframes: frames can be checked. */
static bool settled(const struct fw_span_link *s)
{
	if (is_t1(s))
		return fw_t1_rx_in_frame(&s->u.t1.rx);
	return !(fw_e1_alarms(&s->u.e1) & (FW_ALARM_LOF | FW_ALARM_LMFA));
}

/* T1: the seconds and the automatic yellow, after @n bits went to the framer. */
static void t1_after(struct fw_span_link *s, size_t n)
{
	uint16_t al = fw_span_link_alarms(s);

	s->u.t1.bits_sec += (uint32_t)n;
	while (s->u.t1.bits_sec >= T1_BITS_PER_SECOND) {
		s->u.t1.bits_sec -= T1_BITS_PER_SECOND;
		fw_second_end(&s->u.t1.sec, &s->u.t1.cnt);
		s->u.t1.sec.defects = al;
	}
	fw_t1_tx_set_yellow(&s->u.t1.tx, s->u.t1.yellow ||
			    (al & (FW_ALARM_LOS | FW_ALARM_LOF | FW_ALARM_AIS)));
}

/*
 * Hands the @n bits (n <= 256) at the head of the look-ahead to the framer.
 * T1 stops after the first frame it completes in frame when @stop (the
 * receiver is then at a frame boundary: s->boundary). Returns the bits taken.
 */
static size_t feed(struct fw_span_link *s, size_t n, bool stop, struct rxout *ro)
{
	uint8_t tmp[PIECE_BITS / 8 + 1];
	size_t pos = 0;

	copy_bits(tmp, 0, s->la, s->head, n);
	if (!is_t1(s)) {
		struct fw_e1_frame fr[FW_E1_RX_FRAMES_MAX(PIECE_BITS)];
		ptrdiff_t r = fw_e1_rx(&s->u.e1, tmp, n, fr, FW_E1_RX_FRAMES_MAX(PIECE_BITS));
		ptrdiff_t i;

		for (i = 0; i < r; i++)
			ro->out[ro->n++].e1 = fr[i];
		pos = n;
	} else {
		struct fw_t1_frame fr;

		s->boundary = false;
		while (fw_t1_rx(&s->u.t1.rx, tmp, n, &pos, &fr)) {
			ro->out[ro->n++].t1 = fr;
			s->boundary = true;
			if (stop)
				break;
		}
		t1_after(s, pos);
	}
	s->head = (uint16_t)(s->head + pos);
	return pos;
}

/* --- receive: the slip detector --------------------------------------------- */

/* What the framer expects of a frame: E1 TS0 word and multiframe numbers, T1 frame index. */
struct expect {
	bool nfas;
	uint8_t crc_fn, cas_fn, k;
};

static struct expect expect_now(const struct fw_span_link *s)
{
	struct expect x = { 0 };

	if (is_t1(s)) {
		x.k = (uint8_t)fw_t1_rx_next_frame(&s->u.t1.rx);
	} else {
		struct fw_e1_rx_where w;

		fw_e1_rx_where(&s->u.e1, &w);
		x.nfas = w.nfas;
		x.crc_fn = w.crc_fn;
		x.cas_fn = w.cas_fn;
	}
	return x;
}

/* @x moved by @d frames (d > 0 ahead). */
static struct expect expect_step(const struct fw_span_link *s, struct expect x, int d)
{
	unsigned nf = s->cfg.framing == FW_FRAMING_T1_ESF ? FW_T1_ESF_FRAMES : FW_T1_SF_FRAMES;

	if (is_t1(s)) {
		x.k = (uint8_t)(((int)x.k + d % (int)nf + (int)nf) % (int)nf);
		return x;
	}
	if (d & 1)
		x.nfas = !x.nfas;
	if (x.crc_fn != FW_E1_NOT_ALIGNED)
		x.crc_fn = (uint8_t)((unsigned)(x.crc_fn + d) & 15);
	if (x.cas_fn != FW_E1_NOT_ALIGNED)
		x.cas_fn = (uint8_t)((unsigned)(x.cas_fn + d) & 15);
	return x;
}

/* Framing errors of the frame at bit @at of the look-ahead read as @x. */
static unsigned frame_errors(const struct fw_span_link *s, size_t at, const struct expect *x)
{
	unsigned m = 0;

	if (is_t1(s)) {
		unsigned f = get_bit(s->la, at);

		if (s->cfg.framing == FW_FRAMING_T1_SF)
			return f != sf_fbit[x->k];
		return (x->k & 3) == 3 && f != esf_fps[x->k >> 2];
	} else {
		uint8_t ts0 = get8(s->la, at);

		if (!x->nfas) {
			m += (ts0 & 0x7F) != FW_E1_FAS;
		} else {
			m += !(ts0 & 0x40);
			if (x->crc_fn <= 11)	/* the MFAS bits, frames 1, 3, .., 11 */
				m += (unsigned)(ts0 >> 7) != ((FW_E1_MFAS >> (5 - (x->crc_fn >> 1))) & 1u);
		}
		if (x->cas_fn != FW_E1_NOT_ALIGNED) {
			unsigned hi = get8(s->la, at + 16 * 8) >> 4;

			m += x->cas_fn == 0 ? hi != 0 : hi == 0;
		}
	}
	return m;
}

static unsigned slip_window(const struct fw_span_link *s)
{
	if (!is_t1(s))
		return FW_SPAN_SLIP_WIN_E1;
	return s->cfg.framing == FW_FRAMING_T1_ESF ? FW_SPAN_SLIP_WIN_ESF : FW_SPAN_SLIP_WIN_SF;
}

/* Frames checked before each one goes to the framer (ESF: up to the next FPS). */
static unsigned lookahead(const struct fw_span_link *s)
{
	return s->cfg.framing == FW_FRAMING_T1_ESF ? 4 : 1;
}

/*
 * Reads the frames at the head as expected, one frame back and one ahead,
 * a frame more at a time up to the window (or the @nf frames there are).
 * Returns the slip (+1 repeat, -1 deletion) as soon as the frames tell it,
 * 0 when they tell there is none, 2 when more frames are needed.
 */
static int judge(const struct fw_span_link *s, struct expect x, unsigned nf)
{
	unsigned w = slip_window(s), fb = frame_bits(s), j;
	unsigned e0 = 0, ep = 0, em = 0;
	unsigned min0 = s->cfg.framing == FW_FRAMING_T1_ESF ? 2 : 3;
	/* E1 without a multiframe: the two readings are the same, a tie is no doubt */
	bool ties = !is_t1(s) && x.crc_fn == FW_E1_NOT_ALIGNED && x.cas_fn == FW_E1_NOT_ALIGNED;
	struct expect xp = expect_step(s, x, -1), xm = expect_step(s, x, 1);

	for (j = 0; j < w && j < nf; j++) {
		size_t at = s->head + (size_t)j * fb;
		unsigned best, other;

		e0 += frame_errors(s, at, &x);
		ep += frame_errors(s, at, &xp);	/* a repeat: back one */
		em += frame_errors(s, at, &xm);	/* a deletion: ahead one */
		x = expect_step(s, x, 1);
		xp = expect_step(s, xp, 1);
		xm = expect_step(s, xm, 1);
		best = ep <= em ? ep : em;
		other = ep <= em ? em : ep;
		if (best > 1)
			return 0;	/* neither reading holds: not a slip of one frame */
		if (e0 >= min0 && e0 >= best + 2 && (best < other || ties))
			return ep <= em ? 1 : -1;
	}
	return j == w ? 0 : 2;
}

static void slip(struct fw_span_link *s, int n)
{
	if (is_t1(s))
		fw_t1_rx_slip(&s->u.t1.rx, n);
	else
		fw_e1_rx_slip(&s->u.e1, n);
	fw_count_add(&counters(s)->slips, 1);
}

/* Runs the look-ahead through the framer as far as it can now. */
static void process(struct fw_span_link *s, struct rxout *ro)
{
	unsigned fb = frame_bits(s);

	for (;;) {
		size_t avail = (size_t)(s->tail - s->head);

		if (ro->max - ro->n < 2)
			return;		/* not reached with FW_SPAN_RX_FRAMES_MAX: the bits wait */
		if (s->mode == MODE_DIRECT) {
			size_t n = s->finish ? s->finish : PIECE_BITS, took;

			if (!avail)
				return;
			if (n > avail)
				n = avail;
			took = feed(s, n, true, ro);
			if (s->finish) {
				s->finish = (uint16_t)(s->finish - took);
				if (!s->finish && settled(s))
					s->mode = MODE_FRAMED;
				else if (!settled(s))
					s->finish = 0;
			} else if (settled(s)) {
				if (is_t1(s)) {
					if (s->boundary)	/* fw_t1_rx() stopped on a frame */
						s->mode = MODE_FRAMED;
				} else {
					struct fw_e1_rx_where w;

					fw_e1_rx_where(&s->u.e1, &w);
					if (w.bits)
						s->finish = (uint16_t)(fb - w.bits);
					else
						s->mode = MODE_FRAMED;
				}
			}
			continue;
		}
		/* framed: whole frames, each checked first */
		{
			unsigned la = lookahead(s), j;
			struct expect x = expect_now(s), y = x;
			bool suspect = false;

			if (avail < (size_t)la * fb)
				return;
			for (j = 0; j < la && !suspect; j++) {
				suspect = frame_errors(s, s->head + (size_t)j * fb, &y) != 0;
				y = expect_step(s, y, 1);
			}
			if (suspect) {
				int n = judge(s, x, (unsigned)(avail / fb));

				if (n == 2)
					return;		/* wait for more of the window */
				if (n)
					slip(s, n);
			}
			feed(s, fb, false, ro);
			if (!settled(s))
				s->mode = MODE_DIRECT;
		}
	}
}

/* Appends @n bits of @p to the look-ahead (room is there: see FW_SPAN_LA_BITS). */
static void la_append(struct fw_span_link *s, const uint8_t *p, size_t n)
{
	if (s->head >= 8) {
		size_t from = s->head >> 3, to = ((size_t)s->tail + 7) >> 3, i;

		for (i = from; i < to; i++)
			s->la[i - from] = s->la[i];
		s->tail = (uint16_t)(s->tail - from * 8);
		s->head = (uint16_t)(s->head - from * 8);
	}
	copy_bits(s->la, s->tail, p, 0, n);
	s->tail = (uint16_t)(s->tail + n);
}

ptrdiff_t fw_span_link_rx(struct fw_span_link *s, const uint8_t *rpos, const uint8_t *rneg,
			  size_t nslots, union fw_span_frame *out, size_t max)
{
	struct rxout ro = { out, 0, max };
	size_t done = 0;

	if (max < FW_SPAN_RX_FRAMES_MAX(nslots) || (nslots && (!rpos || !rneg || !out)))
		return -1;
	while (done < nslots) {
		uint8_t nrz[FW_SPAN_CHUNK_SLOTS / 8];
		size_t n = nslots - done < FW_SPAN_CHUNK_SLOTS ? nslots - done : FW_SPAN_CHUNK_SLOTS;

		fw_lc_decode(&s->dec, rpos + done / 8, rneg + done / 8, n, nrz, counters(s));
		if (is_t1(s)) {
			s->u.t1.los = fw_lc_los(&s->dec);
			if (s->dec.los_in_block)
				s->u.t1.sec.defects |= FW_ALARM_LOS;
		} else {
			if (s->dec.los_in_block)
				fw_e1_set_los(&s->u.e1, true);
			fw_e1_set_los(&s->u.e1, fw_lc_los(&s->dec));
		}
		la_append(s, nrz, n);
		process(s, &ro);
		done += n;
	}
	if (is_t1(s))
		t1_after(s, 0);
	for (size_t i = 0; i < ro.n && s->dchan_cut; i++, s->dchan_cut--) {
		if (is_t1(s))
			out[i].t1.ts[FW_T1_TIMESLOTS - 1] = 0xFF;
		else
			out[i].e1.ts[16] = 0xFF;
	}
	return (ptrdiff_t)ro.n;
}

void fw_span_link_cut_dchan(struct fw_span_link *s, uint32_t frames)
{
	s->dchan_cut = frames;
}
