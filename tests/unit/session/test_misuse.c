// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The public API misused, and limits taken at their word (issue 13, "found by
 * a hostile far end and by API misuse"): user-user information of no octets,
 * handles used after tel_call_dealloc(), tel_ctx_free() from inside on_event,
 * the UUI maxima tel_line_caps() reports, and a full call pool.
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

#define MAX_EV 512

struct rec_ev {
	struct tel_event ev;
	struct tel_call_info info;
};

struct world {
	tel_ctx *ctx;
	tel_line *user, *net;
	uint64_t now;
	struct rec_ev ev[MAX_EV];
	unsigned nev;
	tel_call *offered;
	bool dealloc_on_idle;
	bool free_on_offer;	/* tel_ctx_free() from inside on_event */
	bool freed;
	unsigned after_free;	/* callbacks after that */
};

static uint64_t fake_clock(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;
	struct rec_ev *r;

	if (w->freed) {
		w->after_free++;
		return;
	}
	assert_true(w->nev < MAX_EV);
	r = &w->ev[w->nev++];
	r->ev = *ev;
	if (ev->call)
		assert_int_equal(tel_call_info(ev->call, &r->info), 0);
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING) {
		w->offered = ev->call;
		if (w->free_on_offer) {
			tel_ctx_free(w->ctx);
			w->freed = true;
		}
	}
	if (w->dealloc_on_idle && ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_IDLE) {
		assert_int_equal(tel_call_dealloc(ev->call), 0);
		/* a second one, with the handle's events still queued: refused */
		assert_int_equal(tel_call_dealloc(ev->call), TEL_EFREED);
	}
}

static void run(struct world *w)
{
	for (int i = 0; i < 100 && tel_ctx_run(w->ctx, 0) > 0; i++)
		;
}

static void world_init_cfg(struct world *w, enum tel_variant v, size_t uui_max)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .variant = v, .bchans = 30,
				  .uui_max = uui_max };
	struct tel_line_cfg n = u;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	n.side = TEL_SIDE_NETWORK;
	assert_int_equal(tel_ctx_new(&w->ctx, &o), 0);
	assert_int_equal(tel_line_pair(w->ctx, &u, &n, &w->user, &w->net), 0);
	run(w);
	assert_int_equal(tel_line_up(w->user), 1);
	w->nev = 0;
}

static void world_init(struct world *w)
{
	world_init_cfg(w, TEL_VARIANT_EUROISDN, 128);
}

static int find_ev(struct world *w, enum tel_event_type t, tel_call *c, enum tel_call_state s)
{
	for (unsigned i = 0; i < w->nev; i++) {
		const struct tel_event *e = &w->ev[i].ev;

		if (e->type == t && (!c || e->call == c) &&
		    (t != TEL_EV_CALL_STATE || e->state == s))
			return (int)i;
	}
	return -1;
}

/* ---- user-user information of no octets --------------------------------------- */

/*
 * A non-NULL UUI of length 0 is a user-user IE holding only its protocol
 * discriminator: sent as such, received as such (uui_rx_len 0, the pd), on
 * make, answer and drop. (It used to reach memcpy(dst, NULL, 0) on receipt.)
 */
static void test_empty_uui_make_answer_drop(void **state)
{
	struct world w;
	struct tel_call_params p = { .to = "5678", .uui = "", .uui_len = 0, .uui_pd = 4 };
	struct tel_drop_params dp = { .uui = "", .uui_len = 0, .uui_pd = 7 };
	struct tel_call_info ci;
	tel_call *uc, *nc;

	(void)state;
	world_init(&w);
	assert_int_equal(tel_call_make(w.user, &p, &uc), 0);
	run(&w);
	nc = w.offered;
	assert_non_null(nc);
	assert_int_equal(tel_call_info(nc, &ci), 0);
	assert_int_equal(ci.uui_rx_pd, 4);
	assert_int_equal(ci.uui_rx_len, 0);
	assert_int_equal(tel_call_answer(nc, "", 0, 5), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_CONNECTED);
	assert_int_equal(ci.uui_rx_pd, 5);
	assert_int_equal(ci.uui_rx_len, 0);
	assert_int_equal(tel_call_drop(uc, &dp), 0);
	run(&w);
	assert_int_equal(tel_call_info(nc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_DISCONNECTED);
	assert_int_equal(ci.uui_rx_pd, 7);
	assert_int_equal(ci.uui_rx_len, 0);
	/* NULL and 0 is no UUI at all: the last one received stays */
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	assert_int_equal(ci.uui_rx_pd, 5);
	/* the discriminator is checked for an empty UUI too */
	p.uui_pd = 256;
	assert_int_equal(tel_call_make(w.user, &p, &uc), TEL_EINVAL);
	tel_ctx_free(w.ctx);
}

/* ---- handles used after tel_call_dealloc() -------------------------------------- */

static tel_call *idle_call(struct world *w)
{
	struct tel_call_params p = { .to = "5678" };
	tel_call *uc, *nc;

	assert_int_equal(tel_call_make(w->user, &p, &uc), 0);
	run(w);
	nc = w->offered;
	assert_int_equal(tel_call_drop(nc, NULL), 0);	/* reject */
	run(w);
	assert_true(find_ev(w, TEL_EV_CALL_STATE, uc, TEL_CS_IDLE) >= 0);
	if (!w->dealloc_on_idle)	/* else on_event did */
		assert_int_equal(tel_call_dealloc(nc), 0);
	return uc;
}

static void assert_freed(tel_ctx *ctx, tel_call *c)
{
	struct tel_call_info ci;
	struct tel_drop_params dp = { .cause = 16 };
	tel_call *s;
	tel_conf *cf;

	assert_int_equal(tel_call_dealloc(c), TEL_EFREED);
	assert_int_equal(tel_call_info(c, &ci), TEL_EFREED);
	assert_int_equal(tel_call_drop(c, NULL), TEL_EFREED);
	assert_int_equal(tel_call_drop(c, &dp), TEL_EFREED);
	assert_int_equal(tel_call_answer(c, NULL, 0, 0), TEL_EFREED);
	assert_int_equal(tel_call_share(c, &s), TEL_EFREED);
	assert_int_equal(tel_call_id(c), 0);
	assert_null(tel_call_line(c));
	assert_int_equal(tel_conf_new(ctx, &cf), 0);
	assert_int_equal(tel_conf_add(cf, c), TEL_EFREED);
	tel_conf_free(cf);
}

static void test_double_dealloc_refused(void **state)
{
	struct world w;
	struct tel_call_params p = { .to = "5678" };
	tel_call *c, *a, *b;

	(void)state;
	world_init(&w);
	c = idle_call(&w);
	assert_int_equal(tel_call_dealloc(c), 0);
	assert_freed(w.ctx, c);
	/* the pool holds the handle once: two new calls get two handles */
	assert_int_equal(tel_call_make(w.user, &p, &a), 0);
	assert_int_equal(tel_call_make(w.user, &p, &b), 0);
	assert_ptr_not_equal(a, b);
	run(&w);
	tel_ctx_free(w.ctx);	/* returns: the lists are whole */
}

/* Deallocated from on_event while its own events are queued: refused too. */
static void test_double_dealloc_events_queued(void **state)
{
	struct world w;
	tel_call *c;

	(void)state;
	world_init(&w);
	w.dealloc_on_idle = true;	/* on_event deallocates twice */
	c = idle_call(&w);
	(void)c;	/* deallocated by on_event */
	assert_freed(w.ctx, c);
	run(&w);
	assert_freed(w.ctx, c);	/* and once it went to the pool */
	tel_ctx_free(w.ctx);
}

/* ---- tel_ctx_free() from inside on_event ----------------------------------------- */

static void test_ctx_free_in_callback_deferred(void **state)
{
	struct world w;
	struct tel_call_params p = { .to = "5678" };
	tel_call *c;
	int rc = 1;

	(void)state;
	world_init(&w);
	w.free_on_offer = true;
	assert_int_equal(tel_call_make(w.user, &p, &c), 0);
	assert_int_equal(tel_call_make(w.user, &p, &c), 0);
	for (int i = 0; i < 10 && !w.freed; i++)
		rc = tel_ctx_run(w.ctx, 0);
	assert_true(w.freed);
	/* the tel_ctx_run() that delivered the event freed the context and says 0;
	 * nothing was delivered after the free (the second OFFERING is not) */
	assert_int_equal(rc, 0);
	assert_int_equal(w.after_free, 0);
	/* AddressSanitizer and LeakSanitizer check the rest: no use after free, no leak */
}

/* ---- UUI maxima that hold ------------------------------------------------------ */

static void fill(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(i * 7 + 1);
}

/*
 * Every maximum tel_line_caps() reports is reached, with the longest numbers
 * and calling name the line takes, and one octet more is TEL_EUUITOOBIG with
 * nothing sent.
 */
static void limits_hold(enum tel_variant v, bool from_net, size_t setup_max)
{
	static const char digits[] = "1234567890123456789012345678901";	/* 31 */
	char name[TEL_NAME_MAX + 1];
	struct world w;
	struct tel_line_caps cc, ca;
	struct tel_call_info ci;
	struct tel_call_params p = { .to = digits, .from = digits, .uui_pd = 4 };
	struct tel_drop_params dp = { .cause = 16, .uui_pd = 4 };
	tel_line *from, *to;
	uint8_t uui[256];
	tel_call *c, *nc;
	unsigned nev;

	world_init_cfg(&w, v, 254);
	from = from_net ? w.net : w.user;
	to = from_net ? w.user : w.net;
	memset(name, 'N', TEL_NAME_MAX);
	name[TEL_NAME_MAX] = '\0';
	/* the longest name, where the line may send one */
	if (v == TEL_VARIANT_NI2 || from_net)
		p.from_name = name;
	fill(uui, sizeof(uui));
	assert_int_equal(tel_line_caps(from, &cc), 0);
	assert_int_equal(tel_line_caps(to, &ca), 0);
	assert_int_equal(cc.uui_setup_max, setup_max);
	/* CONNECT: header, channel, user-user header; DISCONNECT: header, cause, ... */
	assert_int_equal(ca.uui_answer_max, 260 - 5 - 5 - 3);
	assert_int_equal(cc.uui_drop_max, 260 - 5 - 4 - 3);

	p.uui = uui;
	p.uui_len = cc.uui_setup_max + 1;
	nev = w.nev;
	assert_int_equal(tel_call_make(from, &p, &c), TEL_EUUITOOBIG);
	run(&w);
	assert_int_equal(w.nev, nev);		/* nothing sent, nothing offered */
	p.uui_len = cc.uui_setup_max;
	assert_int_equal(tel_call_make(from, &p, &c), 0);
	run(&w);
	nc = w.offered;
	assert_non_null(nc);
	assert_int_equal(tel_call_info(nc, &ci), 0);
	assert_int_equal(ci.uui_rx_len, cc.uui_setup_max);
	assert_memory_equal(ci.uui_rx, uui, cc.uui_setup_max);

	assert_int_equal(tel_call_answer(nc, uui, ca.uui_answer_max + 1, 4), TEL_EUUITOOBIG);
	assert_int_equal(tel_call_answer(nc, uui, ca.uui_answer_max, 4), 0);
	run(&w);
	assert_int_equal(tel_call_info(c, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_CONNECTED);
	assert_int_equal(ci.uui_rx_len, ca.uui_answer_max);

	dp.uui = uui;
	dp.uui_len = cc.uui_drop_max + 1;
	assert_int_equal(tel_call_drop(c, &dp), TEL_EUUITOOBIG);
	dp.uui_len = cc.uui_drop_max;
	assert_int_equal(tel_call_drop(c, &dp), 0);
	run(&w);
	assert_int_equal(tel_call_info(nc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_DISCONNECTED);
	assert_int_equal(ci.uui_rx_len, cc.uui_drop_max);
	assert_memory_equal(ci.uui_rx, uui, cc.uui_drop_max);
	/* the far end's release carries the most too */
	assert_int_equal(tel_call_drop(nc, &dp), 0);
	run(&w);
	assert_int_equal(tel_call_info(nc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	tel_ctx_free(w.ctx);
}

/*
 * SETUP: header 5, bearer capability 5, channel identification 5, calling and
 * called number 3 + 31 each, user-user header 3 (86 octets), plus a Display of
 * 2 + TEL_NAME_MAX (+ 1 display type on NI-2) where the line sends names.
 */
static void test_caps_setup_euro_user(void **state)
{
	(void)state;
	limits_hold(TEL_VARIANT_EUROISDN, false, 260 - 86);
}

static void test_caps_setup_euro_net(void **state)
{
	(void)state;
	limits_hold(TEL_VARIANT_EUROISDN, true, 260 - 86 - 2 - TEL_NAME_MAX);
}

static void test_caps_setup_ni2(void **state)
{
	(void)state;
	limits_hold(TEL_VARIANT_NI2, false, 260 - 86 - 3 - TEL_NAME_MAX);
}

/* Below the message's room the line's own maximum is the limit. */
static void test_caps_line_max(void **state)
{
	struct world w;
	struct tel_line_caps c;

	(void)state;
	world_init_cfg(&w, TEL_VARIANT_EUROISDN, 32);
	assert_int_equal(tel_line_caps(w.net, &c), 0);
	assert_int_equal(c.uui_setup_max, 32);
	assert_int_equal(c.uui_answer_max, 32);
	assert_int_equal(c.uui_drop_max, 32);
	tel_ctx_free(w.ctx);
}

/* ---- a full call pool ---------------------------------------------------------- */

static void test_call_pool_full(void **state)
{
	struct world w;
	struct tel_call_params p = { .to = "5678" };
	tel_call *c;
	int rc, n = 0;

	(void)state;
	world_init(&w);
	/* SETUPs go out without an answer: each holds a call reference (2 x 30 + 8) */
	while ((rc = tel_call_make(w.user, &p, &c)) == 0)
		n++;
	assert_int_equal(rc, TEL_ECALLS);
	assert_int_equal(n, 68);
	assert_string_equal(tel_strerror(TEL_ECALLS),
			    "too many calls: the line's call pool is full");
	tel_ctx_free(w.ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_uui_make_answer_drop),
		cmocka_unit_test(test_double_dealloc_refused),
		cmocka_unit_test(test_double_dealloc_events_queued),
		cmocka_unit_test(test_ctx_free_in_callback_deferred),
		cmocka_unit_test(test_caps_setup_euro_user),
		cmocka_unit_test(test_caps_setup_euro_net),
		cmocka_unit_test(test_caps_setup_ni2),
		cmocka_unit_test(test_caps_line_max),
		cmocka_unit_test(test_call_pool_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
