// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test harness for Q.931 call control: a user side and a network side, each a
 * struct lapd + struct q931_cc, wired back to back through an in-memory frame
 * queue the test pumps, on one timer heap driven by a fake clock.
 *
 * Every Q.931 message delivered to either side is decoded and logged (type,
 * call reference, cause, channel, UUI bytes) and every indication is copied
 * (UUI and numbers into the record), so tests assert both the wire and the
 * session view. A side can be told to drop received Q.931 messages of some
 * types (the data link still acknowledges them), and the wire can be cut.
 */
#ifndef TEST_CC_PAIR_H
#define TEST_CC_PAIR_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "libtel/tel.h"
#include "core/timer.h"
#include "lapd/datalink.h"
#include "q931/cc.h"
#include "q931/q931.h"

#define PF	static __attribute__((unused))

#define U	0	/* user side */
#define N	1	/* network side */

#define PAIR_MAXF	512
#define PAIR_MAXLOG	1024
#define PAIR_MAXIND	1024

struct pair_frame {
	int to;
	uint16_t len;
	uint8_t b[LAPD_MAX_FRAME];
};

struct pair_msg {
	int from;
	uint8_t type;
	uint16_t cref;
	bool flag;
	uint8_t ncauses, cause, cause_loc;
	uint8_t diag_len, diag[8];	/* the first cause's diagnostics (at most 8 kept) */
	bool has_state;
	uint8_t state;
	int chan;		/* first channel named, 0 none */
	bool chan_excl, has_chan;
	bool has_uui;
	uint8_t uui_pd;
	uint16_t uui_len;
	uint8_t uui[256];
	uint8_t restart_class;
	bool has_progress;
	uint8_t progress;
	uint8_t nprogress;
	uint8_t progress_last;		/* description of the last one */
	bool has_display;
	struct q931_display display;	/* text points into display_text */
	uint8_t display_text[256];
};

struct pair_ind {
	enum cc_prim prim;
	struct q931_call *call;
	void *call_user;
	struct cc_cause cause, peer_cause;
	int chan;
	bool link_up;
	uint8_t link_reason, chan_state;
	bool has_uui;
	uint8_t uui_pd;
	uint16_t uui_len;
	uint8_t uui[256];
	uint8_t called_len, calling_len;
	uint8_t called[256], calling[256];
	int state_at_ind;	/* call state when delivered (-1 without call) */
	uint8_t name_len, name_type;
	uint8_t name[256];
	int progress;
};

struct pair;

struct pair_side {
	struct pair *p;
	int idx;
	struct lapd *l;
	struct q931_cc *cc;
	uint32_t drop_types[8];		/* bitmap of Q.931 message types dropped on receipt */
	struct pair_ind ind[PAIR_MAXIND];
	int nind, rind;
	bool auto_release;		/* answer DISCONNECT_IND with q931_disconnect_req */
	/* called at the end of every indication callback, for requests made from there */
	void (*on_ind)(struct pair_side *s, const struct cc_ind *ind);
};

struct pair {
	struct tel_timers ts;
	uint64_t now;
	struct pair_side s[2];
	struct pair_frame *q;
	int qh, qn;
	bool cut;
	struct pair_msg log[PAIR_MAXLOG];
	int nlog, rlog;
	struct q931_codec codec;
};

static int pair_tx(void *io, const uint8_t *frame, size_t len)
{
	struct pair_side *s = io;
	struct pair *p = s->p;
	struct pair_frame *f;

	assert_true(p->qn < PAIR_MAXF);
	assert_true(len <= LAPD_MAX_FRAME);
	f = &p->q[(p->qh + p->qn) % PAIR_MAXF];
	p->qn++;
	f->to = !s->idx;
	f->len = (uint16_t)len;
	memcpy(f->b, frame, len);
	return 0;
}

static void pair_log(struct pair *p, int from, const uint8_t *msg, size_t len)
{
	struct q931_msg m;
	struct pair_msg *e;

	assert_true(p->nlog < PAIR_MAXLOG);
	e = &p->log[p->nlog++];
	memset(e, 0, sizeof(*e));
	e->from = from;
	if (q931_decode(&p->codec, from == U ? Q931_USER_TO_NET : Q931_NET_TO_USER, msg, len,
			&m) < 0) {
		e->type = 0xff;
		return;
	}
	e->type = m.type;
	e->cref = m.cref;
	e->flag = m.cref_flag;
	e->ncauses = m.ncauses;
	if (m.ncauses) {
		e->cause = m.cause[0].value;
		e->cause_loc = m.cause[0].location;
		e->diag_len = m.cause[0].diag_len < sizeof(e->diag) ? m.cause[0].diag_len :
			      sizeof(e->diag);
		if (e->diag_len)
			memcpy(e->diag, m.cause[0].diag, e->diag_len);
	}
	/* an IE's fields are defined only when it is present; absent ones log 0 */
	e->has_state = Q931_HAS(&m, Q931_I_CALL_STATE);
	e->state = e->has_state ? m.call_state : 0;
	e->has_chan = Q931_HAS(&m, Q931_I_CHANNEL_ID);
	e->chan_excl = e->has_chan && m.chan.exclusive;
	if (e->has_chan && m.chan.nchans)
		e->chan = m.chan.chans[0];
	e->has_uui = Q931_HAS(&m, Q931_I_USER_USER);
	if (e->has_uui) {
		e->uui_pd = m.uui.pd;
		e->uui_len = m.uui.len;
		memcpy(e->uui, m.uui.data, m.uui.len);
	}
	e->restart_class = Q931_HAS(&m, Q931_I_RESTART_IND) ? m.restart_class : 0;
	e->has_progress = m.nprogress > 0;
	e->progress = m.nprogress ? m.progress[0].desc : 0;
	e->nprogress = m.nprogress;
	e->progress_last = m.nprogress ? m.progress[m.nprogress - 1].desc : 0;
	e->has_display = Q931_HAS(&m, Q931_I_DISPLAY);
	if (e->has_display) {
		e->display = m.display;
		memcpy(e->display_text, m.display.text.p, m.display.text.len);
		e->display.text.p = e->display_text;
	}
}

static void pair_dl_ind(void *upper, enum dl_prim prim, enum dl_reason reason,
			const uint8_t *msg, size_t len)
{
	struct pair_side *s = upper;

	if (prim == DL_DATA_IND && len >= 5) {
		uint8_t type = msg[4];

		pair_log(s->p, !s->idx, msg, len);
		if (s->drop_types[type >> 5] & (1u << (type & 31)))
			return;
	}
	q931_cc_dl_ind(s->cc, prim, reason, msg, len);
}

static void pair_cc_ind(void *upper, const struct cc_ind *ind)
{
	struct pair_side *s = upper;
	struct pair_ind *r;

	assert_true(s->nind < PAIR_MAXIND);
	r = &s->ind[s->nind++];
	memset(r, 0, sizeof(*r));
	/* the pointers are set exactly when there are octets behind them */
	assert_true((ind->uui != NULL) == (ind->has_uui && ind->uui_len != 0));
	assert_true((ind->called != NULL) == (ind->called_len != 0));
	assert_true((ind->calling != NULL) == (ind->calling_len != 0));
	assert_true(ind->uui_len == 0 || ind->has_uui);
	r->prim = ind->prim;
	r->call = ind->call;
	r->call_user = ind->call_user;
	r->cause = ind->cause;
	r->peer_cause = ind->peer_cause;
	r->chan = ind->chan;
	r->link_up = ind->link_up;
	r->link_reason = ind->link_reason;
	r->chan_state = ind->chan_state;
	r->has_uui = ind->has_uui;
	r->uui_pd = ind->uui_pd;
	r->uui_len = ind->uui_len;
	if (ind->uui_len)
		memcpy(r->uui, ind->uui, ind->uui_len);
	r->called_len = ind->called_len;
	r->calling_len = ind->calling_len;
	if (ind->called_len)
		memcpy(r->called, ind->called, ind->called_len);
	if (ind->calling_len)
		memcpy(r->calling, ind->calling, ind->calling_len);
	r->state_at_ind = ind->call ? (int)q931_call_state(ind->call) : -1;
	assert_true((ind->name != NULL) == (ind->name_len != 0));
	assert_true(ind->name_len == 0 || ind->prim == CC_SETUP_IND);
	r->name_len = ind->name_len;
	r->name_type = ind->name_type;
	if (ind->name_len)
		memcpy(r->name, ind->name, ind->name_len);
	r->progress = ind->progress;
	if (s->auto_release && ind->prim == CC_DISCONNECT_IND &&
	    q931_call_state(ind->call) == Q931_S12_DISC_IND)
		assert_int_equal(q931_disconnect_req(ind->call, 0, NULL, 0, 0), 0);
	if (s->on_ind)
		s->on_ind(s, ind);
}

static const struct lapd_ops pair_ops = {
	.tx = pair_tx,
	.dl_ind = pair_dl_ind,
};

/* Runs frames and indications until nothing moves. */
PF void pump(struct pair *p)
{
	int guard = 0, moved;

	do {
		moved = 0;
		while (p->qn) {
			struct pair_frame f = p->q[p->qh];

			p->qh = (p->qh + 1) % PAIR_MAXF;
			p->qn--;
			if (!p->cut)
				lapd_rx_frame(p->s[f.to].l, f.b, f.len);
			moved++;
		}
		for (int i = 0; i < 2; i++) {
			/* what requests raised comes up from the run loop, as in a context */
			moved += q931_cc_deliver(p->s[i].cc);
			moved += lapd_poll(p->s[i].l);
		}
		for (int i = 0; i < 2; i++)	/* end of the round: delayed RR */
			if (lapd_ack_owed(p->s[i].l))
				moved += lapd_flush_ack(p->s[i].l);
		assert_true(++guard < 10000);
	} while (moved);
}

/* Moves the fake clock @ms forward in 100 ms steps, pumping in between. */
PF void advance(struct pair *p, uint64_t ms)
{
	uint64_t end = p->now + ms;

	while (p->now < end) {
		p->now += p->now + 100 <= end ? 100 : end - p->now;
		timers_run(&p->ts, p->now);
		pump(p);
	}
}

PF struct pair *pair_new_cfg(const struct q931_cc_cfg *tmpl)
{
	struct pair *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->q = calloc(PAIR_MAXF, sizeof(*p->q));
	assert_non_null(p->q);
	timers_init(&p->ts);
	q931_codec_init(&p->codec);
	p->codec.uui_max = 254;
	for (int i = 0; i < 2; i++) {
		struct pair_side *s = &p->s[i];
		struct lapd_cfg lc = {
			.network = i == N, .ops = &pair_ops, .io = s, .upper = s,
			.timers = &p->ts,
		};
		struct q931_cc_cfg cc = *tmpl;

		s->p = p;
		s->idx = i;
		assert_int_equal(lapd_new(&lc, &s->l), 0);
		cc.side = i == N ? Q931_SIDE_NETWORK : Q931_SIDE_USER;
		cc.link = s->l;
		cc.timers = &p->ts;
		cc.ind = pair_cc_ind;
		cc.upper = s;
		assert_int_equal(q931_cc_new(&cc, &s->cc), 0);
	}
	assert_int_equal(lapd_dl_establish_req(p->s[U].l), 0);
	pump(p);
	for (int i = 0; i < 2; i++) {
		assert_true(q931_cc_link_up(p->s[i].cc));
		assert_int_equal(p->s[i].nind, 1);
		assert_int_equal(p->s[i].ind[0].prim, CC_LINK_IND);
		p->s[i].rind = 1;
	}
	return p;
}

PF struct pair *pair_new(enum q931_variant v, unsigned int bchans)
{
	struct q931_cc_cfg cfg = { .variant = v, .bchans = bchans };

	return pair_new_cfg(&cfg);
}

PF void pair_free(struct pair *p)
{
	for (int i = 0; i < 2; i++) {
		q931_cc_free(p->s[i].cc);
		lapd_free(p->s[i].l);
	}
	timers_fini(&p->ts);
	free(p->q);
	free(p);
}

PF void drop_rx(struct pair *p, int side, uint8_t type, bool on)
{
	uint32_t *w = &p->s[side].drop_types[type >> 5];

	if (on)
		*w |= 1u << (type & 31);
	else
		*w &= ~(1u << (type & 31));
}

/* The next Q.931 message on the wire; asserts its sender and type. */
PF struct pair_msg *wire(struct pair *p, int from, uint8_t type)
{
	struct pair_msg *m;

	if (p->rlog >= p->nlog)
		fail_msg("expected %s from %s, wire is empty", q931_msg_name(type),
			 from == U ? "user" : "network");
	m = &p->log[p->rlog++];
	if (m->from != from || m->type != type)
		fail_msg("expected %s from %s, got %s from %s", q931_msg_name(type),
			 from == U ? "user" : "network", q931_msg_name(m->type),
			 m->from == U ? "user" : "network");
	return m;
}

PF void wire_empty(struct pair *p)
{
	if (p->rlog < p->nlog)
		fail_msg("unexpected %s from %s", q931_msg_name(p->log[p->rlog].type),
			 p->log[p->rlog].from == U ? "user" : "network");
}

/* The next indication delivered to @side; asserts its primitive. */
PF struct pair_ind *ind(struct pair *p, int side, enum cc_prim prim)
{
	struct pair_side *s = &p->s[side];
	struct pair_ind *r;

	if (s->rind >= s->nind)	/* what a request raised: the run loop's turn */
		q931_cc_deliver(s->cc);
	if (s->rind >= s->nind)
		fail_msg("expected %s on %s, none delivered", cc_prim_name(prim),
			 side == U ? "user" : "network");
	r = &s->ind[s->rind++];
	if (r->prim != prim)
		fail_msg("expected %s on %s, got %s", cc_prim_name(prim),
			 side == U ? "user" : "network", cc_prim_name(r->prim));
	return r;
}

PF void ind_empty(struct pair *p, int side)
{
	struct pair_side *s = &p->s[side];

	q931_cc_deliver(s->cc);		/* nothing waiting either */
	if (s->rind < s->nind)
		fail_msg("unexpected %s on %s", cc_prim_name(s->ind[s->rind].prim),
			 side == U ? "user" : "network");
}

PF void assert_cause(const struct cc_cause *k, int value, enum cc_cause_origin o)
{
	if (k->value != value || k->origin != o)
		fail_msg("cause %d/%s, expected %d/%s", k->value,
			 cc_cause_origin_name((enum cc_cause_origin)k->origin), value,
			 cc_cause_origin_name(o));
}

/* Sends raw Q.931 bytes from @from's data link, bypassing its call control. */
PF void inject_raw(struct pair *p, int from, const uint8_t *b, size_t len)
{
	assert_int_equal(lapd_dl_data_req(p->s[from].l, b, len), 0);
	pump(p);
}

PF void inject(struct pair *p, int from, const struct q931_msg *m)
{
	uint8_t buf[300];
	int n = q931_encode(&p->codec, from == U ? Q931_USER_TO_NET : Q931_NET_TO_USER, m, buf,
			    sizeof(buf));

	assert_true(n > 0);
	inject_raw(p, from, buf, (size_t)n);
}

/* An outgoing call from @from, @chan (0: any), numbers "123" -> "456". */
PF struct q931_call *call_out(struct pair *p, int from, int chan, bool excl, void *user)
{
	struct cc_setup_req r = {
		.called = (const uint8_t *)"456", .called_len = 3,
		.calling = (const uint8_t *)"123", .calling_len = 3,
		.chan = chan, .exclusive = excl,
	};
	struct q931_call *c = NULL;

	assert_int_equal(q931_setup_req(p->s[from].cc, &r, user, &c), 0);
	assert_non_null(c);
	return c;
}

/* A call from @from brought to the active state; returns both ends. */
PF void call_active(struct pair *p, int from, struct q931_call **out, struct q931_call **in)
{
	struct pair_ind *si;

	*out = call_out(p, from, 0, false, NULL);
	pump(p);
	wire(p, from, Q931_SETUP);
	si = ind(p, !from, CC_SETUP_IND);
	*in = si->call;
	assert_int_equal(q931_connect_req(*in, NULL, 0, 0), 0);
	pump(p);
	wire(p, !from, Q931_CONNECT);
	wire(p, from, Q931_CONNECT_ACK);
	ind(p, from, CC_SETUP_CONF);
	ind(p, !from, CC_SETUP_COMPLETE_IND);
	assert_int_equal(q931_call_state(*out), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(*in), Q931_S10_ACTIVE);
}

#endif /* TEST_CC_PAIR_H */
