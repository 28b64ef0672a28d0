// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the context timer heap (core/timer.c), driven by a fake clock. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/timer.h"

#define NRAND	10000

struct rec {
	int order[NRAND + 16];
	int n;
};

struct tt {
	struct tel_timer t;
	int id;
	struct rec *rec;
	struct tel_timers *ts;
	uint64_t rearm_delay;	/* callback re-arms itself this far ahead (0: no) */
	struct tt *victim;	/* callback cancels this one */
	struct tt *arm_other;	/* callback arms this one for "now" */
};

static void cb(struct tel_timer *t, void *arg)
{
	struct tt *x = arg;

	assert_ptr_equal(&x->t, t);
	assert_false(timer_armed(t));	/* disarmed before its callback */
	x->rec->order[x->rec->n++] = x->id;
	if (x->victim)
		timer_cancel(x->ts, &x->victim->t);
	if (x->arm_other)
		assert_int_equal(timer_arm(x->ts, &x->arm_other->t, timers_now(x->ts)), 0);
	if (x->rearm_delay)
		assert_int_equal(timer_arm_in(x->ts, t, x->rearm_delay), 0);
}

static void setup_tt(struct tt *x, int id, struct rec *r, struct tel_timers *ts)
{
	memset(x, 0, sizeof(*x));
	x->id = id;
	x->rec = r;
	x->ts = ts;
	timer_init(&x->t, (uint16_t)id, cb, x);
}

static void test_empty(void **state)
{
	struct tel_timers ts;
	struct tt a;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	assert_int_equal(timers_next_due(&ts), UINT64_MAX);
	assert_int_equal(timers_run(&ts, 1000), 0);
	assert_int_equal(timers_now(&ts), 1000);
	setup_tt(&a, 1, &r, &ts);
	assert_false(timer_armed(&a.t));
	timer_cancel(&ts, &a.t);	/* not armed: nothing happens */
	timers_fini(&ts);
}

static void test_order(void **state)
{
	static const uint64_t due[] = { 50, 10, 40, 20, 30 };
	struct tel_timers ts;
	struct tt x[5];
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	for (int i = 0; i < 5; i++) {
		setup_tt(&x[i], i, &r, &ts);
		assert_int_equal(timer_arm(&ts, &x[i].t, due[i]), 0);
		assert_true(timer_armed(&x[i].t));
	}
	assert_int_equal(timers_next_due(&ts), 10);
	assert_int_equal(timers_run(&ts, 9), 0);
	assert_int_equal(timers_run(&ts, 25), 2);	/* 10 and 20 */
	assert_int_equal(r.n, 2);
	assert_int_equal(r.order[0], 1);
	assert_int_equal(r.order[1], 3);
	assert_int_equal(timers_next_due(&ts), 30);
	assert_int_equal(timers_run(&ts, 100), 3);
	assert_int_equal(r.order[2], 4);
	assert_int_equal(r.order[3], 2);
	assert_int_equal(r.order[4], 0);
	assert_int_equal(timers_next_due(&ts), UINT64_MAX);
	timers_fini(&ts);
}

static void test_ties_in_arming_order(void **state)
{
	struct tel_timers ts;
	struct tt x[8];
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	for (int i = 0; i < 8; i++) {
		setup_tt(&x[i], i, &r, &ts);
		assert_int_equal(timer_arm(&ts, &x[i].t, 100), 0);
	}
	/* re-arming 2 at the same time moves it behind the others */
	assert_int_equal(timer_arm(&ts, &x[2].t, 100), 0);
	assert_int_equal(timers_run(&ts, 100), 8);
	static const int want[] = { 0, 1, 3, 4, 5, 6, 7, 2 };

	for (int i = 0; i < 8; i++)
		assert_int_equal(r.order[i], want[i]);
	timers_fini(&ts);
}

static void test_cancel_middle_and_rearm(void **state)
{
	struct tel_timers ts;
	struct tt x[7];
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	for (int i = 0; i < 7; i++) {
		setup_tt(&x[i], i, &r, &ts);
		assert_int_equal(timer_arm(&ts, &x[i].t, 10 * (uint64_t)(i + 1)), 0);
	}
	timer_cancel(&ts, &x[3].t);		/* middle of the heap */
	timer_cancel(&ts, &x[3].t);		/* idempotent */
	assert_false(timer_armed(&x[3].t));
	assert_int_equal(timer_arm(&ts, &x[6].t, 5), 0);	/* moved earlier */
	assert_int_equal(timer_arm(&ts, &x[0].t, 65), 0);	/* moved later */
	assert_int_equal(timers_next_due(&ts), 5);
	assert_int_equal(timers_run(&ts, 1000), 6);
	static const int want[] = { 6, 1, 2, 4, 5, 0 };

	for (int i = 0; i < 6; i++)
		assert_int_equal(r.order[i], want[i]);
	timers_fini(&ts);
}

static void test_callback_rearms_itself(void **state)
{
	struct tel_timers ts;
	struct tt p;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&p, 7, &r, &ts);
	p.rearm_delay = 100;
	timers_set_now(&ts, 0);
	assert_int_equal(timer_arm_in(&ts, &p.t, 100), 0);
	/* late by 1000 ms: runs once per call, the re-armed timer waits for the next call */
	assert_int_equal(timers_run(&ts, 1050), 1);
	assert_true(timer_armed(&p.t));
	assert_int_equal(timers_next_due(&ts), 1150);
	assert_int_equal(timers_run(&ts, 1149), 0);
	assert_int_equal(timers_run(&ts, 1150), 1);
	assert_int_equal(timers_next_due(&ts), 1250);
	/* a timer armed "now" from a callback also waits for the next call */
	p.rearm_delay = 0;
	struct tt q;

	setup_tt(&q, 8, &r, &ts);
	p.arm_other = &q;
	assert_int_equal(timers_run(&ts, 1250), 1);
	assert_true(timer_armed(&q.t));
	assert_int_equal(timers_next_due(&ts), 1250);
	assert_int_equal(timers_run(&ts, 1250), 1);
	assert_int_equal(r.order[3], 8);
	timers_fini(&ts);
}

static void test_callback_cancels_due_timer(void **state)
{
	struct tel_timers ts;
	struct tt a, b, c;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&a, 1, &r, &ts);
	setup_tt(&b, 2, &r, &ts);
	setup_tt(&c, 3, &r, &ts);
	a.victim = &b;
	assert_int_equal(timer_arm(&ts, &a.t, 10), 0);
	assert_int_equal(timer_arm(&ts, &b.t, 20), 0);
	assert_int_equal(timer_arm(&ts, &c.t, 30), 0);
	assert_int_equal(timers_run(&ts, 30), 2);
	assert_int_equal(r.order[0], 1);
	assert_int_equal(r.order[1], 3);
	assert_false(timer_armed(&b.t));
	timers_fini(&ts);
}

static void test_past_due_is_now(void **state)
{
	struct tel_timers ts;
	struct tt a;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&a, 1, &r, &ts);
	assert_int_equal(timers_run(&ts, 500), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 100), 0);
	assert_int_equal(timers_next_due(&ts), 500);
	assert_int_equal(timers_run(&ts, 500), 1);
	timers_fini(&ts);
}

/* Allocation only when the heap grows: arming and cancelling within capacity keeps it. */
static void test_growth_only(void **state)
{
	struct tel_timers ts;
	struct tt *x = calloc(40, sizeof(*x));
	struct rec *r = calloc(1, sizeof(*r));
	struct tel_timer_ent *heap;

	(void)state;
	assert_non_null(x);
	assert_non_null(r);
	timers_init(&ts);
	for (int i = 0; i < 40; i++) {
		setup_tt(&x[i], i, r, &ts);
		assert_int_equal(timer_arm(&ts, &x[i].t, (uint64_t)(i * 7 % 13)), 0);
	}
	heap = ts.heap;
	assert_true(ts.cap >= 40);
	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 40; i += 3)
			timer_cancel(&ts, &x[i].t);
		for (int i = 0; i < 40; i += 3)
			assert_int_equal(timer_arm(&ts, &x[i].t, (uint64_t)(round + i)), 0);
	}
	assert_ptr_equal(ts.heap, heap);
	assert_int_equal(timers_armed_count(&ts), 40);
	timers_fini(&ts);
	free(x);
	free(r);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* 10000 random timers, some cancelled and some re-armed, against a sorted reference. */
static void test_random_against_reference(void **state)
{
	struct tel_timers ts;
	struct tt *x = calloc(NRAND, sizeof(*x));
	struct rec *r = calloc(1, sizeof(*r));
	uint64_t *key = calloc(NRAND, sizeof(*key));	/* due << 20 | arming order */
	uint64_t *ref = calloc(NRAND, sizeof(*ref));
	bool *live = calloc(NRAND, sizeof(*live));
	uint64_t order = 0;
	int nref = 0, ran = 0;

	(void)state;
	assert_true(x && r && key && ref && live);
	srand(12345);
	timers_init(&ts);
	for (int i = 0; i < NRAND; i++) {
		uint64_t due = (uint64_t)(rand() % 5000);

		setup_tt(&x[i], i, r, &ts);
		assert_int_equal(timer_arm(&ts, &x[i].t, due), 0);
		key[i] = due << 20 | order++;
		live[i] = true;
	}
	for (int i = 0; i < NRAND; i += 7) {		/* cancel some */
		timer_cancel(&ts, &x[i].t);
		live[i] = false;
	}
	for (int i = 3; i < NRAND; i += 11) {		/* re-arm some (cancelled ones too) */
		uint64_t due = (uint64_t)(rand() % 5000);

		assert_int_equal(timer_arm(&ts, &x[i].t, due), 0);
		key[i] = due << 20 | order++;
		live[i] = true;
	}
	for (int i = 0; i < NRAND; i++)
		if (live[i])
			ref[nref++] = key[i] << 14 | (uint64_t)i;
	qsort(ref, (size_t)nref, sizeof(*ref), cmp_u64);
	assert_int_equal((int)timers_armed_count(&ts), nref);
	for (uint64_t now = 0; now <= 5000; now += 250) {
		int n = timers_run(&ts, now);

		ran += n;
		/* everything due has run, nothing not due */
		assert_true(timers_next_due(&ts) > now);
	}
	assert_int_equal(ran, nref);
	assert_int_equal(r->n, nref);
	for (int i = 0; i < nref; i++)
		assert_int_equal(r->order[i], (int)(ref[i] & 0x3fff));
	timers_fini(&ts);
	free(x);
	free(r);
	free(key);
	free(ref);
	free(live);
}

/*
 * Lazy re-arming: a restart to a later time leaves the heap entry in place.
 * The callback must still run exactly once, at the new time, never at the old.
 */
static void test_lazy_restart_later(void **state)
{
	struct tel_timers ts;
	struct tt a, b;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&a, 1, &r, &ts);
	setup_tt(&b, 2, &r, &ts);
	assert_int_equal(timer_arm(&ts, &a.t, 100), 0);
	assert_int_equal(timer_arm(&ts, &b.t, 150), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 200), 0);	/* later: lazy */
	assert_true(timer_armed(&a.t));
	assert_int_equal(timers_armed_count(&ts), 2);
	/* may report the stale time (an early wake-up), never a later one */
	assert_true(timers_next_due(&ts) <= 150);
	assert_int_equal(timers_run(&ts, 100), 0);	/* stale time: no callback */
	assert_int_equal(r.n, 0);
	assert_true(timer_armed(&a.t));
	assert_int_equal(timers_next_due(&ts), 150);
	assert_int_equal(timers_run(&ts, 150), 1);
	assert_int_equal(r.order[0], 2);
	assert_int_equal(timers_next_due(&ts), 200);
	assert_int_equal(timers_run(&ts, 199), 0);
	assert_int_equal(timers_run(&ts, 200), 1);
	assert_int_equal(r.order[1], 1);
	assert_false(timer_armed(&a.t));
	assert_int_equal(timers_armed_count(&ts), 0);
	assert_int_equal(timers_next_due(&ts), UINT64_MAX);
	timers_fini(&ts);
}

/* Restarted many times later, then earlier than the stale entry: runs at the earliest. */
static void test_lazy_restart_earlier(void **state)
{
	struct tel_timers ts;
	struct tt a, b;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&a, 1, &r, &ts);
	setup_tt(&b, 2, &r, &ts);
	assert_int_equal(timer_arm(&ts, &b.t, 60), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 100), 0);
	for (uint64_t d = 110; d < 1000; d += 10)
		assert_int_equal(timer_arm(&ts, &a.t, d), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 50), 0);	/* earlier than the entry */
	assert_int_equal(timers_next_due(&ts), 50);
	assert_int_equal(timers_run(&ts, 50), 1);
	assert_int_equal(r.order[0], 1);
	assert_int_equal(timers_run(&ts, 1000), 1);	/* only b: a ran once */
	assert_int_equal(r.n, 2);
	assert_int_equal(r.order[1], 2);
	/* later, then back earlier but still after the entry's key */
	assert_int_equal(timer_arm(&ts, &a.t, 1100), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 1500), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 1300), 0);
	assert_int_equal(timers_run(&ts, 1299), 0);
	assert_int_equal(timers_run(&ts, 1300), 1);
	assert_int_equal(timers_run(&ts, 2000), 0);
	assert_int_equal(r.n, 3);
	timers_fini(&ts);
}

/* Cancelling after a lazy restart, lazily or not: no callback, ever. */
static void test_cancel_after_lazy_restart(void **state)
{
	struct tel_timers ts;
	struct tt a, b;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&a, 1, &r, &ts);
	setup_tt(&b, 2, &r, &ts);
	assert_int_equal(timer_arm(&ts, &a.t, 100), 0);
	assert_int_equal(timer_arm(&ts, &a.t, 200), 0);
	timer_cancel(&ts, &a.t);
	assert_false(timer_armed(&a.t));
	assert_int_equal(timers_armed_count(&ts), 0);
	assert_int_equal(ts.len, 0);		/* eager cancel drops the entry */
	assert_int_equal(timers_run(&ts, 1000), 0);

	assert_int_equal(timer_arm(&ts, &b.t, 1100), 0);
	assert_int_equal(timer_arm(&ts, &b.t, 1200), 0);
	timer_cancel_lazy(&ts, &b.t);
	timer_cancel_lazy(&ts, &b.t);		/* idempotent */
	assert_false(timer_armed(&b.t));
	assert_int_equal(timers_armed_count(&ts), 0);
	assert_true(timers_next_due(&ts) <= 1100);	/* entry left: early wake-up only */
	assert_int_equal(timers_run(&ts, 1100), 0);
	assert_int_equal(timers_run(&ts, 1200), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(ts.len, 0);		/* dropped when it came up */
	assert_int_equal(timers_next_due(&ts), UINT64_MAX);

	/* lazily cancelled, then armed again: reuses the entry, runs once */
	assert_int_equal(timer_arm(&ts, &b.t, 1300), 0);
	timer_cancel_lazy(&ts, &b.t);
	assert_int_equal(timer_arm(&ts, &b.t, 1400), 0);
	assert_int_equal(ts.len, 1);
	assert_int_equal(timers_armed_count(&ts), 1);
	assert_int_equal(timers_run(&ts, 1399), 0);
	assert_int_equal(timers_run(&ts, 1400), 1);
	/* lazily cancelled, then armed earlier than its entry */
	assert_int_equal(timer_arm(&ts, &b.t, 1600), 0);
	timer_cancel_lazy(&ts, &b.t);
	assert_int_equal(timer_arm(&ts, &b.t, 1500), 0);
	assert_int_equal(timers_next_due(&ts), 1500);
	assert_int_equal(timers_run(&ts, 1500), 1);
	assert_int_equal(timers_run(&ts, 2000), 0);
	assert_int_equal(r.n, 2);
	/* timer_cancel() after timer_cancel_lazy() drops the entry */
	assert_int_equal(timer_arm(&ts, &b.t, 2100), 0);
	timer_cancel_lazy(&ts, &b.t);
	timer_cancel(&ts, &b.t);
	assert_int_equal(ts.len, 0);
	assert_int_equal(b.t.idx, TEL_TIMER_IDLE);
	timers_fini(&ts);
}

/* A callback re-arming another timer lazily for "now" runs it in the next call. */
static void test_lazy_rearm_from_callback(void **state)
{
	struct tel_timers ts;
	struct tt a, b;
	struct rec r = { .n = 0 };

	(void)state;
	timers_init(&ts);
	setup_tt(&a, 1, &r, &ts);
	setup_tt(&b, 2, &r, &ts);
	assert_int_equal(timer_arm(&ts, &b.t, 5), 0);	/* b's entry: 5 */
	assert_int_equal(timer_arm(&ts, &b.t, 500), 0);	/* lazily at 500 */
	assert_int_equal(timer_arm(&ts, &a.t, 10), 0);
	a.arm_other = &b;				/* a re-arms b for now */
	assert_int_equal(timers_run(&ts, 10), 1);
	assert_int_equal(r.n, 1);
	assert_true(timer_armed(&b.t));
	assert_true(timers_next_due(&ts) <= 10);
	assert_int_equal(timers_run(&ts, 10), 1);
	assert_int_equal(r.order[1], 2);
	timers_fini(&ts);
}

/*
 * Random arms, lazy and eager cancels and restarts against a reference: every
 * callback runs at its latest due time and only then, and timers_next_due() is
 * never later than the earliest armed timer.
 */
#define NLAZY	200

static void test_lazy_random(void **state)
{
	struct tel_timers ts;
	struct tt *x = calloc(NLAZY, sizeof(*x));
	struct rec *r = calloc(1, sizeof(*r));
	uint64_t ref[NLAZY];
	bool live[NLAZY];
	uint64_t now = 0;

	(void)state;
	assert_true(x && r);
	srand(4242);
	timers_init(&ts);
	for (int i = 0; i < NLAZY; i++) {
		setup_tt(&x[i], i, r, &ts);
		live[i] = false;
	}
	for (int step = 0; step < 20000; step++) {
		int i = rand() % NLAZY;
		int op = rand() % 8;
		uint64_t earliest = UINT64_MAX;
		int nlive = 0;

		if (op < 4) {
			uint64_t due = now + (uint64_t)(rand() % 300);

			assert_int_equal(timer_arm(&ts, &x[i].t, due), 0);
			ref[i] = due;
			live[i] = true;
		} else if (op == 4) {
			timer_cancel(&ts, &x[i].t);
			live[i] = false;
		} else if (op == 5) {
			timer_cancel_lazy(&ts, &x[i].t);
			live[i] = false;
		} else {
			int before_n = r->n;

			now += (uint64_t)(rand() % 40);
			timers_run(&ts, now);
			for (int k = before_n; k < r->n; k++) {
				int id = r->order[k];

				assert_true(live[id]);
				assert_int_equal(ref[id], x[id].t.due);
				assert_true(ref[id] <= now);
				live[id] = false;
			}
			r->n = 0;
		}
		for (int k = 0; k < NLAZY; k++) {
			assert_int_equal(timer_armed(&x[k].t), live[k]);
			if (live[k]) {
				nlive++;
				if (ref[k] < earliest)
					earliest = ref[k];
			}
			/* nothing overdue survives a run (nothing was armed by a callback) */
			if (op > 5 && live[k])
				assert_true(ref[k] > now);
		}
		assert_int_equal((int)timers_armed_count(&ts), nlive);
		assert_true(timers_next_due(&ts) <= earliest);
	}
	for (int k = 0; k < NLAZY; k++)
		timer_cancel(&ts, &x[k].t);
	assert_int_equal(ts.len, 0);
	timers_fini(&ts);
	free(x);
	free(r);
}

static void test_tdef_name(void **state)
{
	static const struct tel_tdef tab[] = {
		{ .id = 3, .name = "T200", .def = 1000, .unit = "ms" },
		{ .id = 5, .name = "T203", .def = 10000, .unit = "ms" },
	};

	(void)state;
	assert_string_equal(tel_tdef_name(tab, 2, 5), "T203");
	assert_string_equal(tel_tdef_name(tab, 2, 3), "T200");
	assert_string_equal(tel_tdef_name(tab, 2, 4), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_ties_in_arming_order),
		cmocka_unit_test(test_cancel_middle_and_rearm),
		cmocka_unit_test(test_callback_rearms_itself),
		cmocka_unit_test(test_callback_cancels_due_timer),
		cmocka_unit_test(test_past_due_is_now),
		cmocka_unit_test(test_growth_only),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_lazy_restart_later),
		cmocka_unit_test(test_lazy_restart_earlier),
		cmocka_unit_test(test_cancel_after_lazy_restart),
		cmocka_unit_test(test_lazy_rearm_from_callback),
		cmocka_unit_test(test_lazy_random),
		cmocka_unit_test(test_tdef_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
