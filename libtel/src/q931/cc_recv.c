// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, messages in: decode (the fast decoder, the generic one
 * behind it), find the call by its call reference, §5.8 error handling and
 * STATUS, messages on call references we have no call for. Messages on the
 * global call reference go to cc_restart.c.
 */
#include <string.h>

#include "libtel/tel.h"
#include "q931/cc_int.h"

/*
 * The one B-channel a received channel identification names; 0 when none is
 * named. Inline: its results need not go through memory (bench/NOTES.md).
 */
inline int cc_msg_chan_get(const struct q931_cc *cc, const struct q931_msg *m,
			   unsigned int *chan, bool *excl)
{
	const struct q931_chanid *ch = &m->chan;
	unsigned int n = 0;

	*chan = 0;
	*excl = false;
	if (!Q931_HAS(m, Q931_I_CHANNEL_ID))
		return 0;
	*excl = ch->exclusive;
	if (!ch->has_chans || ch->sel != 1)
		return 0;
	if (ch->map)
		n = ch->slotmap ? (unsigned int)__builtin_ctz(ch->slotmap) + 1 : 0;
	else if (ch->nchans)
		n = ch->chans[0];
	if (n >= 32 || !(cc->chan_valid & (1u << n)))
		return TEL_EINVAL;
	*chan = n;
	return 0;
}

uint8_t cc_cause_fault_none(const struct q931_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->nerr && i < Q931_MAX_ERRORS; i++) {
		const struct q931_error *e = &m->err[i];

		if (e->ie == Q931_IE_CAUSE && e->codeset == 0 &&
		    (e->kind == Q931_ERR_BAD_CONTENT || e->kind == Q931_ERR_IE_TRUNCATED))
			return 100;	/* invalid information element contents */
	}
	return 96;			/* mandatory information element is missing */
}

/* An answer on a call reference we have no call for (echoes it, flag inverted). */
static void send_on_cref(struct q931_cc *cc, const struct q931_msg *rx, uint8_t type,
			 uint8_t cause, bool with_state)
{
	struct q931_msg m;

	q931_msg_init_hdr(&m, type, rx->cref, !rx->cref_flag);
	cc_msg_cause(cc, &m, cause);
	if (with_state) {
		m.call_state = Q931_S0_NULL;
		m.call_state_coding = 0;
		m.present |= Q931_BIT(Q931_I_CALL_STATE);
	}
	if (cc_send(cc, &m) < 0)
		cc->cnt.tx_errors++;
}

/* Message type -> its event of the call's state machine + 1 (0: handled by rx_msg()). */
static const uint8_t rx_event[256] = {
	[Q931_SETUP] = EV_RX_SETUP + 1,
	[Q931_CALL_PROCEEDING] = EV_RX_CALL_PROC + 1,
	[Q931_ALERTING] = EV_RX_ALERTING + 1,
	[Q931_PROGRESS] = EV_RX_PROGRESS + 1,
	[Q931_CONNECT] = EV_RX_CONNECT + 1,
	[Q931_CONNECT_ACK] = EV_RX_CONNECT_ACK + 1,
	[Q931_DISCONNECT] = EV_RX_DISCONNECT + 1,
	[Q931_RELEASE] = EV_RX_RELEASE + 1,
	[Q931_RELEASE_COMPLETE] = EV_RX_REL_COMP + 1,
	[Q931_USER_INFORMATION] = EV_RX_USER_INFO + 1,
};

/* Q.931 5.8.11: the far end's state in STATUS must fit ours, else clear with 101. */
static bool state_compatible(uint8_t ours, uint8_t peer)
{
	bool out_o = ours >= 1 && ours <= 4, out_p = peer >= 1 && peer <= 4;
	bool in_o = (ours >= 6 && ours <= 9) || ours == 25;
	bool in_p = (peer >= 6 && peer <= 9) || peer == 25;

	return !((out_o && in_p) || (in_o && out_p));
}

/*
 * One side active, the other still setting the call up: a CONNECT went
 * missing (a data link reset discards what was in flight). Messages keep
 * their order, so a STATUS reflects everything its sender sent before it:
 * this is no crossing. (U8 against N10 is, and is taken as CONNECT
 * ACKNOWLEDGE by rx_status(); N10 against U8 waits for the user's move.)
 */
static bool active_mismatch(uint8_t ours, uint8_t peer)
{
	bool est_o = (ours >= 1 && ours <= 9) || ours == 25;
	bool est_p = (peer >= 1 && peer <= 9) || peer == 25;

	if (ours == Q931_S10_ACTIVE && peer == Q931_S8_CONNECT_REQ)
		return false;
	return (ours == Q931_S10_ACTIVE && est_p) || (est_o && peer == Q931_S10_ACTIVE);
}

static void rx_status(struct q931_call *c, const struct q931_msg *m)
{
	/* the answer to an enquiry we made in the state we are in now */
	bool answer = timer_armed(&c->t322) && c->enq_state == c->state;

	timer_cancel_lazy(c->cc->cfg.timers, &c->t322);
	c->t322_n = 0;
	if (!Q931_HAS(m, Q931_I_CALL_STATE))
		return;
	if (m->call_state == Q931_S0_NULL) {	/* the far end has no call: release ours */
		cc_set_cause(c, 101, CC_CAUSE_PROTOCOL, -1);
		cc_release_now(c);
		return;
	}
	if (c->state == Q931_S8_CONNECT_REQ && m->call_state == Q931_S10_ACTIVE) {
		/* our CONNECT was taken, its CONNECT ACKNOWLEDGE lost (a link reset) */
		cc_fsm_event(c, EV_STATUS_ACTIVE, &(struct cc_ev){ 0 });
		return;
	}
	if (c->state == Q931_S10_ACTIVE && m->call_state == Q931_S8_CONNECT_REQ &&
	    c->cc->cfg.side == Q931_SIDE_NETWORK) {
		cc_send_simple(c, Q931_CONNECT_ACK, 0);	/* ours was lost */
		return;
	}
	if (c->state == Q931_S12_DISC_IND) {
		/*
		 * The far end's DISCONNECT came before this STATUS, so it must be
		 * clearing too (N11/N12/N19, or U11/U12/U19); any other state
		 * means it lost the call's clearing (a reset): finish it. No
		 * timer runs in U12/N12 to do so otherwise.
		 */
		uint8_t p = m->call_state;

		if (p != Q931_S11_DISC_REQ && p != Q931_S12_DISC_IND && p != Q931_S19_REL_REQ)
			cc_clear_release(c, 101, CC_CAUSE_PROTOCOL, -1);
		return;
	}
	if (c->state == Q931_S19_REL_REQ || c->state == Q931_S11_DISC_REQ)
		return;		/* clearing (a STATUS may cross our message): T305/T308 finish it */
	if (!state_compatible(c->state, m->call_state)) {
		cc_clear_release(c, 101, CC_CAUSE_PROTOCOL, -1);
		return;
	}
	if (!active_mismatch(c->state, m->call_state))
		return;
	/*
	 * The network goes N10 when it sends CONNECT: a STATUS the user sent
	 * before that CONNECT reached it shows U1-U4 and crosses it. Only the
	 * answer to an enquiry made since tells a lost CONNECT for sure.
	 */
	if (c->state == Q931_S10_ACTIVE && c->cc->cfg.side == Q931_SIDE_NETWORK && !answer) {
		c->t322_n = 0;
		if (cc_enquire(c) < 0)
			c->cc->cnt.tx_errors++;
		return;
	}
	cc_clear_release(c, 101, CC_CAUSE_PROTOCOL, -1);
}

static void rx_unknown_cref(struct q931_cc *cc, const struct q931_msg *m)
{
	switch (m->type) {
	case Q931_SETUP:	/* a SETUP with the flag set names a call of ours: ignore */
		if (m->cref_flag)
			cc->cnt.rx_ignored++;
		else
			cc_rx_setup(cc, m);
		break;
	case Q931_RELEASE_COMPLETE:
		cc->cnt.rx_ignored++;
		break;
	case Q931_STATUS:
		if (Q931_HAS(m, Q931_I_CALL_STATE) && m->call_state != 0)
			send_on_cref(cc, m, Q931_RELEASE_COMPLETE, 101, false);
		break;
	case Q931_STATUS_ENQUIRY:
		send_on_cref(cc, m, Q931_STATUS, 30, true);
		break;
	default:		/* RELEASE and every other message: cause 81 */
		send_on_cref(cc, m, Q931_RELEASE_COMPLETE, 81, false);
		break;
	}
}

/*
 * A message the decoder's fast path declined: the generic decoder, which
 * reports its conditions. The verdict (§5.8) they ask for, or -1 when the
 * message is to be ignored. Out of line: the fast path is the common case.
 */
static __attribute__((noinline)) int rx_decode_generic(struct q931_cc *cc, const uint8_t *buf,
						       size_t len, struct q931_msg *m)
{
	if (q931_decode_generic(&cc->codec, cc->rxdir, buf, len, m) < 0 || m->cref_len != 2)
		return -1;
	/* the verdict only ever comes from conditions: none, no verdict */
	return m->nerr ? q931_msg_verdict(m) : 0;
}

/* A decoded message with the verdict its conditions ask for (§5.8). Inlined
 * into both of cc_rx()'s paths: after the fast decoder the verdict is 0. */
static inline __attribute__((always_inline)) void rx_msg(struct q931_cc *cc,
							 const struct q931_msg *m, int verdict,
							 uint16_t key)
{
	struct q931_call *c;
	int ev;

	if (!(key & 0x7fff)) {	/* m->cref == 0 */
		cc_rx_global(cc, m);
		return;
	}
	c = cc_lookup(cc, key);
	if (!c) {
		rx_unknown_cref(cc, m);
		return;
	}
	ev = rx_event[m->type] - 1;
	if (ev <= EV_RX_SETUP) {
		switch (m->type) {
		case Q931_SETUP:	/* a SETUP again (T303 resend): already have it */
			cc->cnt.rx_ignored++;
			return;
		case Q931_STATUS_ENQUIRY:
			cc_send_status(c, 30);
			return;
		case Q931_INFORMATION:	/* valid in most states, but not implemented */
			cc_send_status(c, 97);
			return;
		case Q931_FACILITY:	/* supplementary services (Q.932), e.g. NI-2 names */
		case Q931_NOTIFY:	/* information for the user, no state change */
			/* Not acted on, and not answered: a STATUS for every FACILITY an
			 * NI-2 switch sends would be noise; the call goes on. */
			return;
		case Q931_STATUS:
			if (verdict == 96 || verdict == 100)
				cc_send_status(c, (uint8_t)verdict);
			else
				rx_status(c, m);
			return;
		}
		/* unknown, or not handled here: §5.8.4 */
		cc_send_status(c, !q931_msg_known(m->type) ? 97 : 98);
		return;
	}
	/*
	 * §5.8.6: a missing or bad mandatory IE makes the message void (STATUS with
	 * the cause), except in clearing messages, which still clear.
	 */
	if ((verdict == 96 || verdict == 100) && ev != EV_RX_DISCONNECT &&
	    ev != EV_RX_RELEASE && ev != EV_RX_REL_COMP) {
		cc_send_status(c, (uint8_t)verdict);
		return;
	}
	if (cc_fsm_event(c, (enum cc_event)ev, &(struct cc_ev){ .m = m }) == TEL_ESTATE)
		cc_send_status(c, 98);	/* message not compatible with the call state */
}

static bool uui_too_big(const struct q931_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->nerr && i < Q931_MAX_ERRORS; i++)
		if (m->err[i].kind == Q931_ERR_UUI_TOO_BIG)
			return true;
	return false;
}

/*
 * User-user information longer than the line's maximum (the decoder keeps it
 * whole): Q.931 5.8.7.2 treats an IE over its maximum length as a content
 * error in a non-mandatory IE, and for access information such as user-user
 * the STATUS says 43 "access information discarded", with the IE identifier
 * as diagnostic. The message is acted on without the IE, which is not passed
 * up, neither whole nor cut; a USER INFORMATION, which carries nothing else,
 * not at all. The STATUS follows the handling, with the state it left the
 * call in, unless the message released the call.
 */
static __attribute__((noinline)) void rx_uui_too_big(struct q931_cc *cc, struct q931_msg *m,
						     int verdict, uint16_t key)
{
	static const uint8_t uui_ie = Q931_IE_USER_USER;
	struct q931_call *c;

	m->present &= ~Q931_BIT(Q931_I_USER_USER);
	if (m->type != Q931_USER_INFORMATION || !(key & 0x7fff) || !cc_lookup(cc, key))
		rx_msg(cc, m, verdict, key);
	c = (key & 0x7fff) ? cc_lookup(cc, key) : NULL;
	if (c && !c->released)
		cc_send_status_diag(c, 43, &uui_ie);
}

void cc_rx(struct q931_cc *cc, const uint8_t *buf, size_t len)
{
	struct q931_msg m;
	int verdict;

	/*
	 * q931_decode() by its halves (bench/NOTES.md). Both take only a two-octet
	 * call reference, whose flag bit is where CC_OURS is: octets 2-3 of the
	 * frame are the call's key as they are.
	 */
	if (q931_decode_fast_frame(&cc->codec, cc->rxdir, buf, len, &m)) {
		rx_msg(cc, &m, 0, (uint16_t)(buf[2] << 8 | buf[3]));
		return;
	}
	verdict = rx_decode_generic(cc, buf, len, &m);
	if (verdict < 0) {
		cc->cnt.rx_ignored++;
		return;
	}
	if (__builtin_expect(m.nerr != 0, 0) && uui_too_big(&m)) {
		rx_uui_too_big(cc, &m, verdict, (uint16_t)(buf[2] << 8 | buf[3]));
		return;
	}
	rx_msg(cc, &m, verdict, (uint16_t)(buf[2] << 8 | buf[3]));
}
