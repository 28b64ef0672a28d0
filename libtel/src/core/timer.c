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
	ts->top = UINT64_MAX;
	ts->heap = NULL;
	ts->len = 0;
	ts->cap = 0;
	ts->seq = 0;
	ts->now = 0;
	ts->nomem = 0;
	ts->reserved = 0;
}

void timers_fini(struct tel_timers *ts)
{
	free(ts->heap);
	ts->top = UINT64_MAX;
	ts->heap = NULL;
	ts->len = 0;
	ts->cap = 0;
}

void timer_init(struct tel_timer *t, uint16_t id, tel_timer_cb cb, void *arg)
{
	t->due = 0;
	t->seq = 0;
	t->cb = cb;
	t->arg = arg;
	t->ent_due = UINT64_MAX;
	t->idx = TEL_TIMER_IDLE;
	t->id = id;
	t->armed = false;
}

static inline bool before(uint64_t adue, uint64_t aseq, uint64_t bdue, uint64_t bseq)
{
	return adue < bdue || (adue == bdue && aseq < bseq);
}

static inline bool ent_before(const struct tel_timer_ent *a, const struct tel_timer_ent *b)
{
	return before(a->due, a->seq, b->due, b->seq);
}

/* Every entry that becomes the heap's first goes through here: ts->top follows. */
static inline void place(struct tel_timers *ts, uint32_t i, const struct tel_timer_ent *e)
{
	ts->heap[i] = *e;
	e->t->idx = i;
	if (i == 0)
		ts->top = e->due;
}

static void sift_up(struct tel_timers *ts, uint32_t i)
{
	struct tel_timer_ent e = ts->heap[i];

	while (i > 0) {
		uint32_t p = (i - 1) / 2;

		if (!ent_before(&e, &ts->heap[p]))
			break;
		place(ts, i, &ts->heap[p]);
		i = p;
	}
	place(ts, i, &e);
}

static void sift_down(struct tel_timers *ts, uint32_t i)
{
	struct tel_timer_ent e = ts->heap[i];
	uint32_t n = ts->len;

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && ent_before(&ts->heap[c + 1], &ts->heap[c]))
			c++;
		if (!ent_before(&ts->heap[c], &e))
			break;
		place(ts, i, &ts->heap[c]);
		i = c;
	}
	place(ts, i, &e);
}

static int grow(struct tel_timers *ts)
{
	uint32_t cap = ts->cap ? ts->cap * 2 : TIMERS_MIN_CAP;
	struct tel_timer_ent *h;

	if (cap <= ts->cap)
		return TEL_ENOMEM;
	h = realloc(ts->heap, (size_t)cap * sizeof(*h));
	if (!h) {
		ts->nomem++;
		return TEL_ENOMEM;
	}
	ts->heap = h;
	ts->cap = cap;
	return 0;
}

int timers_reserve(struct tel_timers *ts, uint32_t n)
{
	uint32_t want = ts->reserved + n, cap = ts->cap ? ts->cap : TIMERS_MIN_CAP;
	struct tel_timer_ent *h;

	if (want < n)
		return TEL_ENOMEM;
	while (cap < want && cap <= UINT32_MAX / 2)
		cap *= 2;
	if (cap < want)
		return TEL_ENOMEM;
	if (cap > ts->cap) {
		h = realloc(ts->heap, (size_t)cap * sizeof(*h));
		if (!h)
			return TEL_ENOMEM;
		ts->heap = h;
		ts->cap = cap;
	}
	ts->reserved = want;
	return 0;
}

void timers_unreserve(struct tel_timers *ts, uint32_t n)
{
	ts->reserved = n < ts->reserved ? ts->reserved - n : 0;
}

/* Removes the entry at heap index @i; its timer no longer has one. */
static void remove_at(struct tel_timers *ts, uint32_t i)
{
	struct tel_timer_ent *last = &ts->heap[--ts->len];

	ts->heap[i].t->idx = TEL_TIMER_IDLE;
	if (!ts->len)
		ts->top = UINT64_MAX;
	if (i == ts->len)
		return;
	place(ts, i, last);
	if (i > 0 && ent_before(&ts->heap[i], &ts->heap[(i - 1) / 2]))
		sift_up(ts, i);
	else
		sift_down(ts, i);
}

int timer_arm_slow(struct tel_timers *ts, struct tel_timer *t, uint64_t due_ms)
{
	struct tel_timer_ent *e;

	/*
	 * A due time in the past means "now". Clamping keeps timers armed from a
	 * callback behind every older timer that is due in the same timers_run().
	 */
	if (due_ms < ts->now)
		due_ms = ts->now;
	if (t->idx != TEL_TIMER_IDLE) {
		/*
		 * Re-arm with the entry it has (armed or lazily cancelled). The new
		 * seq is the largest, so order stays total. Not earlier than the
		 * entry: leave the entry as a lower bound, timers_run_due() re-keys
		 * it when it comes up. Earlier: the entry must move up now.
		 */
		e = &ts->heap[t->idx];
		t->due = due_ms;
		t->seq = ts->seq++;
		t->armed = true;
		if (due_ms < e->due) {
			e->due = due_ms;
			e->seq = t->seq;
			t->ent_due = due_ms;
			sift_up(ts, t->idx);
		}
		return 0;
	}
	if (ts->len == ts->cap) {
		int rc = grow(ts);

		if (rc < 0)
			return rc;
	}
	t->due = due_ms;
	t->seq = ts->seq++;
	t->armed = true;
	t->ent_due = due_ms;
	e = &ts->heap[ts->len];
	e->due = due_ms;
	e->seq = t->seq;
	e->t = t;
	t->idx = ts->len++;
	sift_up(ts, t->idx);
	return 0;
}

uint32_t timers_armed_count(const struct tel_timers *ts)
{
	uint32_t n = 0;

	/* an armed timer has exactly one entry; a lazily cancelled one is not armed */
	for (uint32_t i = 0; i < ts->len; i++)
		n += ts->heap[i].t->armed;
	return n;
}

void timer_cancel(struct tel_timers *ts, struct tel_timer *t)
{
	timer_cancel_lazy(ts, t);
	if (t->idx == TEL_TIMER_IDLE || t->idx >= ts->len || ts->heap[t->idx].t != t)
		return;
	remove_at(ts, t->idx);
}

int timers_run_due(struct tel_timers *ts, uint64_t now_ms)
{
	uint64_t limit = ts->seq;	/* armed before this call */
	int ran = 0;

	ts->now = now_ms;
	while (ts->len) {
		struct tel_timer_ent *e = &ts->heap[0];
		struct tel_timer *t = e->t;

		if (e->due > now_ms)
			break;
		if (!t->armed) {		/* lazily cancelled */
			remove_at(ts, 0);
			continue;
		}
		if (e->seq != t->seq) {		/* lazily moved later: re-key, no callback */
			e->due = t->due;
			e->seq = t->seq;
			t->ent_due = t->due;
			sift_down(ts, 0);
			continue;
		}
		if (t->seq >= limit)
			break;
		remove_at(ts, 0);
		t->armed = false;
		t->cb(t, t->arg);
		ran++;
	}
	return ran;
}
