// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the Q.921 data link (lapd/datalink.c, datalink_fsm.c): a user
 * and a network link back to back over an in-memory wire, a fake clock, and
 * a pump that delivers frames, optionally dropping or corrupting chosen ones.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/timer.h"
#include "lapd/datalink.h"
#include "lapd/datalink_int.h"	/* the tests look inside the link */
#include "lapd/frame.h"

#define LOGN	512
#define WIREN	64
#define ANY	(-1)

struct txrec {
	enum lapd_ftype type;
	int ns, nr;
	bool pf, command;
	uint8_t info0;
	uint16_t info_len;
	uint8_t hdr[4];		/* the first octets as sent */
	uint16_t len;
};

struct primrec {
	enum dl_prim prim;
	enum dl_reason reason;
	uint8_t data[LAPD_N201];
	size_t len;
};

struct side;
/* Return false to drop the frame; may change its bytes. */
typedef bool (*wire_filter)(struct side *from, uint8_t *buf, size_t *len);

struct side {
	const char *name;
	struct lapd l;
	struct side *peer;
	/* frames sent, as sent (before the wire's filter) */
	struct txrec tx[LOGN];
	int ntx, txcur;
	/* frames in flight to the peer */
	uint8_t wire[WIREN][LAPD_MAX_FRAME];
	size_t wlen[WIREN];
	int whead, wcount;
	wire_filter filter;
	int drop_i_ns;		/* drop the next I frame with this N(S) (ANY: none) */
	bool cut;		/* drop everything sent */
	/* primitives received */
	struct primrec prims[LOGN];
	int nprim, primcur;
	int in_request;		/* inside a dl_*_req call: no primitive may arrive */
	bool echo;		/* answer DL-DATA-IND with an I frame at once */
	bool reenter;		/* sending hands over the frames in flight to us at once */
	int traced_rx, traced_tx, mgmt_frames;
};

struct fixture {
	struct tel_timers ts;
	struct side user, net;
};

static struct fixture *T;

/* --- callbacks ------------------------------------------------------------- */

static bool pump_one_noflush(struct side *s);

static int wire_tx(void *io, const uint8_t *frame, size_t len)
{
	struct side *s = io;
	struct lapd_frame f;
	struct txrec *r;
	volatile uint8_t last;
	int slot;

	/* lapd_ops.tx: every frame is readable for LAPD_TX_READ octets (ASan checks) */
	last = frame[LAPD_TX_READ - 1];
	(void)last;
	assert_int_equal(lapd_frame_decode(frame, len, &f), LAPD_OK);
	assert_true(s->ntx < LOGN);
	r = &s->tx[s->ntx++];
	r->type = f.type;
	r->ns = f.ns;
	r->nr = f.nr;
	r->pf = f.pf;
	r->command = lapd_is_command(&f, s->l.network);
	r->info0 = f.info_len ? f.info[0] : 0;
	r->info_len = f.info_len;
	memset(r->hdr, 0, sizeof(r->hdr));
	memcpy(r->hdr, frame, len < sizeof(r->hdr) ? len : sizeof(r->hdr));
	r->len = (uint16_t)len;
	if (s->cut)
		return 0;
	if (f.type == LAPD_I && f.ns == s->drop_i_ns) {
		s->drop_i_ns = ANY;
		return 0;
	}
	assert_true(s->wcount < WIREN);
	slot = (s->whead + s->wcount) % WIREN;
	memcpy(s->wire[slot], frame, len);
	s->wlen[slot] = len;
	s->wcount++;
	/* a transport that answers at once: the link is re-entered from its tx */
	while (s->reenter && s->peer->wcount)
		pump_one_noflush(s->peer);
	return 0;
}

static void dl_ind(void *upper, enum dl_prim prim, enum dl_reason reason,
		   const uint8_t *msg, size_t len)
{
	struct side *s = upper;
	struct primrec *p;

	assert_int_equal(s->in_request, 0);	/* layering: never up from a request */
	assert_true(s->nprim < LOGN);
	p = &s->prims[s->nprim++];
	p->prim = prim;
	p->reason = reason;
	p->len = len;
	if (len) {
		assert_non_null(msg);
		assert_true(len <= sizeof(p->data));
		memcpy(p->data, msg, len);
	}
	if (s->echo && prim == DL_DATA_IND) {
		uint8_t ans[2] = { 0xa0, msg[0] };

		assert_int_equal(lapd_dl_data_req(&s->l, ans, sizeof(ans)), 0);
	}
}

static void mgmt(void *upper, const struct lapd_frame *f)
{
	struct side *s = upper;

	assert_int_equal(f->sapi, LAPD_SAPI_MGMT);
	s->mgmt_frames++;
}

static void trace(void *tracer, enum lapd_dir dir, const uint8_t *frame, size_t len)
{
	struct side *s = tracer;

	assert_non_null(frame);
	assert_true(len >= 1);
	if (dir == LAPD_DIR_RX)
		s->traced_rx++;
	else
		s->traced_tx++;
}

static const struct lapd_ops ops = {
	.tx = wire_tx, .dl_ind = dl_ind, .mgmt = mgmt, .trace = trace,
};

/* --- harness --------------------------------------------------------------- */

static void side_init(struct side *s, const char *name, bool network,
		      const struct lapd_params *p)
{
	struct lapd_cfg cfg = {
		.network = network, .tei = 0, .sapi = 0, .params = p, .ops = &ops,
		.io = s, .upper = s, .tracer = s, .timers = &T->ts,
	};

	s->name = name;
	s->drop_i_ns = ANY;
	assert_int_equal(lapd_init(&s->l, &cfg), 0);
}

static int setup_params(void **state, const struct lapd_params *p)
{
	T = calloc(1, sizeof(*T));
	assert_non_null(T);
	timers_init(&T->ts);
	side_init(&T->user, "user", false, p);
	side_init(&T->net, "net", true, p);
	T->user.peer = &T->net;
	T->net.peer = &T->user;
	*state = T;
	return 0;
}

static int setup(void **state)
{
	return setup_params(state, NULL);
}

static int setup_small_queue(void **state)
{
	struct lapd_params p;

	lapd_params_default(&p);
	p.v[LAPD_QLEN] = 8;
	return setup_params(state, &p);
}

/* One-octet information fields: the queue's slots are 5 octets apart. */
static int setup_tiny_frames(void **state)
{
	struct lapd_params p;

	lapd_params_default(&p);
	p.v[LAPD_N201P] = 1;
	p.v[LAPD_QLEN] = 8;
	return setup_params(state, &p);
}

static int teardown(void **state)
{
	(void)state;
	lapd_fini(&T->user.l);
	lapd_fini(&T->net.l);
	timers_fini(&T->ts);
	free(T);
	T = NULL;
	return 0;
}

/* Delivers one frame in flight from @s to its peer; false when none. */
static bool pump_one(struct side *s)
{
	uint8_t buf[LAPD_MAX_FRAME];
	size_t len;

	if (!s->wcount)
		return false;
	len = s->wlen[s->whead];
	memcpy(buf, s->wire[s->whead], len);
	s->whead = (s->whead + 1) % WIREN;
	s->wcount--;
	if (s->filter && !s->filter(s, buf, &len))
		return true;
	lapd_rx_frame(&s->peer->l, buf, len);
	lapd_flush_ack(&s->peer->l);	/* end of the processing round */
	return true;
}

/* Delivers one frame in flight from @s to its peer, without ending the round. */
static bool pump_one_noflush(struct side *s)
{
	uint8_t buf[LAPD_MAX_FRAME];
	size_t len;

	if (!s->wcount)
		return false;
	/* off the wire before it goes in: a re-entering transport takes the next one */
	len = s->wlen[s->whead];
	memcpy(buf, s->wire[s->whead], len);
	s->whead = (s->whead + 1) % WIREN;
	s->wcount--;
	lapd_rx_frame(&s->peer->l, buf, len);
	return true;
}

/*
 * One processing round as tel_ctx_run() does it: the frames in flight both
 * ways at its start are received, then both links flush their acknowledgement.
 */
static bool round_both(void)
{
	int nu = T->user.wcount, nn = T->net.wcount;

	while (nu-- > 0)
		pump_one_noflush(&T->user);
	while (nn-- > 0)
		pump_one_noflush(&T->net);
	lapd_flush_ack(&T->net.l);
	lapd_flush_ack(&T->user.l);
	return T->user.wcount || T->net.wcount;
}

/* Delivers frames both ways, one at a time alternately, until the wire is quiet. */
static void pump(void)
{
	bool any;

	do {
		any = pump_one(&T->user);
		any = pump_one(&T->net) || any;
	} while (any);
}

/* Delivers only what @s has in flight now (not the answers). */
static void pump_from(struct side *s)
{
	int n = s->wcount;

	while (n-- > 0)
		pump_one(s);
}

/* Fake clock: runs the timers due up to now + @ms, pumping after each expiry. */
static void advance(uint64_t ms, bool do_pump)
{
	uint64_t end = timers_now(&T->ts) + ms;

	for (;;) {
		uint64_t due = timers_next_due(&T->ts);

		if (due > end)
			break;
		timers_run(&T->ts, due);
		if (do_pump)
			pump();
	}
	timers_set_now(&T->ts, end);
}

#define REQ(s, call) ({ int _rc; (s)->in_request++; _rc = (call); (s)->in_request--; _rc; })

static void expect_frame_at(struct side *s, enum lapd_ftype type, int ns, int nr, int pf,
			    int command, int line)
{
	struct txrec *r;

	if (s->txcur >= s->ntx) {
		fail_msg("line %d: %s sent no more frames, expected %s", line, s->name,
			 lapd_ftype_name(type));
		return;
	}
	r = &s->tx[s->txcur++];
	if (r->type != type || (ns != ANY && r->ns != ns) || (nr != ANY && r->nr != nr) ||
	    (pf != ANY && r->pf != (pf == 1)) || (command != ANY && r->command != (command == 1)))
		fail_msg("line %d: %s sent %s ns=%d nr=%d pf=%d %s; expected %s ns=%d nr=%d pf=%d cmd=%d",
			 line, s->name, lapd_ftype_name(r->type), r->ns, r->nr, r->pf,
			 r->command ? "cmd" : "resp", lapd_ftype_name(type), ns, nr, pf, command);
}

#define expect_frame(s, type, ns, nr, pf, cmd) \
	expect_frame_at(s, type, ns, nr, pf, cmd, __LINE__)
#define expect_u(s, type, pf, cmd)	expect_frame(s, type, ANY, ANY, pf, cmd)
#define expect_i(s, ns, nr, pf)		expect_frame(s, LAPD_I, ns, nr, pf, 1)

static void expect_no_frame_at(struct side *s, int line)
{
	if (s->txcur < s->ntx)
		fail_msg("line %d: %s sent an unexpected %s", line, s->name,
			 lapd_ftype_name(s->tx[s->txcur].type));
}

#define expect_no_frame(s)	expect_no_frame_at(s, __LINE__)

static struct primrec *expect_prim_at(struct side *s, enum dl_prim prim, int reason, int line)
{
	struct primrec *p;

	if (s->primcur >= s->nprim) {
		fail_msg("line %d: %s got no more primitives, expected %s", line, s->name,
			 dl_prim_name(prim));
		return NULL;
	}
	p = &s->prims[s->primcur++];
	if (p->prim != prim || (reason != ANY && (int)p->reason != reason))
		fail_msg("line %d: %s got %s (%s), expected %s (%s)", line, s->name,
			 dl_prim_name(p->prim), dl_reason_name(p->reason), dl_prim_name(prim),
			 reason == ANY ? "any" : dl_reason_name((enum dl_reason)reason));
	return p;
}

#define expect_prim(s, prim, reason)	expect_prim_at(s, prim, reason, __LINE__)

static void expect_no_prim_at(struct side *s, int line)
{
	if (s->primcur < s->nprim)
		fail_msg("line %d: %s got an unexpected %s", line, s->name,
			 dl_prim_name(s->prims[s->primcur].prim));
}

#define expect_no_prim(s)	expect_no_prim_at(s, __LINE__)

static void expect_data(struct side *s, uint8_t first, size_t len)
{
	struct primrec *p = expect_prim(s, DL_DATA_IND, ANY);

	assert_int_equal(p->len, len);
	assert_int_equal(p->data[0], first);
}

/* Feeds a hand-made frame from the peer of @to. Returns lapd_rx_frame()'s value. */
static int inject(struct side *to, enum lapd_ftype type, int ns, int nr, bool pf, bool command)
{
	static const uint8_t frmr_info[5] = { 0x01, 0x00, 0x00, 0x00, 0x01 };
	struct lapd_frame f = {
		.sapi = 0, .tei = 0, .type = type, .ns = (uint8_t)ns, .nr = (uint8_t)nr,
		.pf = pf, .cr = lapd_cr_bit(!to->l.network, command),
	};
	uint8_t buf[LAPD_MAX_FRAME];
	int n;

	if (type == LAPD_FRMR) {
		f.info = frmr_info;
		f.info_len = sizeof(frmr_info);
	}
	n = lapd_frame_encode(&f, buf, sizeof(buf));
	assert_true(n > 0);
	n = lapd_rx_frame(&to->l, buf, (size_t)n);
	lapd_flush_ack(&to->l);		/* end of the processing round */
	return n;
}

static void send_data(struct side *s, uint8_t first, size_t len)
{
	uint8_t msg[LAPD_N201];

	memset(msg, first, sizeof(msg));
	assert_int_equal(REQ(s, lapd_dl_data_req(&s->l, msg, len)), 0);
}

/* User establishes; both sides end in state 7 with primitives and frames consumed. */
static void establish(void)
{
	struct side *u = &T->user, *n = &T->net;

	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	pump();
	expect_u(u, LAPD_SABME, 1, 1);
	expect_u(n, LAPD_UA, 1, 0);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_NORMAL);
	expect_prim(u, DL_ESTABLISH_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
}

/* --- tests ----------------------------------------------------------------- */

static void test_establish_user(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
	expect_u(u, LAPD_SABME, 1, 1);
	expect_no_prim(u);
	pump();
	expect_u(n, LAPD_UA, 1, 0);
	expect_no_frame(n);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_NORMAL);
	expect_prim(u, DL_ESTABLISH_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
	/* C/R: the user's SABME carries C/R=0, the network's UA C/R=0 too */
	assert_int_equal(u->traced_tx, 1);
	assert_int_equal(u->traced_rx, 1);
	assert_int_equal(n->traced_rx, 1);
	assert_int_equal(n->traced_tx, 1);
}

static void test_establish_network(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	assert_int_equal(REQ(n, lapd_dl_establish_req(&n->l)), 0);
	pump();
	expect_u(n, LAPD_SABME, 1, 1);
	expect_u(u, LAPD_UA, 1, 0);
	expect_prim(u, DL_ESTABLISH_IND, DL_R_NORMAL);
	expect_prim(n, DL_ESTABLISH_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
}

static void test_data_both_ways(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	send_data(u, 0x11, 5);
	expect_i(u, 0, 0, 0);
	expect_no_prim(u);
	pump();
	expect_data(n, 0x11, 5);
	expect_frame(n, LAPD_RR, ANY, 1, 0, 0);	/* acknowledgement */
	send_data(n, 0x22, 260);
	send_data(n, 0x33, 1);
	pump();
	expect_i(n, 0, 1, 0);
	expect_i(n, 1, 1, 0);
	expect_data(u, 0x22, 260);
	expect_data(u, 0x33, 1);
	expect_frame(u, LAPD_RR, ANY, 1, 0, 0);
	expect_frame(u, LAPD_RR, ANY, 2, 0, 0);
	expect_no_frame(u);
	expect_no_frame(n);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(lapd_queued(&n->l), 0);
	/* bad lengths */
	assert_int_equal(lapd_dl_data_req(&u->l, (const uint8_t *)"x", 0), TEL_EINVAL);
	uint8_t big[LAPD_N201 + 1] = { 0 };

	assert_int_equal(lapd_dl_data_req(&u->l, big, sizeof(big)), TEL_EINVAL);
}

/* More than k frames: the window stalls at 7 and resumes as acknowledgements arrive. */
static void test_window(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	for (int i = 0; i < 10; i++)
		send_data(u, (uint8_t)i, 3);
	for (int i = 0; i < 7; i++)
		expect_i(u, i, 0, 0);
	expect_no_frame(u);			/* window of k = 7 full */
	assert_int_equal(lapd_queued(&u->l), 10);
	pump_from(u);				/* the 7 reach the peer, acks not yet back */
	for (int i = 0; i < 7; i++) {
		expect_data(n, (uint8_t)i, 3);
		expect_frame(n, LAPD_RR, ANY, i + 1, 0, 0);
	}
	expect_no_frame(u);
	pump();
	for (int i = 7; i < 10; i++)
		expect_i(u, i, 0, 0);
	for (int i = 7; i < 10; i++)
		expect_data(n, (uint8_t)i, 3);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(u->l.cnt.retransmits, 0);
}

/* 300 frames: sequence numbers wrap modulo 128. */
static void test_modulo_wrap(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	for (int i = 0; i < 300; i++) {
		send_data(u, (uint8_t)i, 1 + i % 7);
		if (i % 5 == 4)
			pump();
	}
	pump();
	for (int i = 0; i < 300; i++)
		expect_data(n, (uint8_t)i, 1 + (size_t)(i % 7));
	expect_no_prim(n);
	assert_int_equal(n->l.vr, 300 % 128);
	assert_int_equal(u->l.vs, 300 % 128);
	assert_int_equal(u->l.va, 300 % 128);
	assert_int_equal(lapd_queued(&u->l), 0);
}

/* The answer to an I frame carries the acknowledgement: no RR. */
static void test_piggyback(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	n->echo = true;
	send_data(u, 0x41, 4);
	expect_i(u, 0, 0, 0);
	pump_from(u);
	expect_data(n, 0x41, 4);
	expect_i(n, 0, 1, 0);			/* N(R)=1 acknowledges the user's frame */
	expect_no_frame(n);			/* no separate RR */
	pump();
	expect_data(u, 0xa0, 2);
	expect_frame(u, LAPD_RR, ANY, 1, 0, 0);
	expect_no_frame(u);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(lapd_queued(&n->l), 0);
}

/* A lost I frame: REJ once, retransmission from N(R), delivery in order. */
static void test_rej_recovery(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->drop_i_ns = 0;
	send_data(u, 0x50, 2);
	send_data(u, 0x51, 2);
	send_data(u, 0x52, 2);
	expect_i(u, 0, 0, 0);
	expect_i(u, 1, 0, 0);
	expect_i(u, 2, 0, 0);
	pump_from(u);
	expect_frame(n, LAPD_REJ, ANY, 0, 0, 0);	/* once, for N(S)=1 */
	expect_no_frame(n);				/* N(S)=2: no second REJ */
	expect_no_prim(n);
	pump();
	expect_i(u, 0, 0, 0);				/* retransmission from N(R)=0 */
	expect_i(u, 1, 0, 0);
	expect_i(u, 2, 0, 0);
	expect_data(n, 0x50, 2);
	expect_data(n, 0x51, 2);
	expect_data(n, 0x52, 2);
	expect_no_prim(n);
	expect_frame(n, LAPD_RR, ANY, 1, 0, 0);
	expect_frame(n, LAPD_RR, ANY, 2, 0, 0);
	expect_frame(n, LAPD_RR, ANY, 3, 0, 0);
	assert_int_equal(u->l.cnt.retransmits, 3);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_false(n->l.rej_exception);
}

/* T200 expiry: enquiry RR P=1, the answer F=1, retransmission, back to state 7. */
static void test_t200_recovery(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->drop_i_ns = 0;
	send_data(u, 0x60, 3);
	expect_i(u, 0, 0, 0);
	pump();
	expect_no_frame(n);
	advance(999, false);
	expect_no_frame(u);
	advance(1, false);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);		/* enquiry */
	send_data(u, 0x61, 3);				/* queued, not sent in recovery */
	expect_no_frame(u);
	pump();
	expect_frame(n, LAPD_RR, ANY, 0, 1, 0);		/* response F=1, N(R)=0 */
	expect_i(u, 0, 0, 0);				/* retransmitted */
	expect_i(u, 1, 0, 0);
	expect_data(n, 0x60, 3);
	expect_data(n, 0x61, 3);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(u->l.cnt.retransmits, 1);
	assert_int_equal(lapd_queued(&u->l), 0);
	expect_no_prim(u);
}

/* Timer recovery ended by REJ F=1: retransmission from N(R); REJ F=0 only acknowledges. */
static void test_rej_in_timer_recovery(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	u->cut = true;
	send_data(u, 0x65, 3);
	send_data(u, 0x66, 3);
	expect_i(u, 0, 0, 0);
	expect_i(u, 1, 0, 0);
	advance(1000, false);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	inject(u, LAPD_REJ, 0, 1, false, false);	/* F=0: V(A)=1, still recovering */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	assert_int_equal(lapd_queued(&u->l), 1);
	expect_no_frame(u);
	inject(u, LAPD_REJ, 0, 1, true, false);		/* the answer to the enquiry */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	expect_i(u, 1, 0, 0);
	expect_no_frame(u);
	assert_int_equal(u->l.cnt.retransmits, 1);
	expect_no_prim(u);
}

/* Wire cut: N200 enquiries, then N200+1 SABMEs, then the link is lost; then back. */
static void test_n200_link_lost_and_back(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->cut = true;
	n->cut = true;
	send_data(u, 0x70, 3);
	expect_i(u, 0, 0, 0);
	for (int i = 0; i < 3; i++) {
		advance(1000, true);
		expect_frame(u, LAPD_RR, ANY, 0, 1, 1);
		assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	}
	advance(1000, true);				/* N200 exhausted: re-establish */
	expect_u(u, LAPD_SABME, 1, 1);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
	assert_int_equal(lapd_queued(&u->l), 0);
	expect_no_prim(u);
	for (int i = 0; i < 3; i++) {
		advance(1000, true);
		expect_u(u, LAPD_SABME, 1, 1);
	}
	expect_no_prim(u);
	advance(1000, true);
	expect_prim(u, DL_RELEASE_IND, DL_R_LOST);
	expect_no_frame(u);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
	assert_int_equal(REQ(u, lapd_dl_data_req(&u->l, (const uint8_t *)"x", 1)), TEL_ELINK);
	/* the network side is still in state 7 (its T203 has not run out yet) */
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
	/* wire back; upper layer re-establishes */
	u->cut = false;
	n->cut = false;
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	pump();
	expect_u(u, LAPD_SABME, 1, 1);
	expect_prim(u, DL_ESTABLISH_CONF, DL_R_BACK);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_RESET);	/* SABME while established */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
	send_data(u, 0x71, 2);
	pump();
	expect_data(n, 0x71, 2);
}

/* The peer never answers: establishment fails after N200 retries, link lost. */
static void test_establish_timeout(void **state)
{
	struct side *u = &T->user;

	(void)state;
	u->cut = true;
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	for (int i = 0; i < 3; i++)
		advance(1000, true);
	for (int i = 0; i < 4; i++)
		expect_u(u, LAPD_SABME, 1, 1);
	expect_no_prim(u);
	advance(1000, true);
	expect_prim(u, DL_RELEASE_IND, DL_R_LOST);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
	assert_false(timer_armed(&u->l.t200));
}

/* Idle link: T203 expires, enquiry RR P=1 both ways, answered with F=1. */
static void test_t203_idle(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	advance(9999, true);
	expect_no_frame(u);
	expect_no_frame(n);
	advance(1, false);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);
	expect_frame(n, LAPD_RR, ANY, 0, 1, 1);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	pump();
	expect_frame(u, LAPD_RR, ANY, 0, 1, 0);
	expect_frame(n, LAPD_RR, ANY, 0, 1, 0);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
	assert_false(timer_armed(&u->l.t200));
	assert_true(u->l.t203_on);
	expect_no_prim(u);
	expect_no_prim(n);
}

/*
 * T203 stopped by an I frame sent (T200 runs instead): its heap entry still
 * comes due at the old T203 time and must do nothing; T200 polls later.
 */
static void test_t203_stopped_by_send(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	advance(9500, true);
	u->cut = true;			/* the I frame is lost: T200 keeps running */
	send_data(u, 0x55, 3);
	expect_i(u, 0, 0, 0);
	assert_false(u->l.t203_on);
	assert_true(timer_armed(&u->l.t200));
	advance(999, false);		/* past the old T203 expiry (10000) */
	expect_no_frame(u);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_false(u->l.t203_on);
	u->cut = false;
	advance(1, false);		/* T200: poll, timer recovery */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);
	pump();
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_queued(&u->l), 0);
	expect_data(n, 0x55, 3);
	assert_true(u->l.t203_on);
	assert_false(timer_armed(&u->l.t200));
}

/*
 * Traffic restarts T203 (lazily, in the timer heap): the idle poll comes
 * T203 after the last frame, not after the first, and stops leave nothing
 * behind once the links are finished.
 */
static void test_t203_restarted_by_traffic(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	for (int i = 0; i < 5; i++) {
		advance(6000, true);
		send_data(u, (uint8_t)(0x40 + i), 3);
		pump();
		expect_i(u, i, 0, 0);
		expect_data(n, (uint8_t)(0x40 + i), 3);
		expect_frame(n, LAPD_RR, ANY, i + 1, 0, 0);
		expect_no_frame(u);
		expect_no_frame(n);
		assert_false(timer_armed(&u->l.t200));
		assert_true(u->l.t203_on);
	}
	advance(9999, true);
	expect_no_frame(u);
	expect_no_frame(n);
	advance(1, false);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);	/* polls: nr, P=1, command */
	expect_frame(n, LAPD_RR, ANY, 5, 1, 1);
	pump();
	expect_frame(u, LAPD_RR, ANY, 0, 1, 0);	/* answers: F=1, response */
	expect_frame(n, LAPD_RR, ANY, 5, 1, 0);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	expect_no_prim(u);
	expect_no_prim(n);
	lapd_fini(&u->l);
	lapd_fini(&n->l);
	assert_int_equal(timers_armed_count(&T->ts), 0);
	assert_int_equal(T->ts.len, 0);		/* the heap no longer refers to them */
}

/* RNR: no I frames while the peer is busy; polled with RR P=1 under timer recovery. */
static void test_rnr_peer_busy(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	u->cut = true;		/* we play the network by hand */
	assert_int_equal(inject(u, LAPD_RNR, 0, 0, false, false), 1);
	assert_true(u->l.peer_busy);
	send_data(u, 0x80, 2);
	expect_no_frame(u);
	advance(1000, false);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);		/* poll */
	inject(u, LAPD_RNR, 0, 0, true, false);		/* still busy, F=1 */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	expect_no_frame(u);
	advance(1000, false);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 1);		/* polled again */
	inject(u, LAPD_RR, 0, 0, true, false);		/* not busy any more */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_false(u->l.peer_busy);
	expect_i(u, 0, 0, 0);
	expect_no_frame(u);
	inject(u, LAPD_RR, 0, 1, false, false);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_false(timer_armed(&u->l.t200));
	expect_no_prim(u);
}

/* A poll (command P=1) is answered with RR F=1 in state 7. */
static void test_poll_answered(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	inject(u, LAPD_RR, 0, 0, true, true);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 0);
	expect_no_frame(u);
}

static void test_release_both_directions(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	assert_int_equal(REQ(u, lapd_dl_release_req(&u->l)), 0);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_REL);
	expect_u(u, LAPD_DISC, 1, 1);
	expect_no_prim(u);
	pump();
	expect_u(n, LAPD_UA, 1, 0);
	expect_prim(n, DL_RELEASE_IND, DL_R_NORMAL);
	expect_prim(u, DL_RELEASE_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_TEI_ASSIGNED);
	assert_false(timer_armed(&u->l.t200) || u->l.t203_on);
	assert_false(timer_armed(&n->l.t200) || n->l.t203_on);

	assert_int_equal(REQ(n, lapd_dl_establish_req(&n->l)), 0);
	pump();
	expect_u(n, LAPD_SABME, 1, 1);
	expect_u(u, LAPD_UA, 1, 0);
	expect_prim(n, DL_ESTABLISH_CONF, DL_R_NORMAL);	/* a normal release: not "back" */
	expect_prim(u, DL_ESTABLISH_IND, DL_R_NORMAL);
	assert_int_equal(REQ(n, lapd_dl_release_req(&n->l)), 0);
	pump();
	expect_u(n, LAPD_DISC, 1, 1);
	expect_u(u, LAPD_UA, 1, 0);
	expect_prim(u, DL_RELEASE_IND, DL_R_NORMAL);
	expect_prim(n, DL_RELEASE_CONF, DL_R_NORMAL);
	/* DISC in state 4 gets DM */
	inject(u, LAPD_DISC, 0, 0, true, true);
	expect_u(u, LAPD_DM, 1, 0);
	expect_no_prim(u);
}

/* Release with the peer silent: DISC N200+1 times, then DL-RELEASE-CONF anyway. */
static void test_release_timeout(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	u->cut = true;
	assert_int_equal(REQ(u, lapd_dl_release_req(&u->l)), 0);
	advance(4000, false);
	for (int i = 0; i < 4; i++)
		expect_u(u, LAPD_DISC, 1, 1);
	expect_no_frame(u);
	expect_prim(u, DL_RELEASE_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
}

/* DM F=1 in reply to SABME: the peer refuses. */
static void test_dm_reply_to_sabme(void **state)
{
	struct side *u = &T->user;

	(void)state;
	u->cut = true;
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	expect_u(u, LAPD_SABME, 1, 1);
	inject(u, LAPD_DM, 0, 0, false, false);		/* F=0: not an answer, ignored */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
	expect_no_prim(u);
	inject(u, LAPD_DM, 0, 0, true, false);
	expect_prim(u, DL_RELEASE_IND, DL_R_REFUSED);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
	assert_false(timer_armed(&u->l.t200));
	expect_no_frame(u);
}

/* Unsolicited DM F=0 while established: re-establish, upper told "reset". */
static void test_unsolicited_dm(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	inject(u, LAPD_DM, 0, 0, false, false);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
	expect_u(u, LAPD_SABME, 1, 1);
	pump();
	expect_u(n, LAPD_UA, 1, 0);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_RESET);
	expect_prim(u, DL_ESTABLISH_IND, DL_R_RESET);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
}

/* FRMR received: re-establish; the queue is discarded, data queued meanwhile goes after. */
static void test_frmr(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	send_data(u, 0x90, 2);
	pump();
	expect_i(u, 0, 0, 0);
	expect_data(n, 0x90, 2);
	expect_frame(n, LAPD_RR, ANY, 1, 0, 0);
	u->cut = true;
	send_data(u, 0x91, 2);			/* lost on the wire, unacknowledged */
	expect_i(u, 1, 0, 0);
	assert_int_equal(inject(u, LAPD_FRMR, 0, 0, false, false), 1);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
	expect_u(u, LAPD_SABME, 1, 1);
	assert_int_equal(lapd_queued(&u->l), 0);	/* queue discarded */
	u->cut = false;
	send_data(u, 0x92, 2);			/* queued while re-establishing, sent after */
	expect_no_frame(u);
	advance(1000, true);			/* T200: SABME again, now answered */
	expect_u(u, LAPD_SABME, 1, 1);
	expect_u(n, LAPD_UA, 1, 0);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_RESET);
	expect_prim(u, DL_ESTABLISH_IND, DL_R_RESET);
	expect_i(u, 0, 0, 0);
	expect_data(n, 0x92, 2);
	expect_no_prim(n);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
}

/* SABME while established: UA, queue discarded, variables reset, upper told "reset". */
static void test_sabme_while_established(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	u->cut = true;
	send_data(u, 0xa1, 2);
	send_data(u, 0xa2, 2);
	expect_i(u, 0, 0, 0);
	expect_i(u, 1, 0, 0);
	inject(u, LAPD_I, 0, 0, false, true);		/* V(R) becomes 1 */
	expect_data(u, 0, 0);
	expect_frame(u, LAPD_RR, ANY, 1, 0, 0);
	inject(u, LAPD_SABME, 0, 0, true, true);
	expect_u(u, LAPD_UA, 1, 0);
	expect_prim(u, DL_ESTABLISH_IND, DL_R_RESET);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(u->l.vs, 0);
	assert_int_equal(u->l.va, 0);
	assert_int_equal(u->l.vr, 0);
	assert_false(timer_armed(&u->l.t200));
	assert_true(u->l.t203_on);
}

/* N(R) outside V(A)..V(S): re-establishment (Q.921 5.8.5). */
static void test_invalid_nr(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	inject(u, LAPD_RR, 0, 5, false, false);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
	expect_u(u, LAPD_SABME, 1, 1);
	pump();
	expect_prim(u, DL_ESTABLISH_IND, DL_R_RESET);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_RESET);
	/* in an I frame too: the data is not delivered */
	inject(u, LAPD_I, 0, 9, false, true);
	expect_no_prim(u);
	expect_u(u, LAPD_SABME, 1, 1);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_AWAIT_EST);
}

/* Corrupted frame (undefined control field) on the wire: frame rejection -> re-establish. */
static bool corrupt_first_i(struct side *from, uint8_t *buf, size_t *len)
{
	(void)from;
	if (*len >= 4 && !(buf[2] & 1)) {
		buf[2] = 0xff;		/* 0xff: U frame with undefined control */
		*len = 3;
		from->filter = NULL;
	}
	return true;
}

static void test_corrupt_frame(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->filter = corrupt_first_i;
	send_data(u, 0xb0, 2);
	expect_i(u, 0, 0, 0);
	pump();
	expect_u(n, LAPD_SABME, 1, 1);
	expect_u(u, LAPD_UA, 1, 0);
	expect_prim(n, DL_ESTABLISH_IND, DL_R_RESET);
	expect_prim(u, DL_ESTABLISH_IND, DL_R_RESET);
	assert_int_equal(lapd_queued(&u->l), 0);
}

static void test_wrong_tei_sapi_ignored(void **state)
{
	struct side *u = &T->user;
	/* SABME command from the network, TEI 5 / SAPI 16 / SAPI 63 TEI 0 */
	static const uint8_t tei5[] = { 0x02, 0x0b, 0x7f };
	static const uint8_t sapi16[] = { 0x42, 0x01, 0x7f };
	static const uint8_t mgmt_ui[] = { 0xfe, 0x01, 0x03, 0x0f, 0x00, 0x00, 0x01, 0xff };
	static const uint8_t garbage[] = { 0x03 };

	(void)state;
	assert_int_equal(lapd_rx_frame(&u->l, tei5, sizeof(tei5)), 0);
	assert_int_equal(lapd_rx_frame(&u->l, sapi16, sizeof(sapi16)), 0);
	assert_int_equal(lapd_rx_frame(&u->l, garbage, sizeof(garbage)), 0);
	expect_no_frame(u);
	expect_no_prim(u);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TEI_ASSIGNED);
	assert_int_equal(u->l.cnt.rx_ignored, 3);
	assert_int_equal(lapd_rx_frame(&u->l, mgmt_ui, sizeof(mgmt_ui)), 1);
	assert_int_equal(u->mgmt_frames, 1);
	expect_no_prim(u);
	/* the same SABME with TEI 0 is taken */
	static const uint8_t tei0[] = { 0x02, 0x01, 0x7f };

	assert_int_equal(lapd_rx_frame(&u->l, tei0, sizeof(tei0)), 1);
	expect_u(u, LAPD_UA, 1, 0);
	expect_prim(u, DL_ESTABLISH_IND, DL_R_NORMAL);
}

static void test_queue_full(void **state)
{
	struct side *u = &T->user;
	uint8_t m[4] = { 1, 2, 3, 4 };

	(void)state;
	assert_int_equal(lapd_dl_data_req(&u->l, m, sizeof(m)), TEL_ELINK);	/* state 4 */
	establish();
	u->cut = true;
	for (int i = 0; i < 8; i++)
		assert_int_equal(REQ(u, lapd_dl_data_req(&u->l, m, sizeof(m))), 0);
	assert_int_equal(REQ(u, lapd_dl_data_req(&u->l, m, sizeof(m))), TEL_EBUSY);
	assert_int_equal(lapd_queued(&u->l), 8);
	/* an acknowledgement frees room */
	inject(u, LAPD_RR, 0, 3, false, false);
	assert_int_equal(lapd_queued(&u->l), 5);
	assert_int_equal(REQ(u, lapd_dl_data_req(&u->l, m, sizeof(m))), 0);
}

/*
 * An I frame received while the link sends its RR (the transport hands it
 * over from inside tx) still needs an acknowledgement: sending the RR must
 * not clear the one that frame left pending (it did, after the frame went out).
 */
static void test_flush_ack_reentered(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	send_data(n, 0x11, 3);
	send_data(n, 0x22, 3);
	expect_frame(n, LAPD_I, 0, 0, 0, 1);
	expect_frame(n, LAPD_I, 1, 0, 0, 1);
	pump_one_noflush(n);			/* I(0) in: acknowledgement pending */
	assert_true(u->l.ack_pending);
	u->reenter = true;
	assert_int_equal(lapd_flush_ack(&u->l), 1);	/* RR N(R)=1; I(1) comes in meanwhile */
	u->reenter = false;
	expect_frame(u, LAPD_RR, ANY, 1, 0, 0);
	assert_int_equal(u->l.vr, 2);
	assert_true(u->l.ack_pending);		/* I(1) is not acknowledged yet */
	assert_int_equal(lapd_flush_ack(&u->l), 1);
	expect_frame(u, LAPD_RR, ANY, 2, 0, 0);
	expect_data(u, 0x11, 3);
	expect_data(u, 0x22, 3);
	pump();
	assert_int_equal(lapd_queued(&n->l), 0);
}

/*
 * Timer recovery with a transport that delivers from inside a send: an I
 * frame received there is answered with RR at once; from inside that send
 * RR F=1 ends the recovery (I(0) is sent again) and I(1) comes in. Every I
 * frame is acknowledged without waiting for T200 on either side.
 */
static void test_recovery_ack_reentered(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->drop_i_ns = 0;
	send_data(u, 0x60, 3);			/* I(0) lost */
	pump();
	advance(1000, false);			/* T200: timer recovery, RR P=1 */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_TIMER_RECOVERY);
	send_data(n, 0x11, 3);			/* I(0) from the network */
	pump_one_noflush(u);			/* the enquiry: RR F=1 goes back */
	send_data(n, 0x22, 3);			/* I(1) behind it */
	u->reenter = true;
	pump_one_noflush(n);			/* I(0) in recovery: RR; RR F=1 and I(1) come in */
	u->reenter = false;
	lapd_flush_ack(&u->l);			/* end of the round */
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(u->l.vr, 2);
	assert_false(u->l.ack_pending);
	assert_int_equal(u->tx[u->ntx - 1].nr, 2);	/* the last frame acknowledges both */
	pump();					/* no time passes */
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(lapd_queued(&n->l), 0);
	assert_int_equal(u->l.cnt.retransmits, 1);	/* I(0) once, not by T200 again */
}

/* Encoding in place: lapd_dl_data_buf() and lapd_dl_data_commit(). */
static void test_data_in_place(void **state)
{
	struct side *u = &T->user, *n = &T->net;
	uint8_t *p;

	(void)state;
	assert_null(lapd_dl_data_buf(&u->l));			/* state 4 */
	assert_int_equal(lapd_dl_data_commit(&u->l, 0), TEL_ELINK);
	assert_int_equal(lapd_dl_data_commit(&u->l, 3), TEL_ELINK);
	establish();
	p = lapd_dl_data_buf(&u->l);
	assert_non_null(p);
	assert_ptr_equal(lapd_dl_data_buf(&u->l), p);		/* nothing reserved yet */
	assert_int_equal(lapd_dl_data_commit(&u->l, 0), TEL_EINVAL);
	assert_int_equal(lapd_dl_data_commit(&u->l, (size_t)u->l.n201 + 1), TEL_EINVAL);
	memset(p, 0x44, u->l.n201);
	assert_int_equal(REQ(u, lapd_dl_data_commit(&u->l, u->l.n201)), 0);
	expect_i(u, 0, 0, 0);
	pump();
	expect_data(n, 0x44, u->l.n201);
	expect_frame(n, LAPD_RR, ANY, 1, 0, 0);
	/* interleaved with lapd_dl_data_req(), past the window and the initial queue */
	u->cut = true;
	for (int i = 0; i < 40; i++) {
		if (i % 2) {
			send_data(u, (uint8_t)i, 2 + (size_t)i);
			continue;
		}
		p = lapd_dl_data_buf(&u->l);
		assert_non_null(p);
		memset(p, i, 2 + (size_t)i);
		assert_int_equal(REQ(u, lapd_dl_data_commit(&u->l, 2 + (size_t)i)), 0);
	}
	assert_int_equal(lapd_queued(&u->l), 40);
	u->cut = false;
	for (int i = 0; i < 300 && lapd_queued(&u->l); i++)
		advance(1000, true);
	assert_int_equal(lapd_queued(&u->l), 0);
	for (int i = 0; i < 40; i++)
		expect_data(n, (uint8_t)i, 2 + (size_t)i);
}

/* The in-place API on a queue that cannot grow, and after the link is released. */
static void test_data_in_place_full(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	u->cut = true;
	for (int i = 0; i < 8; i++) {
		uint8_t *p = lapd_dl_data_buf(&u->l);

		assert_non_null(p);
		p[0] = (uint8_t)i;
		assert_int_equal(REQ(u, lapd_dl_data_commit(&u->l, 1)), 0);
	}
	assert_null(lapd_dl_data_buf(&u->l));
	assert_int_equal(lapd_dl_data_commit(&u->l, 0), TEL_EBUSY);
	assert_int_equal(lapd_dl_data_commit(&u->l, 1), TEL_EBUSY);
	assert_int_equal(lapd_queued(&u->l), 8);
	inject(u, LAPD_RR, 0, 3, false, false);			/* frees 3 slots */
	assert_non_null(lapd_dl_data_buf(&u->l));
	assert_int_equal(REQ(u, lapd_dl_release_req(&u->l)), 0);
	assert_null(lapd_dl_data_buf(&u->l));			/* state 6 */
	assert_int_equal(lapd_dl_data_commit(&u->l, 1), TEL_ELINK);
}

/* A burst far larger than the initial queue is kept, in order, and delivered. */
static void test_queue_grows(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->cut = true;	/* nothing is acknowledged while the burst is queued */
	for (int i = 0; i < 200; i++)
		send_data(u, (uint8_t)i, 3 + i % 50);
	assert_int_equal(lapd_queued(&u->l), 200);
	u->cut = false;
	advance(1000, true);	/* T200: the peer is polled, the queue drains */
	for (int i = 0; i < 300 && lapd_queued(&u->l); i++)
		advance(1000, true);
	assert_int_equal(lapd_queued(&u->l), 0);
	for (int i = 0; i < 200; i++)
		expect_data(n, (uint8_t)i, 3 + i % 50);
}

/* Requests never call up synchronously: confirms wait for lapd_poll(). */
static void test_layering_deferred(void **state)
{
	struct side *u = &T->user;

	(void)state;
	assert_int_equal(REQ(u, lapd_dl_release_req(&u->l)), 0);	/* already released */
	expect_no_prim(u);
	assert_int_equal(lapd_poll(&u->l), 1);
	expect_prim(u, DL_RELEASE_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_poll(&u->l), 0);
	establish();
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);	/* already up */
	expect_no_frame(u);
	expect_no_prim(u);
	assert_int_equal(lapd_poll(&u->l), 1);
	expect_prim(u, DL_ESTABLISH_CONF, DL_R_NORMAL);
	/* a queued confirm also goes out when the link is next driven by a frame */
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	inject(u, LAPD_RR, 0, 0, true, true);
	expect_prim(u, DL_ESTABLISH_CONF, DL_R_NORMAL);
	expect_frame(u, LAPD_RR, ANY, 0, 1, 0);
	/* the awaiting-release state refuses requests */
	u->cut = true;
	assert_int_equal(REQ(u, lapd_dl_release_req(&u->l)), 0);
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), TEL_ESTATE);
	assert_int_equal(REQ(u, lapd_dl_data_req(&u->l, (const uint8_t *)"x", 1)), TEL_ELINK);
}

static void test_unit_data(void **state)
{
	struct side *u = &T->user, *n = &T->net;
	static const uint8_t msg[] = { 0x08, 0x01, 0x00, 0x7d };

	(void)state;
	assert_int_equal(REQ(u, lapd_dl_unit_data_req(&u->l, msg, sizeof(msg))), 0);
	expect_u(u, LAPD_UI, 0, 1);
	pump();
	struct primrec *p = expect_prim(n, DL_UNIT_DATA_IND, ANY);

	assert_int_equal(p->len, sizeof(msg));
	assert_memory_equal(p->data, msg, sizeof(msg));
	assert_int_equal(lapd_state(&n->l), LAPD_ST_TEI_ASSIGNED);
}

/* State 4: I or S command with P=1 gets DM F=1. */
static void test_dm_in_state4(void **state)
{
	struct side *u = &T->user;

	(void)state;
	inject(u, LAPD_RR, 0, 0, true, true);
	expect_u(u, LAPD_DM, 1, 0);
	inject(u, LAPD_RR, 0, 0, false, true);
	expect_no_frame(u);
	expect_no_prim(u);
}

/* SABME collision: both ask, both answer UA, both end established with a confirm. */
static void test_sabme_collision(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	assert_int_equal(REQ(u, lapd_dl_establish_req(&u->l)), 0);
	assert_int_equal(REQ(n, lapd_dl_establish_req(&n->l)), 0);
	pump();
	expect_u(u, LAPD_SABME, 1, 1);
	expect_u(u, LAPD_UA, 1, 0);
	expect_u(n, LAPD_SABME, 1, 1);
	expect_u(n, LAPD_UA, 1, 0);
	expect_prim(u, DL_ESTABLISH_CONF, DL_R_NORMAL);
	expect_prim(n, DL_ESTABLISH_CONF, DL_R_NORMAL);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
}

static void test_names_and_table(void **state)
{
	const char *act;
	enum lapd_state next;
	struct lapd_params p;

	(void)state;
	assert_string_equal(lapd_state_name(LAPD_ST_TIMER_RECOVERY), "TIMER-RECOVERY");
	assert_string_equal(lapd_state_name((enum lapd_state)3), "?");
	assert_string_equal(lapd_event_name(LAPD_EV_T203), "T203-EXPIRY");
	assert_string_equal(lapd_event_name(LAPD_EV_COUNT), "?");
	assert_string_equal(dl_prim_name(DL_RELEASE_IND), "DL-RELEASE-IND");
	assert_string_equal(dl_reason_name(DL_R_LOST), "lost");
	assert_string_equal(lapd_param_name(LAPD_T200), "T200");
	assert_string_equal(lapd_param_name(LAPD_K), "k");
	lapd_params_default(&p);
	assert_int_equal(p.v[LAPD_T200], 1000);
	assert_int_equal(p.v[LAPD_T203], 10000);
	assert_int_equal(p.v[LAPD_N200], 3);
	assert_int_equal(p.v[LAPD_K], 7);
	assert_int_equal(p.v[LAPD_N201P], 260);
	assert_true(lapd_fsm_lookup(LAPD_ST_MF_EST, LAPD_EV_T200, &act, &next));
	assert_string_equal(act, "act_start_recovery");
	assert_int_equal(next, LAPD_ST_TIMER_RECOVERY);
	assert_false(lapd_fsm_lookup(LAPD_ST_AWAIT_REL, LAPD_EV_RX_I, &act, &next));
	/* every state has a row for every timer it arms and for SABME/DISC */
	for (int s = LAPD_ST_FIRST; s <= LAPD_ST_LAST; s++) {
		assert_true(lapd_fsm_lookup((enum lapd_state)s, LAPD_EV_RX_SABME, NULL, NULL));
		assert_true(lapd_fsm_lookup((enum lapd_state)s, LAPD_EV_RX_DISC, NULL, NULL));
		if (s != LAPD_ST_TEI_ASSIGNED)
			assert_true(lapd_fsm_lookup((enum lapd_state)s, LAPD_EV_T200, NULL, NULL));
	}
}

static void test_params_override(void **state)
{
	struct lapd_params p;
	struct lapd l;
	struct lapd_cfg cfg = { .ops = &ops, .timers = &T->ts };

	(void)state;
	lapd_params_default(&p);
	p.v[LAPD_T200] = 250;
	p.v[LAPD_K] = 2;
	cfg.params = &p;
	cfg.io = &T->user;	/* frames land in the user's log */
	cfg.upper = &T->user;
	assert_int_equal(lapd_init(&l, &cfg), 0);
	assert_int_equal(l.t200_ms, 250);
	assert_int_equal(l.k, 2);
	lapd_fini(&l);
	p.v[LAPD_K] = 0;
	assert_int_equal(lapd_init(&l, &cfg), TEL_EINVAL);
	p.v[LAPD_K] = 20;	/* more than the queue may hold */
	p.v[LAPD_QLEN] = 16;
	assert_int_equal(lapd_init(&l, &cfg), TEL_EINVAL);
	p.v[LAPD_QLEN] = 1025;	/* over the largest queue */
	p.v[LAPD_K] = 7;
	assert_int_equal(lapd_init(&l, &cfg), TEL_EINVAL);
	p.v[LAPD_QLEN] = 1024;
	p.v[LAPD_N201P] = 261;
	assert_int_equal(lapd_init(&l, &cfg), TEL_EINVAL);
	cfg.params = NULL;
	cfg.timers = NULL;
	assert_int_equal(lapd_init(&l, &cfg), TEL_EINVAL);
}

/*
 * A transport may read LAPD_TX_READ octets of every frame (wire_tx() does):
 * also of a 5-octet I frame sent from the last slot of the send queue.
 */
static void test_tx_read_last_slot(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	for (int i = 0; i < 8; i++)	/* k = 7: the eighth waits in slot 7 */
		send_data(u, (uint8_t)(0x30 + i), 1);
	pump();
	assert_int_equal(u->l.qcount, 0);
	assert_int_equal(n->l.vr, 8);
}

/* --- delayed acknowledgement and the receive fast path ---------------------- */

/* The answer later in the same round carries N(R): no RR (SETUP -> CONNECT). */
static void test_ack_delayed_until_answer(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	send_data(u, 0x61, 3);
	expect_i(u, 0, 0, 0);
	assert_true(pump_one_noflush(u));	/* received; the round goes on */
	expect_data(n, 0x61, 3);
	expect_no_frame(n);			/* no RR yet */
	assert_true(n->l.ack_pending);
	send_data(n, 0x62, 4);			/* the application answers */
	expect_i(n, 0, 1, 0);			/* N(R)=1 acknowledges */
	assert_false(n->l.ack_pending);
	assert_int_equal(lapd_flush_ack(&n->l), 0);	/* end of round: nothing to send */
	expect_no_frame(n);
	pump();
	expect_data(u, 0x62, 4);
	expect_frame(u, LAPD_RR, ANY, 1, 0, 0);
	expect_no_frame(u);
	expect_no_frame(n);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(lapd_queued(&n->l), 0);
}

/* No answer in the round: lapd_flush_ack() sends one RR for all frames received. */
static void test_ack_flushed_at_end_of_round(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	assert_int_equal(lapd_flush_ack(&n->l), 0);	/* nothing pending */
	send_data(u, 0x71, 2);
	send_data(u, 0x72, 2);
	send_data(u, 0x73, 2);
	assert_true(pump_one_noflush(u));
	assert_true(pump_one_noflush(u));
	assert_true(pump_one_noflush(u));
	expect_data(n, 0x71, 2);
	expect_data(n, 0x72, 2);
	expect_data(n, 0x73, 2);
	expect_no_frame(n);
	assert_int_equal(lapd_flush_ack(&n->l), 1);
	expect_frame(n, LAPD_RR, ANY, 3, 0, 0);	/* one RR, response F=0, N(R)=3 */
	expect_no_frame(n);
	assert_false(n->l.ack_pending);
	assert_int_equal(lapd_flush_ack(&n->l), 0);
	expect_no_frame(n);
	pump();
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_false(timer_armed(&u->l.t200));
	/* released before the end of the round: nothing is sent, nothing stays pending */
	send_data(u, 0x74, 2);
	assert_true(pump_one_noflush(u));
	assert_true(n->l.ack_pending);
	assert_int_equal(REQ(n, lapd_dl_release_req(&n->l)), 0);
	expect_data(n, 0x74, 2);
	expect_u(n, LAPD_DISC, 1, 1);
	assert_int_equal(lapd_flush_ack(&n->l), 0);
	assert_false(n->l.ack_pending);
	expect_no_frame(n);
}

/* A poll is answered at once, delayed acknowledgement or not. */
static void test_ack_poll_answered_at_once(void **state)
{
	struct side *n = &T->net;
	/* I command P=1 from the user, N(S)=0 N(R)=0 (user commands: C/R=0) */
	static const uint8_t i_poll[] = { 0x00, 0x01, 0x00, 0x01, 0x55 };
	static const uint8_t rr_poll[] = { 0x00, 0x01, 0x01, 0x01 };
	static const uint8_t i_ns1[] = { 0x00, 0x01, 0x02, 0x00, 0x56 };

	(void)state;
	establish();
	assert_int_equal(lapd_rx_frame(&n->l, i_poll, sizeof(i_poll)), 1);
	expect_data(n, 0x55, 1);
	expect_frame(n, LAPD_RR, ANY, 1, 1, 0);	/* RR F=1 response, before any flush */
	expect_no_frame(n);
	assert_false(n->l.ack_pending);
	/* pending, then an RR poll: the RR F=1 carries N(R) and clears it */
	assert_int_equal(lapd_rx_frame(&n->l, i_ns1, sizeof(i_ns1)), 1);
	expect_data(n, 0x56, 1);
	expect_no_frame(n);
	assert_true(n->l.ack_pending);
	assert_int_equal(lapd_rx_frame(&n->l, rr_poll, sizeof(rr_poll)), 1);
	expect_frame(n, LAPD_RR, ANY, 2, 1, 0);
	assert_false(n->l.ack_pending);
	assert_int_equal(lapd_flush_ack(&n->l), 0);
	expect_no_frame(n);
}

/* Never flushed: T203 (or T200) expiry acknowledges with its enquiry. */
static void test_ack_timer_safety_net(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	send_data(u, 0x81, 2);
	assert_true(pump_one_noflush(u));
	expect_data(n, 0x81, 2);
	assert_true(n->l.ack_pending);
	expect_no_frame(n);
	u->cut = true;		/* the user's T200 would re-send; keep the wire quiet */
	advance(n->l.t203_ms, false);
	assert_false(n->l.ack_pending);
	expect_frame(n, LAPD_RR, ANY, 1, 1, 1);	/* enquiry carries N(R)=1 */
	/* in timer recovery an I frame is acknowledged at once, as before */
	assert_int_equal(lapd_state(&n->l), LAPD_ST_TIMER_RECOVERY);
	{
		static const uint8_t i_ns1[] = { 0x00, 0x01, 0x02, 0x00, 0x82 };

		assert_int_equal(lapd_rx_frame(&n->l, i_ns1, sizeof(i_ns1)), 1);
		expect_data(n, 0x82, 1);
		expect_frame(n, LAPD_RR, ANY, 2, 0, 0);
		assert_false(n->l.ack_pending);
	}
}

/* Expected frame, as octets: address (C/R of @from's command or response), control. */
struct xframe {
	uint8_t hdr[4];
	uint16_t len;
};

static void xf_i(struct xframe *x, int *nx, const struct side *from, int ns, int nr, size_t ilen)
{
	struct xframe *f = &x[(*nx)++];

	f->hdr[0] = lapd_cr_bit(from->l.network, true) ? 0x02 : 0x00;
	f->hdr[1] = 0x01;
	f->hdr[2] = (uint8_t)((ns & 127) << 1);
	f->hdr[3] = (uint8_t)((nr & 127) << 1);
	f->len = (uint16_t)(4 + ilen);
}

static void xf_rr(struct xframe *x, int *nx, const struct side *from, int nr)
{
	struct xframe *f = &x[(*nx)++];

	f->hdr[0] = lapd_cr_bit(from->l.network, false) ? 0x02 : 0x00;
	f->hdr[1] = 0x01;
	f->hdr[2] = 0x01;
	f->hdr[3] = (uint8_t)((nr & 127) << 1);
	f->len = 4;
}

static void expect_wire(struct side *s, const struct xframe *x, int nx, int iter)
{
	if (s->ntx != nx)
		fail_msg("iteration %d: %s sent %d frames, expected %d", iter, s->name, s->ntx, nx);
	for (int i = 0; i < nx; i++) {
		const struct txrec *r = &s->tx[i];

		if (memcmp(r->hdr, x[i].hdr, 4) || r->len != x[i].len)
			fail_msg("iteration %d: %s frame %d: %02x %02x %02x %02x len %u, "
				 "expected %02x %02x %02x %02x len %u", iter, s->name, i,
				 r->hdr[0], r->hdr[1], r->hdr[2], r->hdr[3], r->len,
				 x[i].hdr[0], x[i].hdr[1], x[i].hdr[2], x[i].hdr[3], x[i].len);
	}
}

static size_t xlen(int iter, int j)
{
	return (iter + j) % 7 == 0 ? LAPD_N201 : 1 + (size_t)((iter * 3 + j) % 20);
}

/*
 * A long exchange both ways in state 7: I frames with and without piggybacked
 * acknowledgements, partial and whole acknowledgements, RR both ways, sequence
 * numbers wrapping. Every frame received takes the fast path; the frames on
 * the wire match a model of Q.921 (round by round, acknowledgements flushed
 * at the end of a round).
 */
static void test_fast_path_long_exchange(void **state)
{
	struct side *u = &T->user, *n = &T->net;
	struct xframe xu[16], xn[16];
	int uvs = 0, uvr = 0, nvs = 0, nvr = 0;	/* the model */
	uint32_t fast0;
	int received = 0;

	(void)state;
	establish();
	fast0 = u->l.cnt.rx_fast + n->l.cnt.rx_fast;
	for (int it = 0; it < 400; it++) {
		int mode = it % 3, a = 1 + it % 4, b = 1 + (it / 3) % 3;
		int nxu = 0, nxn = 0;

		u->ntx = u->txcur = n->ntx = n->txcur = 0;
		u->nprim = u->primcur = n->nprim = n->primcur = 0;
		if (mode == 0) {
			/* both send before the round; each acknowledges with RR after it */
			for (int j = 0; j < a; j++) {
				send_data(u, (uint8_t)(it + j), xlen(it, j));
				xf_i(xu, &nxu, u, uvs + j, uvr, xlen(it, j));
			}
			for (int j = 0; j < b; j++) {
				send_data(n, (uint8_t)(0x80 + it + j), xlen(it, j + 1));
				xf_i(xn, &nxn, n, nvs + j, nvr, xlen(it, j + 1));
			}
			uvs += a;
			nvs += b;
			nvr += a;
			uvr += b;
			xf_rr(xn, &nxn, n, nvr);
			xf_rr(xu, &nxu, u, uvr);
			received += a + b + 2;		/* the I frames and two RRs */
		} else if (mode == 1) {
			/* the network answers every I frame at once (partial acks at the user) */
			n->echo = true;
			for (int j = 0; j < a; j++) {
				send_data(u, (uint8_t)(it + j), xlen(it, j));
				xf_i(xu, &nxu, u, uvs + j, uvr, xlen(it, j));
			}
			uvs += a;
			for (int j = 0; j < a; j++) {
				nvr++;
				xf_i(xn, &nxn, n, nvs++, nvr, 2);
			}
			uvr += a;
			xf_rr(xu, &nxu, u, uvr);
			received += 2 * a + 1;
		} else {
			u->echo = true;
			for (int j = 0; j < b; j++) {
				send_data(n, (uint8_t)(0x80 + it + j), xlen(it, j));
				xf_i(xn, &nxn, n, nvs + j, nvr, xlen(it, j));
			}
			nvs += b;
			for (int j = 0; j < b; j++) {
				uvr++;
				xf_i(xu, &nxu, u, uvs++, uvr, 2);
			}
			nvr += b;
			xf_rr(xn, &nxn, n, nvr);
			received += 2 * b + 1;
		}
		while (round_both())
			;
		u->echo = n->echo = false;
		expect_wire(u, xu, nxu, it);
		expect_wire(n, xn, nxn, it);
		/* data delivered in order, nothing else */
		if (mode != 2)
			for (int j = 0; j < a; j++)
				expect_data(n, (uint8_t)(it + j), xlen(it, j));
		if (mode == 0)
			for (int j = 0; j < b; j++)
				expect_data(u, (uint8_t)(0x80 + it + j), xlen(it, j + 1));
		if (mode == 1)
			for (int j = 0; j < a; j++)
				expect_data(u, 0xa0, 2);
		if (mode == 2) {
			for (int j = 0; j < b; j++)
				expect_data(u, (uint8_t)(0x80 + it + j), xlen(it, j));
			for (int j = 0; j < b; j++)
				expect_data(n, 0xa0, 2);
		}
		expect_no_prim(u);
		expect_no_prim(n);
		assert_int_equal(lapd_queued(&u->l), 0);
		assert_int_equal(lapd_queued(&n->l), 0);
		assert_false(timer_armed(&u->l.t200));
		assert_false(timer_armed(&n->l.t200));
		assert_true(u->l.t203_on);
		assert_true(n->l.t203_on);
	}
	assert_int_equal(u->l.vs, uvs % 128);
	assert_int_equal(u->l.vr, uvr % 128);
	assert_int_equal(n->l.vs, nvs % 128);
	assert_int_equal(n->l.vr, nvr % 128);
	assert_true(uvs > 3 * 128 && nvs > 3 * 128);	/* wrapped several times */
	assert_int_equal(u->l.cnt.rx_fast + n->l.cnt.rx_fast - fast0, received);
	assert_int_equal(u->l.cnt.errors + n->l.cnt.errors, 0);
	assert_int_equal(u->l.cnt.rx_ignored + n->l.cnt.rx_ignored, 0);
	assert_int_equal(u->l.cnt.retransmits + n->l.cnt.retransmits, 0);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
}

/* Frames the fast path must leave to the general path. */
static void test_fast_path_declines(void **state)
{
	struct side *n = &T->net;
	static const uint8_t i_ns5[] = { 0x00, 0x01, 0x0a, 0x00, 0x01 };	/* out of sequence */
	static const uint8_t rr_cmd[] = { 0x00, 0x01, 0x01, 0x00 };	/* RR command P=0 */
	static const uint8_t i_resp[] = { 0x02, 0x01, 0x00, 0x00, 0x01 };	/* I as response */
	uint32_t fast0;

	(void)state;
	establish();
	fast0 = n->l.cnt.rx_fast;
	assert_int_equal(lapd_rx_frame(&n->l, i_ns5, sizeof(i_ns5)), 1);
	expect_frame(n, LAPD_REJ, ANY, 0, 0, 0);
	assert_true(n->l.rej_exception);
	expect_no_prim(n);
	assert_int_equal(lapd_rx_frame(&n->l, rr_cmd, sizeof(rr_cmd)), 1);
	expect_no_frame(n);
	assert_int_equal(lapd_rx_frame(&n->l, i_resp, sizeof(i_resp)), 0);	/* ignored */
	expect_no_prim(n);
	assert_int_equal(n->l.cnt.rx_fast, fast0);
	assert_int_equal(n->l.cnt.rx_ignored, 1);
}

/*
 * DL-DATA-REQ in state 7 with the window open and nothing else unsent sends
 * the frame at once from its queue slot (piggybacking a pending
 * acknowledgement), keeps it for retransmission and arms T200 in place of
 * T203; frames left unsent behind a busy peer still go out in order first.
 */
static void test_data_req_direct_send(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	send_data(n, 0x31, 2);
	assert_true(pump_one_noflush(n));	/* the user receives it; ack pending */
	expect_data(u, 0x31, 2);
	assert_true(u->l.ack_pending);
	send_data(u, 0x41, 5);
	expect_i(u, 0, 1, 0);			/* sent at once, N(R)=1 piggybacked */
	expect_no_frame(u);
	assert_false(u->l.ack_pending);
	assert_int_equal(u->tx[u->ntx - 1].len, 4 + 5);
	assert_int_equal(lapd_queued(&u->l), 1);	/* kept for retransmission */
	assert_true(timer_armed(&u->l.t200));
	assert_false(u->l.t203_on);
	send_data(u, 0x42, 1);			/* T200 already running: not restarted */
	expect_i(u, 1, 1, 0);
	assert_int_equal(lapd_queued(&u->l), 2);
	pump();
	expect_data(n, 0x41, 5);
	expect_data(n, 0x42, 1);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_false(timer_armed(&u->l.t200));
	assert_true(u->l.t203_on);
	assert_int_equal(u->l.cnt.retransmits, 0);

	/* Peer busy: queued, not sent; sent in order once it is not busy. */
	u->txcur = u->ntx;
	u->cut = true;				/* we play the network by hand */
	assert_int_equal(inject(u, LAPD_RNR, 0, 2, false, false), 1);
	send_data(u, 0x50, 3);
	send_data(u, 0x51, 3);
	expect_no_frame(u);
	assert_int_equal(lapd_queued(&u->l), 2);
	inject(u, LAPD_RR, 0, 2, false, false);
	expect_i(u, 2, 1, 0);
	expect_i(u, 3, 1, 0);
	expect_no_frame(u);
	send_data(u, 0x52, 3);			/* window open, nothing unsent: at once */
	expect_i(u, 4, 1, 0);
	assert_int_equal(lapd_queued(&u->l), 3);
	assert_int_equal(u->l.cnt.retransmits, 0);
}

/* --- flow control: own receiver busy, the clearing reserve -------------------- */

/* A 32-slot queue, 8 of them reserved: normal requests up to 24, busy at 18 to 12. */
static int setup_flow(void **state)
{
	struct lapd_params p;

	lapd_params_default(&p);
	p.v[LAPD_QLEN] = 32;
	setup_params(state, &p);
	lapd_set_flow(&T->user.l, 8);
	return 0;
}

static int send_cl(struct side *s, enum lapd_data_class cls)
{
	uint8_t m[3] = { 0x77, 1, 2 };

	return REQ(s, lapd_dl_data_req_cl(&s->l, m, sizeof(m), cls));
}

/* Skips the I frames @s sent next; returns how many. */
static int skip_i(struct side *s)
{
	int n = 0;

	while (s->txcur < s->ntx && s->tx[s->txcur].type == LAPD_I) {
		s->txcur++;
		n++;
	}
	return n;
}

static void test_own_receiver_busy(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	assert_int_equal(lapd_param(&u->l, LAPD_QLEN), 32);
	u->cut = true;		/* nothing of ours arrives: nothing is acknowledged */
	for (int i = 0; i < 17; i++)
		assert_int_equal(send_cl(u, LAPD_DATA_NORMAL), 0);
	assert_int_equal(skip_i(u), 7);	/* the window */
	expect_no_frame(u);
	assert_false(u->l.own_busy);
	/* the 18th frame queued: congested, RNR response F=0 */
	assert_int_equal(send_cl(u, LAPD_DATA_NORMAL), 0);
	expect_frame(u, LAPD_RNR, ANY, 0, 0, 0);
	expect_no_frame(u);
	assert_true(u->l.own_busy);
	assert_int_equal(u->l.cnt.busy_set, 1);
	/* normal requests up to 24 frames, then refused; clearing ones up to 32 */
	for (int i = 18; i < 24; i++)
		assert_int_equal(send_cl(u, LAPD_DATA_NORMAL), 0);
	assert_int_equal(send_cl(u, LAPD_DATA_NORMAL), TEL_EBUSY);
	assert_null(lapd_dl_data_buf(&u->l));
	assert_int_equal(lapd_dl_data_commit(&u->l, 0), TEL_EBUSY);
	assert_non_null(lapd_dl_data_buf_cl(&u->l, LAPD_DATA_CLEARING));
	for (int i = 24; i < 32; i++)
		assert_int_equal(send_cl(u, LAPD_DATA_CLEARING), 0);
	assert_int_equal(send_cl(u, LAPD_DATA_CLEARING), TEL_EBUSY);
	assert_null(lapd_dl_data_buf_cl(&u->l, LAPD_DATA_CLEARING));
	assert_int_equal(lapd_queued(&u->l), 32);
	expect_no_frame(u);
	/* the peer's I frames are discarded: no DL-DATA-IND, V(R) stays 0 */
	inject(u, LAPD_I, 0, 0, false, true);
	expect_no_prim(u);
	expect_no_frame(u);
	inject(u, LAPD_I, 0, 0, true, true);		/* a poll: RNR F=1 */
	expect_no_prim(u);
	expect_frame(u, LAPD_RNR, ANY, 0, 1, 0);
	inject(u, LAPD_RR, 0, 0, true, true);		/* RR poll: RNR F=1 too */
	expect_frame(u, LAPD_RNR, ANY, 0, 1, 0);
	assert_int_equal(u->l.cnt.busy_discarded, 2);
	assert_int_equal(u->l.vr, 0);
	/* the peer takes our frames: 32 -> 25 -> 18, still busy; then 11 <= 12: RR */
	inject(u, LAPD_RR, 0, 7, false, false);
	assert_int_equal(skip_i(u), 7);
	assert_true(u->l.own_busy);
	inject(u, LAPD_RR, 0, 14, false, false);
	assert_int_equal(skip_i(u), 7);
	assert_true(u->l.own_busy);
	inject(u, LAPD_RR, 0, 21, false, false);
	assert_int_equal(skip_i(u), 7);
	expect_frame(u, LAPD_RR, ANY, 0, 0, 0);		/* not busy any more */
	expect_no_frame(u);
	assert_false(u->l.own_busy);
	assert_int_equal(lapd_queued(&u->l), 11);
	/* the peer sends again what was discarded: taken now */
	inject(u, LAPD_I, 0, 21, false, true);
	expect_prim(u, DL_DATA_IND, DL_R_NORMAL);
	assert_int_equal(u->l.vr, 1);
	(void)n;
}

static bool drop_i(struct side *from, uint8_t *buf, size_t *len)
{
	(void)from;
	return *len < 3 || (buf[2] & 1);	/* I frames have bit 0 of control clear */
}

/* The peer honours our RNR: libtel on both ends, nothing lost, busy ends. */
static void test_own_busy_peer_waits(void **state)
{
	struct side *u = &T->user, *n = &T->net;

	(void)state;
	establish();
	u->filter = drop_i;	/* our I frames are lost: nothing is acknowledged */
	for (int i = 0; i < 18; i++)
		assert_int_equal(send_cl(u, LAPD_DATA_NORMAL), 0);
	assert_true(u->l.own_busy);
	/* the RNR reaches the peer: it holds its own frames */
	pump();
	assert_true(n->l.peer_busy);
	u->filter = NULL;
	send_data(n, 0x42, 3);
	pump();
	expect_no_prim(u);
	/* T200: we resend what is unacknowledged, the peer takes it, busy ends */
	advance(1000, true);
	advance(1000, true);
	assert_false(u->l.own_busy);
	assert_false(n->l.peer_busy);
	advance(3000, true);
	expect_data(u, 0x42, 3);
	assert_int_equal(lapd_queued(&u->l), 0);
	assert_int_equal(lapd_state(&u->l), LAPD_ST_MF_EST);
	assert_int_equal(lapd_state(&n->l), LAPD_ST_MF_EST);
}

/* Re-establishment clears the condition. */
static void test_own_busy_cleared_by_reset(void **state)
{
	struct side *u = &T->user;

	(void)state;
	establish();
	u->cut = true;
	for (int i = 0; i < 18; i++)
		assert_int_equal(send_cl(u, LAPD_DATA_NORMAL), 0);
	assert_true(u->l.own_busy);
	inject(u, LAPD_SABME, 0, 0, true, true);
	assert_false(u->l.own_busy);
	assert_int_equal(lapd_queued(&u->l), 0);
	u->cut = false;
	inject(u, LAPD_I, 0, 0, false, true);
	assert_int_equal(u->l.vr, 1);
}

#define T_(f)		cmocka_unit_test_setup_teardown(f, setup, teardown)
#define T_FLOW(f)	cmocka_unit_test_setup_teardown(f, setup_flow, teardown)
#define T_SMALLQ(f)	cmocka_unit_test_setup_teardown(f, setup_small_queue, teardown)
#define T_TINY(f)	cmocka_unit_test_setup_teardown(f, setup_tiny_frames, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_(test_establish_user),
		T_(test_establish_network),
		T_FLOW(test_own_receiver_busy),
		T_FLOW(test_own_busy_peer_waits),
		T_FLOW(test_own_busy_cleared_by_reset),
		T_(test_data_both_ways),
		T_(test_window),
		T_(test_modulo_wrap),
		T_(test_piggyback),
		T_(test_rej_recovery),
		T_(test_t200_recovery),
		T_(test_rej_in_timer_recovery),
		T_(test_n200_link_lost_and_back),
		T_(test_establish_timeout),
		T_(test_t203_idle),
		T_(test_t203_restarted_by_traffic),
		T_(test_t203_stopped_by_send),
		T_(test_rnr_peer_busy),
		T_(test_poll_answered),
		T_(test_release_both_directions),
		T_(test_release_timeout),
		T_(test_dm_reply_to_sabme),
		T_(test_unsolicited_dm),
		T_(test_frmr),
		T_(test_sabme_while_established),
		T_(test_invalid_nr),
		T_(test_corrupt_frame),
		T_(test_wrong_tei_sapi_ignored),
		T_SMALLQ(test_queue_full),
		T_TINY(test_tx_read_last_slot),
		T_(test_data_in_place),
		T_SMALLQ(test_data_in_place_full),
		T_(test_queue_grows),
		T_(test_layering_deferred),
		T_(test_unit_data),
		T_(test_dm_in_state4),
		T_(test_sabme_collision),
		T_(test_names_and_table),
		T_(test_params_override),
		T_(test_ack_delayed_until_answer),
		T_(test_ack_flushed_at_end_of_round),
		T_(test_ack_poll_answered_at_once),
		T_(test_ack_timer_safety_net),
		T_(test_fast_path_long_exchange),
		T_(test_fast_path_declines),
		T_(test_data_req_direct_send),
		T_(test_flush_ack_reentered),
		T_(test_recovery_ack_reentered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
