// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Analog lines: DAHDI hook events into the analog port's state machine
 * (analog/analog.c), its requests out as DAHDI_HOOK / DAHDI_DIAL, and its
 * call indications into the session's calls, the same states and causes a
 * Q.931 call goes through. One call at a time per port; no UUI.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <dahdi/user.h>

#include "session/session.h"

#define AN_EVENTS_MAX	64	/* events handled per wake-up; the rest on the next */

static int dioctl(struct tel_line *l, unsigned long req, void *arg)
{
	return l->dahdi->ops.ioctl(l->dahdi->ops.user, l->fd, req, arg);
}

/* ------------------------------------------------ port -> channel, up --- */

static int an_hook(void *io, enum analog_hook h)
{
	static const int hook[] = {
		[ANALOG_HOOK_ON] = DAHDI_ONHOOK,
		[ANALOG_HOOK_OFF] = DAHDI_OFFHOOK,
		[ANALOG_HOOK_RING] = DAHDI_RING,
		[ANALOG_HOOK_RINGOFF] = DAHDI_RINGOFF,
	};
	struct tel_line *l = io;
	int x = hook[h];

	if (l->fd_dead)
		return h == ANALOG_HOOK_ON || h == ANALOG_HOOK_RINGOFF ? 0 : TEL_EIO;
	if (dioctl(l, DAHDI_HOOK, &x) < 0) {
		int rc = dahdi_errno(l, "DAHDI_HOOK", errno);

		/* a drop always finishes: the call ends here whatever the channel
		 * did; what went wrong stays in tel_ctx_last_error() */
		return h == ANALOG_HOOK_ON || h == ANALOG_HOOK_RINGOFF ? 0 : rc;
	}
	return 0;
}

static int an_dial(void *io, const char *digits)
{
	struct tel_line *l = io;
	struct dahdi_dialoperation op;

	memset(&op, 0, sizeof(op));
	op.op = DAHDI_DIAL_OP_REPLACE;
	/* T: DTMF; w: a pause for the dial tone */
	snprintf(op.dialstr, sizeof(op.dialstr), "Tw%s", digits);
	if (dioctl(l, DAHDI_DIAL, &op) < 0)
		return dahdi_errno(l, "DAHDI_DIAL", errno);
	return 0;
}

static void *an_new_call(void *upper)
{
	return session_call_new(upper);
}

static void an_ind(void *upper, void *call, enum analog_ind ind, int cause, int location,
		   bool remote)
{
	static const enum cc_prim prim[] = {
		[ANALOG_IND_OFFERING] = CC_SETUP_IND,
		[ANALOG_IND_ALERTING] = CC_ALERTING_IND,
		[ANALOG_IND_CONNECTED] = CC_SETUP_CONF,
		[ANALOG_IND_DISCONNECTED] = CC_DISCONNECT_IND,
		[ANALOG_IND_IDLE] = CC_RELEASE_IND,
	};
	struct tel_line *l = upper;
	struct cc_ind ci;

	if (!call)
		return;
	memset(&ci, 0, sizeof(ci));
	ci.prim = prim[ind];
	ci.call_user = call;
	ci.progress = -1;	/* no progress indicator */
	ci.cause.value = (uint8_t)cause;
	ci.cause.location = (uint8_t)location;
	ci.cause.origin = remote ? CC_CAUSE_REMOTE : CC_CAUSE_LOCAL;
	if (ind == ANALOG_IND_DISCONNECTED || ind == ANALOG_IND_IDLE)
		dahdi_conf_leave(l);	/* nobody to talk to any more */
	session_call_ind(call, &ci);
}

static const struct analog_ops an_ops = {
	.hook = an_hook,
	.dial = an_dial,
	.new_call = an_new_call,
	.ind = an_ind,
};

/* ------------------------------------------------------ channel events --- */

static void line_state(struct tel_line *l, bool up)
{
	struct tel_event ev = { .type = TEL_EV_LINE_STATE, .line = l, .up = up };

	if (l->up == up)
		return;
	l->up = up;
	ctx_event(l->ctx, &ev);
}

/* One DAHDI event: what it means depends on the port's side of the loop. */
static void an_dahdi_event(struct tel_line *l, int ev)
{
	struct dahdi_line *dl = l->dahdi;
	bool fxo = dl->an.kind == ANALOG_FXO;

	switch (ev) {
	case DAHDI_EVENT_RINGOFFHOOK:
		/* FXS signalling (our FXO port): ringing detected; FXO signalling
		 * (our FXS port): the phone went off hook */
		analog_event(&dl->an, fxo ? AN_EV_RING : AN_EV_OFFHOOK, NULL);
		break;
	case DAHDI_EVENT_RINGBEGIN:
		if (fxo)
			analog_event(&dl->an, AN_EV_RING, NULL);
		break;
	case DAHDI_EVENT_ONHOOK:
		/* FXO port: loop current gone, the far end hung up (disconnect
		 * supervision); FXS port: the phone hung up */
		analog_event(&dl->an, AN_EV_ONHOOK, NULL);
		break;
	case DAHDI_EVENT_DIALCOMPLETE:
		analog_event(&dl->an, AN_EV_DIALCOMPLETE, NULL);
		break;
	case DAHDI_EVENT_ALARM:
		/* battery lost / port in alarm: the call is gone, the line is down */
		dl->alarm = true;
		dl->alarms++;
		analog_event(&dl->an, AN_EV_ALARM, NULL);
		line_state(l, false);
		break;
	case DAHDI_EVENT_NOALARM:
		dl->alarm = false;
		line_state(l, true);
		break;
	case DAHDI_EVENT_REMOVED:
		if (!l->ctx->errmsg[0])
			dahdi_errno(l, "channel removed", ENODEV);
		l->fd_dead = true;
		l->ctx->pfd_dirty = true;
		analog_event(&dl->an, AN_EV_ALARM, NULL);
		line_state(l, false);
		break;
	default:
		/* RINGERON/OFF (our ringer's cadence), WINKFLASH, POLARITY: not used yet */
		break;
	}
}

void analog_line_ready(struct tel_line *l, short revents)
{
	(void)revents;
	for (int i = 0; i < AN_EVENTS_MAX && !l->fd_dead; i++) {
		int ev = DAHDI_EVENT_NONE;

		if (dioctl(l, DAHDI_GETEVENT, &ev) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				return;
			/* the channel is gone (ENODEV): stop polling it, end the call */
			ev = DAHDI_EVENT_REMOVED;
			dahdi_errno(l, "DAHDI_GETEVENT", errno);
		}
		if (ev == DAHDI_EVENT_NONE)
			return;
		an_dahdi_event(l, ev);
	}
}

int analog_line_pump(struct tel_line *l)
{
	return l->dahdi->an.upcount ? analog_poll(&l->dahdi->an) : 0;
}

/* ------------------------------------------------ session -> the port --- */

static int an_make(struct tel_call *c, const struct tel_call_params *p, size_t tolen,
		   size_t fromlen, size_t namelen)
{
	struct analog_port *an = &c->line->dahdi->an;
	struct analog_req req = { .call = c, .digits = p->to };
	int rc;

	(void)tolen;
	(void)fromlen;
	(void)namelen;
	if (an->state != AN_IDLE)
		return TEL_EBUSY;	/* one call per port */
	rc = analog_event(an, AN_EV_MAKE_REQ, &req);
	return rc == TEL_ESTATE ? TEL_EBUSY : rc;
}

static int an_answer(struct tel_call *c, const void *uui, size_t uui_len, int uui_pd)
{
	struct analog_port *an = &c->line->dahdi->an;

	(void)uui;
	(void)uui_len;
	(void)uui_pd;
	if (an->call != c)
		return TEL_ESTATE;
	return analog_event(an, AN_EV_ANSWER_REQ, NULL);
}

static int an_drop(struct tel_call *c, int cause, const struct tel_drop_params *p)
{
	struct analog_port *an = &c->line->dahdi->an;
	struct analog_req req = { .cause = cause, .call = c };

	(void)p;
	if (an->call != c)
		return TEL_ESTATE;
	dahdi_conf_leave(c->line);
	return analog_event(an, AN_EV_DROP_REQ, &req);
}

const struct line_call_ops session_analog_call_ops = {
	.make = an_make,
	.answer = an_answer,
	.drop = an_drop,
};

void analog_line_init(struct tel_line *l, enum analog_kind kind)
{
	analog_init(&l->dahdi->an, kind, &an_ops, l, l, &l->ctx->timers);
	l->cops = &session_analog_call_ops;
	l->up = !l->dahdi->alarm;
}
