// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Analog lines: the channel's hook events (io/dahdi_analog.c) into the
 * analog port's state machine (analog/analog.c), its requests out through
 * the transport's hook and dial, and its call indications into the
 * session's calls, the same states and causes a Q.931 call goes through.
 * One call at a time per port; no UUI.
 */
#include <stdlib.h>
#include <string.h>

#include "session/call.h"
#include "session/conf.h"
#include "session/ctx.h"
#include "session/line.h"

/* ------------------------------------------------ port -> channel, up --- */

static int an_hook(void *io, enum analog_hook h)
{
	static const enum io_hook hook[] = {
		[ANALOG_HOOK_ON] = IO_HOOK_ON,
		[ANALOG_HOOK_OFF] = IO_HOOK_OFF,
		[ANALOG_HOOK_RING] = IO_HOOK_RING,
		[ANALOG_HOOK_RINGOFF] = IO_HOOK_RINGOFF,
	};
	struct tel_line *l = io;
	int rc = l->iops->hook(l->io, hook[h]);

	/* a drop always finishes: the call ends here whatever the channel
	 * did; what went wrong stays in tel_ctx_last_error() */
	return h == ANALOG_HOOK_ON || h == ANALOG_HOOK_RINGOFF ? 0 : rc;
}

static int an_dial(void *io, const char *digits)
{
	struct tel_line *l = io;

	return l->iops->dial(l->io, digits);
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

/* One event of the channel, already in the words of the port's side of the loop. */
static void an_io_event(void *upper, enum io_event ev)
{
	struct tel_line *l = upper;

	switch (ev) {
	case IO_EV_RING:
		analog_event(l->an, AN_EV_RING, NULL);
		break;
	case IO_EV_OFFHOOK:
		analog_event(l->an, AN_EV_OFFHOOK, NULL);
		break;
	case IO_EV_ONHOOK:
		analog_event(l->an, AN_EV_ONHOOK, NULL);
		break;
	case IO_EV_DIALCOMPLETE:
		analog_event(l->an, AN_EV_DIALCOMPLETE, NULL);
		break;
	case IO_EV_ALARM:
	case IO_EV_REMOVED:
		/* battery lost / port in alarm / channel gone: the call is gone, the line is down */
		analog_event(l->an, AN_EV_ALARM, NULL);
		line_state(l, false);
		break;
	case IO_EV_NOALARM:
		line_state(l, true);
		break;
	}
}

static void an_rx(void *upper, const uint8_t *frame, size_t len)
{
	(void)upper;
	(void)frame;
	(void)len;	/* an analog channel has no frames */
}

static const struct io_upper an_upper = {
	.rx = an_rx,
	.closed = line_io_closed,
	.event = an_io_event,
};

int analog_line_pump(struct tel_line *l)
{
	return analog_has_work(l->an) ? analog_poll(l->an) : 0;
}

/* ------------------------------------------------ session -> the port --- */

static int an_make(struct tel_call *c, const struct tel_call_params *p, size_t tolen,
		   size_t fromlen, size_t namelen)
{
	struct analog_port *an = c->line->an;
	struct analog_req req = { .call = c, .digits = p->to };
	int rc;

	(void)tolen;
	(void)fromlen;
	(void)namelen;
	if (analog_state(an) != AN_IDLE)
		return TEL_EBUSY;	/* one call per port */
	rc = analog_event(an, AN_EV_MAKE_REQ, &req);
	return rc == TEL_ESTATE ? TEL_EBUSY : rc;
}

static int an_answer(struct tel_call *c, const void *uui, size_t uui_len, int uui_pd)
{
	struct analog_port *an = c->line->an;

	(void)uui;
	(void)uui_len;
	(void)uui_pd;
	if (an->call != c)
		return TEL_ESTATE;
	return analog_event(an, AN_EV_ANSWER_REQ, NULL);
}

static int an_drop(struct tel_call *c, int cause, const struct tel_drop_params *p)
{
	struct analog_port *an = c->line->an;
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

int analog_line_new(struct tel_ctx *ctx, const struct tel_line_cfg *cfg, struct io *io,
		    enum analog_kind kind, bool alarm, struct tel_line **out)
{
	struct tel_line *l = line_alloc(ctx, cfg, io);

	if (!l)
		return TEL_ENOMEM;
	l->an = malloc(sizeof(*l->an));
	/* the port's ring timer, armed from the run loop, needs no memory there */
	if (!l->an || timers_reserve(&ctx->timers, 1)) {
		free(l->an);
		free(l);
		return TEL_ENOMEM;
	}
	l->lapd = lapd_none();	/* no data link: the run loop's walks need no test */
	analog_init(l->an, kind, &an_ops, l, l, &ctx->timers);
	l->cops = &session_analog_call_ops;
	l->up = !alarm;
	io->up = &an_upper;
	io->upper = l;
	line_link(l);
	*out = l;
	return 0;
}
