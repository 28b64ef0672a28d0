/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Timers of a context: a binary min-heap of timers embedded in their owners.
 *
 * Time comes only from the caller: timers_run() is told the time and remembers
 * it as the heap's "now", which timer_arm_in() uses. No function here reads a
 * clock, so tests drive time with a fake clock.
 *
 * Allocation happens only when arming needs a larger heap array (growth by
 * doubling); cancelling, re-arming and running never allocate.
 */
#ifndef TEL_CORE_TIMER_H
#define TEL_CORE_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tel_timer;
typedef void (*tel_timer_cb)(struct tel_timer *t, void *arg);

#define TEL_TIMER_IDLE	UINT32_MAX	/* heap index of a timer that is not armed */

/* Embed in the owner's struct; set up with timer_init(). Fields are private to timer.c. */
struct tel_timer {
	uint64_t due;		/* ms, in the caller's time base */
	uint64_t seq;		/* arming order, breaks ties between equal due times */
	tel_timer_cb cb;
	void *arg;
	uint32_t idx;		/* position in the heap, TEL_TIMER_IDLE when not armed */
	uint16_t id;		/* the owning layer's timer id (names come from its table) */
};

struct tel_timers {
	struct tel_timer **heap;
	uint32_t n;		/* armed timers */
	uint32_t cap;		/* heap array size */
	uint64_t seq;		/* next arming sequence number */
	uint64_t now;		/* last time given to timers_run() or timers_set_now() */
};

/* One row of a layer's timer/parameter table (Osmocom "tdef" style). */
struct tel_tdef {
	int id;
	const char *name;	/* "T200" */
	uint32_t def;		/* default value */
	const char *unit;	/* "ms", "frames", "octets", "retries" */
};

/* Name of @id in @table of @n rows, or "?" when not there. */
const char *tel_tdef_name(const struct tel_tdef *table, size_t n, int id);

/* An empty heap; now = 0. Never allocates. */
void timers_init(struct tel_timers *ts);
/* Frees the heap array. Armed timers are forgotten (their idx is not touched). */
void timers_fini(struct tel_timers *ts);

/* Prepare @t (not armed). @id is the layer's timer id, used only for names. */
void timer_init(struct tel_timer *t, uint16_t id, tel_timer_cb cb, void *arg);

/*
 * timer_arm() - arm @t to fire at @due_ms; an armed timer is moved. A due
 * time before the heap's current time counts as the current time.
 * Returns 0, or TEL_ENOMEM when the heap had to grow and could not
 * (then @t is left as it was).
 */
int timer_arm(struct tel_timers *ts, struct tel_timer *t, uint64_t due_ms);
/* timer_arm_in() - arm @t to fire @delay_ms after the heap's current time. */
int timer_arm_in(struct tel_timers *ts, struct tel_timer *t, uint64_t delay_ms);

/* Disarm @t; O(log n); nothing happens when it is not armed. */
void timer_cancel(struct tel_timers *ts, struct tel_timer *t);

static inline bool timer_armed(const struct tel_timer *t)
{
	return t->idx != TEL_TIMER_IDLE;
}

/* Due time of the earliest timer, UINT64_MAX when none is armed. */
static inline uint64_t timers_next_due(const struct tel_timers *ts)
{
	return ts->n ? ts->heap[0]->due : UINT64_MAX;
}

static inline uint64_t timers_now(const struct tel_timers *ts)
{
	return ts->now;
}

/* Sets the heap's current time (used by timer_arm_in()) without running timers. */
static inline void timers_set_now(struct tel_timers *ts, uint64_t now_ms)
{
	ts->now = now_ms;
}

/*
 * timers_run() - set now to @now_ms and run every timer due at or before it,
 * earliest first; equal due times run in arming order. A timer is disarmed
 * before its callback runs. A callback may arm or cancel any timer, itself
 * included; a timer armed during this call runs in a later call, even when
 * already due, so a callback re-arming itself for "now" cannot loop forever.
 * Returns the number of callbacks run.
 */
int timers_run(struct tel_timers *ts, uint64_t now_ms);

#endif /* TEL_CORE_TIMER_H */
