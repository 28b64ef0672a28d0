/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A FIFO of frames in fixed slots of FRAMEQ_FRAME_MAX octets (a LAPD frame:
 * address, control and N201 octets of information). It grows by doubling when
 * FRAMEQ_SPARE slots are left (the only allocation), so the message path does
 * not allocate in steady state and a failed growth loses no frame,
 * up to a maximum number of frames (frameq_set_max()): a push beyond it
 * fails with TEL_EBUSY and the frame is not queued (lost, as on a noisy
 * line, and counted in q->lost). Without a maximum the ring is still bounded
 * by FRAMEQ_MAX_DEFAULT.
 */
#ifndef TEL_IO_FRAMEQ_H
#define TEL_IO_FRAMEQ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/copy.h"

#define FRAMEQ_FRAME_MAX	264	/* octets a slot holds: 4 + N201 (260) */
/*
 * frameq_push_tx() copies a short frame in one move of this many octets:
 * its caller's frames are readable that far however short they are. The
 * data link keeps that promise for the frames it sends.
 */
#define FRAMEQ_TX_READ		16

struct frameq_slot {
	uint16_t len;
	uint8_t data[FRAMEQ_FRAME_MAX];
};

struct frameq {
	struct frameq_slot *slot;
	uint32_t head, count, cap;
	uint32_t lim;		/* min(cap, max): the inline push's one test */
	uint32_t max;		/* frames at most (frameq_set_max()) */
	uint32_t lost;		/* pushes refused: at the maximum or out of memory */
};

/* The bound of a queue nobody set one for: 4096 frames (about 1 MB). */
#define FRAMEQ_MAX_DEFAULT	4096u

void frameq_init(struct frameq *q);
/* At most @max frames (>= 1) from now on; frames already queued stay. */
void frameq_set_max(struct frameq *q, uint32_t max);
void frameq_fini(struct frameq *q);
/* Double the ring (the only allocation): 0, TEL_EBUSY (at the maximum) or TEL_ENOMEM. */
int frameq_grow(struct frameq *q);
/*
 * Slots a ring that may grow keeps free: it grows when only these are left,
 * so one failed growth loses no frame (see frameq_push_slow()).
 */
#define FRAMEQ_SPARE	4u
/*
 * The ring's first slots, allocated when the transport is made (0 or
 * TEL_ENOMEM): the first frame, sent from the run loop, then needs no memory.
 */
int frameq_reserve(struct frameq *q);
/* frameq_push() out of line: TEL_EINVAL, or growth first (TEL_EBUSY at the maximum) */
int frameq_push_slow(struct frameq *q, const uint8_t *p, size_t len);

/* The free slot behind the last frame; the caller has checked there is one. */
static inline struct frameq_slot *frameq_tail(struct frameq *q)
{
	return &q->slot[(q->head + q->count) & (q->cap - 1)];
}

/* Append a copy. 0, TEL_EINVAL (len > FRAMEQ_FRAME_MAX), TEL_EBUSY (full: q->max
 * frames queued) or TEL_ENOMEM. */
static inline int frameq_push(struct frameq *q, const uint8_t *p, size_t len)
{
	struct frameq_slot *s;

	if (__builtin_expect(q->count >= q->lim || len > FRAMEQ_FRAME_MAX, 0))
		return frameq_push_slow(q, p, len);
	s = frameq_tail(q);
	s->len = (uint16_t)len;
	tel_copy_small(s->data, p, len);
	q->count++;
	return 0;
}

/*
 * frameq_push() of a frame readable for FRAMEQ_TX_READ octets however short
 * (what the data link hands a transport): up to that length it is copied in
 * one move.
 */
static inline int frameq_push_tx(struct frameq *q, const uint8_t *p, size_t len)
{
	struct frameq_slot *s;

	if (len > FRAMEQ_TX_READ || __builtin_expect(q->count >= q->lim, 0))
		return frameq_push(q, p, len);
	s = frameq_tail(q);
	s->len = (uint16_t)len;
	memcpy(s->data, p, FRAMEQ_TX_READ);
	q->count++;
	return 0;
}

static inline struct frameq_slot *frameq_peek(struct frameq *q)
{
	return q->count ? &q->slot[q->head] : NULL;
}

static inline void frameq_pop(struct frameq *q)
{
	q->head = (q->head + 1) & (q->cap - 1);
	q->count--;
}

#endif /* TEL_IO_FRAMEQ_H */
