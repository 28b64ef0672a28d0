/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A cable for tests and the simulated card: it carries the two pulse
 * streams of a line (TPOS/TNEG of one end to RPOS/RNEG of the other) one
 * way; a span pair uses two. Packed as fw/span.h says (first slot = most
 * significant bit of the first octet).
 *
 * Faults, injectable at any time and taking effect from the next call:
 * - LOS: nothing arrives (every slot empty); no bit errors are added.
 * - AIS: all ones, sent as alternating marks (the all-ones of AMI, HDB3 and
 *   B8ZS alike: all ones has no zeros to substitute), continuing the
 *   polarity of the last mark sent so the change brings no violation.
 * - bit errors at a rate in errors per million slots, from a seeded
 *   xorshift32 generator (deterministic: the same seed and calls give the
 *   same errors). An error empties a marked slot, or marks an empty one
 *   with the polarity of the last mark sent (so it is a bipolar violation
 *   unless the decoder takes it for a substitution).
 * - frame slips: a frame's worth of slots (256 for E1, 193 for T1) repeated
 *   or deleted. One slip is made per call, at the start of a call that
 *   carries at least a frame of slots (and, for a repeat, has room for the
 *   extra frame); the rest wait for the next calls. A repeat sends the first
 *   frame of the block twice; a deletion drops it.
 * Otherwise the cable passes the slots through unchanged, without delay.
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only; no allocation.
 */
#ifndef FW_CABLE_H
#define FW_CABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fw/span.h>

#define FW_CABLE_LOS	0x01u	/* no pulses */
#define FW_CABLE_AIS	0x02u	/* all ones */

#define FW_CABLE_PPM	1000000u	/* the bit error rate's unit: errors per this many slots */

struct fw_cable {
	uint16_t frame_slots;	/* 256 (E1) or 193 (T1) */
	uint8_t faults;		/* FW_CABLE_* */
	uint8_t last_neg;	/* polarity of the last mark sent: 1 negative, 0 positive */
	uint32_t ber_ppm;	/* bit errors per million slots */
	uint32_t rng;		/* xorshift32 state, never 0 */
	int32_t slips_pending;	/* > 0 frames to repeat, < 0 frames to delete */
	/* what the cable did (saturating) */
	uint32_t errors;	/* slots changed by bit errors */
	uint32_t repeats;	/* frames repeated */
	uint32_t deletions;	/* frames deleted */
};

/* Sets up @c for a span of @kind, passing through, with generator seed @seed (0 allowed). */
void fw_cable_init(struct fw_cable *c, enum fw_span_kind kind, uint32_t seed);

/* Sets the faults (FW_CABLE_LOS, FW_CABLE_AIS; LOS wins if both); 0 passes through. */
void fw_cable_set_faults(struct fw_cable *c, unsigned faults);

/* Sets the bit error rate in errors per million slots. 0, or -1 if @ppm > FW_CABLE_PPM. */
int fw_cable_set_ber(struct fw_cable *c, uint32_t ppm);

/* Queues @n frame slips: @n > 0 repeats @n frames, @n < 0 deletes -@n frames. */
void fw_cable_slip(struct fw_cable *c, int n);

/*
 * fw_cable_carry() - carry @nslots slots of @tpos/@tneg to @rpos/@rneg, which
 * hold @cap slots (ceil(cap / 8) octets; no overlap with the inputs).
 * Returns the number of slots written: @nslots, @nslots plus a frame after a
 * repeat, @nslots less a frame after a deletion. Needs @cap >= @nslots: with
 * less it writes nothing and returns 0. The spare low bits of the last octet
 * written are 0.
 */
size_t fw_cable_carry(struct fw_cable *c, const uint8_t *tpos, const uint8_t *tneg,
		      size_t nslots, uint8_t *rpos, uint8_t *rneg, size_t cap);

#endif /* FW_CABLE_H */
