// SPDX-License-Identifier: GPL-2.0-or-later
/* The Q.931 state tables as descriptions: complete, named, every row leading
 * only where its state may go (core/fsm.h's fsm_def_check()). */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

static void test_tables_sound(void **state)
{
	char why[256] = "";

	(void)state;
	for (int side = 0; side < 2; side++) {
		const struct fsm_def *d = cc_fsm_def((enum q931_side)side);

		if (fsm_def_check(d, why, sizeof(why)))
			fail_msg("%s", why);
		assert_int_equal(d->nevents, EV_COUNT);
	}
}

/* The rows a reader asks about: where DISCONNECT, T305 and T308 lead. */
static void test_clearing_rows_tell_where(void **state)
{
	const char *a;
	int next;

	(void)state;
	for (int side = 0; side < 2; side++) {
		enum q931_side sd = (enum q931_side)side;

		assert_true(q931_cc_fsm_lookup(sd, Q931_S10_ACTIVE, "DISCONNECT_REQ", &a, &next));
		assert_int_equal(next, Q931_S11_DISC_REQ);
		assert_true(q931_cc_fsm_lookup(sd, Q931_S10_ACTIVE, "RX_DISCONNECT", &a, &next));
		assert_int_equal(next, Q931_S12_DISC_IND);
		assert_true(q931_cc_fsm_lookup(sd, Q931_S11_DISC_REQ, "T305", &a, &next));
		assert_int_equal(next, Q931_S19_REL_REQ);
		assert_true(q931_cc_fsm_lookup(sd, Q931_S19_REL_REQ, "T308", &a, &next));
		assert_int_equal(next, Q931_S19_REL_REQ);	/* once more; then Null */
		assert_true(fsm_row(cc_fsm_def(sd), Q931_S19_REL_REQ, EV_T308)->alt &
			    FSM_BIT(Q931_S0_NULL));
		assert_true(q931_cc_fsm_lookup(sd, Q931_S19_REL_REQ, "RX_REL_COMP", &a, &next));
		assert_int_equal(next, Q931_S0_NULL);
		assert_true(q931_cc_fsm_lookup(sd, Q931_S12_DISC_IND, "DISCONNECT_REQ", &a, &next));
		assert_int_equal(next, Q931_S19_REL_REQ);
	}
}

/* Names come with the enum: every event's name is its enumerator's. */
static void test_event_names_follow_enum(void **state)
{
	const struct fsm_def *d = cc_fsm_def(Q931_SIDE_USER);

	(void)state;
	assert_string_equal(fsm_event_name(d, EV_SETUP_REQ), "SETUP_REQ");
	assert_string_equal(fsm_event_name(d, EV_T308), "T308");
	assert_string_equal(fsm_event_name(d, EV_STATUS_ACTIVE), "STATUS_ACTIVE");
	assert_int_equal(fsm_event_by_name(d, "RX_REL_COMP"), EV_RX_REL_COMP);
	assert_string_equal(q931_state_name(Q931_S8_CONNECT_REQ), "CONNECT_REQ");
	assert_true(fsm_timer_allowed(d, Q931_S1_CALL_INIT, Q931_T303));
	assert_false(fsm_timer_allowed(d, Q931_S10_ACTIVE, Q931_T303));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sound),
		cmocka_unit_test(test_clearing_rows_tell_where),
		cmocka_unit_test(test_event_names_follow_enum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
