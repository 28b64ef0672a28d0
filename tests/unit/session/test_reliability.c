// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Recovery without a person, through the public API: libtel lines over real
 * socketpairs, with the far end either another libtel line behind a relay
 * the test can cut, or a raw Q.921/Q.931 far end written by hand here.
 * A fake clock drives every timer.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "libtel/tel.h"

#define MAX_EV 512

struct rec {
	struct tel_event ev;
	struct tel_call_info info;
};

struct world {
	tel_ctx *ctx;
	tel_line *user, *net;	/* net: NULL when the far end is raw */
	int ufd, nfd;		/* the relay's (or the raw far end's) socket ends */
	bool cut;		/* the relay drops everything */
	unsigned relayed[2];	/* frames moved user->net, net->user */
	uint64_t now;
	struct rec ev[MAX_EV];
	unsigned nev;
	tel_call *offered;
	bool answer;		/* answer every offered call */
	/* raw far end (network side) */
	uint8_t vs, vr;
	uint8_t rx[512][300];	/* Q.931 messages received from libtel */
	size_t rxlen[512];
	unsigned nrx, rrx;
	unsigned disc, ua, sabme;	/* U frames seen from libtel */
	bool refuse;		/* the raw far end answers SABME with DM */
};

static uint64_t fake_clock(void *user)
{
	return ((struct world *)user)->now;
}

static void on_event(const struct tel_event *ev, void *user)
{
	struct world *w = user;
	struct rec *r;

	assert_true(w->nev < MAX_EV);
	r = &w->ev[w->nev++];
	r->ev = *ev;
	if (ev->call)
		assert_int_equal(tel_call_info(ev->call, &r->info), 0);
	if (ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_OFFERING) {
		w->offered = ev->call;
		if (w->answer)
			assert_int_equal(tel_call_answer(ev->call, NULL, 0, 0), 0);
	}
	/* the far end cleared: finish as an application does */
	if (w->answer && ev->type == TEL_EV_CALL_STATE && ev->state == TEL_CS_DISCONNECTED)
		assert_int_equal(tel_call_drop(ev->call, NULL), 0);
}

/* ---- the raw far end: network side, TEI 0, SAPI 0 ------------------------------- */

static void raw_send(struct world *w, const uint8_t *f, size_t len)
{
	assert_int_equal(send(w->nfd, f, len, 0), (ssize_t)len);
}

/* An I frame (command, C/R 1 from the network) carrying @msg. */
static void raw_i(struct world *w, const uint8_t *msg, size_t len)
{
	uint8_t f[300] = { 0x02, 0x01, (uint8_t)(w->vs << 1), (uint8_t)(w->vr << 1) };

	memcpy(f + 4, msg, len);
	w->vs = (w->vs + 1) & 127;
	raw_send(w, f, len + 4);
}

/* Everything libtel sent: U frames answered as a peer would, I frames acknowledged. */
static void raw_read(struct world *w)
{
	uint8_t f[400];
	ssize_t n;

	while ((n = recv(w->nfd, f, sizeof(f), MSG_DONTWAIT)) > 0) {
		uint8_t c = f[2];

		if (!(c & 1)) {		/* I frame */
			assert_true(w->nrx < 512);
			memcpy(w->rx[w->nrx], f + 4, (size_t)n - 4);
			w->rxlen[w->nrx++] = (size_t)n - 4;
			w->vr = ((f[2] >> 1) + 1) & 127;
			{
				uint8_t rr[4] = { 0x00, 0x01, 0x01, (uint8_t)(w->vr << 1 | (f[3] & 1)) };

				raw_send(w, rr, 4);
			}
		} else if ((c & 3) == 1) {	/* S frame: a poll gets its answer */
			if (f[3] & 1 && (f[0] & 2) == 0) {
				uint8_t rr[4] = { 0x00, 0x01, 0x01, (uint8_t)(w->vr << 1 | 1) };

				raw_send(w, rr, 4);
			}
		} else if ((c & 0xef) == 0x6f) {	/* SABME: UA (or DM) */
			uint8_t ua[3] = { 0x00, 0x01, (uint8_t)(0x63 | (c & 0x10)) };

			w->sabme++;
			w->vs = w->vr = 0;
			if (w->refuse)
				ua[2] = (uint8_t)(0x0f | (c & 0x10));
			raw_send(w, ua, 3);
		} else if ((c & 0xef) == 0x43) {	/* DISC: UA */
			uint8_t ua[3] = { 0x00, 0x01, (uint8_t)(0x63 | (c & 0x10)) };

			w->disc++;
			raw_send(w, ua, 3);
		} else if ((c & 0xef) == 0x63) {
			w->ua++;
		}
	}
}

/* The next Q.931 message libtel sent to the raw far end: its type, and @cause's value. */
static uint8_t raw_msg(struct world *w, int *cause)
{
	const uint8_t *m;
	size_t len, i;

	assert_true(w->rrx < w->nrx);
	len = w->rxlen[w->rrx];
	m = w->rx[w->rrx++];
	if (cause) {
		*cause = -1;
		for (i = 5; i + 1 < len; i += 2u + m[i + 1])
			if (m[i] == 0x08 && m[i + 1] >= 2)
				*cause = m[i + 3] & 0x7f;
	}
	return m[4];
}

/* ---- the relay ------------------------------------------------------------------------ */

static void relay(struct world *w)
{
	uint8_t f[400];
	ssize_t n;

	while ((n = recv(w->ufd, f, sizeof(f), MSG_DONTWAIT)) > 0) {
		if (!w->cut) {
			assert_int_equal(send(w->nfd, f, (size_t)n, 0), n);
			w->relayed[0]++;
		}
	}
	while ((n = recv(w->nfd, f, sizeof(f), MSG_DONTWAIT)) > 0) {
		if (!w->cut) {
			assert_int_equal(send(w->ufd, f, (size_t)n, 0), n);
			w->relayed[1]++;
		}
	}
}

static void step(struct world *w)
{
	for (int i = 0; i < 20; i++) {
		int n = tel_ctx_run(w->ctx, 0);

		assert_true(n >= 0);
		if (w->net)
			relay(w);
		else
			raw_read(w);
		if (!n && i > 2)
			break;
	}
}

static void advance(struct world *w, uint64_t ms)
{
	for (uint64_t t = 0; t < ms; t += 50) {
		w->now += 50;
		step(w);
	}
}

static int manual_restart;	/* the user line's cfg.manual_restart in world_open() */

static void world_open(struct world *w, bool raw)
{
	struct tel_ctx_opts o = { .on_event = on_event, .user = w, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .variant = TEL_VARIANT_EUROISDN,
				  .bchans = 30, .manual_restart = manual_restart };
	struct tel_line_cfg n = u;
	int a[2], b[2];

	memset(w, 0, sizeof(*w));
	w->now = 1000;
	n.side = TEL_SIDE_NETWORK;
	assert_int_equal(tel_ctx_new(&w->ctx, &o), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, a), 0);
	assert_int_equal(tel_line_open_fd(w->ctx, &u, a[0], &w->user), 0);
	w->ufd = a[1];
	if (raw) {
		w->nfd = a[1];
	} else {
		assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, b), 0);
		assert_int_equal(tel_line_open_fd(w->ctx, &n, b[0], &w->net), 0);
		w->nfd = b[1];
	}
	advance(w, 200);
	assert_int_equal(tel_line_up(w->user), 1);
	if (!raw)
		assert_int_equal(tel_line_up(w->net), 1);
	w->nev = 0;
	w->sabme = 0;
}

static void world_close(struct world *w)
{
	tel_ctx_free(w->ctx);
	close(w->ufd);
	if (w->nfd != w->ufd)
		close(w->nfd);
}

static int find_ev(struct world *w, unsigned from, enum tel_event_type t, const void *obj, int v)
{
	for (unsigned i = from; i < w->nev; i++) {
		const struct tel_event *e = &w->ev[i].ev;

		if (e->type != t)
			continue;
		if (t == TEL_EV_LINE_STATE && e->line == obj && e->up == v)
			return (int)i;
		if (t == TEL_EV_CALL_STATE && e->call == obj && (int)e->state == v)
			return (int)i;
		if (t == TEL_EV_DROP_DONE && e->call == obj)
			return (int)i;
		if (t == TEL_EV_CHAN_STATE && e->line == obj && e->chan == v)
			return (int)i;
	}
	return -1;
}

static void __attribute__((unused)) dump(struct world *w)
{
	for (unsigned i = 0; i < w->nev; i++)
		print_message("ev %u: type %d line %p call %p state %d up %d reason %d cause %d\n", i, w->ev[i].ev.type, (void *)w->ev[i].ev.line, (void *)w->ev[i].ev.call, w->ev[i].ev.state, w->ev[i].ev.up, w->ev[i].ev.reason, w->ev[i].info.cause);
}

static tel_call *place(struct world *w)
{
	struct tel_call_params p = { .to = "5678", .from = "1234" };
	tel_call *c = NULL;

	assert_int_equal(tel_call_make(w->user, &p, &c), 0);
	return c;
}

/* A call from the user line that the network line's application answers: both CONNECTED. */
static void connect_call(struct world *w, tel_call **c, tel_call **nc)
{
	w->answer = true;
	*c = place(w);
	advance(w, 200);
	*nc = w->offered;
	assert_non_null(*nc);
	assert_true(find_ev(w, 0, TEL_EV_CALL_STATE, *c, TEL_CS_CONNECTED) >= 0);
}

/* ---- defect 1: the data link comes back by itself -------------------------------------- */

static void test_link_comes_back_after_long_outage(void **state)
{
	struct world w;
	tel_call *c, *nc;
	int i;

	(void)state;
	world_open(&w, false);
	w.cut = true;
	advance(&w, 60000);	/* far longer than T203 + T200 x N200 and the SABME retries */
	i = find_ev(&w, 0, TEL_EV_LINE_STATE, w.user, 0);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.reason, TEL_LR_LOST);
	assert_true(find_ev(&w, 0, TEL_EV_LINE_STATE, w.net, 0) >= 0);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_LOST);
	{
		struct tel_call_params p = { .to = "5678" };

		assert_int_equal(tel_call_make(w.user, &p, &c), TEL_ELINK);
	}
	w.cut = false;
	advance(&w, 35000);	/* within the longest back-off and one establishment */
	assert_int_equal(tel_line_up(w.user), 1);
	assert_int_equal(tel_line_up(w.net), 1);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_NONE);
	i = find_ev(&w, 0, TEL_EV_LINE_STATE, w.user, 1);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.reason, TEL_LR_NONE);
	/* and it carries calls again */
	w.answer = true;
	c = place(&w);
	advance(&w, 500);
	nc = w.offered;
	assert_non_null(nc);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_CONNECTED) >= 0);
	assert_int_equal(tel_call_drop(c, NULL), 0);
	advance(&w, 500);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, c, 0) >= 0);
	world_close(&w);
}

/* Re-establishment backs off: SABMEs of a released link get rarer, at most 30 s apart. */
static void test_reestablish_backs_off(void **state)
{
	struct world w;
	unsigned after;

	(void)state;
	world_open(&w, false);
	w.cut = true;
	advance(&w, 120000);
	/* frames the user side sends in the next 10 minutes: few */
	{
		unsigned sent = 0;
		uint8_t f[64];

		for (int k = 0; k < 600; k++) {
			w.now += 1000;
			for (int i = 0; i < 5; i++)
				tel_ctx_run(w.ctx, 0);
			while (recv(w.ufd, f, sizeof(f), MSG_DONTWAIT) > 0)
				sent++;
			while (recv(w.nfd, f, sizeof(f), MSG_DONTWAIT) > 0)
				;
		}
		after = sent;
	}
	/* one attempt (SABME, N200 = 3 retries: 4 frames) every 30 s at most */
	assert_true(after > 0);
	assert_true(after <= 4 * (600 / 30 + 1));
	world_close(&w);
}

/* Why the link is down, as the far end makes it: DISC (released), DM to SABME (refused). */
static void test_link_down_reasons(void **state)
{
	struct world w;
	uint8_t disc[3] = { 0x02, 0x01, 0x53 };
	int i;

	(void)state;
	world_open(&w, true);
	w.refuse = true;
	raw_send(&w, disc, 3);
	advance(&w, 100);
	i = find_ev(&w, 0, TEL_EV_LINE_STATE, w.user, 0);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.reason, TEL_LR_RELEASED);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_RELEASED);
	advance(&w, 1500);	/* SABME again after 1 s: refused */
	assert_true(w.sabme >= 1);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_REFUSED);
	assert_int_equal(tel_line_up(w.user), 0);
	w.refuse = false;
	advance(&w, 4000);	/* the next try, 2 s later, is taken */
	assert_int_equal(tel_line_up(w.user), 1);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_NONE);
	world_close(&w);
}

/*
 * An active call kept over a link failure (T309) is dropped while the link
 * is down: accepted, and cleared with DISCONNECT once the link is back, so
 * the far end hears the application's cause (16), not 27 from its T309.
 */
static void test_drop_while_link_down(void **state)
{
	struct world w;
	tel_call *c, *nc;
	int i;

	(void)state;
	world_open(&w, false);
	connect_call(&w, &c, &nc);
	w.cut = true;
	for (int k = 0; k < 400 && tel_line_up(w.user); k++)
		advance(&w, 50);
	assert_int_equal(tel_line_up(w.user), 0);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE) < 0);	/* kept: T309 */
	assert_int_equal(tel_call_drop(c, NULL), 0);
	w.cut = false;
	advance(&w, 3000);
	assert_int_equal(tel_line_up(w.user), 1);
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].info.cause, 16);
	assert_int_equal(w.ev[i].info.cause_remote, 1);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, c, 0) >= 0);
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE);
	assert_int_equal(w.ev[i].info.cause, 16);
	world_close(&w);
}

/* ---- closed transport and shutdown --------------------------------------------------------- */

static void test_closed_transport_reported(void **state)
{
	struct world w;
	struct tel_call_params p = { .to = "5678" };
	tel_call *c;
	int i;

	(void)state;
	world_open(&w, true);
	close(w.ufd);		/* the far end goes away */
	w.ufd = w.nfd = -1;
	w.now += 10;
	tel_ctx_run(w.ctx, 0);
	tel_ctx_run(w.ctx, 0);
	i = find_ev(&w, 0, TEL_EV_LINE_STATE, w.user, 0);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.reason, TEL_LR_CLOSED);
	assert_int_equal(tel_line_up(w.user), 0);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_CLOSED);
	assert_int_equal(tel_call_make(w.user, &p, &c), TEL_ELINK);
	tel_ctx_free(w.ctx);
}

static void test_shutdown_releases_link_after_last_frames(void **state)
{
	struct world w;
	tel_call *c;
	int i, cause;

	(void)state;
	world_open(&w, true);
	c = place(&w);
	advance(&w, 100);
	assert_int_equal(raw_msg(&w, NULL), 0x05);	/* SETUP */
	assert_int_equal(tel_call_drop(c, NULL), 0);
	assert_int_equal(tel_line_shutdown(w.user), 0);
	{
		struct tel_call_params p = { .to = "5678" };
		tel_call *c2;

		assert_int_equal(tel_call_make(w.user, &p, &c2), TEL_ELINK);	/* no new calls */
	}
	advance(&w, 100);
	/* the DISCONNECT went first; the DISC only once it was acknowledged */
	assert_int_equal(raw_msg(&w, &cause), 0x45);
	assert_int_equal(cause, 16);
	assert_int_equal(w.disc, 1);
	i = find_ev(&w, 0, TEL_EV_LINE_STATE, w.user, 0);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.reason, TEL_LR_SHUTDOWN);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_SHUTDOWN);
	/* the far end cannot bring it up again: its SABME gets DM */
	{
		uint8_t sabme[3] = { 0x02, 0x01, 0x7f }, f[8];

		raw_send(&w, sabme, 3);
		tel_ctx_run(w.ctx, 0);
		assert_int_equal(recv(w.nfd, f, sizeof(f), MSG_DONTWAIT), 3);
		assert_int_equal(f[2], 0x1f);	/* DM F=1 */
	}
	advance(&w, 60000);	/* no establishment of its own either */
	assert_int_equal(w.sabme, 0);
	assert_int_equal(tel_line_up(w.user), 0);
	world_close(&w);
}

/* With nothing to drain the release starts in tel_line_shutdown(): DISC on the next run. */
static void test_shutdown_idle_link_at_once(void **state)
{
	struct world w;
	uint8_t f[8];

	(void)state;
	world_open(&w, true);
	assert_int_equal(tel_line_shutdown(w.user), 0);
	assert_true(tel_ctx_run(w.ctx, 0) >= 0);	/* no time passes */
	assert_int_equal(recv(w.nfd, f, sizeof(f), MSG_DONTWAIT), 3);
	assert_int_equal(f[2], 0x53);	/* DISC P=1 */
	world_close(&w);
}

/*
 * The transport closes while the data link is already down with an active
 * call kept under T309: the call cannot come back, so it ends (27) at once,
 * not when T309 (here 60 s) runs out.
 */
static void test_closed_while_down_ends_held_calls(void **state)
{
	uint8_t conn[] = { 0x08, 0x02, 0x80, 0x01, 0x07, 0x18, 0x03, 0xa9, 0x83, 0x81 };
	struct tel_param t309 = { "T309", 60000 };
	struct tel_ctx_opts o = { .on_event = on_event, .clock_ms = fake_clock };
	struct tel_line_cfg u = { .side = TEL_SIDE_USER, .variant = TEL_VARIANT_EUROISDN,
				  .bchans = 30, .params = &t309, .nparams = 1 };
	struct world w;
	tel_call *c;
	int a[2], i;
	uint8_t f[400];

	(void)state;
	memset(&w, 0, sizeof(w));
	w.now = 1000;
	o.user = &w;
	assert_int_equal(tel_ctx_new(&w.ctx, &o), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, a), 0);
	assert_int_equal(tel_line_open_fd(w.ctx, &u, a[0], &w.user), 0);
	w.ufd = w.nfd = a[1];
	advance(&w, 200);
	c = place(&w);
	advance(&w, 100);
	conn[2] = (uint8_t)(0x80 | w.rx[0][2]);
	conn[3] = w.rx[0][3];
	raw_i(&w, conn, sizeof(conn));
	advance(&w, 100);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_CONNECTED) >= 0);
	/* the far end goes deaf: T203, polls, re-establishment fail; the call is kept */
	for (int k = 0; k < 400 && tel_line_up(w.user); k++) {
		w.now += 100;
		tel_ctx_run(w.ctx, 0);
		while (recv(w.nfd, f, sizeof(f), MSG_DONTWAIT) > 0)
			;
	}
	assert_int_equal(tel_line_up(w.user), 0);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE) < 0);
	close(w.nfd);
	w.now += 10;
	tel_ctx_run(w.ctx, 0);
	tel_ctx_run(w.ctx, 0);
	assert_int_equal(tel_line_down_reason(w.user), TEL_LR_CLOSED);
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].info.cause, 27);
	tel_ctx_free(w.ctx);
}

/* ---- defect 4: a drop is accepted while libtel clears by itself ----------------------------- */

static void test_drop_while_libtel_clears(void **state)
{
	/* CALL PROCEEDING on the call reference of our SETUP, naming B-channel 1 */
	uint8_t proc[] = { 0x08, 0x02, 0x80, 0x01, 0x02, 0x18, 0x03, 0xa9, 0x83, 0x81 };
	uint8_t rel[] = { 0x08, 0x02, 0x80, 0x01, 0x4d };
	struct world w;
	struct tel_call_info ci;
	tel_call *c;
	int i, cause;

	(void)state;
	world_open(&w, true);
	c = place(&w);
	advance(&w, 100);
	assert_int_equal(raw_msg(&w, NULL), 0x05);
	proc[3] = w.rx[0][3];	/* our call reference, flag set in the answer */
	proc[2] = (uint8_t)(0x80 | w.rx[0][2]);
	raw_i(&w, proc, sizeof(proc));
	advance(&w, 100);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_PROCEEDING) >= 0);
	advance(&w, 30000);	/* T310: libtel clears with DISCONNECT 102 */
	assert_int_equal(raw_msg(&w, &cause), 0x45);
	assert_int_equal(cause, 102);
	/* the application hears it at once, with the local cause */
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].info.cause, 102);
	assert_int_equal(w.ev[i].info.cause_remote, 0);
	/* a drop now is accepted and completes with that clearing */
	assert_int_equal(tel_call_drop(c, NULL), 0);
	assert_int_equal(tel_call_drop(c, NULL), TEL_ESTATE);	/* one in progress */
	rel[2] = proc[2];
	rel[3] = proc[3];
	raw_i(&w, rel, sizeof(rel));
	advance(&w, 100);
	assert_int_equal(raw_msg(&w, NULL), 0x5a);	/* RELEASE COMPLETE */
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE);
	assert_true(i >= 0);
	assert_true(find_ev(&w, (unsigned)i, TEL_EV_DROP_DONE, c, 0) > i);
	assert_int_equal(tel_call_info(c, &ci), 0);
	assert_int_equal(ci.cause, 102);
	assert_int_equal(tel_call_dealloc(c), 0);
	world_close(&w);
}

/* ---- an offered call may ring as long as the application lets it ---------------------- */

/*
 * The application answers a minute after the call was offered (a phone that
 * rings): libtel sent ALERTING for it after 1 s, so the caller's T303 did not
 * clear it (it used to end with 102 after 8 s). Dropping such a call rejects
 * it with DISCONNECT (21): RELEASE COMPLETE is no longer allowed after ALERTING.
 */
static void test_offered_call_rings_until_answered(void **state)
{
	struct world w;
	tel_call *c, *nc;
	int i;

	(void)state;
	world_open(&w, false);
	c = place(&w);
	advance(&w, 200);
	nc = w.offered;
	assert_non_null(nc);
	advance(&w, 1000);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_RINGBACK) >= 0);
	advance(&w, 60000);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE) < 0);
	assert_int_equal(tel_call_answer(nc, NULL, 0, 0), 0);
	advance(&w, 200);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_CONNECTED) >= 0);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_CONNECTED) >= 0);
	w.answer = true;	/* from here the test's application finishes clearings */
	assert_int_equal(tel_call_drop(c, NULL), 0);
	advance(&w, 500);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, c, 0) >= 0);

	/* a ringing call refused: the caller hears 21 */
	w.answer = false;
	w.offered = NULL;
	c = place(&w);
	advance(&w, 2000);
	nc = w.offered;
	assert_non_null(nc);
	assert_int_equal(tel_call_drop(nc, NULL), 0);
	advance(&w, 500);
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_DISCONNECTED);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].info.cause, 21);
	assert_int_equal(tel_call_drop(c, NULL), 0);
	advance(&w, 500);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, nc, 0) >= 0);
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, c, 0) >= 0);
	world_close(&w);
}

/* ---- defect 2: a B-channel out of service comes back by itself ------------------------------ */

static void channel_out_of_service(bool manual)
{
	/* CONNECT naming channel 1, then DISCONNECT; RELEASE never answered */
	uint8_t conn[] = { 0x08, 0x02, 0x80, 0x01, 0x07, 0x18, 0x03, 0xa9, 0x83, 0x81 };
	uint8_t disc[] = { 0x08, 0x02, 0x80, 0x01, 0x45, 0x08, 0x02, 0x82, 0x90 };
	uint8_t rack[] = { 0x08, 0x02, 0x80, 0x00, 0x4e, 0x18, 0x03, 0xa9, 0x83, 0x81, 0x79, 0x01,
			   0x80 };
	struct world w;
	tel_call *c;
	int i, cause;
	uint8_t t;

	manual_restart = manual;
	world_open(&w, true);
	manual_restart = 0;
	c = place(&w);
	advance(&w, 100);
	assert_int_equal(raw_msg(&w, NULL), 0x05);
	conn[2] = disc[2] = (uint8_t)(0x80 | w.rx[0][2]);
	conn[3] = disc[3] = w.rx[0][3];
	raw_i(&w, conn, sizeof(conn));
	advance(&w, 100);
	assert_int_equal(raw_msg(&w, NULL), 0x0f);	/* CONNECT ACK */
	assert_int_equal(tel_line_chan_state(w.user, 1), TEL_CH_BUSY);
	raw_i(&w, disc, sizeof(disc));
	advance(&w, 100);
	assert_int_equal(tel_call_drop(c, NULL), 0);
	advance(&w, 100);
	assert_int_equal(raw_msg(&w, NULL), 0x4d);	/* RELEASE */
	advance(&w, 4000);
	assert_int_equal(raw_msg(&w, NULL), 0x4d);	/* T308: once more */
	advance(&w, 4000);
	/* second T308: the call ends, the channel goes to maintenance and is restarted */
	assert_true(find_ev(&w, 0, TEL_EV_DROP_DONE, c, 0) >= 0);
	i = find_ev(&w, 0, TEL_EV_CHAN_STATE, w.user, 1);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.chan_state, TEL_CH_MAINT);
	if (manual) {
		/* no RESTART of its own: the channel waits for the application */
		advance(&w, 300000);
		assert_int_equal(w.rrx, w.nrx);
		assert_int_equal(tel_line_chan_state(w.user, 1), TEL_CH_MAINT);
		assert_int_equal(tel_line_restart(w.user, 1), 0);
		advance(&w, 100);
	}
	i = find_ev(&w, (unsigned)i + 1, TEL_EV_CHAN_STATE, w.user, 1);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.chan_state, TEL_CH_RESTARTING);
	assert_int_equal(tel_line_chan_state(w.user, 1), TEL_CH_RESTARTING);
	t = raw_msg(&w, &cause);
	assert_int_equal(t, 0x46);	/* RESTART */
	raw_i(&w, rack, sizeof(rack));
	advance(&w, 100);
	i = find_ev(&w, (unsigned)i + 1, TEL_EV_CHAN_STATE, w.user, 1);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.chan_state, TEL_CH_IDLE);
	assert_int_equal(tel_line_chan_state(w.user, 1), TEL_CH_IDLE);
	assert_int_equal(tel_line_chan_state(w.user, 16), TEL_EINVAL);	/* E1: the D-channel */
	assert_int_equal(tel_call_dealloc(c), 0);
	world_close(&w);
}

static void test_channel_restarted_after_t308_twice(void **state)
{
	(void)state;
	channel_out_of_service(false);
}

/* cfg.manual_restart: the channel out of service waits for tel_line_restart(). */
static void test_channel_manual_restart(void **state)
{
	(void)state;
	channel_out_of_service(true);
}

/* tel_line_restart(): the application restarts a channel; the call on it ends (41). */
static void test_application_restart(void **state)
{
	struct world w;
	tel_call *c, *nc;
	int i;

	(void)state;
	world_open(&w, false);
	connect_call(&w, &c, &nc);
	assert_int_equal(tel_line_restart(w.net, 1), 0);
	assert_int_equal(tel_line_restart(w.net, 2), TEL_EBUSY);
	assert_int_equal(tel_line_restart(w.net, 99), TEL_EINVAL);
	advance(&w, 200);
	i = find_ev(&w, 0, TEL_EV_CALL_STATE, c, TEL_CS_IDLE);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].info.cause, 41);
	assert_true(find_ev(&w, 0, TEL_EV_CALL_STATE, nc, TEL_CS_IDLE) >= 0);
	i = find_ev(&w, 0, TEL_EV_CHAN_STATE, w.net, 1);
	assert_true(i >= 0);
	assert_int_equal(w.ev[i].ev.chan_state, TEL_CH_RESTARTING);
	assert_int_equal(tel_line_chan_state(w.net, 1), TEL_CH_IDLE);
	assert_int_equal(tel_line_restart(w.net, 0), 0);	/* the whole interface */
	advance(&w, 200);
	assert_int_equal(tel_line_chan_state(w.net, 1), TEL_CH_IDLE);
	world_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_comes_back_after_long_outage),
		cmocka_unit_test(test_reestablish_backs_off),
		cmocka_unit_test(test_link_down_reasons),
		cmocka_unit_test(test_drop_while_link_down),
		cmocka_unit_test(test_closed_transport_reported),
		cmocka_unit_test(test_shutdown_releases_link_after_last_frames),
		cmocka_unit_test(test_shutdown_idle_link_at_once),
		cmocka_unit_test(test_closed_while_down_ends_held_calls),
		cmocka_unit_test(test_drop_while_libtel_clears),
		cmocka_unit_test(test_offered_call_rings_until_answered),
		cmocka_unit_test(test_channel_restarted_after_t308_twice),
		cmocka_unit_test(test_channel_manual_restart),
		cmocka_unit_test(test_application_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
