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
	struct tel_timer **heap;

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
	assert_int_equal(ts.n, 40);
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
	assert_int_equal((int)ts.n, nref);
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

static void test_tdef_name(void **state)
{
	static const struct tel_tdef tab[] = {
		{ 3, "T200", 1000, "ms" },
		{ 5, "T203", 10000, "ms" },
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
		cmocka_unit_test(test_tdef_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
