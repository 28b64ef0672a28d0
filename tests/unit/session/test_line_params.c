// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Protocol timers and counters set per line (tel_line_cfg.params): the values
 * reach the data link and call control (tel_line_param() reads them back
 * from the layers), one of them visibly changes when a call is cleared, and
 * bad names or values fail the open with a sentence that says which.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"

struct world {
	tel_ctx *ctx;
	tel_line *user, *net;
	uint64_t now;
	tel_call *offered;
	enum tel_call_state user_state, net_state;
	int user_cause;
};

static uint64_t fake_clock(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;
	struct tel_call_info info;

	if (ev->type != TEL_EV_CALL_STATE)
		return;
	if (ev->line == w->net && ev->state == TEL_CS_OFFERING)
		w->offered = ev->call;
	if (ev->line == w->net)
		w->net_state = ev->state;
	if (ev->line == w->user) {
		w->user_state = ev->state;
		assert_int_equal(tel_call_info(ev->call, &info), 0);
		w->user_cause = info.cause;
	}
}

static void run(struct world *w)
{
	for (int i = 0; i < 100 && tel_ctx_run(w->ctx, 0) > 0; i++)
		;
}

static void advance(struct world *w, uint64_t ms)
{
	for (uint64_t t = 0; t < ms; t += 100) {
		w->now += 100;
		run(w);
	}
}

static int open_pair(struct world *w, const struct tel_param *up, size_t nup)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30, .params = up,
				  .nparams = nup };
	struct tel_line_cfg n = { .side = TEL_SIDE_NETWORK, .bchans = 30 };
	int rc;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	assert_int_equal(tel_ctx_new(&w->ctx, &o), 0);
	rc = tel_line_pair(w->ctx, &u, &n, &w->user, &w->net);
	if (!rc)
		run(w);
	return rc;
}

static unsigned long param(tel_line *l, const char *name)
{
	unsigned long v = 0;

	assert_int_equal(tel_line_param(l, name, &v), 0);
	return v;
}

/* Values set reach both layers; what is not set keeps its default. */
static void test_values_in_force(void **state)
{
	const struct tel_param p[] = {
		{ "T200", 500 }, { "N200", 5 }, { "k", 3 }, { "t309", 30000 }, { "T301", 90000 },
	};
	struct world w;
	unsigned long v;

	(void)state;
	assert_int_equal(open_pair(&w, p, sizeof(p) / sizeof(p[0])), 0);
	assert_int_equal(tel_line_up(w.user), 1);
	assert_int_equal(param(w.user, "T200"), 500);
	assert_int_equal(param(w.user, "n200"), 5);
	assert_int_equal(param(w.user, "K"), 3);
	assert_int_equal(param(w.user, "T309"), 30000);
	assert_int_equal(param(w.user, "T301"), 90000);
	assert_int_equal(param(w.user, "T203"), 10000);	/* defaults */
	assert_int_equal(param(w.user, "T303"), 4000);
	assert_int_equal(param(w.net, "T200"), 1000);	/* the other line: its own */
	assert_int_equal(param(w.net, "k"), 7);
	assert_int_equal(param(w.net, "T301"), 0);	/* off */
	assert_int_equal(tel_line_param(w.user, "T999", &v), TEL_EINVAL);
	assert_int_equal(tel_line_param(w.user, NULL, &v), TEL_EINVAL);
	assert_int_equal(tel_line_param(NULL, "T200", &v), TEL_EINVAL);
	tel_ctx_free(w.ctx);
}

/*
 * T303 = 1 s on the user line: the calls offered to it that the application
 * leaves ringing get ALERTING from libtel after half of it (0.5 s, where the
 * default T303 gives 1 s), in time for a far end whose T303 is as short.
 */
static void test_t303_set_per_line(void **state)
{
	const struct tel_param p[] = { { "T303", 1000 } };
	struct tel_call_params cp = { .to = "123" };
	struct world w;
	tel_call *c;

	(void)state;
	assert_int_equal(open_pair(&w, p, 1), 0);
	assert_int_equal(tel_call_make(w.net, &cp, &c), 0);
	run(&w);
	assert_int_equal(w.user_state, TEL_CS_OFFERING);	/* offered, not answered */
	advance(&w, 400);
	assert_int_equal(w.net_state, TEL_CS_DIALING);
	advance(&w, 200);
	assert_int_equal(w.net_state, TEL_CS_RINGBACK);
	assert_int_equal(w.user_state, TEL_CS_OFFERING);
	tel_ctx_free(w.ctx);

	/* the same without the parameter: ALERTING after 1 s */
	assert_int_equal(open_pair(&w, NULL, 0), 0);
	assert_int_equal(tel_call_make(w.net, &cp, &c), 0);
	run(&w);
	advance(&w, 600);
	assert_int_equal(w.net_state, TEL_CS_DIALING);
	advance(&w, 500);
	assert_int_equal(w.net_state, TEL_CS_RINGBACK);
	tel_ctx_free(w.ctx);
}

/* Bad names and values: TEL_EINVAL, nothing opened, and a sentence naming them. */
static void test_bad_params(void **state)
{
	const struct tel_param unknown[] = { { "T200", 500 }, { "T3O3", 1000 } };
	const struct tel_param zero[] = { { "T200", 0 } };
	const struct tel_param big_k[] = { { "k", 128 } };
	const struct tel_param noname[] = { { NULL, 1 } };
	struct world w;

	(void)state;
	assert_int_equal(open_pair(&w, unknown, 2), TEL_EINVAL);
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), "\"T3O3\": no such timer"));
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), "known: T200 T203 N200 k T301"));
	assert_null(w.user);
	tel_ctx_free(w.ctx);
	assert_int_equal(open_pair(&w, zero, 1), TEL_EINVAL);
	assert_string_equal(tel_ctx_last_error(w.ctx),
			    "line parameter T200 = 0: out of range 1..3600000 (ms)");
	tel_ctx_free(w.ctx);
	assert_int_equal(open_pair(&w, big_k, 1), TEL_EINVAL);
	assert_string_equal(tel_ctx_last_error(w.ctx),
			    "line parameter k = 128: out of range 1..127 (frames)");
	tel_ctx_free(w.ctx);
	assert_int_equal(open_pair(&w, noname, 1), TEL_EINVAL);
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), "\"(null)\": no such timer"));
	tel_ctx_free(w.ctx);
	assert_int_equal(open_pair(&w, NULL, 2), TEL_EINVAL);
	assert_non_null(strstr(tel_ctx_last_error(w.ctx), "params is NULL"));
	tel_ctx_free(w.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_in_force),
		cmocka_unit_test(test_t303_set_per_line),
		cmocka_unit_test(test_bad_params),
	};

	return cmocka_run_group_tests_name("line_params", tests, NULL, NULL);
}
