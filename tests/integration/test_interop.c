// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interop tests: libtel against Debian's libpri as the far end of a D-channel.
 *
 * One process, one loop: our tel_ctx (real clock) on one end of a
 * socketpair(AF_UNIX, SOCK_SEQPACKET), a libpri instance (pri_peer.c) on the
 * other, pumped in turn until a condition holds or a wall-time deadline passes.
 * Every scenario runs both ways round (ours user / libpri network and the
 * reverse) on EuroISDN E1 (30 B) and NI-2 T1 (23 B).
 *
 * The first group runs libpri against libpri: it proves the harness (framing,
 * FCS handling, event handling, the wire log) without libtel.
 *
 * PRI_PEER_DEBUG=1 in the environment prints libpri's Q.921/Q.931 dumps.
 */
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <libpri.h>

#include "libtel/tel.h"
#include "q931/cc.h"		/* q931_restart_req(): libtel has no public RESTART call */
#include "session/session.h"

#include "pri_peer.h"

/* Q.931 message types, for the wire log */
#define MT_ALERTING	0x01
#define MT_PROGRESS	0x03
#define MT_SETUP	0x05
#define MT_CONNECT	0x07
#define MT_DISCONNECT	0x45
#define MT_RESTART	0x46
#define MT_RELEASE	0x4d
#define MT_RESTART_ACK	0x4e
#define MT_RELEASE_COMP	0x5a

#define LINK_WAIT_MS	3000
#define CALL_WAIT_MS	3000

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ variants --- */

struct variant {
	const char *name;
	enum tel_variant tv;
	int sw;			/* libpri switch type */
	unsigned bchans;
	enum tel_side ours;	/* our side; libpri is the other (network/CPE) */
};

static const struct variant V_E1_USER = {
	"e1 ours=user", TEL_VARIANT_EUROISDN, PRI_SWITCH_EUROISDN_E1, 30, TEL_SIDE_USER };
static const struct variant V_E1_NET = {
	"e1 ours=network", TEL_VARIANT_EUROISDN, PRI_SWITCH_EUROISDN_E1, 30, TEL_SIDE_NETWORK };
static const struct variant V_T1_USER = {
	"ni2 ours=user", TEL_VARIANT_NI2, PRI_SWITCH_NI2, 23, TEL_SIDE_USER };
static const struct variant V_T1_NET = {
	"ni2 ours=network", TEL_VARIANT_NI2, PRI_SWITCH_NI2, 23, TEL_SIDE_NETWORK };

/* ------------------------------------------------------------- fixture --- */

struct oc {			/* one of our calls, as the events told it */
	tel_call *h;
	unsigned seen;		/* bit per enum tel_call_state */
	enum tel_call_state st;
	bool drop_done;
	int drop_result;
	struct tel_call_info info;	/* at the last state change */
	struct tel_call_info at_offer;	/* OFFERING */
	struct tel_call_info at_ringback;
};

enum our_offer { OURS_ANSWER, OURS_REJECT, OURS_NOTHING };

struct fx {
	const struct variant *v;
	/* ours */
	tel_ctx *ctx;
	tel_line *line;
	bool up;
	int ups, downs;
	struct oc *calls;
	int ncalls, cap;
	enum our_offer on_offer;
	int reject_cause;
	const void *answer_uui;
	size_t answer_uui_len;
	int answer_uui_pd;
	/* libpri: pp is the far end; pp2 the second libpri in libpri-vs-libpri */
	struct pri_peer *pp, *pp2;
};

static struct oc *oc_of(struct fx *f, tel_call *h)
{
	for (int i = f->ncalls - 1; i >= 0; i--)
		if (f->calls[i].h == h)
			return &f->calls[i];
	if (f->ncalls == f->cap) {
		int cap = f->cap ? 2 * f->cap : 64;
		struct oc *n = realloc(f->calls, (size_t)cap * sizeof(*n));

		assert_non_null(n);
		f->calls = n;
		f->cap = cap;
	}
	memset(&f->calls[f->ncalls], 0, sizeof(f->calls[0]));
	f->calls[f->ncalls].h = h;
	return &f->calls[f->ncalls++];
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct fx *f = user;
	struct oc *c;

	switch (ev->type) {
	case TEL_EV_LINE_STATE:
		f->up = ev->up;
		if (ev->up)
			f->ups++;
		else
			f->downs++;
		return;
	case TEL_EV_DROP_DONE:
		c = oc_of(f, ev->call);
		c->drop_done = true;
		c->drop_result = ev->result;
		return;
	case TEL_EV_CHAN_STATE:
		return;
	case TEL_EV_CALL_STATE:
		break;
	}
	c = oc_of(f, ev->call);
	c->st = ev->state;
	c->seen |= 1u << ev->state;
	tel_call_info(ev->call, &c->info);
	switch (ev->state) {
	case TEL_CS_OFFERING:
		c->at_offer = c->info;
		if (f->on_offer == OURS_ANSWER)
			tel_call_answer(ev->call, f->answer_uui, f->answer_uui_len,
					f->answer_uui_pd);
		else if (f->on_offer == OURS_REJECT)
			tel_call_drop(ev->call, &(struct tel_drop_params){ .cause = f->reject_cause });
		break;
	case TEL_CS_RINGBACK:
		c->at_ringback = c->info;
		break;
	case TEL_CS_DISCONNECTED:
		tel_call_drop(ev->call, NULL);	/* finish the clearing the far end started */
		break;
	default:
		break;
	}
}

/* One round: our context (waits up to 1 ms on its socket), then libpri. */
static void pump(struct fx *f)
{
	if (f->ctx) {
		tel_ctx_run(f->ctx, 1);
		pri_peer_service(f->pp);
		return;
	}
	/* libpri against libpri */
	struct pollfd pfd[2] = {
		{ .fd = pri_peer_fd(f->pp), .events = POLLIN },
		{ .fd = pri_peer_fd(f->pp2), .events = POLLIN },
	};
	int t = 5, t1 = pri_peer_next_timeout_ms(f->pp), t2 = pri_peer_next_timeout_ms(f->pp2);

	if (t1 >= 0 && t1 < t)
		t = t1;
	if (t2 >= 0 && t2 < t)
		t = t2;
	poll(pfd, 2, t);
	pri_peer_service(f->pp);
	pri_peer_service(f->pp2);
}

#define WAIT(f, cond, ms) ({						\
	uint64_t d_ = now_ms() + (ms);					\
	bool ok_;							\
	while (!(ok_ = (cond)) && now_ms() < d_)			\
		pump(f);						\
	ok_; })

static void pump_for(struct fx *f, int ms)
{
	uint64_t d = now_ms() + (uint64_t)ms;

	while (now_ms() < d)
		pump(f);
}

static int setup_ours(void **state)
{
	const struct variant *v = *state;
	struct tel_ctx_opts co = { 0 };
	struct tel_line_cfg lc = { 0 };
	struct pri_peer_cfg pc = { 0 };
	struct fx *f = calloc(1, sizeof(*f));
	int sv[2], rc;

	if (!f)
		return -1;
	f->v = v;
	f->answer_uui_pd = 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
		free(f);
		return -1;
	}
	co.on_event = on_event;
	co.user = f;
	rc = tel_ctx_new(&f->ctx, &co);
	if (rc) {
		fprintf(stderr, "tel_ctx_new: %s\n", tel_strerror(rc));
		goto fail;
	}
	lc.side = v->ours;
	lc.variant = v->tv;
	lc.bchans = v->bchans;
	rc = tel_line_open_fd(f->ctx, &lc, sv[0], &f->line);
	if (rc) {
		fprintf(stderr, "tel_line_open_fd: %s\n", tel_strerror(rc));
		goto fail;
	}
	sv[0] = -1;
	pc.node = v->ours == TEL_SIDE_USER ? PRI_NETWORK : PRI_CPE;
	pc.switchtype = v->sw;
	pc.bchans = v->bchans;
	pc.on_ring = PP_ANSWER;
	pc.alert = true;
	pc.name = "libpri";
	f->pp = pri_peer_new(sv[1], &pc);
	if (!f->pp)
		goto fail;
	sv[1] = -1;
	*state = f;
	if (!WAIT(f, f->up && pri_peer_up(f->pp), LINK_WAIT_MS)) {
		fprintf(stderr, "%s: data link not up within %d ms (ours %s, libpri %s)\n",
			v->name, LINK_WAIT_MS, f->up ? "up" : "down",
			pri_peer_up(f->pp) ? "up" : "down");
		/* the test itself fails on the same check, with the fixture freed later */
	}
	return 0;
fail:
	if (sv[0] >= 0)
		close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	if (f->ctx)
		tel_ctx_free(f->ctx);
	free(f);
	return -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->ctx)
		tel_ctx_free(f->ctx);
	pri_peer_free(f->pp);
	pri_peer_free(f->pp2);
	free(f->calls);
	free(f);
	return 0;
}

/* --------------------------------------------------------- our helpers --- */

static struct oc *ours_make(struct fx *f, const char *to, const char *from, const void *uui,
			    size_t uui_len, int pd)
{
	struct tel_call_params p = { .to = to, .from = from, .uui = uui, .uui_len = uui_len,
				     .uui_pd = pd };
	tel_call *h = NULL;
	int rc = tel_call_make(f->line, &p, &h);

	if (rc) {
		fprintf(stderr, "tel_call_make: %s\n", tel_strerror(rc));
		return NULL;
	}
	return oc_of(f, h);
}

/* The call's last event put it in @st (a new call's st is 0, IDLE, before any event). */
static bool ours_state(struct oc *c, enum tel_call_state st)
{
	return c && c->st == st && (c->seen & (1u << st));
}

static struct oc *ours_last(struct fx *f)
{
	return f->ncalls ? &f->calls[f->ncalls - 1] : NULL;
}

/* The peer's newest call, and its state. */
static const struct pp_call *pp_last(struct pri_peer *p)
{
	return pri_peer_get_call(p, pri_peer_ncalls(p));
}

static bool pp_state(struct pri_peer *p, int id, enum pp_call_state st)
{
	const struct pp_call *c = pri_peer_get_call(p, id);

	return c && c->state == st;
}

static void print_call(const char *what, struct oc *c)
{
	if (!c) {
		fprintf(stderr, "%s: no call\n", what);
		return;
	}
	fprintf(stderr, "%s: state %s chan %d cause %d loc %d %s mode %s uui pd %d len %zu\n",
		what, tel_call_state_name(c->st), c->info.bchan, c->info.cause,
		c->info.cause_location, c->info.cause_remote ? "remote" : "local",
		tel_disconnect_mode_name(c->info.mode), c->info.uui_rx_pd, c->info.uui_rx_len);
}

static void dump_wire(struct pri_peer *p)
{
	for (int i = 0; i < pri_peer_nmsgs(p); i++) {
		const struct pp_msg *m = pri_peer_msg(p, i);

		fprintf(stderr, "  %s %-16s cref %u%s cause %d chan %d uui pd %d len %zu\n",
			m->rx ? "-> libpri" : "<- libpri", pp_msg_name(m->type), m->cref,
			m->cref_flag ? "*" : "", m->cause, m->chan, m->uui_pd, m->uui_len);
	}
}

/* Check a condition; on failure print our call, libpri's wire log, and fail. */
#define CHECK(f, c, cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, "%s: check failed: %s\n", (f)->v ? (f)->v->name : "",	\
			#cond);							\
		print_call("our call", c);					\
		dump_wire((f)->pp);						\
		fail();								\
	}									\
} while (0)

static void assert_link(struct fx *f)
{
	CHECK(f, NULL, f->up && pri_peer_up(f->pp));
}

/* Ours calls libpri (which answers): returns our call, connected. */
static struct oc *connect_out(struct fx *f, const void *uui, size_t len, int pd)
{
	struct oc *c = ours_make(f, "4711", "100", uui, len, pd);

	assert_non_null(c);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_CONNECTED) &&
			 pp_last(f->pp) && pp_last(f->pp)->state == PP_CS_ACTIVE, CALL_WAIT_MS));
	return c;
}

/* libpri calls ours (which answers): returns our call, connected; *id the peer's. */
static struct oc *connect_in(struct fx *f, const char *uui, int *id)
{
	int n = f->ncalls;

	*id = pri_peer_call(f->pp, "200", "300", uui);
	CHECK(f, NULL, *id > 0);
	CHECK(f, NULL, WAIT(f, f->ncalls > n && ours_state(ours_last(f), TEL_CS_CONNECTED) &&
			    pp_state(f->pp, *id, PP_CS_ACTIVE), CALL_WAIT_MS));
	return ours_last(f);
}

/* ------------------------------------------------------ ours vs libpri --- */

static void t_link_up(void **state)
{
	struct fx *f = *state;

	assert_link(f);
	assert_int_equal(tel_line_up(f->line), 1);
	assert_true(f->ups >= 1);
	assert_int_equal(f->downs, 0);
}

/* Ours calls, libpri answers (with ALERTING); @we_clear: ours drops, else libpri does. */
static void call_out(struct fx *f, bool we_clear)
{
	struct oc *c;
	const struct pp_call *pc;
	int id;

	assert_link(f);
	c = connect_out(f, NULL, 0, 0);
	pc = pp_last(f->pp);
	id = pc->id;
	CHECK(f, c, c->seen & (1u << TEL_CS_RINGBACK));
	CHECK(f, c, !strcmp(pc->called, "4711"));
	CHECK(f, c, !strcmp(pc->calling, "100"));
	CHECK(f, c, c->info.bchan > 0 && c->info.bchan == pc->chan);
	CHECK(f, c, c->info.cause == 0);
	if (we_clear) {
		assert_int_equal(tel_call_drop(c->h, NULL), 0);
	} else {
		assert_int_equal(pri_peer_hangup(f->pp, id, 16, NULL), 0);
	}
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pp_state(f->pp, id, PP_CS_IDLE) &&
			 c->drop_done, CALL_WAIT_MS));
	pc = pri_peer_get_call(f->pp, id);
	CHECK(f, c, c->drop_result == 0);
	CHECK(f, c, c->info.cause == 16);
	CHECK(f, c, c->info.mode == TEL_DM_NORMAL);
	if (we_clear) {
		CHECK(f, c, !c->info.cause_remote);
		CHECK(f, c, pc->cause == 16 && pc->cause_event == PRI_EVENT_HANGUP_REQ);
		CHECK(f, c, pri_peer_find_msg(f->pp, 0, true, MT_DISCONNECT) >= 0);
	} else {
		CHECK(f, c, c->info.cause_remote);
		CHECK(f, c, c->seen & (1u << TEL_CS_DISCONNECTED));
		CHECK(f, c, pri_peer_find_msg(f->pp, 0, true, MT_RELEASE) >= 0);
	}
	CHECK(f, c, pri_peer_live_calls(f->pp) == 0);
	assert_int_equal(tel_call_dealloc(c->h), 0);
	c->h = NULL;
}

static void t_call_out_we_clear(void **state)
{
	call_out(*state, true);
}

static void t_call_out_they_clear(void **state)
{
	call_out(*state, false);
}

/* libpri calls, ours answers; @we_clear: ours drops, else libpri does. */
static void call_in(struct fx *f, bool we_clear)
{
	struct oc *c;
	const struct pp_call *pc;
	int id;

	assert_link(f);
	c = connect_in(f, NULL, &id);
	pc = pri_peer_get_call(f->pp, id);
	CHECK(f, c, c->seen & (1u << TEL_CS_OFFERING));
	CHECK(f, c, !strcmp(c->at_offer.to, "200"));
	CHECK(f, c, !strcmp(c->at_offer.from, "300"));
	CHECK(f, c, c->info.bchan > 0 && c->info.bchan == pc->chan);
	if (we_clear)
		assert_int_equal(tel_call_drop(c->h, NULL), 0);
	else
		assert_int_equal(pri_peer_hangup(f->pp, id, 16, NULL), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pp_state(f->pp, id, PP_CS_IDLE) &&
			 c->drop_done, CALL_WAIT_MS));
	pc = pri_peer_get_call(f->pp, id);
	CHECK(f, c, c->info.cause == 16);
	CHECK(f, c, c->info.cause_remote == !we_clear);
	if (we_clear)
		CHECK(f, c, pc->cause == 16);
	CHECK(f, c, pri_peer_live_calls(f->pp) == 0);
}

static void t_call_in_we_clear(void **state)
{
	call_in(*state, true);
}

static void t_call_in_they_clear(void **state)
{
	call_in(*state, false);
}

/* Our UUI reaches libpri: IA5 in SETUP (libpri passes it up), binary in
 * DISCONNECT (libpri keeps only IA5: checked on the wire). */
static void t_uui_ours_to_libpri(void **state)
{
	static const uint8_t bin[] = { 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x00 };
	struct fx *f = *state;
	const struct pp_call *pc;
	const struct pp_msg *m;
	struct oc *c;
	int i, id;

	assert_link(f);
	c = connect_out(f, "hello libpri", 12, 4);
	pc = pp_last(f->pp);
	id = pc->id;
	CHECK(f, c, !strcmp(pc->uui_ring, "hello libpri"));
	i = pri_peer_find_msg(f->pp, 0, true, MT_SETUP);
	m = pri_peer_msg(f->pp, i);
	CHECK(f, c, m && m->uui_pd == 4 && m->uui_len == 12 && !memcmp(m->uui, "hello libpri", 12));

	assert_int_equal(tel_call_drop(c->h, &(struct tel_drop_params){
		.cause = 16, .uui = bin, .uui_len = sizeof(bin), .uui_pd = 0 }), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pp_state(f->pp, id, PP_CS_IDLE),
			 CALL_WAIT_MS));
	i = pri_peer_find_msg(f->pp, 0, true, MT_DISCONNECT);
	m = pri_peer_msg(f->pp, i);
	CHECK(f, c, m && m->cause == 16);
	CHECK(f, c, m && m->uui_pd == 0 && m->uui_len == sizeof(bin) &&
		  !memcmp(m->uui, bin, sizeof(bin)));
}

/* libpri's IA5 UUI (PD 4) reaches ours: SETUP, ALERTING, DISCONNECT; our binary
 * UUI in CONNECT reaches libpri's wire. */
static void t_uui_libpri_to_ours(void **state)
{
	static const uint8_t bin[] = { 0xca, 0xfe, 0x00, 0x42 };
	struct fx *f = *state;
	const struct pp_msg *m;
	struct oc *c;
	int i, id;

	assert_link(f);
	f->answer_uui = bin;
	f->answer_uui_len = sizeof(bin);
	f->answer_uui_pd = 0;
	c = connect_in(f, "setup text", &id);
	CHECK(f, c, c->at_offer.uui_rx_pd == 4);
	CHECK(f, c, c->at_offer.uui_rx_len == 10 && !memcmp(c->at_offer.uui_rx, "setup text", 10));
	i = pri_peer_find_msg(f->pp, 0, true, MT_CONNECT);
	m = pri_peer_msg(f->pp, i);
	CHECK(f, c, m && m->uui_pd == 0 && m->uui_len == sizeof(bin) &&
		  !memcmp(m->uui, bin, sizeof(bin)));

	assert_int_equal(pri_peer_hangup(f->pp, id, 16, "goodbye"), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE), CALL_WAIT_MS));
	CHECK(f, c, c->info.uui_rx_pd == 4);
	CHECK(f, c, c->info.uui_rx_len == 7 && !memcmp(c->info.uui_rx, "goodbye", 7));
	CHECK(f, c, c->info.cause == 16 && c->info.cause_remote);
}

/* libpri's IA5 UUI in ALERTING reaches ours in RINGBACK. */
static void t_uui_libpri_alerting(void **state)
{
	struct fx *f = *state;
	struct oc *c;

	assert_link(f);
	pri_peer_set_uui_alert(f->pp, "ringing");
	c = connect_out(f, NULL, 0, 0);
	CHECK(f, c, c->seen & (1u << TEL_CS_RINGBACK));
	CHECK(f, c, c->at_ringback.uui_rx_pd == 4);
	CHECK(f, c, c->at_ringback.uui_rx_len == 7 &&
		  !memcmp(c->at_ringback.uui_rx, "ringing", 7));
	assert_int_equal(tel_call_drop(c->h, NULL), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pri_peer_live_calls(f->pp) == 0,
			 CALL_WAIT_MS));
}

/* libpri rejects our call (cause @cause), or ours rejects libpri's call. */
static void reject_out(struct fx *f, int cause, enum tel_disconnect_mode mode)
{
	struct oc *c;
	int i;

	assert_link(f);
	pri_peer_set_on_ring(f->pp, cause == 17 ? PP_BUSY : PP_REJECT, cause);
	c = ours_make(f, "555", NULL, NULL, 0, 0);
	assert_non_null(c);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pri_peer_live_calls(f->pp) == 0,
			 CALL_WAIT_MS));
	CHECK(f, c, c->info.cause == cause);
	CHECK(f, c, c->info.cause_remote);
	CHECK(f, c, c->info.mode == mode);
	CHECK(f, c, !(c->seen & (1u << TEL_CS_CONNECTED)));
	i = pri_peer_find_msg(f->pp, 0, false, MT_DISCONNECT);
	CHECK(f, c, i >= 0 && pri_peer_msg(f->pp, i)->cause == cause);
}

static void reject_in(struct fx *f, int cause, enum tel_disconnect_mode mode)
{
	const struct pp_call *pc;
	struct oc *c;
	int id;

	assert_link(f);
	f->on_offer = OURS_REJECT;
	f->reject_cause = cause == 21 ? 0 : cause;	/* 0: the default for an offered call */
	id = pri_peer_call(f->pp, "200", "300", NULL);
	CHECK(f, NULL, id > 0);
	CHECK(f, ours_last(f), WAIT(f, pp_state(f->pp, id, PP_CS_IDLE) && f->ncalls &&
				    ours_state(ours_last(f), TEL_CS_IDLE), CALL_WAIT_MS));
	c = ours_last(f);
	pc = pri_peer_get_call(f->pp, id);
	CHECK(f, c, pc->cause == cause);
	CHECK(f, c, !pc->answered);
	CHECK(f, c, c->drop_done && c->drop_result == 0);
	CHECK(f, c, c->info.cause == cause && !c->info.cause_remote);
	CHECK(f, c, c->info.mode == mode);
}

static void t_reject_by_libpri(void **state)
{
	reject_out(*state, 21, TEL_DM_REJECT);
}

static void t_busy_by_libpri(void **state)
{
	reject_out(*state, 17, TEL_DM_BUSY);
}

static void t_reject_by_ours(void **state)
{
	reject_in(*state, 21, TEL_DM_REJECT);
}

static void t_busy_by_ours(void **state)
{
	reject_in(*state, 17, TEL_DM_BUSY);
}

/* libpri sends RESTART for the channel of an active call: ours acknowledges and
 * the call ends; then a new call works. */
static void t_restart_from_libpri(void **state)
{
	struct fx *f = *state;
	struct oc *c;
	int ch, i;

	assert_link(f);
	c = connect_out(f, NULL, 0, 0);
	ch = c->info.bchan;
	assert_int_equal(pri_peer_restart(f->pp, ch), 0);
	CHECK(f, c, WAIT(f, pri_peer_event_count(f->pp, PRI_EVENT_RESTART_ACK) == 1 &&
			 ours_state(c, TEL_CS_IDLE), CALL_WAIT_MS));
	CHECK(f, c, pri_peer_last_restart_ack_chan(f->pp) == ch);
	i = pri_peer_find_msg(f->pp, 0, true, MT_RESTART_ACK);
	CHECK(f, c, i >= 0 && pri_peer_msg(f->pp, i)->chan == ch);
	/* the channel is usable again */
	c = connect_out(f, NULL, 0, 0);
	assert_int_equal(tel_call_drop(c->h, NULL), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pri_peer_live_calls(f->pp) == 0,
			 CALL_WAIT_MS));
}

/* Ours sends RESTART (channel of an active call, then the whole interface). */
static void t_restart_from_ours(void **state)
{
	struct fx *f = *state;
	struct oc *c;
	int ch, rc;

	assert_link(f);
	c = connect_out(f, NULL, 0, 0);
	ch = c->info.bchan;
	/* internal request: tel.h has no RESTART call (yet) */
	rc = q931_restart_req(f->line->cc, ch);
	CHECK(f, c, rc == 0);
	CHECK(f, c, WAIT(f, pri_peer_event_count(f->pp, PRI_EVENT_RESTART) == 1 &&
			 ours_state(c, TEL_CS_IDLE), CALL_WAIT_MS));
	CHECK(f, c, pri_peer_last_restart_chan(f->pp) == ch);
	CHECK(f, c, pri_peer_get_call(f->pp, pri_peer_ncalls(f->pp))->restarted);
	CHECK(f, c, pri_peer_find_msg(f->pp, 0, false, MT_RESTART_ACK) >= 0);

	c = connect_out(f, NULL, 0, 0);
	rc = q931_restart_req(f->line->cc, 0);
	CHECK(f, c, rc == 0);
	CHECK(f, c, WAIT(f, pri_peer_event_count(f->pp, PRI_EVENT_RESTART) == 2 &&
			 ours_state(c, TEL_CS_IDLE), CALL_WAIT_MS));
	CHECK(f, c, pri_peer_last_restart_chan(f->pp) == 0);
	CHECK(f, c, pri_peer_live_calls(f->pp) == 0);
}

/* 100 calls one after another, alternating direction and who clears. */
static void t_hundred_calls(void **state)
{
	struct fx *f = *state;
	uint64_t t0 = now_ms();

	assert_link(f);
	for (int n = 0; n < 100; n++) {
		bool out = n % 2 == 0, we_clear = n % 4 < 2;
		struct oc *c;
		int id;

		if (out) {
			c = connect_out(f, NULL, 0, 0);
			id = pp_last(f->pp)->id;
		} else {
			c = connect_in(f, NULL, &id);
		}
		if (we_clear)
			assert_int_equal(tel_call_drop(c->h, NULL), 0);
		else
			assert_int_equal(pri_peer_hangup(f->pp, id, 16, NULL), 0);
		CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pp_state(f->pp, id, PP_CS_IDLE),
				 CALL_WAIT_MS));
		CHECK(f, c, c->info.cause == 16);
		assert_int_equal(tel_call_dealloc(c->h), 0);
		c->h = NULL;
	}
	CHECK(f, NULL, pri_peer_live_calls(f->pp) == 0);
	fprintf(stderr, "%s: 100 calls in %llu ms\n", f->v->name,
		(unsigned long long)(now_ms() - t0));
}

/*
 * Every B-channel busy, then one more call: the user side places them all (the
 * network assigns channels) and the network side refuses the extra one.
 */
static void t_all_channels_busy(void **state)
{
	struct fx *f = *state;
	unsigned n = f->v->bchans;
	uint32_t used = 0;
	int rc;

	assert_link(f);
	if (f->v->ours == TEL_SIDE_USER) {
		struct tel_call_params p = { .to = "999" };
		struct oc *c;
		tel_call *h;

		for (unsigned i = 0; i < n; i++) {
			c = connect_out(f, NULL, 0, 0);
			CHECK(f, c, !(used & (1u << c->info.bchan)));
			used |= 1u << c->info.bchan;
		}
		CHECK(f, NULL, pri_peer_active_calls(f->pp) == (int)n);
		rc = tel_call_make(f->line, &p, &h);
		if (rc) {
			/* refused locally: fine, as long as it is the right error */
			CHECK(f, NULL, rc == TEL_ENOCHAN);
		} else {
			c = oc_of(f, h);
			CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE), CALL_WAIT_MS));
			CHECK(f, c, c->info.cause == 34 && c->info.cause_remote);
			CHECK(f, c, c->info.mode == TEL_DM_CONGESTION);
		}
	} else {
		const struct pp_call *pc;
		int id = 0;

		for (unsigned i = 0; i < n; i++) {
			struct oc *c = connect_in(f, NULL, &id);

			CHECK(f, c, !(used & (1u << c->info.bchan)));
			used |= 1u << c->info.bchan;
		}
		id = pri_peer_call(f->pp, "999", "300", NULL);	/* any channel */
		CHECK(f, NULL, id > 0);
		CHECK(f, NULL, WAIT(f, pp_state(f->pp, id, PP_CS_IDLE), CALL_WAIT_MS));
		pc = pri_peer_get_call(f->pp, id);
		CHECK(f, NULL, !pc->answered);
		CHECK(f, NULL, pc->cause == 34);
	}
	/*
	 * Clear every call from our side in one go, as an application shutting
	 * down would. tel.h documents no TEL_EBUSY for tel_call_drop(); when it
	 * comes anyway, pump and retry so the rest of the test still runs, and
	 * fail at the end.
	 */
	int ebusy = 0;

	for (int i = 0; i < f->ncalls; i++) {
		if (f->calls[i].st != TEL_CS_CONNECTED)
			continue;
		rc = tel_call_drop(f->calls[i].h, NULL);
		for (uint64_t d = now_ms() + 2000; rc == TEL_EBUSY && now_ms() < d;) {
			ebusy++;
			pump(f);
			rc = tel_call_drop(f->calls[i].h, NULL);
		}
		CHECK(f, &f->calls[i], rc == 0);
	}
	CHECK(f, NULL, WAIT(f, pri_peer_live_calls(f->pp) == 0, CALL_WAIT_MS));
	for (int i = 0; i < f->ncalls; i++)
		CHECK(f, &f->calls[i], !f->calls[i].h || ours_state(&f->calls[i], TEL_CS_IDLE));
	if (ebusy)
		fprintf(stderr, "%s: LIBTEL BUG: tel_call_drop() returned TEL_EBUSY %d times while "
			"clearing %u calls at once (not among its documented errors)\n",
			f->v->name, ebusy, n);
	CHECK(f, NULL, ebusy == 0);
}

/*
 * T309: an outage of the data link. The harness drops every frame both ways;
 * a second call's SETUP then goes unanswered, so our data link gives up after
 * T200 x N200 (~4 s) and reports the link down: the active call must survive
 * (T309 runs), the call being set up ends at once with cause 41.
 *   @outage_ms after the link went down, frames flow again.
 */
static void t309(struct fx *f, int outage_ms, bool expect_survive)
{
	struct oc *c1, *c2;
	uint64_t t0, t_down;
	int id1;

	assert_link(f);
	c1 = connect_out(f, NULL, 0, 0);
	id1 = pp_last(f->pp)->id;
	pri_peer_set_cut(f->pp, true);
	t0 = now_ms();
	c2 = ours_make(f, "4712", NULL, NULL, 0, 0);
	assert_non_null(c2);
	/* I frame: T200 x (N200 + 1), then re-establishment: SABME x (N200 + 1) */
	CHECK(f, c2, WAIT(f, !f->up, 12000));
	t_down = now_ms();
	fprintf(stderr, "%s: link down %llu ms into the outage\n", f->v->name,
		(unsigned long long)(t_down - t0));
	/* the call being set up: cleared at once on link loss (41), or by T303's second expiry
	 * (102) when that came first */
	CHECK(f, c2, WAIT(f, ours_state(c2, TEL_CS_IDLE), 1000));
	CHECK(f, c2, (c2->info.cause == 41 || c2->info.cause == 102) && !c2->info.cause_remote);
	CHECK(f, c1, ours_state(c1, TEL_CS_CONNECTED));

	pump_for(f, outage_ms);
	pri_peer_set_cut(f->pp, false);
	if (expect_survive) {
		/* back within T309: the link returns, the call lives past T309 */
		CHECK(f, c1, WAIT(f, f->up, 5000));
		CHECK(f, c1, ours_state(c1, TEL_CS_CONNECTED));
		pump_for(f, (int)(t_down + 6500 - now_ms()));
		CHECK(f, c1, ours_state(c1, TEL_CS_CONNECTED));
		CHECK(f, c1, !(c1->seen & (1u << TEL_CS_IDLE)));
		/* and it is alive at libpri's end too: a normal clearing works */
		assert_int_equal(tel_call_drop(c1->h, NULL), 0);
		CHECK(f, c1, WAIT(f, ours_state(c1, TEL_CS_IDLE) && pp_state(f->pp, id1, PP_CS_IDLE),
				  CALL_WAIT_MS));
		CHECK(f, c1, pri_peer_get_call(f->pp, id1)->cause == 16);
	} else {
		CHECK(f, c1, ours_state(c1, TEL_CS_IDLE));
		CHECK(f, c1, c1->info.cause == 27 && !c1->info.cause_remote);
		CHECK(f, c1, c1->info.mode == TEL_DM_OUTOFORDER);
	}
}

static void t_t309_short_outage(void **state)
{
	t309(*state, 1000, true);
}

static void t_t309_long_outage(void **state)
{
	t309(*state, 6500, false);
}

/*
 * A SETUP without a calling party number (optional IE; libpri leaves it out
 * when no caller is given). Runs last: at the time of writing libtel's
 * session/call.c copy_digits() passes the NULL number to memcpy() and UBSan
 * aborts the process.
 */
static void t_call_in_no_calling_number(void **state)
{
	struct fx *f = *state;
	int id, n = f->ncalls;

	assert_link(f);
	id = pri_peer_call(f->pp, "200", NULL, NULL);
	CHECK(f, NULL, id > 0);
	CHECK(f, NULL, WAIT(f, f->ncalls > n && ours_state(ours_last(f), TEL_CS_CONNECTED) &&
			    pp_state(f->pp, id, PP_CS_ACTIVE), CALL_WAIT_MS));
	CHECK(f, ours_last(f), !strcmp(ours_last(f)->at_offer.from, ""));
	CHECK(f, ours_last(f), !strcmp(ours_last(f)->at_offer.to, "200"));
}

/* ----------------------------------------------------- libpri vs libpri --- */

static int setup_pripri(void **state)
{
	const struct variant *v = *state;
	struct pri_peer_cfg net = { 0 }, cpe = { 0 };
	struct fx *f = calloc(1, sizeof(*f));
	int sv[2];

	if (!f || socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv)) {
		free(f);
		return -1;
	}
	f->v = v;
	net.node = PRI_NETWORK;
	net.switchtype = cpe.switchtype = v->sw;
	net.bchans = cpe.bchans = v->bchans;
	net.on_ring = cpe.on_ring = PP_ANSWER;
	net.alert = cpe.alert = true;
	net.name = "net";
	cpe.node = PRI_CPE;
	cpe.name = "cpe";
	f->pp = pri_peer_new(sv[0], &net);
	f->pp2 = pri_peer_new(sv[1], &cpe);
	*state = f;
	if (!f->pp || !f->pp2)
		return -1;
	return 0;
}

static void pp_link(struct fx *f)
{
	CHECK(f, NULL, WAIT(f, pri_peer_up(f->pp) && pri_peer_up(f->pp2), LINK_WAIT_MS));
}

static void t_pp_call_and_clear(void **state)
{
	struct fx *f = *state;
	struct pri_peer *a = f->pp2, *b = f->pp;	/* a: CPE calls, b: network answers */

	pp_link(f);
	for (int round = 0; round < 2; round++) {
		int id = pri_peer_call(a, "123", "456", NULL), bid;
		const struct pp_call *ca, *cb;

		CHECK(f, NULL, id > 0);
		CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_ACTIVE), CALL_WAIT_MS));
		bid = pri_peer_ncalls(b);
		cb = pri_peer_get_call(b, bid);
		ca = pri_peer_get_call(a, id);
		CHECK(f, NULL, cb && cb->state == PP_CS_ACTIVE && !strcmp(cb->called, "123") &&
		      !strcmp(cb->calling, "456"));
		CHECK(f, NULL, ca->chan > 0 && ca->chan == cb->chan);
		CHECK(f, NULL, ca->events & (1u << PRI_EVENT_RINGING));
		if (round == 0)
			pri_peer_hangup(a, id, 16, NULL);
		else
			pri_peer_hangup(b, bid, 16, NULL);
		CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_IDLE) && pp_state(b, bid, PP_CS_IDLE),
				    CALL_WAIT_MS));
		CHECK(f, NULL, pri_peer_get_call(round ? a : b, round ? id : bid)->cause == 16);
	}
	/* and the other way round */
	{
		int id = pri_peer_call(b, "777", NULL, NULL);

		CHECK(f, NULL, id > 0);
		CHECK(f, NULL, WAIT(f, pp_state(b, id, PP_CS_ACTIVE), CALL_WAIT_MS));
		pri_peer_hangup(b, id, 16, NULL);
		CHECK(f, NULL, WAIT(f, pp_state(b, id, PP_CS_IDLE) &&
				    pri_peer_live_calls(a) == 0, CALL_WAIT_MS));
	}
}

static void t_pp_uui(void **state)
{
	struct fx *f = *state;
	struct pri_peer *a = f->pp2, *b = f->pp;
	const struct pp_call *cb;
	const struct pp_msg *m;
	int id, i;

	pp_link(f);
	id = pri_peer_call(a, "123", NULL, "hi there");
	CHECK(f, NULL, id > 0);
	CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_ACTIVE), CALL_WAIT_MS));
	cb = pp_last(b);
	CHECK(f, NULL, !strcmp(cb->uui_ring, "hi there"));
	i = pri_peer_find_msg(b, 0, true, MT_SETUP);
	m = pri_peer_msg(b, i);
	CHECK(f, NULL, m && m->uui_pd == 4 && m->uui_len == 8 && !memcmp(m->uui, "hi there", 8));
	pri_peer_hangup(b, cb->id, 16, "bye");
	CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_IDLE), CALL_WAIT_MS));
	CHECK(f, NULL, !strcmp(pri_peer_get_call(a, id)->uui_hangup, "bye"));
}

static void t_pp_reject_busy(void **state)
{
	struct fx *f = *state;
	struct pri_peer *a = f->pp2, *b = f->pp;
	static const int causes[] = { 21, 17 };

	pp_link(f);
	for (int k = 0; k < 2; k++) {
		int id;

		pri_peer_set_on_ring(b, causes[k] == 17 ? PP_BUSY : PP_REJECT, causes[k]);
		id = pri_peer_call(a, "123", NULL, NULL);
		CHECK(f, NULL, id > 0);
		CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_IDLE) && pri_peer_live_calls(b) == 0,
				    CALL_WAIT_MS));
		CHECK(f, NULL, pri_peer_get_call(a, id)->cause == causes[k]);
		CHECK(f, NULL, !pri_peer_get_call(a, id)->answered);
	}
}

static void t_pp_restart(void **state)
{
	struct fx *f = *state;
	struct pri_peer *a = f->pp2, *b = f->pp;
	int id, ch;

	pp_link(f);
	id = pri_peer_call(a, "123", NULL, NULL);
	CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_ACTIVE), CALL_WAIT_MS));
	ch = pri_peer_get_call(a, id)->chan;
	assert_int_equal(pri_peer_restart(b, ch), 0);
	CHECK(f, NULL, WAIT(f, pri_peer_event_count(b, PRI_EVENT_RESTART_ACK) == 1 &&
			    pri_peer_event_count(a, PRI_EVENT_RESTART) == 1, CALL_WAIT_MS));
	CHECK(f, NULL, pri_peer_last_restart_chan(a) == ch);
	CHECK(f, NULL, pri_peer_last_restart_ack_chan(b) == ch);
	CHECK(f, NULL, pri_peer_get_call(a, id)->restarted);
	CHECK(f, NULL, pri_peer_live_calls(a) == 0 && pri_peer_live_calls(b) == 0);
}

static void t_pp_all_busy(void **state)
{
	struct fx *f = *state;
	struct pri_peer *a = f->pp2, *b = f->pp;
	int id;

	pp_link(f);
	for (unsigned i = 0; i < f->v->bchans; i++) {
		id = pri_peer_call(a, "123", NULL, NULL);
		CHECK(f, NULL, id > 0);
		CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_ACTIVE), CALL_WAIT_MS));
	}
	CHECK(f, NULL, pri_peer_active_calls(b) == (int)f->v->bchans);
	id = pri_peer_call(a, "123", NULL, NULL);	/* CPE: any channel */
	CHECK(f, NULL, id > 0);
	CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_IDLE), CALL_WAIT_MS));
	CHECK(f, NULL, pri_peer_get_call(a, id)->cause == 34);
}

static void t_pp_outage(void **state)
{
	struct fx *f = *state;
	struct pri_peer *a = f->pp2, *b = f->pp;
	int id;

	/* the cut drops frames: the link holds over a short quiet outage */
	pp_link(f);
	id = pri_peer_call(a, "123", NULL, NULL);
	CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_ACTIVE), CALL_WAIT_MS));
	pri_peer_set_cut(b, true);
	pri_peer_hangup(a, id, 16, NULL);	/* its DISCONNECT is lost, then repeated */
	pump_for(f, 500);
	CHECK(f, NULL, pri_peer_dropped(b) > 0);
	pri_peer_set_cut(b, false);
	CHECK(f, NULL, WAIT(f, pp_state(a, id, PP_CS_IDLE) && pri_peer_live_calls(b) == 0,
			    4000));
}

/* ------------------------------------------- calling name and progress --- */

/* libpri, as the far end, per variant and side (libpri 1.6 pri.c
 * pri_display_options_send_default()): a EuroISDN CPE never sends a Display,
 * as EN 300 403 has it; every other libpri sends the calling name in SETUP. */
static bool libpri_sends_display(const struct variant *v)
{
	return !(v->tv == TEL_VARIANT_EUROISDN && v->ours == TEL_SIDE_NETWORK);
}

/* The Display IE of a wire message as the variant codes a name: NI-2 with 0xB1 first. */
static bool display_is(const struct variant *v, const struct pp_msg *m, const char *name)
{
	size_t n = strlen(name), k = v->tv == TEL_VARIANT_NI2;

	if (!m || !m->has_display || m->display_len != k + n)
		return false;
	if (k && m->display[0] != 0xb1)
		return false;
	return !memcmp(m->display + k, name, n);
}

/* Clear call @c from our side and wait until both ends are idle. */
static void clear_ours(struct fx *f, struct oc *c, int id)
{
	assert_int_equal(tel_call_drop(c->h, NULL), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_IDLE) && pp_state(f->pp, id, PP_CS_IDLE),
			 CALL_WAIT_MS));
	assert_int_equal(tel_call_dealloc(c->h), 0);
	c->h = NULL;
}

/* libpri calls ours naming the caller: the name arrives wherever libpri sends one. */
static void t_name_libpri_to_ours(void **state)
{
	struct fx *f = *state;
	const struct pp_msg *m;
	struct oc *c;
	int id;

	assert_link(f);
	pri_peer_set_caller_name(f->pp, "Libpri Caller");
	c = connect_in(f, NULL, &id);
	m = pri_peer_msg(f->pp, pri_peer_find_msg(f->pp, 0, false, MT_SETUP));
	CHECK(f, c, m != NULL);
	CHECK(f, c, !strcmp(c->at_offer.from, "300"));
	if (libpri_sends_display(f->v)) {
		CHECK(f, c, display_is(f->v, m, "Libpri Caller"));
		CHECK(f, c, !strcmp(c->at_offer.from_name, "Libpri Caller"));
	} else {
		/* libpri's EuroISDN CPE blocks the Display (a user does not send one
		 * on EuroISDN): no name on the wire, none offered to us */
		CHECK(f, c, !m->has_display);
		CHECK(f, c, !strcmp(c->at_offer.from_name, ""));
	}
	clear_ours(f, c, id);
}

/*
 * NI-2 libpri after pri_facility_enable() also puts the name in a Facility IE
 * of SETUP (pri_facility.c add_callername_facility_ies(): a CPE a ROSE
 * callingName invoke; a network an InformationFollowing, with the callingName
 * in a FACILITY message once CALL PROCEEDING or ALERTING came back, which ours
 * does not send before CONNECT). Ours does not decode ROSE: the Facility IE
 * stays opaque and the name comes from the Display, which libpri sends all
 * the same.
 */
static void t_name_libpri_facility(void **state)
{
	struct fx *f = *state;
	const struct pp_msg *m;
	struct oc *c;
	int id;

	assert_link(f);
	pri_peer_enable_facility(f->pp);
	pri_peer_set_caller_name(f->pp, "Libpri Caller");
	c = connect_in(f, NULL, &id);
	m = pri_peer_msg(f->pp, pri_peer_find_msg(f->pp, 0, false, MT_SETUP));
	CHECK(f, c, m && m->has_facility && display_is(f->v, m, "Libpri Caller"));
	CHECK(f, c, !strcmp(c->at_offer.from_name, "Libpri Caller"));
	clear_ours(f, c, id);
}

/* Ours calls libpri naming the caller: libpri reports it as the ring's callingname. */
static void t_name_ours_to_libpri(void **state)
{
	struct fx *f = *state;
	struct tel_call_params p = { .to = "4711", .from = "100", .from_name = "Tel Caller" };
	const struct pp_call *pc;
	struct oc *c;
	tel_call *h = NULL;

	assert_link(f);
	if (f->v->tv == TEL_VARIANT_EUROISDN && f->v->ours == TEL_SIDE_USER) {
		/* EN 300 403: Display goes network to user; our user side refuses a name */
		CHECK(f, NULL, tel_call_make(f->line, &p, &h) == TEL_ENOTSUP && !h);
		pump_for(f, 100);
		CHECK(f, NULL, pri_peer_find_msg(f->pp, 0, true, MT_SETUP) < 0);
		CHECK(f, NULL, pri_peer_ncalls(f->pp) == 0);
		return;
	}
	CHECK(f, NULL, tel_call_make(f->line, &p, &h) == 0);
	c = oc_of(f, h);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_CONNECTED) && pp_last(f->pp) &&
			 pp_last(f->pp)->state == PP_CS_ACTIVE, CALL_WAIT_MS));
	pc = pp_last(f->pp);
	CHECK(f, c, display_is(f->v, pri_peer_msg(f->pp, pri_peer_find_msg(f->pp, 0, true,
									  MT_SETUP)),
			       "Tel Caller"));
	/* libpri takes a received Display as the name on any switch (receive_display()
	 * skips NI-2's type octet), also as a EuroISDN CPE */
	CHECK(f, c, !strcmp(pc->calling_name, "Tel Caller"));
	CHECK(f, c, !strcmp(pc->calling, "100"));
	CHECK(f, c, !strcmp(c->info.from_name, "Tel Caller"));
	clear_ours(f, c, pc->id);
}

static int info_progress(struct oc *c)
{
	struct tel_call_info ci;

	return tel_call_info(c->h, &ci) ? -2 : ci.progress;
}

/*
 * Ours calls; libpri answers and sends progress indicators (the same on every
 * switch): none with ALERTING, #8 in a PROGRESS message, #2 (destination not
 * ISDN) in CONNECT; then another call with #8 in CALL PROCEEDING and ALERTING.
 */
static void t_progress_from_libpri(void **state)
{
	struct fx *f = *state;
	struct oc *c;
	int id, i;

	assert_link(f);
	pri_peer_set_on_ring(f->pp, PP_ALERT, 0);
	pri_peer_set_nonisdn(f->pp, true);
	c = ours_make(f, "4711", "100", NULL, 0, 0);
	assert_non_null(c);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_RINGBACK), CALL_WAIT_MS));
	id = pp_last(f->pp)->id;
	CHECK(f, c, c->at_ringback.progress == -1);
	assert_int_equal(pri_peer_progress(f->pp, id), 0);
	CHECK(f, c, WAIT(f, info_progress(c) == 8, CALL_WAIT_MS));	/* no event: info only */
	i = pri_peer_find_msg(f->pp, 0, false, MT_PROGRESS);
	CHECK(f, c, i >= 0 && pri_peer_msg(f->pp, i)->progress == 8);
	CHECK(f, c, ours_state(c, TEL_CS_RINGBACK));
	assert_int_equal(pri_peer_answer(f->pp, id), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_CONNECTED), CALL_WAIT_MS));
	CHECK(f, c, c->info.progress == 2);
	clear_ours(f, c, id);

	pri_peer_set_nonisdn(f->pp, false);
	pri_peer_set_inband(f->pp, true);
	c = ours_make(f, "4712", "100", NULL, 0, 0);
	assert_non_null(c);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_RINGBACK), CALL_WAIT_MS));
	id = pp_last(f->pp)->id;
	CHECK(f, c, (c->seen & (1u << TEL_CS_PROCEEDING)) && c->at_ringback.progress == 8);
	assert_int_equal(pri_peer_answer(f->pp, id), 0);
	CHECK(f, c, WAIT(f, ours_state(c, TEL_CS_CONNECTED), CALL_WAIT_MS));
	CHECK(f, c, c->info.progress == 8);	/* the last one received */
	clear_ours(f, c, id);
}

/*
 * A caller libpri marks non-ISDN: libpri says so in SETUP (#3, origin not ISDN)
 * on NI-2 only (q931.c q931_setup()); on EuroISDN the SETUP has no progress.
 */
static void t_progress_libpri_setup(void **state)
{
	struct fx *f = *state;
	bool ni2 = f->v->tv == TEL_VARIANT_NI2;
	const struct pp_msg *m;
	struct oc *c;
	int id;

	assert_link(f);
	pri_peer_set_nonisdn(f->pp, true);
	c = connect_in(f, NULL, &id);
	m = pri_peer_msg(f->pp, pri_peer_find_msg(f->pp, 0, false, MT_SETUP));
	CHECK(f, c, m && m->progress == (ni2 ? 3 : -1));
	CHECK(f, c, c->at_offer.progress == (ni2 ? 3 : -1));
	clear_ours(f, c, id);
}

/* --------------------------------------------------------------- main --- */

#define PP(n, fn, v) { "libpri-vs-libpri " n, fn, setup_pripri, teardown, (void *)&(v) }
#define OURS(n, fn, v) { n, fn, setup_ours, teardown, (void *)&(v) }

#define OURS_SET(tag, v)								\
	OURS(tag ": link up", t_link_up, v),						\
	OURS(tag ": call out, ours clears", t_call_out_we_clear, v),			\
	OURS(tag ": call out, libpri clears", t_call_out_they_clear, v),		\
	OURS(tag ": call in, ours clears", t_call_in_we_clear, v),			\
	OURS(tag ": call in, libpri clears", t_call_in_they_clear, v),			\
	OURS(tag ": uui ours -> libpri", t_uui_ours_to_libpri, v),			\
	OURS(tag ": uui libpri -> ours", t_uui_libpri_to_ours, v),			\
	OURS(tag ": uui libpri ALERTING -> ours", t_uui_libpri_alerting, v),		\
	OURS(tag ": libpri rejects (21)", t_reject_by_libpri, v),			\
	OURS(tag ": libpri busy (17)", t_busy_by_libpri, v),				\
	OURS(tag ": ours rejects (21)", t_reject_by_ours, v),				\
	OURS(tag ": ours busy (17)", t_busy_by_ours, v),				\
	OURS(tag ": restart from libpri", t_restart_from_libpri, v),			\
	OURS(tag ": restart from ours", t_restart_from_ours, v),			\
	OURS(tag ": 100 sequential calls", t_hundred_calls, v),			\
	OURS(tag ": all B-channels busy", t_all_channels_busy, v),			\
	OURS(tag ": calling name libpri -> ours", t_name_libpri_to_ours, v),		\
	OURS(tag ": calling name ours -> libpri", t_name_ours_to_libpri, v),		\
	OURS(tag ": progress from libpri", t_progress_from_libpri, v),			\
	OURS(tag ": progress in libpri's SETUP", t_progress_libpri_setup, v)

int main(void)
{
	const struct CMUnitTest pripri[] = {
		PP("e1: call and clear", t_pp_call_and_clear, V_E1_USER),
		PP("e1: uui", t_pp_uui, V_E1_USER),
		PP("e1: reject and busy", t_pp_reject_busy, V_E1_USER),
		PP("e1: restart", t_pp_restart, V_E1_USER),
		PP("e1: all busy", t_pp_all_busy, V_E1_USER),
		PP("e1: short outage", t_pp_outage, V_E1_USER),
		PP("ni2: call and clear", t_pp_call_and_clear, V_T1_USER),
		PP("ni2: uui", t_pp_uui, V_T1_USER),
		PP("ni2: reject and busy", t_pp_reject_busy, V_T1_USER),
		PP("ni2: restart", t_pp_restart, V_T1_USER),
		PP("ni2: all busy", t_pp_all_busy, V_T1_USER),
	};
	const struct CMUnitTest ours[] = {
		OURS_SET("e1 ours=user", V_E1_USER),
		OURS_SET("e1 ours=network", V_E1_NET),
		OURS_SET("ni2 ours=user", V_T1_USER),
		OURS_SET("ni2 ours=network", V_T1_NET),
		/* T309 costs seconds: a short and a long outage on E1, a short one on NI-2 */
		OURS("e1 ours=user: T309 short outage, call survives", t_t309_short_outage,
		     V_E1_USER),
		OURS("e1 ours=user: T309 long outage, cause 27", t_t309_long_outage, V_E1_USER),
		OURS("ni2 ours=network: T309 short outage, call survives", t_t309_short_outage,
		     V_T1_NET),
		OURS("e1 ours=user: call in without calling number", t_call_in_no_calling_number,
		     V_E1_USER),
		OURS("ni2 ours=user: calling name from libpri with facility enabled",
		     t_name_libpri_facility, V_T1_USER),
		OURS("ni2 ours=network: calling name from libpri with facility enabled",
		     t_name_libpri_facility, V_T1_NET),
	};
	const char *only = getenv("INTEROP_ONLY");	/* "pri": only the harness self-test */
	int rc;

	rc = _cmocka_run_group_tests("libpri-vs-libpri", pripri,
				     sizeof(pripri) / sizeof(pripri[0]), NULL, NULL);
	if (only && !strcmp(only, "pri"))
		return rc;
	rc |= _cmocka_run_group_tests("libtel-vs-libpri", ours, sizeof(ours) / sizeof(ours[0]),
				      NULL, NULL);
	return rc;
}
