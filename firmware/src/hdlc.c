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

/*
 * CRC-16/X.25 table: entry i is the reflected (poly 0x8408) CRC of octet i
 * from a zero register, so one lookup replaces eight shift/xor steps.
 */
static const uint16_t hdlc_fcs_table[256] = {
	0x0000, 0x1189, 0x2312, 0x329b, 0x4624, 0x57ad, 0x6536, 0x74bf,
	0x8c48, 0x9dc1, 0xaf5a, 0xbed3, 0xca6c, 0xdbe5, 0xe97e, 0xf8f7,
	0x1081, 0x0108, 0x3393, 0x221a, 0x56a5, 0x472c, 0x75b7, 0x643e,
	0x9cc9, 0x8d40, 0xbfdb, 0xae52, 0xdaed, 0xcb64, 0xf9ff, 0xe876,
	0x2102, 0x308b, 0x0210, 0x1399, 0x6726, 0x76af, 0x4434, 0x55bd,
	0xad4a, 0xbcc3, 0x8e58, 0x9fd1, 0xeb6e, 0xfae7, 0xc87c, 0xd9f5,
	0x3183, 0x200a, 0x1291, 0x0318, 0x77a7, 0x662e, 0x54b5, 0x453c,
	0xbdcb, 0xac42, 0x9ed9, 0x8f50, 0xfbef, 0xea66, 0xd8fd, 0xc974,
	0x4204, 0x538d, 0x6116, 0x709f, 0x0420, 0x15a9, 0x2732, 0x36bb,
	0xce4c, 0xdfc5, 0xed5e, 0xfcd7, 0x8868, 0x99e1, 0xab7a, 0xbaf3,
	0x5285, 0x430c, 0x7197, 0x601e, 0x14a1, 0x0528, 0x37b3, 0x263a,
	0xdecd, 0xcf44, 0xfddf, 0xec56, 0x98e9, 0x8960, 0xbbfb, 0xaa72,
	0x6306, 0x728f, 0x4014, 0x519d, 0x2522, 0x34ab, 0x0630, 0x17b9,
	0xef4e, 0xfec7, 0xcc5c, 0xddd5, 0xa96a, 0xb8e3, 0x8a78, 0x9bf1,
	0x7387, 0x620e, 0x5095, 0x411c, 0x35a3, 0x242a, 0x16b1, 0x0738,
	0xffcf, 0xee46, 0xdcdd, 0xcd54, 0xb9eb, 0xa862, 0x9af9, 0x8b70,
	0x8408, 0x9581, 0xa71a, 0xb693, 0xc22c, 0xd3a5, 0xe13e, 0xf0b7,
	0x0840, 0x19c9, 0x2b52, 0x3adb, 0x4e64, 0x5fed, 0x6d76, 0x7cff,
	0x9489, 0x8500, 0xb79b, 0xa612, 0xd2ad, 0xc324, 0xf1bf, 0xe036,
	0x18c1, 0x0948, 0x3bd3, 0x2a5a, 0x5ee5, 0x4f6c, 0x7df7, 0x6c7e,
	0xa50a, 0xb483, 0x8618, 0x9791, 0xe32e, 0xf2a7, 0xc03c, 0xd1b5,
	0x2942, 0x38cb, 0x0a50, 0x1bd9, 0x6f66, 0x7eef, 0x4c74, 0x5dfd,
	0xb58b, 0xa402, 0x9699, 0x8710, 0xf3af, 0xe226, 0xd0bd, 0xc134,
	0x39c3, 0x284a, 0x1ad1, 0x0b58, 0x7fe7, 0x6e6e, 0x5cf5, 0x4d7c,
	0xc60c, 0xd785, 0xe51e, 0xf497, 0x8028, 0x91a1, 0xa33a, 0xb2b3,
	0x4a44, 0x5bcd, 0x6956, 0x78df, 0x0c60, 0x1de9, 0x2f72, 0x3efb,
	0xd68d, 0xc704, 0xf59f, 0xe416, 0x90a9, 0x8120, 0xb3bb, 0xa232,
	0x5ac5, 0x4b4c, 0x79d7, 0x685e, 0x1ce1, 0x0d68, 0x3ff3, 0x2e7a,
	0xe70e, 0xf687, 0xc41c, 0xd595, 0xa12a, 0xb0a3, 0x8238, 0x93b1,
	0x6b46, 0x7acf, 0x4854, 0x59dd, 0x2d62, 0x3ceb, 0x0e70, 0x1ff9,
	0xf78f, 0xe606, 0xd49d, 0xc514, 0xb1ab, 0xa022, 0x92b9, 0x8330,
	0x7bc7, 0x6a4e, 0x58d5, 0x495c, 0x3de3, 0x2c6a, 0x1ef1, 0x0f78,
};

uint16_t hdlc_fcs_update(uint16_t fcs, const uint8_t *p, size_t len)
{
	size_t i = 0;

	/*
	 * Four octets a step (slicing by 4): the 16-bit register takes the
	 * first two, the tables advance each octet by the octets after it.
	 * Four independent loads per step instead of a chain of four.
	 */
	for (; i + 4 <= len; i += 4) {
		unsigned int x = fcs ^ (p[i] | (unsigned int)p[i + 1] << 8);

		fcs = (uint16_t)(hdlc_fcs_slice[2][x & 0xff] ^ hdlc_fcs_slice[1][x >> 8] ^
				 hdlc_fcs_slice[0][p[i + 2]] ^ hdlc_fcs_table[p[i + 3]]);
	}
	for (; i < len; i++)
		fcs = (uint16_t)((fcs >> 8) ^ hdlc_fcs_table[(fcs ^ p[i]) & 0xff]);
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
 * The table hdlc_rx_table (hdlc_table.h) has a row per count of 1s already
 * seen inside a frame (0..5) and a column per octet of the stream: the entry
 * gives the octet's data bits once the stuffed 0s are dropped
 * (HDLC_RX_T_DATA, first bit lowest) and how many there are (6..8). An octet in which a sixth 1 arrives (flag, abort, idle) is
 * HDLC_RX_T_EVENT, and so is every octet of the last row, the state "not in
 * a frame, or a sixth 1 held back": those octets go bit by bit through the
 * reference decoder (hdlc_ref.c), which the fast path must equal exactly
 * (tests/firmware/test_hdlc_fast.c compares the two on random streams).
 *
 * Inside a frame the row of an octet does not have to wait for the previous
 * lookup: a stuffed 0 is a 0 on the line, so the 1s count is the run of 1s
 * that ends the previous octet (hdlc_rx_next_row). Octets go four at a time
 * into a 64-bit accumulator, written out four octets at once.
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

/* One octet of the stream: a table step, or bit by bit for an event. */
static void rx_octet(struct hdlc_rx *rx, unsigned int v)
{
	unsigned int e = hdlc_rx_table[rx_row(rx) * 256 + v], acc;
	unsigned int i;

	if (e & HDLC_RX_T_EVENT) {
		for (i = 0; i < 8; i++)
			hdlc_rx_bit(rx, (v >> i) & 1u);
		return;
	}
	acc = rx->shreg | (e & HDLC_RX_T_DATA) << rx->nbits;
	rx->nbits += e >> HDLC_RX_T_NSHIFT;
	rx->ones = hdlc_rx_next_row[v] >> 8;
	if (rx->nbits >= 8) {
		rx_store(rx, (uint8_t)acc);
		acc >>= 8;
		rx->nbits -= 8;
	}
	rx->shreg = (uint8_t)acc;
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
	uint64_t acc = rx->shreg;
	unsigned int nb = rx->nbits, row = rx->ones * 256;	/* an offset in the table */
	size_t len = rx->len, max = rx->max_len;
	uint8_t *buf = rx->buf;

	while (end - q >= 4) {
		unsigned int e0 = hdlc_rx_table[row + q[0]];
		unsigned int e1 = hdlc_rx_table[hdlc_rx_next_row[q[0]] + q[1]];
		unsigned int e2 = hdlc_rx_table[hdlc_rx_next_row[q[1]] + q[2]];
		unsigned int e3 = hdlc_rx_table[hdlc_rx_next_row[q[2]] + q[3]];
		unsigned int s1, s2, s3, full;

		if ((e0 | e1 | e2 | e3) & HDLC_RX_T_EVENT)
			break;
		s1 = nb + (e0 >> HDLC_RX_T_NSHIFT);
		s2 = s1 + (e1 >> HDLC_RX_T_NSHIFT);
		s3 = s2 + (e2 >> HDLC_RX_T_NSHIFT);
		acc |= (uint64_t)(e0 & HDLC_RX_T_DATA) << nb |
		       (uint64_t)(e1 & HDLC_RX_T_DATA) << s1 |
		       (uint64_t)(e2 & HDLC_RX_T_DATA) << s2 |
		       (uint64_t)(e3 & HDLC_RX_T_DATA) << s3;
		nb = s3 + (e3 >> HDLC_RX_T_NSHIFT);
		row = hdlc_rx_next_row[q[3]];
		q += 4;
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
