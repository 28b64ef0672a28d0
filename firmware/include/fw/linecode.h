/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Line codes of E1 and T1: AMI, HDB3 (E1, G.703) and B8ZS (T1, T1.102),
 * between NRZ data and the two pulse streams of a line interface, RPOS and
 * RNEG (receive) or TPOS and TNEG (transmit): one slot per bit time, a 1 on
 * RPOS is a positive mark, a 1 on RNEG a negative one. All streams are
 * packed as fw/span.h says: first slot = most significant bit of the first
 * octet. A call writes ceil(n / 8) output octets; the spare low bits of the
 * last one are written as 0.
 *
 * Both directions stream: the caller owns the state, feeds any number of
 * bits per call, and a substitution may straddle calls. Splitting a stream
 * into blocks anywhere gives the same output, counters and alarms as one
 * block. Both directions delay the stream by fw_lc_latency() slots (the
 * look-ahead a substitution needs); the first fw_lc_latency() slots after
 * init are 0, so data through an encoder and a decoder comes out
 * 2 * fw_lc_latency() bits later.
 *
 * Receive, what is counted (ANSI T1.231, ITU-T G.775/O.161):
 * - bpv: a mark of the same polarity as the mark before it (a bipolar
 *   violation) that is not part of a substitution, and a slot with a mark on
 *   RPOS and RNEG at once (a code violation; it decodes as a 1 and does not
 *   change the polarity reference).
 *   HDB3: a violation with two empty slots before it is a substitution
 *   (000V or B00V): it and the slot three before it (the B, if marked)
 *   decode as 0. B8ZS: the eight slots 000VB0VB (V the same polarity as the
 *   mark before it, B alternating) decode as eight 0s. The very first mark
 *   after init has no reference and is never a violation. A BPV is counted
 *   when its slot is delivered (fw_lc_latency() slots after it arrives).
 * - exz: a run of empty slots longer than the code allows: more than 3
 *   (HDB3), 7 (B8ZS), 15 (AMI). One count per run, when it passes the limit.
 *   The zeros before the first mark after init are not counted.
 * - LOS: raised when N consecutive slots are empty (N configurable, G.775
 *   for E1: 10..255, default 32; T1.231 for T1: 175 +- 75, default 175).
 *   Cleared (T1.231 8.1.1.1, used for E1 too) when a window of N slots that
 *   starts with a mark holds marks in at least 12.5% of its slots
 *   (8 * marks >= N); a window that falls short closes, and the next mark
 *   opens another. LOS is clear after init.
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only; no allocation.
 */
#ifndef FW_LINECODE_H
#define FW_LINECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/span.h>

/* LOS window in slots (empty slots that raise LOS). */
#define FW_LC_LOS_E1_MIN	10
#define FW_LC_LOS_E1_MAX	255
#define FW_LC_LOS_E1_DEFAULT	32
#define FW_LC_LOS_T1_MIN	100
#define FW_LC_LOS_T1_MAX	250
#define FW_LC_LOS_T1_DEFAULT	175

/* Longest run of empty slots the code allows: more is an excessive-zeros event. */
#define FW_LC_EXZ_HDB3		3
#define FW_LC_EXZ_B8ZS		7
#define FW_LC_EXZ_AMI		15

/* The delay of an encoder or decoder in slots: 0 (AMI), 3 (HDB3), 4 (B8ZS). */
unsigned fw_lc_latency(enum fw_linecode code);

/* --- Encoder: NRZ -> TPOS/TNEG ------------------------------------------ */

struct fw_lc_enc {
	uint8_t code;		/* enum fw_linecode */
	uint8_t latency;
	uint8_t last_neg;	/* polarity of the last mark sent: 1 negative, 0 positive */
	uint8_t odd;		/* HDB3: an odd number of marks since the last V */
	uint8_t zeros;		/* zeros since the last mark (up to the substitution) */
	uint8_t qpos, qneg;	/* slots not yet sent, newest in bit 0 */
};

/* Sets up @e for @code (first mark positive). 0, or -1 for an unknown code. */
int fw_lc_enc_init(struct fw_lc_enc *e, enum fw_linecode code);

/*
 * fw_lc_encode() - encode @nbits NRZ bits of @nrz into as many slots of
 * @tpos and @tneg (ceil(nbits / 8) octets each; they may not overlap @nrz).
 */
void fw_lc_encode(struct fw_lc_enc *e, const uint8_t *nrz, size_t nbits, uint8_t *tpos,
		  uint8_t *tneg);

/* --- Decoder: RPOS/RNEG -> NRZ, BPV, EXZ, LOS ---------------------------- */

struct fw_lc_dec {
	/* configuration */
	uint8_t code;		/* enum fw_linecode */
	uint8_t latency;
	uint8_t exz_limit;	/* FW_LC_EXZ_* */
	uint8_t los_slots;	/* N */
	/* the last slots, newest in bit 0 (32 are kept; the patterns need 8) */
	uint32_t h_empty;	/* no mark */
	uint32_t h_double;	/* a mark on both rails */
	uint32_t h_viol;	/* a mark of the same polarity as the mark before it */
	uint32_t h_first;	/* the first mark after init */
	uint32_t q_nrz;		/* decoded bits not yet delivered (latency of them) */
	uint32_t q_bpv;		/* violations not (yet) part of a substitution */
	uint8_t last;		/* the polarity reference: 0 none yet, 1 positive, 2 negative */
	bool marked;		/* a mark has been seen since init (for EXZ) */
	bool los;		/* LOS now */
	bool los_in_block;	/* LOS was present at some time during the last call */
	uint32_t zeros;		/* empty slots since the last mark (saturates) */
	uint16_t win_left;	/* LOS: slots left in the clearing window, 0 = none open */
	uint16_t win_marks;	/* LOS: marks in the clearing window */
	uint32_t los_raised;	/* times LOS was raised (saturates) */
	bool slow;		/* tests: decode mark by mark, no fast path (init: false) */
};

/*
 * fw_lc_dec_init() - set up @d for @code on a span of @kind. @los_slots is N
 * (0: the default of the kind). Returns 0, or -1 for a code the kind does not
 * use (HDB3 is E1 only, B8ZS T1 only) or N outside the kind's range.
 */
int fw_lc_dec_init(struct fw_lc_dec *d, enum fw_span_kind kind, enum fw_linecode code,
		   unsigned los_slots);

/*
 * fw_lc_decode() - decode @nslots slots of @rpos/@rneg into as many NRZ bits
 * of @nrz (ceil(nslots / 8) octets; it may not overlap the inputs), adding
 * BPVs and excessive zeros to @c->bpv and @c->exz (saturating).
 */
void fw_lc_decode(struct fw_lc_dec *d, const uint8_t *rpos, const uint8_t *rneg, size_t nslots,
		  uint8_t *nrz, struct fw_span_counters *c);

/* Whether LOS is present now (after the last slot decoded). */
static inline bool fw_lc_los(const struct fw_lc_dec *d)
{
	return d->los;
}

#endif /* FW_LINECODE_H */
