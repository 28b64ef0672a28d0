// SPDX-License-Identifier: GPL-2.0-or-later
/* The call handle's states as a core/fsm.h description: named, every move declared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "session/session.h"

static void test_call_states_sound(void **state)
{
	const struct fsm_def *d = session_call_fsm_def();
	char why[256] = "";

	(void)state;
	if (fsm_def_check(d, why, sizeof(why)))
		fail_msg("%s", why);
	assert_int_equal(d->nstates, TEL_CS_DISCONNECTED + 1);
	assert_string_equal(tel_call_state_name(TEL_CS_RINGBACK), "alerting");
	assert_string_equal(tel_call_state_name((enum tel_call_state)99), "?");
	/* every state may end in IDLE; DISCONNECTED only there */
	for (unsigned int s = TEL_CS_OFFERING; s < d->nstates; s++)
		assert_true(d->states[s].out & FSM_BIT(TEL_CS_IDLE));
	assert_int_equal(d->states[TEL_CS_DISCONNECTED].out, FSM_BIT(TEL_CS_IDLE));
	assert_false(d->states[TEL_CS_CONNECTED].out & FSM_BIT(TEL_CS_OFFERING));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_states_sound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
