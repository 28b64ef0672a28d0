/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HDLC on a timeslot: the D-channel of a PRI (E1 TS16, T1 TS24) or any
 * timeslot carrying HDLC, one octet per 125 us frame, with a receive and a
 * transmit queue of whole frames.
 *
 * Rates: 64 kbit/s (all eight bits of the timeslot) or 56 kbit/s (T1 without
 * B8ZS: bits 1..7 carry data, bit 8 (the least significant, where robbed-bit
 * signalling goes) is ignored on receive and sent as 1).
 *
 * Bit order: a timeslot octet goes on the line most significant bit first
 * (fw/span.h, G.704 bit 1 first); an HDLC stream (fw/hdlc.h) sends each of
 * its octets least significant bit first. The first line bit of a timeslot
 * octet is the next bit of the HDLC stream: bit 7 of the timeslot octet maps
 * to the stream's next bit, bit 6 to the one after, and so on.
 *
 * Receive: the decoder of hdlc.c, fed from the timeslot, decodes each frame
 * straight into a free slot of the receive queue; a good frame stays there
 * until the caller takes it. Frames are handed over without their FCS by
 * default (the host protocol and libtel's LAPD want the frame alone);
 * HDLC_TS_F_RX_FCS hands them over with the two FCS octets as received, the
 * way DAHDI's hardhdlc drivers pass frames up (dahdi_hdlc_putbuf()). Each
 * frame comes with a status: what was lost on the line since the previous
 * frame handed over (bad FCS, aborts, bad length, queue overrun), so the
 * reader can report those events in order. A good frame that finds the queue
 * full is dropped and counted as an overrun; queued frames are never touched.
 *
 * Transmit: frames are queued whole (hdlc_ts_tx_frame()), or written in
 * pieces (begin/append/end) for a writer that streams them; the transmitter
 * starts a streamed frame once tx_start octets of it are there. If it then
 * runs out of data before the frame's end, that is an underrun: the frame is
 * aborted on the line (seven 1s), counted, and the writer told. Between
 * frames the line carries flags (0x7E); each frame has its own opening and
 * closing flag.
 *
 * Memory: the caller owns struct hdlc_ts (its size is fixed at build time by
 * HDLC_TS_RX_FRAMES and HDLC_TS_TX_FRAMES, which a build may define smaller).
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only; nothing blocks or
 * allocates; time is the caller's one octet per 125 us frame.
 */
#ifndef FW_HDLC_TS_H
#define FW_HDLC_TS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/hdlc.h>

/* The longest frame, FCS not counted: Q.921 N201 (260) + address and control (4). */
#define HDLC_TS_FRAME_MAX	264
/* The shortest, FCS not counted: address and control (Q.921: 3 octets). */
#define HDLC_TS_FRAME_MIN	3

#ifndef HDLC_TS_RX_FRAMES
#define HDLC_TS_RX_FRAMES	4	/* frames the receive queue holds */
#endif
#ifndef HDLC_TS_TX_FRAMES
#define HDLC_TS_TX_FRAMES	4	/* frames the transmit queue holds */
#endif

enum hdlc_ts_rate {
	HDLC_TS_64K,		/* 8 bits per timeslot octet */
	HDLC_TS_56K,		/* bits 1..7 (the 7 most significant); bit 8 ignored / sent as 1 */
};

/* Options of hdlc_ts_init(). */
#define HDLC_TS_F_RX_FCS	0x01u	/* hand over received frames with their 2 FCS octets */

/* Status of a received frame: what the line lost since the previous frame handed over. */
#define HDLC_TS_RX_LOST_FCS	0x01u	/* frames with a bad FCS */
#define HDLC_TS_RX_LOST_ABORT	0x02u	/* frames cut off by an abort (or idle) */
#define HDLC_TS_RX_LOST_LENGTH	0x04u	/* too short, too long or not whole octets */
#define HDLC_TS_RX_LOST_OVERRUN	0x08u	/* good frames dropped: the receive queue was full */

/* Errors (negative returns); hdlc_ts_strerror() says each in words. */
enum hdlc_ts_err {
	HDLC_TS_OK = 0,
	HDLC_TS_EARG = -1,	/* a NULL pointer or an option out of range */
	HDLC_TS_EFULL = -2,	/* the transmit queue is full: try again after some octets */
	HDLC_TS_EEMPTY = -3,	/* no received frame waiting */
	HDLC_TS_ETOOLONG = -4,	/* frame longer than HDLC_TS_FRAME_MAX */
	HDLC_TS_ETOOSHORT = -5,	/* frame shorter than HDLC_TS_FRAME_MIN */
	HDLC_TS_ENOSPACE = -6,	/* the caller's buffer is smaller than the frame (frame kept) */
	HDLC_TS_ESTATE = -7,	/* append/end without begin, or begin with a frame open */
	HDLC_TS_EUNDERRUN = -8,	/* the streamed frame ran dry on the line and was aborted */
};

/* Counters; saturating at UINT32_MAX, never wrapping. */
struct hdlc_ts_counters {
	uint32_t rx_frames;	/* good frames decoded (queued or overrun) */
	uint32_t rx_bad_fcs;
	uint32_t rx_aborts;
	uint32_t rx_too_short;
	uint32_t rx_too_long;
	uint32_t rx_misaligned;	/* not a whole number of octets */
	uint32_t rx_overrun;	/* good frames dropped, the receive queue full */
	uint32_t rx_idles;	/* times the line went idle (15+ 1s) */
	uint32_t tx_frames;	/* frames sent whole */
	uint32_t tx_underrun;	/* streamed frames that ran dry and were aborted */
};

struct hdlc_ts_slot {
	uint16_t len;		/* octets in data[] (FCS included for a received frame) */
	uint8_t status;		/* receive: HDLC_TS_RX_LOST_*; transmit: slot state */
	uint8_t data[HDLC_TS_FRAME_MAX + 2];
};

struct hdlc_ts {
	uint8_t rate;		/* enum hdlc_ts_rate */
	uint8_t flags;		/* HDLC_TS_F_* */
	uint16_t tx_start;	/* octets of a streamed frame before it is sent; 0: whole frames */

	/* receive: slots of a ring of HDLC_TS_RX_FRAMES + 1, one always the decoder's */
	struct hdlc_rx rx;
	struct hdlc_ts_slot rxq[HDLC_TS_RX_FRAMES + 1];
	uint8_t rx_head, rx_count;
	uint8_t rx_lost;	/* HDLC_TS_RX_LOST_* since the last frame queued */
	struct hdlc_stats rx_seen;	/* rx.stats when the last frame was queued */
	uint32_t rx_overrun;

	/* transmit: a ring of HDLC_TS_TX_FRAMES; the last may be open (streamed) */
	struct hdlc_ts_slot txq[HDLC_TS_TX_FRAMES];
	uint8_t tx_head, tx_count;
	bool tx_open;		/* the writer is streaming the last slot */
	uint8_t tx_phase;	/* what the encoder sends next (hdlc_ts.c) */
	uint16_t tx_pos;	/* next octet of the frame being sent */
	uint16_t tx_fcs;	/* running FCS of the frame being sent */
	uint8_t tx_ones;	/* consecutive 1s sent, for zero insertion */
	uint8_t tx_nacc;	/* line bits waiting in tx_acc */
	uint32_t tx_acc;	/* line bits waiting, the next one lowest */
	uint32_t tx_frames, tx_underrun;
};

/*
 * hdlc_ts_init() - set up @ts for @rate with HDLC_TS_F_* @flags; @tx_start
 * as above (0: send only whole frames, never an underrun). Until frames are
 * queued the transmitter sends flags. HDLC_TS_EARG for a bad argument.
 */
int hdlc_ts_init(struct hdlc_ts *ts, enum hdlc_ts_rate rate, unsigned int flags,
		 unsigned int tx_start);

/* --- receive ------------------------------------------------------------ */

/* hdlc_ts_rx() - the timeslot's next @n received octets, oldest first. */
void hdlc_ts_rx(struct hdlc_ts *ts, const uint8_t *octets, size_t n);

/* Received frames waiting. */
static inline unsigned int hdlc_ts_rx_pending(const struct hdlc_ts *ts)
{
	return ts->rx_count;
}

/*
 * hdlc_ts_rx_peek() - the oldest received frame in place: returns it (valid
 * until hdlc_ts_rx_pop()) with *@len and, if @status is not NULL, its
 * HDLC_TS_RX_LOST_* status; NULL if none is waiting.
 */
const uint8_t *hdlc_ts_rx_peek(const struct hdlc_ts *ts, size_t *len, unsigned int *status);

/* hdlc_ts_rx_pop() - drop the oldest received frame. HDLC_TS_EEMPTY if none. */
int hdlc_ts_rx_pop(struct hdlc_ts *ts);

/*
 * hdlc_ts_rx_frame() - copy the oldest received frame into @buf (@cap
 * octets) and drop it from the queue. Returns its length, HDLC_TS_EEMPTY,
 * or HDLC_TS_ENOSPACE (the frame stays queued; never a cut frame).
 */
int hdlc_ts_rx_frame(struct hdlc_ts *ts, uint8_t *buf, size_t cap, unsigned int *status);

/* --- transmit ----------------------------------------------------------- */

/*
 * hdlc_ts_tx_frame() - queue a frame of @len octets (without FCS: the FCS is
 * computed and sent). HDLC_TS_EFULL, HDLC_TS_ETOOLONG, HDLC_TS_ETOOSHORT,
 * HDLC_TS_EARG or HDLC_TS_ESTATE (a streamed frame is open) leave the queue
 * as it was.
 */
int hdlc_ts_tx_frame(struct hdlc_ts *ts, const uint8_t *p, size_t len);

/*
 * Streaming: hdlc_ts_tx_begin() opens a frame (HDLC_TS_EFULL/ESTATE),
 * hdlc_ts_tx_append() adds octets to it (HDLC_TS_ETOOLONG: nothing added),
 * hdlc_ts_tx_end() closes it for sending. Once the frame underran, append
 * and end return HDLC_TS_EUNDERRUN and end frees its slot.
 */
int hdlc_ts_tx_begin(struct hdlc_ts *ts);
int hdlc_ts_tx_append(struct hdlc_ts *ts, const uint8_t *p, size_t len);
int hdlc_ts_tx_end(struct hdlc_ts *ts);

/* Frames queued for sending (the open one included), and free slots. */
static inline unsigned int hdlc_ts_tx_queued(const struct hdlc_ts *ts)
{
	return ts->tx_count;
}

/* hdlc_ts_tx() - the timeslot's next @n octets to send, into @octets. */
void hdlc_ts_tx(struct hdlc_ts *ts, uint8_t *octets, size_t n);

/* --- counters, errors ------------------------------------------------------ */

void hdlc_ts_get_counters(const struct hdlc_ts *ts, struct hdlc_ts_counters *c);

/* A sentence for an HDLC_TS_E* value: what happened and what to do. */
const char *hdlc_ts_strerror(int err);

#endif /* FW_HDLC_TS_H */
