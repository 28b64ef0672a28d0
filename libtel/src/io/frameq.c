// SPDX-License-Identifier: LGPL-2.1-or-later
/* FIFO of frames: power-of-two ring of fixed slots. */
#include <stdlib.h>
#include <string.h>

#include "io/frameq.h"
#include "libtel/tel.h"

void frameq_init(struct frameq *q)
{
	memset(q, 0, sizeof(*q));
	q->max = FRAMEQ_MAX_DEFAULT;
}

void frameq_set_max(struct frameq *q, uint32_t max)
{
	q->max = max ? max : 1;
	q->lim = q->cap < q->max ? q->cap : q->max;
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
	q->lim = ncap < q->max ? ncap : q->max;
	return 0;
}

int frameq_push_slow(struct frameq *q, const uint8_t *p, size_t len)
{
	if (len > FRAMEQ_FRAME_MAX)
		return TEL_EINVAL;
	if (q->count >= q->max) {
		q->lost++;
		return TEL_EBUSY;
	}
	if (q->count == q->cap) {
		int rc = frameq_grow(q);

		if (rc) {
			q->lost++;
			return rc;
		}
	}
	return frameq_push(q, p, len);
}
