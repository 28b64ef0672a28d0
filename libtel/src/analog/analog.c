// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Analog port state machines (FXO: a CO line; FXS: a phone), one table per
 * port kind: [state][event] -> { action, name, next state }.
 */
#include <stddef.h>
#include <string.h>

#include "analog/analog.h"
#include "libtel/tel.h"

/* Q.850 causes the port produces */
#define CAUSE_NORMAL		16
#define CAUSE_REJECTED		21
#define CAUSE_OUT_OF_ORDER	27
/* where the far end's clearing comes from: the CO (public network, local user) or the phone */
#define LOC_CO			2

typedef int (*analog_act)(struct analog_port *p, const struct analog_req *req);

struct analog_row {
	analog_act act;		/* NULL: no row (event not valid in the state) */
	const char *name;
	enum analog_state next;
};

static const char *const state_names[AN_STATE_COUNT] = {
	[AN_IDLE] = "IDLE",
	[AN_OFFERING] = "OFFERING",
	[AN_DIALING] = "DIALING",
	[AN_RINGING] = "RINGING",
	[AN_CONNECTED] = "CONNECTED",
	[AN_DISCONNECTED] = "DISCONNECTED",
	[AN_IGNORING] = "IGNORING",
	[AN_LOCKOUT] = "LOCKOUT",
};

static const char *const event_names[AN_EVENT_COUNT] = {
	[AN_EV_RING] = "RING",
	[AN_EV_RING_TIMEOUT] = "RING_TIMEOUT",
	[AN_EV_OFFHOOK] = "OFFHOOK",
	[AN_EV_ONHOOK] = "ONHOOK",
	[AN_EV_ALARM] = "ALARM",
	[AN_EV_DIALCOMPLETE] = "DIALCOMPLETE",
	[AN_EV_MAKE_REQ] = "MAKE_REQ",
	[AN_EV_ANSWER_REQ] = "ANSWER_REQ",
	[AN_EV_DROP_REQ] = "DROP_REQ",
};

const char *analog_state_name(enum analog_state s)
{
	return (unsigned)s < AN_STATE_COUNT ? state_names[s] : "?";
}

const char *analog_event_name(enum analog_event e)
{
	return (unsigned)e < AN_EVENT_COUNT ? event_names[e] : "?";
}

/* ------------------------------------------------------------ helpers --- */

static void up(struct analog_port *p, enum analog_ind ind, int cause, int location, bool remote)
{
	struct analog_up *u;

	if (p->upcount == ANALOG_UPQ_LEN) {
		p->ignored++;	/* cannot happen: at most three per call between polls */
		return;
	}
	u = &p->up[(p->uphead + p->upcount++) % ANALOG_UPQ_LEN];
	u->call = p->call;
	u->ind = (uint8_t)ind;
	u->cause = (uint8_t)cause;
	u->location = (uint8_t)location;
	u->remote = remote;
}

static int drop_cause(const struct analog_req *req, int def)
{
	return req && req->cause ? req->cause : def;
}

/* the call is over: IDLE goes up, the port forgets the call */
static void call_over(struct analog_port *p, int cause, int location, bool remote)
{
	up(p, ANALOG_IND_IDLE, cause, location, remote);
	p->call = NULL;
}

static void ring_timer_arm(struct analog_port *p)
{
	/* without memory for the timer heap, the ringing cycle never ends: say so by counting */
	if (timer_arm_in(p->timers, &p->ring_timer, p->ring_timeout_ms))
		p->ignored++;
}

static int far_loc(const struct analog_port *p)
{
	return p->kind == ANALOG_FXO ? LOC_CO : ANALOG_LOC_USER;
}

/* ------------------------------------------------------------ actions --- */

static int act_offer(struct analog_port *p, const struct analog_req *req)
{
	(void)req;
	p->call = p->ops->new_call(p->upper);
	if (!p->call)
		return TEL_ENOMEM;	/* stays idle; the next ring tries again */
	if (p->kind == ANALOG_FXO)
		ring_timer_arm(p);
	up(p, ANALOG_IND_OFFERING, 0, 0, false);
	return 0;
}

static int act_ring_again(struct analog_port *p, const struct analog_req *req)
{
	(void)req;
	ring_timer_arm(p);
	return 0;
}

static int act_answer_co(struct analog_port *p, const struct analog_req *req)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_OFF);

	(void)req;
	if (rc)
		return rc;
	timer_cancel(p->timers, &p->ring_timer);
	up(p, ANALOG_IND_CONNECTED, 0, 0, false);
	return 0;
}

/* FXO: reject by not answering; the ring timer ends the ignored cycle */
static int act_reject_co(struct analog_port *p, const struct analog_req *req)
{
	call_over(p, drop_cause(req, CAUSE_REJECTED), ANALOG_LOC_USER, false);
	return 0;
}

static int act_abandoned(struct analog_port *p, const struct analog_req *req)
{
	(void)req;
	up(p, ANALOG_IND_DISCONNECTED, CAUSE_NORMAL, LOC_CO, true);
	return 0;
}

static int act_cycle_over(struct analog_port *p, const struct analog_req *req)
{
	(void)p;
	(void)req;
	return 0;
}

static int act_far_hangup(struct analog_port *p, const struct analog_req *req)
{
	(void)req;
	timer_cancel(p->timers, &p->ring_timer);
	up(p, ANALOG_IND_DISCONNECTED, CAUSE_NORMAL, far_loc(p), true);
	return 0;
}

static int act_out_of_order(struct analog_port *p, const struct analog_req *req)
{
	(void)req;
	timer_cancel(p->timers, &p->ring_timer);
	up(p, ANALOG_IND_DISCONNECTED, CAUSE_OUT_OF_ORDER, far_loc(p), true);
	return 0;
}

/* go on hook; the call is over with the drop's cause */
static int act_hangup(struct analog_port *p, const struct analog_req *req)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_ON);

	if (rc)
		return rc;
	timer_cancel(p->timers, &p->ring_timer);
	call_over(p, drop_cause(req, CAUSE_NORMAL), ANALOG_LOC_USER, false);
	/* FXS: a phone still off hook must hang up before the port is free again */
	if (p->kind == ANALOG_FXS && p->phone_offhook)
		p->state = AN_LOCKOUT;
	return 0;
}

/* FXS: reject the phone's own call */
static int act_reject_phone(struct analog_port *p, const struct analog_req *req)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_ON);

	if (rc)
		return rc;
	call_over(p, drop_cause(req, CAUSE_REJECTED), ANALOG_LOC_USER, false);
	if (!p->phone_offhook)
		p->state = AN_IDLE;
	return 0;
}

static int act_seize(struct analog_port *p, const struct analog_req *req)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_OFF);

	if (rc)
		return rc;
	rc = p->ops->dial(p->io, req->digits);
	if (rc) {
		p->ops->hook(p->io, ANALOG_HOOK_ON);
		return rc;
	}
	p->call = req->call;
	return 0;
}

static int act_connected(struct analog_port *p, const struct analog_req *req)
{
	(void)req;
	up(p, ANALOG_IND_CONNECTED, 0, 0, false);
	return 0;
}

static int act_ring_phone(struct analog_port *p, const struct analog_req *req)
{
	int rc;

	if (p->phone_offhook)
		return TEL_EBUSY;	/* the phone is off hook: it cannot be rung */
	rc = p->ops->hook(p->io, ANALOG_HOOK_RING);
	if (rc)
		return rc;
	p->call = req->call;
	up(p, ANALOG_IND_ALERTING, 0, 0, false);
	return 0;
}

static int act_ring_off(struct analog_port *p, const struct analog_req *req)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_RINGOFF);

	if (rc)
		return rc;
	call_over(p, drop_cause(req, CAUSE_NORMAL), ANALOG_LOC_USER, false);
	return 0;
}

static int act_nothing(struct analog_port *p, const struct analog_req *req)
{
	(void)p;
	(void)req;
	return 0;
}

/* -------------------------------------------------------------- tables --- */

#define ROW(a, n) { act_##a, #a, n }

static const struct analog_row fxo_rows[AN_STATE_COUNT][AN_EVENT_COUNT] = {
	[AN_IDLE] = {
		[AN_EV_RING] = ROW(offer, AN_OFFERING),
		[AN_EV_MAKE_REQ] = ROW(seize, AN_DIALING),
		[AN_EV_ONHOOK] = ROW(nothing, AN_IDLE),
	},
	[AN_OFFERING] = {
		[AN_EV_RING] = ROW(ring_again, AN_OFFERING),
		[AN_EV_RING_TIMEOUT] = ROW(abandoned, AN_DISCONNECTED),
		[AN_EV_ANSWER_REQ] = ROW(answer_co, AN_CONNECTED),
		[AN_EV_DROP_REQ] = ROW(reject_co, AN_IGNORING),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
	},
	[AN_DIALING] = {
		[AN_EV_DIALCOMPLETE] = ROW(connected, AN_CONNECTED),
		[AN_EV_ONHOOK] = ROW(far_hangup, AN_DISCONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROW(hangup, AN_IDLE),
	},
	[AN_CONNECTED] = {
		[AN_EV_ONHOOK] = ROW(far_hangup, AN_DISCONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROW(hangup, AN_IDLE),
	},
	[AN_DISCONNECTED] = {
		[AN_EV_DROP_REQ] = ROW(hangup, AN_IDLE),
	},
	[AN_IGNORING] = {
		[AN_EV_RING] = ROW(ring_again, AN_IGNORING),
		[AN_EV_RING_TIMEOUT] = ROW(cycle_over, AN_IDLE),
	},
};

static const struct analog_row fxs_rows[AN_STATE_COUNT][AN_EVENT_COUNT] = {
	[AN_IDLE] = {
		[AN_EV_OFFHOOK] = ROW(offer, AN_OFFERING),
		[AN_EV_ONHOOK] = ROW(nothing, AN_IDLE),
		[AN_EV_MAKE_REQ] = ROW(ring_phone, AN_RINGING),
	},
	[AN_OFFERING] = {
		[AN_EV_ANSWER_REQ] = ROW(connected, AN_CONNECTED),
		[AN_EV_ONHOOK] = ROW(far_hangup, AN_DISCONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROW(reject_phone, AN_LOCKOUT),
	},
	[AN_RINGING] = {
		[AN_EV_OFFHOOK] = ROW(connected, AN_CONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROW(ring_off, AN_IDLE),
	},
	[AN_CONNECTED] = {
		[AN_EV_ONHOOK] = ROW(far_hangup, AN_DISCONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROW(hangup, AN_IDLE),
	},
	[AN_DISCONNECTED] = {
		[AN_EV_DROP_REQ] = ROW(hangup, AN_IDLE),
	},
	[AN_LOCKOUT] = {
		[AN_EV_ONHOOK] = ROW(nothing, AN_IDLE),
	},
};

static const struct analog_row *row(enum analog_kind kind, enum analog_state s,
				    enum analog_event e)
{
	const struct analog_row *r;

	if ((unsigned)s >= AN_STATE_COUNT || (unsigned)e >= AN_EVENT_COUNT)
		return NULL;
	r = kind == ANALOG_FXS ? &fxs_rows[s][e] : &fxo_rows[s][e];
	return r->act ? r : NULL;
}

bool analog_fsm_lookup(enum analog_kind kind, enum analog_state s, enum analog_event e,
		       const char **action, enum analog_state *next)
{
	const struct analog_row *r = row(kind, s, e);

	if (!r)
		return false;
	if (action)
		*action = r->name;
	if (next)
		*next = r->next;
	return true;
}

bool analog_has_work(const struct analog_port *p)
{
	return p->upcount != 0;
}

int analog_event(struct analog_port *p, enum analog_event ev, const struct analog_req *req)
{
	const struct analog_row *r;
	enum analog_state old = p->state;
	int rc;

	if (p->kind == ANALOG_FXS && ev == AN_EV_OFFHOOK)
		p->phone_offhook = true;
	else if (p->kind == ANALOG_FXS && ev == AN_EV_ONHOOK)
		p->phone_offhook = false;
	r = row(p->kind, p->state, ev);
	if (!r) {
		p->ignored++;
		return TEL_ESTATE;
	}
	p->state = r->next;	/* the action may choose another state */
	rc = r->act(p, req);
	if (rc) {
		p->state = old;
		return rc;
	}
	p->last_action = r->name;
	return 0;
}

int analog_poll(struct analog_port *p)
{
	int n = 0;

	while (p->upcount) {
		struct analog_up u = p->up[p->uphead];

		p->uphead = (uint8_t)((p->uphead + 1) % ANALOG_UPQ_LEN);
		p->upcount--;
		p->ops->ind(p->upper, u.call, (enum analog_ind)u.ind, u.cause, u.location,
			    u.remote);
		n++;
	}
	return n;
}

static void ring_timeout(struct tel_timer *t, void *arg)
{
	(void)t;
	analog_event(arg, AN_EV_RING_TIMEOUT, NULL);
}

void analog_init(struct analog_port *p, enum analog_kind kind, const struct analog_ops *ops,
		 void *io, void *upper, struct tel_timers *timers)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->state = AN_IDLE;
	p->ops = ops;
	p->io = io;
	p->upper = upper;
	p->timers = timers;
	p->ring_timeout_ms = ANALOG_RING_TIMEOUT_MS;
	p->last_action = "";
	timer_init(&p->ring_timer, 0, ring_timeout, p);
}

void analog_fini(struct analog_port *p)
{
	timer_cancel(p->timers, &p->ring_timer);
	p->upcount = 0;
}
