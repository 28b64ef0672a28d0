// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session layer through the public API: two lines back to back in memory,
 * a fake clock, and the events an application sees.
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

#define MAX_EV 256

struct rec_ev {
	struct tel_event ev;
	struct tel_call_info info;	/* the call's info when the event was delivered */
};

struct world {
	tel_ctx *ctx;
	tel_line *user, *net;
	uint64_t now;
	bool in_run;
	bool dealloc_on_idle;
	struct rec_ev ev[MAX_EV];
	unsigned nev;
	tel_call *offered;	/* last OFFERING call (network side) */
};

static uint64_t fake_clock(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;
	struct rec_ev *r;

	assert_true(w->in_run);	/* callbacks only from inside tel_ctx_run() */
	assert_true(w->nev < MAX_EV);
	r = &w->ev[w->nev++];
	r->ev = *ev;
	if (ev->call)
		assert_int_equal(tel_call_info(ev->call, &r->info), 0);
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING)
		w->offered = ev->call;
	if (w->dealloc_on_idle && ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_IDLE)
		assert_int_equal(tel_call_dealloc(ev->call), 0);
}

static void run(struct world *w)
{
	w->in_run = true;
	for (int i = 0; i < 100 && tel_ctx_run(w->ctx, 0) > 0; i++)
		;
	w->in_run = false;
}

static void advance(struct world *w, uint64_t ms)
{
	w->now += ms;
	run(w);
}

static void world_init(struct world *w, size_t uui_max)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .variant = TEL_VARIANT_EUROISDN,
				  .bchans = 30, .uui_max = uui_max };
	struct tel_line_cfg n = u;

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	n.side = TEL_SIDE_NETWORK;
	assert_int_equal(tel_ctx_new(&w->ctx, &o), 0);
	assert_int_equal(tel_line_pair(w->ctx, &u, &n, &w->user, &w->net), 0);
	run(w);
	assert_int_equal(tel_line_up(w->user), 1);
	assert_int_equal(tel_line_up(w->net), 1);
	w->nev = 0;
}

/* Index of the first event matching, from @from on; -1 if none. */
static int find_ev(struct world *w, unsigned from, enum tel_event_type t, tel_call *c,
		   enum tel_call_state s)
{
	for (unsigned i = from; i < w->nev; i++) {
		const struct tel_event *e = &w->ev[i].ev;

		if (e->type == t && (!c || e->call == c) &&
		    (t != TEL_EV_CALL_STATE || e->state == s))
			return (int)i;
	}
	return -1;
}

/* Place a call from the user line and answer it on the network line. */
static void connect_call(struct world *w, tel_call **uc, tel_call **nc)
{
	struct tel_call_params p = { .to = "5678", .from = "1234" };

	assert_int_equal(tel_call_make(w->user, &p, uc), 0);
	run(w);
	assert_non_null(w->offered);
	*nc = w->offered;
	assert_int_equal(tel_call_answer(*nc, NULL, 0, 0), 0);
	run(w);
	assert_true(find_ev(w, 0, TEL_EV_CALL_STATE, *uc, TEL_CS_CONNECTED) >= 0);
	assert_true(find_ev(w, 0, TEL_EV_CALL_STATE, *nc, TEL_CS_CONNECTED) >= 0);
}

static void test_link_events(void **state)
{
	struct world w;
	struct tel_ctx_opts o = { .on_event = on_event, .user = &w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .bchans = 30 }, n = u;
	tel_call *c;
	struct tel_call_params p = { .to = "1" };
	int tag_u, tag_n;

	(void)state;
	memset(&w, 0, sizeof(w));
	n.side = TEL_SIDE_NETWORK;
	u.user = &tag_u;
	n.user = &tag_n;
	assert_int_equal(tel_ctx_new(&w.ctx, &o), 0);
	assert_int_equal(tel_line_pair(w.ctx, &u, &n, &w.user, &w.net), 0);
	/* each line gives back the application's pointer it was opened with */
	assert_ptr_equal(tel_line_user(w.user), &tag_u);
	assert_ptr_equal(tel_line_user(w.net), &tag_n);
	assert_null(tel_line_user(NULL));
	/* before the link is up a call cannot be placed */
	assert_int_equal(tel_call_make(w.user, &p, &c), TEL_ELINK);
	assert_int_equal(w.nev, 0);
	run(&w);
	assert_true(find_ev(&w, 0, TEL_EV_LINE_STATE, NULL, 0) >= 0);
	assert_int_equal(w.ev[0].ev.up, 1);
	assert_true(tel_line_user(w.ev[0].ev.line) == &tag_u ||
		    tel_line_user(w.ev[0].ev.line) == &tag_n);
	assert_int_equal(tel_line_up(w.user), 1);
	/* same side twice is refused */
	assert_int_equal(tel_line_pair(w.ctx, &u, &u, &w.user, &w.net), TEL_EINVAL);
	tel_ctx_free(w.ctx);
}

static void test_call_and_drop_with_uui(void **state)
{
	static const uint8_t uui[] = { 0x00, 0x01, 0x00, 0xff, 0x00 };
	struct tel_drop_params dp = { .cause = 16, .uui = uui, .uui_len = sizeof(uui), .uui_pd = 0 };
	struct world w;
	struct tel_call_info ci;
	tel_call *uc, *nc;
	int i_disc, i_idle, i_done;

	(void)state;
	world_init(&w, 0);
	connect_call(&w, &uc, &nc);
	assert_int_equal(find_ev(&w, 0, TEL_EV_CALL_STATE, uc, TEL_CS_DIALING), 0);

	w.nev = 0;
	assert_int_equal(tel_call_drop(uc, &dp), 0);	/* asynchronous: no event yet */
	assert_int_equal(w.nev, 0);
	assert_int_equal(tel_call_drop(uc, &dp), TEL_ESTATE);	/* a drop is in progress */
	run(&w);
	/* the far end sees DISCONNECTED with our cause and exact UUI */
	i_disc = find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_DISCONNECTED);
	assert_true(i_disc >= 0);
	assert_int_equal(w.ev[i_disc].info.cause, 16);
	assert_int_equal(w.ev[i_disc].info.cause_remote, 1);
	assert_int_equal(w.ev[i_disc].info.mode, TEL_DM_NORMAL);
	assert_int_equal(w.ev[i_disc].info.uui_rx_pd, 0);
	assert_int_equal(w.ev[i_disc].info.uui_rx_len, sizeof(uui));
	assert_memory_equal(w.ev[i_disc].info.uui_rx, uui, sizeof(uui));
	/* the application's drop finishes the clearing */
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	run(&w);
	i_idle = find_ev(&w, 0, TEL_EV_CALL_STATE, uc, TEL_CS_IDLE);
	i_done = find_ev(&w, 0, TEL_EV_DROP_DONE, uc, 0);
	assert_true(i_idle >= 0 && i_done > i_idle);	/* DROP_DONE after IDLE */
	assert_int_equal(w.ev[i_done].ev.result, 0);
	i_idle = find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_IDLE);
	i_done = find_ev(&w, 0, TEL_EV_DROP_DONE, nc, 0);
	assert_true(i_idle >= 0 && i_done > i_idle);

	/* queryable after the drop until dealloc */
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	assert_int_equal(ci.cause, 16);
	assert_int_equal(ci.cause_remote, 0);
	assert_string_equal(ci.to, "5678");
	assert_string_equal(ci.from, "1234");
	assert_int_equal(ci.bchan, 1);
	assert_int_equal(tel_call_drop(uc, NULL), TEL_ESTATE);	/* drop on IDLE */
	assert_int_equal(tel_call_dealloc(uc), 0);
	assert_int_equal(tel_call_dealloc(nc), 0);
	tel_ctx_free(w.ctx);
}

static void test_reject_offered(void **state)
{
	static const char why[] = "not now";
	struct tel_drop_params dp = { .uui = why, .uui_len = 7, .uui_pd = 4 };
	struct tel_call_params p = { .to = "5678" };
	struct world w;
	struct tel_call_info ci;
	tel_call *uc;
	int i;

	(void)state;
	world_init(&w, 0);
	assert_int_equal(tel_call_make(w.user, &p, &uc), 0);
	run(&w);
	assert_non_null(w.offered);
	assert_int_equal(tel_call_dealloc(w.offered), TEL_ESTATE);	/* not idle */
	assert_int_equal(tel_call_drop(w.offered, &dp), 0);	/* reject, cause 21 by default */
	run(&w);
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, uc, TEL_CS_IDLE);
	assert_true(i >= 0);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.cause, 21);
	assert_int_equal(ci.mode, TEL_DM_REJECT);
	assert_int_equal(ci.cause_remote, 1);
	assert_int_equal(ci.uui_rx_pd, 4);
	assert_int_equal(ci.uui_rx_len, 7);
	assert_memory_equal(ci.uui_rx, why, 7);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, w.offered, 0) >= 0);
	assert_int_equal(tel_call_dealloc(uc), 0);
	assert_int_equal(tel_call_dealloc(w.offered), 0);
	tel_ctx_free(w.ctx);
}

static void test_uui_limits(void **state)
{
	uint8_t big[64];
	struct tel_drop_params dp = { .uui = big, .uui_len = 33 };
	struct tel_line_caps caps;
	struct world w;
	tel_call *uc, *nc;

	(void)state;
	memset(big, 0x5a, sizeof(big));
	world_init(&w, 32);
	assert_int_equal(tel_line_caps(w.user, &caps), 0);
	assert_int_equal(caps.uui_drop_max, 32);
	assert_int_equal(caps.can_reject, 1);
	connect_call(&w, &uc, &nc);
	w.nev = 0;
	assert_int_equal(tel_call_drop(uc, &dp), TEL_EUUITOOBIG);
	run(&w);
	assert_int_equal(w.nev, 0);	/* nothing was sent: the far end saw nothing */
	dp.uui_len = 32;
	dp.uui_pd = 300;
	assert_int_equal(tel_call_drop(uc, &dp), TEL_EINVAL);
	dp.uui_pd = 0;
	dp.cause = 128;
	assert_int_equal(tel_call_drop(uc, &dp), TEL_EINVAL);
	dp.cause = 0;
	assert_int_equal(tel_call_drop(uc, &dp), 0);	/* exactly the maximum is fine */
	run(&w);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_DISCONNECTED) >= 0);
	tel_ctx_free(w.ctx);	/* frees calls not deallocated: LSan checks */
}

static void test_far_end_clears_first(void **state)
{
	struct world w;
	tel_call *uc, *nc;
	struct tel_call_info ci;

	(void)state;
	world_init(&w, 0);
	connect_call(&w, &uc, &nc);
	w.nev = 0;
	assert_int_equal(tel_call_drop(nc, &(struct tel_drop_params){ .cause = 17 }), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_DISCONNECTED);
	assert_int_equal(ci.cause, 17);
	assert_int_equal(ci.mode, TEL_DM_BUSY);
	assert_int_equal(tel_call_dealloc(uc), TEL_ESTATE);
	assert_int_equal(tel_call_drop(uc, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	assert_int_equal(ci.cause, 17);		/* the first clearing cause stays */
	assert_int_equal(tel_call_dealloc(uc), 0);
	assert_int_equal(tel_call_dealloc(nc), 0);
	tel_ctx_free(w.ctx);
}

/* Deallocating from the IDLE callback while DROP_DONE is still queued. */
static void test_dealloc_in_callback(void **state)
{
	struct world w;
	tel_call *uc, *nc;

	(void)state;
	world_init(&w, 0);
	connect_call(&w, &uc, &nc);
	w.dealloc_on_idle = true;
	w.nev = 0;
	assert_int_equal(tel_call_drop(uc, NULL), 0);
	run(&w);
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	run(&w);
	/* both went IDLE and were freed in the callback; their DROP_DONE was discarded */
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, NULL, TEL_CS_IDLE) >= 0);
	assert_int_equal(find_ev(&w, 0, TEL_EV_DROP_DONE, NULL, 0), -1);
	tel_ctx_free(w.ctx);
}

/*
 * Deallocating outside tel_ctx_run() while events naming the call are queued
 * (a reject reaches IDLE inside tel_call_drop()): the events are discarded and
 * the handle goes back to the pool once the ring is empty, not before.
 */
static void test_dealloc_with_events_queued(void **state)
{
	struct tel_call_params p = { .to = "5678" };
	struct world w;
	tel_call *uc, *nc, *uc2;

	(void)state;
	world_init(&w, 0);
	assert_int_equal(tel_call_make(w.user, &p, &uc), 0);
	run(&w);
	nc = w.offered;
	assert_non_null(nc);
	w.nev = 0;
	assert_int_equal(tel_call_drop(nc, NULL), 0);	/* reject: IDLE, DROP_DONE queued */
	assert_int_equal(tel_call_dealloc(nc), 0);
	/* events still queued: the handle is not reused yet */
	assert_int_equal(tel_call_make(w.net, &p, &uc2), 0);
	assert_ptr_not_equal(uc2, nc);
	run(&w);
	assert_int_equal(find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_IDLE), -1);
	assert_int_equal(find_ev(&w, 0, TEL_EV_DROP_DONE, nc, 0), -1);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, uc, TEL_CS_IDLE) >= 0);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, uc2, TEL_CS_DIALING) >= 0);
	assert_int_equal(tel_call_dealloc(uc), 0);
	tel_ctx_free(w.ctx);	/* uc2 and the offered call on the user side: LSan checks */
}

/* No global state: two contexts side by side, each with its own calls. */
static void test_two_contexts(void **state)
{
	struct world a, b;
	tel_call *ua, *na, *ub, *nb;

	(void)state;
	world_init(&a, 0);
	world_init(&b, 0);
	connect_call(&a, &ua, &na);
	connect_call(&b, &ub, &nb);
	assert_int_equal(tel_call_id(ua), tel_call_id(ub));	/* ids are per context */
	assert_int_equal(tel_call_drop(ua, NULL), 0);
	run(&a);
	run(&b);
	assert_true(find_ev(&a, 0, TEL_EV_CALL_STATE, na, TEL_CS_DISCONNECTED) >= 0);
	assert_int_equal(find_ev(&b, 0, TEL_EV_CALL_STATE, nb, TEL_CS_DISCONNECTED), -1);
	tel_ctx_free(a.ctx);
	tel_ctx_free(b.ctx);
}

/* Closing a line ends its calls at once; their handles stay, IDLE. */
static void test_line_close_keeps_handles(void **state)
{
	struct world w;
	tel_call *uc, *nc;
	struct tel_call_info ci;

	(void)state;
	world_init(&w, 0);
	connect_call(&w, &uc, &nc);
	tel_line_close(w.user);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	assert_int_equal(tel_call_dealloc(uc), 0);
	/* the network side loses its peer: T203 finds the silence, then T200 x N200 */
	for (int i = 0; i < 20 && tel_line_up(w.net); i++)
		advance(&w, 1000);
	assert_int_equal(tel_line_up(w.net), 0);
	assert_true(find_ev(&w, 0, TEL_EV_LINE_STATE, NULL, 0) >= 0);
	/* the network's call is kept under T309, then cleared with cause 27 */
	for (int i = 0; i < 10; i++)
		advance(&w, 1000);
	assert_int_equal(tel_call_info(nc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_IDLE);
	assert_int_equal(ci.cause, 27);
	assert_int_equal(ci.mode, TEL_DM_OUTOFORDER);
	assert_int_equal(ci.cause_remote, 0);
	tel_ctx_free(w.ctx);
}

/* Count CALL_STATE events to @s for @c from @from on. */
static int count_ev(struct world *w, unsigned from, tel_call *c, enum tel_call_state s)
{
	int n = 0;

	for (unsigned i = from; i < w->nev; i++)
		n += w->ev[i].ev.type == TEL_EV_CALL_STATE && w->ev[i].ev.call == c &&
		     w->ev[i].ev.state == s;
	return n;
}

static void test_conference_drop_all(void **state)
{
	struct world w;
	tel_call *uc[3], *nc[3];
	tel_conf *cf, *other;
	struct tel_call_info ci;

	(void)state;
	world_init(&w, 0);
	for (int i = 0; i < 3; i++)
		connect_call(&w, &uc[i], &nc[i]);
	assert_int_equal(tel_conf_new(w.ctx, &cf), 0);
	assert_int_equal(tel_conf_new(w.ctx, &other), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(tel_conf_add(cf, uc[i]), 0);
	assert_int_equal(tel_conf_add(other, uc[0]), TEL_EBUSY);

	/* dropping one party leaves the others */
	w.nev = 0;
	assert_int_equal(tel_call_drop(uc[0], NULL), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, nc[0], TEL_CS_DISCONNECTED), 1);
	assert_int_equal(count_ev(&w, 0, nc[1], TEL_CS_DISCONNECTED), 0);
	assert_int_equal(tel_call_drop(nc[0], NULL), 0);
	run(&w);
	assert_int_equal(tel_call_info(uc[1], &ci), 0);
	assert_int_equal(ci.state, TEL_CS_CONNECTED);

	/* the conference drop clears every remaining party, each with its own events */
	w.nev = 0;
	assert_int_equal(tel_conf_drop(cf, &(struct tel_drop_params){ .cause = 31 }), 0);
	run(&w);
	for (int i = 1; i < 3; i++) {
		assert_int_equal(count_ev(&w, 0, nc[i], TEL_CS_DISCONNECTED), 1);
		assert_int_equal(tel_call_info(nc[i], &ci), 0);
		assert_int_equal(ci.cause, 31);
		assert_int_equal(tel_call_drop(nc[i], NULL), 0);
	}
	run(&w);
	for (int i = 1; i < 3; i++) {
		assert_int_equal(count_ev(&w, 0, uc[i], TEL_CS_IDLE), 1);
		assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, uc[i], 0) >= 0);
	}
	/* nothing left to drop */
	assert_int_equal(tel_conf_drop(cf, NULL), TEL_ESTATE);
	/* a deallocated call leaves the conference; freeing it leaves calls alone */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(tel_call_dealloc(uc[i]), 0);
		assert_int_equal(tel_call_dealloc(nc[i]), 0);
	}
	tel_conf_free(cf);
	tel_conf_free(other);
	tel_ctx_free(w.ctx);
}

static void test_bridged_appearances(void **state)
{
	struct world w;
	tel_call *uc, *nc, *s2, *s3;
	struct tel_call_info ci;

	(void)state;
	world_init(&w, 0);
	connect_call(&w, &uc, &nc);
	w.nev = 0;
	assert_int_equal(tel_call_share(uc, &s2), 0);
	assert_int_equal(tel_call_share(s2, &s3), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, s2, TEL_CS_CONNECTED), 1);	/* announced */

	/* one station drops: only its appearance goes idle */
	w.nev = 0;
	assert_int_equal(tel_call_drop(s2, NULL), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, s2, TEL_CS_IDLE), 1);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, s2, 0) >= 0);
	assert_int_equal(count_ev(&w, 0, nc, TEL_CS_DISCONNECTED), 0);
	assert_int_equal(tel_call_info(uc, &ci), 0);
	assert_int_equal(ci.state, TEL_CS_CONNECTED);
	assert_int_equal(tel_call_dealloc(s2), 0);

	/* the first station drops too; the third still holds the call */
	assert_int_equal(tel_call_drop(uc, NULL), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, nc, TEL_CS_DISCONNECTED), 0);
	assert_int_equal(tel_call_dealloc(uc), 0);

	/* the last station's drop clears the call on the network */
	assert_int_equal(tel_call_drop(s3, &(struct tel_drop_params){ .cause = 16 }), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, nc, TEL_CS_DISCONNECTED), 1);
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, s3, TEL_CS_IDLE), 1);
	assert_int_equal(tel_call_share(s3, &s2), TEL_ESTATE);
	assert_int_equal(tel_call_dealloc(s3), 0);
	assert_int_equal(tel_call_dealloc(nc), 0);
	tel_ctx_free(w.ctx);
}

/* The far end clears a shared call: every appearance sees it. */
static void test_bridged_far_end_clears(void **state)
{
	struct world w;
	tel_call *uc, *nc, *s2;

	(void)state;
	world_init(&w, 0);
	connect_call(&w, &uc, &nc);
	assert_int_equal(tel_call_share(uc, &s2), 0);
	w.nev = 0;
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	run(&w);
	assert_int_equal(count_ev(&w, 0, uc, TEL_CS_DISCONNECTED), 1);
	assert_int_equal(count_ev(&w, 0, s2, TEL_CS_DISCONNECTED), 1);
	assert_int_equal(tel_call_drop(uc, NULL), 0);	/* s2 still holds it */
	assert_int_equal(tel_call_drop(s2, NULL), 0);	/* last one: RELEASE */
	run(&w);
	assert_int_equal(count_ev(&w, 0, s2, TEL_CS_IDLE), 1);
	assert_int_equal(count_ev(&w, 0, nc, TEL_CS_IDLE), 1);
	tel_ctx_free(w.ctx);
}

static void test_cause_to_mode(void **state)
{
	(void)state;
	assert_int_equal(tel_cause_to_mode(16), TEL_DM_NORMAL);
	assert_int_equal(tel_cause_to_mode(17), TEL_DM_BUSY);
	assert_int_equal(tel_cause_to_mode(18), TEL_DM_NOANSWER);
	assert_int_equal(tel_cause_to_mode(19), TEL_DM_NOANSWER);
	assert_int_equal(tel_cause_to_mode(21), TEL_DM_REJECT);
	assert_int_equal(tel_cause_to_mode(1), TEL_DM_UNREACHABLE);
	assert_int_equal(tel_cause_to_mode(3), TEL_DM_UNREACHABLE);
	assert_int_equal(tel_cause_to_mode(34), TEL_DM_CONGESTION);
	assert_int_equal(tel_cause_to_mode(42), TEL_DM_CONGESTION);
	assert_int_equal(tel_cause_to_mode(27), TEL_DM_OUTOFORDER);
	assert_int_equal(tel_cause_to_mode(41), TEL_DM_TEMPFAILURE);
	assert_int_equal(tel_cause_to_mode(0), TEL_DM_NONE);
	assert_int_equal(tel_cause_to_mode(100), TEL_DM_UNKNOWN);
	assert_string_equal(tel_call_state_name(TEL_CS_RINGBACK), "alerting");
	assert_string_equal(tel_strerror(TEL_EUUITOOBIG),
			    "user-user information too big for the line");
	assert_string_equal(tel_strerror(12345), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_events),
		cmocka_unit_test(test_call_and_drop_with_uui),
		cmocka_unit_test(test_reject_offered),
		cmocka_unit_test(test_uui_limits),
		cmocka_unit_test(test_far_end_clears_first),
		cmocka_unit_test(test_dealloc_in_callback),
		cmocka_unit_test(test_dealloc_with_events_queued),
		cmocka_unit_test(test_two_contexts),
		cmocka_unit_test(test_line_close_keeps_handles),
		cmocka_unit_test(test_conference_drop_all),
		cmocka_unit_test(test_bridged_appearances),
		cmocka_unit_test(test_bridged_far_end_clears),
		cmocka_unit_test(test_cause_to_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
