// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Analog port state machines (FXO: a CO line; FXS: a phone), one table per
 * port kind on core/fsm.h: [state][event] -> { action, next state, the other
 * states the action may choose }, with each state's allowed moves and the
 * ring timer declared where it may run.
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

/* An action of the tables: typed for its body, untyped for the table. */
#define ACTION(name) \
	static int act_##name##_(struct analog_port *p, const struct analog_req *req); \
	static int act_##name(void *obj, const void *arg) { return act_##name##_(obj, arg); } \
	static int act_##name##_(struct analog_port *p, const struct analog_req *req)

enum { T_RING, T_COUNT };	/* the port's timer, by the bit the states declare it with */

static const char *const timer_names[T_COUNT] = { [T_RING] = "RING-TIMEOUT" };

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

ACTION(offer)
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

ACTION(ring_again)
{
	(void)req;
	ring_timer_arm(p);
	return 0;
}

ACTION(answer_co)
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
ACTION(reject_co)
{
	call_over(p, drop_cause(req, CAUSE_REJECTED), ANALOG_LOC_USER, false);
	return 0;
}

ACTION(abandoned)
{
	(void)req;
	up(p, ANALOG_IND_DISCONNECTED, CAUSE_NORMAL, LOC_CO, true);
	return 0;
}

ACTION(cycle_over)
{
	(void)p;
	(void)req;
	return 0;
}

ACTION(far_hangup)
{
	(void)req;
	timer_cancel(p->timers, &p->ring_timer);
	up(p, ANALOG_IND_DISCONNECTED, CAUSE_NORMAL, far_loc(p), true);
	return 0;
}

ACTION(out_of_order)
{
	(void)req;
	timer_cancel(p->timers, &p->ring_timer);
	up(p, ANALOG_IND_DISCONNECTED, CAUSE_OUT_OF_ORDER, far_loc(p), true);
	return 0;
}

/* go on hook; the call is over with the drop's cause */
ACTION(hangup)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_ON);

	if (rc)
		return rc;
	timer_cancel(p->timers, &p->ring_timer);
	call_over(p, drop_cause(req, CAUSE_NORMAL), ANALOG_LOC_USER, false);
	/* FXS: a phone still off hook must hang up before the port is free again */
	if (p->kind == ANALOG_FXS && p->phone_offhook)
		return FSM_TO(AN_LOCKOUT);
	return FSM_NEXT;
}

/* FXS: reject the phone's own call */
ACTION(reject_phone)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_ON);

	if (rc)
		return rc;
	call_over(p, drop_cause(req, CAUSE_REJECTED), ANALOG_LOC_USER, false);
	return p->phone_offhook ? FSM_NEXT : FSM_TO(AN_IDLE);
}

ACTION(seize)
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

ACTION(connected)
{
	(void)req;
	up(p, ANALOG_IND_CONNECTED, 0, 0, false);
	return 0;
}

ACTION(ring_phone)
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

ACTION(ring_off)
{
	int rc = p->ops->hook(p->io, ANALOG_HOOK_RINGOFF);

	if (rc)
		return rc;
	call_over(p, drop_cause(req, CAUSE_NORMAL), ANALOG_LOC_USER, false);
	return 0;
}

ACTION(nothing)
{
	(void)p;
	(void)req;
	return 0;
}

/* -------------------------------------------------------------- tables --- */

#define ROW(a, n)		{ act_##a, #a, 0, n }
#define ROWA(a, n, alt)		{ act_##a, #a, alt, n }
#define B(s)			FSM_BIT(s)

static const struct fsm_row fxo_rows[AN_STATE_COUNT][AN_EVENT_COUNT] = {
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

/* FXS: a drop while the phone is still off hook leaves the port in LOCKOUT. */
static const struct fsm_row fxs_rows[AN_STATE_COUNT][AN_EVENT_COUNT] = {
	[AN_IDLE] = {
		[AN_EV_OFFHOOK] = ROW(offer, AN_OFFERING),
		[AN_EV_ONHOOK] = ROW(nothing, AN_IDLE),
		[AN_EV_MAKE_REQ] = ROW(ring_phone, AN_RINGING),
	},
	[AN_OFFERING] = {
		[AN_EV_ANSWER_REQ] = ROW(connected, AN_CONNECTED),
		[AN_EV_ONHOOK] = ROW(far_hangup, AN_DISCONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROWA(reject_phone, AN_LOCKOUT, B(AN_IDLE)),
	},
	[AN_RINGING] = {
		[AN_EV_OFFHOOK] = ROW(connected, AN_CONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROWA(ring_off, AN_IDLE, 0),
	},
	[AN_CONNECTED] = {
		[AN_EV_ONHOOK] = ROW(far_hangup, AN_DISCONNECTED),
		[AN_EV_ALARM] = ROW(out_of_order, AN_DISCONNECTED),
		[AN_EV_DROP_REQ] = ROWA(hangup, AN_IDLE, B(AN_LOCKOUT)),
	},
	[AN_DISCONNECTED] = {
		[AN_EV_DROP_REQ] = ROWA(hangup, AN_IDLE, B(AN_LOCKOUT)),
	},
	[AN_LOCKOUT] = {
		[AN_EV_ONHOOK] = ROW(nothing, AN_IDLE),
	},
};

#define T(t)	FSM_BIT(t)

static const struct fsm_state fxo_states[AN_STATE_COUNT] = {
	[AN_IDLE] = { "IDLE", B(AN_IDLE) | B(AN_OFFERING) | B(AN_DIALING), 0 },
	[AN_OFFERING] = { "OFFERING", B(AN_OFFERING) | B(AN_DISCONNECTED) | B(AN_CONNECTED) |
			  B(AN_IGNORING), T(T_RING) },
	[AN_DIALING] = { "DIALING", B(AN_CONNECTED) | B(AN_DISCONNECTED) | B(AN_IDLE), 0 },
	[AN_RINGING] = { "RINGING", 0, 0 },	/* FXS only */
	[AN_CONNECTED] = { "CONNECTED", B(AN_DISCONNECTED) | B(AN_IDLE), 0 },
	[AN_DISCONNECTED] = { "DISCONNECTED", B(AN_IDLE), 0 },
	[AN_IGNORING] = { "IGNORING", B(AN_IGNORING) | B(AN_IDLE), T(T_RING) },
	[AN_LOCKOUT] = { "LOCKOUT", 0, 0 },	/* FXS only */
};

static const struct fsm_state fxs_states[AN_STATE_COUNT] = {
	[AN_IDLE] = { "IDLE", B(AN_IDLE) | B(AN_OFFERING) | B(AN_RINGING), 0 },
	[AN_OFFERING] = { "OFFERING", B(AN_CONNECTED) | B(AN_DISCONNECTED) | B(AN_LOCKOUT) |
			  B(AN_IDLE), 0 },
	[AN_DIALING] = { "DIALING", 0, 0 },	/* FXO only */
	[AN_RINGING] = { "RINGING", B(AN_CONNECTED) | B(AN_DISCONNECTED) | B(AN_IDLE), 0 },
	[AN_CONNECTED] = { "CONNECTED", B(AN_DISCONNECTED) | B(AN_IDLE) | B(AN_LOCKOUT), 0 },
	[AN_DISCONNECTED] = { "DISCONNECTED", B(AN_IDLE) | B(AN_LOCKOUT), 0 },
	[AN_IGNORING] = { "IGNORING", 0, 0 },	/* FXO only */
	[AN_LOCKOUT] = { "LOCKOUT", B(AN_IDLE), 0 },
};

static const struct fsm_def fxo_def = {
	.name = "FXO port", .states = fxo_states, .events = event_names, .timers = timer_names,
	.rows = &fxo_rows[0][0], .nstates = AN_STATE_COUNT, .nevents = AN_EVENT_COUNT,
	.ntimers = T_COUNT,
};

static const struct fsm_def fxs_def = {
	.name = "FXS port", .states = fxs_states, .events = event_names, .timers = timer_names,
	.rows = &fxs_rows[0][0], .nstates = AN_STATE_COUNT, .nevents = AN_EVENT_COUNT,
	.ntimers = T_COUNT,
};

const struct fsm_def *analog_fsm_def(enum analog_kind kind)
{
	return kind == ANALOG_FXS ? &fxs_def : &fxo_def;
}

bool analog_has_work(const struct analog_port *p)
{
	return p->upcount != 0;
}

enum analog_state analog_state(const struct analog_port *p)
{
	return (enum analog_state)p->state;
}

const char *analog_state_name(enum analog_state s)
{
	return fsm_state_name(&fxo_def, (unsigned int)s);	/* the same names in both */
}

const char *analog_event_name(enum analog_event e)
{
	return fsm_event_name(&fxo_def, (unsigned int)e);
}

bool analog_fsm_lookup(enum analog_kind kind, enum analog_state s, enum analog_event e,
		       const char **action, enum analog_state *next)
{
	const struct fsm_def *d = analog_fsm_def(kind);
	const struct fsm_row *r;

	if ((unsigned)s >= AN_STATE_COUNT || (unsigned)e >= AN_EVENT_COUNT)
		return false;
	r = fsm_row(d, (unsigned int)s, (unsigned int)e);
	if (!r->act)
		return false;
	if (action)
		*action = r->name;
	if (next)
		*next = (enum analog_state)r->next;
	return true;
}

int analog_event(struct analog_port *p, enum analog_event ev, const struct analog_req *req)
{
	const struct fsm_def *d = analog_fsm_def(p->kind);
	const struct fsm_row *r;
	int rc;

	if (p->kind == ANALOG_FXS && ev == AN_EV_OFFHOOK)
		p->phone_offhook = true;
	else if (p->kind == ANALOG_FXS && ev == AN_EV_ONHOOK)
		p->phone_offhook = false;
	if ((unsigned)ev >= AN_EVENT_COUNT)
		return TEL_EINVAL;
	r = fsm_row(d, p->state, ev);
	if (!r->act) {
		p->ignored++;
		return TEL_ESTATE;
	}
	rc = fsm_dispatch(d, &p->state, ev, p, req);
	if (rc)
		return rc;
	p->last_action = r->name;
#ifdef TEL_FSM_STRICT
	fsm_check_timers(d, p->state, ev, timer_armed(&p->ring_timer) ? FSM_BIT(T_RING) : 0);
#endif
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
