// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.921 data link state machine (point-to-point): the actions and the table
 * (a core/fsm.h description: states with where they may go and which timers
 * may run in them, events, rows of {action, next state, other states the
 * action may choose}).
 *
 * An action returns FSM_NEXT to take the row's next state, or FSM_TO(state)
 * for one of the row's other states when the outcome depends on the frame or
 * the counters. Only lapd_fsm_dispatch() moves l->state.
 */
#include <stddef.h>

#include "libtel/tel.h"
#include "core/fsm.h"
#include "lapd/datalink_int.h"

/* --- procedures shared by several actions ---------------------------------- */

static void clear_exceptions(struct lapd *l)
{
	l->peer_busy = false;
	l->rej_exception = false;
	l->ack_pending = false;
}

/* Q.921 "establish data link": SABME P=1 under T200. */
static void establish(struct lapd *l)
{
	clear_exceptions(l);
	l->rc = 0;
	lapd_send_u(l, LAPD_SABME, true, true);
	lapd_t200_restart(l);
	lapd_t203_stop(l);
}

/*
 * Error recovery by re-establishment (N(R) error, FRMR, unsolicited DM, N200
 * exhausted in timer recovery): the queue is discarded now; the upper layer
 * hears DL-ESTABLISH-IND (reset) on success, DL-RELEASE-IND (lost) on failure.
 */
static int reestablish(struct lapd *l)
{
	l->cnt.errors++;
	lapd_q_discard(l);
	establish(l);
	l->l3_initiated = false;
	return FSM_TO(LAPD_ST_AWAIT_EST);
}

static bool rx_command(const struct lapd *l, const struct lapd_frame *f)
{
	return lapd_is_command(f, !l->network);
}

static void enquiry(struct lapd *l)
{
	lapd_send_s(l, LAPD_RR, true, true);
}

static void link_up(struct lapd *l, enum dl_prim prim, enum dl_reason reason)
{
	lapd_up(l, prim, l->lost ? DL_R_BACK : reason, NULL, 0);
	l->lost = false;
}

static void link_down(struct lapd *l, enum dl_prim prim, enum dl_reason reason)
{
	lapd_up(l, prim, reason, NULL, 0);
	l->lost = reason == DL_R_LOST;
}

/* --- actions ----------------------------------------------------------------- */

static int act_nop(void *obj, const void *arg)
{
	(void)obj;
	(void)arg;
	return FSM_NEXT;
}

static int act_mdl_error(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	l->cnt.errors++;
	return FSM_NEXT;
}

static int act_establish(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_q_discard(l);
	establish(l);
	l->l3_initiated = true;
	return FSM_NEXT;
}

static int act_est_conf_now(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_up(l, DL_ESTABLISH_CONF, DL_R_NORMAL, NULL, 0);
	return FSM_NEXT;
}

static int act_rel_conf_now(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_up(l, DL_RELEASE_CONF, DL_R_NORMAL, NULL, 0);
	return FSM_NEXT;
}

static int act_l3_initiated(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_q_discard(l);
	l->l3_initiated = true;
	return FSM_NEXT;
}

static int act_release(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_q_discard(l);
	l->rc = 0;
	lapd_send_u(l, LAPD_DISC, true, true);
	lapd_t203_stop(l);
	lapd_t200_restart(l);
	return FSM_NEXT;
}

static int act_ua_reply(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	lapd_send_u(l, LAPD_UA, false, f->pf);
	return FSM_NEXT;
}

static int act_dm_reply(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	lapd_send_u(l, LAPD_DM, false, f->pf);
	return FSM_NEXT;
}

/* State 4: an I or S command with P=1 gets DM F=1. */
static int act_dm_if_poll(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (rx_command(l, f) && f->pf)
		lapd_send_u(l, LAPD_DM, false, true);
	return FSM_NEXT;
}

/* SABME accepted in state 4 (peer establishes) or 7/8 (link reset). */
static int act_sabme_accept(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;
	bool reset = l->state != LAPD_ST_TEI_ASSIGNED;

	if (!reset && l->refuse_est) {	/* we shut the link down: stay released */
		lapd_send_u(l, LAPD_DM, false, f->pf);
		return FSM_TO(LAPD_ST_TEI_ASSIGNED);
	}

	lapd_send_u(l, LAPD_UA, false, f->pf);
	clear_exceptions(l);
	lapd_q_discard(l);
	l->vs = l->va = l->vr = 0;
	lapd_t200_stop(l);
	lapd_t203_restart(l);
	if (reset)
		l->cnt.errors++;
	link_up(l, DL_ESTABLISH_IND, reset ? DL_R_RESET : DL_R_NORMAL);
	return FSM_NEXT;
}

/* State 5: UA F=1 completes establishment. */
static int act_ua_established(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (!f->pf) {
		l->cnt.errors++;
		return FSM_TO(LAPD_ST_AWAIT_EST);
	}
	lapd_t200_stop(l);
	lapd_t203_restart(l);
	l->vs = l->va = l->vr = 0;
	l->qsent = 0;
	if (l->l3_initiated)
		link_up(l, DL_ESTABLISH_CONF, DL_R_NORMAL);
	else
		link_up(l, DL_ESTABLISH_IND, DL_R_RESET);
	lapd_push_i(l);		/* what was queued while establishing */
	return FSM_NEXT;
}

/* State 5: DM F=1, the peer refuses the link. */
static int act_dm_refused(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (!f->pf)
		return FSM_TO(LAPD_ST_AWAIT_EST);
	lapd_q_discard(l);
	lapd_t200_stop(l);
	link_down(l, DL_RELEASE_IND, l->l3_initiated ? DL_R_REFUSED : DL_R_LOST);
	return FSM_NEXT;
}

/* State 5: T200 expiry. */
static int act_t200_est(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	if (l->rc >= l->n200) {
		l->cnt.errors++;
		lapd_q_discard(l);
		link_down(l, DL_RELEASE_IND, DL_R_LOST);
		return FSM_TO(LAPD_ST_TEI_ASSIGNED);
	}
	l->rc++;
	lapd_send_u(l, LAPD_SABME, true, true);
	lapd_t200_restart(l);
	return FSM_NEXT;
}

/* State 6: UA or DM with F=1 completes release. */
static int act_released(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (!f->pf) {
		l->cnt.errors++;
		return FSM_TO(LAPD_ST_AWAIT_REL);
	}
	lapd_t200_stop(l);
	link_down(l, DL_RELEASE_CONF, DL_R_NORMAL);
	return FSM_NEXT;
}

/* State 6: T200 expiry. */
static int act_t200_rel(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	if (l->rc >= l->n200) {
		l->cnt.errors++;
		link_down(l, DL_RELEASE_CONF, DL_R_NORMAL);
		return FSM_TO(LAPD_ST_TEI_ASSIGNED);
	}
	l->rc++;
	lapd_send_u(l, LAPD_DISC, true, true);
	lapd_t200_restart(l);
	return FSM_NEXT;
}

/* States 7/8: the peer releases. */
static int act_disc_established(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	lapd_q_discard(l);
	lapd_send_u(l, LAPD_UA, false, f->pf);
	lapd_t200_stop(l);
	lapd_t203_stop(l);
	link_down(l, DL_RELEASE_IND, DL_R_NORMAL);
	return FSM_NEXT;
}

/* States 5-8: the physical layer is gone; nothing can be sent or acknowledged. */
static int act_ph_deact(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_q_discard(l);
	lapd_t200_stop(l);
	lapd_t203_stop(l);
	clear_exceptions(l);
	if (l->state == LAPD_ST_AWAIT_REL)
		link_down(l, DL_RELEASE_CONF, DL_R_NORMAL);
	else
		link_down(l, DL_RELEASE_IND, DL_R_LOST);
	return FSM_NEXT;
}

/* States 7/8: DM F=0 is unsolicited: re-establish. DM F=1 is only an error. */
static int act_dm_established(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (f->pf) {
		l->cnt.errors++;
		return FSM_STAY;
	}
	return reestablish(l);
}

static int act_reestablish(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	return reestablish(l);
}

static int act_push(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	lapd_push_i(l);
	return FSM_NEXT;
}

/* State 7: T200 expiry, or T203 expiry: poll the peer under timer recovery. */
static int act_start_recovery(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	l->rc = 0;
	enquiry(l);
	l->rc++;
	lapd_t200_restart(l);
	return FSM_NEXT;
}

static int act_t203(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	enquiry(l);
	l->rc = 0;
	lapd_t200_restart(l);
	return FSM_NEXT;
}

/* State 8: T200 expiry. */
static int act_t200_recovery(void *obj, const void *arg)
{
	struct lapd *l = obj;

	(void)arg;
	if (l->rc >= l->n200)
		return reestablish(l);
	enquiry(l);
	l->rc++;
	lapd_t200_restart(l);
	return FSM_NEXT;
}

/* States 7/8: I frame (Q.921 5.6.2, 5.8.1). */
static int act_rx_i(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (!lapd_nr_valid(l, f->nr))
		return reestablish(l);
	if (l->own_busy) {	/* 5.6.2 b): discarded, N(R) still counts; a poll gets RNR */
		l->cnt.busy_discarded++;
		if (f->pf)
			lapd_send_s(l, LAPD_RR, false, true);	/* goes as RNR */
	} else if (f->ns == l->vr) {
		l->vr = seq_add(l->vr, 1);
		l->rej_exception = false;
		lapd_up(l, DL_DATA_IND, DL_R_NORMAL, f->info, f->info_len);
		if (f->pf)
			lapd_send_s(l, LAPD_RR, false, true);
		else
			l->ack_pending = true;
	} else if (l->rej_exception) {
		if (f->pf)
			lapd_send_s(l, LAPD_RR, false, true);
	} else {
		l->rej_exception = true;
		lapd_send_s(l, LAPD_REJ, false, f->pf);
	}
	if (l->state == LAPD_ST_MF_EST) {
		lapd_ack_mf(l, f->nr);
		lapd_push_i(l);
	} else {
		lapd_q_ack(l, f->nr);
	}
	return FSM_NEXT;
}

/* RR, RNR, REJ: peer busy flag, and a poll gets its answer. True when N(R) is valid. */
static bool rx_s_common(struct lapd *l, const struct lapd_frame *f)
{
	l->peer_busy = f->type == LAPD_RNR;
	if (rx_command(l, f)) {
		if (f->pf)
			lapd_send_s(l, LAPD_RR, false, true);
	} else if (f->pf && l->state == LAPD_ST_MF_EST) {
		l->cnt.errors++;	/* F=1 nobody asked for (MDL-ERROR A) */
	}
	return lapd_nr_valid(l, f->nr);
}

/* State 7: RR, RNR, REJ. */
static int act_rx_s_mf(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (!rx_s_common(l, f))
		return reestablish(l);
	if (f->type == LAPD_RNR) {
		/* Peer busy: keep T200 running to poll it from timer recovery. */
		lapd_q_ack(l, f->nr);
		lapd_t203_stop(l);
		lapd_t200_restart(l);
	} else if (f->type == LAPD_REJ) {
		lapd_q_ack(l, f->nr);
		lapd_t200_stop(l);
		lapd_t203_restart(l);
		l->vs = f->nr;		/* retransmit from N(R) */
		lapd_push_i(l);
	} else {
		lapd_ack_mf(l, f->nr);
		lapd_push_i(l);
	}
	return FSM_NEXT;
}

/* State 8: RR, RNR, REJ; a response with F=1 ends timer recovery. */
static int act_rx_s_recovery(void *obj, const void *arg)
{
	struct lapd *l = obj;
	const struct lapd_frame *f = arg;

	if (!rx_s_common(l, f))
		return reestablish(l);
	lapd_q_ack(l, f->nr);
	if (rx_command(l, f) || !f->pf)
		return FSM_TO(LAPD_ST_TIMER_RECOVERY);
	l->vs = f->nr;			/* retransmit what is still unacknowledged */
	if (l->peer_busy) {
		lapd_t200_restart(l);
	} else {
		lapd_t200_stop(l);
		lapd_t203_restart(l);
		lapd_push_i(l);
	}
	return FSM_TO(LAPD_ST_MF_EST);
}

/* --- the table ------------------------------------------------------------- */

#define ST(s)	FSM_BIT(LAPD_ST_##s)
#define TM(t)	FSM_BIT(LAPD_##t)

/*
 * The states: where each may go, and which of T200/T203 may run in it (T203
 * runs whenever T200 does not, in state 7 only; T200 supervises the waits of
 * states 5, 6 and 8 and the outstanding I frames of 7).
 */
static const struct fsm_state lapd_states[LAPD_ST_LAST + 1] = {
	[LAPD_ST_TEI_ASSIGNED] = { "TEI-ASSIGNED",
		ST(TEI_ASSIGNED) | ST(AWAIT_EST) | ST(MF_EST), 0 },
	[LAPD_ST_AWAIT_EST] = { "AWAIT-ESTABLISHMENT",
		ST(AWAIT_EST) | ST(TEI_ASSIGNED) | ST(AWAIT_REL) | ST(MF_EST), TM(T200) },
	[LAPD_ST_AWAIT_REL] = { "AWAIT-RELEASE",
		ST(AWAIT_REL) | ST(TEI_ASSIGNED), TM(T200) },
	[LAPD_ST_MF_EST] = { "MULTIPLE-FRAME-ESTABLISHED",
		ST(MF_EST) | ST(TEI_ASSIGNED) | ST(AWAIT_EST) | ST(AWAIT_REL) |
		ST(TIMER_RECOVERY), TM(T200) | TM(T203) },
	[LAPD_ST_TIMER_RECOVERY] = { "TIMER-RECOVERY",
		ST(TIMER_RECOVERY) | ST(TEI_ASSIGNED) | ST(AWAIT_EST) | ST(AWAIT_REL) |
		ST(MF_EST), TM(T200) },
};

static const char *const lapd_events[LAPD_EV_COUNT] = {
	[LAPD_EV_DL_EST_REQ] = "DL-ESTABLISH-REQ",
	[LAPD_EV_DL_REL_REQ] = "DL-RELEASE-REQ",
	[LAPD_EV_DL_DATA_REQ] = "DL-DATA-REQ",
	[LAPD_EV_RX_SABME] = "RX-SABME",
	[LAPD_EV_RX_UA] = "RX-UA",
	[LAPD_EV_RX_DM] = "RX-DM",
	[LAPD_EV_RX_DISC] = "RX-DISC",
	[LAPD_EV_RX_FRMR] = "RX-FRMR",
	[LAPD_EV_RX_I] = "RX-I",
	[LAPD_EV_RX_RR] = "RX-RR",
	[LAPD_EV_RX_RNR] = "RX-RNR",
	[LAPD_EV_RX_REJ] = "RX-REJ",
	[LAPD_EV_RX_BAD] = "RX-BAD-FRAME",
	[LAPD_EV_T200] = "T200-EXPIRY",
	[LAPD_EV_T203] = "T203-EXPIRY",
	[LAPD_EV_PH_DEACT] = "PH-DEACTIVATE-IND",
};

/* Timer numbers of the description: the ids T200 and T203 are armed with. */
static const char *const lapd_timers[] = { [LAPD_T200] = "T200", [LAPD_T203] = "T203" };

/*
 * ROW: the action always leads to the next state; ALT: it may also choose
 * the states listed after it (FSM_TO()).
 */
#define ROW(s, e, a, n) \
	[LAPD_ST_##s][LAPD_EV_##e] = { a, #a, 0, LAPD_ST_##n }
#define ALT(s, e, a, n, alt) \
	[LAPD_ST_##s][LAPD_EV_##e] = { a, #a, alt, LAPD_ST_##n }

static const struct fsm_row lapd_rows[LAPD_ST_LAST + 1][LAPD_EV_COUNT] = {
	/*   state           event         action                next state   also */
	ROW(TEI_ASSIGNED,   DL_EST_REQ,   act_establish,        AWAIT_EST),
	ROW(TEI_ASSIGNED,   DL_REL_REQ,   act_rel_conf_now,     TEI_ASSIGNED),
	ALT(TEI_ASSIGNED,   RX_SABME,     act_sabme_accept,     MF_EST,      ST(TEI_ASSIGNED)),
	ROW(TEI_ASSIGNED,   RX_DISC,      act_dm_reply,         TEI_ASSIGNED),
	ROW(TEI_ASSIGNED,   RX_UA,        act_mdl_error,        TEI_ASSIGNED),
	ROW(TEI_ASSIGNED,   RX_I,         act_dm_if_poll,       TEI_ASSIGNED),
	ROW(TEI_ASSIGNED,   RX_RR,        act_dm_if_poll,       TEI_ASSIGNED),
	ROW(TEI_ASSIGNED,   RX_RNR,       act_dm_if_poll,       TEI_ASSIGNED),
	ROW(TEI_ASSIGNED,   RX_REJ,       act_dm_if_poll,       TEI_ASSIGNED),

	ROW(AWAIT_EST,      DL_EST_REQ,   act_l3_initiated,     AWAIT_EST),
	ROW(AWAIT_EST,      DL_REL_REQ,   act_release,          AWAIT_REL),
	ROW(AWAIT_EST,      DL_DATA_REQ,  act_nop,              AWAIT_EST),
	ROW(AWAIT_EST,      RX_SABME,     act_ua_reply,         AWAIT_EST),
	ROW(AWAIT_EST,      RX_DISC,      act_dm_reply,         AWAIT_EST),
	ALT(AWAIT_EST,      RX_UA,        act_ua_established,   MF_EST,      ST(AWAIT_EST)),
	ALT(AWAIT_EST,      RX_DM,        act_dm_refused,       TEI_ASSIGNED, ST(AWAIT_EST)),
	ALT(AWAIT_EST,      T200,         act_t200_est,         AWAIT_EST,   ST(TEI_ASSIGNED)),
	ROW(AWAIT_EST,      PH_DEACT,     act_ph_deact,         TEI_ASSIGNED),

	ROW(AWAIT_REL,      RX_SABME,     act_dm_reply,         AWAIT_REL),
	ROW(AWAIT_REL,      RX_DISC,      act_ua_reply,         AWAIT_REL),
	ALT(AWAIT_REL,      RX_UA,        act_released,         TEI_ASSIGNED, ST(AWAIT_REL)),
	ALT(AWAIT_REL,      RX_DM,        act_released,         TEI_ASSIGNED, ST(AWAIT_REL)),
	ALT(AWAIT_REL,      T200,         act_t200_rel,         AWAIT_REL,   ST(TEI_ASSIGNED)),
	ROW(AWAIT_REL,      PH_DEACT,     act_ph_deact,         TEI_ASSIGNED),

	ROW(MF_EST,         DL_EST_REQ,   act_est_conf_now,     MF_EST),
	ROW(MF_EST,         DL_REL_REQ,   act_release,          AWAIT_REL),
	ROW(MF_EST,         DL_DATA_REQ,  act_push,             MF_EST),
	ROW(MF_EST,         RX_SABME,     act_sabme_accept,     MF_EST),
	ROW(MF_EST,         RX_DISC,      act_disc_established, TEI_ASSIGNED),
	ROW(MF_EST,         RX_UA,        act_mdl_error,        MF_EST),
	ALT(MF_EST,         RX_DM,        act_dm_established,   AWAIT_EST,   ST(MF_EST)),
	ROW(MF_EST,         RX_FRMR,      act_reestablish,      AWAIT_EST),
	ROW(MF_EST,         RX_BAD,       act_reestablish,      AWAIT_EST),
	ALT(MF_EST,         RX_I,         act_rx_i,             MF_EST,      ST(AWAIT_EST)),
	ALT(MF_EST,         RX_RR,        act_rx_s_mf,          MF_EST,      ST(AWAIT_EST)),
	ALT(MF_EST,         RX_RNR,       act_rx_s_mf,          MF_EST,      ST(AWAIT_EST)),
	ALT(MF_EST,         RX_REJ,       act_rx_s_mf,          MF_EST,      ST(AWAIT_EST)),
	ROW(MF_EST,         T200,         act_start_recovery,   TIMER_RECOVERY),
	ROW(MF_EST,         T203,         act_t203,             TIMER_RECOVERY),
	ROW(MF_EST,         PH_DEACT,     act_ph_deact,         TEI_ASSIGNED),

	ROW(TIMER_RECOVERY, DL_EST_REQ,   act_est_conf_now,     TIMER_RECOVERY),
	ROW(TIMER_RECOVERY, DL_REL_REQ,   act_release,          AWAIT_REL),
	ROW(TIMER_RECOVERY, DL_DATA_REQ,  act_nop,              TIMER_RECOVERY),
	ROW(TIMER_RECOVERY, RX_SABME,     act_sabme_accept,     MF_EST),
	ROW(TIMER_RECOVERY, RX_DISC,      act_disc_established, TEI_ASSIGNED),
	ROW(TIMER_RECOVERY, RX_UA,        act_mdl_error,        TIMER_RECOVERY),
	ALT(TIMER_RECOVERY, RX_DM,        act_dm_established,   AWAIT_EST,   ST(TIMER_RECOVERY)),
	ROW(TIMER_RECOVERY, RX_FRMR,      act_reestablish,      AWAIT_EST),
	ROW(TIMER_RECOVERY, RX_BAD,       act_reestablish,      AWAIT_EST),
	ALT(TIMER_RECOVERY, RX_I,         act_rx_i,             TIMER_RECOVERY, ST(AWAIT_EST)),
	ALT(TIMER_RECOVERY, RX_RR,        act_rx_s_recovery,    TIMER_RECOVERY,
	    ST(MF_EST) | ST(AWAIT_EST)),
	ALT(TIMER_RECOVERY, RX_RNR,       act_rx_s_recovery,    TIMER_RECOVERY,
	    ST(MF_EST) | ST(AWAIT_EST)),
	ALT(TIMER_RECOVERY, RX_REJ,       act_rx_s_recovery,    TIMER_RECOVERY,
	    ST(MF_EST) | ST(AWAIT_EST)),
	ALT(TIMER_RECOVERY, T200,         act_t200_recovery,    TIMER_RECOVERY, ST(AWAIT_EST)),
	ROW(TIMER_RECOVERY, PH_DEACT,     act_ph_deact,         TEI_ASSIGNED),
};

static const struct fsm_def lapd_fsm = {
	.name = "Q.921",
	.states = lapd_states,
	.events = lapd_events,
	.timers = lapd_timers,
	.rows = &lapd_rows[0][0],
	.nstates = LAPD_ST_LAST + 1,
	.nevents = LAPD_EV_COUNT,
	.ntimers = sizeof(lapd_timers) / sizeof(lapd_timers[0]),
};

const struct fsm_def *lapd_fsm_def(void)
{
	return &lapd_fsm;
}

const char *lapd_state_name(enum lapd_state s)
{
	return fsm_state_name(&lapd_fsm, (unsigned int)s);
}

const char *lapd_event_name(enum lapd_event e)
{
	return fsm_event_name(&lapd_fsm, (unsigned int)e);
}

#ifdef TEL_FSM_STRICT
/*
 * Test builds: after every move, T200 and T203 run only in states that
 * declare them (fsm_check_timers()): the timers running now, as the bits the
 * states declare them with.
 */
static uint32_t running_timers(const struct lapd *l)
{
	return (timer_armed(&l->t200) ? TM(T200) : 0) | (l->t203_on ? TM(T203) : 0);
}
#endif

int lapd_fsm_dispatch(struct lapd *l, enum lapd_event ev, const struct lapd_frame *f)
{
#ifdef TEL_FSM_STRICT
	int rc = fsm_dispatch(&lapd_fsm, &l->state, ev, l, f);

	fsm_check_timers(&lapd_fsm, l->state, ev, running_timers(l));
	return rc;
#else
	return fsm_dispatch(&lapd_fsm, &l->state, ev, l, f);
#endif
}

bool lapd_fsm_lookup(enum lapd_state s, enum lapd_event e, const char **action,
		     enum lapd_state *next)
{
	const struct fsm_row *r;

	if (s < LAPD_ST_FIRST || s > LAPD_ST_LAST || (unsigned int)e >= LAPD_EV_COUNT)
		return false;
	r = fsm_row(&lapd_fsm, (unsigned int)s, (unsigned int)e);
	if (!r->act)
		return false;
	if (action)
		*action = r->name;
	if (next)
		*next = (enum lapd_state)r->next;
	return true;
}
