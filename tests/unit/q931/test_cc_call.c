// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control: calls set up and cleared normally in both directions,
 * reject, UUI in every message that may carry it, B-channel selection and
 * glare, EuroISDN/NI-2 channel coding, a full E1/T1 and 100 calls in a row.
 */
#include "cc_pair.h"
#include "q931/cc_int.h"

static const uint8_t uui_a[] = { 0x00, 0x01, 0xff, 0x00, 0x7e };	/* binary, with 0x00 */
static const uint8_t uui_b[] = "bye";

static void test_call_user_to_network(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct cc_setup_req r = {
		.called = (const uint8_t *)"4711", .called_len = 4,
		.calling = (const uint8_t *)"0815", .calling_len = 4,
		.uui = uui_a, .uui_len = sizeof(uui_a), .uui_pd = 0,
	};
	struct q931_call *c, *nc;
	struct pair_msg *m;
	struct pair_ind *i;
	int tag;

	(void)state;
	assert_int_equal(q931_setup_req(p->s[U].cc, &r, &tag, &c), 0);
	assert_int_equal(q931_call_state(c), Q931_S1_CALL_INIT);
	ind_empty(p, U);		/* nothing delivered before a poll */
	pump(p);
	m = wire(p, U, Q931_SETUP);
	assert_false(m->flag);		/* we allocated the cref */
	assert_int_equal(m->cref, q931_call_cref(c));
	assert_false(m->has_chan);	/* the user leaves the choice to the network */
	assert_true(m->has_uui);
	assert_memory_equal(m->uui, uui_a, sizeof(uui_a));
	i = ind(p, N, CC_SETUP_IND);
	nc = i->call;
	assert_int_equal(i->chan, 1);
	assert_int_equal(i->called_len, 4);
	assert_memory_equal(i->called, "4711", 4);
	assert_memory_equal(i->calling, "0815", 4);
	assert_true(i->has_uui);
	assert_int_equal(i->uui_len, sizeof(uui_a));
	assert_memory_equal(i->uui, uui_a, sizeof(uui_a));
	assert_int_equal(q931_call_state(nc), Q931_S1_CALL_INIT);

	assert_int_equal(q931_proceeding_req(nc), 0);
	pump(p);
	m = wire(p, N, Q931_CALL_PROCEEDING);
	assert_true(m->flag);
	assert_true(m->has_chan);
	assert_true(m->chan_excl);
	assert_int_equal(m->chan, 1);
	i = ind(p, U, CC_PROCEEDING_IND);
	assert_ptr_equal(i->call, c);
	assert_ptr_equal(i->call_user, &tag);
	assert_int_equal(i->chan, 1);
	assert_int_equal(q931_call_chan(c), 1);
	assert_int_equal(q931_call_state(c), Q931_S3_OUT_CALL_PROC);

	assert_int_equal(q931_alerting_req(nc, uui_b, 3, 4), 0);
	pump(p);
	m = wire(p, N, Q931_ALERTING);
	assert_false(m->has_chan);	/* only the first response names it */
	i = ind(p, U, CC_ALERTING_IND);
	assert_true(i->has_uui);
	assert_int_equal(i->uui_pd, 4);
	assert_memory_equal(i->uui, "bye", 3);
	assert_int_equal(q931_call_state(nc), Q931_S4_CALL_DELIVERED);

	assert_int_equal(q931_connect_req(nc, uui_a, 2, 0), 0);
	pump(p);
	wire(p, N, Q931_CONNECT);
	wire(p, U, Q931_CONNECT_ACK);
	i = ind(p, U, CC_SETUP_CONF);
	assert_int_equal(i->uui_len, 2);
	ind(p, N, CC_SETUP_COMPLETE_IND);
	assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(nc), Q931_S10_ACTIVE);

	/* USER INFORMATION both ways while active */
	assert_int_equal(q931_user_info_req(c, uui_a, sizeof(uui_a), 0), 0);
	assert_int_equal(q931_user_info_req(nc, uui_b, 3, 4), 0);
	pump(p);
	wire(p, U, Q931_USER_INFORMATION);
	wire(p, N, Q931_USER_INFORMATION);
	i = ind(p, N, CC_USER_INFO_IND);
	assert_memory_equal(i->uui, uui_a, sizeof(uui_a));
	i = ind(p, U, CC_USER_INFO_IND);
	assert_memory_equal(i->uui, "bye", 3);

	/* user clears: DISCONNECT -> RELEASE -> RELEASE COMPLETE */
	assert_int_equal(q931_disconnect_req(c, 16, uui_b, 3, 4), 0);
	pump(p);
	m = wire(p, U, Q931_DISCONNECT);
	assert_int_equal(m->cause, 16);
	assert_int_equal(m->cause_loc, 0);
	assert_memory_equal(m->uui, "bye", 3);
	i = ind(p, N, CC_DISCONNECT_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_REMOTE);
	assert_memory_equal(i->uui, "bye", 3);
	assert_int_equal(q931_disconnect_req(nc, 0, uui_a, 1, 0), 0);
	pump(p);
	wire(p, N, Q931_RELEASE);
	wire(p, U, Q931_RELEASE_COMPLETE);
	wire_empty(p);
	i = ind(p, U, CC_RELEASE_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_LOCAL);	/* we cleared first */
	assert_true(i->has_uui);			/* the network's RELEASE carried UUI */
	assert_int_equal(i->uui_len, 1);
	i = ind(p, N, CC_RELEASE_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_REMOTE);
	assert_int_equal(i->chan, 1);
	ind_empty(p, U);
	ind_empty(p, N);
	pair_free(p);
}

static void test_call_network_to_user_net_clears(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *uc;
	struct pair_msg *m;
	struct pair_ind *i;

	(void)state;
	c = call_out(p, N, 0, true, NULL);
	pump(p);
	m = wire(p, N, Q931_SETUP);
	assert_true(m->has_chan);	/* mandatory from the network */
	assert_int_equal(m->chan, 1);
	assert_true(m->chan_excl);
	i = ind(p, U, CC_SETUP_IND);
	uc = i->call;
	assert_int_equal(i->chan, 1);
	assert_int_equal(q931_call_state(uc), Q931_S6_CALL_PRESENT);
	assert_int_equal(q931_proceeding_req(uc), 0);
	assert_int_equal(q931_alerting_req(uc, NULL, 0, 0), 0);
	assert_int_equal(q931_connect_req(uc, NULL, 0, 0), 0);
	assert_int_equal(q931_call_state(uc), Q931_S8_CONNECT_REQ);
	pump(p);
	wire(p, U, Q931_CALL_PROCEEDING);
	wire(p, U, Q931_ALERTING);
	wire(p, U, Q931_CONNECT);
	wire(p, N, Q931_CONNECT_ACK);
	ind(p, N, CC_PROCEEDING_IND);
	ind(p, N, CC_ALERTING_IND);
	ind(p, N, CC_SETUP_CONF);
	ind(p, U, CC_SETUP_COMPLETE_IND);
	assert_int_equal(q931_call_state(uc), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);

	/* network clears, the user's session answers with its own drop */
	p->s[U].auto_release = true;
	assert_int_equal(q931_disconnect_req(c, 0, NULL, 0, 0), 0);
	pump(p);
	m = wire(p, N, Q931_DISCONNECT);
	assert_int_equal(m->cause, 16);		/* default cause */
	assert_int_equal(m->cause_loc, 2);
	wire(p, U, Q931_RELEASE);
	wire(p, N, Q931_RELEASE_COMPLETE);
	i = ind(p, U, CC_DISCONNECT_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_REMOTE);
	i = ind(p, U, CC_RELEASE_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_REMOTE);
	i = ind(p, N, CC_RELEASE_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_LOCAL);
	pair_free(p);
}

static void test_reject_default_cause_with_uui(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *uc;
	struct pair_msg *m;
	struct pair_ind *i;
	uint8_t big[129];

	(void)state;
	memset(big, 0x5a, sizeof(big));
	c = call_out(p, N, 5, false, NULL);
	pump(p);
	wire(p, N, Q931_SETUP);
	uc = ind(p, U, CC_SETUP_IND)->call;
	/* too much UUI: an error and nothing sent */
	assert_int_equal(q931_disconnect_req(uc, 0, big, 129, 0), TEL_EUUITOOBIG);
	pump(p);
	wire_empty(p);
	assert_int_equal(q931_disconnect_req(uc, 0, big, 128, 0), 0);
	pump(p);
	m = wire(p, U, Q931_RELEASE_COMPLETE);
	assert_int_equal(m->cause, 21);
	assert_int_equal(m->uui_len, 128);
	i = ind(p, U, CC_RELEASE_IND);
	assert_cause(&i->cause, 21, CC_CAUSE_LOCAL);
	i = ind(p, N, CC_RELEASE_IND);
	assert_ptr_equal(i->call, c);
	assert_cause(&i->cause, 21, CC_CAUSE_REMOTE);
	assert_int_equal(i->uui_len, 128);
	assert_memory_equal(i->uui, big, 128);
	assert_int_equal(i->chan, 5);
	pair_free(p);
}

static void test_reject_busy_from_network(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct pair_ind *i;

	(void)state;
	call_out(p, U, 0, false, NULL);
	pump(p);
	wire(p, U, Q931_SETUP);
	i = ind(p, N, CC_SETUP_IND);
	assert_int_equal(q931_disconnect_req(i->call, 17, NULL, 0, 0), 0);
	pump(p);
	assert_int_equal(wire(p, N, Q931_RELEASE_COMPLETE)->cause, 17);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 17, CC_CAUSE_REMOTE);
	assert_cause(&ind(p, N, CC_RELEASE_IND)->cause, 17, CC_CAUSE_LOCAL);
	pair_free(p);
}

static void test_uui_limit_per_line(void **state)
{
	struct q931_cc_cfg cfg = { .variant = Q931_V_EUROISDN, .bchans = 30, .uui_max = 32 };
	struct pair *p = pair_new_cfg(&cfg);
	uint8_t b[33] = { 0 };
	struct cc_setup_req r = { .uui = b, .uui_len = 33 };
	struct q931_call *c = NULL, *nc;

	(void)state;
	assert_int_equal(q931_setup_req(p->s[U].cc, &r, NULL, &c), TEL_EUUITOOBIG);
	assert_null(c);
	pump(p);
	wire_empty(p);
	r.uui_len = 32;
	assert_int_equal(q931_setup_req(p->s[U].cc, &r, NULL, &c), 0);
	pump(p);
	assert_int_equal(wire(p, U, Q931_SETUP)->uui_len, 32);
	nc = ind(p, N, CC_SETUP_IND)->call;
	assert_int_equal(q931_alerting_req(nc, b, 33, 0), TEL_EUUITOOBIG);
	assert_int_equal(q931_connect_req(nc, b, 33, 0), TEL_EUUITOOBIG);
	assert_int_equal(q931_call_state(nc), Q931_S1_CALL_INIT);
	pump(p);
	wire_empty(p);
	pair_free(p);
}

/* UUI of two calls cleared in one pump stays with each call's indication. */
static void test_uui_kept_per_indication(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *b, *bn;
	struct pair_ind *i;

	(void)state;
	call_active(p, U, &a, &an);
	call_active(p, U, &b, &bn);
	assert_int_equal(q931_disconnect_req(a, 16, (const uint8_t *)"AAAA", 4, 4), 0);
	assert_int_equal(q931_disconnect_req(b, 16, (const uint8_t *)"BB", 2, 4), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	wire(p, U, Q931_DISCONNECT);
	i = ind(p, N, CC_DISCONNECT_IND);
	assert_ptr_equal(i->call, an);
	assert_int_equal(i->uui_len, 4);
	assert_memory_equal(i->uui, "AAAA", 4);
	i = ind(p, N, CC_DISCONNECT_IND);
	assert_ptr_equal(i->call, bn);
	assert_int_equal(i->uui_len, 2);
	assert_memory_equal(i->uui, "BB", 2);
	pair_free(p);
}

static void setup_msg(struct q931_msg *m, uint16_t cref, int chan, bool excl)
{
	q931_msg_init(m, Q931_SETUP, cref, false);
	m->present |= Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_CHANNEL_ID);
	m->bearer.rate = 0x10;
	m->chan.pri = true;
	m->chan.exclusive = excl;
	m->chan.sel = 1;
	m->chan.has_chans = true;
	m->chan.chan_type = 3;
	m->chan.nchans = 1;
	m->chan.chans[0] = (uint8_t)chan;
}

/* UUI of no octets (the IE with the protocol discriminator only) is kept as such. */
static void test_empty_uui(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct cc_setup_req r = { .called = (const uint8_t *)"1", .called_len = 1 };
	struct q931_call *c;
	struct pair_ind *i;

	(void)state;
	assert_int_equal(q931_setup_req(p->s[U].cc, &r, NULL, &c), 0);
	pump(p);
	i = ind(p, N, CC_SETUP_IND);
	assert_false(i->has_uui);
	assert_int_equal(i->calling_len, 0);
	assert_int_equal(q931_alerting_req(i->call, uui_b, 0, 4), 0);
	pump(p);
	i = ind(p, U, CC_ALERTING_IND);	/* pair_cc_ind checked uui == NULL */
	assert_true(i->has_uui);
	assert_int_equal(i->uui_pd, 4);
	assert_int_equal(i->uui_len, 0);
	assert_int_equal(q931_disconnect_req(c, 16, uui_b, 0, 5), 0);
	pump(p);
	i = ind(p, N, CC_DISCONNECT_IND);
	assert_true(i->has_uui);
	assert_int_equal(i->uui_pd, 5);
	assert_int_equal(i->uui_len, 0);
	pair_free(p);
}

static void test_channel_selection_by_network(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *b;
	struct q931_msg m;
	struct pair_msg *w;
	struct pair_ind *i;

	(void)state;
	call_active(p, N, &a, &an);		/* network took channel 1 */
	assert_int_equal(q931_call_chan(a), 1);
	b = call_out(p, U, 3, false, NULL);	/* user prefers 3: free */
	pump(p);
	w = wire(p, U, Q931_SETUP);
	assert_int_equal(w->chan, 3);
	assert_false(w->chan_excl);
	i = ind(p, N, CC_SETUP_IND);
	assert_int_equal(i->chan, 3);
	assert_int_equal(q931_connect_req(i->call, NULL, 0, 0), 0);
	pump(p);
	w = wire(p, N, Q931_CONNECT);
	assert_int_equal(w->chan, 3);
	assert_true(w->chan_excl);
	wire(p, U, Q931_CONNECT_ACK);
	(void)ind(p, N, CC_SETUP_COMPLETE_IND);
	assert_int_equal(q931_call_chan(b), 3);

	/* a user SETUP preferring busy channel 1: the network picks another */
	setup_msg(&m, 0x100, 1, false);
	inject(p, U, &m);
	wire(p, U, Q931_SETUP);
	assert_int_equal(ind(p, N, CC_SETUP_IND)->chan, 2);
	/* exclusive busy channel 1: RELEASE COMPLETE 44, the session sees nothing */
	setup_msg(&m, 0x101, 1, true);
	inject(p, U, &m);
	wire(p, U, Q931_SETUP);
	w = wire(p, N, Q931_RELEASE_COMPLETE);
	assert_int_equal(w->cause, 44);
	assert_int_equal(w->cref, 0x101);
	assert_true(w->flag);
	/* channel 16 on E1 does not exist: 82 */
	setup_msg(&m, 0x102, 16, true);
	inject(p, U, &m);
	wire(p, U, Q931_SETUP);
	assert_int_equal(wire(p, N, Q931_RELEASE_COMPLETE)->cause, 82);
	ind_empty(p, N);
	pair_free(p);
}

/* Both sides pick channel 7 at once: the network's choice wins. */
static void test_glare_network_wins(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *uo, *no;
	struct pair_ind *ui, *ni;
	struct pair_msg *m;

	(void)state;
	uo = call_out(p, U, 7, false, NULL);
	no = call_out(p, N, 7, true, NULL);
	pump(p);
	wire(p, U, Q931_SETUP);
	wire(p, N, Q931_SETUP);
	ni = ind(p, N, CC_SETUP_IND);		/* the user's call: another channel */
	assert_int_not_equal(ni->chan, 7);
	ui = ind(p, U, CC_SETUP_IND);		/* the network's call keeps 7 */
	assert_int_equal(ui->chan, 7);
	assert_int_equal(q931_call_chan(uo), 0);
	assert_int_equal(q931_proceeding_req(ni->call), 0);
	assert_int_equal(q931_proceeding_req(ui->call), 0);
	pump(p);
	m = wire(p, N, Q931_CALL_PROCEEDING);
	assert_int_equal(m->chan, ni->chan);
	m = wire(p, U, Q931_CALL_PROCEEDING);
	assert_int_equal(m->chan, 7);
	assert_int_equal(q931_call_chan(uo), ni->chan);
	assert_int_equal(q931_call_chan(no), 7);
	assert_int_equal(q931_call_state(uo), Q931_S3_OUT_CALL_PROC);
	pair_free(p);
}

/*
 * Our SETUP left the channel to the network, and its first answer (CALL
 * PROCEEDING, ALERTING or CONNECT) names none: Channel identification is
 * mandatory there. The answer is void (5.8.6.1: STATUS 96, no state change,
 * no CONNECT ACK); T303 goes on and ends the call with 102. It used to go
 * CONNECTED on B-channel 0.
 */
static void test_first_answer_without_channel_is_void(void **state)
{
	static const uint8_t types[] = { Q931_CALL_PROCEEDING, Q931_ALERTING, Q931_CONNECT };

	(void)state;
	for (unsigned int k = 0; k < sizeof(types); k++) {
		struct pair *p = pair_new(Q931_V_EUROISDN, 30);
		struct q931_call *c;
		struct q931_msg m;
		struct pair_msg *w;
		struct pair_ind *i;

		c = call_out(p, U, 0, false, NULL);
		drop_rx(p, N, Q931_SETUP, true);	/* a raw network answers */
		drop_rx(p, N, Q931_STATUS, true);
		pump(p);
		w = wire(p, U, Q931_SETUP);
		q931_msg_init(&m, types[k], w->cref, true);
		inject(p, N, &m);
		wire(p, N, types[k]);
		w = wire(p, U, Q931_STATUS);
		assert_int_equal(w->cause, 96);
		assert_int_equal(w->state, Q931_S1_CALL_INIT);
		wire_empty(p);		/* no CONNECT ACK */
		ind_empty(p, U);
		assert_int_equal(q931_call_state(c), Q931_S1_CALL_INIT);
		assert_int_equal(q931_call_chan(c), 0);
		advance(p, 4000);
		wire(p, U, Q931_SETUP);		/* T303: once more */
		advance(p, 4000);
		assert_int_equal(wire(p, U, Q931_RELEASE_COMPLETE)->cause, 102);
		i = ind(p, U, CC_RELEASE_IND);
		assert_ptr_equal(i->call, c);
		assert_cause(&i->cause, 102, CC_CAUSE_TIMER);
		assert_int_equal(i->cause.timer, Q931_T303);
		ind_empty(p, U);
		pair_free(p);
	}
}

/*
 * A SETUP the application leaves unanswered gets ALERTING from call control
 * after CC_AUTO_ALERT_MS (1 s), on either side, before the caller's T303 (4 s)
 * would send it again and clear the call: it may then ring as long as the
 * application lets it, and still be answered or refused.
 */
static void test_auto_alerting(void **state)
{
	(void)state;
	for (int from = U; from <= N; from++) {
		struct pair *p = pair_new(Q931_V_EUROISDN, 30);
		struct q931_call *c, *in;

		c = call_out(p, from, 0, false, NULL);
		pump(p);
		wire(p, from, Q931_SETUP);
		in = ind(p, !from, CC_SETUP_IND)->call;
		advance(p, 900);
		wire_empty(p);
		advance(p, 100);
		assert_int_equal(wire(p, !from, Q931_ALERTING)->chan, 1);	/* the first answer */
		(void)ind(p, from, CC_ALERTING_IND);
		ind_empty(p, !from);	/* the session's OFFERING stays as it is */
		advance(p, 60000);	/* rings: no T303 */
		wire_empty(p);
		assert_int_equal(q931_connect_req(in, NULL, 0, 0), 0);
		pump(p);
		wire(p, !from, Q931_CONNECT);
		wire(p, from, Q931_CONNECT_ACK);
		assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);
		assert_int_equal(q931_call_state(in), Q931_S10_ACTIVE);
		pair_free(p);
	}
}

/* The network names a channel the user has in use: the user clears with 44. */
static void test_user_cannot_accept_channel(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *c;
	struct q931_msg m;
	struct pair_msg *w;
	struct pair_ind *i;

	(void)state;
	call_active(p, N, &a, &an);	/* channel 1 in use on both sides */
	c = call_out(p, U, 0, false, NULL);
	drop_rx(p, N, Q931_SETUP, true);
	pump(p);
	w = wire(p, U, Q931_SETUP);
	q931_msg_init(&m, Q931_CALL_PROCEEDING, w->cref, true);
	m.present |= Q931_BIT(Q931_I_CHANNEL_ID);
	m.chan.pri = true;
	m.chan.exclusive = true;
	m.chan.sel = 1;
	m.chan.has_chans = true;
	m.chan.chan_type = 3;
	m.chan.nchans = 1;
	m.chan.chans[0] = 1;
	inject(p, N, &m);
	wire(p, N, Q931_CALL_PROCEEDING);
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, 44);
	/* the network never saw the SETUP: unknown call reference */
	assert_int_equal(wire(p, N, Q931_RELEASE_COMPLETE)->cause, 81);
	/* the session hears at once that call control is clearing, and why */
	i = ind(p, U, CC_CLEARING_IND);
	assert_ptr_equal(i->call, c);
	assert_cause(&i->cause, 44, CC_CAUSE_PROTOCOL);
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, c);
	assert_cause(&i->cause, 44, CC_CAUSE_PROTOCOL);
	assert_int_equal(i->peer_cause.value, 81);
	pair_free(p);
}

/* Longest run of occupied slots in @cc's call reference table (cyclic). */
static unsigned int longest_run(const struct q931_cc *cc)
{
	unsigned int best = 0, run = 0, size = cc->hmask + 1;

	for (unsigned int i = 0; i < 2 * size; i++) {
		run = cc->htab[i % size] ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best > size ? size : best;
}

static void fill_line(enum q931_variant v, unsigned int bchans, int from)
{
	struct pair *p = pair_new(v, bchans);
	struct cc_setup_req r = { .called = (const uint8_t *)"1", .called_len = 1 };
	struct q931_call *c[32], *x = NULL;
	uint32_t seen = 0;
	unsigned int k;

	for (k = 0; k < bchans; k++) {
		c[k] = call_out(p, from, 0, false, NULL);
		pump(p);
		wire(p, from, Q931_SETUP);
		assert_int_equal(q931_connect_req(ind(p, !from, CC_SETUP_IND)->call, NULL, 0, 0),
				 0);
		pump(p);
		wire(p, !from, Q931_CONNECT);
		wire(p, from, Q931_CONNECT_ACK);
		(void)ind(p, from, CC_SETUP_CONF);
		(void)ind(p, !from, CC_SETUP_COMPLETE_IND);
		assert_int_equal(q931_call_state(c[k]), Q931_S10_ACTIVE);
		seen |= 1u << q931_call_chan(c[k]);
	}
	/* the calls' references are consecutive; their table slots must not
	 * form one long run (deleting a call walks the run it is in) */
	assert_true(longest_run(p->s[U].cc) <= 4);
	assert_true(longest_run(p->s[N].cc) <= 4);
	if (bchans == 30)
		assert_int_equal(seen, 0xfffefffeu);	/* timeslots 1-15, 17-31 */
	else
		assert_int_equal(seen, 0x00fffffeu);	/* 1-23 */
	assert_int_equal(q931_setup_req(p->s[from].cc, &r, NULL, &x), TEL_ENOCHAN);
	assert_null(x);
	pump(p);
	wire_empty(p);
	pair_free(p);
}

static void test_e1_30_calls(void **state)
{
	(void)state;
	fill_line(Q931_V_EUROISDN, 30, U);
	fill_line(Q931_V_EUROISDN, 30, N);
}

static void test_t1_23_calls(void **state)
{
	(void)state;
	fill_line(Q931_V_NI2, 23, U);
	fill_line(Q931_V_NI2, 23, N);
}

/* When the user still thinks a channel is free, the network answers 34. */
static void test_no_circuit_34(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an;
	struct pair_ind *i;

	(void)state;
	drop_rx(p, U, Q931_SETUP, true);	/* the user does not know the channels are gone */
	for (int k = 0; k < 30; k++) {
		call_out(p, N, 0, true, NULL);
		pump(p);
		wire(p, N, Q931_SETUP);
	}
	/* the user leaves the choice to the network: it has none left */
	a = call_out(p, U, 0, false, NULL);
	(void)an;
	pump(p);
	wire(p, U, Q931_SETUP);
	assert_int_equal(wire(p, N, Q931_RELEASE_COMPLETE)->cause, 34);
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, a);
	assert_cause(&i->cause, 34, CC_CAUSE_REMOTE);
	ind_empty(p, N);	/* the network's session never saw it */
	pair_free(p);
}

static void test_e1_timeslot_16_is_not_a_bchannel(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c = NULL;
	struct cc_setup_req r = { .chan = 16 };

	(void)state;
	assert_int_equal(q931_setup_req(p->s[N].cc, &r, NULL, &c), TEL_EINVAL);
	r.chan = 31;
	assert_int_equal(q931_setup_req(p->s[N].cc, &r, NULL, &c), 0);
	pump(p);
	assert_int_equal(wire(p, N, Q931_SETUP)->chan, 31);
	assert_int_equal(ind(p, U, CC_SETUP_IND)->chan, 31);
	pair_free(p);
}

/* NI-2 codes every channel identification exclusive; EuroISDN keeps preferred. */
static void test_ni2_always_exclusive(void **state)
{
	struct pair *p = pair_new(Q931_V_NI2, 23);
	struct pair_msg *m;

	(void)state;
	call_out(p, U, 23, false, NULL);
	pump(p);
	m = wire(p, U, Q931_SETUP);
	assert_int_equal(m->chan, 23);
	assert_true(m->chan_excl);
	pair_free(p);

	p = pair_new(Q931_V_EUROISDN, 30);
	call_out(p, U, 23, false, NULL);
	pump(p);
	m = wire(p, U, Q931_SETUP);
	assert_false(m->chan_excl);
	pair_free(p);
}

static void test_100_sequential_calls(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc;
	uint16_t first = 0;

	(void)state;
	for (int k = 0; k < 100; k++) {
		call_active(p, k & 1 ? N : U, &c, &nc);
		if (!k)
			first = q931_call_cref(c);
		else
			assert_int_not_equal(q931_call_cref(c), 0);
		assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
		pump(p);
		(void)ind(p, k & 1 ? U : N, CC_DISCONNECT_IND);
		assert_int_equal(q931_disconnect_req(nc, 0, NULL, 0, 0), 0);
		pump(p);
		(void)ind(p, U, CC_RELEASE_IND);
		(void)ind(p, N, CC_RELEASE_IND);
		ind_empty(p, U);
		ind_empty(p, N);
		p->rlog = p->nlog;
	}
	assert_int_equal(first, 1);
	assert_int_equal(q931_cc_counters(p->s[U].cc)->ind_dropped, 0);
	assert_int_equal(q931_cc_counters(p->s[N].cc)->rx_ignored, 0);
	pair_free(p);
}

/*
 * Our call references: in sequence, skipping those our calls still hold, from
 * 0x7fff back to 1. Each call is found again through the table (its CONNECT).
 */
static void test_cref_allocation(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *b, *c, *d, *na, *nb, *nc, *nd;

	(void)state;
	call_active(p, U, &a, &na);
	assert_int_equal(q931_call_cref(a), 1);
	p->s[U].cc->next_cref = 1;		/* held by a */
	call_active(p, U, &b, &nb);
	assert_int_equal(q931_call_cref(b), 2);
	p->s[U].cc->next_cref = 0x7fff;
	call_active(p, U, &c, &nc);
	assert_int_equal(q931_call_cref(c), 0x7fff);
	call_active(p, U, &d, &nd);		/* 1 and 2 held: 3 */
	assert_int_equal(q931_call_cref(d), 3);
	assert_int_equal(q931_call_cref(nd), 3);
	assert_int_equal(q931_cc_counters(p->s[U].cc)->rx_ignored, 0);
	assert_int_equal(q931_cc_counters(p->s[N].cc)->rx_ignored, 0);
	pair_free(p);
}

/* Every call of @c[0..n) that is not NULL is found again and knows its table slot. */
static void check_table(struct q931_cc *cc, struct q931_call **c, const uint16_t *keys,
			unsigned int n)
{
	unsigned int used = 0;

	for (unsigned int k = 0; k < n; k++) {
		if (!c[k]) {
			assert_null(cc_lookup(cc, keys[k]));
			continue;
		}
		assert_ptr_equal(cc_lookup(cc, keys[k]), c[k]);
		assert_int_equal(cc->htab[c[k]->hpos], c[k]->idx + 1);
		used++;
	}
	for (unsigned int i = 0; i <= cc->hmask; i++)
		used -= cc->htab[i] != 0;
	assert_int_equal(used, 0);
}

/*
 * The call reference table under collisions: five keys with one home slot and
 * three with the next, inserted interleaved and deleted in an order that
 * shifts entries back over each other. Every call left is found and knows its
 * slot after each deletion.
 */
static void test_cref_table_collisions(void **state)
{
	static const unsigned int ins[8] = { 5, 0, 1, 6, 2, 3, 7, 4 };
	static const unsigned int del[8] = { 0, 5, 3, 1, 7, 2, 6, 4 };
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_cc *cc = p->s[U].cc;
	struct q931_call *c[8] = { NULL };
	uint16_t keys[8];
	uint32_t home = 0;
	unsigned int n5 = 0, n3 = 0;

	(void)state;
	for (uint32_t k = 1; k < 0x8000 && (n5 < 5 || n3 < 3); k++) {
		uint32_t h = (uint32_t)((k * 0x9e3779b1u) >> cc->hshift);

		if (k == 1)
			home = h;
		if (h == home && n5 < 5)
			keys[n5++] = (uint16_t)k;
		else if (h == ((home + 1) & cc->hmask) && n3 < 3)
			keys[5 + n3++] = (uint16_t)k;
	}
	assert_int_equal(n5, 5);
	assert_int_equal(n3, 3);
	for (unsigned int k = 0; k < 8; k++) {
		c[ins[k]] = cc_call_new(cc, keys[ins[k]]);
		assert_non_null(c[ins[k]]);
		check_table(cc, c, keys, 8);
	}
	for (unsigned int k = 0; k < 8; k++) {
		cc_call_abort(c[del[k]]);
		c[del[k]] = NULL;
		check_table(cc, c, keys, 8);
	}
	pair_free(p);
}

static void test_requests_in_wrong_state(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c;

	(void)state;
	c = call_out(p, U, 0, false, NULL);
	assert_int_equal(q931_connect_req(c, NULL, 0, 0), TEL_ESTATE);
	assert_int_equal(q931_proceeding_req(c), TEL_ESTATE);
	assert_int_equal(q931_user_info_req(c, uui_a, 1, 0), TEL_ESTATE);
	assert_int_equal(q931_disconnect_req(c, 200, NULL, 0, 0), TEL_EINVAL);
	pump(p);
	pair_free(p);
}

static void test_fsm_table_lookup(void **state)
{
	const char *a;
	int next;

	(void)state;
	assert_true(q931_cc_fsm_lookup(Q931_SIDE_USER, Q931_S11_DISC_REQ, "T305", &a, &next));
	assert_string_equal(a, "t305");
	assert_true(q931_cc_fsm_lookup(Q931_SIDE_USER, Q931_S8_CONNECT_REQ, "RX_CONNECT_ACK", &a,
				       &next));
	assert_int_equal(next, Q931_S10_ACTIVE);
	assert_true(q931_cc_fsm_lookup(Q931_SIDE_NETWORK, Q931_S10_ACTIVE, "RX_DISCONNECT", &a,
				       &next));
	assert_string_equal(a, "rx_disconnect");
	assert_false(q931_cc_fsm_lookup(Q931_SIDE_NETWORK, Q931_S0_NULL, "RX_DISCONNECT", &a,
					&next));
	assert_false(q931_cc_fsm_lookup(Q931_SIDE_USER, Q931_S1_CALL_INIT, "CONNECT_REQ", &a,
					&next));
	assert_string_equal(q931_state_name(Q931_S19_REL_REQ), "REL_REQ");
	assert_string_equal(q931_timer_name(Q931_T308), "T308");
	assert_string_equal(cc_prim_name(CC_CHAN_OOS_IND), "CHAN-OOS-IND");
}

/*
 * The rows every non-Null state shares are merged into each state's row of
 * both tables: clearing messages have an action in every state but Null, and
 * a state's own row (REL_REQ: a RELEASE crossing ours) still wins.
 */
static void test_fsm_any_rows_every_state(void **state)
{
	static const char *const ev[] = { "RX_DISCONNECT", "RX_RELEASE", "RX_REL_COMP" };
	const char *a;
	int next;

	(void)state;
	for (int side = 0; side < 2; side++) {
		for (size_t e = 0; e < 3; e++)
			assert_false(q931_cc_fsm_lookup((enum q931_side)side, Q931_S0_NULL, ev[e],
							&a, &next));
		for (int st = 1; st <= 25; st++) {
			for (size_t e = 0; e < 3; e++)
				assert_true(q931_cc_fsm_lookup((enum q931_side)side,
							       (enum q931_call_state)st, ev[e],
							       &a, &next));
			assert_true(q931_cc_fsm_lookup((enum q931_side)side,
						       (enum q931_call_state)st, "RX_RELEASE",
						       &a, &next));
			assert_string_equal(a, st == Q931_S19_REL_REQ ? "rel_collision" :
					    "rx_release");
			assert_true(q931_cc_fsm_lookup((enum q931_side)side,
						       (enum q931_call_state)st, "RX_DISCONNECT",
						       &a, &next));
			if (st == Q931_S11_DISC_REQ)
				assert_string_equal(a, "disc_collision");
			else if (st == Q931_S12_DISC_IND)
				assert_string_equal(a, "nop");
			else if (st == Q931_S19_REL_REQ)
				assert_string_equal(a, "disc_info");
			else
				assert_int_equal(next, Q931_S12_DISC_IND);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_user_to_network),
		cmocka_unit_test(test_call_network_to_user_net_clears),
		cmocka_unit_test(test_reject_default_cause_with_uui),
		cmocka_unit_test(test_reject_busy_from_network),
		cmocka_unit_test(test_uui_limit_per_line),
		cmocka_unit_test(test_uui_kept_per_indication),
		cmocka_unit_test(test_empty_uui),
		cmocka_unit_test(test_channel_selection_by_network),
		cmocka_unit_test(test_glare_network_wins),
		cmocka_unit_test(test_user_cannot_accept_channel),
		cmocka_unit_test(test_first_answer_without_channel_is_void),
		cmocka_unit_test(test_auto_alerting),
		cmocka_unit_test(test_e1_30_calls),
		cmocka_unit_test(test_t1_23_calls),
		cmocka_unit_test(test_no_circuit_34),
		cmocka_unit_test(test_e1_timeslot_16_is_not_a_bchannel),
		cmocka_unit_test(test_ni2_always_exclusive),
		cmocka_unit_test(test_100_sequential_calls),
		cmocka_unit_test(test_cref_allocation),
		cmocka_unit_test(test_cref_table_collisions),
		cmocka_unit_test(test_requests_in_wrong_state),
		cmocka_unit_test(test_fsm_table_lookup),
		cmocka_unit_test(test_fsm_any_rows_every_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
