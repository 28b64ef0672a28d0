/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A whole span on the card's side of the line interface: the framer (E1 or
 * T1) and the line code, both directions, with the G.826 seconds and slip
 * counting. The simulated card (kernel) and the tests build a link between
 * two of these with two fw_cable (fw/cable.h), or a loop with one:
 *
 *   timeslots -> fw_span_link_tx() -> TPOS/TNEG -> fw_cable_carry() -> RPOS/RNEG
 *             -> fw_span_link_rx() -> received frames, alarms, counters
 *
 * Transmit: framer (fw_e1_tx_frame / fw_t1_tx_frame) -> line encoder.
 * Receive: line decoder (BPV, EXZ into the counters; its LOS into the
 * framer: fw_e1_set_los(), for T1 into the alarms and the second's defects)
 * -> slip detector -> framer receive. The counters and seconds are the
 * framer's for E1 (fw_e1 closes its seconds every 2,048,000 bits) and the
 * link's for T1 (closed here every 1,544,000 bits given to the framer).
 * RAI/yellow out: E1 by the framer's auto RAI; T1 here, while the receiver
 * has LOS, LOF or AIS (and whenever the caller asks for it).
 *
 * Slips. A controlled slip repeats or deletes a whole frame. On a real
 * card it happens in the receive elastic store, behind the framer, which
 * keeps its alignment; the cable of the simulation makes it on the line
 * instead (fw_cable_slip(): a frame of slots repeated or dropped, the frame
 * boundary kept). The receive side takes it for what it is: while the
 * framer is aligned (and has its multiframes: E1 CRC-4 aligned or fallen
 * back, CAS aligned; T1 in frame) the link hands the framer whole frames
 * and first checks each frame's framing bits (E1: FAS / NFAS bit 2, the
 * CRC-4 MFAS bits, the CAS MFAS nibble; T1 SF: Ft and Fs; T1 ESF: FPS)
 * against what the framer expects. At a mismatch it waits for a window of
 * frames (E1 16, SF 12, ESF 24) and compares three readings of it: as
 * expected, one frame back (a repeat), one frame ahead (a deletion). When
 * the expected reading has 3 or more framing errors (ESF 2: the framer's
 * own out-of-frame criterion) and a slipped one at most 1, fewer than the
 * other, that is a slip: counters.slips + 1 and the framer is moved by the
 * frame (fw_e1_rx_slip(), fw_t1_rx_slip()): no FAS/Ft/FPS error, no LOF,
 * no CRC error for it, as with a real elastic store. Otherwise the frames
 * go on as they are (bit errors: the framer counts them as usual).
 * Limits: E1 without a multiframe shows only the FAS/NFAS alternation, so a
 * slip of an even number of frames is not seen (the framer does not need
 * it: nothing else depends on the frame number) and a repeat cannot be
 * told from a deletion (both count one slip). A slip of two or more frames
 * in one window is not one this detector reads: the framer decides (LOF and
 * realignment, as a real framer would). In ESF, frames between a slip and
 * the first FPS that shows it (at most 3) go to the framer unmoved; their
 * superframe's CRC-6 is then not checked.
 * The cost: while aligned the framer runs one frame behind the line (SF,
 * E1), four frames (ESF), and a window (16 or 24 frames) after a framing
 * error until the window is read.
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only; no allocation,
 * no globals; the caller owns the struct (2,608 octets on x86-64: a T1
 * receiver's search state, 1.7 KiB, and the slip detector's look-ahead).
 */
#ifndef FW_SPAN_LINK_H
#define FW_SPAN_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/e1.h>
#include <fw/linecode.h>
#include <fw/span.h>
#include <fw/t1.h>

struct fw_span_link_config {
	enum fw_span_kind kind;
	enum fw_framing framing;	/* E1: FW_FRAMING_E1 or _E1_CRC4; T1: _T1_SF or _T1_ESF */
	enum fw_linecode linecode;	/* E1: HDB3 or AMI; T1: B8ZS or AMI */
	enum fw_signalling sig;		/* FW_SIG_CAS: E1 TS16 CAS, T1 robbed bits on all channels */
	unsigned e1_opts;		/* more FW_E1_* options (CRC4, CAS come from the above) */
	unsigned los_slots;		/* the decoder's LOS window, 0: the default of the kind */
};

/* The slip detector's windows, in frames. */
#define FW_SPAN_SLIP_WIN_E1	16
#define FW_SPAN_SLIP_WIN_SF	12
#define FW_SPAN_SLIP_WIN_ESF	24

/* Look-ahead storage: the largest window (ESF) plus a decoded chunk, in bits. */
#define FW_SPAN_CHUNK_SLOTS	512u
#define FW_SPAN_LA_BITS		(FW_SPAN_SLIP_WIN_ESF * FW_T1_FRAME_BITS + FW_SPAN_CHUNK_SLOTS + 16u)

/* A frame received, as the framer gives it. */
union fw_span_frame {
	struct fw_e1_frame e1;
	struct fw_t1_frame t1;
};

/* Frames a fw_span_link_rx() call of @nslots slots can give: the size of its array. */
#define FW_SPAN_RX_FRAMES_MAX(nslots) \
	((size_t)(nslots) / FW_T1_FRAME_BITS + FW_SPAN_SLIP_WIN_ESF + 8u)

/* Slots fw_span_link_tx() writes for @nframes frames of a span of @kind. */
#define FW_SPAN_FRAME_SLOTS(kind)	((kind) == FW_SPAN_T1 ? FW_T1_FRAME_BITS : FW_E1_FRAME_BITS)

struct fw_span_link {
	struct fw_span_link_config cfg;
	struct fw_lc_enc enc;
	struct fw_lc_dec dec;
	union {
		struct fw_e1 e1;
		struct {
			struct fw_t1_tx tx;
			struct fw_t1_rx rx;
			struct fw_span_counters cnt;
			struct fw_second sec;
			uint32_t bits_sec;	/* bits given to the framer this second */
			bool yellow;		/* yellow asked by the caller */
			bool los;		/* the decoder's LOS */
		} t1;
	} u;
	/* receive: the slip detector's look-ahead, NRZ bits head..tail of la */
	uint8_t mode;			/* direct to the framer / finishing a frame / framed */
	uint16_t finish;		/* bits of the current frame still to go, direct */
	bool boundary;			/* T1: the last feed stopped on a frame boundary */
	uint16_t head, tail;
	uint8_t la[(FW_SPAN_LA_BITS + 7) / 8];
	uint32_t dchan_cut;		/* received frames whose D-channel still reads idle */
	uint8_t inject;			/* FW_INJECT_* still to make */
};

/*
 * fw_span_link_init() - sets up @s for @cfg: framer, encoder, decoder,
 * receiver searching (LOF). Returns 0, or -1 for a configuration the parts
 * refuse (a framing or line code of the other kind, a LOS window outside
 * the kind's range).
 */
int fw_span_link_init(struct fw_span_link *s, const struct fw_span_link_config *cfg);

/*
 * fw_span_link_tx() - sends @nframes frames: @ts holds @nframes times the
 * frame's timeslots (E1: 32 octets TS0..TS31, TS0 and with CAS TS16
 * ignored; T1: 24 octets TS1..TS24; ESF FDL bits are sent as 1s), @tpos and
 * @tneg receive nframes * FW_SPAN_FRAME_SLOTS(kind) slots (the spare low
 * bits of the last octet 0). The line encoder delays the stream by
 * fw_lc_latency() slots.
 */
void fw_span_link_tx(struct fw_span_link *s, const uint8_t *ts, size_t nframes, uint8_t *tpos,
		     uint8_t *tneg);

/*
 * fw_span_link_rx() - takes @nslots slots of @rpos/@rneg (any count; octet
 * packed from the first octet) and writes the frames the framer completes
 * to @out in order. Returns their number, or -1 (nothing taken) when @max <
 * FW_SPAN_RX_FRAMES_MAX(@nslots) or a pointer is NULL with @nslots > 0.
 */
ptrdiff_t fw_span_link_rx(struct fw_span_link *s, const uint8_t *rpos, const uint8_t *rneg,
			  size_t nslots, union fw_span_frame *out, size_t max);

/*
 * fw_span_link_cut_dchan() - a cut D-channel (a fault of the test world): the
 * next @frames frames received read all ones (HDLC idle) in the D-channel
 * timeslot (E1 TS16, T1 TS24), whatever the line carried; 0 ends a cut.
 * Framing, the other timeslots and the counters are untouched: only the
 * D-channel falls silent, as when a far end's HDLC controller stops.
 */
void fw_span_link_cut_dchan(struct fw_span_link *s, uint32_t frames);

/*
 * One-shot errors in what the span sends (a test set's or dahdi_maint's
 * "insert a defect"), made in the frame before the line code, as a
 * framer's error insertion does:
 * - FW_INJECT_FAS: the next framing word in error (E1: the FAS word's last
 *   bit; T1: the next Ft/Fs bit (SF) or FPS bit (ESF)): one FAS error there.
 * - FW_INJECT_CRC: the next CRC bit in error (E1 CRC-4: a C bit; T1 ESF: a
 *   CRC-6 bit): one CRC error at the far end.
 * - FW_INJECT_MFAS: the next multiframe alignment bit (E1 CRC-4: an MFAS
 *   bit of NFAS bit 1; T1 SF: an Fs bit).
 * - FW_INJECT_CAS: the next CAS multiframe alignment nibble (E1 with CAS).
 * - FW_INJECT_BPV: one bipolar violation after the line code (a mark of
 *   the same polarity as the one before it, in an empty slot).
 * Several may be pending at once. Returns 0, or -1 for an injection the
 * configuration has no such bits for (CRC without CRC-4 or ESF, CAS
 * without E1 CAS, MFAS on T1 ESF or E1 without CRC-4).
 */
#define FW_INJECT_FAS	0x01u
#define FW_INJECT_CRC	0x02u
#define FW_INJECT_MFAS	0x04u
#define FW_INJECT_CAS	0x08u
#define FW_INJECT_BPV	0x10u
int fw_span_link_inject(struct fw_span_link *s, unsigned what);

/* Alarms now (FW_ALARM_*): the framer's with the line's LOS. */
uint16_t fw_span_link_alarms(const struct fw_span_link *s);

/* The span's counters (saturating, fw/span.h); slips included. */
const struct fw_span_counters *fw_span_link_counters(const struct fw_span_link *s);

/* RAI (E1 A bit) / yellow (T1) asked by the caller, ORed with the automatic one. */
void fw_span_link_set_rai(struct fw_span_link *s, bool on);

/*
 * Signalling of voice channel @ch (E1: 1..30 on TS1..15, TS17..31; T1:
 * 1..24), ABCD in the low 4 bits (SF carries A and B). With FW_SIG_CAS.
 */
void fw_span_link_set_abcd(struct fw_span_link *s, unsigned ch, uint8_t abcd);
uint8_t fw_span_link_rx_abcd(const struct fw_span_link *s, unsigned ch);

/*
 * T1 with FW_SIG_CAS: the channels that carry robbed bits (bit n-1 =
 * channel n; all of them after fw_span_link_init()). A channel left out
 * is a clear 64 kbit/s channel, e.g. the D-channel of a PRI configured
 * without "ccs", as DAHDI's T1 drivers treat channels set to clear or
 * hardhdlc. E1: no effect (TS16 CAS carries every channel's bits).
 */
void fw_span_link_set_rbs(struct fw_span_link *s, uint32_t mask);

#endif /* FW_SPAN_LINK_H */
