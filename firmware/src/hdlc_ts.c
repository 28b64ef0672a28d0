// SPDX-License-Identifier: GPL-2.0-only
/*
 * HDLC on a timeslot: hdlc.c's decoder and an incremental encoder between a
 * timeslot's octets (MSB first on the line) and HDLC's LSB-first streams,
 * with queues of whole frames. See fw/hdlc_ts.h.
 *
 * Freestanding: no libc (copies are loops), no allocation, no globals but
 * const tables; the caller owns struct hdlc_ts and calls it from one context.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/hdlc.h>
#include <fw/hdlc_ts.h>

/* rev8[v]: v with its bits in the other order (bit 7 <-> bit 0 ...). */
static const uint8_t rev8[256] = {
	0x00, 0x80, 0x40, 0xc0, 0x20, 0xa0, 0x60, 0xe0,
	0x10, 0x90, 0x50, 0xd0, 0x30, 0xb0, 0x70, 0xf0,
	0x08, 0x88, 0x48, 0xc8, 0x28, 0xa8, 0x68, 0xe8,
	0x18, 0x98, 0x58, 0xd8, 0x38, 0xb8, 0x78, 0xf8,
	0x04, 0x84, 0x44, 0xc4, 0x24, 0xa4, 0x64, 0xe4,
	0x14, 0x94, 0x54, 0xd4, 0x34, 0xb4, 0x74, 0xf4,
	0x0c, 0x8c, 0x4c, 0xcc, 0x2c, 0xac, 0x6c, 0xec,
	0x1c, 0x9c, 0x5c, 0xdc, 0x3c, 0xbc, 0x7c, 0xfc,
	0x02, 0x82, 0x42, 0xc2, 0x22, 0xa2, 0x62, 0xe2,
	0x12, 0x92, 0x52, 0xd2, 0x32, 0xb2, 0x72, 0xf2,
	0x0a, 0x8a, 0x4a, 0xca, 0x2a, 0xaa, 0x6a, 0xea,
	0x1a, 0x9a, 0x5a, 0xda, 0x3a, 0xba, 0x7a, 0xfa,
	0x06, 0x86, 0x46, 0xc6, 0x26, 0xa6, 0x66, 0xe6,
	0x16, 0x96, 0x56, 0xd6, 0x36, 0xb6, 0x76, 0xf6,
	0x0e, 0x8e, 0x4e, 0xce, 0x2e, 0xae, 0x6e, 0xee,
	0x1e, 0x9e, 0x5e, 0xde, 0x3e, 0xbe, 0x7e, 0xfe,
	0x01, 0x81, 0x41, 0xc1, 0x21, 0xa1, 0x61, 0xe1,
	0x11, 0x91, 0x51, 0xd1, 0x31, 0xb1, 0x71, 0xf1,
	0x09, 0x89, 0x49, 0xc9, 0x29, 0xa9, 0x69, 0xe9,
	0x19, 0x99, 0x59, 0xd9, 0x39, 0xb9, 0x79, 0xf9,
	0x05, 0x85, 0x45, 0xc5, 0x25, 0xa5, 0x65, 0xe5,
	0x15, 0x95, 0x55, 0xd5, 0x35, 0xb5, 0x75, 0xf5,
	0x0d, 0x8d, 0x4d, 0xcd, 0x2d, 0xad, 0x6d, 0xed,
	0x1d, 0x9d, 0x5d, 0xdd, 0x3d, 0xbd, 0x7d, 0xfd,
	0x03, 0x83, 0x43, 0xc3, 0x23, 0xa3, 0x63, 0xe3,
	0x13, 0x93, 0x53, 0xd3, 0x33, 0xb3, 0x73, 0xf3,
	0x0b, 0x8b, 0x4b, 0xcb, 0x2b, 0xab, 0x6b, 0xeb,
	0x1b, 0x9b, 0x5b, 0xdb, 0x3b, 0xbb, 0x7b, 0xfb,
	0x07, 0x87, 0x47, 0xc7, 0x27, 0xa7, 0x67, 0xe7,
	0x17, 0x97, 0x57, 0xd7, 0x37, 0xb7, 0x77, 0xf7,
	0x0f, 0x8f, 0x4f, 0xcf, 0x2f, 0xaf, 0x6f, 0xef,
	0x1f, 0x9f, 0x5f, 0xdf, 0x3f, 0xbf, 0x7f, 0xff,
};

#define RXQ	(HDLC_TS_RX_FRAMES + 1)
#define TXQ	HDLC_TS_TX_FRAMES

/* Transmit slot states (slot.status). */
#define TXS_READY	0	/* being written or waiting to be sent */
#define TXS_UNDERRUN	1	/* ran dry while being sent; aborted on the line */

/* What the encoder sends next. */
enum { PH_IDLE, PH_DATA, PH_FCS_HI };

static void count_inc(uint32_t *c)
{
	if (*c != UINT32_MAX)
		(*c)++;
}

/* Field by field: a struct assignment may become a memcpy call. */
static void stats_copy(struct hdlc_stats *d, const struct hdlc_stats *s)
{
	d->frames = s->frames;
	d->crc_errors = s->crc_errors;
	d->aborts = s->aborts;
	d->too_short = s->too_short;
	d->too_long = s->too_long;
	d->misaligned = s->misaligned;
	d->idles = s->idles;
}

static void copy_octets(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i];
}

/* --- receive ------------------------------------------------------------ */

/*
 * A good frame, decoded in place into the decoder's slot (the one after the
 * queued ones): queue it and give the decoder the next free slot, or, with
 * the queue full, leave it where it is to be overwritten (an overrun).
 */
static void ts_rx_cb(void *ctx, const uint8_t *p, size_t len)
{
	struct hdlc_ts *ts = ctx;
	const struct hdlc_stats *st = &ts->rx.stats;
	struct hdlc_ts_slot *slot;
	uint8_t lost = 0;

	(void)p;
	if (st->crc_errors != ts->rx_seen.crc_errors)
		lost |= HDLC_TS_RX_LOST_FCS;
	if (st->aborts != ts->rx_seen.aborts)
		lost |= HDLC_TS_RX_LOST_ABORT;
	if (st->too_short != ts->rx_seen.too_short || st->too_long != ts->rx_seen.too_long ||
	    st->misaligned != ts->rx_seen.misaligned)
		lost |= HDLC_TS_RX_LOST_LENGTH;
	stats_copy(&ts->rx_seen, st);
	ts->rx_lost |= lost;
	if (ts->rx_count == HDLC_TS_RX_FRAMES) {
		count_inc(&ts->rx_overrun);
		ts->rx_lost |= HDLC_TS_RX_LOST_OVERRUN;
		return;
	}
	slot = &ts->rxq[(ts->rx_head + ts->rx_count) % RXQ];
	slot->len = (uint16_t)(len + (ts->flags & HDLC_TS_F_RX_FCS ? 2 : 0));
	slot->status = ts->rx_lost;
	ts->rx_lost = 0;
	ts->rx_count++;
	ts->rx.buf = ts->rxq[(ts->rx_head + ts->rx_count) % RXQ].data;
}

void hdlc_ts_rx(struct hdlc_ts *ts, const uint8_t *octets, size_t n)
{
	uint8_t tmp[32];	/* the stream, LSB first, a piece at a time */
	size_t i, k;

	if (!ts || !octets)
		return;
	while (n) {
		k = n < sizeof(tmp) ? n : sizeof(tmp);
		if (ts->rate == HDLC_TS_64K) {
			for (i = 0; i < k; i++)
				tmp[i] = rev8[octets[i]];
			hdlc_rx_bits(&ts->rx, tmp, k * 8);
		} else {
			/* bits 1..7 of each octet, the 7 first on the line */
			unsigned int acc = 0, nacc = 0;
			size_t j = 0;

			for (i = 0; i < k; i++) {
				acc |= (unsigned int)(rev8[octets[i]] & 0x7f) << nacc;
				nacc += 7;
				if (nacc >= 8) {
					tmp[j++] = (uint8_t)acc;
					acc >>= 8;
					nacc -= 8;
				}
			}
			if (nacc)
				tmp[j] = (uint8_t)acc;
			hdlc_rx_bits(&ts->rx, tmp, k * 7);
		}
		octets += k;
		n -= k;
	}
}

const uint8_t *hdlc_ts_rx_peek(const struct hdlc_ts *ts, size_t *len, unsigned int *status)
{
	const struct hdlc_ts_slot *slot;

	if (!ts || !len || !ts->rx_count)
		return NULL;
	slot = &ts->rxq[ts->rx_head];
	*len = slot->len;
	if (status)
		*status = slot->status;
	return slot->data;
}

int hdlc_ts_rx_pop(struct hdlc_ts *ts)
{
	if (!ts)
		return HDLC_TS_EARG;
	if (!ts->rx_count)
		return HDLC_TS_EEMPTY;
	/* The decoder's slot, (head + count) % RXQ, stays where it is. */
	ts->rx_head = (uint8_t)((ts->rx_head + 1) % RXQ);
	ts->rx_count--;
	return HDLC_TS_OK;
}

int hdlc_ts_rx_frame(struct hdlc_ts *ts, uint8_t *buf, size_t cap, unsigned int *status)
{
	const uint8_t *p;
	size_t len;

	if (!ts || !buf)
		return HDLC_TS_EARG;
	p = hdlc_ts_rx_peek(ts, &len, status);
	if (!p)
		return HDLC_TS_EEMPTY;
	if (len > cap)
		return HDLC_TS_ENOSPACE;
	copy_octets(buf, p, len);
	hdlc_ts_rx_pop(ts);
	return (int)len;
}

/* --- transmit ----------------------------------------------------------- */

static struct hdlc_ts_slot *tx_last(struct hdlc_ts *ts)
{
	return &ts->txq[(ts->tx_head + ts->tx_count - 1) % TXQ];
}

int hdlc_ts_tx_begin(struct hdlc_ts *ts)
{
	struct hdlc_ts_slot *slot;

	if (!ts)
		return HDLC_TS_EARG;
	if (ts->tx_open)
		return HDLC_TS_ESTATE;
	if (ts->tx_count == TXQ)
		return HDLC_TS_EFULL;
	ts->tx_count++;
	slot = tx_last(ts);
	slot->len = 0;
	slot->status = TXS_READY;
	ts->tx_open = true;
	return HDLC_TS_OK;
}

int hdlc_ts_tx_append(struct hdlc_ts *ts, const uint8_t *p, size_t len)
{
	struct hdlc_ts_slot *slot;

	if (!ts || (!p && len))
		return HDLC_TS_EARG;
	if (!ts->tx_open)
		return HDLC_TS_ESTATE;
	slot = tx_last(ts);
	if (slot->status == TXS_UNDERRUN)
		return HDLC_TS_EUNDERRUN;
	if (len > (size_t)HDLC_TS_FRAME_MAX - slot->len)
		return HDLC_TS_ETOOLONG;
	copy_octets(slot->data + slot->len, p, len);
	slot->len = (uint16_t)(slot->len + len);
	return HDLC_TS_OK;
}

int hdlc_ts_tx_end(struct hdlc_ts *ts)
{
	struct hdlc_ts_slot *slot;

	if (!ts)
		return HDLC_TS_EARG;
	if (!ts->tx_open)
		return HDLC_TS_ESTATE;
	slot = tx_last(ts);
	ts->tx_open = false;
	if (slot->status == TXS_UNDERRUN || slot->len < HDLC_TS_FRAME_MIN) {
		int err = slot->status == TXS_UNDERRUN ? HDLC_TS_EUNDERRUN : HDLC_TS_ETOOSHORT;

		/* Never being sent here: an underrun ended it, tx_start >= FRAME_MIN. */
		ts->tx_count--;
		return err;
	}
	return HDLC_TS_OK;
}

int hdlc_ts_tx_frame(struct hdlc_ts *ts, const uint8_t *p, size_t len)
{
	struct hdlc_ts_slot *slot;

	if (!ts || !p)
		return HDLC_TS_EARG;
	if (ts->tx_open)
		return HDLC_TS_ESTATE;
	if (len > HDLC_TS_FRAME_MAX)
		return HDLC_TS_ETOOLONG;
	if (len < HDLC_TS_FRAME_MIN)
		return HDLC_TS_ETOOSHORT;
	if (ts->tx_count == TXQ)
		return HDLC_TS_EFULL;
	ts->tx_count++;
	slot = tx_last(ts);
	copy_octets(slot->data, p, len);
	slot->len = (uint16_t)len;
	slot->status = TXS_READY;
	return HDLC_TS_OK;
}

/* Line bits: raw (flags, abort) and one octet with zero insertion. */
static void put_raw(struct hdlc_ts *ts, unsigned int bits, unsigned int n)
{
	ts->tx_acc |= (uint32_t)bits << ts->tx_nacc;
	ts->tx_nacc = (uint8_t)(ts->tx_nacc + n);
	ts->tx_ones = 0;	/* a flag ends in 0; after an abort comes a flag */
}

static void put_stuffed(struct hdlc_ts *ts, unsigned int v)
{
	unsigned int i, ones = ts->tx_ones, n = ts->tx_nacc;
	uint32_t acc = ts->tx_acc;

	for (i = 0; i < 8; i++) {
		unsigned int bit = (v >> i) & 1u;

		acc |= (uint32_t)bit << n++;
		if (!bit) {
			ones = 0;
		} else if (++ones == 5) {
			n++;	/* the inserted 0 */
			ones = 0;
		}
	}
	ts->tx_acc = acc;
	ts->tx_nacc = (uint8_t)n;
	ts->tx_ones = (uint8_t)ones;
}

/* Whether the head slot may be sent: a whole frame, or enough of a streamed one. */
static bool tx_ready(const struct hdlc_ts *ts)
{
	const struct hdlc_ts_slot *slot = &ts->txq[ts->tx_head];

	if (!ts->tx_count || slot->status != TXS_READY)
		return false;
	if (ts->tx_open && ts->tx_count == 1)
		return ts->tx_start && slot->len >= ts->tx_start;
	return true;
}

/* Adds the next piece of the line (8 to 18 bits) to tx_acc. */
static void tx_more(struct hdlc_ts *ts)
{
	struct hdlc_ts_slot *slot = &ts->txq[ts->tx_head];

	switch (ts->tx_phase) {
	case PH_IDLE:
		put_raw(ts, HDLC_FLAG, 8);
		if (tx_ready(ts)) {
			/* that flag opens it */
			ts->tx_phase = PH_DATA;
			ts->tx_pos = 0;
			ts->tx_fcs = HDLC_FCS_INIT;
		}
		break;
	case PH_DATA:
		if (ts->tx_pos < slot->len) {
			uint8_t v = slot->data[ts->tx_pos++];

			ts->tx_fcs = hdlc_fcs_update(ts->tx_fcs, &v, 1);
			put_stuffed(ts, v);
		} else if (ts->tx_open && ts->tx_count == 1) {
			/* The writer has not kept up: abort the frame on the line. */
			put_raw(ts, 0x7f, 7);
			slot->status = TXS_UNDERRUN;
			count_inc(&ts->tx_underrun);
			ts->tx_phase = PH_IDLE;
		} else {
			ts->tx_fcs = (uint16_t)~ts->tx_fcs;
			put_stuffed(ts, ts->tx_fcs & 0xffu);
			ts->tx_phase = PH_FCS_HI;
		}
		break;
	default:	/* PH_FCS_HI */
		put_stuffed(ts, ts->tx_fcs >> 8);
		put_raw(ts, HDLC_FLAG, 8);	/* the closing flag */
		ts->tx_head = (uint8_t)((ts->tx_head + 1) % TXQ);
		ts->tx_count--;
		count_inc(&ts->tx_frames);
		ts->tx_phase = PH_IDLE;
		break;
	}
}

void hdlc_ts_tx(struct hdlc_ts *ts, uint8_t *octets, size_t n)
{
	unsigned int need;
	size_t i;

	if (!ts || !octets)
		return;
	need = ts->rate == HDLC_TS_64K ? 8 : 7;
	for (i = 0; i < n; i++) {
		unsigned int bits;

		while (ts->tx_nacc < need)
			tx_more(ts);
		bits = ts->tx_acc & ((1u << need) - 1);
		ts->tx_acc >>= need;
		ts->tx_nacc = (uint8_t)(ts->tx_nacc - need);
		/* first line bit = most significant; at 56k bit 8 is sent as 1 */
		octets[i] = need == 8 ? rev8[bits] : (uint8_t)(rev8[bits] | 1u);
	}
}

/* --- set-up, counters ------------------------------------------------------ */

int hdlc_ts_init(struct hdlc_ts *ts, enum hdlc_ts_rate rate, unsigned int flags,
		 unsigned int tx_start)
{
	if (!ts || (rate != HDLC_TS_64K && rate != HDLC_TS_56K) || (flags & ~HDLC_TS_F_RX_FCS) ||
	    (tx_start && (tx_start < HDLC_TS_FRAME_MIN || tx_start > HDLC_TS_FRAME_MAX)))
		return HDLC_TS_EARG;
	ts->rate = (uint8_t)rate;
	ts->flags = (uint8_t)flags;
	ts->tx_start = (uint16_t)tx_start;
	if (hdlc_rx_init(&ts->rx, ts->rxq[0].data, HDLC_TS_FRAME_MIN + 2, HDLC_TS_FRAME_MAX + 2,
			 ts_rx_cb, ts))
		return HDLC_TS_EARG;
	ts->rx_head = ts->rx_count = 0;
	ts->rx_lost = 0;
	stats_copy(&ts->rx_seen, &ts->rx.stats);
	ts->rx_overrun = 0;
	ts->tx_head = ts->tx_count = 0;
	ts->tx_open = false;
	ts->tx_phase = PH_IDLE;
	ts->tx_pos = 0;
	ts->tx_fcs = 0;
	ts->tx_ones = 0;
	ts->tx_nacc = 0;
	ts->tx_acc = 0;
	ts->tx_frames = ts->tx_underrun = 0;
	return HDLC_TS_OK;
}

void hdlc_ts_get_counters(const struct hdlc_ts *ts, struct hdlc_ts_counters *c)
{
	if (!ts || !c)
		return;
	c->rx_frames = ts->rx.stats.frames;
	c->rx_bad_fcs = ts->rx.stats.crc_errors;
	c->rx_aborts = ts->rx.stats.aborts;
	c->rx_too_short = ts->rx.stats.too_short;
	c->rx_too_long = ts->rx.stats.too_long;
	c->rx_misaligned = ts->rx.stats.misaligned;
	c->rx_overrun = ts->rx_overrun;
	c->rx_idles = ts->rx.stats.idles;
	c->tx_frames = ts->tx_frames;
	c->tx_underrun = ts->tx_underrun;
}

const char *hdlc_ts_strerror(int err)
{
	switch (err) {
	case HDLC_TS_OK:
		return "success";
	case HDLC_TS_EARG:
		return "hdlc_ts: bad argument (NULL pointer, unknown rate or option, tx_start outside 3..264)";
	case HDLC_TS_EFULL:
		return "hdlc_ts: transmit queue full; send timeslot octets and queue the frame again";
	case HDLC_TS_EEMPTY:
		return "hdlc_ts: no received frame waiting";
	case HDLC_TS_ETOOLONG:
		return "hdlc_ts: frame longer than HDLC_TS_FRAME_MAX (264) octets; split it at a higher layer";
	case HDLC_TS_ETOOSHORT:
		return "hdlc_ts: frame shorter than HDLC_TS_FRAME_MIN (3) octets (address and control)";
	case HDLC_TS_ENOSPACE:
		return "hdlc_ts: buffer smaller than the received frame (kept queued); pass HDLC_TS_FRAME_MAX + 2 octets";
	case HDLC_TS_ESTATE:
		return "hdlc_ts: streamed frame out of order (append/end need begin; begin/frame need the open frame ended)";
	case HDLC_TS_EUNDERRUN:
		return "hdlc_ts: transmit underrun: the frame ran dry on the line and was aborted; send it again, faster or with a larger tx_start";
	default:
		return "hdlc_ts: unknown error code";
	}
}
