// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Q.931 call control, RESTART (5.5) on the global call reference: RESTART of
 * a channel or the interface (the application's, and our own for a channel
 * gone out of service), T316, RESTART ACKNOWLEDGE, a RESTART from the far
 * end, and the B-channels' service states they move (CHAN_STATE_IND); every
 * message received on the global call reference comes here (cc_rx_global()).
 */
#include "libtel/tel.h"
#include "q931/cc_int.h"

static uint32_t restart_mask(const struct q931_cc *cc, const struct q931_msg *m)
{
	const struct q931_chanid *ch = &m->chan;
	uint32_t mask = 0;
	unsigned int i;

	if (m->restart_class != 0)
		return cc->chan_valid;
	if (!Q931_HAS(m, Q931_I_CHANNEL_ID) || !ch->has_chans)
		return 0;
	if (ch->map)
		mask = ch->slotmap << 1;
	for (i = 0; !ch->map && i < ch->nchans; i++)
		if (ch->chans[i] < 32)
			mask |= 1u << ch->chans[i];
	return mask & cc->chan_valid;
}

static void restart_ind(struct q931_cc *cc, uint32_t mask, bool all, const struct cc_cause *k)
{
	struct cc_ind *ind;

	if (all) {
		ind = cc_ind_new(cc, CC_RESTART_IND, NULL);
		if (ind && k)
			ind->cause = *k;
		return;
	}
	while (mask) {
		unsigned int ch = (unsigned int)__builtin_ctz(mask);

		mask &= mask - 1;
		ind = cc_ind_new(cc, CC_RESTART_IND, NULL);
		if (!ind)
			return;
		ind->chan = (int)ch;
		if (k)
			ind->cause = *k;
	}
}

/* Calls on @mask (all calls when @mask is every channel) are released, cause 41. */
void cc_restart_local(struct q931_cc *cc, uint32_t mask, enum cc_cause_origin o)
{
	bool all = mask == cc->chan_valid;
	unsigned int i;

	for (i = 0; i < cc->ncalls; i++) {
		struct q931_call *c = cc->calls[i];

		if (!c->in_use || c->released)
			continue;
		if (all || (c->chan && (mask & (1u << c->chan)))) {
			cc_set_cause(c, 41, o, -1);
			cc_release_now(c);
		}
	}
}

static int send_restart(struct q931_cc *cc)
{
	struct q931_msg m;

	q931_msg_init_hdr(&m, Q931_RESTART, 0, false);
	m.present |= Q931_BIT(Q931_I_RESTART_IND);
	m.restart_class = cc->restart_chan ? 0 : 6;
	if (cc->restart_chan)
		cc_msg_chan(cc, &m, cc->restart_chan, true);
	return cc_send(cc, &m);
}

/* A channel's service state in bitmaps: RESTARTING over MAINT over in service (-1). */
static int svc_state(uint32_t oos, uint32_t restart, uint32_t bit)
{
	return restart & bit ? CC_CH_RESTARTING : oos & bit ? CC_CH_MAINT : -1;
}

void cc_chan_svc_changed(struct q931_cc *cc, uint32_t oos, uint32_t restart)
{
	uint32_t changed = ((oos ^ cc->chan_oos) | (restart ^ cc->restart_mask)) & cc->chan_valid;

	while (changed) {
		unsigned int ch = (unsigned int)__builtin_ctz(changed);
		uint32_t bit = 1u << ch;
		struct cc_ind *ind;

		changed &= changed - 1;
		if (svc_state(oos, restart, bit) == svc_state(cc->chan_oos, cc->restart_mask, bit))
			continue;
		ind = cc_ind_new(cc, CC_CHAN_STATE_IND, NULL);
		if (!ind)
			return;
		ind->chan = (int)ch;
		ind->chan_state = (uint8_t)q931_cc_chan_state(cc, (int)ch);
	}
}

static void t316_start(struct q931_cc *cc)
{
	if (timer_arm_in(cc->cfg.timers, &cc->t316, cc->tms[Q931_T316]) < 0)
		cc->cnt.tx_errors++;
}

/* RESTART of @chan (0: the interface): calls on it released (cause 41), T316 armed. */
static int restart_start(struct q931_cc *cc, int chan, enum cc_cause_origin o)
{
	uint32_t mask = chan ? 1u << chan : cc->chan_valid;
	uint32_t oos = cc->chan_oos, rst = cc->restart_mask;
	int rc;

	cc->restart_chan = (uint8_t)chan;
	rc = send_restart(cc);
	if (rc < 0)
		return rc;
	cc->restart_mask = mask;
	cc->t316_n = 0;
	cc->restart_hold = false;
	cc_restart_local(cc, mask, o);
	cc_chan_svc_changed(cc, oos, rst);
	t316_start(cc);
	return 0;
}

void cc_restart_kick(struct q931_cc *cc)
{
	uint32_t want = cc->chan_oos & ~cc->restart_mask & cc->chan_valid;

	if (!want || cc->restart_mask || cc->restart_hold || !cc->link_up ||
	    cc->cfg.manual_restart)
		return;
	if (restart_start(cc, __builtin_ctz(want), CC_CAUSE_PROTOCOL) < 0) {
		/* not sent (send queue full): tried again after T316 */
		cc->cnt.tx_errors++;
		cc->restart_hold = true;
		t316_start(cc);
	}
}

int q931_restart_req(struct q931_cc *cc, int chan)
{
	if (!cc || chan < 0 || chan > 31)
		return TEL_EINVAL;
	if (chan && !(cc->chan_valid & (1u << chan)))
		return TEL_EINVAL;
	if (!cc->link_up)
		return TEL_ELINK;
	if (cc->restart_mask)
		return TEL_EBUSY;
	return restart_start(cc, chan, CC_CAUSE_LOCAL);
}

/*
 * T316: RESTART sent again once; then the failure is reported and the
 * channels stay out of service (MAINT). T316 runs once more before
 * channels out of service are tried again (cc_restart_kick()).
 */
void cc_t316_fired(struct tel_timer *t, void *arg)
{
	struct q931_cc *cc = arg;
	struct cc_cause k = { .value = 102, .origin = CC_CAUSE_TIMER, .timer = Q931_T316 };
	uint32_t oos = cc->chan_oos, rst = cc->restart_mask;

	(void)t;
	if (!cc->restart_mask) {	/* the wait after a failure is over */
		cc->restart_hold = false;
		cc_restart_kick(cc);
		cc_flush(cc);
		return;
	}
	if (++cc->t316_n < 2) {
		if (cc->link_up && send_restart(cc) < 0)
			cc->cnt.tx_errors++;
		t316_start(cc);
		return;
	}
	k.location = cc->loc;
	restart_ind(cc, cc->restart_mask, cc->restart_chan == 0, &k);
	cc->chan_oos |= cc->restart_mask;
	cc->restart_mask = 0;
	cc->restart_hold = true;
	cc_chan_svc_changed(cc, oos, rst);
	t316_start(cc);
	cc_flush(cc);
}

static void rx_restart(struct q931_cc *cc, const struct q931_msg *rx)
{
	uint32_t mask, oos = cc->chan_oos, rst = cc->restart_mask;
	struct q931_msg m;

	/* restart_class is defined only when the IE is present */
	if (!Q931_HAS(rx, Q931_I_RESTART_IND) || !(mask = restart_mask(cc, rx))) {
		cc->cnt.rx_ignored++;
		return;
	}
	cc_restart_local(cc, mask, CC_CAUSE_PROTOCOL);
	cc->chan_oos &= ~mask;
	cc_chan_svc_changed(cc, oos, rst);
	restart_ind(cc, mask, rx->restart_class != 0, NULL);
	q931_msg_init_hdr(&m, Q931_RESTART_ACK, 0, !rx->cref_flag);
	m.present |= Q931_BIT(Q931_I_RESTART_IND);
	m.restart_class = rx->restart_class;
	if (Q931_HAS(rx, Q931_I_CHANNEL_ID)) {
		m.chan = rx->chan;
		m.present |= Q931_BIT(Q931_I_CHANNEL_ID);
	}
	if (cc_send(cc, &m) < 0)
		cc->cnt.tx_errors++;
}

static void rx_restart_ack(struct q931_cc *cc, const struct q931_msg *m)
{
	uint32_t oos = cc->chan_oos, rst = cc->restart_mask;

	/* only the acknowledgement of the RESTART outstanding: its class and channel
	 * (a late one for a RESTART sent again would end the next one early) */
	if (!cc->restart_mask || !Q931_HAS(m, Q931_I_RESTART_IND) ||
	    (m->restart_class != 0) != (cc->restart_chan == 0) ||
	    (cc->restart_chan && !(restart_mask(cc, m) & (1u << cc->restart_chan)))) {
		cc->cnt.rx_ignored++;
		return;
	}
	timer_cancel(cc->cfg.timers, &cc->t316);
	cc->chan_oos &= ~cc->restart_mask;
	restart_ind(cc, cc->restart_mask, cc->restart_chan == 0, NULL);
	cc->restart_mask = 0;
	cc_chan_svc_changed(cc, oos, rst);
	cc_restart_kick(cc);	/* the next channel out of service, if any */
}

/* A message on the global call reference (cc_recv.c): RESTART, RESTART ACKNOWLEDGE. */
void cc_rx_global(struct q931_cc *cc, const struct q931_msg *m)
{
	if (m->type == Q931_RESTART)
		rx_restart(cc, m);
	else if (m->type == Q931_RESTART_ACK)
		rx_restart_ack(cc, m);
	else
		cc->cnt.rx_ignored++;
}
