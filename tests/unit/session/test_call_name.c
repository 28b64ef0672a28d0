// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The calling name and the progress indicator through the public API: two
 * lines back to back in memory (EuroISDN and NI-2, calls from either side),
 * tel_call_params.from_name in, tel_call_info.from_name / .progress out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "session/session.h"	/* session_info_ind(), for what the API cannot send */

struct world {
	tel_ctx *ctx;
	tel_line *line[2];	/* [0] user side, [1] network side */
	uint64_t now;
	tel_call *offered;	/* the last OFFERING call */
	struct tel_call_info at_offer;
	unsigned offers;
};

static uint64_t fake_clock(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;

	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING) {
		w->offered = ev->call;
		w->offers++;
		assert_int_equal(tel_call_info(ev->call, &w->at_offer), 0);
	}
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_DISCONNECTED)
		assert_int_equal(tel_call_drop(ev->call, NULL), 0);
}

static void run(struct world *w)
{
	for (int i = 0; i < 100 && tel_ctx_run(w->ctx, 0) > 0; i++)
		;
}

static void world_init(struct world *w, enum tel_variant v)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .variant = v,
				  .bchans = v == TEL_VARIANT_NI2 ? 23 : 30 };
	struct tel_line_cfg n = u;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	n.side = TEL_SIDE_NETWORK;
	assert_int_equal(tel_ctx_new(&w->ctx, &o), 0);
	assert_int_equal(tel_line_pair(w->ctx, &u, &n, &w->line[0], &w->line[1]), 0);
	run(w);
	assert_int_equal(tel_line_up(w->line[0]), 1);
}

/* A call from line @from named @name, answered, then cleared; both handles freed. */
static void named_call(struct world *w, int from, const char *name, const char *want)
{
	struct tel_call_params p = { .to = "5678", .from = "1234", .from_name = name };
	struct tel_call_info ci;
	tel_call *c, *o;
	unsigned offers = w->offers;

	assert_int_equal(tel_call_make(w->line[from], &p, &c), 0);
	assert_int_equal(tel_call_info(c, &ci), 0);
	assert_string_equal(ci.from_name, want);	/* our own, as sent */
	assert_int_equal(ci.progress, -1);
	run(w);
	assert_int_equal(w->offers, offers + 1);
	o = w->offered;
	assert_string_equal(w->at_offer.from_name, want);
	assert_string_equal(w->at_offer.from, "1234");
	assert_int_equal(w->at_offer.progress, -1);
	assert_int_equal(tel_call_answer(o, NULL, 0, 0), 0);
	run(w);
	assert_int_equal(tel_call_drop(c, NULL), 0);
	run(w);
	/* still there after the call, until dealloc */
	assert_int_equal(tel_call_info(o, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	assert_string_equal(ci.from_name, want);
	assert_int_equal(ci.progress, -1);	/* nobody sent a progress indicator */
	assert_int_equal(tel_call_dealloc(c), 0);
	assert_int_equal(tel_call_dealloc(o), 0);
}

static void test_ni2_both_ways(void **state)
{
	struct world w;

	(void)state;
	world_init(&w, TEL_VARIANT_NI2);
	named_call(&w, 0, "Alice Smith", "Alice Smith");
	named_call(&w, 1, "Bob", "Bob");
	/* handles come back from the pool: no name left over */
	named_call(&w, 0, NULL, "");
	named_call(&w, 1, "", "");
	tel_ctx_free(w.ctx);
}

static void test_euroisdn_network_to_user(void **state)
{
	struct world w;

	(void)state;
	world_init(&w, TEL_VARIANT_EUROISDN);
	named_call(&w, 1, "Carol <c@x> \"q\"", "Carol <c@x> \"q\"");
	named_call(&w, 1, NULL, "");
	tel_ctx_free(w.ctx);
}

/* EN 300 403: the Display goes network to user; a user side line refuses a name. */
static void test_euroisdn_user_refuses_name(void **state)
{
	struct tel_call_params p = { .to = "5678", .from_name = "Dave" };
	struct world w;
	tel_call *c = NULL;

	(void)state;
	world_init(&w, TEL_VARIANT_EUROISDN);
	assert_int_equal(tel_call_make(w.line[0], &p, &c), TEL_ENOTSUP);
	assert_null(c);
	run(&w);
	assert_int_equal(w.offers, 0);
	named_call(&w, 0, NULL, "");	/* the same call without the name goes */
	tel_ctx_free(w.ctx);
}

static void test_name_limits(void **state)
{
	char name[TEL_NAME_MAX + 2];
	struct tel_call_params p = { .to = "5678", .from_name = name };
	const enum tel_variant vs[] = { TEL_VARIANT_NI2, TEL_VARIANT_EUROISDN };
	tel_call *c = NULL;

	(void)state;
	for (int v = 0; v < 2; v++) {
		struct world w;

		world_init(&w, vs[v]);
		memset(name, 'a', sizeof(name));
		name[TEL_NAME_MAX + 1] = '\0';		/* one too many: refused, not cut */
		assert_int_equal(tel_call_make(w.line[1], &p, &c), TEL_EINVAL);
		name[TEL_NAME_MAX] = '\0';
		name[3] = (char)0xe9;			/* not IA5 */
		assert_int_equal(tel_call_make(w.line[1], &p, &c), TEL_EINVAL);
		run(&w);
		assert_int_equal(w.offers, 0);
		name[3] = 'a';
		named_call(&w, 1, name, name);		/* exactly TEL_NAME_MAX */
		tel_ctx_free(w.ctx);
	}
}

/* What a received SETUP_IND carries into the info: the longest Display text
 * fits; one with a NUL octet is not taken; progress only when there is one. */
static void test_info_from_indication(void **state)
{
	uint8_t text[82];
	struct tel_call_info ci = { .progress = -1 };
	struct cc_ind ind = { .prim = CC_SETUP_IND, .progress = -1 };

	(void)state;
	memset(text, 'z', sizeof(text));
	ind.name = text;
	ind.name_len = sizeof(text);
	session_info_ind(&ci, &ind);
	assert_int_equal(strlen(ci.from_name), sizeof(text));
	assert_int_equal(ci.progress, -1);

	memset(&ci, 0, sizeof(ci));
	ci.progress = -1;
	text[1] = 0;
	ind.name_len = 3;
	ind.progress = 3;
	session_info_ind(&ci, &ind);
	assert_string_equal(ci.from_name, "");
	assert_int_equal(ci.progress, 3);
	ind.name_len = 0;
	ind.progress = -1;			/* no indicator keeps the last one */
	session_info_ind(&ci, &ind);
	assert_int_equal(ci.progress, 3);
	ind.progress = 8;
	session_info_ind(&ci, &ind);
	assert_int_equal(ci.progress, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ni2_both_ways),
		cmocka_unit_test(test_euroisdn_network_to_user),
		cmocka_unit_test(test_euroisdn_user_refuses_name),
		cmocka_unit_test(test_name_limits),
		cmocka_unit_test(test_info_from_indication),
	};

	return cmocka_run_group_tests_name("call_name", tests, NULL, NULL);
}
