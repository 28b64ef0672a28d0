// SPDX-License-Identifier: GPL-2.0-only
/*
 * HDLC codec for the card firmware: FCS-16, bit-stuffing encoder and a
 * bit-serial decoder.  See fw/hdlc.h for the wire format.
 *
 * Freestanding on purpose: this file is linked into the card firmware, so it
 * uses no libc (not even memcpy/memset, which a bare-metal link may lack),
 * allocates nothing and keeps all state in caller-owned structures.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/hdlc.h>

#include "hdlc_table.h"	/* generated: scripts/gen-hdlc-table */

uint16_t hdlc_fcs_update(uint16_t fcs, const uint8_t *p, size_t len)
{
	const uint16_t (*t)[256] = hdlc_rx_tab.fcs;
	size_t i = 0;

	/*
	 * Eight octets a step (slicing by 8): the 16-bit register takes the
	 * first two, table k advances an octet by the k octets after it.
	 * Eight independent loads per step instead of a chain of eight.
	 */
	for (; i + 8 <= len; i += 8) {
		unsigned int x = fcs ^ (p[i] | (unsigned int)p[i + 1] << 8);

		fcs = (uint16_t)(t[7][x & 0xff] ^ t[6][x >> 8] ^ t[5][p[i + 2]] ^ t[4][p[i + 3]] ^
				 t[3][p[i + 4]] ^ t[2][p[i + 5]] ^ t[1][p[i + 6]] ^ t[0][p[i + 7]]);
	}
	for (; i < len; i++)
		fcs = (uint16_t)((fcs >> 8) ^ t[0][(fcs ^ p[i]) & 0xff]);
	return fcs;
}

uint16_t hdlc_fcs(const uint8_t *p, size_t len)
{
	return (uint16_t)~hdlc_fcs_update(HDLC_FCS_INIT, p, len);
}

/* --- Encoder ------------------------------------------------------------ */

void hdlc_tx_init(struct hdlc_tx *tx)
{
	if (tx)
		tx->ones = 0;
}

/* Free bits left in @out; 0 for a missing or inconsistent buffer. */
static size_t bb_free(const struct hdlc_bitbuf *out)
{
	size_t capbits;

	if (!out || !out->buf)
		return 0;
	capbits = out->cap > SIZE_MAX / 8 ? SIZE_MAX : out->cap * 8;
	return out->nbits <= capbits ? capbits - out->nbits : 0;
}

/*
 * Both values of the bit are written explicitly: the caller's buffer need not
 * be cleared beforehand, and bits already in it stay as they were.
 */
static void bb_put(struct hdlc_bitbuf *out, unsigned int bit)
{
	uint8_t *o = &out->buf[out->nbits >> 3];
	uint8_t m = (uint8_t)(1u << (out->nbits & 7));

	if (bit)
		*o |= m;
	else
		*o &= (uint8_t)~m;
	out->nbits++;
}

/* Flags are never stuffed, and the 0 that ends one restarts the 1s count. */
static void bb_put_octet_raw(struct hdlc_bitbuf *out, uint8_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		bb_put(out, (v >> i) & 1u);
}

/*
 * Send one octet LSB first with a 0 after every fifth consecutive 1, or with
 * @out NULL only count the bits it would take.  Counting and sending share
 * this code so the room check in hdlc_tx_frame() can never disagree with
 * what is written.
 */
static size_t tx_octet(struct hdlc_bitbuf *out, unsigned int *ones, uint8_t v)
{
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		unsigned int bit = (v >> i) & 1u;

		if (out)
			bb_put(out, bit);
		n++;
		if (!bit) {
			*ones = 0;
			continue;
		}
		if (++*ones == 5) {
			if (out)
				bb_put(out, 0);
			n++;
			*ones = 0;
		}
	}
	return n;
}

int hdlc_tx_flags(struct hdlc_tx *tx, struct hdlc_bitbuf *out, unsigned int n)
{
	unsigned int i;

	/* Divide rather than multiply: n * 8 may wrap where size_t is 32 bits. */
	if (!tx || n > bb_free(out) / 8)
		return -1;
	for (i = 0; i < n; i++)
		bb_put_octet_raw(out, HDLC_FLAG);
	tx->ones = 0;
	return 0;
}

int hdlc_tx_frame(struct hdlc_tx *tx, struct hdlc_bitbuf *out, const uint8_t *p, size_t len)
{
	uint16_t fcs;
	unsigned int ones = 0;
	size_t bits = 16;	/* opening and closing flag */
	size_t i;

	/* The limit keeps the bit count below from wrapping. */
	if (!tx || (!p && len) || len > SIZE_MAX / 16)
		return -1;
	fcs = hdlc_fcs(p, len);

	/* Exact size first, so a frame that does not fit leaves @out untouched. */
	for (i = 0; i < len; i++)
		bits += tx_octet(NULL, &ones, p[i]);
	bits += tx_octet(NULL, &ones, (uint8_t)(fcs & 0xff));
	bits += tx_octet(NULL, &ones, (uint8_t)(fcs >> 8));
	if (bits > bb_free(out))
		return -1;

	bb_put_octet_raw(out, HDLC_FLAG);
	tx->ones = 0;
	for (i = 0; i < len; i++)
		tx_octet(out, &tx->ones, p[i]);
	tx_octet(out, &tx->ones, (uint8_t)(fcs & 0xff));
	tx_octet(out, &tx->ones, (uint8_t)(fcs >> 8));
	bb_put_octet_raw(out, HDLC_FLAG);
	tx->ones = 0;
	return 0;
}

int hdlc_tx_abort(struct hdlc_tx *tx, struct hdlc_bitbuf *out)
{
	unsigned int i;

	if (!tx || bb_free(out) < 7)
		return -1;
	for (i = 0; i < 7; i++)
		bb_put(out, 1);
	/* Whatever follows must start with a flag, which begins with a 0. */
	tx->ones = 0;
	return 0;
}

/* --- Decoder: set-up and the octet-at-a-time fast path ------------------- */

/*
 * The tables (hdlc_rx_tab, hdlc_table.h) have a row per count of 1s already
 * seen inside a frame (0..5) and a column per octet of the stream: data[] gives
 * the octet's data bits once the stuffed 0s are dropped (first bit lowest) and
 * count[] how many there are (6..8). An octet in which a sixth 1 arrives (flag,
 * abort, idle) is HDLC_RX_EVENT, and so is every octet of the last row, the
 * state "not in a frame, or a sixth 1 held back": those octets go bit by bit
 * through the reference decoder (hdlc_ref.c), which the fast path must equal
 * exactly (tests/firmware/test_hdlc_fast.c compares the two on random streams).
 *
 * Inside a frame the row of an octet does not have to wait for the previous
 * lookup: a stuffed 0 is a 0 on the line, so the 1s count is the run of 1s
 * that ends the previous octet (next_row[]). Octets go four at a time into a
 * 64-bit accumulator, written out four octets at once. bench/NOTES.md says
 * why it is shaped as it is.
 */

int hdlc_rx_init(struct hdlc_rx *rx, uint8_t *buf, uint16_t min_len, uint16_t max_len,
		 hdlc_frame_cb cb, void *cb_ctx)
{
	/* Below three octets a frame cannot hold even one octet besides its FCS. */
	if (!rx || !buf || !cb || min_len < 3 || max_len < min_len)
		return -1;
	rx->min_len = min_len;
	rx->max_len = max_len;
	rx->buf = buf;
	rx->cb = cb;
	rx->cb_ctx = cb_ctx;
	rx->ones = 0;
	rx->in_frame = false;
	rx->overflow = false;
	rx->idle = false;
	rx->shreg = 0;
	rx->nbits = 0;
	rx->len = 0;
	/* Field by field: a struct assignment may become a memset call. */
	rx->stats.frames = 0;
	rx->stats.crc_errors = 0;
	rx->stats.aborts = 0;
	rx->stats.too_short = 0;
	rx->stats.too_long = 0;
	rx->stats.misaligned = 0;
	rx->stats.idles = 0;
	return 0;
}

/* The table row for the decoder's state. */
static inline unsigned int rx_row(const struct hdlc_rx *rx)
{
	return rx->in_frame && rx->ones <= 5 ? rx->ones : HDLC_RX_STATES - 1;
}

/* One octet of the frame's data, or past max_len only counted. */
static inline void rx_store(struct hdlc_rx *rx, uint8_t v)
{
	if (rx->len < rx->max_len)
		rx->buf[rx->len++] = v;
	else
		rx->overflow = true;
}

/* @n data bits (first bit lowest) into the octet being assembled. */
static inline void rx_take(struct hdlc_rx *rx, unsigned int data, unsigned int n)
{
	unsigned int acc = rx->shreg | data << rx->nbits;

	rx->nbits += n;
	if (rx->nbits >= 8) {
		rx_store(rx, (uint8_t)acc);
		acc >>= 8;
		rx->nbits -= 8;
	}
	rx->shreg = (uint8_t)acc;
}

/*
 * An octet in whose bit @k a sixth 1 arrives, inside a frame (@k from the
 * table). Its bits before @k through the table, as the octet with its bits
 * from @k on cleared: after the five 1s the first of those 0s counts as
 * stuffed, the other 7 - k as data 0s, which take no room in data[]. Then a
 * flag that ends in this octet followed by bits that hold no five 1s with a
 * bit after them (so nothing to unstuff) at once; anything else (an abort,
 * a flag ending in the next octet) bit by bit from @k.
 */
static void rx_event(struct hdlc_rx *rx, unsigned int row, unsigned int v, unsigned int k)
{
	const struct hdlc_rx_tables *t = &hdlc_rx_tab;
	unsigned int pre = row * 256 + (v & ((1u << k) - 1)), rest, i;

	rx_take(rx, t->data[pre], t->count[pre] - (7 - k));
	rx->ones = 5;
	rest = v >> (k + 1);	/* the bits after the sixth 1 */
	if (k < 7 && !(rest & 1) && !(k == 0 && (rest & 0x3e) == 0x3e)) {
		hdlc_rx_flag(rx);
		rx->shreg = (uint8_t)(rest >> 1);	/* 6 - k < 8 bits: no octet out */
		rx->nbits = 6 - k;
		rx->ones = t->next_row[v] >> 8;
		return;
	}
	for (i = k; i < 8; i++)
		hdlc_rx_bit(rx, (v >> i) & 1u);
}

/* One octet of the stream: a table step, or an event. */
static void rx_octet(struct hdlc_rx *rx, unsigned int v)
{
	const struct hdlc_rx_tables *t = &hdlc_rx_tab;
	unsigned int row = rx_row(rx), k = row * 256 + v, i;

	if (t->count[k] != HDLC_RX_EVENT) {
		rx_take(rx, t->data[k], t->count[k]);
		rx->ones = t->next_row[v] >> 8;
	} else if (row < HDLC_RX_STATES - 1) {
		rx_event(rx, row, v, t->data[k]);
	} else {
		for (i = 0; i < 8; i++)
			hdlc_rx_bit(rx, (v >> i) & 1u);
	}
}

/* The four octets at the bottom of @acc out (those past max_len counted). */
static inline void rx_out32(struct hdlc_rx *rx, size_t *len, uint64_t acc)
{
	uint8_t *o = rx->buf + *len;
	unsigned int k;

	if (rx->max_len - *len >= 4) {
		o[0] = (uint8_t)acc;
		o[1] = (uint8_t)(acc >> 8);
		o[2] = (uint8_t)(acc >> 16);
		o[3] = (uint8_t)(acc >> 24);
		*len += 4;
		return;
	}
	for (k = 0; k < 4; k++) {
		if (*len < rx->max_len)
			rx->buf[(*len)++] = (uint8_t)(acc >> (8 * k));
		else
			rx->overflow = true;
	}
}

/*
 * Groups of four octets inside a frame, none of them an event, from @q up to
 * @end; returns where it stopped: at @end's last partial group, or at the
 * first group with an event (left for rx_octet()).
 */
static const uint8_t *rx_groups(struct hdlc_rx *rx, const uint8_t *q, const uint8_t *end)
{
	const struct hdlc_rx_tables *t = &hdlc_rx_tab;
	uint64_t acc = rx->shreg;
	unsigned int nb = rx->nbits, row = rx->ones * 256;	/* an offset in the table */
	size_t len = rx->len, max = rx->max_len, groups = (size_t)(end - q) / 4;
	uint8_t *buf = rx->buf;

	for (; groups; groups--, q += 4) {
		unsigned int k0 = row + q[0];
		unsigned int k1 = t->next_row[q[0]] + q[1];
		unsigned int k2 = t->next_row[q[1]] + q[2];
		unsigned int k3 = t->next_row[q[2]] + q[3];
		/* where each octet's data bits go; past 63 if one is an event */
		unsigned int s1 = nb + t->count[k0];
		unsigned int s2 = s1 + t->count[k1];
		unsigned int s3 = s2 + t->count[k2];
		unsigned int s4 = s3 + t->count[k3], full;

		if (s4 >= HDLC_RX_EVENT)
			break;
		acc |= (uint64_t)t->data[k0] << nb | (uint64_t)t->data[k1] << s1 |
		       (uint64_t)t->data[k2] << s2 | (uint64_t)t->data[k3] << s3;
		nb = s4;
		row = t->next_row[q[3]];
		/*
		 * 24..32 bits came in; 32 go out when there are. Without a
		 * branch (whether they are is as random as the stuffing): the
		 * four octets are always stored, and len moves only when full.
		 */
		if (max - len >= 4) {
			full = nb >> 5;		/* nb < 64: 0 or 1 */
			buf[len] = (uint8_t)acc;
			buf[len + 1] = (uint8_t)(acc >> 8);
			buf[len + 2] = (uint8_t)(acc >> 16);
			buf[len + 3] = (uint8_t)(acc >> 24);
			len += 4 * full;
			acc >>= 32 * full;
			nb -= 32 * full;
		} else if (nb >= 32) {
			rx_out32(rx, &len, acc);
			acc >>= 32;
			nb -= 32;
		}
	}
	/* Whole octets out, fewer than 8 bits back into the state. */
	rx->len = len;
	while (nb >= 8) {
		rx_store(rx, (uint8_t)acc);
		acc >>= 8;
		nb -= 8;
	}
	rx->shreg = (uint8_t)acc;
	rx->nbits = nb;
	rx->ones = row >> 8;
	return q;
}

void hdlc_rx_bits(struct hdlc_rx *rx, const uint8_t *p, size_t nbits)
{
	const uint8_t *q, *end;
	size_t i;

	if (!rx || !p)
		return;
	q = p;
	end = p + (nbits >> 3);
	while (q < end) {
		const uint8_t *stop;

		if (rx_row(rx) < HDLC_RX_STATES - 1) {
			q = rx_groups(rx, q, end);
			if (q == end)
				break;
		}
		/* A group with an event (or a short last one) octet by octet. */
		stop = end - q > 4 ? q + 4 : end;
		while (q < stop)
			rx_octet(rx, *q++);
	}
	/* The bits of a last, partial octet. */
	for (i = 0; i < (nbits & 7); i++)
		hdlc_rx_bit(rx, (*end >> i) & 1u);
}
