// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Q.931 call control: every clearing path on a fake clock — T303, T310, T313,
 * T305, T306, T308 (channel out of service), clear collisions, link loss and
 * T309, STATUS / STATUS ENQUIRY, unknown call references, missing mandatory
 * IEs, RESTART both ways and T316.
 */
#include "cc_pair.h"
#include "q931/cc_int.h"

static void assert_timer(const struct cc_cause *k, int value, enum q931_timer_id t)
{
	assert_cause(k, value, CC_CAUSE_TIMER);
	assert_int_equal(k->timer, t);
}

static void test_t303_resend_then_102(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c;
	struct pair_ind *i;

	(void)state;
	drop_rx(p, N, Q931_SETUP, true);
	c = call_out(p, U, 0, false, NULL);
	pump(p);
	wire(p, U, Q931_SETUP);
	advance(p, 3900);
	wire_empty(p);
	advance(p, 100);
	wire(p, U, Q931_SETUP);		/* resent once */
	assert_int_equal(q931_call_state(c), Q931_S1_CALL_INIT);
	advance(p, 4000);
	assert_int_equal(wire(p, U, Q931_RELEASE_COMPLETE)->cause, 102);
	wire_empty(p);			/* RELEASE COMPLETE for an unknown cref: ignored */
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, c);
	assert_timer(&i->cause, 102, Q931_T303);
	ind_empty(p, U);
	ind_empty(p, N);
	pair_free(p);
}

static void test_t310_clears_102(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c;

	(void)state;
	p->s[N].auto_release = true;
	c = call_out(p, U, 0, false, NULL);
	pump(p);
	wire(p, U, Q931_SETUP);
	assert_int_equal(q931_proceeding_req(ind(p, N, CC_SETUP_IND)->call), 0);
	pump(p);
	wire(p, N, Q931_CALL_PROCEEDING);
	(void)ind(p, U, CC_PROCEEDING_IND);
	advance(p, 29900);
	wire_empty(p);
	advance(p, 100);
	assert_int_equal(wire(p, U, Q931_DISCONNECT)->cause, 102);
	wire(p, N, Q931_RELEASE);
	wire(p, U, Q931_RELEASE_COMPLETE);
	/* the session hears of the clearing at once, then of its end */
	assert_timer(&ind(p, U, CC_CLEARING_IND)->cause, 102, Q931_T310);
	assert_timer(&ind(p, U, CC_RELEASE_IND)->cause, 102, Q931_T310);
	(void)c;
	assert_cause(&ind(p, N, CC_DISCONNECT_IND)->cause, 102, CC_CAUSE_REMOTE);
	assert_cause(&ind(p, N, CC_RELEASE_IND)->cause, 102, CC_CAUSE_REMOTE);
	pair_free(p);
}

static void test_t313_no_connect_ack(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *uc;

	(void)state;
	drop_rx(p, N, Q931_CONNECT, true);
	p->s[N].auto_release = true;
	call_out(p, N, 0, false, NULL);
	pump(p);
	wire(p, N, Q931_SETUP);
	uc = ind(p, U, CC_SETUP_IND)->call;
	assert_int_equal(q931_proceeding_req(uc), 0);
	assert_int_equal(q931_connect_req(uc, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_CALL_PROCEEDING);
	wire(p, U, Q931_CONNECT);
	advance(p, 4000);
	assert_int_equal(wire(p, U, Q931_DISCONNECT)->cause, 102);
	wire(p, N, Q931_RELEASE);
	wire(p, U, Q931_RELEASE_COMPLETE);
	assert_timer(&ind(p, U, CC_CLEARING_IND)->cause, 102, Q931_T313);
	assert_timer(&ind(p, U, CC_RELEASE_IND)->cause, 102, Q931_T313);
	ind_empty(p, U);
	pair_free(p);
}

static void test_t305_release_with_original_cause(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc;

	(void)state;
	call_active(p, U, &c, &nc);
	assert_int_equal(q931_disconnect_req(c, 17, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	(void)ind(p, N, CC_DISCONNECT_IND);	/* the network's session stays silent */
	advance(p, 29900);
	wire_empty(p);
	advance(p, 100);
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, 17);
	wire(p, N, Q931_RELEASE_COMPLETE);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 17, CC_CAUSE_LOCAL);
	assert_cause(&ind(p, N, CC_RELEASE_IND)->cause, 17, CC_CAUSE_REMOTE);
	pair_free(p);
}

static void test_t306_inband_disconnect(void **state)
{
	struct q931_cc_cfg cfg = { .variant = Q931_V_EUROISDN, .bchans = 30,
				   .disc_inband = true };
	struct pair *p;
	struct q931_call *c, *uc;
	struct pair_msg *m;

	(void)state;
	cfg.timer_ms[Q931_T305] = 10000;
	cfg.timer_ms[Q931_T306] = 20000;
	p = pair_new_cfg(&cfg);
	call_active(p, N, &c, &uc);
	assert_int_equal(q931_disconnect_req(c, 17, NULL, 0, 0), 0);
	pump(p);
	m = wire(p, N, Q931_DISCONNECT);
	assert_true(m->has_progress);
	assert_int_equal(m->progress, 8);
	(void)ind(p, U, CC_DISCONNECT_IND);
	advance(p, 19900);
	wire_empty(p);			/* not T305 */
	advance(p, 100);
	assert_int_equal(wire(p, N, Q931_RELEASE)->cause, 17);
	wire(p, U, Q931_RELEASE_COMPLETE);
	pair_free(p);
}

static void test_t308_twice_channel_out_of_service(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc, *x = NULL;
	struct cc_setup_req r = { .chan = 1, .exclusive = true };
	struct pair_ind *i;

	(void)state;
	call_active(p, U, &c, &nc);
	assert_int_equal(q931_disconnect_req(nc, 16, NULL, 0, 0), 0);
	pump(p);
	wire(p, N, Q931_DISCONNECT);
	(void)ind(p, U, CC_DISCONNECT_IND);
	drop_rx(p, N, Q931_RELEASE, true);
	assert_int_equal(q931_disconnect_req(c, 0, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_RELEASE);
	advance(p, 4000);
	wire(p, U, Q931_RELEASE);	/* again, once */
	ind_empty(p, U);
	advance(p, 4000);
	i = ind(p, U, CC_CHAN_OOS_IND);
	assert_int_equal(i->chan, 1);
	i = ind(p, U, CC_CHAN_STATE_IND);
	assert_int_equal(i->chan, 1);
	assert_int_equal(i->chan_state, CC_CH_MAINT);
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, c);
	assert_timer(&i->cause, 102, Q931_T308);	/* not a normal clear */
	/* the channel is brought back by a RESTART of its own (Q.931 5.5), at once */
	i = ind(p, U, CC_CHAN_STATE_IND);
	assert_int_equal(i->chan, 1);
	assert_int_equal(i->chan_state, CC_CH_RESTARTING);
	assert_int_equal(wire(p, U, Q931_RESTART)->chan, 1);
	assert_int_equal(wire(p, N, Q931_RESTART_ACK)->chan, 1);
	assert_int_equal(ind(p, U, CC_RESTART_IND)->chan, 1);
	i = ind(p, U, CC_CHAN_STATE_IND);
	assert_int_equal(i->chan, 1);
	assert_int_equal(i->chan_state, CC_CH_IDLE);
	assert_int_equal(q931_cc_chan_state(p->s[U].cc, 1), CC_CH_IDLE);
	assert_int_equal(q931_setup_req(p->s[U].cc, &r, NULL, &x), 0);
	pair_free(p);
}

/* DISCONNECT crosses DISCONNECT, then RELEASE crosses RELEASE: no RELEASE COMPLETE. */
static void test_clear_collision_disc_disc_rel_rel(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc;
	struct pair_ind *i;

	(void)state;
	call_active(p, U, &c, &nc);
	assert_int_equal(q931_disconnect_req(c, 16, (const uint8_t *)"u", 1, 4), 0);
	assert_int_equal(q931_disconnect_req(nc, 17, (const uint8_t *)"nn", 2, 4), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	wire(p, N, Q931_DISCONNECT);
	for (int k = 0; k < 2; k++) {	/* both RELEASEs cross, in either order */
		struct pair_msg *m = &p->log[p->rlog++];

		assert_int_equal(m->type, Q931_RELEASE);
		assert_int_equal(m->cause, m->from == U ? 16 : 17);
	}
	assert_int_not_equal(p->log[p->rlog - 1].from, p->log[p->rlog - 2].from);
	wire_empty(p);
	i = ind(p, U, CC_DISCONNECT_IND);		/* the peer's cause and UUI */
	assert_cause(&i->cause, 17, CC_CAUSE_REMOTE);
	assert_memory_equal(i->uui, "nn", 2);
	i = ind(p, U, CC_RELEASE_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_LOCAL);	/* ours was first */
	assert_int_equal(i->peer_cause.value, 17);
	i = ind(p, N, CC_DISCONNECT_IND);
	assert_memory_equal(i->uui, "u", 1);
	i = ind(p, N, CC_RELEASE_IND);
	assert_cause(&i->cause, 17, CC_CAUSE_LOCAL);
	ind_empty(p, U);
	ind_empty(p, N);
	advance(p, 10000);
	wire_empty(p);
	pair_free(p);
}

static void test_clear_collision_disc_rel(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc;
	struct q931_msg m;
	struct pair_ind *i;

	(void)state;
	call_active(p, U, &c, &nc);
	drop_rx(p, N, Q931_DISCONNECT, true);
	assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	q931_msg_init(&m, Q931_RELEASE, q931_call_cref(c), true);
	m.present = Q931_BIT(Q931_I_CAUSE) | Q931_BIT(Q931_I_USER_USER);
	m.ncauses = 1;
	m.cause[0].value = 41;
	m.cause[0].location = 2;
	m.uui.pd = 4;
	m.uui.len = 3;
	m.uui.data = (const uint8_t *)"rel";
	inject(p, N, &m);
	wire(p, N, Q931_RELEASE);
	wire(p, U, Q931_RELEASE_COMPLETE);
	i = ind(p, U, CC_RELEASE_IND);
	assert_cause(&i->cause, 16, CC_CAUSE_LOCAL);
	assert_cause(&i->peer_cause, 41, CC_CAUSE_REMOTE);
	assert_int_equal(i->peer_cause.location, 2);
	assert_int_equal(i->uui_len, 3);
	assert_memory_equal(i->uui, "rel", 3);
	ind_empty(p, U);
	pair_free(p);
}

static void cut_until_down(struct pair *p)
{
	p->cut = true;
	for (int k = 0; k < 400 && q931_cc_link_up(p->s[U].cc); k++)
		advance(p, 100);
	assert_false(q931_cc_link_up(p->s[U].cc));
}

static struct q931_call *call_proceeding(struct pair *p)
{
	struct q931_call *c = call_out(p, U, 0, false, NULL);

	pump(p);
	wire(p, U, Q931_SETUP);
	assert_int_equal(q931_proceeding_req(ind(p, N, CC_SETUP_IND)->call), 0);
	pump(p);
	wire(p, N, Q931_CALL_PROCEEDING);
	(void)ind(p, U, CC_PROCEEDING_IND);
	return c;
}

static void test_link_lost_t309_expires_27(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *b;
	struct pair_ind *i;

	(void)state;
	call_active(p, U, &a, &an);
	b = call_proceeding(p);
	cut_until_down(p);
	i = ind(p, U, CC_LINK_IND);
	assert_false(i->link_up);
	i = ind(p, U, CC_RELEASE_IND);		/* not active: cleared at once */
	assert_ptr_equal(i->call, b);
	assert_cause(&i->cause, 41, CC_CAUSE_PROTOCOL);
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);	/* kept under T309 */
	ind_empty(p, U);
	advance(p, 6000);
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, a);
	assert_timer(&i->cause, 27, Q931_T309);
	ind_empty(p, U);
	pair_free(p);
}

static void test_link_back_stops_t309(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an;
	struct pair_msg *m;

	(void)state;
	call_active(p, U, &a, &an);
	cut_until_down(p);
	(void)ind(p, U, CC_LINK_IND);
	p->cut = false;
	p->rlog = p->nlog;
	advance(p, 3000);
	assert_true(q931_cc_link_up(p->s[U].cc));
	assert_true(ind(p, U, CC_LINK_IND)->link_up);
	m = wire(p, p->log[p->rlog].from, Q931_STATUS);	/* each side reports its state */
	assert_int_equal(m->cause, 31);
	assert_int_equal(m->state, Q931_S10_ACTIVE);
	advance(p, 20000);
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(an), Q931_S10_ACTIVE);
	ind_empty(p, U);
	pair_free(p);
}

/* The two calls a link reset releases together, and what a request made on
 * the second from inside the first's RELEASE_IND callback returned. */
static struct q931_call *reset_calls[2];
static int rc_on_other = 1;

static void request_on_other(struct pair_side *s, const struct cc_ind *ind)
{
	(void)s;
	if (ind->prim != CC_RELEASE_IND || rc_on_other != 1)
		return;
	rc_on_other = q931_disconnect_req(ind->call == reset_calls[0] ? reset_calls[1] :
					  reset_calls[0], 16, NULL, 0, 0);
}

/*
 * Calls released together are delivered one after the other: from inside the
 * first RELEASE_IND, a request on the second (released, not yet delivered) is
 * TEL_ESTATE, and the second still arrives.
 */
static void test_request_on_released_call(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct pair_ind *i, *j;

	(void)state;
	reset_calls[0] = call_proceeding(p);
	reset_calls[1] = call_proceeding(p);
	p->s[U].on_ind = request_on_other;
	rc_on_other = 1;
	q931_cc_dl_ind(p->s[U].cc, DL_RELEASE_IND, DL_R_LOST, NULL, 0);	/* link failure */
	pump(p);
	assert_int_equal(rc_on_other, TEL_ESTATE);
	assert_false(ind(p, U, CC_LINK_IND)->link_up);
	i = ind(p, U, CC_RELEASE_IND);
	j = ind(p, U, CC_RELEASE_IND);
	assert_true((i->call == reset_calls[0] && j->call == reset_calls[1]) ||
		    (i->call == reset_calls[1] && j->call == reset_calls[0]));
	assert_cause(&j->cause, 41, CC_CAUSE_PROTOCOL);
	pair_free(p);
}

/*
 * Q.931 5.8.8: a reset data link does not clear calls being set up or active:
 * they are kept and verified with STATUS ENQUIRY; the far end's STATUS fits,
 * so they go on. (It used to release the call being set up with one
 * unprotected RELEASE COMPLETE 41, which a crossing reset could lose.)
 */
static void test_link_reset_keeps_and_verifies_calls(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *b;
	struct pair_msg *m;

	(void)state;
	call_active(p, U, &a, &an);
	b = call_proceeding(p);
	q931_cc_dl_ind(p->s[U].cc, DL_ESTABLISH_IND, DL_R_RESET, NULL, 0);
	pump(p);
	wire(p, U, Q931_STATUS_ENQUIRY);
	wire(p, U, Q931_STATUS_ENQUIRY);
	m = wire(p, N, Q931_STATUS);
	assert_int_equal(m->cause, 30);
	m = wire(p, N, Q931_STATUS);
	assert_int_equal(m->cause, 30);
	wire_empty(p);
	ind_empty(p, U);
	ind_empty(p, N);
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(an), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(b), Q931_S3_OUT_CALL_PROC);
	advance(p, 10000);	/* T322 stopped by the STATUS: no second enquiry */
	wire_empty(p);
	pair_free(p);
}

/*
 * A call the far end began to clear (U12) has no timer of ours: when a reset
 * lost the far end's RELEASEs and it released the call on its own, the
 * STATUS ENQUIRY after the reset finds it gone and ours is released too.
 * (It used to stay DISCONNECTED for ever.)
 */
static void test_link_reset_verifies_disc_ind(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an;
	struct pair_ind *i;
	struct pair_msg *m;

	(void)state;
	call_active(p, U, &a, &an);
	drop_rx(p, U, Q931_RELEASE, true);	/* lost, with the resend */
	drop_rx(p, U, Q931_RESTART, true);
	assert_int_equal(q931_disconnect_req(an, 16, NULL, 0, 0), 0);
	pump(p);
	wire(p, N, Q931_DISCONNECT);
	(void)ind(p, U, CC_DISCONNECT_IND);
	assert_int_equal(q931_call_state(a), Q931_S12_DISC_IND);
	advance(p, 30000 + 4000 + 4000);	/* T305, T308 twice: the network gives up */
	p->rlog = p->nlog;
	(void)ind(p, N, CC_CHAN_OOS_IND);
	(void)ind(p, N, CC_CHAN_STATE_IND);
	i = ind(p, N, CC_RELEASE_IND);
	assert_timer(&i->cause, 102, Q931_T308);
	assert_int_equal(q931_call_state(a), Q931_S12_DISC_IND);	/* its RESTART lost too */
	q931_cc_dl_ind(p->s[U].cc, DL_ESTABLISH_IND, DL_R_RESET, NULL, 0);
	pump(p);
	wire(p, U, Q931_STATUS_ENQUIRY);
	m = wire(p, N, Q931_STATUS);
	assert_int_equal(m->state, Q931_S0_NULL);
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, a);
	assert_cause(&i->cause, 16, CC_CAUSE_REMOTE);	/* the far end's clearing cause */
	pair_free(p);
}

/* Clearing calls are left to their own timers across a reset: T305 recovers a lost DISCONNECT. */
static void test_link_reset_leaves_clearing_to_timers(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an;

	(void)state;
	call_active(p, U, &a, &an);
	drop_rx(p, N, Q931_DISCONNECT, true);	/* lost with the reset */
	assert_int_equal(q931_disconnect_req(a, 16, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	drop_rx(p, N, Q931_DISCONNECT, false);
	q931_cc_dl_ind(p->s[U].cc, DL_ESTABLISH_IND, DL_R_RESET, NULL, 0);
	pump(p);
	wire_empty(p);		/* no enquiry, no release for the clearing call */
	ind_empty(p, U);
	assert_int_equal(q931_call_state(a), Q931_S11_DISC_REQ);
	advance(p, 30000);	/* T305: RELEASE with the original cause */
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, 16);
	wire(p, N, Q931_RELEASE_COMPLETE);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 16, CC_CAUSE_LOCAL);
	assert_cause(&ind(p, N, CC_RELEASE_IND)->cause, 16, CC_CAUSE_REMOTE);
	pair_free(p);
}

static void test_status_enquiry_and_incompatible_status(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *b;
	struct q931_msg m;
	struct pair_msg *w;

	(void)state;
	call_active(p, U, &a, &an);
	assert_int_equal(q931_status_enquiry_req(a), 0);
	pump(p);
	wire(p, U, Q931_STATUS_ENQUIRY);
	w = wire(p, N, Q931_STATUS);
	assert_int_equal(w->cause, 30);
	assert_int_equal(w->state, Q931_S10_ACTIVE);
	advance(p, 10000);			/* T322 stopped by the STATUS */
	wire_empty(p);
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);

	b = call_proceeding(p);			/* U3: an outgoing call */
	q931_msg_init(&m, Q931_STATUS, q931_call_cref(b), true);
	m.present = Q931_BIT(Q931_I_CAUSE) | Q931_BIT(Q931_I_CALL_STATE);
	m.ncauses = 1;
	m.cause[0].value = 30;
	m.call_state = Q931_S7_CALL_RECEIVED;	/* the far end thinks it is incoming */
	inject(p, N, &m);
	wire(p, N, Q931_STATUS);
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, 101);
	wire(p, N, Q931_RELEASE_COMPLETE);
	assert_cause(&ind(p, U, CC_CLEARING_IND)->cause, 101, CC_CAUSE_PROTOCOL);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 101, CC_CAUSE_PROTOCOL);
	pair_free(p);
}

/* A STATUS from @from naming state @st for @c's call reference (@flag: @from did not allocate it). */
static void status_from(struct pair *p, int from, struct q931_call *c, bool flag, uint8_t st)
{
	struct q931_msg m;

	q931_msg_init(&m, Q931_STATUS, q931_call_cref(c), flag);
	m.present = Q931_BIT(Q931_I_CAUSE) | Q931_BIT(Q931_I_CALL_STATE);
	m.ncauses = 1;
	m.cause[0].value = 30;
	m.call_state = st;
	inject(p, from, &m);
}

/*
 * After a link reset lost a CONNECT, the two ends disagree on whether the
 * call is active. A STATUS says everything its sender sent before it, so
 * this is no crossing: a call being set up against an active one is cleared
 * (101); the user's U8 against the network's N10 is a lost CONNECT ACK: the
 * user goes active, the network sends CONNECT ACKNOWLEDGE again.
 */
static void test_status_active_mismatch(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *b, *uc, *a, *an;

	(void)state;
	b = call_proceeding(p);			/* U3 */
	status_from(p, N, b, true, Q931_S10_ACTIVE);
	wire(p, N, Q931_STATUS);
	assert_int_equal(wire(p, U, Q931_RELEASE)->cause, 101);
	wire(p, N, Q931_RELEASE_COMPLETE);
	assert_cause(&ind(p, U, CC_CLEARING_IND)->cause, 101, CC_CAUSE_PROTOCOL);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 101, CC_CAUSE_PROTOCOL);
	assert_cause(&ind(p, N, CC_RELEASE_IND)->cause, 101, CC_CAUSE_REMOTE);

	/* U8 (CONNECT sent) hears N10: its CONNECT ACK was lost */
	drop_rx(p, U, Q931_CONNECT_ACK, true);
	call_out(p, N, 0, false, NULL);
	pump(p);
	wire(p, N, Q931_SETUP);
	uc = ind(p, U, CC_SETUP_IND)->call;
	assert_int_equal(q931_connect_req(uc, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_CONNECT);
	wire(p, N, Q931_CONNECT_ACK);
	(void)ind(p, N, CC_SETUP_CONF);
	assert_int_equal(q931_call_state(uc), Q931_S8_CONNECT_REQ);
	drop_rx(p, U, Q931_CONNECT_ACK, false);
	assert_int_equal(q931_status_enquiry_req(uc), 0);
	pump(p);
	wire(p, U, Q931_STATUS_ENQUIRY);
	assert_int_equal(wire(p, N, Q931_STATUS)->state, Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(uc), Q931_S10_ACTIVE);
	(void)ind(p, U, CC_SETUP_COMPLETE_IND);
	ind_empty(p, U);
	advance(p, 5000);	/* T313 was stopped */
	assert_int_equal(q931_call_state(uc), Q931_S10_ACTIVE);

	/* the network, active, hears U8 from the user: CONNECT ACK again */
	call_active(p, U, &a, &an);
	status_from(p, U, an, false, Q931_S8_CONNECT_REQ);
	wire(p, U, Q931_STATUS);
	wire(p, N, Q931_CONNECT_ACK);
	assert_int_equal(q931_call_state(an), Q931_S10_ACTIVE);
	wire_empty(p);
	pair_free(p);
}

/*
 * The network goes N10 when it sends CONNECT; a STATUS the user sent before
 * the CONNECT reached it (here: its answer to the network's enquiry, U4)
 * crosses it and is no proof of a lost CONNECT. The network asks again
 * instead of clearing the call it has just answered with 101.
 */
static void test_status_crossing_connect_kept(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc;

	(void)state;
	c = call_out(p, U, 0, false, NULL);
	pump(p);
	wire(p, U, Q931_SETUP);
	nc = ind(p, N, CC_SETUP_IND)->call;
	assert_int_equal(q931_alerting_req(nc, NULL, 0, 0), 0);
	pump(p);
	wire(p, N, Q931_ALERTING);
	(void)ind(p, U, CC_ALERTING_IND);
	/* an enquiry, and the answer on its heels: they cross the user's STATUS */
	assert_int_equal(q931_status_enquiry_req(nc), 0);
	assert_int_equal(q931_connect_req(nc, NULL, 0, 0), 0);
	pump(p);
	wire(p, N, Q931_STATUS_ENQUIRY);
	wire(p, N, Q931_CONNECT);
	assert_int_equal(wire(p, U, Q931_STATUS)->state, Q931_S4_CALL_DELIVERED);
	wire(p, U, Q931_CONNECT_ACK);
	wire(p, N, Q931_STATUS_ENQUIRY);	/* asked again, not cleared */
	assert_int_equal(wire(p, U, Q931_STATUS)->state, Q931_S10_ACTIVE);
	wire_empty(p);
	assert_int_equal(q931_call_state(nc), Q931_S10_ACTIVE);
	assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);
	(void)ind(p, N, CC_SETUP_COMPLETE_IND);
	(void)ind(p, U, CC_SETUP_CONF);
	ind_empty(p, U);
	ind_empty(p, N);
	pair_free(p);
}

/* A RESTART ACKNOWLEDGE for another channel does not end the RESTART outstanding. */
static void test_restart_ack_must_match(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_msg m;

	(void)state;
	drop_rx(p, U, Q931_RESTART, true);
	assert_int_equal(q931_restart_req(p->s[N].cc, 3), 0);
	pump(p);
	wire(p, N, Q931_RESTART);
	q931_msg_init(&m, Q931_RESTART_ACK, 0, true);
	m.present |= Q931_BIT(Q931_I_RESTART_IND) | Q931_BIT(Q931_I_CHANNEL_ID);
	m.restart_class = 0;
	m.chan.pri = true;
	m.chan.exclusive = true;
	m.chan.sel = 1;
	m.chan.has_chans = true;
	m.chan.chan_type = 3;
	m.chan.nchans = 1;
	m.chan.chans[0] = 5;
	inject(p, U, &m);
	wire(p, U, Q931_RESTART_ACK);
	assert_int_equal(q931_cc_chan_state(p->s[N].cc, 3), CC_CH_RESTARTING);
	m.chan.chans[0] = 3;		/* its own: taken */
	inject(p, U, &m);
	wire(p, U, Q931_RESTART_ACK);
	assert_int_equal(q931_cc_chan_state(p->s[N].cc, 3), CC_CH_IDLE);
	pair_free(p);
}

/*
 * In an active call: FACILITY and NOTIFY are taken without an answer and
 * change nothing; a message call control does not handle (INFORMATION:
 * overlap sending) still gets STATUS 98.
 */
static void test_facility_notify_unanswered(void **state)
{
	struct pair *p = pair_new(Q931_V_NI2, 23);
	struct q931_call *a, *an;
	struct q931_msg m;
	struct pair_msg *w;
	uint8_t raw[] = { Q931_PD, 2, 0, 0, 0x7b };
	static const uint8_t fac[] = { 0x91, 0xa1, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00 };

	(void)state;
	call_active(p, U, &a, &an);
	q931_msg_init(&m, Q931_FACILITY, q931_call_cref(a), true);
	m.present = Q931_BIT(Q931_I_FACILITY);
	m.facility = (struct q931_bytes){ fac, sizeof(fac) };	/* ROSE, opaque to us */
	inject(p, N, &m);
	wire(p, N, Q931_FACILITY);
	q931_msg_init(&m, Q931_NOTIFY, q931_call_cref(a), true);
	m.present = Q931_BIT(Q931_I_NOTIFY);
	m.notify = (struct q931_notify){ .desc = 0x71 };	/* call is diverting */
	inject(p, N, &m);
	wire(p, N, Q931_NOTIFY);
	wire_empty(p);
	ind_empty(p, U);
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);
	raw[2] = (uint8_t)(0x80 | q931_call_cref(a) >> 8);	/* INFORMATION: not ours */
	raw[3] = (uint8_t)q931_call_cref(a);
	inject_raw(p, N, raw, sizeof(raw));
	(void)wire(p, N, 0x7b);
	w = wire(p, U, Q931_STATUS);
	assert_int_equal(w->cause, 97);	/* valid here, not implemented (issue 13) */
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);
	pair_free(p);
}

static void test_unknown_call_reference(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_msg m;
	struct pair_msg *w;

	(void)state;
	q931_msg_init(&m, Q931_RELEASE, 0x55, false);
	inject(p, N, &m);
	wire(p, N, Q931_RELEASE);
	w = wire(p, U, Q931_RELEASE_COMPLETE);
	assert_int_equal(w->cause, 81);
	assert_int_equal(w->cref, 0x55);
	assert_true(w->flag);
	q931_msg_init(&m, Q931_RELEASE_COMPLETE, 0x56, false);
	inject(p, N, &m);
	wire(p, N, Q931_RELEASE_COMPLETE);
	wire_empty(p);				/* ignored */
	q931_msg_init(&m, Q931_ALERTING, 0x57, true);
	inject(p, N, &m);
	wire(p, N, Q931_ALERTING);
	assert_int_equal(wire(p, U, Q931_RELEASE_COMPLETE)->cause, 81);
	q931_msg_init(&m, Q931_SETUP, 0x58, true);	/* flag set: ignored */
	m.present = Q931_BIT(Q931_I_BEARER_CAP) | Q931_BIT(Q931_I_CHANNEL_ID);
	m.bearer.rate = 0x10;
	m.chan.pri = true;
	m.chan.sel = 1;
	m.chan.has_chans = true;
	m.chan.chan_type = 3;
	m.chan.nchans = 1;
	m.chan.chans[0] = 1;
	inject(p, N, &m);
	wire(p, N, Q931_SETUP);
	wire_empty(p);
	q931_msg_init(&m, Q931_STATUS_ENQUIRY, 0x59, false);
	inject(p, N, &m);
	wire(p, N, Q931_STATUS_ENQUIRY);
	w = wire(p, U, Q931_STATUS);
	assert_int_equal(w->state, 0);
	ind_empty(p, U);
	pair_free(p);
}

static void test_missing_mandatory_ie(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	/* SETUP without bearer capability */
	static const uint8_t setup[] = { 0x08, 0x02, 0x00, 0x21, 0x05, 0x70, 0x02, 0x81, 0x31 };
	uint8_t status[] = { 0x08, 0x02, 0x00, 0x00, 0x7d, 0x08, 0x02, 0x80, 0x9e };
	uint8_t disc[] = { 0x08, 0x02, 0x00, 0x00, 0x45 };
	struct q931_call *a, *an;
	struct pair_ind *i;

	(void)state;
	inject_raw(p, U, setup, sizeof(setup));
	wire(p, U, Q931_SETUP);
	assert_int_equal(wire(p, N, Q931_RELEASE_COMPLETE)->cause, 96);
	ind_empty(p, N);
	call_active(p, U, &a, &an);
	/* STATUS without call state on a known call: STATUS 96, message ignored */
	status[2] = (uint8_t)(0x80 | q931_call_cref(a) >> 8);
	status[3] = (uint8_t)q931_call_cref(a);
	inject_raw(p, N, status, sizeof(status));
	wire(p, N, Q931_STATUS);
	assert_int_equal(wire(p, U, Q931_STATUS)->cause, 96);
	assert_int_equal(q931_call_state(a), Q931_S10_ACTIVE);
	/* DISCONNECT without cause still clears (cause 31) */
	disc[2] = status[2];
	disc[3] = status[3];
	inject_raw(p, N, disc, sizeof(disc));
	wire(p, N, Q931_DISCONNECT);
	i = ind(p, U, CC_DISCONNECT_IND);
	assert_cause(&i->cause, 31, CC_CAUSE_REMOTE);
	assert_int_equal(q931_call_state(a), Q931_S12_DISC_IND);
	pair_free(p);
}

/* The next CHAN_STATE_IND on @side: asserts channel and state. */
static void chan_ind(struct pair *p, int side, int chan, enum cc_chan_state st)
{
	struct pair_ind *i = ind(p, side, CC_CHAN_STATE_IND);

	assert_int_equal(i->chan, chan);
	assert_int_equal(i->chan_state, st);
}

static void test_restart_channel_and_interface(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *a, *an, *b, *bn;
	struct pair_msg *m;
	struct pair_ind *i;

	(void)state;
	call_active(p, U, &a, &an);	/* channel 1 */
	call_active(p, U, &b, &bn);	/* channel 2 */
	assert_int_equal(q931_restart_req(p->s[N].cc, 1), 0);
	assert_int_equal(q931_restart_req(p->s[N].cc, 2), TEL_EBUSY);
	i = ind(p, N, CC_RELEASE_IND);
	assert_ptr_equal(i->call, an);
	assert_cause(&i->cause, 41, CC_CAUSE_LOCAL);
	chan_ind(p, N, 1, CC_CH_RESTARTING);
	pump(p);
	m = wire(p, N, Q931_RESTART);
	assert_int_equal(m->cref, 0);
	assert_false(m->flag);
	assert_int_equal(m->restart_class, 0);
	assert_int_equal(m->chan, 1);
	m = wire(p, U, Q931_RESTART_ACK);
	assert_true(m->flag);
	assert_int_equal(m->chan, 1);
	i = ind(p, U, CC_RELEASE_IND);
	assert_ptr_equal(i->call, a);
	assert_cause(&i->cause, 41, CC_CAUSE_PROTOCOL);
	assert_int_equal(ind(p, U, CC_RESTART_IND)->chan, 1);
	assert_int_equal(ind(p, N, CC_RESTART_IND)->chan, 1);
	chan_ind(p, N, 1, CC_CH_IDLE);
	assert_int_equal(q931_call_state(b), Q931_S10_ACTIVE);

	/* the whole interface, from the user side: each channel says RESTARTING, then IDLE */
	assert_int_equal(q931_restart_req(p->s[U].cc, 0), 0);
	pump(p);
	assert_int_equal(wire(p, U, Q931_RESTART)->restart_class, 6);
	assert_int_equal(wire(p, N, Q931_RESTART_ACK)->restart_class, 6);
	assert_cause(&ind(p, U, CC_RELEASE_IND)->cause, 41, CC_CAUSE_LOCAL);
	for (int ch = 1; ch <= 31; ch++)
		if (ch != 16)
			chan_ind(p, U, ch, CC_CH_RESTARTING);
	assert_int_equal(ind(p, U, CC_RESTART_IND)->chan, 0);
	for (int ch = 1; ch <= 31; ch++)
		if (ch != 16)
			chan_ind(p, U, ch, CC_CH_IDLE);
	assert_cause(&ind(p, N, CC_RELEASE_IND)->cause, 41, CC_CAUSE_PROTOCOL);
	assert_int_equal(ind(p, N, CC_RESTART_IND)->chan, 0);
	ind_empty(p, U);
	ind_empty(p, N);
	wire_empty(p);
	pair_free(p);
}

/*
 * T316 twice: the failure is reported, the channel stays out of service
 * (MAINT) instead of blocked for ever, and after another T316 it is tried
 * again by itself until the far end acknowledges.
 */
static void test_t316_resend_then_report(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct pair_ind *i;

	(void)state;
	drop_rx(p, U, Q931_RESTART, true);
	assert_int_equal(q931_restart_req(p->s[N].cc, 3), 0);
	chan_ind(p, N, 3, CC_CH_RESTARTING);
	pump(p);
	wire(p, N, Q931_RESTART);
	advance(p, 120000);
	wire(p, N, Q931_RESTART);
	ind_empty(p, N);
	advance(p, 120000);
	i = ind(p, N, CC_RESTART_IND);
	assert_int_equal(i->chan, 3);
	assert_timer(&i->cause, 102, Q931_T316);
	chan_ind(p, N, 3, CC_CH_MAINT);
	ind_empty(p, N);
	wire_empty(p);
	assert_int_equal(q931_cc_chan_state(p->s[N].cc, 3), CC_CH_MAINT);
	drop_rx(p, U, Q931_RESTART, false);
	advance(p, 120000);	/* tried again */
	chan_ind(p, N, 3, CC_CH_RESTARTING);
	assert_int_equal(wire(p, N, Q931_RESTART)->chan, 3);
	wire(p, U, Q931_RESTART_ACK);
	assert_int_equal(ind(p, N, CC_RESTART_IND)->chan, 3);
	chan_ind(p, N, 3, CC_CH_IDLE);
	assert_int_equal(q931_cc_chan_state(p->s[N].cc, 3), CC_CH_IDLE);
	pair_free(p);
}

/*
 * Heap entries that belong to a call of @cc's pool which is back in the pool:
 * all of them (@armed false) or those whose timer would still run (@armed).
 */
static unsigned int free_slot_entries(struct pair *p, int side, bool armed)
{
	const struct q931_cc *cc = p->s[side].cc;
	unsigned int n = 0;

	for (uint32_t i = 0; i < p->ts.len; i++)
		for (unsigned int k = 0; k < cc->ncalls; k++) {
			const struct q931_call *c = cc->calls[k];
			const struct tel_timer *t = p->ts.heap[i].t;

			if (!c->in_use && (t == &c->tm || t == &c->t322) &&
			    (!armed || timer_armed(t)))
				n++;
		}
	return n;
}

/*
 * Call timers are stopped lazily: a stopped T303 whose old deadline passes
 * does nothing, a later timer still runs on time. A call back in its pool
 * leaves no armed timer; its slot's heap entries are reused by the slot's
 * next call (the heap does not grow with the number of calls) and drop out
 * once their deadlines pass.
 */
static void test_lazy_call_timers(void **state)
{
	struct pair *p = pair_new(Q931_V_EUROISDN, 30);
	struct q931_call *c, *nc;
	uint32_t len1 = 0;

	(void)state;
	/* T303 ran from SETUP to CONNECT: its old deadline passes without effect */
	call_active(p, U, &c, &nc);
	advance(p, 5000);
	wire_empty(p);
	ind_empty(p, U);
	ind_empty(p, N);
	assert_int_equal(q931_call_state(c), Q931_S10_ACTIVE);
	/* our DISCONNECT is not answered: T305 still fires 30 s later, not earlier */
	drop_rx(p, N, Q931_DISCONNECT, true);
	assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
	pump(p);
	wire(p, U, Q931_DISCONNECT);
	advance(p, 29900);
	wire_empty(p);
	assert_int_equal(q931_call_state(c), Q931_S11_DISC_REQ);
	advance(p, 200);
	wire(p, U, Q931_RELEASE);
	pump(p);
	wire(p, N, Q931_RELEASE_COMPLETE);
	(void)ind(p, U, CC_RELEASE_IND);
	(void)ind(p, N, CC_RELEASE_IND);
	assert_int_equal(free_slot_entries(p, U, true), 0);
	assert_int_equal(free_slot_entries(p, N, true), 0);
	drop_rx(p, N, Q931_DISCONNECT, false);

	/* cleared long before any deadline: the entries go with the calls */
	for (int k = 0; k < 20; k++) {
		call_active(p, k & 1 ? N : U, &c, &nc);
		assert_int_equal(q931_disconnect_req(c, 16, NULL, 0, 0), 0);
		pump(p);
		assert_int_equal(q931_disconnect_req(nc, 0, NULL, 0, 0), 0);
		pump(p);
		p->s[U].rind = p->s[U].nind;
		p->s[N].rind = p->s[N].nind;
		p->rlog = p->nlog;
		assert_int_equal(free_slot_entries(p, U, true), 0);
		assert_int_equal(free_slot_entries(p, N, true), 0);
		if (k == 0)
			len1 = p->ts.len;
		else	/* the same slots come back: their entries are reused */
			assert_true(p->ts.len <= len1);
	}
	assert_true(timers_armed_count(&p->ts) <= 4);	/* armed: the data links' timers at most */
	assert_true(free_slot_entries(p, U, false) + free_slot_entries(p, N, false) > 0);
	/* past every deadline the left-over entries are gone, and nothing ran */
	advance(p, 200000);
	wire_empty(p);
	ind_empty(p, U);
	ind_empty(p, N);
	assert_int_equal(free_slot_entries(p, U, false), 0);
	assert_int_equal(free_slot_entries(p, N, false), 0);
	pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t303_resend_then_102),
		cmocka_unit_test(test_t310_clears_102),
		cmocka_unit_test(test_t313_no_connect_ack),
		cmocka_unit_test(test_t305_release_with_original_cause),
		cmocka_unit_test(test_t306_inband_disconnect),
		cmocka_unit_test(test_t308_twice_channel_out_of_service),
		cmocka_unit_test(test_clear_collision_disc_disc_rel_rel),
		cmocka_unit_test(test_clear_collision_disc_rel),
		cmocka_unit_test(test_link_lost_t309_expires_27),
		cmocka_unit_test(test_link_back_stops_t309),
		cmocka_unit_test(test_link_reset_keeps_and_verifies_calls),
		cmocka_unit_test(test_link_reset_leaves_clearing_to_timers),
		cmocka_unit_test(test_link_reset_verifies_disc_ind),
		cmocka_unit_test(test_request_on_released_call),
		cmocka_unit_test(test_status_enquiry_and_incompatible_status),
		cmocka_unit_test(test_status_active_mismatch),
		cmocka_unit_test(test_status_crossing_connect_kept),
		cmocka_unit_test(test_restart_ack_must_match),
		cmocka_unit_test(test_facility_notify_unanswered),
		cmocka_unit_test(test_unknown_call_reference),
		cmocka_unit_test(test_missing_mandatory_ie),
		cmocka_unit_test(test_restart_channel_and_interface),
		cmocka_unit_test(test_t316_resend_then_report),
		cmocka_unit_test(test_lazy_call_timers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
