// SPDX-License-Identifier: GPL-2.0-only
/*
 * T1 framer: D4/SF and ESF, transmit and receive (fw/t1.h states the
 * formats and the receive criteria).
 */
#include "fw/t1.h"

/* CRC-6 x^6 + x + 1, MSB first, of one octet from a zero register. */
static const uint8_t crc6_tab[256] = {
	0x00, 0x03, 0x06, 0x05, 0x0c, 0x0f, 0x0a, 0x09, 0x18, 0x1b, 0x1e, 0x1d, 0x14, 0x17, 0x12, 0x11,
	0x30, 0x33, 0x36, 0x35, 0x3c, 0x3f, 0x3a, 0x39, 0x28, 0x2b, 0x2e, 0x2d, 0x24, 0x27, 0x22, 0x21,
	0x23, 0x20, 0x25, 0x26, 0x2f, 0x2c, 0x29, 0x2a, 0x3b, 0x38, 0x3d, 0x3e, 0x37, 0x34, 0x31, 0x32,
	0x13, 0x10, 0x15, 0x16, 0x1f, 0x1c, 0x19, 0x1a, 0x0b, 0x08, 0x0d, 0x0e, 0x07, 0x04, 0x01, 0x02,
	0x05, 0x06, 0x03, 0x00, 0x09, 0x0a, 0x0f, 0x0c, 0x1d, 0x1e, 0x1b, 0x18, 0x11, 0x12, 0x17, 0x14,
	0x35, 0x36, 0x33, 0x30, 0x39, 0x3a, 0x3f, 0x3c, 0x2d, 0x2e, 0x2b, 0x28, 0x21, 0x22, 0x27, 0x24,
	0x26, 0x25, 0x20, 0x23, 0x2a, 0x29, 0x2c, 0x2f, 0x3e, 0x3d, 0x38, 0x3b, 0x32, 0x31, 0x34, 0x37,
	0x16, 0x15, 0x10, 0x13, 0x1a, 0x19, 0x1c, 0x1f, 0x0e, 0x0d, 0x08, 0x0b, 0x02, 0x01, 0x04, 0x07,
	0x0a, 0x09, 0x0c, 0x0f, 0x06, 0x05, 0x00, 0x03, 0x12, 0x11, 0x14, 0x17, 0x1e, 0x1d, 0x18, 0x1b,
	0x3a, 0x39, 0x3c, 0x3f, 0x36, 0x35, 0x30, 0x33, 0x22, 0x21, 0x24, 0x27, 0x2e, 0x2d, 0x28, 0x2b,
	0x29, 0x2a, 0x2f, 0x2c, 0x25, 0x26, 0x23, 0x20, 0x31, 0x32, 0x37, 0x34, 0x3d, 0x3e, 0x3b, 0x38,
	0x19, 0x1a, 0x1f, 0x1c, 0x15, 0x16, 0x13, 0x10, 0x01, 0x02, 0x07, 0x04, 0x0d, 0x0e, 0x0b, 0x08,
	0x0f, 0x0c, 0x09, 0x0a, 0x03, 0x00, 0x05, 0x06, 0x17, 0x14, 0x11, 0x12, 0x1b, 0x18, 0x1d, 0x1e,
	0x3f, 0x3c, 0x39, 0x3a, 0x33, 0x30, 0x35, 0x36, 0x27, 0x24, 0x21, 0x22, 0x2b, 0x28, 0x2d, 0x2e,
	0x2c, 0x2f, 0x2a, 0x29, 0x20, 0x23, 0x26, 0x25, 0x34, 0x37, 0x32, 0x31, 0x38, 0x3b, 0x3e, 0x3d,
	0x1c, 0x1f, 0x1a, 0x19, 0x10, 0x13, 0x16, 0x15, 0x04, 0x07, 0x02, 0x01, 0x08, 0x0b, 0x0e, 0x0d,
};

/* The F bit of SF frame index k (0..11): 100011011100. */
static const uint8_t sf_fbit[FW_T1_SF_FRAMES] = { 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0 };
/* ESF FPS of frames 4, 8, .., 24. */
static const uint8_t esf_fps[6] = { 0, 0, 1, 0, 1, 1 };

/*
 * The last 12 SF F bits (newest in bit 0) when the newest is that of frame
 * index k; and the last 6 FPS bits when the newest is FPS number j.
 */
static const uint16_t sf_rot[FW_T1_SF_FRAMES] = {
	0x1b9, 0x372, 0x6e4, 0xdc8, 0xb91, 0x723, 0xe46, 0xc8d, 0x91b, 0x237, 0x46e, 0x8dc,
};
static const uint8_t esf_rot[6] = { 0x16, 0x2c, 0x19, 0x32, 0x25, 0x0b };	/* [5]: frame 24 */

#define SF_WINDOW	48	/* F bits of history a SF position must match */
#define ESF_WINDOW	48	/* frames of history (12 FPS bits) for an ESF candidate */
#define SF_PERIODIC	((UINT64_C(1) << (SF_WINDOW - 12)) - 1)
#define ESF_PERIODIC	UINT64_C(0x111111)	/* bits 0, 4, .., 20: FPS with a twin 24 on */
#define CRC_WINDOW	333	/* ESF superframes in a second */
#define CRC_REFRAME	320	/* errored ones of them that mean a false alignment */
#define AIS_FRAMES	24	/* 3 ms */
#define AIS_MAX_ZEROS	5
#define Y_SF_BLOCK	256	/* channel octets per SF yellow block */
#define Y_SF_MIN	254	/* with bit 2 = 0 for yellow */
#define Y_ESF_PATTERN	0xFF00u
#define Y_ESF_SET	16	/* consecutive patterns */
#define Y_ESF_KEEP	15	/* of the last 16, or yellow clears */

uint8_t fw_t1_crc6(uint8_t crc, const uint8_t *p, size_t len)
{
	while (len--)
		crc = crc6_tab[(uint8_t)(crc << 2) ^ *p++];
	return crc;
}

/* One bit, MSB first. */
static inline uint8_t crc6_bit(uint8_t crc, unsigned b)
{
	unsigned fb = ((crc >> 5) ^ b) & 1;

	crc = (uint8_t)((crc << 1) & 0x3F);
	return fb ? crc ^ 0x03 : crc;
}

static inline unsigned nframes(const struct fw_t1_config *cfg)
{
	return cfg->framing == FW_FRAMING_T1_ESF ? FW_T1_ESF_FRAMES : FW_T1_SF_FRAMES;
}

static bool t1_framing(enum fw_framing f)
{
	return f == FW_FRAMING_T1_SF || f == FW_FRAMING_T1_ESF;
}

/* No memset: a bare-metal link may lack it, and the empty asm keeps the compiler from making one. */
static void zero(void *p, size_t n)
{
	uint8_t *q = p;

	while (n--) {
		*q++ = 0;
		__asm__ volatile("" ::: "memory");
	}
}

static inline unsigned pop4(unsigned x)
{
	return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1);
}

static inline unsigned pop16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555);
	x = (x & 0x3333) + ((x >> 2) & 0x3333);
	x = (x + (x >> 4)) & 0x0F0F;
	return (x + (x >> 8)) & 0x1F;
}

/* --- Transmit ------------------------------------------------------------ */

int fw_t1_tx_init(struct fw_t1_tx *tx, const struct fw_t1_config *cfg)
{
	if (!tx || !cfg || !t1_framing(cfg->framing))
		return -1;
	zero(tx, sizeof(*tx));
	tx->cfg = *cfg;
	return 0;
}

void fw_t1_tx_set_yellow(struct fw_t1_tx *tx, bool on)
{
	if (on && !tx->yellow)
		tx->ypos = 0;
	tx->yellow = on;
}

void fw_t1_tx_set_sig(struct fw_t1_tx *tx, unsigned ch, uint8_t abcd)
{
	if (ch >= 1 && ch <= FW_T1_TIMESLOTS)
		tx->sig[ch - 1] = abcd & 0x0F;
}

/* Appends @n bits (1..8) from the top of @v at out->nbits; room checked by the caller. */
static inline void put_bits(struct fw_t1_bitbuf *out, unsigned v, unsigned n)
{
	size_t at = out->nbits;
	uint8_t *q = out->buf + (at >> 3);
	unsigned off = at & 7;

	v &= 0xFFu << (8 - n) & 0xFF;
	if (off == 0) {
		*q = (uint8_t)v;
	} else {
		*q = (uint8_t)((*q & (0xFF00u >> off)) | (v >> off));
		if (off + n > 8)
			q[1] = (uint8_t)(v << (8 - off));
	}
	out->nbits = at + n;
}

static bool room(const struct fw_t1_bitbuf *out)
{
	return out && out->buf && out->nbits <= out->cap * 8 &&
	       out->cap * 8 - out->nbits >= FW_T1_FRAME_BITS;
}

int fw_t1_tx_frame(struct fw_t1_tx *tx, const uint8_t ts[FW_T1_TIMESLOTS], unsigned fdl,
		   struct fw_t1_bitbuf *out)
{
	const bool esf = tx->cfg.framing == FW_FRAMING_T1_ESF;
	const unsigned k = tx->frame;
	uint8_t o[FW_T1_TIMESLOTS];
	unsigned f, i;

	if (!room(out))
		return -1;
	for (i = 0; i < FW_T1_TIMESLOTS; i++)
		o[i] = ts[i] | (uint8_t)((tx->cfg.ch56k >> i) & 1);
	if (k % 6 == 5 && tx->cfg.rbs) {
		/* frames 6, 12, 18, 24: A, B, C, D */
		unsigned shift = 3 - k / 6;

		for (i = 0; i < FW_T1_TIMESLOTS; i++)
			if ((tx->cfg.rbs >> i) & 1)
				o[i] = (uint8_t)((o[i] & 0xFE) | ((tx->sig[i] >> shift) & 1));
	}
	if (tx->yellow && !esf)
		for (i = 0; i < FW_T1_TIMESLOTS; i++)
			o[i] &= 0xBF;

	if (!esf) {
		f = sf_fbit[k];
	} else if ((k & 3) == 3) {
		f = esf_fps[k >> 2];
	} else if ((k & 3) == 1) {
		f = (tx->crc >> (5 - (k >> 2))) & 1;	/* C1 (MSB) in frame 2 */
	} else if (tx->yellow) {
		f = tx->ypos < 8;
		tx->ypos = (tx->ypos + 1) & 15;
	} else {
		f = fdl & 1;
	}

	put_bits(out, f ? 0x80 : 0, 1);
	for (i = 0; i < FW_T1_TIMESLOTS; i++)
		put_bits(out, o[i], 8);

	if (esf) {
		tx->crc_run = fw_t1_crc6(crc6_bit(tx->crc_run, 1), o, FW_T1_TIMESLOTS);
		if (k == FW_T1_ESF_FRAMES - 1) {
			tx->crc = tx->crc_run;
			tx->crc_run = 0;
		}
	}
	tx->frame = (uint8_t)((k + 1) % nframes(&tx->cfg));
	return 0;
}

int fw_t1_tx_ais(struct fw_t1_tx *tx, struct fw_t1_bitbuf *out)
{
	unsigned i;

	if (!room(out))
		return -1;
	put_bits(out, 0x80, 1);
	for (i = 0; i < FW_T1_TIMESLOTS; i++)
		put_bits(out, 0xFF, 8);
	tx->frame = (uint8_t)((tx->frame + 1) % nframes(&tx->cfg));
	return 0;
}

/* --- Receive ------------------------------------------------------------- */

int fw_t1_rx_init(struct fw_t1_rx *rx, const struct fw_t1_config *cfg,
		  struct fw_span_counters *cnt, struct fw_second *sec)
{
	if (!rx || !cfg || !cnt || !sec || !t1_framing(cfg->framing))
		return -1;
	zero(rx, sizeof(*rx));
	rx->cfg = *cfg;
	rx->cnt = cnt;
	rx->sec = sec;
	rx->alarms = FW_ALARM_LOF;
	rx->state = FW_T1_SEARCH;
	return 0;
}

static void yellow_reset(struct fw_t1_rx *rx)
{
	rx->y_ch = rx->y_zero = 0;
	rx->y_sr = rx->y_win = 0;
	rx->y_n = rx->y_run = 0;
	rx->y_locked = false;
}

/* Every 193 bits, in any state: defects into the second, AIS windows. */
static void tick(struct fw_t1_rx *rx)
{
	rx->sec->defects |= rx->alarms;
	if (++rx->ais_frames < AIS_FRAMES)
		return;
	if (rx->state != FW_T1_SYNC) {
		if (rx->ais_zeros <= AIS_MAX_ZEROS)
			rx->alarms |= FW_ALARM_AIS;
		else
			rx->alarms &= (uint16_t)~FW_ALARM_AIS;
	}
	rx->ais_frames = 0;
	rx->ais_zeros = 0;
}

/* Frame alignment taken at frame index @k, whose F bit @f was the last bit. */
static void align(struct fw_t1_rx *rx, unsigned k, unsigned f)
{
	rx->frame = (uint8_t)k;
	rx->fbuf[0] = f ? 0x80 : 0;
	rx->fill = 1;
	rx->ferr = 0;
	rx->whole = false;
	rx->crc_whole = false;
	rx->crc_ok = false;
	rx->crc_rx = 0;
	rx->crc_win = rx->crc_win_bad = 0;
	yellow_reset(rx);
}

static void to_sync(struct fw_t1_rx *rx)
{
	unsigned i;

	for (i = 0; i < FW_T1_CANDIDATES; i++)
		rx->cand[i].active = false;
	rx->state = FW_T1_SYNC;
	rx->alarms &= (uint16_t)~(FW_ALARM_LOF | FW_ALARM_AIS);
	rx->ais_frames = 0;
	rx->ais_zeros = 0;
}

/* Out of frame: a new search from scratch. */
static void to_search(struct fw_t1_rx *rx)
{
	rx->state = FW_T1_SEARCH;
	rx->alarms = (uint16_t)((rx->alarms | FW_ALARM_LOF) & ~FW_ALARM_RAI);
	rx->nfr = 0;
	rx->pos = 0;
	rx->fill = 0;
	rx->ais_frames = 0;	/* a fresh AIS window: zeros were not counted in frame */
	for (unsigned i = 0; i < FW_T1_CANDIDATES; i++)
		rx->cand[i].active = false;
	rx->ais_zeros = 0;
	yellow_reset(rx);
}

/*
 * The F bit @b of ESF candidate @c. Returns true when the candidate is
 * confirmed (then the receiver is in frame, at @b).
 */
static bool cand_fbit(struct fw_t1_rx *rx, struct fw_t1_cand *c, unsigned b)
{
	unsigned k = c->k;
	uint8_t before;

	c->k = (uint8_t)((k + 1) % FW_T1_ESF_FRAMES);
	if (k == 0) {
		if (c->have) {
			c->prev = c->crc;
			c->have = 2;
		} else {
			c->have = 1;
		}
		c->crc = 0;
	}
	before = c->crc;
	c->crc = crc6_bit(c->crc, 1);
	if ((k & 3) == 3) {
		if (b != esf_fps[k >> 2])
			c->active = false;
		return false;
	}
	if ((k & 3) != 1)
		return false;
	c->crc_rx = (uint8_t)((c->crc_rx << 1) | b);
	if (k != 21)
		return false;
	if (c->have == 2) {
		if ((c->crc_rx & 0x3F) != c->prev) {
			/*
			 * A mimic (or an error). Only this alignment goes: the
			 * history of its position is kept, for the true alignment
			 * may be at the same position in another phase (a periodic
			 * FDL can look like the FPS there).
			 */
			c->active = false;
			return false;
		}
		/* confirmed: in frame at frame 22, its superframe's CRC-6 so far kept */
		align(rx, k, b);
		rx->crc_run = before;
		rx->crc_whole = true;
		to_sync(rx);
		return true;
	}
	c->crc_rx = 0;
	return false;
}

/* A new ESF candidate at @pos, whose F bit of frame 24 was just seen. */
static void cand_add(struct fw_t1_rx *rx, unsigned pos)
{
	struct fw_t1_cand *c, *slot = NULL;
	unsigned i;

	for (i = 0; i < FW_T1_CANDIDATES; i++) {
		c = &rx->cand[i];
		/* the same alignment: its frame 24 was this very bit */
		if (c->active && c->pos == pos && c->k == 0)
			return;
		if (!c->active && !slot)
			slot = c;
	}
	if (!slot)
		return;		/* it comes back with its next superframe */
	slot->active = true;
	slot->pos = (uint16_t)pos;
	slot->k = 0;
	slot->crc = 0;
	slot->crc_rx = 0;
	slot->have = 0;
}

/* Returns the frame index of the F bit just added to @h, or -1. */
static inline int match(const struct fw_t1_rx *rx, uint64_t h)
{
	unsigned k, v;

	if (rx->cfg.framing == FW_FRAMING_T1_ESF) {
		if ((h ^ (h >> 24)) & ESF_PERIODIC)
			return -1;
		v = (unsigned)((h & 1) | ((h >> 3) & 2) | ((h >> 6) & 4) | ((h >> 9) & 8) |
			       ((h >> 12) & 16) | ((h >> 15) & 32));
		/* taken at the FPS of frame 24 only: the CRC-6 check starts with a superframe */
		return v == esf_rot[5] ? FW_T1_ESF_FRAMES - 1 : -1;
	}
	if ((h ^ (h >> 12)) & SF_PERIODIC)
		return -1;
	v = (unsigned)(h & 0xFFF);
	for (k = 0; k < FW_T1_SF_FRAMES; k++)
		if (v == sf_rot[k])
			return (int)k;
	return -1;
}

/* The octet at bit @bit of @p (bit 0 = MSB of p[0]); reads p[bit/8 + 1] only when needed. */
static inline uint8_t get8(const uint8_t *p, size_t bit)
{
	const uint8_t *q = p + (bit >> 3);
	unsigned off = bit & 7;

	return off ? (uint8_t)((q[0] << off) | (q[1] >> (8 - off))) : q[0];
}

static void parse(const uint8_t *p, size_t bit, struct fw_t1_frame *out)
{
	unsigned i;

	out->fbit = (p[bit >> 3] >> (7 - (bit & 7))) & 1;
	bit++;
	if (!(bit & 7)) {
		for (i = 0; i < FW_T1_TIMESLOTS; i++)
			out->ts[i] = p[(bit >> 3) + i];
	} else {
		for (i = 0; i < FW_T1_TIMESLOTS; i++, bit += 8)
			out->ts[i] = get8(p, bit);
	}
}

static void yellow_sf(struct fw_t1_rx *rx, const uint8_t *ts)
{
	unsigned i;

	for (i = 0; i < FW_T1_TIMESLOTS; i++) {
		rx->y_zero += !(ts[i] & 0x40);
		if (++rx->y_ch == Y_SF_BLOCK) {
			if (rx->y_zero >= Y_SF_MIN)
				rx->alarms |= FW_ALARM_RAI;
			else
				rx->alarms &= (uint16_t)~FW_ALARM_RAI;
			rx->y_ch = rx->y_zero = 0;
		}
	}
}

static void yellow_esf(struct fw_t1_rx *rx, unsigned b)
{
	bool m;

	rx->y_sr = (uint16_t)((rx->y_sr << 1) | b);
	if (!rx->y_locked) {
		/* phase search: the first pattern anchors the 16-bit intervals */
		if (rx->y_sr == Y_ESF_PATTERN) {
			rx->y_locked = true;
			rx->y_n = 0;
			rx->y_run = 1;
		}
		return;
	}
	if (++rx->y_n < 16)
		return;
	rx->y_n = 0;
	m = rx->y_sr == Y_ESF_PATTERN;
	rx->y_win = (uint16_t)((rx->y_win << 1) | m);
	if (!(rx->alarms & FW_ALARM_RAI)) {
		if (!m) {
			rx->y_locked = false;
			rx->y_run = 0;
		} else if (++rx->y_run >= Y_ESF_SET) {
			rx->alarms |= FW_ALARM_RAI;
			rx->y_win = 0xFFFF;
		}
	} else if (pop16(rx->y_win) < Y_ESF_KEEP) {
		rx->alarms &= (uint16_t)~FW_ALARM_RAI;
		rx->y_locked = false;
		rx->y_run = 0;
	}
}

/* One frame in frame, F bit and octets in @out. Returns true if it is to be delivered. */
static bool rx_frame(struct fw_t1_rx *rx, struct fw_t1_frame *out)
{
	const bool esf = rx->cfg.framing == FW_FRAMING_T1_ESF;
	const unsigned k = rx->frame;
	const unsigned f = out->fbit;
	unsigned i, err;

	rx->frame = (uint8_t)((k + 1) % nframes(&rx->cfg));
	if (k == 0)
		rx->whole = rx->crc_whole = true;
	out->frame = (uint8_t)(k + 1);
	out->sig_update = false;

	if (!esf) {
		err = f != sf_fbit[k];
		out->fkind = (k & 1) ? FW_T1_F_FS : FW_T1_F_FT;
		if (err)
			fw_count_add(&rx->cnt->fas, 1);
		if (!(k & 1)) {
			rx->ferr = (uint8_t)(((rx->ferr << 1) | err) & 0x0F);
			if (pop4(rx->ferr) >= 2) {
				to_search(rx);
				return false;
			}
		}
		yellow_sf(rx, out->ts);
	} else {
		if (k == 0)
			rx->crc_run = 0;
		rx->crc_run = fw_t1_crc6(crc6_bit(rx->crc_run, 1), out->ts, FW_T1_TIMESLOTS);
		switch (k & 3) {
		case 3:
			out->fkind = FW_T1_F_FPS;
			err = f != esf_fps[k >> 2];
			if (err)
				fw_count_add(&rx->cnt->fas, 1);
			rx->ferr = (uint8_t)(((rx->ferr << 1) | err) & 0x0F);
			if (pop4(rx->ferr) >= 2) {
				to_search(rx);
				return false;
			}
			break;
		case 1:
			out->fkind = FW_T1_F_CRC;
			rx->crc_rx = (uint8_t)((rx->crc_rx << 1) | f);
			if (k == 21) {
				if (rx->crc_ok) {
					rx->sec->blocks++;
					if ((rx->crc_rx & 0x3F) != rx->crc_prev) {
						rx->sec->errored_blocks++;
						fw_count_add(&rx->cnt->crc, 1);
						rx->crc_win_bad++;
					}
					if (++rx->crc_win == CRC_WINDOW) {
						bool reframe = rx->crc_win_bad >= CRC_REFRAME;

						rx->crc_win = rx->crc_win_bad = 0;
						if (reframe) {
							to_search(rx);
							return false;
						}
					}
				}
				rx->crc_rx = 0;
			}
			break;
		default:
			out->fkind = FW_T1_F_FDL;
			yellow_esf(rx, f);
			break;
		}
		if (k == FW_T1_ESF_FRAMES - 1) {
			rx->crc_prev = rx->crc_run;
			rx->crc_ok = rx->crc_whole;
		}
	}

	if (k % 6 == 5) {
		unsigned shift = 3 - k / 6;

		if (k == 5)
			for (i = 0; i < FW_T1_TIMESLOTS; i++)
				rx->sig_acc[i] = 0;
		for (i = 0; i < FW_T1_TIMESLOTS; i++)
			rx->sig_acc[i] |= (uint8_t)((out->ts[i] & 1) << shift);
		if (k == nframes(&rx->cfg) - 1 && rx->whole) {
			for (i = 0; i < FW_T1_TIMESLOTS; i++)
				rx->sig[i] = esf ? rx->sig_acc[i]
						 : (uint8_t)(rx->sig_acc[i] | rx->sig_acc[i] >> 2);
			out->sig_update = true;
		}
	}
	return true;
}

/* One bit out of frame: the parallel search, and the ESF candidates. */
static void rx_bit(struct fw_t1_rx *rx, unsigned b)
{
	const bool esf = rx->cfg.framing == FW_FRAMING_T1_ESF;
	unsigned at = rx->pos, i;
	uint64_t h = (rx->hist[at] << 1) | b;

	rx->hist[at] = h;
	rx->ais_zeros += !b;
	if (++rx->pos == FW_T1_FRAME_BITS) {
		rx->pos = 0;
		if (rx->nfr < 64)
			rx->nfr++;
		tick(rx);
	}

	if (esf) {
		for (i = 0; i < FW_T1_CANDIDATES; i++) {
			struct fw_t1_cand *c = &rx->cand[i];

			if (!c->active)
				continue;
			if (c->pos != at)
				c->crc = crc6_bit(c->crc, b);
			else if (cand_fbit(rx, c, b))
				return;		/* in frame */
		}
	}

	if (rx->nfr >= (esf ? ESF_WINDOW : SF_WINDOW)) {
		int k = match(rx, h);

		if (k < 0)
			return;
		if (esf) {
			cand_add(rx, at);
		} else {
			align(rx, (unsigned)k, b);
			to_sync(rx);
		}
	}
}

bool fw_t1_rx(struct fw_t1_rx *rx, const uint8_t *p, size_t nbits, size_t *pos,
	      struct fw_t1_frame *out)
{
	size_t i = *pos;

	while (i < nbits) {
		if (rx->state == FW_T1_SYNC) {
			bool got;

			if (rx->fill == 0 && nbits - i >= FW_T1_FRAME_BITS) {
				parse(p, i, out);
				i += FW_T1_FRAME_BITS;
			} else {
				/* gather a frame that spans calls */
				while (i < nbits && rx->fill < FW_T1_FRAME_BITS) {
					unsigned m = 0x80u >> (rx->fill & 7);
					uint8_t *q = &rx->fbuf[rx->fill >> 3];

					if ((p[i >> 3] >> (7 - (i & 7))) & 1)
						*q |= (uint8_t)m;
					else
						*q &= (uint8_t)~m;
					rx->fill++;
					i++;
				}
				if (rx->fill < FW_T1_FRAME_BITS)
					break;
				rx->fill = 0;
				parse(rx->fbuf, 0, out);
			}
			tick(rx);
			got = rx_frame(rx, out);
			if (got) {
				*pos = i;
				return true;
			}
			continue;
		}
		rx_bit(rx, (p[i >> 3] >> (7 - (i & 7))) & 1);
		i++;
	}
	*pos = i;
	return false;
}

void fw_t1_rx_slip(struct fw_t1_rx *rx, int n)
{
	int nf = (int)nframes(&rx->cfg), k;

	if (rx->state != FW_T1_SYNC || rx->fill || !n)
		return;
	k = ((int)rx->frame - n % nf + nf) % nf;
	rx->frame = (uint8_t)k;
	rx->whole = false;
	rx->crc_whole = false;
	rx->crc_ok = false;
	rx->crc_rx = 0;
}
