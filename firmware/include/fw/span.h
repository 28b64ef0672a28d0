/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every part of the card agrees on about a span: its kind, framing and
 * line code, its alarms as bits, and its counters (G.826 seconds included).
 * The framers fill the counters, the host protocol (proto.h) carries them,
 * the kernel driver copies them into DAHDI's span->count once a second.
 *
 * Bit streams (NRZ data and the two pulse streams RPOS/RNEG of a line
 * interface) are packed in octets, first bit on the line = most significant
 * bit of the first octet: G.704 numbers the bits of a timeslot 1..8 and sends
 * bit 1 first. (HDLC's own streams, fw/hdlc.h, are least significant bit
 * first: the HDLC-on-a-timeslot code maps one onto the other.)
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only.
 */
#ifndef FW_SPAN_H
#define FW_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fw_span_kind {
	FW_SPAN_E1,		/* 2.048 Mbit/s, 32 timeslots, 256-bit frames */
	FW_SPAN_T1,		/* 1.544 Mbit/s, 24 timeslots + F bit, 193-bit frames */
};

#define FW_E1_FRAME_BITS	256
#define FW_E1_TIMESLOTS		32
#define FW_T1_FRAME_BITS	193
#define FW_T1_TIMESLOTS		24
#define FW_FRAMES_PER_MS	8	/* 125 us frames */

enum fw_framing {
	FW_FRAMING_E1,		/* G.704 basic frame, no CRC-4 */
	FW_FRAMING_E1_CRC4,	/* G.704 with the CRC-4 multiframe (G.706 4.2, interworking 4.3) */
	FW_FRAMING_T1_SF,	/* D4 superframe, 12 frames */
	FW_FRAMING_T1_ESF,	/* extended superframe, 24 frames, CRC-6, FDL */
};

enum fw_linecode {
	FW_LINECODE_AMI,
	FW_LINECODE_HDB3,	/* E1 */
	FW_LINECODE_B8ZS,	/* T1 */
};

/* Signalling on the span's timeslots. */
enum fw_signalling {
	FW_SIG_CCS,		/* a D-channel (E1 TS16, T1 TS24) carries HDLC (PRI) */
	FW_SIG_CAS,		/* E1 TS16 multiframe ABCD / T1 robbed bits */
};

/* Alarms, as bits: what test sets and the far end report. */
#define FW_ALARM_LOS	0x0001u	/* loss of signal: no pulse for the standard's window */
#define FW_ALARM_LOF	0x0002u	/* loss of frame alignment (red) */
#define FW_ALARM_LMFA	0x0004u	/* E1: loss of CRC-4 or CAS multiframe alignment */
#define FW_ALARM_AIS	0x0008u	/* all ones (blue) */
#define FW_ALARM_RAI	0x0010u	/* remote alarm (E1 A bit, T1 yellow) */
#define FW_ALARM_MFAIS	0x0020u	/* E1: TS16 all ones (CAS multiframe AIS) */
#define FW_ALARM_RMAI	0x0040u	/* E1: remote multiframe alarm (TS16 frame 0 bit 6) */
#define FW_ALARM_LOOPBACK 0x0080u	/* a loopback is set on the span */

/*
 * Counters of a span. They never wrap silently: each saturates at
 * UINT32_MAX (fw_count_add()), and a reader that wants rates takes
 * differences of snapshots. ES/SES after ITU-T G.826: a second is errored
 * with at least one errored block (CRC-4 submultiframe / ESF CRC-6 block)
 * or a defect (LOS, LOF, AIS), severely errored with 30% or more errored
 * blocks in it or a defect.
 */
struct fw_span_counters {
	uint32_t fas;		/* frame alignment signal errors (E1 FAS words, T1 Ft/Fs/FPS bits) */
	uint32_t crc;		/* CRC-4 submultiframes / CRC-6 superframes received in error */
	uint32_t ebit;		/* E1: E-bits received at 0 (the far end's CRC-4 errors) */
	uint32_t bpv;		/* bipolar violations that are not part of a substitution */
	uint32_t exz;		/* excessive zeros (more than the line code allows) */
	uint32_t slips;		/* controlled slips (a frame repeated or deleted) */
	uint32_t los_s, lof_s, ais_s, rai_s;	/* seconds with the alarm present */
	uint32_t es, ses;	/* G.826 errored and severely errored seconds */
	uint32_t blocks;	/* blocks received (the denominator of the block error ratio) */
};

/* Adds @n to *@c, saturating at UINT32_MAX. */
static inline void fw_count_add(uint32_t *c, uint32_t n)
{
	*c = *c > UINT32_MAX - n ? UINT32_MAX : *c + n;
}

/*
 * One second of a span, for the G.826 seconds: the framer counts blocks and
 * errored blocks and notes defects into it, and fw_second_end() closes it.
 */
struct fw_second {
	uint32_t blocks, errored_blocks;
	uint16_t defects;	/* FW_ALARM_* seen during the second */
};

/* Closes @s into @c: ES/SES and the alarm seconds, then clears @s. */
static inline void fw_second_end(struct fw_second *s, struct fw_span_counters *c)
{
	bool defect = s->defects & (FW_ALARM_LOS | FW_ALARM_LOF | FW_ALARM_AIS);

	if (s->defects & FW_ALARM_LOS)
		fw_count_add(&c->los_s, 1);
	if (s->defects & FW_ALARM_LOF)
		fw_count_add(&c->lof_s, 1);
	if (s->defects & FW_ALARM_AIS)
		fw_count_add(&c->ais_s, 1);
	if (s->defects & FW_ALARM_RAI)
		fw_count_add(&c->rai_s, 1);
	if (defect || s->errored_blocks)
		fw_count_add(&c->es, 1);
	if (defect || (s->blocks && (uint64_t)s->errored_blocks * 10 >= (uint64_t)s->blocks * 3))
		fw_count_add(&c->ses, 1);
	fw_count_add(&c->blocks, s->blocks);
	s->blocks = s->errored_blocks = 0;
	s->defects = 0;
}

#endif /* FW_SPAN_H */
