// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the state machine core (core/fsm.c) on a small machine of its own. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/fsm.h"

/* A door: CLOSED -open-> OPEN -close-> CLOSED; LOCKED by a key when closed. */
enum { S_CLOSED, S_OPEN, S_LOCKED, S_COUNT };
enum { E_OPEN, E_CLOSE, E_LOCK, E_UNLOCK, E_COUNT };
enum { T_AUTOCLOSE, T_COUNT };

struct door {
	int ran;		/* actions run */
	int result;		/* what the next action returns */
};

static int act(void *obj, const void *arg)
{
	struct door *d = obj;

	(void)arg;
	d->ran++;
	return d->result;
}

static const struct fsm_state states[S_COUNT] = {
	[S_CLOSED] = { "CLOSED", FSM_BIT(S_OPEN) | FSM_BIT(S_LOCKED), 0 },
	[S_OPEN] = { "OPEN", FSM_BIT(S_CLOSED) | FSM_BIT(S_OPEN), FSM_BIT(T_AUTOCLOSE) },
	[S_LOCKED] = { "LOCKED", FSM_BIT(S_CLOSED) | FSM_BIT(S_OPEN) | FSM_BIT(S_LOCKED), 0 },
};

static const char *const events[E_COUNT] = {
	[E_OPEN] = "OPEN", [E_CLOSE] = "CLOSE", [E_LOCK] = "LOCK", [E_UNLOCK] = "UNLOCK",
};

static const char *const timers[T_COUNT] = { [T_AUTOCLOSE] = "autoclose" };

static struct fsm_row rows[S_COUNT][E_COUNT] = {
	[S_CLOSED][E_OPEN] = { act, "open", 0, S_OPEN },
	[S_CLOSED][E_LOCK] = { act, "lock", 0, S_LOCKED },
	[S_OPEN][E_CLOSE] = { act, "close", 0, S_CLOSED },
	/* unlocking may swing the door open */
	[S_LOCKED][E_UNLOCK] = { act, "unlock", FSM_BIT(S_OPEN), S_CLOSED },
};

static struct fsm_def def = {
	.name = "door", .soft = true, .states = states, .events = events, .timers = timers,
	.rows = &rows[0][0], .nstates = S_COUNT, .nevents = E_COUNT, .ntimers = T_COUNT,
};

static void test_row_next(void **state)
{
	struct door d = { .result = FSM_NEXT };
	uint8_t st = S_CLOSED;

	(void)state;
	assert_int_equal(fsm_dispatch(&def, &st, E_OPEN, &d, NULL), 0);
	assert_int_equal(st, S_OPEN);
	assert_int_equal(d.ran, 1);
}

static void test_no_row(void **state)
{
	struct door d = { .result = FSM_NEXT };
	uint8_t st = S_OPEN;

	(void)state;
	assert_int_equal(fsm_dispatch(&def, &st, E_LOCK, &d, NULL), TEL_ESTATE);
	assert_int_equal(st, S_OPEN);
	assert_int_equal(d.ran, 0);
}

static void test_action_error_stays(void **state)
{
	struct door d = { .result = TEL_EBUSY };
	uint8_t st = S_CLOSED;

	(void)state;
	assert_int_equal(fsm_dispatch(&def, &st, E_OPEN, &d, NULL), TEL_EBUSY);
	assert_int_equal(st, S_CLOSED);
}

static void test_stay(void **state)
{
	struct door d = { .result = FSM_STAY };
	uint8_t st = S_LOCKED;

	(void)state;
	rows[S_LOCKED][E_UNLOCK].alt |= FSM_BIT(S_LOCKED);	/* a key that may not turn */
	assert_int_equal(fsm_dispatch(&def, &st, E_UNLOCK, &d, NULL), 0);
	assert_int_equal(st, S_LOCKED);
	rows[S_LOCKED][E_UNLOCK].alt &= ~FSM_BIT(S_LOCKED);
	assert_int_equal(fsm_dispatch(&def, &st, E_UNLOCK, &d, NULL), TEL_ESTATE);
	assert_int_equal(st, S_LOCKED);
}

static void test_declared_alternative(void **state)
{
	struct door d = { .result = FSM_TO(S_OPEN) };
	uint8_t st = S_LOCKED;

	(void)state;
	assert_int_equal(fsm_dispatch(&def, &st, E_UNLOCK, &d, NULL), 0);
	assert_int_equal(st, S_OPEN);
}

/* A move the row does not declare is refused: the machine stays. */
static void test_undeclared_move_refused(void **state)
{
	struct door d = { .result = FSM_TO(S_LOCKED) };
	uint8_t st = S_OPEN;

	(void)state;
	assert_int_equal(fsm_dispatch(&def, &st, E_CLOSE, &d, NULL), TEL_ESTATE);
	assert_int_equal(st, S_OPEN);
	d.result = FSM_TO(S_COUNT + 3);	/* not a state at all */
	assert_int_equal(fsm_dispatch(&def, &st, E_CLOSE, &d, NULL), TEL_ESTATE);
	assert_int_equal(st, S_OPEN);
	d.result = FSM_STAY;		/* OPEN x CLOSE does not declare OPEN */
	assert_int_equal(fsm_dispatch(&def, &st, E_CLOSE, &d, NULL), TEL_ESTATE);
	assert_int_equal(st, S_OPEN);
	d.result = 7;			/* neither FSM_NEXT, FSM_STAY nor FSM_TO() */
	assert_int_equal(fsm_dispatch(&def, &st, E_CLOSE, &d, NULL), TEL_ESTATE);
	assert_int_equal(st, S_OPEN);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(fsm_state_name(&def, S_LOCKED), "LOCKED");
	assert_string_equal(fsm_state_name(&def, S_COUNT), "?");
	assert_string_equal(fsm_event_name(&def, E_UNLOCK), "UNLOCK");
	assert_string_equal(fsm_event_name(&def, 99), "?");
	assert_int_equal(fsm_event_by_name(&def, "LOCK"), E_LOCK);
	assert_int_equal(fsm_event_by_name(&def, "KICK"), -1);
	assert_true(fsm_timer_allowed(&def, S_OPEN, T_AUTOCLOSE));
	fsm_check_timers(&def, S_OPEN, E_OPEN, FSM_BIT(T_AUTOCLOSE));	/* declared: returns */
	fsm_check_timers(&def, S_CLOSED, E_CLOSE, 0);
	assert_false(fsm_timer_allowed(&def, S_CLOSED, T_AUTOCLOSE));
}

/* The description check finds each kind of mistake; the door itself is sound. */
static void test_def_check(void **state)
{
	char why[200];
	struct fsm_row saved = rows[S_OPEN][E_CLOSE];

	(void)state;
	assert_int_equal(fsm_def_check(&def, why, sizeof(why)), 0);

	rows[S_OPEN][E_CLOSE].next = S_LOCKED;	/* OPEN may not go to LOCKED */
	assert_int_equal(fsm_def_check(&def, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "OPEN x CLOSE"));
	rows[S_OPEN][E_CLOSE] = saved;

	rows[S_OPEN][E_CLOSE].alt = FSM_BIT(S_LOCKED);
	assert_int_equal(fsm_def_check(&def, why, sizeof(why)), -1);
	rows[S_OPEN][E_CLOSE] = saved;

	rows[S_OPEN][E_CLOSE].name = NULL;
	assert_int_equal(fsm_def_check(&def, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no action name"));
	rows[S_OPEN][E_CLOSE] = saved;

	{
		const char *const unnamed[E_COUNT] = { [E_OPEN] = "OPEN", [E_CLOSE] = "CLOSE",
						       [E_UNLOCK] = "UNLOCK" };
		struct fsm_def d2 = def;

		d2.events = unnamed;
		assert_int_equal(fsm_def_check(&d2, why, sizeof(why)), -1);
		assert_non_null(strstr(why, "event 2 has no name"));
	}
	{
		struct fsm_state s2[S_COUNT];
		struct fsm_def d2 = def;

		memcpy(s2, states, sizeof(s2));
		s2[S_CLOSED].timers = FSM_BIT(5);	/* no timer 5 */
		d2.states = s2;
		assert_int_equal(fsm_def_check(&d2, why, sizeof(why)), -1);
		assert_non_null(strstr(why, "timer"));
		memcpy(s2, states, sizeof(s2));
		s2[S_LOCKED].name = NULL;		/* rows, but no name (and CLOSED goes there) */
		assert_int_equal(fsm_def_check(&d2, why, sizeof(why)), -1);
		assert_non_null(strstr(why, "does not exist"));
	}
	assert_int_equal(fsm_def_check(&def, why, sizeof(why)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_row_next),
		cmocka_unit_test(test_no_row),
		cmocka_unit_test(test_action_error_stays),
		cmocka_unit_test(test_stay),
		cmocka_unit_test(test_declared_alternative),
		cmocka_unit_test(test_undeclared_move_refused),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_def_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
