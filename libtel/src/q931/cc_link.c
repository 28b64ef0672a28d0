// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, the data link's life: establishment at start and again
 * with back-off whenever the link is released (Q.921 point-to-point), why it
 * is down, the link failure (5.8.9, T309) and reset (5.8.8) procedures, the
 * shutdown with its drain, a closed transport and layer 1 alarms.
 */
#include "libtel/tel.h"
#include "q931/cc_int.h"

static void link_ind(struct q931_cc *cc, bool up, enum cc_link_reason reason)
{
	struct cc_ind *ind = cc_ind_new(cc, CC_LINK_IND, NULL);

	if (ind) {
		ind->link_up = up;
		ind->link_reason = (uint8_t)reason;
	}
}

/* T309 ran out: the calls kept over the link failure are cleared with cause 27. */
void cc_t309_fired(struct tel_timer *t, void *arg)
{
	struct q931_cc *cc = arg;
	unsigned int i;

	(void)t;
	for (i = 0; i < cc->ncalls; i++) {
		struct q931_call *c = cc->calls[i];

		if (c->in_use && !c->released && c->held) {
			cc_set_cause(c, 27, CC_CAUSE_TIMER, Q931_T309);
			cc_release_now(c);
		}
	}
	cc_flush(cc);
}

/* Whether call control may (try to) bring the data link up. */
static bool may_establish(const struct q931_cc *cc)
{
	return cc->started && !cc->shutdown && !cc->closed && !cc->alarm;
}

static void establish(struct q931_cc *cc)
{
	if (may_establish(cc) && lapd_state(cc->cfg.link) == LAPD_ST_TEI_ASSIGNED)
		lapd_dl_establish_req(cc->cfg.link);
}

/* The link is down: try again after the back-off, which doubles up to its maximum. */
static void establish_later(struct q931_cc *cc)
{
	uint32_t ms;

	if (!may_establish(cc) || timer_armed(&cc->test))
		return;
	ms = cc->est_backoff ? cc->est_backoff : CC_EST_BACKOFF_MIN;
	cc->est_backoff = ms >= CC_EST_BACKOFF_MAX / 2 ? CC_EST_BACKOFF_MAX : 2 * ms;
	if (timer_arm_in(cc->cfg.timers, &cc->test, ms) < 0)
		cc->cnt.tx_errors++;
}

void cc_est_fired(struct tel_timer *t, void *arg)
{
	struct q931_cc *cc = arg;

	(void)t;
	if (!cc->link_up)
		establish(cc);
}

/*
 * Q.931 5.8.9: the data link failed. Calls not active are cleared at once
 * with cause 41 (nothing can be sent); active calls are kept under T309, and
 * establishment is asked for at once.
 */
static void link_failed(struct q931_cc *cc)
{
	unsigned int i;
	bool hold = false;

	for (i = 0; i < cc->ncalls; i++) {
		struct q931_call *c = cc->calls[i];

		if (!c->in_use || c->released)
			continue;
		if (c->state == Q931_S10_ACTIVE && !cc->closed && !cc->shutdown) {
			c->held = true;
			hold = true;
			continue;
		}
		cc_set_cause(c, c->state == Q931_S10_ACTIVE ? 27 : 41, CC_CAUSE_PROTOCOL, -1);
		cc_release_now(c);
	}
	if (hold && !timer_armed(&cc->t309)) {
		if (timer_arm_in(cc->cfg.timers, &cc->t309, cc->tms[Q931_T309]) < 0)
			cc->cnt.tx_errors++;
		establish(cc);
	}
}

/*
 * Q.931 5.8.8: the data link was reset (re-established while up; frames in
 * flight may be lost). Calls being cleared by us go on under their own
 * timers (T305, T308 recover a lost message); calls being set up or active
 * are kept and verified with STATUS ENQUIRY (5.8.10), except those whose
 * SETUP is still unanswered, which T303 covers by sending the SETUP again.
 * So is a call the far end began to clear (U12/N12: no timer runs there, and
 * the far end may have released it meanwhile, its RELEASE lost).
 */
static void link_reset(struct q931_cc *cc)
{
	unsigned int i;

	for (i = 0; i < cc->ncalls; i++) {
		struct q931_call *c = cc->calls[i];
		uint8_t st = c->state;

		if (!c->in_use || c->released || st == Q931_S0_NULL || st == Q931_S11_DISC_REQ ||
		    st == Q931_S19_REL_REQ || c->rtimer == Q931_T303 || timer_armed(&c->t322))
			continue;
		c->t322_n = 0;
		if (cc_enquire(c) < 0)
			cc->cnt.tx_errors++;
	}
}

/* The link is back: T309 stops and each kept call reports its state (STATUS, cause 31). */
static void link_back(struct q931_cc *cc)
{
	unsigned int i;

	if (!timer_armed(&cc->t309))
		return;
	timer_cancel(cc->cfg.timers, &cc->t309);
	for (i = 0; i < cc->ncalls; i++) {
		struct q931_call *c = cc->calls[i];

		if (!c->in_use || c->released || !c->held)
			continue;
		c->held = false;
		if (c->clear_on_up) {	/* the session dropped it meanwhile */
			cc_clear_disconnect(c, c->clear_on_up, CC_CAUSE_LOCAL, -1);
			continue;
		}
		cc_send_status(c, 31);
	}
}

static enum cc_link_reason down_reason(const struct q931_cc *cc, enum dl_prim prim,
				       enum dl_reason reason)
{
	if (cc->closed)
		return CC_LR_CLOSED;
	if (cc->shutdown)
		return CC_LR_SHUTDOWN;
	if (cc->alarm)
		return CC_LR_ALARM;
	if (reason == DL_R_REFUSED)
		return CC_LR_REFUSED;
	if (reason == DL_R_NORMAL && prim == DL_RELEASE_IND)
		return CC_LR_RELEASED;
	return CC_LR_LOST;
}

/* Down for good (closed, shut down): said once, also when the link was down already. */
static void link_final(struct q931_cc *cc, enum cc_link_reason reason)
{
	cc->link_reason = (uint8_t)reason;
	if (cc->final_told)
		return;
	cc->final_told = true;
	cc->link_up = false;
	link_ind(cc, false, reason);
}

static void link_down(struct q931_cc *cc, enum dl_prim prim, enum dl_reason reason)
{
	enum cc_link_reason why = down_reason(cc, prim, reason);

	if (why == CC_LR_CLOSED || why == CC_LR_SHUTDOWN) {
		link_final(cc, why);
	} else {
		/* also a new reason while down (the session keeps it; no event then) */
		if (cc->link_up || cc->link_reason != why)
			link_ind(cc, false, why);
		cc->link_reason = (uint8_t)why;
		cc->link_up = false;
	}
	link_failed(cc);
	establish_later(cc);
}

static void link_established(struct q931_cc *cc, enum dl_reason reason)
{
	if (reason == DL_R_RESET && cc->link_up) {
		link_reset(cc);
		return;
	}
	timer_cancel(cc->cfg.timers, &cc->test);
	cc->started = true;	/* up once: kept up from now on, whoever established it */
	cc->est_backoff = 0;
	cc->link_reason = CC_LR_NONE;
	if (!cc->link_up)
		link_ind(cc, true, CC_LR_NONE);
	cc->link_up = true;
	link_back(cc);
	cc_restart_kick(cc);
	if (cc->shutdown)	/* came up while shutting down: release it once drained */
		cc->shutdown_wait = true;
}

void q931_cc_dl_ind(struct q931_cc *cc, enum dl_prim prim, enum dl_reason reason,
		    const uint8_t *msg, size_t len)
{
	switch (prim) {
	case DL_DATA_IND:
		cc_rx(cc, msg, len);
		break;
	case DL_ESTABLISH_IND:
	case DL_ESTABLISH_CONF:
		link_established(cc, reason);
		break;
	case DL_RELEASE_IND:
	case DL_RELEASE_CONF:
		link_down(cc, prim, reason);
		break;
	default:
		cc->cnt.rx_ignored++;
		break;
	}
	cc_flush(cc);	/* before @msg, which indications point into, is gone */
}

void q931_cc_start(struct q931_cc *cc)
{
	cc->started = true;
	establish(cc);
}

void q931_cc_shutdown(struct q931_cc *cc)
{
	if (cc->shutdown || cc->closed)
		return;
	cc->shutdown = true;
	cc->shutdown_wait = true;
	cc->shutdown_at = timers_now(cc->cfg.timers);
	timer_cancel(cc->cfg.timers, &cc->test);
	lapd_refuse_establish(cc->cfg.link, true);
}

int q931_cc_poll(struct q931_cc *cc)
{
	struct lapd *l = cc->cfg.link;
	enum lapd_state st = lapd_state(l);

	if (!cc->shutdown_wait)
		return 0;
	/* frames not acknowledged yet: wait, at most as long as LAPD retries one */
	if ((st == LAPD_ST_MF_EST || st == LAPD_ST_TIMER_RECOVERY) && lapd_queued(l) &&
	    timers_now(cc->cfg.timers) - cc->shutdown_at <
	    (uint64_t)lapd_param(l, LAPD_T200) * (lapd_param(l, LAPD_N200) + 1))
		return 1;
	cc->shutdown_wait = false;
	if (st == LAPD_ST_AWAIT_REL)
		return 0;	/* released already */
	lapd_dl_release_req(l);	/* state 4: DL-RELEASE-CONF at once, delivered by lapd_poll() */
	return 0;
}

void q931_cc_transport_closed(struct q931_cc *cc)
{
	if (cc->closed)
		return;
	cc->closed = true;
	cc->shutdown_wait = false;
	timer_cancel(cc->cfg.timers, &cc->test);
	lapd_refuse_establish(cc->cfg.link, true);
	if (lapd_state(cc->cfg.link) == LAPD_ST_TEI_ASSIGNED) {
		link_final(cc, CC_LR_CLOSED);
		link_failed(cc);	/* calls kept under T309 cannot come back: 27 now */
		timer_cancel(cc->cfg.timers, &cc->t309);
	} else {
		lapd_ph_deactivate(cc->cfg.link);	/* DL-RELEASE-IND follows */
	}
}

void q931_cc_alarm(struct q931_cc *cc, bool on)
{
	if (cc->alarm == on)
		return;
	cc->alarm = on;
	if (on) {
		timer_cancel(cc->cfg.timers, &cc->test);
		if (lapd_state(cc->cfg.link) != LAPD_ST_TEI_ASSIGNED)
			lapd_ph_deactivate(cc->cfg.link);	/* DL-RELEASE-IND follows */
		else
			cc->link_reason = CC_LR_ALARM;
	} else {
		cc->est_backoff = 0;
		establish(cc);
	}
}

