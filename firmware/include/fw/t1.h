/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * T1 framer (1.544 Mbit/s, 193-bit frames: one F bit, then TS1..TS24):
 * D4/SF (12-frame superframe) and ESF (24-frame extended superframe,
 * ANSI T1.403), transmit and receive, over NRZ bit streams packed as in
 * fw/span.h (first bit on the line = most significant bit of the first
 * octet; the stream is not octet aligned: 193 is odd).
 *
 * F bits, frames numbered 1..12 (SF) or 1..24 (ESF) as the standards do:
 *   SF:  Ft in odd frames 1,0,1,0,1,0; Fs in even frames 0,0,1,1,1,0
 *        (the F pattern over frames 1..12 is 100011011100).
 *   ESF: FPS 0,0,1,0,1,1 in frames 4,8,..,24; CRC-6 C1..C6 in frames
 *        2,6,..,22 (x^6 + x + 1 over the previous superframe with its F bits
 *        taken as 1, C1 the most significant bit of the remainder, sent
 *        first); FDL (4 kbit/s data link) in the odd frames, raw bits.
 * Robbed-bit signalling: bit 8 (LSB) of a channel's octet in frames 6 (A),
 * 12 (B), and in ESF 18 (C), 24 (D), for the channels configured for it.
 * Yellow (RAI): SF bit 2 of every channel = 0; ESF the FDL pattern
 * 1111111100000000 repeated.
 *
 * Receive criteria (what fw_t1_rx() implements):
 *   Search: every one of the 193 bit positions is watched at once (parallel
 *     search, a 64-frame history of each). SF: a position is taken when its
 *     last 48 F bits (4 superframes, 6 ms) are the D4 pattern (Ft and Fs: the
 *     superframe is found with the frame). ESF: a position whose last 64
 *     frames hold 16 FPS bits of the pattern, the newest being that of
 *     frame 24, becomes a candidate; up to 8 candidates are followed at
 *     once, bit by bit, each confirmed when its FPS bits go on being right
 *     and the CRC-6 of the first whole superframe at its alignment matches
 *     the CRC bits of the next (the CRC-cross-checked reframe of framer
 *     practice, against FPS mimics); a candidate that fails is dropped, and
 *     candidates are told apart by position and phase (a periodic FDL can
 *     mimic the FPS at the true position in another phase). The search goes
 *     on meanwhile.
 *     Alignment from any bit offset and superframe phase in 49 frames (SF,
 *     6.1 ms) and 94..118 frames (ESF, 11.8..14.8 ms: the window, the wait
 *     for frame 24, one superframe, the CRC bits of the next): within the
 *     average reframe times framer data sheets quote for TR 62411, 50 ms
 *     (SF) and 15 ms (ESF). On random bits an ESF candidate appears about
 *     every 21 frames and dies within a few; false alignment needs 12 + ~11
 *     FPS bits and a CRC-6 match by chance.
 *   Out of frame (FW_ALARM_LOF, the OOF defect of T1.231): 2 errored
 *     framing bits among 4 consecutive ones: Ft bits in SF, FPS bits in ESF.
 *     ESF also (T1.231's optional criterion, as framer data sheets give it):
 *     320 or more errored CRC-6 blocks among 333 (one second) mean a false
 *     alignment (an FPS mimic that passed its one CRC check by chance).
 *     Then a new search from scratch. LOF is the defect, raised at once; the
 *     2.5 s integration into a red-alarm failure is the driver's (T1.231).
 *   Counted: counters->fas += every F bit in error (Ft and Fs in SF, FPS in
 *     ESF, in frame); counters->crc += one per superframe whose CRC-6 does
 *     not match; second->blocks += one per superframe checked,
 *     second->errored_blocks += one per mismatch. Defects present are ORed
 *     into second->defects every 193 bits.
 *   Yellow (FW_ALARM_RAI), in frame only: SF set when bit 2 was 0 in at
 *     least 254 of 256 consecutive channel octets, cleared when a block of
 *     256 has fewer; ESF set when the FDL carries 16 consecutive 16-bit
 *     patterns 1111111100000000, cleared when 14 or fewer of the last 16
 *     intervals carried it (framer practice, e.g. DS2155's table 10-1).
 *   AIS (FW_ALARM_AIS, unframed all ones): counted over 3 ms windows
 *     (24 frames of bits): set when a window had 5 or fewer zeros while out
 *     of frame; cleared by a window with 6 or more, or by alignment.
 *   LOS is the line code's (fw/linecode.h), not the framer's.
 *
 * Freestanding: no libc, no allocation, no globals; the caller owns every
 * struct. Receive never blocks and takes any number of bits per call.
 */
#ifndef FW_T1_H
#define FW_T1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/span.h"

#define FW_T1_SF_FRAMES		12
#define FW_T1_ESF_FRAMES	24
#define FW_T1_ALL_CHANNELS	0x00FFFFFFu
#define FW_T1_CHANNEL(n)	(1ul << ((n) - 1))	/* n = 1..24 */

/* ABCD of a channel: A = 8, B = 4, C = 2, D = 1 (SF carries A and B). */
#define FW_T1_SIG_A	8u
#define FW_T1_SIG_B	4u
#define FW_T1_SIG_C	2u
#define FW_T1_SIG_D	1u

/* An output bit stream, first bit = MSB of buf[0] (fw/span.h). */
struct fw_t1_bitbuf {
	uint8_t *buf;
	size_t cap;		/* octets */
	size_t nbits;		/* bits written so far */
};

struct fw_t1_config {
	enum fw_framing framing;	/* FW_FRAMING_T1_SF or FW_FRAMING_T1_ESF */
	/*
	 * Channels with robbed-bit signalling (CAS): bit n-1 = channel n.
	 * 0 for a PRI (clear 64 kbit/s channels, D-channel on TS24).
	 */
	uint32_t rbs;
	/*
	 * Channels carried at 56 kbit/s: bit 8 is not used and sent as 1 (ones
	 * density on AMI lines without B8ZS). A PRI D-channel at 56 kbit/s is
	 * ch56k = FW_T1_CHANNEL(24): the caller (HDLC on a timeslot) puts its
	 * 7 bits in bits 1..7 (the top 7 bits) of the TS24 octet and ignores
	 * bit 8 of what it receives.
	 */
	uint32_t ch56k;
};

/* --- Transmit ------------------------------------------------------------ */

struct fw_t1_tx {
	struct fw_t1_config cfg;
	uint8_t frame;		/* next frame, 0-based (frame number - 1) */
	uint8_t crc;		/* CRC-6 of the previous superframe, sent in this one */
	uint8_t crc_run;	/* CRC-6 of this superframe so far */
	bool yellow;
	uint8_t ypos;		/* ESF: position in the yellow pattern, 0..15 */
	uint8_t sig[FW_T1_TIMESLOTS];	/* ABCD per channel (index = channel - 1) */
};

/* Sets up @tx for @cfg. Returns 0, or -1 if the framing is not a T1 one. */
int fw_t1_tx_init(struct fw_t1_tx *tx, const struct fw_t1_config *cfg);

/* Yellow alarm out on or off (SF: bit 2 of every channel = 0; ESF: FDL pattern). */
void fw_t1_tx_set_yellow(struct fw_t1_tx *tx, bool on);

/* ABCD of channel @ch (1..24) for the robbed bits, from the next signalling frame on. */
void fw_t1_tx_set_sig(struct fw_t1_tx *tx, unsigned ch, uint8_t abcd);

/* Whether the next frame carries an FDL bit (ESF odd frames). */
static inline bool fw_t1_tx_fdl_next(const struct fw_t1_tx *tx)
{
	return tx->cfg.framing == FW_FRAMING_T1_ESF && !(tx->frame & 1);
}

/*
 * fw_t1_tx_frame() - appends one 193-bit frame to @out: the F bit, then
 * @ts[0..23] (TS1..TS24) with bit 8 of the 56k channels set, the robbed bits
 * in signalling frames, and bit 2 cleared while yellow is on in SF. @fdl (0/1)
 * is the FDL bit if the frame carries one (fw_t1_tx_fdl_next()); ignored
 * otherwise, and replaced by the yellow pattern while yellow is on in ESF.
 * Returns 0, or -1 if @out lacks room for 193 bits (then nothing is written).
 */
int fw_t1_tx_frame(struct fw_t1_tx *tx, const uint8_t ts[FW_T1_TIMESLOTS], unsigned fdl,
		   struct fw_t1_bitbuf *out);

/* Appends 193 ones (AIS: unframed all ones) in place of a frame. 0 or -1 (no room). */
int fw_t1_tx_ais(struct fw_t1_tx *tx, struct fw_t1_bitbuf *out);

/* --- Receive ------------------------------------------------------------- */

enum fw_t1_fkind {		/* what a frame's F bit is */
	FW_T1_F_FT,		/* SF terminal framing */
	FW_T1_F_FS,		/* SF signalling framing */
	FW_T1_F_FPS,		/* ESF framing pattern */
	FW_T1_F_CRC,		/* ESF CRC-6 bit */
	FW_T1_F_FDL,		/* ESF data link bit */
};

/* One received frame at frame alignment, filled by fw_t1_rx(). */
struct fw_t1_frame {
	uint8_t ts[FW_T1_TIMESLOTS];	/* TS1..TS24 as received (robbed bits included) */
	uint8_t frame;		/* 1..12 (SF) or 1..24 (ESF) */
	uint8_t fkind;		/* enum fw_t1_fkind */
	uint8_t fbit;		/* the F bit received: the FDL bit when fkind == FW_T1_F_FDL */
	bool sig_update;	/* last frame of a whole superframe: rx->sig[] latched anew */
};

enum fw_t1_rx_state {
	FW_T1_SEARCH,		/* looking for the framing pattern (ESF: candidates confirming) */
	FW_T1_SYNC,		/* in frame */
};

#define FW_T1_CANDIDATES	8	/* ESF candidates confirmed at once */

/* An ESF frame alignment under confirmation, followed bit by bit. */
struct fw_t1_cand {
	uint16_t pos;		/* its F-bit position in the search cycle */
	uint8_t k;		/* frame index of its next F bit */
	uint8_t crc;		/* CRC-6 of its current superframe so far (F bits as 1) */
	uint8_t prev;		/* CRC-6 of its previous superframe */
	uint8_t crc_rx;		/* CRC bits received in its current superframe */
	uint8_t have;		/* 0: none yet, 1: first superframe begun, 2: prev valid */
	bool active;
};

struct fw_t1_rx {
	struct fw_t1_config cfg;
	struct fw_span_counters *cnt;	/* caller's: fas, crc */
	struct fw_second *sec;		/* caller's: blocks, errored blocks, defects */
	uint16_t alarms;		/* FW_ALARM_LOF, _AIS, _RAI */
	uint8_t sig[FW_T1_TIMESLOTS];	/* latched ABCD per channel (SF: C = A, D = B) */

	/* search */
	uint8_t state;			/* enum fw_t1_rx_state */
	uint8_t nfr;			/* frames of history gathered (saturates at 64; SF needs 48, ESF 48) */
	uint16_t pos;			/* bit position in the 193-bit cycle of the search */
	struct fw_t1_cand cand[FW_T1_CANDIDATES];
	uint64_t hist[FW_T1_FRAME_BITS];	/* F-bit candidates per position, newest in bit 0 */

	/* frame assembly when a frame spans calls */
	uint16_t fill;			/* bits in fbuf */
	uint8_t fbuf[26];		/* one frame, F bit = MSB of fbuf[0] */

	/* at alignment */
	uint8_t frame;			/* frame being received, 0-based */
	uint8_t ferr;			/* last framing bits (Ft/FPS), 1 = in error, newest in bit 0 */
	bool whole;			/* this superframe was received from its first frame */
	bool crc_whole;			/* crc_run covers this superframe from its first bit */
	bool crc_ok;			/* crc_prev is the CRC-6 of a whole superframe */
	uint8_t crc_run, crc_prev, crc_rx;
	uint16_t crc_win, crc_win_bad;	/* superframes checked / errored in this 333 */
	uint8_t sig_acc[FW_T1_TIMESLOTS];

	/* yellow: SF bit 2 counting, ESF FDL pattern */
	uint16_t y_ch, y_zero;
	uint16_t y_sr, y_win;
	uint8_t y_n, y_run;
	bool y_locked;

	/* AIS windows and 193-bit ticks */
	uint8_t ais_frames;
	uint16_t ais_zeros;
};

/*
 * fw_t1_rx_init() - sets up @rx for @cfg, out of frame (LOF set). @cnt and
 * @sec are the caller's (shared with the other parts of the span) and must
 * stay valid. Returns 0, or -1 if a pointer is NULL or the framing is not T1.
 */
int fw_t1_rx_init(struct fw_t1_rx *rx, const struct fw_t1_config *cfg,
		  struct fw_span_counters *cnt, struct fw_second *sec);

/*
 * fw_t1_rx() - feeds the NRZ bits @p[*pos .. @nbits - 1] (bit i = bit 7 - i % 8
 * of p[i / 8]) until a frame at frame alignment is complete or the bits run
 * out. Returns true with the frame in *@out and *@pos just past its last bit;
 * false when every bit up to @nbits is consumed (*@pos = @nbits). Frames are
 * delivered only in frame; a frame whose F bits make it go out of frame is
 * not delivered. Use:
 *	size_t pos = 0;
 *	while (fw_t1_rx(rx, p, nbits, &pos, &fr))
 *		use(&fr);
 */
bool fw_t1_rx(struct fw_t1_rx *rx, const uint8_t *p, size_t nbits, size_t *pos,
	      struct fw_t1_frame *out);

static inline bool fw_t1_rx_in_frame(const struct fw_t1_rx *rx)
{
	return rx->state == FW_T1_SYNC;
}

/*
 * The frame index (0-based, 0..11 SF, 0..23 ESF) of the next frame to
 * complete, in frame; fw_t1_rx() returning true leaves the receiver at a
 * frame boundary (fw/span_link.h feeds it frame by frame this way).
 */
static inline unsigned fw_t1_rx_next_frame(const struct fw_t1_rx *rx)
{
	return rx->frame;
}

/*
 * fw_t1_rx_slip() - the received stream slipped by whole frames, the frame
 * boundary kept: the next frame is @n frames back (@n > 0: repeated) or -@n
 * ahead (@n < 0: deleted) of the one expected. Moves the superframe
 * position by it; the superframe in progress gives no CRC-6 check and no
 * robbed bits (its frames are not one superframe). Call in frame at a frame
 * boundary; ignored otherwise. Counts nothing: the caller counts the slip.
 */
void fw_t1_rx_slip(struct fw_t1_rx *rx, int n);

/* CRC-6 (x^6 + x + 1, MSB first) of @len octets run on from @crc. */
uint8_t fw_t1_crc6(uint8_t crc, const uint8_t *p, size_t len);

#endif /* FW_T1_H */
