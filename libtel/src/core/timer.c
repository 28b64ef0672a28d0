// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Timers of a context: binary min-heap ordered by (due, seq).
 */
#include "core/timer.h"

#include <stdlib.h>

#include "libtel/tel.h"

#define TIMERS_MIN_CAP	16

const char *tel_tdef_name(const struct tel_tdef *table, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].id == id)
			return table[i].name;
	return "?";
}

void timers_init(struct tel_timers *ts)
{
	ts->heap = NULL;
	ts->n = 0;
	ts->cap = 0;
	ts->seq = 0;
	ts->now = 0;
}

void timers_fini(struct tel_timers *ts)
{
	free(ts->heap);
	ts->heap = NULL;
	ts->n = 0;
	ts->cap = 0;
}

void timer_init(struct tel_timer *t, uint16_t id, tel_timer_cb cb, void *arg)
{
	t->due = 0;
	t->seq = 0;
	t->cb = cb;
	t->arg = arg;
	t->idx = TEL_TIMER_IDLE;
	t->id = id;
}

static inline bool before(const struct tel_timer *a, const struct tel_timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static inline void place(struct tel_timers *ts, uint32_t i, struct tel_timer *t)
{
	ts->heap[i] = t;
	t->idx = i;
}

static void sift_up(struct tel_timers *ts, uint32_t i)
{
	struct tel_timer *t = ts->heap[i];

	while (i > 0) {
		uint32_t p = (i - 1) / 2;

		if (!before(t, ts->heap[p]))
			break;
		place(ts, i, ts->heap[p]);
		i = p;
	}
	place(ts, i, t);
}

static void sift_down(struct tel_timers *ts, uint32_t i)
{
	struct tel_timer *t = ts->heap[i];
	uint32_t n = ts->n;

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && before(ts->heap[c + 1], ts->heap[c]))
			c++;
		if (!before(ts->heap[c], t))
			break;
		place(ts, i, ts->heap[c]);
		i = c;
	}
	place(ts, i, t);
}

static int grow(struct tel_timers *ts)
{
	uint32_t cap = ts->cap ? ts->cap * 2 : TIMERS_MIN_CAP;
	struct tel_timer **h;

	if (cap <= ts->cap)
		return TEL_ENOMEM;
	h = realloc(ts->heap, (size_t)cap * sizeof(*h));
	if (!h)
		return TEL_ENOMEM;
	ts->heap = h;
	ts->cap = cap;
	return 0;
}

/* Removes the timer at heap index @i and marks it idle. */
static void remove_at(struct tel_timers *ts, uint32_t i)
{
	struct tel_timer *t = ts->heap[i];
	struct tel_timer *last = ts->heap[--ts->n];

	t->idx = TEL_TIMER_IDLE;
	if (i == ts->n)
		return;
	place(ts, i, last);
	if (i > 0 && before(last, ts->heap[(i - 1) / 2]))
		sift_up(ts, i);
	else
		sift_down(ts, i);
}

int timer_arm(struct tel_timers *ts, struct tel_timer *t, uint64_t due_ms)
{
	/*
	 * A due time in the past means "now". Clamping keeps timers armed from a
	 * callback behind every older timer that is due in the same timers_run().
	 */
	if (due_ms < ts->now)
		due_ms = ts->now;
	if (timer_armed(t)) {
		/* Re-arm in place: the new seq is the largest, so order stays total. */
		uint64_t old = t->due;

		t->due = due_ms;
		t->seq = ts->seq++;
		if (due_ms < old)
			sift_up(ts, t->idx);
		else
			sift_down(ts, t->idx);
		return 0;
	}
	if (ts->n == ts->cap) {
		int rc = grow(ts);

		if (rc < 0)
			return rc;
	}
	t->due = due_ms;
	t->seq = ts->seq++;
	place(ts, ts->n, t);
	ts->n++;
	sift_up(ts, t->idx);
	return 0;
}

int timer_arm_in(struct tel_timers *ts, struct tel_timer *t, uint64_t delay_ms)
{
	uint64_t due = ts->now + delay_ms;

	if (due < ts->now)
		due = UINT64_MAX;
	return timer_arm(ts, t, due);
}

void timer_cancel(struct tel_timers *ts, struct tel_timer *t)
{
	if (!timer_armed(t) || t->idx >= ts->n || ts->heap[t->idx] != t)
		return;
	remove_at(ts, t->idx);
}

int timers_run(struct tel_timers *ts, uint64_t now_ms)
{
	uint64_t limit = ts->seq;	/* armed before this call */
	int ran = 0;

	ts->now = now_ms;
	while (ts->n) {
		struct tel_timer *t = ts->heap[0];

		if (t->due > now_ms || t->seq >= limit)
			break;
		remove_at(ts, 0);
		t->cb(t, t->arg);
		ran++;
	}
	return ran;
}
