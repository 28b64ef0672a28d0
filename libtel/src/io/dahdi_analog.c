// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * An analog channel on DAHDI (FXS or FXO signalling): no frames; its hook
 * events read with DAHDI_GETEVENT and told upwards as io_events in the words
 * of the port's side of the loop, and the port's requests out as DAHDI_HOOK
 * and DAHDI_DIAL.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <dahdi/user.h>

#include "io/dahdi.h"
#include "libtel/tel.h"

#define AN_EVENTS_MAX	64	/* events handled per wake-up; the rest on the next */

static int an_tx(void *io, const uint8_t *frame, size_t len)
{
	(void)io;
	(void)frame;
	(void)len;
	return TEL_ENOTSUP;	/* an analog channel carries no frames */
}

/* One DAHDI event: what it means depends on the port's side of the loop. */
static void an_event(struct dahdi_io *d, int ev)
{
	bool fxo = d->kind == DAHDI_KIND_FXO;

	switch (ev) {
	case DAHDI_EVENT_RINGOFFHOOK:
		/* FXS signalling (our FXO port): ringing detected; FXO signalling
		 * (our FXS port): the phone went off hook */
		io_event_up(&d->io, fxo ? IO_EV_RING : IO_EV_OFFHOOK);
		break;
	case DAHDI_EVENT_RINGBEGIN:
		if (fxo)
			io_event_up(&d->io, IO_EV_RING);
		break;
	case DAHDI_EVENT_ONHOOK:
		/* FXO port: loop current gone, the far end hung up (disconnect
		 * supervision); FXS port: the phone hung up */
		io_event_up(&d->io, IO_EV_ONHOOK);
		break;
	case DAHDI_EVENT_DIALCOMPLETE:
		io_event_up(&d->io, IO_EV_DIALCOMPLETE);
		break;
	default:
		/* ALARM, NOALARM, REMOVED; RINGERON/OFF (our ringer's cadence),
		 * WINKFLASH, POLARITY: not used yet */
		dahdi_io_chan_event(d, ev);
		break;
	}
}

static void an_ready(struct io *io, short revents)
{
	struct dahdi_io *d = (struct dahdi_io *)io;

	(void)revents;
	for (int i = 0; i < AN_EVENTS_MAX && !io->dead; i++) {
		int ev = DAHDI_EVENT_NONE;

		if (d->ops.ioctl(d->ops.user, io->fd, DAHDI_GETEVENT, &ev) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				return;
			/* the channel is gone (ENODEV): stop polling it, end the call */
			ev = DAHDI_EVENT_REMOVED;
			dahdi_io_errno(d, "DAHDI_GETEVENT", errno);
		}
		if (ev == DAHDI_EVENT_NONE)
			return;
		an_event(d, ev);
	}
}

static int an_hook(struct io *io, enum io_hook h)
{
	static const int hook[] = {
		[IO_HOOK_ON] = DAHDI_ONHOOK,
		[IO_HOOK_OFF] = DAHDI_OFFHOOK,
		[IO_HOOK_RING] = DAHDI_RING,
		[IO_HOOK_RINGOFF] = DAHDI_RINGOFF,
	};
	struct dahdi_io *d = (struct dahdi_io *)io;
	int x = hook[h];

	if (io->dead)
		return TEL_EIO;
	/* on a non-blocking fd DAHDI starts a ring and says EINPROGRESS: that is success */
	if (d->ops.ioctl(d->ops.user, io->fd, DAHDI_HOOK, &x) < 0 && errno != EINPROGRESS)
		return dahdi_io_errno(d, "DAHDI_HOOK", errno);
	return 0;
}

static int an_dial(struct io *io, const char *digits)
{
	struct dahdi_io *d = (struct dahdi_io *)io;
	struct dahdi_dialoperation op;

	memset(&op, 0, sizeof(op));
	op.op = DAHDI_DIAL_OP_REPLACE;
	/* T: DTMF; w: a pause for the dial tone */
	snprintf(op.dialstr, sizeof(op.dialstr), "Tw%s", digits);
	if (d->ops.ioctl(d->ops.user, io->fd, DAHDI_DIAL, &op) < 0)
		return dahdi_io_errno(d, "DAHDI_DIAL", errno);
	return 0;
}

const struct io_ops dahdi_analog_io_ops = {
	.name = "dahdi-analog",
	.tx = an_tx,
	.ready = an_ready,
	.close = dahdi_io_close,
	.hook = an_hook,
	.dial = an_dial,
	.conf_join = dahdi_io_conf_join,
	.conf_leave = dahdi_io_conf_leave,
};
