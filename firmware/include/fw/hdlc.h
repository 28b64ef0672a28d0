/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HDLC framing on a bit stream (ISO/IEC 13239 as used by Q.921): flags 0x7E,
 * zero-bit insertion after five 1s, FCS-16 (CRC-16/X.25) sent low octet
 * first, abort (seven or more 1s) and idle (fifteen or more 1s).
 *
 * Bit streams are packed in octets, first bit on the line = least significant
 * bit of the first octet (the order HDLC sends each octet in).
 *
 * Freestanding: no libc beyond <stdint.h>/<stddef.h>/<stdbool.h>, no
 * allocation; the caller owns every buffer. Built into the card firmware,
 * the simulated card and host tests alike.
 */
#ifndef FW_HDLC_H
#define FW_HDLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HDLC_FLAG	0x7E
#define HDLC_FCS_INIT	0xFFFF
#define HDLC_FCS_GOOD	0xF0B8	/* residue of a frame + its FCS */

/* CRC-16/X.25 (reflected 0x1021, init 0xFFFF): running FCS over @len octets. */
uint16_t hdlc_fcs_update(uint16_t fcs, const uint8_t *p, size_t len);
/* The FCS to append to @len octets: ~crc; sent low octet first. */
uint16_t hdlc_fcs(const uint8_t *p, size_t len);

/* --- Encoder ------------------------------------------------------------ */

struct hdlc_bitbuf {		/* an output bit stream */
	uint8_t *buf;
	size_t cap;		/* octets */
	size_t nbits;		/* bits written so far */
};

struct hdlc_tx {
	unsigned ones;		/* consecutive 1s sent (for zero insertion) */
};

void hdlc_tx_init(struct hdlc_tx *tx);

/*
 * hdlc_tx_flags() - append @n flags (idle fill between frames, or the
 * opening flag). Returns 0 or -1 if @out is full; on -1 nothing is written.
 */
int hdlc_tx_flags(struct hdlc_tx *tx, struct hdlc_bitbuf *out, unsigned n);

/*
 * hdlc_tx_frame() - append opening flag, @len octets with zero insertion,
 * their FCS, and the closing flag. Returns 0 or -1 if @out lacks room for
 * this frame (never more than hdlc_tx_worst_bits(len) bits); on -1 nothing
 * is written. @p may be NULL only if @len is 0.
 */
int hdlc_tx_frame(struct hdlc_tx *tx, struct hdlc_bitbuf *out, const uint8_t *p, size_t len);

/* Append an abort sequence (seven 1s), ending any frame in progress. 0 or -1 (no room). */
int hdlc_tx_abort(struct hdlc_tx *tx, struct hdlc_bitbuf *out);

/* Bits needed in the worst case for a frame of @len octets (flags included). */
static inline size_t hdlc_tx_worst_bits(size_t len)
{
	return ((len + 2) * 8 * 6 + 4) / 5 + 16;
}

/* --- Decoder ------------------------------------------------------------ */

struct hdlc_stats {
	uint32_t frames;	/* good frames delivered */
	uint32_t crc_errors;
	uint32_t aborts;	/* frames ended by an abort */
	uint32_t too_short;	/* shorter than min_len (FCS included) */
	uint32_t too_long;	/* longer than max_len (FCS included) */
	uint32_t misaligned;	/* not a whole number of octets */
	uint32_t idles;		/* times the line went idle (15+ ones) */
};

/*
 * Called for each good frame; @p/@len exclude the FCS (its two octets follow
 * at p[len], p[len + 1]). Valid only during the call. The callback may point
 * rx->buf at another buffer of max_len octets for the next frame (so a frame
 * can be decoded straight into a queue slot).
 */
typedef void (*hdlc_frame_cb)(void *ctx, const uint8_t *p, size_t len);

struct hdlc_rx {
	/* configuration */
	uint16_t min_len;	/* octets including FCS; frames shorter are counted, dropped */
	uint16_t max_len;	/* octets including FCS; and the size of @buf */
	uint8_t *buf;		/* caller-owned, max_len octets */
	hdlc_frame_cb cb;
	void *cb_ctx;
	/* state */
	unsigned ones;		/* consecutive 1s seen */
	bool in_frame;		/* a flag was seen; collecting bits */
	bool overflow;		/* current frame passed max_len */
	bool idle;		/* line is idle (15+ ones); cleared by the next flag */
	uint8_t shreg;		/* bits of the octet being assembled, first bit lowest */
	unsigned nbits;		/* bits in shreg */
	size_t len;		/* octets collected */
	struct hdlc_stats stats;
};

/*
 * hdlc_rx_init() - set up a decoder that delivers frames of min_len..max_len
 * octets (FCS included) into @buf (max_len octets). Returns 0, or -1 if
 * min_len < 3, max_len < min_len or buf/cb is NULL.
 */
int hdlc_rx_init(struct hdlc_rx *rx, uint8_t *buf, uint16_t min_len, uint16_t max_len,
		 hdlc_frame_cb cb, void *cb_ctx);

/*
 * hdlc_rx_bits() - feed @nbits bits packed LSB-first from @p. Whole octets
 * go through a table, one lookup each (hdlc.c), and so does a flag inside a
 * frame; the rarer octets (an abort, idle, a flag ending in the next octet,
 * outside a frame) and a last partial octet through hdlc_rx_bit().
 * Stats are saturating counters.
 */
void hdlc_rx_bits(struct hdlc_rx *rx, const uint8_t *p, size_t nbits);

/*
 * The bit-serial reference decoder (hdlc_ref.c): hdlc_rx_bits_ref() gives
 * exactly the results and state of hdlc_rx_bits(), one bit at a time. For
 * tests, and hdlc_rx_bit() is the fast path's slow path.
 */
void hdlc_rx_bit(struct hdlc_rx *rx, unsigned int bit);
/* The last bit of a flag came in: judge the frame in progress, start the next. */
void hdlc_rx_flag(struct hdlc_rx *rx);
void hdlc_rx_bits_ref(struct hdlc_rx *rx, const uint8_t *p, size_t nbits);

/*
 * The fast path's tables (hdlc_table.h, generated by scripts/gen-hdlc-table):
 * a row of 256 per 1s count 0..5 and a last row (not in a frame: the slow
 * path). For an octet of the stream, data[] is its data bits once the
 * stuffed 0s are dropped (first bit lowest) and count[] how many (6..8), or
 * count[] is HDLC_RX_EVENT where a sixth 1 arrives (flag, abort, idle) and
 * data[] the bit it arrives in (0 in the last row). next_row[octet]
 * is the row of the octet after it (times 256). fcs[] is CRC-16/X.25 sliced
 * by 8 (hdlc_fcs_update()).
 */
#define HDLC_RX_STATES		7
#define HDLC_RX_EVENT		0x80u	/* in count[]: bit by bit; 4 counts + 31 stay below it */

struct hdlc_rx_tables {
	uint8_t data[HDLC_RX_STATES * 256];
	uint8_t count[HDLC_RX_STATES * 256];
	uint16_t next_row[256];
	uint16_t fcs[8][256];
};

/* Whether the line is idle now (fifteen or more consecutive 1s). */
static inline bool hdlc_rx_is_idle(const struct hdlc_rx *rx)
{
	return rx->idle;
}

#endif /* FW_HDLC_H */
