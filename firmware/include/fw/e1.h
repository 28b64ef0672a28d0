/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * E1 framer (ITU-T G.704 2.3 / G.706 4): the transmit side builds 256-bit
 * frames from 32 timeslot octets (TS0 FAS/NFAS, the CRC-4 multiframe with
 * E-bits, the TS16 CAS multiframe); the receive side takes an NRZ bit stream
 * cut anywhere, finds and keeps frame alignment and gives back whole frames,
 * alarms (FW_ALARM_*) and counters (struct fw_span_counters).
 *
 * Bit streams are packed MSB first (fw/span.h): a frame is 32 octets, TS0
 * first, bit 1 of each timeslot = the octet's most significant bit.
 *
 * One struct fw_e1 is one span, both directions: the receiver feeds the
 * transmitter's consequent actions (E-bits for received CRC-4 errors, A bit
 * while the receiver has LOS/LOF/AIS, Y bit while the CAS multiframe is
 * lost), as a framer chip does.
 *
 * Receive output: no callbacks. fw_e1_rx() writes each frame it completes
 * into the caller's array, in order, and returns how many. A call with
 * nbits bits completes at most FW_E1_RX_FRAMES_MAX(nbits) frames, so an
 * array of that size never overflows; a smaller one is refused (-1) before
 * any bit is taken, so nothing is ever dropped silently. The caller then
 * hands the frames on (TS16 to the HDLC engine, voice to the host) without
 * the framer calling into other layers, and without re-entrancy questions.
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only; no allocation,
 * no globals; time is the received bit stream itself (2048 bits = 1 ms).
 *
 * Receive clauses and integration choices:
 *  - Frame alignment (G.706 4.1.2): FAS, then bit 2 = 1 in the next frame's
 *    TS0, then FAS again, searched in parallel at all 256 bit positions, so
 *    alignment is found when the third TS0 of the first such sequence ends
 *    (at most 4 frames + 8 bits after the first bit). LOF is raised at the
 *    end of the third consecutive bad FAS word (G.706 4.1.1), or (option
 *    FW_E1_NFAS_LOF) the third consecutive NFAS with bit 2 = 0, and cleared
 *    when alignment is found again. The search restarts at the next bit.
 *  - CRC-4 multiframe (G.706 4.2): two MFAS 001011 in NFAS bit 1 within
 *    8 ms, 2, 4 or 6 ms apart. Not found 8 ms after basic alignment: with
 *    interworking (default, G.706 4.2 + Annex B) a parallel search for
 *    another basic alignment runs while traffic stays on the first one; if
 *    the other alignment shows CRC-4 multiframe alignment, the framer moves
 *    to it. 400 ms after basic alignment with no CRC-4 multiframe alignment
 *    (basic alignment held all along): the far end is taken to be non-CRC-4
 *    equipment: basic framing continues, CRC-4 checking stops, LMFA is
 *    cleared, fw_e1_crc4_fallback() reports it, and the transmitter keeps
 *    sending CRC-4 with both E-bits at 0 (Annex B). The search for
 *    the CRC-4 multiframe goes on at the basic alignment in use: a far end
 *    that starts sending CRC-4 later (switched over, restarted) is taken up
 *    as soon as two MFAS are seen, and CRC-4 checking and E-bits resume. Without interworking
 *    (FW_E1_NO_INTERWORK) 8 ms without multiframe alignment is taken as a
 *    false basic alignment: LOF and a new search (G.706 4.2).
 *  - Loss of CRC-4 multiframe alignment: G.706 gives no criterion besides
 *    the loss of basic alignment and the 914 rule, and those miss a far end
 *    whose transmitter restarted its multiframe by 8 frames (reconfigured,
 *    basic alignment and submultiframe boundaries unchanged: no FAS and no
 *    CRC error, but the MFAS and E-bits fall elsewhere). So the MFAS word is
 *    checked in every multiframe while aligned (as the MT9079 does): two
 *    consecutive words with an error lose the multiframe (LMFA, CRC-4
 *    checking stops) and a new multiframe search starts at the basic
 *    alignment held, with the 8 ms and 400 ms rules above as after a basic
 *    alignment. E-bits (frames 13, 15) are counted only in a multiframe
 *    whose MFAS word was received right.
 *  - CRC-4 check (G.706 4.3.1): per submultiframe, the CRC of SMF N (C bits
 *    taken as 0) against C1..C4 received in SMF N+1; each errored SMF counts
 *    in counters.crc and as an errored block of the second, each compared
 *    SMF as a block; each errored SMF is reported to the far end as one
 *    E-bit at 0 in the next E-bit position of the transmitter. Until our
 *    receiver has CRC-4 multiframe alignment, E-bits are sent as 0.
 *    More than 914 errored SMFs in a second: basic alignment is taken as
 *    false and searched again (G.706 4.3.2; FW_E1_NO_CRC_REFRAME turns it
 *    off). Received E-bits at 0 count in counters.ebit (G.704 2.3.3.4).
 *  - AIS (G.775, 2048 kbit/s): raised when two consecutive 512-bit periods
 *    each hold fewer than 3 zeros, cleared when two consecutive periods each
 *    hold 3 or more. Periods run on the bit stream while out of alignment,
 *    and on frame pairs while aligned.
 *  - RAI (G.704 A bit, NFAS bit 3): G.704 gives no integration; raised after
 *    3 consecutive NFAS words with A = 1, cleared after 3 with A = 0 (the
 *    common framer practice), and cleared on LOF.
 *  - CAS multiframe (G.704 5.1.3.2, alignment per G.732 5.2): found on a
 *    TS16 with bits 1-4 = 0000 after a TS16 that is not all 0; lost after
 *    2 consecutive bad MFAS or 16 consecutive all-zero TS16 (one
 *    multiframe). ABCD of each channel updated every multiframe while
 *    aligned, all 1111 while not. Y bit (remote MF alarm, RMAI): raised
 *    after 2 consecutive multiframes with Y = 1, cleared after 2 with Y = 0.
 *    TS16 AIS (MFAIS, G.775): fewer than 3 zeros in TS16 in each of 2
 *    consecutive 16-frame periods; cleared by 2 periods with 3 or more.
 *    G.704: channels 1-15 must not send ABCD 0000 (it imitates the MFAS).
 *  - LMFA: a configured multiframe (CRC-4 unless fallen back, CAS) is not
 *    aligned, LOF included.
 *  - Seconds: the receiver closes a second (fw_second_end()) every
 *    2,048,000 bits it is given, checked at the end of each call; the
 *    914-errors rule uses the same seconds. Defects of a second are the
 *    alarms present at any time in it.
 */
#ifndef FW_E1_H
#define FW_E1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/span.h"

/* Options of fw_e1_init(). 0 = basic framing, D-channel (CCS) on TS16. */
#define FW_E1_CRC4		0x01u	/* CRC-4 multiframe (FW_FRAMING_E1_CRC4) */
#define FW_E1_CAS		0x02u	/* TS16 CAS multiframe, else TS16 is the caller's (PRI D-channel) */
#define FW_E1_NO_INTERWORK	0x04u	/* CRC-4 only: no 400 ms fallback (Annex B), reframe every 8 ms */
#define FW_E1_NFAS_LOF		0x08u	/* LOF also on 3 consecutive NFAS bit 2 errors (G.706 4.1.1) */
#define FW_E1_NO_AUTO_RAI	0x10u	/* A and Y bits only from fw_e1_tx_set_rai()/_y() */
#define FW_E1_NO_CRC_REFRAME	0x20u	/* no reframe on more than 914 CRC errors/s */

#define FW_E1_FAS		0x1Bu	/* TS0 bits 2-8 of the FAS frame: 0011011 */
#define FW_E1_MFAS		0x0Bu	/* CRC-4 MFAS 001011, NFAS bit 1 of frames 1,3,..,11 */
#define FW_E1_SA_IDLE		0x1Fu	/* Sa4..Sa8 = 1 when unused (G.704 2.3.2) */
#define FW_E1_NOT_ALIGNED	0xFFu

/* Frames a fw_e1_rx() call of @nbits bits can complete: the size of its array. */
#define FW_E1_RX_FRAMES_MAX(nbits)	((size_t)(nbits) / FW_E1_FRAME_BITS + 1)

/* One received frame. */
struct fw_e1_frame {
	uint8_t ts[FW_E1_TIMESLOTS];	/* TS0..TS31 as received (TS0 and TS16 raw) */
	uint8_t crc_fn;		/* frame number 0..15 in the CRC-4 multiframe, or FW_E1_NOT_ALIGNED */
	uint8_t cas_fn;		/* frame number 0..15 in the CAS multiframe, or FW_E1_NOT_ALIGNED */
};

/* Follows TS0 at one alignment: FAS/NFAS checks and the CRC-4 MFAS search. */
struct fw_e1_ts0 {
	uint8_t nfas;		/* the next TS0 is a NFAS word */
	uint8_t bad_fas;	/* consecutive bad FAS words */
	uint8_t bad_nfas;	/* consecutive NFAS words with bit 2 = 0 */
	uint8_t mfsr;		/* NFAS bit 1 of the last six NFAS words */
	uint32_t mfhist;	/* bit k: MFAS completed k NFAS words ago */
	uint16_t age;		/* TS0 words seen (secondary search: its 8 ms) */
};

struct fw_e1_tx {
	uint8_t fn;		/* frame number in the (CRC-4 and CAS) multiframe */
	uint8_t crc;		/* CRC-4 of the submultiframe being sent */
	uint8_t crc_prev;	/* CRC-4 of the previous one: this one's C1..C4 */
	uint8_t sa;		/* Sa4..Sa8, low 5 bits */
	bool rai;		/* A bit asked by the caller */
	bool y;			/* Y bit asked by the caller */
	uint8_t abcd[FW_E1_TIMESLOTS];	/* per timeslot (1-15, 17-31), low 4 bits */
};

struct fw_e1_rx {
	uint32_t acc;		/* the last bits received, newest in bit 0 */
	uint8_t nacc;		/* bits of the current octet held in acc */
	uint8_t fi;		/* octets of the current frame in fb */
	uint8_t state;		/* search / aligned */
	uint8_t sph;		/* search: bit position modulo 256 */
	uint8_t fb[FW_E1_TIMESLOTS];	/* the frame being received */
	uint8_t srch[FW_E1_FRAME_BITS];	/* search: progress at each bit position */
	struct fw_e1_ts0 pri;	/* the alignment in use */
	struct fw_e1_ts0 sec;	/* parallel search (Annex B): the candidate */
	uint8_t sec_state;	/* off / searching / following a candidate */
	uint8_t sec_phase;	/* the candidate's TS0 end, in bits into our frame */

	/* CRC-4 */
	bool crc_mfa;		/* multiframe aligned */
	bool crc_off;		/* fallen back to basic framing (non-CRC-4 far end) */
	bool crc_started;	/* the SMF being received began after alignment */
	bool crc_have_prev;	/* crc_prev is the CRC of a whole SMF */
	uint8_t fn;		/* CRC-4 frame number of the frame being received */
	uint8_t crc, crc_prev, crx;	/* running CRC, previous SMF's, C bits received */
	uint8_t ebit_q;		/* errored SMFs not yet sent as E-bits */
	bool mfas_err;		/* an MFAS bit of this multiframe's word was wrong */
	bool mfas_ok;		/* this multiframe's MFAS word was right: its E-bits are read */
	uint8_t mfas_bad;	/* consecutive errored MFAS words (2: multiframe lost) */
	uint16_t mf_timer;	/* frames since the 8 ms period began */
	uint16_t iw_timer;	/* frames since basic alignment (400 ms) */
	uint16_t crc_err_sec;	/* errored SMFs this second (914 rule) */

	/* AIS, RAI */
	uint16_t ais_bits;	/* bits of the current 512-bit period */
	uint8_t ais_zeros;	/* its zeros, up to 3 */
	uint8_t ais_run;	/* consecutive periods against the current state */
	uint8_t rai_run;
	uint8_t sa;		/* Sa4..Sa8 of the last NFAS word */

	/* CAS */
	bool cas_mfa;
	uint8_t cas_fn;		/* CAS frame number of the frame being received */
	uint8_t cas_bad;	/* consecutive bad MFAS */
	uint8_t ts16_prev;
	uint8_t ts16_zero_run;
	uint8_t mfais_n, mfais_zeros, mfais_run;
	uint8_t y_run;
	uint8_t abcd[FW_E1_TIMESLOTS];

	uint32_t bits_sec;	/* bits of the current second */
};

struct fw_e1 {
	unsigned opts;		/* FW_E1_* */
	uint16_t alarms;	/* FW_ALARM_* */
	struct fw_e1_tx tx;
	struct fw_e1_rx rx;
	struct fw_span_counters cnt;
	struct fw_second sec;
};

/* Both directions to their initial state: receiver searching (LOF). */
void fw_e1_init(struct fw_e1 *e, unsigned opts);

/* --- transmit ----------------------------------------------------------- */

/*
 * fw_e1_tx_frame() - build the next frame: @ts gives the 32 timeslot octets
 * (TS0 ignored; TS16 ignored with FW_E1_CAS), @out receives the frame as
 * 256 NRZ bits (32 octets, MSB first). @out may be @ts.
 */
void fw_e1_tx_frame(struct fw_e1 *e, const uint8_t ts[FW_E1_TIMESLOTS],
		    uint8_t out[FW_E1_TIMESLOTS]);

void fw_e1_tx_set_rai(struct fw_e1 *e, bool on);		/* A bit (ORed with auto RAI) */
void fw_e1_tx_set_sa(struct fw_e1 *e, uint8_t sa4_8);	/* NFAS bits 4-8, low 5 bits */
void fw_e1_tx_set_y(struct fw_e1 *e, bool on);		/* CAS remote MF alarm (ORed with auto) */
/* ABCD (low 4 bits) of the channel on timeslot @ts (1-15, 17-31); others ignored. */
void fw_e1_tx_set_abcd(struct fw_e1 *e, unsigned ts, uint8_t abcd);

/* --- receive ------------------------------------------------------------ */

/*
 * fw_e1_rx() - take @nbits bits from @bits (MSB of bits[0] first; any
 * count, the next call goes on where this one stopped) and write each frame
 * completed under alignment to @out. Returns the number of frames written,
 * or -1 (nothing taken) when @max < FW_E1_RX_FRAMES_MAX(@nbits) or @bits is
 * NULL with @nbits > 0. Never blocks, never allocates.
 */
ptrdiff_t fw_e1_rx(struct fw_e1 *e, const uint8_t *bits, size_t nbits, struct fw_e1_frame *out,
		   size_t max);

/* The line decoder's LOS (G.775): an alarm, a defect, and auto RAI. */
void fw_e1_set_los(struct fw_e1 *e, bool on);

static inline uint16_t fw_e1_alarms(const struct fw_e1 *e)
{
	return e->alarms;
}

/* True after the 400 ms CRC-4 interworking fallback (G.706 Annex B). */
static inline bool fw_e1_crc4_fallback(const struct fw_e1 *e)
{
	return e->rx.crc_off;
}

/*
 * Where the receiver stands, for a caller that feeds it frame by frame and
 * looks at frames before handing them over (fw/span_link.h: its slip
 * detector). Meaningful while aligned (no FW_ALARM_LOF).
 */
struct fw_e1_rx_where {
	uint16_t bits;		/* bits of the frame in progress already taken: 0 at a boundary */
	bool nfas;		/* the next TS0 is expected to be a NFAS word */
	uint8_t crc_fn;		/* CRC-4 frame number of the next frame, or FW_E1_NOT_ALIGNED */
	uint8_t cas_fn;		/* CAS frame number of the next frame, or FW_E1_NOT_ALIGNED */
};

void fw_e1_rx_where(const struct fw_e1 *e, struct fw_e1_rx_where *w);

/*
 * fw_e1_rx_slip() - the received stream slipped by whole frames, the frame
 * boundary kept: the next frame is @n frames back (@n > 0: frames repeated)
 * or -@n frames ahead (@n < 0: frames deleted) of the one expected. Moves
 * the expected FAS/NFAS word and the CRC-4 and CAS frame numbers by it; the
 * CRC-4 submultiframe in progress and the next one are not checked (their
 * C bits belong to other frames), so a slip makes no CRC-4 error. Call at
 * a frame boundary while aligned; ignored otherwise. Counts nothing: the
 * caller counts the slip.
 */
void fw_e1_rx_slip(struct fw_e1 *e, int n);

/* ABCD received for the channel on timeslot @ts (1111 while the CAS MF is not aligned). */
static inline uint8_t fw_e1_rx_abcd(const struct fw_e1 *e, unsigned ts)
{
	return ts < FW_E1_TIMESLOTS ? e->rx.abcd[ts] : 0xF;
}

/* Sa4..Sa8 of the last NFAS word received. */
static inline uint8_t fw_e1_rx_sa(const struct fw_e1 *e)
{
	return e->rx.sa;
}

#endif /* FW_E1_H */
