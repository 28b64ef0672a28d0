// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, the state machine: one table per side (core/fsm.h),
 * state x event -> action, next state and the other states the action may
 * choose; the rows of ANY_ROWS() apply in every state but Null where the
 * side's table has none. Every change of a call's state is a row: actions
 * return FSM_NEXT (0), FSM_STAY, FSM_TO(state) or a negative TEL_E* (requests
 * only; nothing changed). The request API is at the end.
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

/* An action of the tables: typed for its body, untyped for the table. */
#define ACTION(name) \
	static int act_##name##_(struct q931_call *c, const struct cc_ev *e); \
	static int act_##name(void *obj, const void *arg) { return act_##name##_(obj, arg); } \
	static int act_##name##_(struct q931_call *c, const struct cc_ev *e)

#define TO(s)	FSM_TO(Q931_##s)

static bool is_user(const struct q931_call *c)
{
	return c->cc->cfg.side == Q931_SIDE_USER;
}

static void ind_simple(struct q931_call *c, enum cc_prim p, const struct q931_msg *m)
{
	struct cc_ind *ind = cc_ind_new(c->cc, p, c);

	cc_ind_uui(ind, m);
	cc_ind_progress(ind, m);
}

/* ---- clearing helpers --------------------------------------------------------- */

static int send_clear(struct q931_call *c, uint8_t type, uint8_t cause, const struct cc_ev *e)
{
	struct q931_cc *cc = c->cc;
	struct cc_small s = { .cause = cause };

	/* in-band information available */
	s.progress8 = type == Q931_DISCONNECT && cc->cfg.disc_inband &&
		      cc->cfg.side == Q931_SIDE_NETWORK;
	if (!s.progress8 && (!e || (!e->uui && !e->uui_len)))	/* the common case */
		return cc_send_cause(cc, c->key, type, cause);
	if (e)
		cc_small_uui(&s, e->uui, e->uui_len, e->uui_pd);
	return cc_send_small(cc, c->key, type, &s);
}

static void disconnect_sent(struct q931_call *c, uint8_t cause)
{
	c->tx_cause = cause;
	cc_timer_stop(c);
	if (c->cc->cfg.disc_inband && c->cc->cfg.side == Q931_SIDE_NETWORK)
		cc_timer_start(c, Q931_T306);
	else
		cc_timer_start(c, Q931_T305);
}

static void release_sent(struct q931_call *c, uint8_t cause)
{
	c->tx_cause = cause;
	c->t308_n = 0;
	cc_timer_stop(c);
	cc_timer_start(c, Q931_T308);
}

/* Call control clears by itself: the session hears it at once, with the cause. */
static void clearing_ind(struct q931_call *c)
{
	struct cc_ind *ind = cc_ind_new(c->cc, CC_CLEARING_IND, c);

	if (ind)
		ind->cause = c->cause;
}

/* We clear with DISCONNECT and @cause (also the final cause unless one is set): to U11/N11. */
static int clear_disc(struct q931_call *c, uint8_t cause, enum cc_cause_origin o, int timer)
{
	if (send_clear(c, Q931_DISCONNECT, cause, NULL) < 0)
		c->cc->cnt.tx_errors++;
	cc_set_cause(c, cause, o, timer);
	disconnect_sent(c, cause);
	if (o != CC_CAUSE_LOCAL)
		clearing_ind(c);
	return TO(S11_DISC_REQ);
}

/* ... with RELEASE: to U19/N19. */
static int clear_rel(struct q931_call *c, uint8_t cause, enum cc_cause_origin o, int timer)
{
	if (send_clear(c, Q931_RELEASE, cause, NULL) < 0)
		c->cc->cnt.tx_errors++;
	cc_set_cause(c, cause, o, timer);
	release_sent(c, cause);
	if (o != CC_CAUSE_LOCAL)
		clearing_ind(c);
	return TO(S19_REL_REQ);
}

int cc_clear_disconnect(struct q931_call *c, uint8_t cause, enum cc_cause_origin o, int timer)
{
	return cc_fsm_event(c, EV_CLEAR_DISC, &(struct cc_ev){ .cause = cause,
			    .origin = (uint8_t)o, .timer = (int8_t)timer });
}

int cc_clear_release(struct q931_call *c, uint8_t cause, enum cc_cause_origin o, int timer)
{
	return cc_fsm_event(c, EV_CLEAR_REL, &(struct cc_ev){ .cause = cause,
			    .origin = (uint8_t)o, .timer = (int8_t)timer });
}

void cc_release_now(struct q931_call *c)
{
	cc_fsm_event(c, EV_RELEASE_NOW, &(struct cc_ev){ 0 });
}

ACTION(clear_disc)
{
	return clear_disc(c, e->cause, (enum cc_cause_origin)e->origin, e->timer);
}

ACTION(clear_rel)
{
	return clear_rel(c, e->cause, (enum cc_cause_origin)e->origin, e->timer);
}

ACTION(release_now)
{
	(void)e;
	cc_release(c, NULL);
	return FSM_NEXT;
}

/* ---- actions: requests ----------------------------------------------------------- */

ACTION(setup)
{
	const struct cc_setup_req *r = e->setup;
	struct q931_cc *cc = c->cc;
	uint32_t free = cc_chan_free_mask(cc);
	unsigned int ch = (unsigned int)r->chan;
	uint8_t *buf;
	int rc, n;

	if (ch && !(free & (1u << ch)))
		return TEL_ENOCHAN;
	if (!ch && !free)
		return TEL_ENOCHAN;
	if (!ch && !is_user(c))
		ch = (unsigned int)__builtin_ctz(free);	/* the network decides */
	rc = cc_name_check(cc, r->name, r->name_len);	/* cc_variant.c */
	if (rc < 0)
		return rc;
	/* kept for a resend on T303 expiry, and sent from there */
	buf = cc_setup_copy(c);
	if (!buf)
		return TEL_ENOMEM;
	n = cc_setup_to_buf(cc, c->key, r, ch, buf);
	if (n < 0)
		return n;
	rc = lapd_dl_data_req(cc->cfg.link, buf, (size_t)n);
	if (rc < 0)
		return rc;
	c->setup_len = (uint16_t)n;
	if (ch) {
		cc_chan_take(c, ch, is_user(c));
		c->chan_told = true;
	}
	cc_timer_start(c, Q931_T303);
	return 0;
}

/* CALL PROCEEDING, ALERTING, CONNECT to an incoming call; the first names the channel. */
static int send_response(struct q931_call *c, uint8_t type, const struct cc_ev *e)
{
	struct cc_small s = { .cause = 0 };
	int rc;

	if (!c->chan_told && c->chan) {
		s.chan = c->chan;
		s.excl = true;
	}
	if (type != Q931_CALL_PROCEEDING)
		cc_small_uui(&s, e->uui, e->uui_len, e->uui_pd);
	rc = cc_send_small(c->cc, c->key, type, &s);
	if (rc < 0)
		return rc;
	c->chan_told = true;
	return 0;
}

/* Answered in time: the auto-ALERTING timer (CC_TIMER_ALERT) has done its part. */
static int answered(struct q931_call *c, int rc)
{
	if (rc == 0 && c->rtimer == CC_TIMER_ALERT)
		cc_timer_stop(c);
	return rc;
}

/* An offered call the application has not answered yet: ALERTING from us. */
ACTION(auto_alert)
{
	int rc = send_response(c, Q931_ALERTING, e);

	if (rc < 0)
		c->cc->cnt.tx_errors++;
	return rc < 0 ? FSM_STAY : FSM_NEXT;
}

ACTION(proceeding)
{
	return answered(c, send_response(c, Q931_CALL_PROCEEDING, e));
}

ACTION(alerting)
{
	return answered(c, send_response(c, Q931_ALERTING, e));
}

ACTION(connect)
{
	int rc = send_response(c, Q931_CONNECT, e);

	if (rc < 0)
		return rc;
	if (is_user(c)) {
		cc_timer_start(c, Q931_T313);	/* in place of the auto-ALERTING timer */
	} else {	/* the network side is active once it has sent CONNECT */
		answered(c, 0);
		cc_ind_new(c->cc, CC_SETUP_COMPLETE_IND, c);
	}
	return 0;
}

ACTION(disconnect)
{
	uint8_t cause = e->cause ? e->cause : 16;
	int rc = send_clear(c, Q931_DISCONNECT, cause, e);

	if (rc < 0)
		return rc;
	cc_set_cause(c, cause, CC_CAUSE_LOCAL, -1);
	disconnect_sent(c, cause);
	return FSM_NEXT;
}

/* Reject an offered call: RELEASE COMPLETE, cause 21 unless given. */
ACTION(reject)
{
	uint8_t cause = e->cause ? e->cause : 21;
	int rc = send_clear(c, Q931_RELEASE_COMPLETE, cause, e);

	if (rc < 0)
		return rc;
	cc_set_cause(c, cause, CC_CAUSE_LOCAL, -1);
	cc_release(c, NULL);
	return FSM_NEXT;
}

/*
 * A drop while clearing is already under way (call control began it: T310,
 * STATUS, ...): accepted; it completes when that clearing does.
 */
ACTION(clearing)
{
	(void)c;
	(void)e;
	return FSM_STAY;
}

/*
 * The far end disconnected: we release (cause only if the session gave one;
 * 96 or 100 when the DISCONNECT's own Cause was missing or malformed, 5.8.6.1).
 */
ACTION(release_req)
{
	uint8_t cause = c->rx_cause_fault ? c->rx_cause_fault : e->cause;
	int rc = send_clear(c, Q931_RELEASE, cause, e);

	if (rc < 0)
		return rc;
	release_sent(c, cause);
	return FSM_NEXT;
}

ACTION(user_info)
{
	struct cc_small s = { .cause = 0 };

	if (!e->uui)
		return TEL_EINVAL;
	cc_small_uui(&s, e->uui, e->uui_len, e->uui_pd);
	return cc_send_small(c->cc, c->key, Q931_USER_INFORMATION, &s);
}

/* ---- actions: received messages ---------------------------------------------------- */

/*
 * A new incoming call. Channel: a free indicated channel is taken; on the user
 * side the network's choice wins over one of our SETUPs not yet answered
 * (glare); a busy exclusive channel is refused with 44, a busy preferred one
 * is replaced by a free one; none free: 34. A refused call stays in Null
 * with the cause to refuse it with in tx_cause (cc_rx_setup() sends it).
 */
static int refuse(struct q931_call *c, uint8_t cause)
{
	c->tx_cause = cause;
	return FSM_STAY;
}

ACTION(rx_setup)
{
	struct q931_cc *cc = c->cc;
	const struct q931_msg *m = e->m;
	uint32_t free = cc_chan_free_mask(cc);
	struct q931_call *owner;
	struct cc_ind *ind;
	unsigned int ch;
	uint32_t alert_ms;
	bool excl;

	if (cc_msg_chan_get(cc, m, &ch, &excl) < 0)
		return refuse(c, 82);	/* identified channel does not exist */
	if (ch && !(free & (1u << ch))) {
		owner = cc->chan_call[ch];
		if (is_user(c) && owner && owner->chan_tentative &&
		    owner->state == Q931_S1_CALL_INIT) {
			cc_chan_drop(owner);
			owner->chan_tentative = false;
			free = cc_chan_free_mask(cc);
		} else if (excl) {
			return refuse(c, 44);
		} else {
			ch = 0;
		}
	}
	if (!ch) {
		if (!free)
			return refuse(c, 34);
		ch = (unsigned int)__builtin_ctz(free);
	}
	cc_chan_take(c, ch, false);
	alert_ms = cc->tms[Q931_T303] / 2;
	cc_timer_start_ms(c, CC_TIMER_ALERT, alert_ms && alert_ms < CC_AUTO_ALERT_MS ?
			  alert_ms : CC_AUTO_ALERT_MS);
	ind = cc_ind_new(cc, CC_SETUP_IND, c);
	if (ind) {
		cc_ind_numbers(ind, m);
		cc_ind_uui(ind, m);
		cc_ind_setup_name(ind, m);
		cc_ind_progress(ind, m);
	}
	return 0;
}

/*
 * Our SETUP is answered: confirm the channel the far end names (or ours).
 * Nonzero when the message was not taken: FSM_TO(U19/N19), the call was
 * cleared; FSM_STAY, the answer is void.
 */
static int first_response(struct q931_call *c, const struct q931_msg *m)
{
	unsigned int ch;
	bool excl;

	if (c->state != (is_user(c) ? Q931_S1_CALL_INIT : Q931_S6_CALL_PRESENT)) {
		cc_timer_stop(c);
		return 0;
	}
	if (cc_msg_chan_get(c->cc, m, &ch, &excl) < 0) {
		cc_timer_stop(c);
		return clear_rel(c, 82, CC_CAUSE_PROTOCOL, -1);
	}
	if (!ch && !c->chan) {
		/*
		 * Our SETUP left the channel to the network and its first answer
		 * names none: Channel identification is mandatory there (EN 300
		 * 403). 5.8.6.1: a mandatory IE missing, the message is void (no
		 * state change, T303 runs on), STATUS with cause 96.
		 */
		cc_send_status(c, 96);
		return FSM_STAY;
	}
	cc_timer_stop(c);
	if (c->setup_copy)	/* answered: the SETUP is not sent again */
		cc_setup_copy_put(c);
	if (!ch || ch == c->chan) {
		c->chan_tentative = false;
		return 0;
	}
	if (!(cc_chan_free_mask(c->cc) & (1u << ch)))	/* cannot take the network's choice */
		return clear_rel(c, 44, CC_CAUSE_PROTOCOL, -1);
	cc_chan_drop(c);
	cc_chan_take(c, ch, false);
	return 0;
}

ACTION(rx_proceeding)
{
	int rc = first_response(c, e->m);

	if (rc)
		return rc;
	cc_timer_start(c, Q931_T310);
	cc_ind_progress(cc_ind_new(c->cc, CC_PROCEEDING_IND, c), e->m);
	return 0;
}

ACTION(rx_alerting)
{
	int rc = first_response(c, e->m);

	if (rc)
		return rc;
	cc_timer_start(c, Q931_T301);
	ind_simple(c, CC_ALERTING_IND, e->m);
	return 0;
}

ACTION(rx_connect)
{
	int rc = first_response(c, e->m);	/* which stopped the state timer */

	if (rc)
		return rc;
	cc_send_simple(c, Q931_CONNECT_ACK, 0);
	ind_simple(c, CC_SETUP_CONF, e->m);
	return 0;
}

ACTION(rx_progress)
{
	if (c->rtimer == Q931_T310)
		cc_timer_stop(c);
	ind_simple(c, CC_PROGRESS_IND, e->m);
	return 0;
}

ACTION(rx_connect_ack)
{
	(void)e;
	cc_timer_stop(c);
	cc_ind_new(c->cc, CC_SETUP_COMPLETE_IND, c);
	return 0;
}

ACTION(nop)
{
	(void)c;
	(void)e;
	return 0;
}

ACTION(rx_user_info)
{
	ind_simple(c, CC_USER_INFO_IND, e->m);
	return 0;
}

/* DISCONNECT_IND: the far end's cause (31 when absent) and its UUI. */
static void disc_ind(struct q931_call *c, const struct q931_msg *m)
{
	struct cc_ind *ind = cc_ind_new(c->cc, CC_DISCONNECT_IND, c);

	if (!ind)
		return;
	cc_ind_peer_cause(c->cc, ind, m);
	ind->cause = ind->peer_cause;
	if (!ind->cause.value) {
		ind->cause.value = 31;
		ind->cause.origin = CC_CAUSE_REMOTE;
	}
	cc_ind_uui(ind, m);
	cc_ind_progress(ind, m);
}

ACTION(rx_disconnect)
{
	c->rx_cause_fault = cc_cause_fault(e->m);
	cc_timer_stop(c);
	cc_set_cause_rx(c, e->m);
	disc_ind(c, e->m);
	return 0;
}

/* DISCONNECT crossed ours: RELEASE (our cause); the far end's cause/UUI go up. */
ACTION(disc_collision)
{
	if (send_clear(c, Q931_RELEASE, c->tx_cause, NULL) < 0)
		c->cc->cnt.tx_errors++;
	release_sent(c, c->tx_cause);
	disc_ind(c, e->m);
	return FSM_NEXT;
}

ACTION(disc_info)
{
	disc_ind(c, e->m);
	return 0;
}

ACTION(rx_release)
{
	/* the first clearing message must carry a Cause (5.8.6.1); one answering ours need not */
	bool first = c->state != Q931_S11_DISC_REQ && c->state != Q931_S12_DISC_IND;

	cc_set_cause_rx(c, e->m);
	cc_send_simple(c, Q931_RELEASE_COMPLETE, first ? cc_cause_fault(e->m) : 0);
	cc_release(c, e->m);
	return FSM_NEXT;
}

/* RELEASE crossed ours: the call is gone on the spot, no RELEASE COMPLETE. */
ACTION(rel_collision)
{
	cc_release(c, e->m);
	return FSM_NEXT;
}

ACTION(rx_rel_comp)
{
	cc_set_cause_rx(c, e->m);
	cc_release(c, e->m);
	return FSM_NEXT;
}

/* ---- actions: timers ----------------------------------------------------------------- */

ACTION(t303)
{
	(void)e;
	if (++c->t303_n < 2 && c->setup_len) {
		if (lapd_dl_data_req(c->cc->cfg.link, c->setup_copy, c->setup_len) < 0)
			c->cc->cnt.tx_errors++;
		cc_timer_start(c, Q931_T303);
		return FSM_STAY;
	}
	cc_send_simple(c, Q931_RELEASE_COMPLETE, 102);
	cc_set_cause(c, 102, CC_CAUSE_TIMER, Q931_T303);
	cc_release(c, NULL);
	return FSM_NEXT;
}

ACTION(t301)
{
	(void)e;
	return clear_disc(c, 102, CC_CAUSE_TIMER, Q931_T301);
}

ACTION(t310)
{
	(void)e;
	return clear_disc(c, 102, CC_CAUSE_TIMER, Q931_T310);
}

ACTION(t313)
{
	(void)e;
	return clear_disc(c, 102, CC_CAUSE_TIMER, Q931_T313);
}

/* T305/T306: RELEASE with the cause of our DISCONNECT. */
ACTION(t305)
{
	(void)e;
	if (send_clear(c, Q931_RELEASE, c->tx_cause, NULL) < 0)
		c->cc->cnt.tx_errors++;
	release_sent(c, c->tx_cause);
	return FSM_NEXT;
}

/* T308: RELEASE again once; then the call is gone and its channel out of service. */
ACTION(t308)
{
	(void)e;
	if (++c->t308_n < 2) {
		if (send_clear(c, Q931_RELEASE, c->tx_cause, NULL) < 0)
			c->cc->cnt.tx_errors++;
		cc_timer_start(c, Q931_T308);
		return FSM_STAY;
	}
	c->chan_oos = true;
	c->cause.value = 0;	/* not a normal clear: the timer says how it ended */
	cc_set_cause(c, 102, CC_CAUSE_TIMER, Q931_T308);
	cc_release(c, NULL);
	return TO(S0_NULL);
}

/* A STATUS says the far end is active: our CONNECT was taken, its CONNECT
 * ACKNOWLEDGE lost (a link reset). */
ACTION(status_active)
{
	(void)e;
	cc_timer_stop(c);
	cc_ind_new(c->cc, CC_SETUP_COMPLETE_IND, c);
	return FSM_NEXT;
}

/* ---- the tables ---------------------------------------------------------------------- */

#define S(n)		Q931_##n
#define B(n)		FSM_BIT(Q931_##n)
/* A row: (state, event) -> action, next state; ROWA() also names the other states
 * the action may choose (STAYS: the state it is in). */
#define ROW(s, e, a, n)		[S(s)][EV_##e] = { act_##a, #a, 0, S(n) }
#define ROWA(s, e, a, n, alt)	[S(s)][EV_##e] = { act_##a, #a, alt, S(n) }

/*
 * Rows of every non-Null state, put into each state's row first: a state's own
 * rows come after them and replace them (an initializer that overrides an
 * earlier one, on purpose, hence the pragma). So every state's row is whole
 * and the event path looks up one table.
 */
#define ANY_ROWS(st) \
	[st][EV_RX_DISCONNECT] = { act_rx_disconnect, "rx_disconnect", 0, S(S12_DISC_IND) }, \
	[st][EV_RX_RELEASE] = { act_rx_release, "rx_release", 0, S(S0_NULL) }, \
	[st][EV_RX_REL_COMP] = { act_rx_rel_comp, "rx_rel_comp", 0, S(S0_NULL) }, \
	[st][EV_CLEAR_DISC] = { act_clear_disc, "clear_disc", 0, S(S11_DISC_REQ) }, \
	[st][EV_CLEAR_REL] = { act_clear_rel, "clear_rel", 0, S(S19_REL_REQ) }, \
	[st][EV_RELEASE_NOW] = { act_release_now, "release_now", 0, S(S0_NULL) }
#define ANY_ROWS_5(a) ANY_ROWS(a), ANY_ROWS(a + 1), ANY_ROWS(a + 2), ANY_ROWS(a + 3), \
	ANY_ROWS(a + 4)
#define ANY_ROWS_ALL \
	ANY_ROWS_5(1), ANY_ROWS_5(6), ANY_ROWS_5(11), ANY_ROWS_5(16), ANY_ROWS_5(21)
/* where the rows of ANY_ROWS() lead */
#define ANY_OUT		(B(S0_NULL) | B(S11_DISC_REQ) | B(S12_DISC_IND) | B(S19_REL_REQ))

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

/* Clearing states, the same on both sides. */
#define CLEARING_ROWS \
	ROW(S11_DISC_REQ, RX_DISCONNECT, disc_collision, S19_REL_REQ), \
	ROW(S11_DISC_REQ, DISCONNECT_REQ, clearing, S11_DISC_REQ), \
	ROW(S11_DISC_REQ, T305, t305, S19_REL_REQ), \
	ROW(S11_DISC_REQ, T306, t305, S19_REL_REQ), \
	ROW(S12_DISC_IND, DISCONNECT_REQ, release_req, S19_REL_REQ), \
	ROW(S12_DISC_IND, RX_DISCONNECT, nop, S12_DISC_IND), \
	ROW(S19_REL_REQ, RX_DISCONNECT, disc_info, S19_REL_REQ), \
	ROW(S19_REL_REQ, DISCONNECT_REQ, clearing, S19_REL_REQ), \
	ROW(S19_REL_REQ, RX_RELEASE, rel_collision, S0_NULL), \
	ROWA(S19_REL_REQ, T308, t308, S19_REL_REQ, B(S0_NULL)), \
	ROW(S10_ACTIVE, USER_INFO_REQ, user_info, S10_ACTIVE), \
	ROW(S10_ACTIVE, RX_USER_INFO, rx_user_info, S10_ACTIVE), \
	ROW(S10_ACTIVE, RX_CONNECT_ACK, nop, S10_ACTIVE), \
	ROW(S10_ACTIVE, DISCONNECT_REQ, disconnect, S11_DISC_REQ), \
	ROW(S8_CONNECT_REQ, STATUS_ACTIVE, status_active, S10_ACTIVE)

/* The first answer to our SETUP may be void (we stay) or refuse our channel (U19/N19). */
#define FIRST(s)	(B(s) | B(S19_REL_REQ))

/* User side: U1-U4 our calls, U6-U9 the network's. */
static const struct fsm_row user_rows[26][EV_COUNT] = {
	ANY_ROWS_ALL,
	ROW(S0_NULL, SETUP_REQ, setup, S1_CALL_INIT),
	ROW(S0_NULL, RELEASE_NOW, release_now, S0_NULL),
	ROWA(S0_NULL, RX_SETUP, rx_setup, S6_CALL_PRESENT, B(S0_NULL)),
	ROWA(S1_CALL_INIT, RX_CALL_PROC, rx_proceeding, S3_OUT_CALL_PROC, FIRST(S1_CALL_INIT)),
	ROWA(S1_CALL_INIT, RX_ALERTING, rx_alerting, S4_CALL_DELIVERED, FIRST(S1_CALL_INIT)),
	ROWA(S1_CALL_INIT, RX_CONNECT, rx_connect, S10_ACTIVE, FIRST(S1_CALL_INIT)),
	ROWA(S1_CALL_INIT, T303, t303, S0_NULL, B(S1_CALL_INIT)),
	ROW(S1_CALL_INIT, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S3_OUT_CALL_PROC, RX_ALERTING, rx_alerting, S4_CALL_DELIVERED),
	ROW(S3_OUT_CALL_PROC, RX_CONNECT, rx_connect, S10_ACTIVE),
	ROW(S3_OUT_CALL_PROC, RX_PROGRESS, rx_progress, S3_OUT_CALL_PROC),
	ROW(S3_OUT_CALL_PROC, T310, t310, S11_DISC_REQ),
	ROW(S3_OUT_CALL_PROC, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S4_CALL_DELIVERED, RX_CONNECT, rx_connect, S10_ACTIVE),
	ROW(S4_CALL_DELIVERED, RX_PROGRESS, rx_progress, S4_CALL_DELIVERED),
	ROW(S4_CALL_DELIVERED, T301, t301, S11_DISC_REQ),
	ROW(S4_CALL_DELIVERED, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S6_CALL_PRESENT, PROCEEDING_REQ, proceeding, S9_IN_CALL_PROC),
	ROW(S6_CALL_PRESENT, ALERTING_REQ, alerting, S7_CALL_RECEIVED),
	ROW(S6_CALL_PRESENT, CONNECT_REQ, connect, S8_CONNECT_REQ),
	ROW(S6_CALL_PRESENT, DISCONNECT_REQ, reject, S0_NULL),
	ROWA(S6_CALL_PRESENT, ALERT_DUE, auto_alert, S7_CALL_RECEIVED, B(S6_CALL_PRESENT)),
	ROW(S9_IN_CALL_PROC, ALERTING_REQ, alerting, S7_CALL_RECEIVED),
	ROW(S9_IN_CALL_PROC, CONNECT_REQ, connect, S8_CONNECT_REQ),
	ROW(S9_IN_CALL_PROC, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S7_CALL_RECEIVED, CONNECT_REQ, connect, S8_CONNECT_REQ),
	ROW(S7_CALL_RECEIVED, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S8_CONNECT_REQ, RX_CONNECT_ACK, rx_connect_ack, S10_ACTIVE),
	ROW(S8_CONNECT_REQ, T313, t313, S11_DISC_REQ),
	ROW(S8_CONNECT_REQ, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	CLEARING_ROWS,
};

/* Network side: N1-N4 the user's calls, N6-N9 ours. */
static const struct fsm_row net_rows[26][EV_COUNT] = {
	ANY_ROWS_ALL,
	ROW(S0_NULL, SETUP_REQ, setup, S6_CALL_PRESENT),
	ROW(S0_NULL, RELEASE_NOW, release_now, S0_NULL),
	ROWA(S0_NULL, RX_SETUP, rx_setup, S1_CALL_INIT, B(S0_NULL)),
	ROW(S1_CALL_INIT, PROCEEDING_REQ, proceeding, S3_OUT_CALL_PROC),
	ROW(S1_CALL_INIT, ALERTING_REQ, alerting, S4_CALL_DELIVERED),
	ROW(S1_CALL_INIT, CONNECT_REQ, connect, S10_ACTIVE),
	ROW(S1_CALL_INIT, DISCONNECT_REQ, reject, S0_NULL),
	ROWA(S1_CALL_INIT, ALERT_DUE, auto_alert, S4_CALL_DELIVERED, B(S1_CALL_INIT)),
	ROW(S3_OUT_CALL_PROC, ALERTING_REQ, alerting, S4_CALL_DELIVERED),
	ROW(S3_OUT_CALL_PROC, CONNECT_REQ, connect, S10_ACTIVE),
	ROW(S3_OUT_CALL_PROC, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S4_CALL_DELIVERED, CONNECT_REQ, connect, S10_ACTIVE),
	ROW(S4_CALL_DELIVERED, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROWA(S6_CALL_PRESENT, RX_CALL_PROC, rx_proceeding, S9_IN_CALL_PROC, FIRST(S6_CALL_PRESENT)),
	ROWA(S6_CALL_PRESENT, RX_ALERTING, rx_alerting, S7_CALL_RECEIVED, FIRST(S6_CALL_PRESENT)),
	ROWA(S6_CALL_PRESENT, RX_CONNECT, rx_connect, S10_ACTIVE, FIRST(S6_CALL_PRESENT)),
	ROWA(S6_CALL_PRESENT, T303, t303, S0_NULL, B(S6_CALL_PRESENT)),
	ROW(S6_CALL_PRESENT, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S9_IN_CALL_PROC, RX_ALERTING, rx_alerting, S7_CALL_RECEIVED),
	ROW(S9_IN_CALL_PROC, RX_CONNECT, rx_connect, S10_ACTIVE),
	ROW(S9_IN_CALL_PROC, RX_PROGRESS, rx_progress, S9_IN_CALL_PROC),
	ROW(S9_IN_CALL_PROC, T310, t310, S11_DISC_REQ),
	ROW(S9_IN_CALL_PROC, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	ROW(S7_CALL_RECEIVED, RX_CONNECT, rx_connect, S10_ACTIVE),
	ROW(S7_CALL_RECEIVED, RX_PROGRESS, rx_progress, S7_CALL_RECEIVED),
	ROW(S7_CALL_RECEIVED, T301, t301, S11_DISC_REQ),
	ROW(S7_CALL_RECEIVED, DISCONNECT_REQ, disconnect, S11_DISC_REQ),
	CLEARING_ROWS,
};

#pragma GCC diagnostic pop

/*
 * The states: name, where each may go, and the state timer that may run in
 * it. Numbers Q.931 does not use for a basic call (2, 5, 13-18, 20-25) are
 * never entered (no row leads there); they keep the clearing rows all the same.
 */
#define T(n)		FSM_BIT(Q931_##n)
#define ST(n, name, out, tm)	[S(n)] = { name, ANY_OUT | (out), tm }
#define UNUSED(n)	[n] = { "S" #n, ANY_OUT, 0 }
#define UNUSED_ALL \
	[2] = { "OVERLAP_SENDING", ANY_OUT, 0 }, [25] = { "OVERLAP_RECV", ANY_OUT, 0 }, \
	UNUSED(5), UNUSED(13), UNUSED(14), UNUSED(15), UNUSED(16), UNUSED(17), UNUSED(18), \
	UNUSED(20), UNUSED(21), UNUSED(22), UNUSED(23), UNUSED(24)
#define CLEARING_STATES \
	ST(S10_ACTIVE, "ACTIVE", B(S10_ACTIVE), 0), \
	ST(S11_DISC_REQ, "DISC_REQ", B(S11_DISC_REQ), T(T305) | T(T306)), \
	ST(S12_DISC_IND, "DISC_IND", B(S12_DISC_IND), 0), \
	ST(S19_REL_REQ, "REL_REQ", B(S19_REL_REQ), T(T308))
#define ALERT	FSM_BIT(CC_TIMER_ALERT)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

static const struct fsm_state user_states[26] = {
	UNUSED_ALL,
	[S(S0_NULL)] = { "NULL", B(S0_NULL) | B(S1_CALL_INIT) | B(S6_CALL_PRESENT), 0 },
	ST(S1_CALL_INIT, "CALL_INIT",
	   B(S1_CALL_INIT) | B(S3_OUT_CALL_PROC) | B(S4_CALL_DELIVERED) | B(S10_ACTIVE), T(T303)),
	ST(S3_OUT_CALL_PROC, "OUT_CALL_PROC",
	   B(S3_OUT_CALL_PROC) | B(S4_CALL_DELIVERED) | B(S10_ACTIVE), T(T310)),
	ST(S4_CALL_DELIVERED, "CALL_DELIVERED", B(S4_CALL_DELIVERED) | B(S10_ACTIVE), T(T301)),
	ST(S6_CALL_PRESENT, "CALL_PRESENT",
	   B(S6_CALL_PRESENT) | B(S7_CALL_RECEIVED) | B(S8_CONNECT_REQ) | B(S9_IN_CALL_PROC),
	   ALERT),
	ST(S7_CALL_RECEIVED, "CALL_RECEIVED", B(S8_CONNECT_REQ), 0),
	ST(S8_CONNECT_REQ, "CONNECT_REQ", B(S10_ACTIVE), T(T313)),
	ST(S9_IN_CALL_PROC, "IN_CALL_PROC", B(S7_CALL_RECEIVED) | B(S8_CONNECT_REQ), 0),
	CLEARING_STATES,
};

static const struct fsm_state net_states[26] = {
	UNUSED_ALL,
	[S(S0_NULL)] = { "NULL", B(S0_NULL) | B(S1_CALL_INIT) | B(S6_CALL_PRESENT), 0 },
	ST(S1_CALL_INIT, "CALL_INIT",
	   B(S1_CALL_INIT) | B(S3_OUT_CALL_PROC) | B(S4_CALL_DELIVERED) | B(S10_ACTIVE), ALERT),
	ST(S3_OUT_CALL_PROC, "OUT_CALL_PROC", B(S4_CALL_DELIVERED) | B(S10_ACTIVE), 0),
	ST(S4_CALL_DELIVERED, "CALL_DELIVERED", B(S10_ACTIVE), 0),
	ST(S6_CALL_PRESENT, "CALL_PRESENT",
	   B(S6_CALL_PRESENT) | B(S7_CALL_RECEIVED) | B(S9_IN_CALL_PROC) | B(S10_ACTIVE), T(T303)),
	ST(S7_CALL_RECEIVED, "CALL_RECEIVED", B(S7_CALL_RECEIVED) | B(S10_ACTIVE), T(T301)),
	ST(S8_CONNECT_REQ, "CONNECT_REQ", B(S10_ACTIVE), 0),
	ST(S9_IN_CALL_PROC, "IN_CALL_PROC",
	   B(S9_IN_CALL_PROC) | B(S7_CALL_RECEIVED) | B(S10_ACTIVE), T(T310)),
	CLEARING_STATES,
};

#pragma GCC diagnostic pop

static const char *const ev_names[EV_COUNT] = {
#define CC_EV_NAME(n)	[EV_##n] = #n,
	CC_EVENTS(CC_EV_NAME)
#undef CC_EV_NAME
};

static const char *const timer_names[CC_TIMER_ALERT + 1] = {
	[Q931_T301] = "T301", [Q931_T303] = "T303", [Q931_T305] = "T305", [Q931_T306] = "T306",
	[Q931_T308] = "T308", [Q931_T309] = "T309", [Q931_T310] = "T310", [Q931_T313] = "T313",
	[Q931_T316] = "T316", [Q931_T322] = "T322", [CC_TIMER_ALERT] = "ALERT",
};

static const struct fsm_def user_def = {
	.name = "Q.931 user side", .states = user_states, .events = ev_names,
	.timers = timer_names, .rows = &user_rows[0][0],
	.nstates = 26, .nevents = EV_COUNT, .ntimers = CC_TIMER_ALERT + 1,
};

static const struct fsm_def net_def = {
	.name = "Q.931 network side", .states = net_states, .events = ev_names,
	.timers = timer_names, .rows = &net_rows[0][0],
	.nstates = 26, .nevents = EV_COUNT, .ntimers = CC_TIMER_ALERT + 1,
};

const struct fsm_def *cc_fsm_def(enum q931_side side)
{
	return side == Q931_SIDE_USER ? &user_def : &net_def;
}

const char *q931_state_name(enum q931_call_state s)
{
	return fsm_state_name(&user_def, (unsigned int)s);
}

bool q931_cc_fsm_lookup(enum q931_side side, enum q931_call_state state, const char *event,
			const char **action, int *next)
{
	const struct fsm_def *d = cc_fsm_def(side);
	int e = fsm_event_by_name(d, event);
	const struct fsm_row *r;

	if (e < 0 || (unsigned int)state >= d->nstates)
		return false;
	r = fsm_row(d, (unsigned int)state, (unsigned int)e);
	if (!r->act)
		return false;
	if (action)
		*action = r->name;
	if (next)
		*next = r->next;
	return true;
}

#ifdef TEL_FSM_STRICT
/* Test builds: the state timer left running must be one the call's new state declares. */
void cc_fsm_check_timer(const struct q931_call *c, enum cc_event ev)
{
	const struct fsm_def *d = c->cc->fsm;

	if (c->rtimer != CC_NO_TIMER && !c->released)
		fsm_check_timers(d, c->state, ev, FSM_BIT(c->rtimer));
}
#endif

static const uint8_t timer_event[CC_TIMER_ALERT + 1] = {
	[Q931_T301] = EV_T301, [Q931_T303] = EV_T303, [Q931_T305] = EV_T305,
	[Q931_T306] = EV_T306, [Q931_T308] = EV_T308, [Q931_T309] = EV_COUNT,
	[Q931_T310] = EV_T310, [Q931_T313] = EV_T313, [Q931_T316] = EV_COUNT,
	[Q931_T322] = EV_COUNT, [CC_TIMER_ALERT] = EV_ALERT_DUE,
};

void cc_state_timer_fired(struct tel_timer *t, void *arg)
{
	struct q931_call *c = arg;
	unsigned int which = c->rtimer;

	struct q931_cc *cc = c->cc;

	(void)t;
	c->rtimer = CC_NO_TIMER;
	if (which <= CC_TIMER_ALERT && timer_event[which] != EV_COUNT)
		cc_fsm_event(c, (enum cc_event)timer_event[which], &(struct cc_ev){ 0 });
	cc_flush(cc);
}

/* T322: STATUS ENQUIRY sent again once, then the call is cleared with cause 41. */
void cc_t322_fired(struct tel_timer *t, void *arg)
{
	struct q931_call *c = arg;
	struct q931_cc *cc = c->cc;

	(void)t;
	if (++c->t322_n < 2) {
		cc_enquire(c);
		return;
	}
	if (c->state != Q931_S19_REL_REQ)
		cc_clear_release(c, 41, CC_CAUSE_TIMER, Q931_T322);
	cc_flush(cc);
}

/* A SETUP for a call reference we do not know (flag 0): a new incoming call. */
void cc_rx_setup(struct q931_cc *cc, const struct q931_msg *m)
{
	struct q931_call *c;
	int verdict = m->nerr ? q931_msg_verdict(m) : 0, rc;	/* no conditions, no verdict */

	if (verdict == 96 || verdict == 100) {
		rc = verdict;
	} else if (cc->shutdown) {
		rc = 41;	/* the line is being shut down: temporary failure */
	} else if (!(c = cc_call_new(cc, m->cref))) {
		rc = 47;	/* resource unavailable */
	} else {
		rc = cc_fsm_event(c, EV_RX_SETUP, &(struct cc_ev){ .m = m });
		if (rc == 0 && c->state != Q931_S0_NULL)
			return;
		rc = rc == 0 ? c->tx_cause : rc;	/* refused: the cause to send */
		cc_call_abort(c);
	}
	/* on the far end's call reference: flag set (a key without CC_OURS) */
	if (cc_send_cause(cc, m->cref, Q931_RELEASE_COMPLETE, (uint8_t)(rc > 0 ? rc : 41)) < 0)
		cc->cnt.tx_errors++;
}

/* ---- requests --------------------------------------------------------------------------- */

/* 0, TEL_EINVAL (no call), or TEL_ESTATE (released, its RELEASE_IND not yet delivered). */
static int call_check(const struct q931_call *c)
{
	if (!c || !c->in_use)
		return TEL_EINVAL;
	return c->released ? TEL_ESTATE : 0;
}

static int request(struct q931_call *c, enum cc_event ev, const uint8_t *uui, uint16_t uui_len,
		   uint8_t pd, uint8_t cause)
{
	struct cc_ev e = { .uui = uui, .uui_len = uui_len, .uui_pd = pd, .cause = cause };
	struct q931_cc *cc;
	int rc;

	rc = call_check(c);
	if (rc)
		return rc;
	cc = c->cc;
	rc = cc_uui_check(cc, ev == EV_DISCONNECT_REQ ? CC_UUI_CLEAR :
			  ev == EV_USER_INFO_REQ ? CC_UUI_INFO : CC_UUI_ANSWER, uui, uui_len);
	if (rc < 0)
		return rc;
	if (!cc->link_up) {
		/* an active call kept under T309: cleared once the link is back */
		if (ev != EV_DISCONNECT_REQ || !c->held)
			return TEL_ELINK;
		c->clear_on_up = cause ? cause : 16;
		return 0;
	}
	return cc_fsm_event(c, ev, &e);	/* what it raises waits for q931_cc_deliver() */
}

int q931_setup_req(struct q931_cc *cc, const struct cc_setup_req *r, void *call_user,
		   struct q931_call **out)
{
	struct cc_ev e = { .setup = r };
	struct q931_call *c;
	int rc;

	if (!cc || !r || !out || r->chan < 0 || r->chan > 31)
		return TEL_EINVAL;
	if (r->chan && !(cc->chan_valid & (1u << r->chan)))
		return TEL_EINVAL;
	rc = cc_uui_check(cc, CC_UUI_SETUP, r->uui, r->uui_len);
	if (rc < 0)
		return rc;
	if (!cc->link_up || cc->shutdown)	/* down, or being shut down */
		return TEL_ELINK;
	/* a 15-bit call reference, never 0, not in use by another of our calls */
	c = cc_call_new_ours(cc);
	if (!c)		/* every call of the pool is in use, or it could not grow */
		return cc->nomem ? TEL_ENOMEM : TEL_ECALLS;
	c->user = call_user;
	rc = cc_fsm_event(c, EV_SETUP_REQ, &e);
	if (rc < 0) {
		cc_call_abort(c);
		return rc;
	}
	*out = c;
	return 0;
}

int q931_proceeding_req(struct q931_call *c)
{
	return request(c, EV_PROCEEDING_REQ, NULL, 0, 0, 0);
}

int q931_alerting_req(struct q931_call *c, const uint8_t *uui, uint16_t uui_len, uint8_t pd)
{
	return request(c, EV_ALERTING_REQ, uui, uui_len, pd, 0);
}

int q931_connect_req(struct q931_call *c, const uint8_t *uui, uint16_t uui_len, uint8_t pd)
{
	return request(c, EV_CONNECT_REQ, uui, uui_len, pd, 0);
}

int q931_disconnect_req(struct q931_call *c, uint8_t cause, const uint8_t *uui, uint16_t uui_len,
			uint8_t pd)
{
	if (cause > 127)
		return TEL_EINVAL;
	return request(c, EV_DISCONNECT_REQ, uui, uui_len, pd, cause);
}

int q931_user_info_req(struct q931_call *c, const uint8_t *uui, uint16_t uui_len, uint8_t pd)
{
	if (!uui)
		return TEL_EINVAL;
	return request(c, EV_USER_INFO_REQ, uui, uui_len, pd, 0);
}

int q931_status_enquiry_req(struct q931_call *c)
{
	int rc = call_check(c);

	if (rc)
		return rc;
	if (!c->cc->link_up)
		return TEL_ELINK;
	c->t322_n = 0;
	return cc_enquire(c);
}

/*
 * STATUS ENQUIRY under T322 (5.8.10); the call's state is noted, so that
 * rx_status() can tell the answer to an enquiry made after our last state
 * change from a STATUS that may have crossed it. T322 runs also when the
 * message could not be queued: its expiry tries once more.
 */
int cc_enquire(struct q931_call *c)
{
	int rc = cc_send_simple(c, Q931_STATUS_ENQUIRY, 0);

	c->enq_state = c->state;
	cc_t322_start(c);
	return rc < 0 ? rc : 0;
}
