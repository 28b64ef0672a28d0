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
 *
 * Lazy re-arming: protocol timers are restarted far more often than they
 * fire (Q.921 T203 on every frame, T200 on every acknowledgement). Moving
 * a timer to a later time leaves its heap entry where it is and only records
 * the new due time in the timer; when the old entry reaches the top, it is
 * re-keyed to the recorded time instead of running the callback. A heap
 * entry's key is therefore never later than its timer's real due time, so
 * the heap top is never later than the earliest real deadline: a poll
 * timeout taken from timers_next_due() can only wake early, never late.
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
	uint64_t due;		/* ms, in the caller's time base (valid while armed) */
	uint64_t seq;		/* arming order, breaks ties between equal due times */
	tel_timer_cb cb;
	void *arg;
	uint64_t ent_due;	/* its heap entry's due time (while idx is not TEL_TIMER_IDLE) */
	uint32_t idx;		/* position of its heap entry, TEL_TIMER_IDLE when none */
	uint16_t id;		/* the owning layer's timer id (names come from its table) */
	bool armed;		/* the callback will run; false for a lazily cancelled entry */
};

/*
 * A heap entry carries its key, so sifting compares keys in the heap array
 * without touching the timers (with thousands of timers they are cache misses).
 * The key is a lower bound of the timer's (due, seq) while it is armed.
 */
struct tel_timer_ent {
	uint64_t due;
	uint64_t seq;
	struct tel_timer *t;
};

struct tel_timers {
	/*
	 * heap[0].due, UINT64_MAX while the heap is empty: timers_run() runs
	 * every round of every tel_ctx_run() and usually finds nothing due,
	 * which is then one compare.
	 */
	uint64_t top;
	struct tel_timer_ent *heap;
	uint32_t len;		/* heap entries: armed timers and lazily cancelled ones */
	uint32_t cap;		/* heap array size */
	uint64_t seq;		/* next arming sequence number */
	uint64_t now;		/* last time given to timers_run() or timers_set_now() */
	uint32_t reserved;	/* heap entries promised to owners (timers_reserve()) */
	uint32_t nomem;		/* arms refused: the heap could not grow (for tests) */
};

/*
 * One row of a layer's timer/parameter table (Osmocom "tdef" style): the one
 * place its name, default, unit and the range a line's configuration may set
 * it in are written (session/line_params.c reads them).
 */
struct tel_tdef {
	int id;
	const char *name;	/* "T200" */
	uint32_t def;		/* default value */
	const char *unit;	/* "ms", "frames", "octets", "retransmissions" */
	uint32_t min, max;	/* the range tel_line_cfg.params may set; max 0: not settable */
};

#define TEL_TDEF_MS_MAX	3600000u	/* the longest protocol timer: one hour */

/* Name of @id in @table of @n rows, or "?" when not there. */
const char *tel_tdef_name(const struct tel_tdef *table, size_t n, int id);

/* An empty heap; now = 0. Never allocates. */
void timers_init(struct tel_timers *ts);
/* Frees the heap array. Armed timers are forgotten (their idx is not touched). */
void timers_fini(struct tel_timers *ts);

/* Prepare @t (not armed). @id is the layer's timer id, used only for names. */
void timer_init(struct tel_timer *t, uint16_t id, tel_timer_cb cb, void *arg);

/*
 * timers_reserve() - room in the heap for @n more timers, so that arming
 * them never needs memory. An owner reserves for the timers it embeds when
 * it is made, where running out of memory has a caller to tell, and gives
 * them back with timers_unreserve() once it has cancelled them (a timer has
 * one heap entry at most, so the heap never holds more entries than the
 * timers reserved). 0 or TEL_ENOMEM (nothing reserved). A timer nobody
 * reserved for still works: its arm grows the heap, and may fail.
 */
int timers_reserve(struct tel_timers *ts, uint32_t n);
void timers_unreserve(struct tel_timers *ts, uint32_t n);

/* The general case of timer_arm(); not for direct use. */
int timer_arm_slow(struct tel_timers *ts, struct tel_timer *t, uint64_t due_ms);

/*
 * timer_arm() - arm @t to fire at @due_ms; an armed timer is moved. A due
 * time before the heap's current time counts as the current time.
 * Returns 0, or TEL_ENOMEM when the heap had to grow and could not
 * (then @t is left as it was).
 *
 * Inline is the lazy case: @t has a heap entry (armed, or lazily cancelled)
 * that is not later than @due_ms, so only @t changes and the entry stays a
 * lower bound. It takes a fresh seq, exactly as moving it would.
 * timer_arm_at() is the same for a @due_ms known not to be before now.
 */
static inline int timer_arm_at(struct tel_timers *ts, struct tel_timer *t, uint64_t due_ms)
{
	if (t->idx == TEL_TIMER_IDLE || due_ms < t->ent_due)
		return timer_arm_slow(ts, t, due_ms);
	t->due = due_ms;
	t->seq = ts->seq++;
	t->armed = true;
	return 0;
}

static inline int timer_arm(struct tel_timers *ts, struct tel_timer *t, uint64_t due_ms)
{
	return timer_arm_at(ts, t, due_ms < ts->now ? ts->now : due_ms);
}

/* timer_arm_in() - arm @t to fire @delay_ms after the heap's current time. */
static inline int timer_arm_in(struct tel_timers *ts, struct tel_timer *t, uint64_t delay_ms)
{
	uint64_t due = ts->now + delay_ms;

	/* not before now by construction: no clamp, only the overflow */
	return timer_arm_at(ts, t, due < ts->now ? UINT64_MAX : due);
}

/*
 * Disarm @t and drop its heap entry; O(log n); nothing happens when it has
 * none. Afterwards the heap no longer refers to @t, so its memory may be freed.
 */
void timer_cancel(struct tel_timers *ts, struct tel_timer *t);

/*
 * timer_cancel_lazy() - disarm @t in O(1), leaving its heap entry to be
 * dropped when it comes due or reused when @t is armed again. For timers
 * that are stopped and restarted all the time (Q.921 T200). The heap still
 * refers to @t: call timer_cancel() before freeing or re-initialising it.
 */
static inline void timer_cancel_lazy(struct tel_timers *ts, struct tel_timer *t)
{
	(void)ts;
	t->armed = false;
}

static inline bool timer_armed(const struct tel_timer *t)
{
	return t->armed;
}

/*
 * The number of armed timers: O(heap entries), for tests and diagnostics
 * (no count is kept: arming and stopping stay a few stores).
 */
uint32_t timers_armed_count(const struct tel_timers *ts);

/*
 * Due time of the earliest heap entry, UINT64_MAX when there is none. Never
 * later than the earliest armed timer; it may be earlier (a lazily moved or
 * cancelled entry), which costs only an early wake-up that runs no callback.
 */
static inline uint64_t timers_next_due(const struct tel_timers *ts)
{
	return ts->top;
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
 *
 * The common case, nothing due, is a compare inline; timers_run_due() (not
 * for direct use) does the rest.
 */
int timers_run_due(struct tel_timers *ts, uint64_t now_ms);

static inline int timers_run(struct tel_timers *ts, uint64_t now_ms)
{
	if (ts->top > now_ms) {
		ts->now = now_ms;
		return 0;
	}
	return timers_run_due(ts, now_ms);
}

#endif /* TEL_CORE_TIMER_H */
