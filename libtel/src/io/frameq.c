// SPDX-License-Identifier: LGPL-2.1-or-later
/* FIFO of frames: power-of-two ring of fixed slots. */
#include <stdlib.h>
#include <string.h>

#include "io/frameq.h"
#include "libtel/tel.h"

/*
 * The inline push's bound: the maximum, or FRAMEQ_SPARE slots short of a
 * ring that may still grow, so that growth is tried while those slots are
 * free: a growth that fails then loses no frame (the spare takes it), and
 * the next push tries again.
 */
static void set_lim(struct frameq *q)
{
	if (q->cap >= q->max)
		q->lim = q->max;
	else
		q->lim = q->cap > FRAMEQ_SPARE ? q->cap - FRAMEQ_SPARE : 0;
}

void frameq_init(struct frameq *q)
{
	memset(q, 0, sizeof(*q));
	q->max = FRAMEQ_MAX_DEFAULT;
}

void frameq_set_max(struct frameq *q, uint32_t max)
{
	q->max = max ? max : 1;
	set_lim(q);
}

void frameq_fini(struct frameq *q)
{
	uint32_t max = q->max, lost = q->lost;

	free(q->slot);
	memset(q, 0, sizeof(*q));
	q->max = max;
	q->lost = lost;
}

int frameq_grow(struct frameq *q)
{
	uint32_t ncap = q->cap ? q->cap * 2 : 16;
	struct frameq_slot *ns;

	if (q->count >= q->max)
		return TEL_EBUSY;	/* the ring may be larger: the bound is in frames */
	ns = malloc((size_t)ncap * sizeof(*ns));
	if (!ns)
		return TEL_ENOMEM;
	/* unwrap the ring into the new array */
	for (uint32_t i = 0; i < q->count; i++) {
		const struct frameq_slot *s = &q->slot[(q->head + i) & (q->cap - 1)];

		ns[i].len = s->len;
		memcpy(ns[i].data, s->data, s->len);
	}
	free(q->slot);
	q->slot = ns;
	q->head = 0;
	q->cap = ncap;
	set_lim(q);
	return 0;
}

int frameq_reserve(struct frameq *q)
{
	return q->cap ? 0 : frameq_grow(q);
}

int frameq_push_slow(struct frameq *q, const uint8_t *p, size_t len)
{
	if (len > FRAMEQ_FRAME_MAX)
		return TEL_EINVAL;
	if (q->count >= q->max) {
		q->lost++;
		return TEL_EBUSY;
	}
	if (q->count + FRAMEQ_SPARE >= q->cap) {
		int rc = frameq_grow(q);

		if (rc && q->count == q->cap) {
			q->lost++;
			return rc;
		}
	}
	{
		struct frameq_slot *s = frameq_tail(q);	/* in the spare when growth failed */

		s->len = (uint16_t)len;
		memcpy(s->data, p, len);
		q->count++;
	}
	return 0;
}
