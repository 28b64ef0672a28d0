// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Q.921 state machine's description (lapd/datalink_fsm.c, a core/fsm.h
 * table): it passes fsm_def_check(), its names and the lookups the tests and
 * traces use answer from it, and T200/T203 are declared where Q.921 runs them.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/fsm.h"
#include "lapd/datalink.h"

static void test_description_sound(void **state)
{
	const struct fsm_def *d = lapd_fsm_def();
	char why[256] = "";

	(void)state;
	if (fsm_def_check(d, why, sizeof(why)))
		fail_msg("%s", why);
	assert_string_equal(d->name, "Q.921");
	assert_int_equal(d->nevents, LAPD_EV_COUNT);
	assert_int_equal(d->nstates, LAPD_ST_LAST + 1);
	/* only the Q.921 states 4..8 are states of the machine */
	for (unsigned int s = 0; s < d->nstates; s++)
		assert_int_equal(d->states[s].name != NULL, s >= LAPD_ST_FIRST);
}

/* lapd_fsm_lookup() and the names answer from the description, row by row. */
static void test_lookup_matches_table(void **state)
{
	const struct fsm_def *d = lapd_fsm_def();
	unsigned int rows = 0;

	(void)state;
	for (unsigned int s = 0; s <= LAPD_ST_LAST + 1; s++) {
		for (unsigned int e = 0; e < LAPD_EV_COUNT; e++) {
			const char *act = NULL;
			enum lapd_state next = 0;
			bool has = lapd_fsm_lookup((enum lapd_state)s, (enum lapd_event)e, &act,
						   &next);

			if (s < LAPD_ST_FIRST || s > LAPD_ST_LAST) {
				assert_false(has);
				continue;
			}
			assert_int_equal(has, fsm_row(d, s, e)->act != NULL);
			if (!has)
				continue;
			rows++;
			assert_string_equal(act, fsm_row(d, s, e)->name);
			assert_int_equal(next, fsm_row(d, s, e)->next);
			assert_true(d->states[s].out & FSM_BIT(next));
		}
		if (s >= LAPD_ST_FIRST && s <= LAPD_ST_LAST)
			assert_string_equal(lapd_state_name((enum lapd_state)s),
					    fsm_state_name(d, s));
	}
	assert_int_equal(rows, 55);	/* as many as before the port to core/fsm.h */
	for (unsigned int e = 0; e < LAPD_EV_COUNT; e++) {
		assert_string_equal(lapd_event_name((enum lapd_event)e), fsm_event_name(d, e));
		assert_int_equal(fsm_event_by_name(d, lapd_event_name((enum lapd_event)e)), (int)e);
	}
	/* the rows the other tests rely on */
	{
		const char *act;
		enum lapd_state next;

		assert_true(lapd_fsm_lookup(LAPD_ST_MF_EST, LAPD_EV_T200, &act, &next));
		assert_string_equal(act, "act_start_recovery");
		assert_int_equal(next, LAPD_ST_TIMER_RECOVERY);
		assert_true(lapd_fsm_lookup(LAPD_ST_TIMER_RECOVERY, LAPD_EV_RX_RR, &act, &next));
		assert_string_equal(act, "act_rx_s_recovery");
		/* an F=1 response ends timer recovery; an N(R) error re-establishes */
		assert_true(fsm_row(d, LAPD_ST_TIMER_RECOVERY, LAPD_EV_RX_RR)->alt &
			    FSM_BIT(LAPD_ST_MF_EST));
		assert_true(fsm_row(d, LAPD_ST_TIMER_RECOVERY, LAPD_EV_RX_RR)->alt &
			    FSM_BIT(LAPD_ST_AWAIT_EST));
		assert_false(lapd_fsm_lookup(LAPD_ST_AWAIT_REL, LAPD_EV_RX_I, &act, &next));
	}
}

/* T200 supervises states 5, 6, 7 and 8; T203 runs only in 7; nothing in 4. */
static void test_timers_declared(void **state)
{
	const struct fsm_def *d = lapd_fsm_def();

	(void)state;
	assert_int_equal(d->ntimers, 2);
	assert_string_equal(d->timers[LAPD_T200], "T200");
	assert_string_equal(d->timers[LAPD_T203], "T203");
	for (unsigned int s = LAPD_ST_FIRST; s <= LAPD_ST_LAST; s++) {
		assert_int_equal(fsm_timer_allowed(d, s, LAPD_T200), s != LAPD_ST_TEI_ASSIGNED);
		assert_int_equal(fsm_timer_allowed(d, s, LAPD_T203), s == LAPD_ST_MF_EST);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_description_sound),
		cmocka_unit_test(test_lookup_matches_table),
		cmocka_unit_test(test_timers_declared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
